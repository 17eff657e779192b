"""The documented examples evaluate as documented; the board's pure rules (colours, remaining time, filters)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from app.ops import timeutil as tu
from app.ops.boardview import Filters, chips, colour, duration_text, next_ticket_no, remaining_text, short_name
from app.ops.clocks import ClockResult, TicketResult
from app.ops.ticketformat import parse_tickets
from tests.ops.helpers import evaluate

DOC = Path(__file__).resolve().parents[2] / "docs" / "ops-tickets-format.md"


def _json_blocks() -> list[object]:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [json.loads(b) for b in blocks]


def test_the_documented_ticket_file_evaluates_to_the_documented_output() -> None:
    blocks = _json_blocks()
    tickets = next(b for b in blocks if isinstance(b, dict) and b.get("format") == "ops-tickets/1")
    output = next(b for b in blocks if isinstance(b, dict) and b.get("format") == "ops-sla/1")
    parse_tickets(tickets)
    assert evaluate(tickets, output["at"]) == output


def test_the_documented_policy_is_valid() -> None:
    policy = next(b for b in _json_blocks() if isinstance(b, dict) and "calendar" in b and "clocks" in b)
    parse_tickets({"format": "ops-tickets/1", "policy": policy, "tickets": []})


def _clock(
    status: str, elapsed: float, target: float = 240, stopped: bool = False, working: bool = False, paused: bool = False
) -> ClockResult:
    return ClockResult("restore", target, 0, elapsed, status, stopped, paused, True, working, (), elapsed / target)


def test_colours_green_yellow_orange_red() -> None:
    assert colour(_clock("pending", 100)) == "green"
    assert colour(_clock("pending", 120)) == "yellow"  # 50 %
    assert colour(_clock("at_risk", 180)) == "orange"  # 75 %
    assert colour(_clock("breached", 241)) == "red"
    assert colour(_clock("met", 100, stopped=True)) == "grey"


def test_remaining_time_texts() -> None:
    names = {"restore": "业务恢复", "resolve": "一般故障处理（工作时间）"}
    assert remaining_text(_clock("pending", 100), names) == "业务恢复 剩2小时20分"
    assert remaining_text(_clock("breached", 301.5), names) == "业务恢复 超1小时01分"
    assert remaining_text(_clock("pending", 10, paused=True), names) == "业务恢复 挂起 剩3小时50分"
    working = ClockResult("resolve", 960, 0, 900, "at_risk", False, False, True, True, (), 0.94)
    assert remaining_text(working, names) == "一般故障处理 剩1工作小时00分"
    assert short_name("响应") == "响应" and duration_text(3 * 24 * 60 + 5) == "3天0小时"


def test_chips_show_running_clocks_then_late_ones() -> None:
    names = {"restore": "业务恢复", "response": "响应"}
    late = ClockResult("response", 30, 0, 45, "breached", True, False, True, False, (), 1.5)
    result = TicketResult("T", 1, "处理中", False, (_clock("pending", 60), late))
    assert chips(result, names) == [("业务恢复 剩3小时00分", "green"), ("响应 已超时", "red")]
    done = TicketResult("T", 1, "已关闭", False, (_clock("met", 60, stopped=True),))
    assert chips(done, names) == [("全部达标", "grey")]


def test_filters_and_numbers() -> None:
    from app.ops.repository import TicketRow
    from app.ops.tickets import Event, Ticket

    t = Ticket(
        "YW-2026-0007",
        "x",
        3,
        "security",
        False,
        "非法访问",
        (Event("reported", tu.to_us(tu.parse_instant("2026-10-02T09:00:00"))),),
        "黄工",
    )
    row = TicketRow(1, 1, t, 3, "新建", 1)
    result = TicketResult(t.id, 3, "新建", False, (_clock("at_risk", 190),))
    assert Filters(level=3, kind="security", status="新建", assignee="黄工", month="2026-10", urgent=True).accepts(
        row, result
    )
    assert not Filters(month="2026-11").accepts(row, result)
    assert not Filters(level=2).accepts(row, result)
    assert next_ticket_no([row], 2026) == "YW-2026-0008" and next_ticket_no([row], 2027) == "YW-2027-0001"


def test_the_dialog_offers_the_event_the_contract_expects_next() -> None:
    from app.ops.boardview import next_event
    from tests.ops.helpers import doc, ev, ticket

    def offered(level: int, *types: str, **extra: Any) -> str:
        events = [ev(t, f"2026-03-02T09:{n:02d}:00+08:00", **({"reason": "等待"} if t == "paused" else {}))
                  for n, t in enumerate(("reported", *types))]  # fmt: skip
        parsed, _policy = parse_tickets(doc(ticket(level=level, events=events, **extra)))
        return next_event(parsed.tickets[0], level)

    assert offered(2) == "acknowledged"
    assert offered(2, "acknowledged") == "restored"
    assert offered(4, "acknowledged") == "resolved"  # levels 4–5 have no restore clock
    assert offered(2, "acknowledged", "paused") == "resumed"
    assert offered(2, "acknowledged", "paused", "resumed") == "restored"
    assert offered(1, "acknowledged", onsite_required=True) == "onsite_requested"
    assert offered(1, "acknowledged", "onsite_requested", onsite_required=True) == "onsite_arrived"
    security = {"kind": "security", "category": "非法访问"}
    assert offered(4, "acknowledged", **security) == "plan_submitted"
    assert offered(2, "acknowledged", "restored", "resolved") == "closed"
    assert offered(2, "acknowledged", "restored", "resolved", "reopened") == "restored"
    assert offered(4, "acknowledged", "resolved", "closed") == "note"

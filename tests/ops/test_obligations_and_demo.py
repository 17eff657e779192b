"""The service obligations calendar, the demo year, and the monthly report's figures."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import InputError
from app.ops import timeutil as tu
from app.ops.clocks import BREACHED, ClockEngine
from app.ops.contract import facts
from app.ops.demotickets import demo_tickets
from app.ops.monthly import build_month, build_monthly, parse_month
from app.ops.obligations import ObligationInfo, ObligationStore, behind_schedule, schedule
from app.ops.policy import parse_policy
from app.ops.repository import OpsRepository
from app.store.base import AuditEvent
from tests.ops.helpers import ev, ticket

NOW = tu.to_us(tu.parse_instant("2026-12-01T10:00:00+08:00"))


def test_the_schedule_follows_the_contract() -> None:
    items = schedule(date(2026, 1, 1), date(2026, 12, 31))
    by_kind = Counter(i.kind for i in items)
    assert by_kind == {"training": 4, "director_meeting": 2, "duty_report": 12, "inspection": 12, "drill": 1}
    trainings = [i.due for i in items if i.kind == "training"]
    assert trainings == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    assert [i.due for i in items if i.kind == "director_meeting"] == [date(2026, 6, 30), date(2026, 12, 31)]
    assert schedule(date(2026, 4, 15), date(2027, 4, 14))[0].due == date(2026, 5, 14)  # monthly from the start


def test_behind_schedule_warning_when_one_training_is_done_by_the_end_of_q3() -> None:
    items = [
        ObligationInfo(i, 1, s.kind, s.title, s.due, s.due if n == 0 else None, "", ())
        for i, (n, s) in enumerate(
            (n, s)
            for n, s in enumerate(x for x in schedule(date(2026, 1, 1), date(2026, 12, 31)) if x.kind == "training")
        )
    ]
    warnings = behind_schedule(items, date(2026, 9, 30))
    assert len(warnings) == 1
    assert warnings[0].expected == 3 and warnings[0].done == 1
    assert warnings[0].message == "截至 2026-09-30 应完成 3 次软件使用培训，实际完成 1 次"
    assert behind_schedule(items, date(2026, 3, 31)) == []


def test_obligation_writes_are_audited_and_evidence_is_content_addressed(store, tmp_path) -> None:
    repo = OpsRepository(store)
    cid = repo.create_contract("义务测试", start=date(2026, 1, 1), end=date(2026, 12, 31))
    obligations = ObligationStore(store, actor="tester")
    assert obligations.fill_schedule(cid) == 31
    assert obligations.fill_schedule(cid) == 0  # idempotent
    first = obligations.list(cid)[0]
    obligations.set_done(first.id, date(2026, 1, 20), "已提交值守报告")
    source = tmp_path / "签到表.pdf"
    source.write_bytes(b"%PDF-1.4 training attendance")
    evidence = obligations.attach(first.id, source)
    assert evidence.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    stored = store.paths.evidence_dir / evidence.sha256[:2] / evidence.sha256
    assert stored.read_bytes() == source.read_bytes() and (stored.stat().st_mode & 0o777) == 0o600
    again = obligations.list(cid)[0]
    assert again.done == date(2026, 1, 20) and again.files[0].name == "签到表.pdf"
    assert again.status(date(2026, 2, 1)) == "已完成"
    obligations.detach(evidence.id)
    extra = obligations.add(cid, "drill", "护网行动配合", date(2026, 8, 15))
    with pytest.raises(InputError):
        obligations.add(cid, "party", "x", date(2026, 8, 15))
    with store.read() as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).where(AuditEvent.target.like("ops-obligation:%")))]
    assert actions == [
        "ops_obligation_done",
        "ops_obligation_file_added",
        "ops_obligation_file_removed",
        "ops_obligation_added",
    ]
    assert any(o.id == extra for o in obligations.list(cid))


def test_the_demo_year_has_what_the_board_and_the_report_should_show() -> None:
    tickets = demo_tickets(NOW)
    assert len(tickets) > 150
    types = Counter(e.type for t in tickets for e in t.events)
    assert types["paused"] > 10 and types["level_changed"] > 3 and types["reopened"] >= 1
    assert types["onsite_arrived"] > 5 and types["plan_submitted"] >= 7
    kinds = Counter(t.kind for t in tickets)
    assert kinds["outage"] >= 2 and kinds["security"] >= 7
    later = demo_tickets(tu.to_us(tu.parse_instant("2027-01-15T10:00:00+08:00")))
    assert {t.category for t in later if t.kind == "security"} == set(facts().security_categories)
    holiday = [
        t for t in tickets if t.kind == "security" and "2026-09-30" <= tu.iso(t.reported_at)[:10] <= "2026-10-08"
    ]
    assert len(holiday) >= 2
    policy = parse_policy(
        json.loads(
            (__import__("app.core.paths", fromlist=["x"]).resource_path("demo", "ops-demo.json")).read_text(
                encoding="utf-8"
            )
        )["contract"]["policy"]
    )
    results = ClockEngine(policy).evaluate_all(tickets, NOW)
    breached = [(t.id, c.key) for t, r in zip(tickets, results, strict=True) for c in r.clocks if c.status == BREACHED]
    assert 5 <= len(breached) <= 0.12 * sum(len(r.clocks) for r in results)
    assert {"fix", "recovery", "plan", "response", "onsite"} <= {k for _id, k in breached}
    saturday = next(t for t in tickets if t.title == "安全组件升级后日志审计中断")
    resolve = next(c for c in ClockEngine(policy).evaluate(saturday, NOW).clocks if c.key == "resolve")
    assert resolve.status == "met" and resolve.elapsed == 930.0  # the 调休 Saturday counts
    late = next(t for t in tickets if t.title == "质控报表数据显示不全（节前）")
    resolve = next(c for c in ClockEngine(policy).evaluate(late, NOW).clocks if c.key == "resolve")
    assert resolve.status == "breached" and resolve.due is not None
    assert tu.iso(resolve.due) == "2026-10-10T10:00:00+08:00"
    open_now = [t for t in tickets if t.status not in ("已解决", "已关闭")]
    assert len(open_now) >= 5
    assert demo_tickets(NOW) == tickets  # deterministic


def test_the_demo_obligations_are_behind_on_trainings(ctx) -> None:
    repo = OpsRepository(ctx.store)
    contract = repo.contracts()[0]
    items = ObligationStore(ctx.store).list(contract.id)
    warnings = behind_schedule(items, date(2026, 9, 30))
    assert [w.kind for w in warnings] == ["training"] and warnings[0].done == 1


def test_monthly_figures(store) -> None:
    repo = OpsRepository(store)
    cid = repo.create_contract("月报测试", start=date(2026, 1, 1), end=date(2026, 12, 31))
    from app.ops.ticketformat import parse_tickets
    from tests.ops.helpers import doc

    parsed, policy = parse_tickets(
        doc(
            ticket(
                "A",
                level=1,
                events=[
                    ev("reported", "2026-03-02T09:00:00"),
                    ev("acknowledged", "2026-03-02T09:10:00"),
                    ev("paused", "2026-03-02T09:30:00", reason="等待备件"),
                    ev("resumed", "2026-03-02T10:30:00"),
                    ev("restored", "2026-03-02T11:00:00"),
                    ev("resolved", "2026-03-02T15:00:00"),
                ],
                evaluation={
                    "response_time": {"mark": "降级", "note": ""},
                    "result": {"mark": "升级", "note": "未根治"},
                },
            ),
            ticket(
                "B",
                level=4,
                events=[
                    ev("reported", "2026-03-05T09:00:00"),
                    ev("acknowledged", "2026-03-05T09:50:00"),
                    ev("resolved", "2026-03-05T10:00:00"),
                ],
            ),
            ticket("C", level=3, kind="security", category="非法访问", events=[ev("reported", "2026-03-31T23:00:00")]),
            ticket("D", level=5, events=[ev("reported", "2026-04-01T00:00:00")]),
            ticket(
                "E", level=5, events=[ev("reported", "2026-02-10T09:00:00"), ev("acknowledged", "2026-02-10T09:05:00")]
            ),
        )
    )
    data = build_monthly(
        repo.contract(cid), parsed.tickets, policy, [], 2026, 3, tu.to_us(tu.parse_instant("2026-04-02T12:00:00"))
    )
    assert data.tickets == 3
    assert data.by_level == {1: 1, 2: 0, 3: 1, 4: 1, 5: 0}
    assert data.by_kind == {"fault": 2, "outage": 0, "security": 1}
    assert data.by_category["非法访问"] == 1 and sum(data.by_category.values()) == 1
    assert data.mtta == round((10 + 50) / 2, 2)
    assert data.mttr == round((360 - 60 + 60) / 2, 2)  # A: 6 h less 1 h paused; B: 1 h
    response = next(c for c in data.clocks if c.key == "response")
    assert (response.met, response.breached, response.pending) == (1, 2, 0)  # C was never acknowledged
    assert {(b.ticket_id, b.clock) for b in data.breaches} >= {("B", "响应"), ("C", "响应"), ("C", "安全事件解决方案")}
    assert data.evaluation["result"] == {"降级": 0, "升级": 1, "未评定": 2}
    assert data.upgrade_notes == (("A", "处理结果", "未根治"),)
    assert [(p.month, p.tickets) for p in data.trend][-3:] == [(1, 0), (2, 1), (3, 3)]
    assert data.trend[0].compliance is None  # a month without tickets has no compliance


def test_month_argument() -> None:
    assert parse_month("2026-03") == (2026, 3)
    for bad in ("2026-3", "2026-13", "March"):
        with pytest.raises(InputError):
            parse_month(bad)


def test_build_month_from_the_store(ctx) -> None:
    data = build_month(ctx.store, 1, 2026, 10, NOW)
    assert data.tickets > 10 and len(data.trend) == 12
    assert any(b.pause_reasons for b in data.breaches) or data.breaches

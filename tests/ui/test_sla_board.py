"""The board widget on its own with a fake clock: pausing freezes a countdown; back-dating needs a reason.

The whole flow on the window host (new ticket, events, colours, one notification) is in test_sla_host.py.
"""

from __future__ import annotations

import pytest

from app.core.errors import InputError
from app.ops import timeutil as tu
from app.ops.boardread import StoredTicket
from app.ops.repository import OpsRepository
from app.ops.ticketwrites import TicketWriter
from ui.features.sla.board import SlaBoard
from ui.features.sla.model import CHIPS_ROLE, COLOUR_ROLE
from ui.features.sla.notifier import BreachNotifier
from ui.features.sla.ticket_dialog import TicketDialog
from ui.services import UiServices
from ui.tasks import SyncRunner

MIN = 60_000_000


class FakeClock:
    def __init__(self, at: str) -> None:
        self.now = tu.to_us(tu.parse_instant(at))

    def __call__(self) -> int:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += int(minutes * MIN)


@pytest.fixture
def board(qtbot, bare_ctx):
    services = UiServices(bare_ctx.store, bare_ctx.settings, bare_ctx.secrets, bare_ctx.paths, SyncRunner())
    OpsRepository(bare_ctx.store).create_contract("测试运维合同", client="卫健委")
    clock = FakeClock("2026-03-02T09:00:00+08:00")
    notes: list[str] = []
    notifier = BreachNotifier(notes.append)
    widget = SlaBoard(services, clock=clock, notifier=notifier)
    qtbot.addWidget(widget)
    widget.reload()
    widget.show()
    return widget, services, clock, notes


def _colour_and_chips(widget: SlaBoard) -> tuple[str, list[tuple[str, str]]]:
    index = widget.model.index(0, 0)
    return index.data(COLOUR_ROLE), index.data(CHIPS_ROLE)


def test_pausing_freezes_the_countdown_and_back_dating_needs_a_reason(qtbot, board, monkeypatch) -> None:
    widget, services, clock, _notes = board
    pk = TicketWriter(services.store, clock=clock).create(widget.data.contract.id, "YW-2026-0002", {"level": 1})
    widget.reload()
    clock.advance(30)
    ticket = TicketDialog(services, pk, widget.engine, clock, widget)
    qtbot.addWidget(ticket)
    ticket.changed.connect(widget.reload)
    ticket.type_box.setCurrentIndex(ticket.type_box.findData("paused"))
    ticket._reset_time()
    ticket.reason_edit.setText("等待医院确认")
    ticket.record()
    clock.advance(100)
    widget.tick()
    chips = dict(_colour_and_chips(widget)[1])
    assert "业务恢复 挂起 剩3小时30分" in chips  # frozen at 30 min elapsed
    assert chips["响应 超1小时40分"] == "red"  # the response clock does not pause

    shown: list[BaseException] = []
    monkeypatch.setattr("ui.crash.handle_error", lambda _parent, exc: shown.append(exc))
    ticket.type_box.setCurrentIndex(ticket.type_box.findData("note"))
    ticket.at_edit.setDateTime(ticket.at_edit.dateTime().addSecs(-3600))
    assert ticket.backdate_edit.isEnabled()
    ticket.record()
    assert shown and isinstance(shown[0], InputError) and "补录" in str(shown[0])


def test_a_chip_too_narrow_shortens_the_clock_name_never_the_remaining_time(qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.features.sla.delegates import _fit

    metrics = QFontMetrics(QFont())
    text = "一般故障处理 挂起 剩16工作小时00分"
    assert _fit(text, metrics, metrics.horizontalAdvance(text)) == text
    width = metrics.horizontalAdvance(text) - metrics.horizontalAdvance("故障")
    fitted = _fit(text, metrics, width)
    assert fitted.endswith(" 挂起 剩16工作小时00分") and "…" in fitted and metrics.horizontalAdvance(fitted) <= width


def test_a_reload_reuses_unchanged_tickets_and_shows_the_changed_one(board) -> None:
    widget, services, clock, _notes = board
    contract = OpsRepository(services.store).contracts()[0].id
    writer = TicketWriter(services.store, actor="甲", clock=clock)
    done = writer.create(contract, "T-1", {"title": "已解决", "level": 4, "kind": "fault"})
    open_ = writer.create(contract, "T-2", {"title": "处理中", "level": 4, "kind": "fault"})
    writer.create(contract, "T-3", {"title": "新建", "level": 4, "kind": "fault"})
    clock.advance(10)
    writer.record(done, "acknowledged")
    clock.advance(10)
    writer.record(done, "resolved")
    widget.reload()
    first = {it.row.ticket.id: it for it in widget.model.items}
    # every clock of T-1 stopped: its stored final result is used, its timeline is not even read
    assert isinstance(first["T-1"].row.ticket, StoredTicket)
    assert not isinstance(first["T-2"].row.ticket, StoredTicket)

    clock.advance(60)
    writer.record(open_, "acknowledged")  # another lead answers and resolves T-2
    writer.record(open_, "resolved")
    widget.reload()
    again = {it.row.ticket.id: it for it in widget.model.items}
    assert again["T-3"].row.ticket is first["T-3"].row.ticket  # unchanged head: not decoded again
    assert again["T-2"].row.ticket is not first["T-2"].row.ticket
    assert isinstance(again["T-2"].row.ticket, StoredTicket)  # now final: read from its stored result
    assert again["T-2"].result.status == "已解决"
    engine = widget.engine
    assert engine is not None
    for it in again.values():  # what the store and the cache gave is what a fresh evaluation gives
        assert it.result == engine.evaluate_reference(it.row.ticket, clock())

    OpsRepository(services.store).set_policy(contract, {"clocks": {"response": {"minutes": 5}}})
    widget.reload()
    changed = {it.row.ticket.id: it for it in widget.model.items}
    response = {c.key: c for c in changed["T-1"].result.clocks}["response"]
    assert response.target == 5 and response.status == "breached"  # a new policy drops the cached results

"""The SLA dialogs: classification helper, evaluation, corrections, 工作日历 and the obligations calendar."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import pytest

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from app.ops import timeutil as tu
from app.ops.contract import EVENT_TYPES
from app.ops.ledger import INTERNAL_TYPES
from app.ops.obligations import ObligationStore
from app.ops.repository import OpsRepository
from app.ops.ticketwrites import TicketWriter
from ui.dialogs.settings import PageEntry, SettingsDialog
from ui.features.sla.board import SlaBoard
from ui.features.sla.calendar_page import CalendarPage
from ui.features.sla.dialogs import ObligationsDialog
from ui.features.sla.forms import ClassifyDialog
from ui.features.sla.ticket_dialog import TicketDialog
from ui.services import UiServices
from ui.tasks import SyncRunner

_W = TypeVar("_W", bound=QObject)
NOW = tu.to_us(tu.parse_instant("2027-03-01T10:00:00+08:00"))
WORKING = {"clocks": {"resolve": {"levels": [4, 5], "from": "reported", "to": "resolved", "working_minutes": 960}}}


def _child(parent: QObject, kind: type[_W], name: str = "", *, ok: bool = False) -> _W:
    if ok:
        assert isinstance(parent, QDialogButtonBox)
        button = parent.button(QDialogButtonBox.StandardButton.Ok)
        assert isinstance(button, kind)
        return button
    found = parent.findChild(kind, name) if name else parent.findChild(kind)
    assert found is not None, name
    return found


def _item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


@pytest.fixture
def env(qtbot, bare_ctx):
    services = UiServices(bare_ctx.store, bare_ctx.settings, bare_ctx.secrets, bare_ctx.paths, SyncRunner())
    cid = OpsRepository(bare_ctx.store).create_contract(
        "合同", start=date(2027, 1, 1), end=date(2027, 12, 31), policy=WORKING
    )
    writer = TicketWriter(bare_ctx.store, clock=lambda: NOW)
    pk = writer.create(
        cid,
        "YW-2027-0001",
        {"level": 4, "title": "页面错位"},
        at=NOW - 120 * 60_000_000,
        backdate_reason="电话报告后补录",
    )
    board = SlaBoard(services, clock=lambda: NOW)
    qtbot.addWidget(board)
    board.reload()
    return services, cid, pk, board, writer


def test_the_classification_helper_takes_the_most_severe_aspect(qtbot) -> None:
    helper = ClassifyDialog(4)
    qtbot.addWidget(helper)
    assert helper.level() == 4
    helper.ticks[2].setChecked(True)  # 三级 in another aspect
    assert helper.level() == 3 and "电话直接联系项目负责人" in helper.result_label.text()
    for tick in helper.ticks:
        tick.setChecked(False)
    assert helper.level() is None


def test_unverified_year_banner_and_calendar_entry(qtbot, env) -> None:
    services, _cid, pk, board, _writer = env
    assert board.calendar_banner.isVisibleTo(board)
    assert "2027" in _child(board.calendar_banner, QLabel, "sla_calendar_banner_text").text()
    ticket = TicketDialog(services, pk, board.engine, lambda: NOW, board)
    qtbot.addWidget(ticket)
    assert "日历未核实" in ticket.calendar_note.text() and not ticket.calendar_note.isHidden()
    page = CalendarPage(services, 2027, on_saved=board.reload)
    dialog = SettingsDialog([PageEntry("calendar", "工作日历", page)], "calendar", board)
    qtbot.addWidget(dialog)
    assert "日历未核实" in page.source.text() and not page.is_modified()
    assert not dialog.apply_button.isEnabled()
    page.note.setText("国办发明电〔2026〕X号（测试）")
    _child(page, QDateEdit, "sla_calendar_rest_date").setDate(QDate(2027, 3, 1))
    _child(page, QPushButton, "sla_calendar_rest_add").click()
    assert page.is_modified() and dialog.apply_button.isEnabled()
    _child(_child(dialog, QDialogButtonBox), QPushButton, "", ok=True).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    years = OpsRepository(services.store).calendar_years()
    assert years[0].year == 2027 and date(2027, 3, 1) in years[0].rest_days
    assert not board.calendar_banner.isVisibleTo(board)  # the page's save re-read the board


def test_evaluation_correction_and_withdrawal_from_the_dialog(qtbot, env, monkeypatch) -> None:
    services, _cid, pk, board, writer = env
    writer.record(pk, "acknowledged")
    writer.record(pk, "note", text="误录")
    ticket = TicketDialog(services, pk, board.engine, lambda: NOW, board)
    qtbot.addWidget(ticket)
    group, note = ticket.marks["response_time"]
    group.button(2).setChecked(True)
    note.setText("催促两次后才响应")
    ticket._save_evaluation()
    assert OpsRepository(services.store).ticket(pk).ticket.evaluation["response_time"].mark == "升级"
    note_row = next(i for i, r in enumerate(ticket.history) if r.type == "note")
    ticket.timeline.selectRow(note_row)
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: ("录错了", True))
    ticket._withdraw()
    types = [e.type for e in OpsRepository(services.store).ticket(pk).ticket.events]
    assert types == ["reported", "acknowledged"]
    assert any("已被" in (_item(ticket.timeline, r, 5).text() or "") for r in range(ticket.timeline.rowCount()))
    assert ticket.timeline.rowCount() == len(OpsRepository(services.store).history(pk))
    names = [_item(ticket.timeline, r, 2).text() for r in range(ticket.timeline.rowCount())]
    assert "处理评定" in names and "撤销" in names  # the ledger's own records are named in Chinese too
    assert all(name not in (*EVENT_TYPES, *INTERNAL_TYPES) for name in names), names


def test_obligations_calendar_marks_done_and_warns(qtbot, env, tmp_path) -> None:
    services, cid, _pk, board, _writer = env
    ObligationStore(services.store).fill_schedule(cid)
    dialog = ObligationsDialog(services, cid, date(2027, 10, 1), board)
    qtbot.addWidget(dialog)
    assert "软件使用培训" in dialog.warning.text()
    first_training = next(i for i, o in enumerate(dialog.items) if o.kind == "training")
    dialog.table.setCurrentCell(first_training, 0)
    dialog.done_date.setDate(QDate(2027, 3, 20))
    _child(dialog, QPushButton, "sla_obligation_done").click()
    evidence = tmp_path / "培训签到表.pdf"
    evidence.write_bytes(b"%PDF-1.4 sign-in sheet")
    dialog.attach_file(dialog.items[first_training].id, evidence)
    item = dialog.items[first_training]
    assert item.done == date(2027, 3, 20) and item.files[0].name == "培训签到表.pdf"
    assert "实际完成 1 次" in dialog.warning.text()

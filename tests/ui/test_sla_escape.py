"""Escape closes the SLA dialogs, wherever their focus is, and a double click opens one ticket dialog.

A user pressed Escape in a ticket dialog and it stayed: the double click had opened two dialogs
(the card's ``doubleClicked`` and ``activated`` both opened one), and Escape closed the top one.
Escape is the dialogs' 关闭/取消 (``QDialog.reject``): as in 设置, edits not yet saved with the
dialog's own save buttons are dropped, without a question.
"""

from __future__ import annotations

from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.ops import timeutil as tu
from app.ops.repository import OpsRepository
from app.ops.ticketwrites import TicketWriter
from ui.features.sla.dialogs import ReportDialog
from ui.features.sla.feature import SlaFeature
from ui.features.sla.forms import ClassifyDialog
from ui.features.sla.ticket_dialog import TicketDialog

NOW = tu.to_us(tu.parse_instant("2027-03-01T10:00:00+08:00"))


@pytest.fixture
def sla(qtbot, main_window) -> tuple[SlaFeature, int]:
    """The feature on the shown 运维SLA看板 tab, with one contract and one ticket (its pk)."""
    feature = main_window.feature("sla", SlaFeature)
    feature.set_clock(lambda: NOW)
    assert main_window.show_tab("运维SLA看板")
    feature.create_contract("测试运维合同")
    data = feature.board.data
    assert data is not None and data.contract is not None
    writer = TicketWriter(feature.host.services.store, clock=lambda: NOW)
    pk = writer.create(data.contract.id, "YW-2027-0001", {"level": 4, "title": "页面错位"})
    feature.board.reload()
    return feature, pk


def _shown(qtbot: Any, dialog: QDialog) -> QWidget:
    """Wait until ``dialog`` is the active window; its focus widget (inside it)."""
    qtbot.waitUntil(dialog.isActiveWindow)
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus)
    return focus


def _escape(qtbot: Any, dialog: QDialog, widget: QWidget | None = None) -> None:
    """Press Escape in ``widget`` (the dialog's focus widget by default); the dialog must close."""
    focus = _shown(qtbot, dialog)
    if widget is not None:
        widget.setFocus()
        assert QApplication.focusWidget() is widget
        focus = widget
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def _open_dialogs(window: QWidget) -> list[TicketDialog]:
    return [d for d in window.findChildren(TicketDialog) if d.isVisible()]


def test_a_double_click_on_a_card_opens_one_dialog_and_escape_closes_it(qtbot, main_window, sla) -> None:
    feature, _pk = sla
    view = feature.board.column_views[0]  # 新建
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialogs = _open_dialogs(main_window)
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])
    _escape(qtbot, dialogs[0])
    assert _open_dialogs(main_window) == []
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)  # the keyboard still opens the current card, once
    dialogs = _open_dialogs(main_window)
    assert len(dialogs) == 1
    qtbot.addWidget(dialogs[0])


@pytest.mark.parametrize(("tab", "name"), [(0, "sla_ticket_clocks"), (1, "sla_ticket_timeline"), (2, "sla_eval_save")])
def test_escape_closes_the_ticket_dialog_from_a_table_or_a_button(qtbot, sla, tab: int, name: str) -> None:
    feature, pk = sla
    dialog = feature.open_ticket(pk)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(tab)
    widget = dialog.findChild(QWidget, name)
    assert widget is not None
    _escape(qtbot, dialog, widget)


def test_escape_drops_unsaved_edits_like_close_and_asks_nothing(qtbot, main_window, sla, monkeypatch) -> None:
    feature, pk = sla
    asked: list[object] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a))
    dialog = feature.open_ticket(pk)
    assert dialog is not None
    qtbot.addWidget(dialog)
    _shown(qtbot, dialog)
    dialog.title_edit.setText("未保存的标题")
    _escape(qtbot, dialog, dialog.title_edit)
    assert asked == []
    ticket = OpsRepository(feature.host.services.store).ticket(pk).ticket
    assert ticket.title == "页面错位" and [e.type for e in ticket.events] == ["reported"]  # nothing written
    again = feature.open_ticket(pk)
    assert again is not None
    qtbot.addWidget(again)
    assert again.title_edit.text() == "页面错位"


def test_escape_closes_the_other_sla_dialogs(qtbot, main_window, sla) -> None:
    feature, _pk = sla
    new = feature.new_ticket()
    obligations = feature.edit_obligations()
    assert new is not None and obligations is not None
    report = ReportDialog(["2027-03"], feature.host.services.paths.data_dir, main_window)
    classify = ClassifyDialog(4, main_window)
    for dialog in (new, obligations, report, classify):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        _escape(qtbot, dialog)
    assert feature.board.model.rowCount() == 1  # Escape in 新建工单 creates nothing

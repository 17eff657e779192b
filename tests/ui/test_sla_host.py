"""The 运维SLA看板 on the window host: tab and menus, a new ticket, events, one timer, colours, one notification."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from app.ops import timeutil as tu
from app.ops.repository import OpsRepository
from ui.dialogs.settings import SettingsDialog
from ui.features.sla.board import SlaBoard
from ui.features.sla.calendar_page import CalendarPage
from ui.features.sla.dialogs import NewTicketDialog
from ui.features.sla.feature import SlaFeature
from ui.features.sla.model import CHIPS_ROLE, COLOUR_ROLE
from ui.features.sla.ticket_dialog import TicketDialog

MIN = 60_000_000


class FakeClock:
    def __init__(self, at: str) -> None:
        self.now = tu.to_us(tu.parse_instant(at))

    def __call__(self) -> int:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += int(minutes * MIN)


def _ok(dialog: Any) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()


def _action(window: Any, name: str) -> Any:
    return window.actions_by_name()[name]


def test_the_board_is_the_sla_tab_and_its_menus_come_through_the_host(main_window) -> None:
    feature = main_window.feature("sla", SlaFeature)
    assert main_window.tab_widget("sla") is feature.board and isinstance(feature.board, SlaBoard)
    assert main_window.show_tab("运维SLA看板") and main_window.current_tab_id() == "sla"
    tools = main_window.menu("tools").actions("sla")
    assert [a.text() for a in tools] == ["新建运维工单…", "导入运维工单…", "服务义务…", "运维月度报告…", "刷新运维工单"]
    assert _action(main_window, "sla_refresh_action").shortcut().toString() == "F5"
    assert not feature.board.timer.isActive()  # no countdown in tests and screenshots until the session starts
    main_window.start_session()
    assert feature.board.timer.isActive()


def test_new_ticket_events_fake_clock_colours_and_one_notification_in_the_status_bar(qtbot, main_window) -> None:
    feature = main_window.feature("sla", SlaFeature)
    board = feature.board
    clock = FakeClock("2026-03-02T09:00:00+08:00")
    feature.set_clock(clock)
    assert "还没有运维合同" in board.title.text()
    feature.create_contract("测试运维合同")  # what 新建运维工单… asks for when there is no contract yet
    assert board.data is not None and board.data.contract is not None
    assert board.title.text().startswith("测试运维合同")

    _action(main_window, "sla_new_action").trigger()
    dialog = main_window.findChild(NewTicketDialog, "sla_new_ticket")
    assert dialog is not None
    assert dialog.at.dateTime().toMSecsSinceEpoch() * 1000 == clock.now  # a new ticket defaults to now
    assert not dialog.category.isEnabled()  # the security report categories are for security tickets
    dialog.kind.setCurrentIndex(dialog.kind.findData("security"))
    assert dialog.category.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("fault"))
    _ok(dialog)  # no title: refused in the dialog, naming the field, and nothing is written
    assert dialog.isVisible() and "标题" in dialog.missing.text() and not dialog.missing.isHidden()
    assert board.model.rowCount() == 0
    dialog.title.setText("平台无法登录")
    dialog.level.setCurrentIndex(dialog.level.findData(2))
    assert "电话直接联系项目负责人" in dialog.contact.text()
    with qtbot.waitSignal(dialog.created):
        _ok(dialog)
    assert board.model.rowCount() == 1 and board.columns[0].rowCount() == 1  # 新建
    notes: list[str] = []
    board.notifier.notified.connect(notes.append)

    clock.advance(10)
    ticket = feature.open_ticket(board.model.item(0).row.pk)
    assert isinstance(ticket, TicketDialog)
    qtbot.addWidget(ticket)
    assert not ticket.category_box.isEnabled()
    assert ticket.type_box.currentData() == "acknowledged"  # the event the contract expects next
    assert ticket.at_edit.dateTime().toMSecsSinceEpoch() * 1000 == clock.now  # and it defaults to now
    clock.advance(3)  # the dialog stays open a while: its new event's time follows the board's clock
    board.timer.timeout.emit()
    assert ticket.at_edit.dateTime().toMSecsSinceEpoch() * 1000 == clock.now
    assert not ticket.backdate_edit.isEnabled()
    ticket.record()
    assert ticket.type_box.currentData() == "restored"
    assert board.model.item(0).row.ticket.events[-1].at == clock.now  # recorded at "now", not when opened
    assert board.columns[1].rowCount() == 1 and board.columns[0].rowCount() == 0  # 已响应
    index = board.model.index(0, 0)
    chips = index.data(CHIPS_ROLE)
    assert index.data(COLOUR_ROLE) == "green"
    assert [t for t, _c in chips] == ["业务恢复 剩3小时47分", "重大故障修复 剩11小时47分"]  # every running clock
    assert index.data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "YW-2026-0001 平台无法登录",
        "业务恢复 剩3小时47分",
        "重大故障修复 剩11小时47分",
    ]  # what an elided card holds, in full

    assert ticket.findChildren(QTimer) == []  # the dialog follows the board's one timer
    seen: list[str] = []
    for minutes, expected in ((117, "yellow"), (50, "orange"), (61, "red")):  # 130, 180 (75 %), 241 of 240 min
        clock.advance(minutes)
        board.timer.timeout.emit()
        seen.append(board.model.index(0, 0).data(COLOUR_ROLE))
        assert seen[-1] == expected
    table = ticket.clock_table
    shown = {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}  # type: ignore[union-attr]
    assert shown["响应"] == "达标" and shown["业务恢复"] == "超时"  # the open dialog ticked with the board
    assert notes == ["SLA 超时：YW-2026-0001 业务恢复"]
    assert main_window.status.message() == "SLA 超时：YW-2026-0001 业务恢复"
    for _ in range(3):
        clock.advance(1)
        board.timer.timeout.emit()
    _action(main_window, "sla_refresh_action").trigger()
    assert notes == ["SLA 超时：YW-2026-0001 业务恢复"]  # one notification per breach per clock

    board.urgent_filter.setChecked(True)
    assert board.table_rows.rowCount() == 1
    board.level_filter.setCurrentIndex(board.level_filter.findData(5))
    assert board.table_rows.rowCount() == 0


def test_the_calendar_opens_in_settings_from_the_board_and_the_banner(qtbot, main_window) -> None:
    OpsRepository(main_window.services.store).create_contract("合同")
    feature = main_window.feature("sla", SlaFeature)
    feature.set_clock(FakeClock("2027-03-01T10:00:00+08:00"))
    assert "sla_calendar_action" not in main_window.actions_by_name()  # 设置 is the one place, not 工具
    main_window.show_tab("sla")
    board = main_window.tab_widget("sla")
    assert isinstance(board, SlaBoard)
    button = board.findChild(QPushButton, "sla_calendar")
    assert button is not None
    button.click()  # the board's 工作日历… button
    dialog = main_window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "设置"
    assert dialog.current_page_id() == "calendar" and dialog.page_ids()[0] == "general"
    page = dialog.page("calendar")
    assert isinstance(page, CalendarPage) and page.year.value() == 2027  # the first unverified year
    dialog.reject()


def test_the_session_start_checks_every_ledger_and_keeps_a_break_visible(qtbot, main_window) -> None:
    from sqlalchemy import update

    from app.ops.tables import TicketEvent
    from app.ops.ticketwrites import TicketWriter

    store = main_window.services.store
    contract = OpsRepository(store).create_contract("合同")
    clock = FakeClock("2026-03-02T09:00:00+08:00")
    writer = TicketWriter(store, clock=clock)
    pk = writer.create(contract, "YW-2026-0001", {"level": 1, "title": "宕机"})
    clock.advance(5)
    writer.record(pk, "acknowledged")
    with store.engine.begin() as conn:  # someone edits the stored event behind the application's back
        conn.execute(
            update(TicketEvent)
            .where(TicketEvent.ticket_id == pk, TicketEvent.seq == 1)
            .values(at="2026-03-02T09:01:00+08:00")
        )
    board = main_window.feature("sla", SlaFeature).board
    assert board.ledger_banner.isHidden()
    main_window.start_session()
    assert not board.ledger_banner.isHidden()
    assert "YW-2026-0001" in board.ledger_banner.findChild(QLabel, "sla_ledger_banner_text").text()
    assert "工单事件校验失败" in main_window.status.warnings()["sla-ledger"]

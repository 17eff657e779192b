"""设置 with pages from the features: the host's extension point, 确定/应用/取消, 工作日历 saved through its page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QLineEdit, QPushButton

from app.core.errors import InputError
from app.ops.repository import OpsRepository
from app.store import audit
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.settings_page import SaveDone, SettingsPage
from ui.features import FEATURES
from ui.features.sla.calendar_page import CalendarPage
from ui.features.sla.feature import SlaFeature
from ui.host.protocol import Feature, SettingsPageSpec, WindowHost
from ui.tasks import SyncRunner


class _NamePage(SettingsPage):
    """A feature's page as a later engineer writes one: a value, a rule, a save that may fail."""

    def __init__(self, store: dict[str, str], fail: BaseException | None = None) -> None:
        super().__init__()
        self.store, self.fail = store, fail
        self.edit = QLineEdit(store.get("name", ""), self)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())

    def is_modified(self) -> bool:
        return self.edit.text() != self.store.get("name", "")

    def validate(self) -> None:
        if not self.edit.text().strip():
            raise InputError("name", "不能为空")

    def save(self, done: SaveDone) -> None:
        if self.fail is not None:
            done(self.fail)
            return
        self.store["name"] = self.edit.text()
        done(None)


class _DemoFeature:
    def __init__(self, host: WindowHost, saved: dict[str, str], fail: BaseException | None = None) -> None:
        self.pages: list[_NamePage] = []
        host.add_settings_page(SettingsPageSpec("demo", "演示设置", self.page))
        self.saved, self.fail = saved, fail

    def page(self) -> _NamePage:
        self.pages.append(_NamePage(self.saved, self.fail))
        return self.pages[-1]


def _window(qtbot: Any, bare_ctx: Any, saved: dict[str, str], fail: BaseException | None = None) -> Any:
    from ui.builder import build_window

    demo = Feature("demo", lambda host: _DemoFeature(host, saved, fail))
    window = build_window(bare_ctx, SyncRunner(), features=(*FEATURES, demo))
    qtbot.addWidget(window)
    return window


def _error(dialog: SettingsDialog) -> str:
    label = dialog.findChild(QLabel, "settings_error")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def test_a_feature_page_appears_in_settings_after_the_general_page(qtbot, bare_ctx) -> None:
    window = _window(qtbot, bare_ctx, {"name": "甲"})
    assert window.settings_page_ids() == ["general", "prices", "calendar", "demo"]  # in the order of the features
    window.settings_action.trigger()  # 工具 → 设置…
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    assert dialog.current_page_id() == "general"
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "常规",
        "价格表",
        "工作日历",
        "演示设置",
    ]
    dialog.list.setCurrentRow(3)
    assert dialog.stack.currentWidget() is dialog.page("demo")
    dialog.reject()
    with pytest.raises(KeyError, match="pages: general, prices, calendar, demo"):
        window.open_settings("nope")


def test_settings_opens_at_a_page_and_each_opening_reads_the_stored_values(qtbot, bare_ctx) -> None:
    saved = {"name": "甲"}
    window = _window(qtbot, bare_ctx, saved)
    first = window.open_settings("demo")
    assert first.current_page_id() == "demo" and first.isVisible()
    first.reject()
    saved["name"] = "乙"
    second = window.open_settings("demo")
    assert second.page("demo").edit.text() == "乙"  # a fresh page each time 设置 opens
    second.reject()


def test_a_page_id_is_taken_once(qtbot, bare_ctx) -> None:
    from ui.builder import build_window

    def twice(host: WindowHost) -> None:
        host.add_settings_page(SettingsPageSpec("calendar", "重复", SettingsPage))

    with pytest.raises(ValueError, match="'calendar' is taken"):
        build_window(bare_ctx, SyncRunner(), features=(*FEATURES, Feature("twice", twice)))


def test_ok_validates_every_page_before_anything_is_written(qtbot, bare_ctx) -> None:
    saved = {"name": "甲"}
    window = _window(qtbot, bare_ctx, saved)
    dialog = window.open_settings()
    general, demo = dialog.page("general"), dialog.page("demo")
    general.editors["report_copies"].setValue(7)
    demo.edit.setText("   ")  # invalid
    assert dialog.apply_button.isEnabled()
    dialog.on_buttons_accepted()
    assert dialog.isVisible() and dialog.current_page_id() == "demo"  # the wrong page is shown
    assert "演示设置" in _error(dialog) and "不能为空" in _error(dialog)
    assert window.services.settings.get("report_copies") == 3 and saved == {"name": "甲"}  # nothing written
    demo.edit.setText("丙")
    dialog.on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert window.services.settings.get("report_copies") == 7 and saved == {"name": "丙"}


def test_apply_saves_and_stays_open_cancel_drops_the_rest(qtbot, bare_ctx) -> None:
    saved = {"name": "甲"}
    window = _window(qtbot, bare_ctx, saved)
    dialog = window.open_settings("demo")
    page = dialog.page("demo")
    assert not dialog.apply_button.isEnabled()  # nothing to apply yet
    page.edit.setText("乙")
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert saved == {"name": "乙"} and dialog.isVisible() and not dialog.apply_button.isEnabled()
    page.edit.setText("丁")
    dialog.reject()  # 取消
    assert saved == {"name": "乙"}


def test_a_failed_save_is_shown_on_its_page_and_the_dialog_stays_open(qtbot, bare_ctx) -> None:
    saved = {"name": "甲"}
    window = _window(qtbot, bare_ctx, saved, fail=OSError("磁盘已满"))
    dialog = window.open_settings()
    dialog.page("general").editors["report_copies"].setValue(4)
    dialog.page("demo").edit.setText("乙")
    dialog.on_buttons_accepted()
    assert dialog.isVisible() and dialog.current_page_id() == "demo"
    assert "磁盘已满" in _error(dialog)
    assert window.services.settings.get("report_copies") == 4  # the page saved before it stays saved
    dialog.list.setCurrentRow(0)
    assert _error(dialog) == ""  # the message goes with its page
    dialog.reject()


# ---------------------------------------------------------------- 设置 → 工作日历


def _calendar(window: Any) -> tuple[SettingsDialog, CalendarPage]:
    dialog = window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    assert dialog.current_page_id() == "calendar"
    page = dialog.page("calendar")
    assert isinstance(page, CalendarPage)
    return dialog, page


def _add(page: CalendarPage, which: str, day: QDate) -> None:
    edit = page.findChild(QDateEdit, f"sla_calendar_{which}_date")
    button = page.findChild(QPushButton, f"sla_calendar_{which}_add")
    assert edit is not None and button is not None
    edit.setDate(day)
    button.click()


def _actions(window: Any) -> list[str]:
    return [r.action for r in audit.records(window.services.store, None) if r.action.startswith("ops_calendar")]


@pytest.fixture
def sla_window(main_window):
    from tests.ui.test_sla_dialogs import WORKING
    from tests.ui.test_sla_host import FakeClock

    OpsRepository(main_window.services.store).create_contract(
        "合同", start=date(2027, 1, 1), end=date(2027, 12, 31), policy=WORKING
    )
    feature = main_window.feature("sla", SlaFeature)
    feature.set_clock(FakeClock("2027-03-01T10:00:00+08:00"))
    main_window.show_tab("sla")
    feature.board.reload()
    return main_window


def test_the_banner_opens_settings_at_the_calendar_and_saving_is_audited(qtbot, sla_window) -> None:
    from app.ops.ticketwrites import TicketWriter
    from tests.ui.test_sla_host import FakeClock

    window, board = sla_window, sla_window.feature("sla", SlaFeature).board
    contract = OpsRepository(window.services.store).contracts()[0].id
    TicketWriter(window.services.store, clock=FakeClock("2027-03-01T09:00:00+08:00")).create(
        contract, "YW-2027-0001", {"level": 4, "title": "页面错位"}
    )
    board.reload()
    assert board.calendar_banner.isVisibleTo(board)
    link = board.calendar_banner.findChild(QPushButton)
    assert link is not None
    link.click()  # 录入工作日历…
    dialog, page = _calendar(window)
    assert page.year.value() == 2027 and "日历未核实" in page.source.text()
    _add(page, "rest", QDate(2027, 3, 1))
    page.year.setValue(2028)  # another year: the 2027 edits are kept
    _add(page, "work", QDate(2028, 1, 29))
    page.year.setValue(2027)
    assert page.rest.item(0).text().startswith("2027-03-01") and "2027、2028" in page.unsaved.text()
    dialog.apply_button.click()
    stored = {t.year: t for t in OpsRepository(window.services.store).calendar_years()}
    assert date(2027, 3, 1) in stored[2027].rest_days and date(2028, 1, 29) in stored[2028].workdays
    assert _actions(window) == ["ops_calendar_year_set", "ops_calendar_year_set"]  # the repository's audited write
    assert not board.calendar_banner.isVisibleTo(board) and not page.is_modified()

    delete = page.findChild(QPushButton, "sla_calendar_delete")
    assert delete is not None
    delete.click()  # a deletion waits for 确定 too
    assert page.is_modified() and 2027 in {t.year for t in OpsRepository(window.services.store).calendar_years()}
    dialog.on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [t.year for t in OpsRepository(window.services.store).calendar_years()] == [2028]
    assert _actions(window)[-1] == "ops_calendar_year_deleted"
    assert board.calendar_banner.isVisibleTo(board)  # 2027 is unverified again


def test_a_bad_calendar_is_named_and_nothing_is_written(qtbot, sla_window) -> None:
    sla_window.feature("sla", SlaFeature).edit_calendar()
    dialog, page = _calendar(sla_window)
    _add(page, "rest", QDate(2028, 5, 1))  # typed into the 2027 table
    dialog.on_buttons_accepted()
    assert dialog.isVisible() and "工作日历" in _error(dialog) and "2028-05-01 不在 2027 年" in _error(dialog)
    assert OpsRepository(sla_window.services.store).calendar_years() == () and _actions(sla_window) == []
    dialog.reject()


def test_the_ticket_dialog_note_links_to_the_calendar_page(qtbot, sla_window) -> None:
    from app.ops.ticketwrites import TicketWriter
    from tests.ui.test_sla_host import FakeClock

    store = sla_window.services.store
    contract = OpsRepository(store).contracts()[0].id
    policy_clock = FakeClock("2027-03-01T09:00:00+08:00")
    pk = TicketWriter(store, clock=policy_clock).create(contract, "YW-2027-0002", {"level": 4, "title": "错位"})
    feature = sla_window.feature("sla", SlaFeature)
    feature.board.reload()
    ticket = feature.open_ticket(pk)
    assert ticket is not None
    assert "日历未核实" in ticket.calendar_note.text() and "设置 → 工作日历</a>" in ticket.calendar_note.text()
    ticket.calendar_note.linkActivated.emit("calendar")
    dialog, _page = _calendar(sla_window)
    dialog.reject()
    ticket.reject()

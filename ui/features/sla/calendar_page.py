"""设置 → 工作日历: the rest days and make-up workdays of each year (shared by every contract).

A page of the 设置 dialog (:class:`ui.dialogs.settings_page.SettingsPage`). The user may edit
several years before saving: the edits of each year are kept while another year is shown, and
确定 / 应用 write them all (each year through :meth:`app.ops.repository.OpsRepository.set_calendar_year`
or ``delete_calendar_year``: one audited transaction per year, on the writer thread).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.ops import timeutil as tu
from app.ops.calendar import YearTable, library_covers, library_holiday_name, library_year_table
from app.ops.contract import facts
from app.ops.repository import OpsRepository, check_year_table
from ui.dialogs.settings_page import SaveDone, SettingsPage
from ui.services import UiServices

PAGE_ID = "calendar"
"""The page's id: ``host.open_settings("calendar")``."""

_DELETE = None
"""A pending entry that removes the user's table of a year."""


def _same(a: YearTable | None, b: YearTable | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.year, a.rest_days, a.workdays, a.note) == (b.year, b.rest_days, b.workdays, b.note)


class CalendarPage(SettingsPage):
    """The working calendar, one year at a time; edits of several years are saved together.

    Args:
        services: The store and the runner.
        year: The year shown first (the feature passes the first unverified year).
        on_saved: Called after a save (the board re-reads its clocks).
    """

    def __init__(self, services: UiServices, year: int, on_saved: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.setObjectName("sla_calendar_page")
        self.services, self.on_saved = services, on_saved
        self.repo = OpsRepository(services.store)
        self.stored = {t.year: t for t in self.repo.calendar_years()}
        self.pending: dict[int, YearTable | None] = {}
        self._shown_year = year
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setObjectName("sla_calendar_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year.valueChanged.connect(self._year_changed)
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        self.unsaved = QLabel()
        self.unsaved.setObjectName("sla_calendar_unsaved")
        top.addWidget(self.unsaved, 1)
        layout.addLayout(top)
        self.source = QLabel()
        self.source.setObjectName("sla_calendar_source")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        lists = QHBoxLayout()
        self.rest = self._day_list(lists, self.tr("休息日（节假日、调休放假的工作日）"), "sla_calendar_rest")
        self.work = self._day_list(lists, self.tr("调休上班日（周末上班）"), "sla_calendar_work")
        layout.addLayout(lists, 1)
        self.note = QLineEdit()
        self.note.setObjectName("sla_calendar_note")
        self.note.setPlaceholderText(self.tr("依据，如 国务院办公厅关于2027年部分节假日安排的通知"))
        self.note.textChanged.connect(self._edited)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        fill = QPushButton(self.tr("载入 chinese-calendar 数据"))
        fill.setObjectName("sla_calendar_prefill")
        fill.clicked.connect(self._prefill)
        clear = QPushButton(self.tr("删除本年设置"))
        clear.setObjectName("sla_calendar_delete")
        clear.clicked.connect(self._delete)
        row.addWidget(fill)
        row.addWidget(clear)
        row.addStretch(1)
        layout.addLayout(row)
        self._load()

    def _day_list(self, parent: QHBoxLayout, title: str, name: str) -> QListWidget:
        column = QVBoxLayout()
        column.addWidget(QLabel(title))
        days = QListWidget()
        days.setObjectName(name)
        days.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        column.addWidget(days, 1)
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setObjectName(f"{name}_date")
        add = QPushButton(self.tr("添加"))
        add.setObjectName(f"{name}_add")
        remove = QPushButton(self.tr("删除所选"))
        remove.setObjectName(f"{name}_remove")

        def add_day() -> None:
            text = edit.date().toString("yyyy-MM-dd")
            if not days.findItems(text, Qt.MatchFlag.MatchStartsWith):
                days.addItem(text)
                days.sortItems()
                self._edited()

        def remove_days() -> None:
            for item in days.selectedItems():
                days.takeItem(days.row(item))
            self._edited()

        add.clicked.connect(add_day)
        remove.clicked.connect(remove_days)
        buttons = QHBoxLayout()
        buttons.addWidget(edit)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        column.addLayout(buttons)
        parent.addLayout(column, 1)
        return days

    # ------------------------------------------------------------------ what is shown
    def _fallback(self, year: int) -> YearTable:
        """What applies without the user's table: chinese-calendar's data, or weekends only (no note)."""
        table = library_year_table(year) if library_covers(year) else None
        return YearTable(year, table.rest_days, table.workdays) if table is not None else YearTable(year)

    def _baseline(self, year: int) -> YearTable:
        return self.stored.get(year) or self._fallback(year)

    def _year_changed(self, year: int) -> None:
        self._capture()
        for edit in self.findChildren(QDateEdit):  # the day pickers follow the year
            d = edit.date()
            edit.setDate(QDate(year, d.month(), min(d.day(), 28 if d.month() == 2 else d.day())))
        self._shown_year = year
        self._load()

    def _load(self) -> None:
        year = self._shown_year
        pending = self.pending.get(year, self.stored.get(year))
        if year in self.pending and self.pending[year] is _DELETE:
            text = self.tr("将删除 %1 年的工作日历（确定或应用后生效），恢复为 chinese-calendar 的数据或仅按周末。")
            shown = self._fallback(year)
        elif pending is not None:
            text = self.tr("已录入 %1 年的工作日历（覆盖 chinese-calendar 的数据）。")
            shown = pending
        elif library_covers(year):
            text = self.tr("chinese-calendar 已收录 %1 年的法定节假日与调休；如国务院另有调整，可在此录入。")
            shown = self._fallback(year)
        else:
            text = self.tr("日历未核实：chinese-calendar 没有 %1 年的数据。请依据国务院办公厅的节假日安排通知录入。")
            shown = YearTable(year)
        self.source.setText(text.replace("%1", str(year)))
        self._loading = True
        try:
            self._show_days(shown)
            self.note.setText(shown.note)
        finally:
            self._loading = False
        self._show_unsaved()

    def _show_days(self, table: YearTable) -> None:
        for days, values in ((self.rest, table.rest_days), (self.work, table.workdays)):
            days.clear()
            for d in sorted(values):
                name = library_holiday_name(d)
                days.addItem(d.isoformat() + (f"  {facts().holiday_names.get(name, name)}" if name else ""))

    def _show_unsaved(self) -> None:
        years = sorted(y for y in self.pending if self._differs(y))
        text = self.tr("未保存：%1 年").replace("%1", "、".join(str(y) for y in years)) if years else ""
        self.unsaved.setText(text)

    # ------------------------------------------------------------------ edits
    def table(self) -> YearTable:
        """The shown year's table as entered."""

        def read(days: QListWidget) -> frozenset[date]:
            return frozenset(date.fromisoformat(days.item(i).text()[:10]) for i in range(days.count()))

        return YearTable(self._shown_year, read(self.rest), read(self.work), self.note.text())

    def _capture(self) -> None:
        """Keep the shown year's edits in :attr:`pending` (or forget them if they are undone)."""
        year, entered = self._shown_year, self.table()
        if self.pending.get(year, 0) is _DELETE and _same(entered, self._fallback(year)):
            return  # still a deletion
        if _same(entered, self._baseline(year)):
            self.pending.pop(year, None)
        else:
            self.pending[year] = entered

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._capture()
        self._show_unsaved()
        self.changed.emit()

    def _prefill(self) -> None:
        table = library_year_table(self.year.value())
        if table is None:
            self.source.setText(self.tr("chinese-calendar 没有该年的数据，请手工录入。"))
            return
        self._show_days(YearTable(table.year, table.rest_days, table.workdays, self.note.text()))
        self._edited()

    def _delete(self) -> None:
        year = self._shown_year
        if year in self.stored:
            self.pending[year] = _DELETE
        else:
            self.pending.pop(year, None)  # nothing stored: dropping the edits is the deletion
        self._load()
        self.changed.emit()

    def _differs(self, year: int) -> bool:
        entry = self.pending[year]
        return year in self.stored if entry is _DELETE else not _same(entry, self.stored.get(year))

    # ------------------------------------------------------------------ SettingsPage
    def is_modified(self) -> bool:
        """True when some year's table differs from the stored one (or is to be deleted)."""
        return any(self._differs(y) for y in self.pending)

    def validate(self) -> None:
        """Every edited year: dates inside the year, no day in both lists (InputError otherwise)."""
        self._capture()
        for year in sorted(self.pending):
            table = self.pending[year]
            if table is not None:
                try:
                    check_year_table(table)
                except Exception:
                    if year != self._shown_year:
                        self.year.setValue(year)  # show the year that is wrong
                    raise

    def save(self, done: SaveDone) -> None:
        """Write every edited year on the writer (the repository's audited writes), then re-read."""
        self._capture()
        changes = {y: t for y, t in sorted(self.pending.items()) if self._differs(y)}
        repo, at = self.repo, tu.iso(tu.now_us())

        def write() -> tuple[YearTable, ...]:
            for year, table in changes.items():
                if table is None:
                    repo.delete_calendar_year(year)
                else:
                    repo.set_calendar_year(table, at)
            return repo.calendar_years()

        def written(tables: object) -> None:
            assert isinstance(tables, tuple)
            self.stored = {t.year: t for t in tables}
            self.pending.clear()
            self._load()
            if self.on_saved is not None:
                self.on_saved()
            self.changed.emit()
            done(None)

        def failed(exc: BaseException) -> None:
            self.stored = {t.year: t for t in repo.calendar_years()}  # the years written before the failure
            self._show_unsaved()
            done(exc)

        self.services.runner.run(write, on_success=written, on_error=failed, writer=True)

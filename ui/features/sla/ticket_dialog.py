"""The ticket dialog: its tabs, new events, corrections and the writes behind them.

The clock table and the timeline are drawn by :mod:`ui.features.sla.ticket_views`, the 处理评定
form by :mod:`ui.features.sla.ticket_evaluation`. Every change is a new event written on the
writer thread through the audited write path (:class:`app.ops.ticketwrites.TicketWriter`); the
dialog then reloads the ticket and emits ``changed`` so the board refreshes. A new event defaults
to now; a time more than a minute in the past needs a 补录原因. Corrections and withdrawals need a
reason and never change the event they correct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ops import timeutil as tu
from app.ops.boardview import next_event
from app.ops.clocks import ClockEngine
from app.ops.contract import EVENT_NAMES, EVENT_TYPES, facts
from app.ops.ledger import EventRecord
from app.ops.repository import OpsRepository, TicketRow
from app.ops.ticketwrites import BACKDATE_TOLERANCE_US, TicketWriter
from ui.features.sla.forms import (
    KINDS,
    ClassifyDialog,
    NowEdit,
    channel_combo,
    contact_text,
    from_qt,
    level_combo,
    time_edit,
)
from ui.features.sla.ticket_evaluation import chosen_marks, evaluation_page, show_marks
from ui.features.sla.ticket_views import calendar_note, clock_table, show_clocks, show_timeline, timeline_table
from ui.services import UiServices

RECORDABLE = [t for t in EVENT_TYPES if t != "reported"]


class TicketDialog(QDialog):
    """One ticket.

    Args:
        services: Store and runner.
        pk: The stored ticket.
        engine: The board's clock engine (the contract's policy and calendar).
        clock: "Now" in microseconds (the board's clock).
        parent: The parent window.
    """

    changed = Signal()
    calendar_requested = Signal()
    """The 日历未核实 note's link was clicked: open 设置 → 工作日历."""

    def __init__(
        self,
        services: UiServices,
        pk: int,
        engine: ClockEngine,
        clock: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sla_ticket_dialog")
        self.services = services
        self.pk = pk
        self.engine = engine
        self.clock = clock
        self.repo = OpsRepository(services.store)
        self.writer = TicketWriter(services.store, clock=clock)
        self.row: TicketRow | None = None
        self.history: list[EventRecord] = []
        self.resize(920, 680)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sla_ticket_heading")
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview(), self.tr("概况与时钟"))
        self.tabs.addTab(self._timeline(), self.tr("时间线与事件"))
        self.tabs.addTab(self._evaluation(), self.tr("处理评定"))
        layout.addWidget(self.tabs, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    # -- tabs -----------------------------------------------------------------------------------

    def _overview(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        header = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(header)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("sla_ticket_title")
        self.kind_box = QComboBox()
        for key, text in KINDS:
            self.kind_box.addItem(self.tr(text), key)
        self.category_box = QComboBox()
        self.category_box.addItem("—", None)
        for category in facts().security_categories:
            self.category_box.addItem(category, category)
        self.kind_box.currentIndexChanged.connect(
            lambda _i: self.category_box.setEnabled(self.kind_box.currentData() == "security")
        )  # the eight report categories belong to security tickets only
        self.onsite_box = QCheckBox(self.tr("需要现场服务"))
        self.assignee_edit = QLineEdit()
        save = QPushButton(self.tr("保存基本信息"))
        save.setObjectName("sla_ticket_save_header")
        save.clicked.connect(self._save_header)
        form.addRow(self.tr("标题"), self.title_edit)
        form.addRow(self.tr("类型"), self.kind_box)
        form.addRow(self.tr("安全事件类别"), self.category_box)
        form.addRow("", self.onsite_box)
        form.addRow(self.tr("负责人"), self.assignee_edit)
        form.addRow("", save)
        layout.addWidget(header)
        level = QGroupBox(self.tr("故障等级与联系方式"))
        row = QHBoxLayout(level)
        self.level_label = QLabel()
        self.level_label.setObjectName("sla_ticket_level")
        self.level_label.setWordWrap(True)
        helper = QPushButton(self.tr("分级助手…"))
        helper.setObjectName("sla_ticket_classify")
        helper.clicked.connect(self._classify)
        row.addWidget(self.level_label, 1)
        row.addWidget(helper)
        layout.addWidget(level)
        self.calendar_note = calendar_note()
        self.calendar_note.linkActivated.connect(lambda _link: self.calendar_requested.emit())
        layout.addWidget(self.calendar_note)
        self.clock_table = clock_table()
        layout.addWidget(self.clock_table, 1)
        return page

    def _timeline(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.timeline = timeline_table()
        layout.addWidget(self.timeline, 1)
        fix = QHBoxLayout()
        correct = QPushButton(self.tr("更正所选事件的时间…"))
        correct.setObjectName("sla_ticket_correct")
        correct.clicked.connect(self._correct)
        withdraw = QPushButton(self.tr("撤销所选事件…"))
        withdraw.setObjectName("sla_ticket_withdraw")
        withdraw.clicked.connect(self._withdraw)
        fix.addWidget(correct)
        fix.addWidget(withdraw)
        fix.addStretch(1)
        layout.addLayout(fix)
        layout.addWidget(self._event_form())
        return page

    def _event_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("记录新事件"))
        grid = QGridLayout(box)
        self.type_box = QComboBox()
        self.type_box.setObjectName("sla_event_type")
        for t in RECORDABLE:
            self.type_box.addItem(f"{EVENT_NAMES[t]}（{t}）", t)
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self.at_edit = NowEdit(self.clock())
        self.at_edit.setObjectName("sla_event_at")
        self.at_edit.dateTimeChanged.connect(self._time_changed)
        now = QPushButton(self.tr("现在"))
        now.clicked.connect(self._reset_time)
        self.backdate_edit = QLineEdit()
        self.backdate_edit.setObjectName("sla_event_backdate")
        self.backdate_edit.setPlaceholderText(self.tr("补录过去时间的事件时必须填写"))
        self.new_level = level_combo()
        self.new_level.setObjectName("sla_event_level")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("sla_event_reason")
        self.channel_box = channel_combo()
        self.by_edit = QLineEdit()
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("sla_event_text")
        self.also_restored = QCheckBox(self.tr("同时记录业务恢复（恢复时钟以“业务恢复”事件停止）"))
        self.also_restored.setObjectName("sla_event_also_restored")
        self.also_restored.setChecked(True)
        record = QPushButton(self.tr("记录事件"))
        record.setObjectName("sla_event_record")
        record.clicked.connect(self._record)
        cells: list[tuple[str, QWidget]] = [
            (self.tr("事件"), self.type_box),
            (self.tr("时间"), self.at_edit),
            (self.tr("补录原因"), self.backdate_edit),
            (self.tr("新等级"), self.new_level),
            (self.tr("原因"), self.reason_edit),
            (self.tr("渠道"), self.channel_box),
            (self.tr("人员"), self.by_edit),
            (self.tr("说明"), self.text_edit),
        ]
        for n, (label, widget) in enumerate(cells):
            grid.addWidget(QLabel(label), n // 2, (n % 2) * 2)
            grid.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        grid.addWidget(now, 0, 4)
        grid.addWidget(self.also_restored, 4, 0, 1, 3)
        grid.addWidget(record, 4, 3, 1, 2)
        self._type_changed()
        return box

    def _evaluation(self) -> QWidget:
        page, self.marks = evaluation_page(self, self._save_evaluation)
        return page

    # -- reading --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ticket and its ledger again (after a write, or another lead's)."""
        self.row = self.repo.ticket(self.pk)
        self.history = self.repo.history(self.pk)
        t = self.row.ticket
        self.setWindowTitle(self.tr("工单 %1").replace("%1", t.id))
        self.heading.setText(f"{t.id}  {t.title}  ·  {self.row.status}")
        self.title_edit.setText(t.title)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(t.kind), 0))
        self.category_box.setEnabled(t.kind == "security")
        self.category_box.setCurrentIndex(max(self.category_box.findData(t.category), 0))
        self.onsite_box.setChecked(t.onsite_required)
        self.assignee_edit.setText(t.assignee)
        self.level_label.setText(self.tr("当前等级：") + contact_text(self.row.level))
        self._show_clocks()
        show_timeline(self.timeline, self.history)
        self.type_box.setCurrentIndex(max(self.type_box.findData(next_event(t, self.row.level)), 0))
        show_marks(self.marks, t.evaluation)
        self._type_changed()

    def refresh_clocks(self) -> None:
        """Re-evaluate the clocks (the board's one timer calls this each tick); the new event's time follows."""
        self._show_clocks()
        self.at_edit.tick(self.clock())

    def _show_clocks(self) -> None:
        assert self.row is not None
        show_clocks(self.clock_table, self.calendar_note, self.engine, self.row.ticket, self.clock())

    # -- writing --------------------------------------------------------------------------------

    def _write(self, fn: Callable[[], Any]) -> None:
        from ui.crash import handle_error

        def done(_result: object) -> None:
            self.reload()
            self.changed.emit()

        self.services.runner.run(fn, on_success=done, on_error=lambda exc: handle_error(self, exc), writer=True)

    def _type_changed(self, *_args: object) -> None:
        t = self.type_box.currentData()
        self.new_level.setEnabled(t == "level_changed")
        self.reason_edit.setPlaceholderText(self.tr("挂起原因（必填）") if t == "paused" else "")
        has_restored = any(e.type == "restored" for e in self.row.ticket.events) if self.row else True
        needs = t == "resolved" and self.row is not None and self.row.level <= 3 and not has_restored
        self.also_restored.setVisible(needs)

    def _backdated(self) -> bool:
        chosen = self.at_edit.chosen()
        return chosen is not None and chosen < self.clock() - BACKDATE_TOLERANCE_US

    def _time_changed(self, *_args: object) -> None:
        self.backdate_edit.setEnabled(self._backdated())

    def _reset_time(self) -> None:
        self.at_edit.follow_now(self.clock())
        self._time_changed()

    def record(self) -> None:
        """Record the event in the form (also the 记录事件 button)."""
        self._record()

    def _record(self) -> None:
        t = self.type_box.currentData()
        at = self.at_edit.chosen()
        when = None if at is None or abs(at - self.clock()) <= BACKDATE_TOLERANCE_US else at
        level: int | None = self.new_level.currentData() if t == "level_changed" else None
        reason, channel = self.reason_edit.text(), str(self.channel_box.currentData() or "")
        by, text, why = self.by_edit.text(), self.text_edit.text(), self.backdate_edit.text()
        restored = self.also_restored.isVisible() and self.also_restored.isChecked()
        writer, pk = self.writer, self.pk

        def write() -> None:
            if restored:
                writer.record(pk, "restored", when, backdate_reason=why)
            writer.record(
                pk, t, when, level=level, reason=reason, channel=channel, by=by, text=text, backdate_reason=why
            )

        self._write(write)
        self.reason_edit.clear()
        self.text_edit.clear()
        self.backdate_edit.clear()
        self._reset_time()

    def _selected(self) -> EventRecord | None:
        rows = {i.row() for i in self.timeline.selectedIndexes()}
        return self.history[min(rows)] if rows else None

    def _correct(self) -> None:
        record = self._selected()
        if record is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("更正事件 #%1").replace("%1", str(record.seq)))
        form = QFormLayout(dialog)
        at = time_edit(tu.to_us(tu.parse_instant(record.at)))
        reason = QLineEdit()
        form.addRow(self.tr("正确的时间"), at)
        form.addRow(self.tr("更正原因"), reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        writer, pk, seq, when, why = self.writer, self.pk, record.seq, from_qt(at.dateTime()), reason.text()
        self._write(lambda: writer.correct(pk, seq, why, at=when))

    def _withdraw(self) -> None:
        record = self._selected()
        if record is None:
            return
        why, ok = QInputDialog.getText(self, self.tr("撤销事件"), self.tr("撤销原因（必填）"))
        if ok:
            writer, pk, seq = self.writer, self.pk, record.seq
            self._write(lambda: writer.withdraw(pk, seq, why))

    def _save_header(self) -> None:
        changes = {
            "title": self.title_edit.text(),
            "kind": self.kind_box.currentData(),
            "category": self.category_box.currentData() if self.category_box.isEnabled() else None,
            "onsite_required": self.onsite_box.isChecked(),
            "assignee": self.assignee_edit.text(),
        }
        writer, pk = self.writer, self.pk
        self._write(lambda: writer.update(pk, changes))

    def _classify(self) -> None:
        assert self.row is not None
        helper = ClassifyDialog(self.row.level, self)
        if helper.exec() != QDialog.DialogCode.Accepted:
            return
        level = helper.level()
        if level is not None and level != self.row.level:
            writer, pk = self.writer, self.pk
            self._write(lambda: writer.record(pk, "level_changed", level=level, text="分级助手"))

    def _save_evaluation(self) -> None:
        form = chosen_marks(self.marks)
        writer, pk = self.writer, self.pk
        self._write(lambda: writer.evaluate(pk, form))

"""The board's other dialogs: a new ticket, the obligations calendar, the monthly report (工作日历: calendar_page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ops.contract import facts
from app.ops.obligations import ObligationStore, behind_schedule
from app.ops.ticketwrites import BACKDATE_TOLERANCE_US, TicketWriter
from ui.features.sla.forms import KINDS, ClassifyDialog, NowEdit, channel_combo, contact_text, level_combo
from ui.services import UiServices


def _ok_cancel(dialog: QDialog, layout: Any) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons


def _run(services: UiServices, parent: QWidget, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
    from ui.crash import handle_error

    services.runner.run(fn, on_success=done, on_error=lambda exc: handle_error(parent, exc), writer=True)


class NewTicketDialog(QDialog):
    """A new ticket: number, title, level (with the classification helper), kind, report time."""

    created = Signal(int)

    def __init__(
        self,
        services: UiServices,
        contract_id: int,
        number: str,
        clock: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sla_new_ticket")
        self.setWindowTitle(self.tr("新建工单"))
        self.services, self.contract_id, self.clock = services, contract_id, clock
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit(number)
        self.number.setObjectName("sla_new_number")
        self.title = QLineEdit()
        self.title.setObjectName("sla_new_title")
        self.level = level_combo()
        self.level.setObjectName("sla_new_level")
        self.level.setCurrentIndex(3)
        helper = QPushButton(self.tr("分级助手…"))
        helper.clicked.connect(self._classify)
        level_row = QHBoxLayout()
        level_row.addWidget(self.level, 1)
        level_row.addWidget(helper)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("sla_new_kind")
        for key, text in KINDS:
            self.kind.addItem(self.tr(text), key)
        self.category = QComboBox()
        self.category.setObjectName("sla_new_category")
        self.category.addItem("—", None)
        for c in facts().security_categories:
            self.category.addItem(c, c)
        self.category.setEnabled(False)  # only a security ticket has a report category
        self.kind.currentIndexChanged.connect(
            lambda _i: self.category.setEnabled(self.kind.currentData() == "security")
        )
        self.onsite = QCheckBox(self.tr("需要现场服务"))
        self.assignee = QLineEdit()
        self.channel = channel_combo()
        self.reporter = QLineEdit()
        self.at = NowEdit(clock())
        self.at.setObjectName("sla_new_at")
        self.backdate = QLineEdit()
        self.backdate.setObjectName("sla_new_backdate")
        self.backdate.setPlaceholderText(self.tr("报告时间早于现在时必须填写"))
        for label, widget in (
            (self.tr("编号"), self.number),
            (self.tr("标题"), self.title),
            (self.tr("故障等级"), level_row),
            (self.tr("联系方式"), self.contact),
            (self.tr("类型"), self.kind),
            (self.tr("安全事件类别"), self.category),
            ("", self.onsite),
            (self.tr("负责人"), self.assignee),
            (self.tr("报告渠道"), self.channel),
            (self.tr("报告人"), self.reporter),
            (self.tr("报告时间"), self.at),
            (self.tr("补录原因"), self.backdate),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.missing = QLabel()
        self.missing.setObjectName("sla_new_missing")
        self.missing.setStyleSheet("color: #C62828;")
        self.missing.hide()
        layout.addWidget(self.missing)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        buttons = _ok_cancel(self, layout)
        buttons.accepted.disconnect()
        buttons.accepted.connect(self._create)

    def _level_changed(self, *_args: object) -> None:
        level = self.level.currentData()
        self.contact.setText(contact_text(level))
        self.channel.setCurrentIndex(max(self.channel.findData(facts().level(level).channels[0]), 0))

    def _classify(self) -> None:
        helper = ClassifyDialog(self.level.currentData(), self)
        if helper.exec() == QDialog.DialogCode.Accepted and helper.level() is not None:
            self.level.setCurrentIndex(self.level.findData(helper.level()))

    def _create(self) -> None:
        if not self.title.text().strip():
            # A ticket typed in by hand needs its symptom (an imported row may lack one: ops-tickets/1).
            self.missing.setText(self.tr("请填写标题（故障现象），工单未创建。"))
            self.missing.show()
            self.title.setFocus()
            return
        at = self.at.chosen()
        when = None if at is None or abs(at - self.clock()) <= BACKDATE_TOLERANCE_US else at
        header = {
            "title": self.title.text(),
            "level": self.level.currentData(),
            "kind": self.kind.currentData(),
            "category": self.category.currentData() if self.category.isEnabled() else None,
            "onsite_required": self.onsite.isChecked(),
            "assignee": self.assignee.text(),
        }
        writer = TicketWriter(self.services.store, clock=self.clock)
        cid, number = self.contract_id, self.number.text()
        channel, by, why = self.channel.currentData() or "", self.reporter.text(), self.backdate.text()

        def create() -> int:
            return writer.create(cid, number, header, at=when, channel=channel, by=by, backdate_reason=why)

        def done(pk: Any) -> None:
            self.created.emit(int(pk))
            self.accept()

        _run(self.services, self, create, done)


class ObligationsDialog(QDialog):
    """The service obligations calendar: due and done dates, evidence files, behind-schedule warnings."""

    changed = Signal()

    def __init__(self, services: UiServices, contract_id: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sla_obligations_dialog")
        self.setWindowTitle(self.tr("服务义务"))
        self.resize(860, 560)
        self.services, self.contract_id, self.today = services, contract_id, today
        self.store = ObligationStore(services.store)
        layout = QVBoxLayout(self)
        self.warning = QLabel()
        self.warning.setObjectName("sla_obligations_warning")
        self.warning.setStyleSheet("color: #C62828;")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("sla_obligations_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("服务义务"), self.tr("到期"), self.tr("完成"), self.tr("状态"), self.tr("证据（SHA-256）")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.done_date = QDateEdit(QDate(today.year, today.month, today.day))
        self.done_date.setCalendarPopup(True)
        self.done_date.setDisplayFormat("yyyy-MM-dd")
        for text, slot, name in (
            (self.tr("标记完成"), self._mark_done, "sla_obligation_done"),
            (self.tr("取消完成"), self._clear_done, "sla_obligation_undone"),
            (self.tr("添加证据文件…"), self._attach, "sla_obligation_attach"),
            (self.tr("按合同生成计划"), self._schedule, "sla_obligation_schedule"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            if name == "sla_obligation_done":
                row.insertWidget(0, self.done_date)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        """Read the obligations again."""
        self.items = self.store.list(self.contract_id)
        self.table.setRowCount(len(self.items))
        for r, o in enumerate(self.items):
            files = "；".join(f"{f.name} {f.sha256[:12]}…" for f in o.files)
            cells = [o.title, o.due.isoformat(), o.done.isoformat() if o.done else "—", o.status(self.today), files]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        behind = behind_schedule(self.items, self.today)
        self.warning.setText("\n".join(self.tr("进度落后：") + b.message for b in behind))
        self.warning.setVisible(bool(behind))

    def _selected(self) -> int | None:
        row = self.table.currentRow()
        return self.items[row].id if 0 <= row < len(self.items) else None

    def _after(self, _result: object = None) -> None:
        self.reload()
        self.changed.emit()

    def mark_done(self, obligation_id: int, when: date | None) -> None:
        """Record (or, with None, clear) an obligation's done date."""
        _run(self.services, self, lambda: self.store.set_done(obligation_id, when), self._after)

    def attach_file(self, obligation_id: int, path: Path) -> None:
        """Copy a file into the evidence folder and attach it to an obligation."""
        _run(self.services, self, lambda: self.store.attach(obligation_id, path), self._after)

    def _mark_done(self) -> None:
        oid = self._selected()
        if oid is not None:
            self.mark_done(oid, date.fromisoformat(self.done_date.date().toString("yyyy-MM-dd")))

    def _clear_done(self) -> None:
        oid = self._selected()
        if oid is not None:
            self.mark_done(oid, None)

    def _attach(self) -> None:
        oid = self._selected()
        if oid is None:
            return
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("选择证据文件"))
        if name:
            self.attach_file(oid, Path(name))

    def _schedule(self) -> None:
        _run(self.services, self, lambda: self.store.fill_schedule(self.contract_id), self._after)


class ReportDialog(QDialog):
    """The monthly report: month, PDF or Excel, and where to save it."""

    def __init__(self, months: list[str], default_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sla_report_dialog")
        self.setWindowTitle(self.tr("月度运维报告"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.month = QComboBox()
        self.month.setObjectName("sla_report_month")
        for m in months:
            self.month.addItem(m, m)
        self.pdf = QRadioButton("PDF")
        self.pdf.setChecked(True)
        self.xlsx = QRadioButton("Excel")
        kinds = QHBoxLayout()
        kinds.addWidget(self.pdf)
        kinds.addWidget(self.xlsx)
        form.addRow(self.tr("月份"), self.month)
        form.addRow(self.tr("格式"), kinds)
        layout.addLayout(form)
        self.default_dir = default_dir
        _ok_cancel(self, layout)

    def choice(self) -> tuple[int, int, str]:
        """``(year, month, ".pdf" | ".xlsx")``."""
        text = str(self.month.currentData())
        return int(text[:4]), int(text[5:7]), ".pdf" if self.pdf.isChecked() else ".xlsx"

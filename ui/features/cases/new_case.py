"""New case (and edit case header): system, level, client, assessor, report no., period, four phases."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.core import clock
from app.core.errors import InputError
from app.mipin.cases import PHASES, CaseHeader

_UNSET = QDate(2000, 1, 1)


class _TodayPage(QObject):
    """Shows today's month when the calendar of an empty (未填写) date opens, not January 2000."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On showing the calendar of an empty date, turn to the current month."""
        if event.type() == QEvent.Type.Show and self.edit.date() == _UNSET and isinstance(watched, QCalendarWidget):
            today = clock.today()
            watched.setCurrentPage(today.year, today.month)
        return False


def _date_edit(parent: QWidget, value: date | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(_UNSET)
    edit.setSpecialValueText(QCoreApplication.translate("NewCaseDialog", "未填写"))
    edit.setDate(QDate(value.year, value.month, value.day) if value else _UNSET)
    calendar = edit.calendarWidget()
    calendar.installEventFilter(_TodayPage(edit))
    return edit


def _value(edit: QDateEdit) -> date | None:
    qdate = edit.date()
    return None if qdate == _UNSET else date(qdate.year(), qdate.month(), qdate.day())


class NewCaseDialog(QDialog):
    """Asks for a case header; :meth:`header` returns the validated :class:`CaseHeader`.

    Args:
        default_assessor: 测评机构 proposed (from the settings).
        threshold: 量化评估阈值 (from the settings).
        initial: Header to edit instead of a blank one.
        parent: Parent widget.
    """

    def __init__(
        self, default_assessor: str = "", threshold: float = 60.0, initial: CaseHeader | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("new_case_dialog")
        self.setWindowTitle(self.tr("新建测评项目") if initial is None else self.tr("测评项目信息"))
        self.threshold = initial.threshold if initial else threshold
        start = initial or CaseHeader(system_name="", level=3, assessor=default_assessor, period_start=clock.today())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.system_name = QLineEdit(start.system_name, self)
        self.system_name.setObjectName("system_name")
        self.system_name.setPlaceholderText(self.tr("例如：梧州市全民健康信息平台"))
        self.level = QComboBox(self)
        self.level.setObjectName("level")
        for number, name in ((1, "第一级"), (2, "第二级"), (3, "第三级"), (4, "第四级")):
            self.level.addItem(name, number)
        self.level.setCurrentIndex(start.level - 1)
        self.client = QLineEdit(start.client, self)
        self.client.setObjectName("client")
        self.client.setPlaceholderText(self.tr("委托单位，例如：梧州市卫生健康委员会"))
        self.assessor = QLineEdit(start.assessor, self)
        self.assessor.setObjectName("assessor")
        self.report_no = QLineEdit(start.report_no, self)
        self.report_no.setObjectName("report_no")
        self.period_start = _date_edit(self, start.period_start)
        self.period_end = _date_edit(self, start.period_end)
        for label, widget in (
            (self.tr("被测系统名称 *"), self.system_name),
            (self.tr("等级"), self.level),
            (self.tr("委托单位"), self.client),
            (self.tr("测评机构"), self.assessor),
            (self.tr("报告编号"), self.report_no),
            (self.tr("评估开始日期"), self.period_start),
            (self.tr("评估结束日期"), self.period_end),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        phases = QGroupBox(self.tr("测评过程（GM/T 0116 四个阶段）"), self)
        grid = QGridLayout(phases)
        grid.addWidget(QLabel(self.tr("开始"), phases), 0, 1)
        grid.addWidget(QLabel(self.tr("结束"), phases), 0, 2)
        self.phase_edits: dict[str, tuple[QDateEdit, QDateEdit]] = {}
        for row, phase in enumerate(PHASES, start=1):
            begin, end = start.phases.get(phase, (None, None))
            edits = (_date_edit(phases, begin), _date_edit(phases, end))
            grid.addWidget(QLabel(f"{phase}阶段", phases), row, 0)
            grid.addWidget(edits[0], row, 1)
            grid.addWidget(edits[1], row, 2)
            self.phase_edits[phase] = edits
        layout.addWidget(phases)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def header(self) -> CaseHeader:
        """The entered header (not yet validated)."""
        phases = {}
        for phase, (begin, end) in self.phase_edits.items():
            if _value(begin) or _value(end):
                phases[phase] = (_value(begin), _value(end))
        return CaseHeader(
            system_name=self.system_name.text().strip(),
            level=int(self.level.currentData()),
            client=self.client.text().strip(),
            assessor=self.assessor.text().strip(),
            report_no=self.report_no.text().strip(),
            period_start=_value(self.period_start),
            period_end=_value(self.period_end),
            phases=phases,
            threshold=self.threshold,
        )

    def accept(self) -> None:
        """Close only with a valid header; otherwise say which field is wrong."""
        try:
            self.header().validate()
        except InputError as exc:
            QMessageBox.warning(self, self.tr("请检查输入"), exc.reason)
            return
        super().accept()

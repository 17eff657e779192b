"""All cases as a table (the case list dialog): name, level, client, report no., updated, state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QColor

from ui.models.table_base import HeaderedTableModel, Index

if TYPE_CHECKING:
    from app.mipin.cases import CaseSummary  # the window paints before the store (SQLAlchemy) is loaded

COL_NAME, COL_LEVEL, COL_CLIENT, COL_REPORT, COL_UPDATED, COL_STATE = range(6)
CaseIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


class CaseTableModel(HeaderedTableModel):
    """Rows of :class:`CaseSummary` (archived ones included when loaded)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("CaseTableModel", "被测系统"),
        QT_TRANSLATE_NOOP("CaseTableModel", "等级"),
        QT_TRANSLATE_NOOP("CaseTableModel", "委托单位"),
        QT_TRANSLATE_NOOP("CaseTableModel", "报告编号"),
        QT_TRANSLATE_NOOP("CaseTableModel", "最近修改"),
        QT_TRANSLATE_NOOP("CaseTableModel", "状态"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []

    def set_cases(self, cases: list[CaseSummary]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def case_at(self, row: int) -> CaseSummary | None:
        """The case of a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int:
        """The row of a case, or -1."""
        return next((i for i, c in enumerate(self._rows) if c.id == case_id), -1)

    def row_items(self) -> list[Any]:
        """The rows."""
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell texts and the case id (``CaseIdRole``)."""
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            state = []
            if case.demo:
                state.append(QCoreApplication.translate("CaseTableModel", "示例"))
            if case.archived:
                state.append(QCoreApplication.translate("CaseTableModel", "已归档"))
            return (
                case.system_name,
                f"第{case.level}级",
                case.client,
                case.report_no,
                f"{case.updated_at:%Y-%m-%d %H:%M}",
                "、".join(state),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and case.archived:
            return QColor("#8a8f98")
        if role == SortRole:
            return (
                case.system_name,
                case.level,
                case.client,
                case.report_no,
                case.updated_at.isoformat(),
                case.archived,
            )[col]
        if role == CaseIdRole:
            return case.id
        return None

"""The list of cases for the case switcher."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.store.cases import CaseSummary

CaseIdRole = Qt.ItemDataRole.UserRole + 1


class CaseListModel(QAbstractListModel):
    """Rows of :class:`CaseSummary`; ``CaseIdRole`` gives the case id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []

    def set_cases(self, cases: list[CaseSummary]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(cases)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of cases (a flat list has no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltip and id of a case."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "【示例】" if case.demo else ""
            archived = "（已归档）" if case.archived else ""
            return f"{mark}{case.system_name}（第{case.level}级）{archived}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"报告编号：{case.report_no or '—'}\n委托单位：{case.client or '—'}\n"
                f"更新：{case.updated_at:%Y-%m-%d %H:%M}"
            )
        if role == CaseIdRole:
            return case.id
        return None

    def row_of(self, case_id: int) -> int:
        """The row of ``case_id``, or -1."""
        for row, case in enumerate(self._rows):
            if case.id == case_id:
                return row
        return -1

    def case_at(self, row: int) -> CaseSummary | None:
        """The summary at ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

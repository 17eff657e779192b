"""The list of cases for the case switcher."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ui.models.case_table import CaseIdRole, CaseTableModel
from ui.models.table_base import Index

__all__ = ["CaseIdRole", "CaseListModel"]


class CaseListModel(CaseTableModel):
    """The case table's rows as one column for a combo box; ``CaseIdRole`` gives the case id."""

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column: the case as the switcher shows it."""
        return 0 if parent.isValid() else 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltip and id of a case."""
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
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

"""Plain row tables of the 密改方案 tab: read-only rows, and plan tables that edit in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.core.errors import InputError

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanItemsModel", text)


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows (key lifecycle, products, compliance, review checks)."""

    def __init__(self, headers: Sequence[object], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(str(h) for h in headers)
        self.rows: list[tuple[str, ...]] = []
        self.colors: list[str | None] = []

    def set_rows(self, rows: Sequence[Sequence[str]], colors: Sequence[str | None] | None = None) -> None:
        """Replace the rows (``colors``: a text colour per row, or None)."""
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.colors = list(colors) if colors is not None else [None] * len(self.rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The rows."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The headers."""
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles (translated in the ``PlanItemsModel`` context)."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.headers[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell text, its tooltip, and the row's colour."""
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and self.colors[index.row()]:
            return QBrush(QColor(self.colors[index.row()]))
        return None


Getter = Callable[[Any], str]
Setter = Callable[[Any, str], Any]


class SectionModel(RowsModel):
    """A plan table (key lifecycle, products, compliance) whose cells edit through :class:`SetRow`.

    Args:
        section: The plan's field (``key_lifecycle``, ``products``, ``compliance``).
        columns: Per column its header, how to show a row's cell, and how to make the new row
            from a typed text (None: read-only).
        edit: Applies a typed edit (the tab's undoable edit); False when it was refused.
        reject: Shows why a typed text cannot be a value (a bad date or number).
        make_edit: The edit for a changed row (default: :class:`~app.plan.edits.SetRow`).
    """

    def __init__(
        self,
        section: str,
        columns: Sequence[tuple[object, Getter, Setter | None]],
        edit: Callable[[Any, str], bool],
        reject: Callable[[str], None],
        parent: Any = None,
        make_edit: Callable[[int, Any], Any] | None = None,
    ) -> None:
        super().__init__([c[0] for c in columns], parent)
        self.section = section
        self.make_edit = make_edit
        self.columns = tuple(columns)
        self._edit = edit
        self._reject = reject
        self.records: tuple[Any, ...] = ()

    def set_records(self, records: Sequence[Any], colors: Sequence[str | None] | None = None) -> None:
        """Show the plan's rows."""
        self.records = tuple(records)
        self.set_rows([[get(r) for _h, get, _s in self.columns] for r in self.records], colors)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Cells with a setter are editable."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.columns[index.column()][2] is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Turn a cell edit into a :class:`~app.plan.edits.SetRow` (refused values change nothing)."""
        from app.plan.edits import SetRow

        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        setter = self.columns[index.column()][2]
        if setter is None:
            return False
        old = self.records[index.row()]
        try:
            new = setter(old, str(value).strip())
        except InputError as exc:
            self._reject(exc.user_message())
            return False
        if new == old:
            return False
        header = str(self.columns[index.column()][0])
        text = QCoreApplication.translate("PlanItemsModel", "修改 %1").replace("%1", header)
        op = self.make_edit(index.row(), new) if self.make_edit else SetRow(self.section, index.row(), new)
        return self._edit(op, text)

"""The unit's 测评实施 items from the catalogue, as a checklist the assessor ticks while working."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.mipin.casework.edits import CaseCommand, SetChecklist
from app.mipin.casework.session import CaseSession
from app.mipin.engine import load_catalogue

Index = QModelIndex | QPersistentModelIndex
EditFn = Callable[[CaseCommand, str], bool]


class ProcedureModel(QAbstractListModel):
    """One checkable row per 测评实施 item of the selected unit.

    Args:
        edit: Applies an edit (the controller's ``edit``).
        parent: Owner.
    """

    def __init__(self, edit: EditFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self.unit_id: str | None = None
        self._items: tuple[str, ...] = ()
        self._ticked: set[int] = set()

    def refresh(self, session: CaseSession | None, unit_id: str | None) -> None:
        """Show ``unit_id``'s items and which are ticked."""
        items = load_catalogue().unit(unit_id).test_procedure if unit_id else ()
        state = session.unit(unit_id) if session and unit_id else None
        ticked = set(state.checklist) if state else set()
        if unit_id != self.unit_id or items != self._items:
            self.beginResetModel()
            self.unit_id, self._items, self._ticked = unit_id, items, ticked
            self.endResetModel()
        elif ticked != self._ticked:
            self._ticked = ticked
            if items:
                self.dataChanged.emit(self.index(0), self.index(len(items) - 1), [Qt.ItemDataRole.CheckStateRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of items."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Item text and tick."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._items[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if index.row() in self._ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Checkable rows."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Tick or untick an item (an undoable edit)."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or self.unit_id is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        ticked = set(self._ticked)
        if checked:
            ticked.add(index.row())
        else:
            ticked.discard(index.row())
        if ticked == self._ticked:
            return False
        text = f"{self.unit_id} 测评实施第 {index.row() + 1} 项" + ("打勾" if checked else "取消打勾")
        return self._edit(SetChecklist(self.unit_id, sorted(ticked)), text)

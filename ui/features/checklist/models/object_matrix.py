"""Test objects × technical units: define objects once and tick the units each belongs to.

Cells of units whose usual object types include the object's type are tinted (the catalogue's
suggestion); ticking assigns, unticking removes the object from the unit (both undoable).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.mipin.casework.edits import AssignObject, CaseCommand, UnassignObject, UpdateObject
from app.mipin.casework.session import CaseSession
from app.mipin.objecttypes import suggested_units

COL_NAME, COL_KIND = 0, 1
FIRST_UNIT_COLUMN = 2
ObjectNameRole = Qt.ItemDataRole.UserRole + 1
SuggestedRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
EditFn = Callable[[CaseCommand, str], bool]
_SUGGESTED = QColor("#e6f0fb")


class ObjectMatrixModel(QAbstractTableModel):
    """Rows: the case's objects; columns: name, type, then one checkable column per technical unit."""

    def __init__(self, edit: EditFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._session: CaseSession | None = None
        self._units: list[str] = []
        self._names: list[str] = []

    def refresh(self, session: CaseSession | None) -> None:
        """Show the open case (targeted update when objects and units are unchanged)."""
        units = [u.id for u in session.catalogue.units_for_level(session.level) if u.is_technical] if session else []
        names = [o.name for o in session.objects] if session else []
        same = units == self._units and names == self._names and session is self._session
        if not same:
            self.beginResetModel()
        self._session, self._units, self._names = session, units, names
        if not same:
            self.endResetModel()
        elif names:
            self.dataChanged.emit(self.index(0, 0), self.index(len(names) - 1, self.columnCount() - 1))

    def unit_at(self, column: int) -> str | None:
        """The unit of a column."""
        i = column - FIRST_UNIT_COLUMN
        return self._units[i] if 0 <= i < len(self._units) else None

    def name_at(self, row: int) -> str | None:
        """The object of a row."""
        return self._names[row] if 0 <= row < len(self._names) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of objects."""
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Name, type and one column per technical unit."""
        return 0 if parent.isValid() else FIRST_UNIT_COLUMN + len(self._units)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """``名称``, ``类型`` and unit ids (their names as tooltips)."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        unit = self.unit_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == COL_NAME:
                return QCoreApplication.translate("ObjectMatrixModel", "测评对象")
            if section == COL_KIND:
                return QCoreApplication.translate("ObjectMatrixModel", "类型")
            return unit
        if role == Qt.ItemDataRole.ToolTipRole and unit and self._session:
            return f"{unit} {self._session.catalogue.unit(unit).name_zh}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Name and type editable; unit cells checkable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_NAME, COL_KIND):
            return base | Qt.ItemFlag.ItemIsEditable
        return base | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, type, ticks and the suggestion tint."""
        name = self.name_at(index.row()) if index.isValid() else None
        session = self._session
        if name is None or session is None:
            return None
        definition = session.object_def(name)
        kind = definition.kind if definition else ""
        col = index.column()
        unit = self.unit_at(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NAME:
                return name
            if col == COL_KIND:
                return kind
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_KIND:
            return kind or None
        if unit is None:
            return name if role == ObjectNameRole else None
        state = session.unit(unit)
        assigned = state is not None and state.object(name) is not None
        suggested = unit in suggested_units(session.catalogue, session.level, kind)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if assigned else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and suggested:
            return _SUGGESTED
        if role == Qt.ItemDataRole.ToolTipRole:
            note = QCoreApplication.translate("ObjectMatrixModel", "（本单元常见的测评对象类型）") if suggested else ""
            return f"{unit} {session.catalogue.unit(unit).name_zh}{note}"
        if role == SuggestedRole:
            return suggested
        if role == ObjectNameRole:
            return name
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rename, change the type, or (un)assign to a unit — each an undoable edit."""
        name = self.name_at(index.row()) if index.isValid() else None
        if name is None:
            return False
        col = index.column()
        unit = self.unit_at(col)
        if unit is not None and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
            if checked:
                return self._edit(AssignObject(unit, name), f"将 {name} 分配到 {unit}")
            return self._edit(UnassignObject(unit, name), f"将 {name} 移出 {unit}")
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "").strip()
        if col == COL_NAME and text and text != name:
            return self._edit(UpdateObject(name, new_name=text), f"重命名 {name} → {text}")
        if col == COL_KIND:
            return self._edit(UpdateObject(name, kind=text), f"修改 {name} 的类型")
        return False

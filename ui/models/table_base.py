"""The boilerplate every flat table model shares: row/column counts and translated headers."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class HeaderedTableModel(QAbstractTableModel):
    """A flat table whose columns are ``HEADERS`` and whose rows are :meth:`row_items`.

    ``HEADERS`` entries are marked with ``QT_TRANSLATE_NOOP("<ClassName>", …)``: the header is
    translated in the context of the concrete class name, which is what lupdate extracted.
    """

    HEADERS: tuple[object, ...] = ()  # QT_TRANSLATE_NOOP returns object in the stubs

    def row_items(self) -> Sized:
        """The rows (overridden by each model)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of rows; a flat table has no children."""
        return 0 if parent.isValid() else len(self.row_items())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per header."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Translated column titles."""
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if horizontal and 0 <= section < len(self.HEADERS):
            return QCoreApplication.translate(type(self).__name__, str(self.HEADERS[section]))
        return None


class ModeFilterProxy(QSortFilterProxyModel):
    """A filter proxy switched between named modes (all / untested / failed / high risk).

    Subclasses implement ``filterAcceptsRow`` using ``self.mode``; :data:`FILTER_ALL`-style
    "show everything" handling stays in the subclass so each model decides what "all" means.
    """

    def __init__(self, initial_mode: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = initial_mode

    def set_mode(self, mode: str) -> None:
        """Change the filter and re-filter."""
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange()

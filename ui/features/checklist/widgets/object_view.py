"""The object table view: keyboard-first entry of D/A/K and the other object fields."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.mipin.engine import load_catalogue
from ui.features.checklist.models.object_table import (
    COL_A,
    COL_ALGORITHMS,
    COL_D,
    COL_EVIDENCE,
    COL_K,
    COL_MODULE,
    COL_NAME,
    COL_PROTOCOLS,
    COL_SCORE,
    MARK_COLUMNS,
    ObjectNameRole,
)
from ui.widgets.delegates import MarkDelegate, ModuleLevelDelegate, NamesDelegate

_FIT_ROWS_LIMIT = 300
_WIDTHS = {COL_D: 40, COL_A: 40, COL_K: 40, COL_MODULE: 72, COL_SCORE: 78, COL_EVIDENCE: 52}
_LISTS = {COL_ALGORITHMS: (150, 96), COL_PROTOCOLS: (96, 72)}
"""The algorithm and protocol columns: (width on a wide pane, the narrowest they give way to)."""
_NAME_MIN = 150
"""The narrowest the object name column gets while the list columns can still give way."""


def list_widths(viewport: int) -> dict[int, int]:
    """The algorithm and protocol column widths for a table ``viewport`` pixels wide.

    On a narrow pane (a 1366-pixel laptop screen with the unit tree and the score panel open)
    the list columns give way before the stretching name column is squeezed below
    ``_NAME_MIN``: an assessor identifies the object by its name.
    """
    spare = viewport - sum(_WIDTHS.values()) - _NAME_MIN
    wide = sum(w for w, _ in _LISTS.values())
    narrow = sum(n for _, n in _LISTS.values())
    if spare >= wide:
        return {column: w for column, (w, _) in _LISTS.items()}
    share = max(0.0, (spare - narrow) / (wide - narrow))
    return {column: round(n + (w - n) * share) for column, (w, n) in _LISTS.items()}


def catalogue_names(kind: str) -> list[str]:
    """Canonical algorithm or protocol names of the catalogue, for completion."""
    cat = load_catalogue()
    table = cat.algorithms if kind == "algorithms" else cat.protocols
    return [entry.name for entry in table]


class ObjectTableView(QTableView):
    """Table of a unit's objects; emits which object's score or evidence was asked for."""

    score_clicked = Signal(str)
    evidence_requested = Signal(str)
    current_object_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("object_table")
        self._user_sized = False
        self._sizing = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setMinimumSectionSize(26)
        self.setTabKeyNavigation(True)
        self.mark_delegate = MarkDelegate(self)
        for column in MARK_COLUMNS:
            self.setItemDelegateForColumn(column, self.mark_delegate)
        self.setItemDelegateForColumn(COL_ALGORITHMS, NamesDelegate(catalogue_names("algorithms"), self))
        self.setItemDelegateForColumn(COL_PROTOCOLS, NamesDelegate(catalogue_names("protocols"), self))
        self.setItemDelegateForColumn(COL_MODULE, ModuleLevelDelegate(self))
        self.mark_delegate.advanced.connect(self.on_mark_delegate_advanced)
        self.clicked.connect(self.on_clicked)
        self.horizontalHeader().sectionResized.connect(self.on_header_section_resized)
        self.doubleClicked.connect(self.on_double_clicked)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Set the model and size the columns (names stretch, marks stay narrow)."""
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        for column, width in _WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        for column in _LISTS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._share_width()
        self.selectionModel().currentChanged.connect(self.on_selection_current_changed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Give the list columns' width to the names on a narrow pane (until the user sizes them)."""
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        if self._user_sized or self.model() is None:
            return
        self._sizing = True
        try:
            for column, width in list_widths(self.viewport().width()).items():
                self.setColumnWidth(column, width)
        finally:
            self._sizing = False

    @Slot(int, int, int)
    def on_header_section_resized(self, column: int, _old: int, _new: int) -> None:
        """A list column the user dragged keeps its width from then on."""
        if column in _LISTS and not self._sizing:
            self._user_sized = True

    def fit_rows(self, source_rows: list[int] | None = None) -> None:
        """Grow rows to show wrapped names and algorithm lists: all (None) or the changed source rows.

        Very large units keep one-line rows (measuring thousands of wrapped rows costs time).
        """
        model = self.model()
        if not isinstance(model, QSortFilterProxyModel) or model.rowCount() > _FIT_ROWS_LIMIT:
            return
        if source_rows is None:
            self.resizeRowsToContents()
            return
        source = model.sourceModel()
        for row in source_rows:
            proxy_row = model.mapFromSource(source.index(row, 0)).row()
            if proxy_row >= 0:
                self.resizeRowToContents(proxy_row)

    def current_object(self) -> str | None:
        """Name of the object in the current row."""
        index = self.currentIndex()
        return str(index.data(ObjectNameRole)) if index.isValid() else None

    def select_object(self, name: str, column: int = COL_D) -> bool:
        """Make ``name``'s cell in ``column`` current."""
        model = self.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(ObjectNameRole) == name:
                self.set_current(model.index(row, column))
                return True
        return False

    def set_current(self, index: QModelIndex) -> None:
        """Move the cursor (and selection) to ``index``."""
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    @Slot(int, int, str)
    def on_mark_delegate_advanced(self, row: int, column: int, name: str) -> None:
        """After a mark: D → A → K → next object's D (after D = / straight to the next object)."""
        model = self.model()
        if model.rowCount() == 0:
            return
        still = next((r for r in range(model.rowCount()) if model.index(r, 0).data(ObjectNameRole) == name), None)
        if still is None:  # the filter hid the row: the next object moved up into its place
            target_row, target_col = min(row, model.rowCount() - 1), COL_D
        else:
            d_mark = model.index(still, COL_D).data(Qt.ItemDataRole.EditRole)
            if column == COL_K or (column == COL_D and d_mark == "/"):
                target_row, target_col = still + 1, COL_D
            else:
                target_row, target_col = still, column + 1
            if target_row >= model.rowCount():
                target_row, target_col = still, column
        self.set_current(model.index(target_row, target_col))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete clears a mark; Enter starts editing the current cell."""
        index = self.currentIndex()
        if self.state() != QAbstractItemView.State.EditingState and index.isValid():
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.column() in MARK_COLUMNS:
                self.model().setData(index, "", Qt.ItemDataRole.EditRole)
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if index.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.edit(index)
                elif index.column() == COL_SCORE:
                    self.score_clicked.emit(str(index.data(ObjectNameRole)))
                elif index.column() == COL_EVIDENCE:
                    self.evidence_requested.emit(str(index.data(ObjectNameRole)))
                return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def on_clicked(self, index: QModelIndex) -> None:
        """A click on a score explains it."""
        if index.column() == COL_SCORE:
            self.score_clicked.emit(str(index.data(ObjectNameRole)))

    @Slot(QModelIndex)
    def on_double_clicked(self, index: QModelIndex) -> None:
        """A double click on the evidence count opens the evidence."""
        if index.column() == COL_EVIDENCE:
            self.evidence_requested.emit(str(index.data(ObjectNameRole)))

    @Slot(QModelIndex, QModelIndex)
    def on_selection_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """Report a change of the current object (not of the column)."""
        if current.row() != previous.row() or not previous.isValid():
            name = current.data(ObjectNameRole) if current.isValid() else ""
            self.current_object_changed.emit(str(name or ""))

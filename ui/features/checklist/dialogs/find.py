"""Ctrl+F: find any object name, record text, N/A reason or evidence across the open case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.session import FindHit
from ui.models.table_base import HeaderedTableModel, Index

COL_UNIT, COL_OBJECT, COL_WHERE, COL_TEXT = range(4)


class FindResultsModel(HeaderedTableModel):
    """The matches of one search."""

    HEADERS = (
        QT_TRANSLATE_NOOP("FindResultsModel", "测评单元"),
        QT_TRANSLATE_NOOP("FindResultsModel", "测评对象"),
        QT_TRANSLATE_NOOP("FindResultsModel", "位置"),
        QT_TRANSLATE_NOOP("FindResultsModel", "内容"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[FindHit] = []

    def set_hits(self, hits: list[FindHit]) -> None:
        """Replace the matches."""
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def row_items(self) -> list[Any]:
        """The rows."""
        return self.hits

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The match's unit, object, place and text (one line)."""
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(hit.text.split())
            return (hit.unit_id or "—", hit.object_name or "", hit.where, text)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_TEXT:
            return hit.text
        return None


class FindDialog(QDialog):
    """Search as you type; Enter or a double click jumps to the match (``hit_activated``)."""

    hit_activated = Signal(object)

    def __init__(self, search: Callable[[str], list[FindHit]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_dialog")
        self.setWindowTitle(self.tr("查找"))
        self.resize(760, 420)
        self.search = search
        layout = QVBoxLayout(self)
        self.query = QLineEdit(self)
        self.query.setObjectName("find_query")
        self.query.setPlaceholderText(self.tr("查找测评对象、结果记录、不适用理由或证据…"))
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self.model = FindResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("find_results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(COL_UNIT, 70)
        self.table.setColumnWidth(COL_OBJECT, 180)
        self.table.setColumnWidth(COL_WHERE, 100)
        self.table.horizontalHeader().setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_table_activated)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self.timer.start)
        self.query.returnPressed.connect(self.on_query_return_pressed)

    @Slot()
    def run_search(self) -> None:
        """Search now."""
        self.timer.stop()
        hits = self.search(self.query.text())
        self.model.set_hits(hits)
        self.count_label.setText(
            self.tr("找到 %1 处").replace("%1", str(len(hits))) if self.query.text().strip() else ""
        )
        if hits:
            self.table.selectRow(0)

    @Slot()
    def on_query_return_pressed(self) -> None:
        """Jump to the first (or selected) match."""
        self.run_search()
        index = self.table.currentIndex()
        if index.isValid():
            self.on_table_activated(index)

    @Slot(QModelIndex)
    def on_table_activated(self, index: QModelIndex) -> None:
        """Report the chosen match."""
        if 0 <= index.row() < len(self.model.hits):
            self.hit_activated.emit(self.model.hits[index.row()])

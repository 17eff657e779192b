"""The left pane of the 测评检查表: the 显示 filter above the tree of layers and their units."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from ui.features.checklist.models.unit_tree import (
    COL_NAME,
    COL_REQUIREMENT,
    COL_SCORE,
    COL_WEIGHT,
    FILTER_ALL,
    FILTER_FAILED,
    FILTER_HIGH_RISK,
    FILTER_UNTESTED,
    UnitFilterProxy,
    UnitIdRole,
    UnitTreeModel,
)
from ui.widgets.delegates import WrappingDelegate

FILTERS = (
    (FILTER_ALL, QT_TRANSLATE_NOOP("UnitBrowser", "全部")),
    (FILTER_UNTESTED, QT_TRANSLATE_NOOP("UnitBrowser", "仅未测")),
    (FILTER_FAILED, QT_TRANSLATE_NOOP("UnitBrowser", "仅部分符合/不符合")),
    (FILTER_HIGH_RISK, QT_TRANSLATE_NOOP("UnitBrowser", "仅涉及高风险")),
)
"""The 显示 choices: filter mode and its label."""


class UnitBrowser(QWidget):
    """The filter combo box and the layer → unit tree it filters.

    The tab owns the models and reacts to the combo box and the tree's current row; this widget
    lays them out and finds units in the (filtered) tree.

    Args:
        model: The layers and their units.
        proxy: The filter over ``model`` that the tree shows.
        parent: Parent widget.
    """

    def __init__(self, model: UnitTreeModel, proxy: UnitFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = proxy
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 0, 4)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("显示："), self))
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("checklist_filter")
        for mode, label in FILTERS:
            self.filter_combo.addItem(QCoreApplication.translate("UnitBrowser", str(label)), mode)
        bar.addWidget(self.filter_combo, 1)
        layout.addLayout(bar)
        self.tree = QTreeView(self)
        self.tree.setObjectName("unit_tree")
        self.tree.setModel(proxy)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)  # long unit names wrap instead of being cut off
        self.tree.setItemDelegateForColumn(COL_NAME, WrappingDelegate(self.tree))
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_REQUIREMENT, 40), (COL_WEIGHT, 48), (COL_SCORE, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree)

    def shown_units(self) -> list[str]:
        """The ids of the units the filter lets through, in tree order."""
        shown = []
        for layer in range(self.proxy.rowCount()):
            parent = self.proxy.index(layer, 0)
            shown += [str(self.proxy.index(r, 0, parent).data(UnitIdRole)) for r in range(self.proxy.rowCount(parent))]
        return shown

    def make_current(self, unit_id: str) -> None:
        """Select ``unit_id`` in the tree, first showing every unit if the filter hides it.

        Resetting the filter changes the combo box, whose signal the tab handles at once.
        """
        index = self.proxy.mapFromSource(self.model.index_of(unit_id))
        if not index.isValid() and self.proxy.mode != FILTER_ALL:
            self.filter_combo.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index_of(unit_id))
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.tree.scrollTo(index, QTreeView.ScrollHint.PositionAtCenter)

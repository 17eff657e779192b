"""测评对象管理: define the case's objects once and assign each to its units in one matrix."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.features.checklist.models.object_matrix import COL_KIND, COL_NAME, FIRST_UNIT_COLUMN, ObjectMatrixModel


class ObjectsDialog(QDialog):
    """The object × unit matrix with buttons to define and delete objects (the owner handles them)."""

    define_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, model: ObjectMatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("objects_dialog")
        self.setWindowTitle(self.tr("测评对象管理"))
        self.resize(1180, 560)
        self.model = model
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr("每个测评对象只定义一次，勾选它所属的技术测评单元。蓝色底纹表示目录中该单元常见的对象类型。"), self
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableView(self)
        self.table.setObjectName("object_matrix")
        self.table.setModel(model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(30)
        self.table.setColumnWidth(COL_NAME, 220)
        self.table.setColumnWidth(COL_KIND, 200)
        for column in range(FIRST_UNIT_COLUMN, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, 42)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("新建测评对象…"), self)
        add.clicked.connect(self.define_requested.emit)
        self.delete_button = QPushButton(self.tr("删除测评对象"), self)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(add)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    @Slot()
    def on_delete_button_clicked(self) -> None:
        """Ask the owner to delete the selected object."""
        name = self.model.name_at(self.table.currentIndex().row())
        if name:
            self.delete_requested.emit(name)

"""The case list: open, duplicate (next year's re-assessment), archive and delete (with a backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.mipin import cases as case_repo
from app.mipin.cases import CaseSummary
from ui.models.case_table import COL_NAME, COL_UPDATED, CaseTableModel, SortRole
from ui.services import UiServices


class CaseListDialog(QDialog):
    """Manages the cases; the owner opens a case on ``open_requested`` and reloads on ``cases_changed``."""

    open_requested = Signal(int)
    cases_changed = Signal()
    failed = Signal(object)

    def __init__(self, services: UiServices, current: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_list_dialog")
        self.setWindowTitle(self.tr("测评项目列表"))
        self.resize(900, 480)
        self.services = services
        self.last_backup: Path | None = None
        """The backup taken before the last delete (None for a server database)."""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("按系统名称、委托单位或报告编号筛选…"))
        self.filter_edit.setClearButtonEnabled(True)
        top.addWidget(self.filter_edit, 1)
        self.show_archived = QCheckBox(self.tr("显示已归档"), self)
        self.show_archived.toggled.connect(self.reload)
        top.addWidget(self.show_archived)
        layout.addLayout(top)
        self.model = CaseTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName("case_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("打开"), self)
        self.duplicate_button = QPushButton(self.tr("复制为新项目…"), self)
        self.archive_button = QPushButton(self.tr("归档"), self)
        self.delete_button = QPushButton(self.tr("删除…"), self)
        close = QPushButton(self.tr("关闭"), self)
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.duplicate_button.clicked.connect(self.on_duplicate_button_clicked)
        self.archive_button.clicked.connect(self.on_archive_button_clicked)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        close.clicked.connect(self.reject)
        for button in (self.open_button, self.duplicate_button, self.archive_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self.on_selection_changed)
        self.reload()
        self.select(current)

    @Slot()
    def reload(self) -> None:
        """Re-read the cases."""
        keep = self.selected()
        self.model.set_cases(case_repo.list_cases(self.services.store, include_archived=self.show_archived.isChecked()))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.select(keep.id if keep else None)
        self.on_selection_changed()

    def select(self, case_id: int | None) -> None:
        """Select a case's row."""
        row = self.model.row_of(case_id) if case_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.setCurrentIndex(index)

    def selected(self) -> CaseSummary | None:
        """The selected case."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.case_at(self.proxy.mapToSource(index).row())

    @Slot()
    def on_selection_changed(self) -> None:
        """Enable the buttons that apply; archive toggles its label."""
        case = self.selected()
        for button in (self.open_button, self.duplicate_button, self.archive_button, self.delete_button):
            button.setEnabled(case is not None)
        self.archive_button.setText(self.tr("取消归档") if case and case.archived else self.tr("归档"))

    @Slot(QModelIndex)
    def on_table_double_clicked(self, _index: QModelIndex) -> None:
        """Open the double-clicked case."""
        self.on_open_button_clicked()

    @Slot()
    def on_open_button_clicked(self) -> None:
        """Open the selected case (un-archiving it so the switcher shows it)."""
        case = self.selected()
        if case is None:
            return

        def open_case(_result: object = None) -> None:
            self.open_requested.emit(case.id)
            self.accept()

        if not case.archived:
            open_case()
            return

        def unarchived(_result: object) -> None:
            self.cases_changed.emit()
            open_case()

        self._write(lambda: case_repo.set_archived(self.services.store, case.id, False), unarchived)

    @Slot()
    def on_duplicate_button_clicked(self) -> None:
        """Copy the case under a new name (results, objects, decisions; not evidence or audit trail)."""
        case = self.selected()
        if case is None:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("复制为新项目"), self.tr("新项目的系统名称："), QLineEdit.EchoMode.Normal, case.system_name
        )
        if not ok or not name.strip():
            return

        def done(new_id: object) -> None:
            self.cases_changed.emit()
            self.reload()
            self.select(int(str(new_id)))

        self._write(lambda: case_repo.duplicate_case(self.services.store, case.id, name.strip()), done)

    @Slot()
    def on_archive_button_clicked(self) -> None:
        """Archive the case (hidden from the switcher) or bring it back."""
        case = self.selected()
        if case is None:
            return

        def done(_result: object) -> None:
            self.cases_changed.emit()
            self.reload()

        self._write(lambda: case_repo.set_archived(self.services.store, case.id, not case.archived), done)

    @Slot()
    def on_delete_button_clicked(self) -> None:
        """Delete after confirmation; a restorable backup is made first."""
        case = self.selected()
        if case is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("删除测评项目"),
            self.tr("确定删除“%1”？\n删除前会自动备份数据库，可通过“从备份恢复”找回。").replace("%1", case.system_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(backup: object) -> None:
            self.cases_changed.emit()
            self.reload()
            self.last_backup = backup if isinstance(backup, Path) else None

        self._write(lambda: case_repo.delete_case(self.services.store, case.id), done)

    def _write(self, change: Callable[[], object], done: Callable[[object], None]) -> None:
        """Run a change of the case list on the writer pool; failures go to ``failed``."""
        self.services.runner.run(change, on_success=done, on_error=self.failed.emit, writer=True)

"""The 工具 → 从备份恢复… dialog: list the rotating backups, back up now, restore one.

A restore first backs up the current state (so it can be undone from the same list), runs
after all pending writes have finished, and then ``restored`` asks the window to reload: the
case list, the open case and its undo stack. While automatic backups are failing, the dialog
says so at the top.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import WorkbenchError
from app.store.backup import BackupInfo, create_backup, list_backups, restore_backup
from ui.crash import handle_error
from ui.features.backups.autobackup import AutoBackup, keep_policy
from ui.models.table_base import HeaderedTableModel, Index
from ui.services import UiServices

log = logging.getLogger(__name__)

_REASONS = {
    "startup": QT_TRANSLATE_NOOP("BackupDialog", "启动时自动备份"),
    "auto": QT_TRANSLATE_NOOP("BackupDialog", "编辑期间自动备份"),
    "manual": QT_TRANSLATE_NOOP("BackupDialog", "手动备份"),
    "before-restore": QT_TRANSLATE_NOOP("BackupDialog", "恢复前的状态"),
    "demo-reset": QT_TRANSLATE_NOOP("BackupDialog", "重置示例数据前"),
}


def reason_text(reason: str) -> str:
    """A readable label for a backup's reason slug."""
    if reason in _REASONS:
        return QCoreApplication.translate("BackupDialog", str(_REASONS[reason]))
    if reason.startswith("delete-case-"):
        return QCoreApplication.translate("BackupDialog", "删除测评项目 #%1 前").replace("%1", reason[12:])
    if reason.startswith("before-replace-case-"):
        return QCoreApplication.translate("BackupDialog", "替换测评项目 #%1 前").replace("%1", reason[20:])
    return reason


class BackupTableModel(HeaderedTableModel):
    """The backups, newest first: time, reason, size."""

    COL_TIME, COL_REASON, COL_SIZE = range(3)
    BackupRole = Qt.ItemDataRole.UserRole + 1
    HEADERS = (
        QT_TRANSLATE_NOOP("BackupTableModel", "备份时间"),
        QT_TRANSLATE_NOOP("BackupTableModel", "原因"),
        QT_TRANSLATE_NOOP("BackupTableModel", "大小"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BackupInfo] = []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(backups)
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo | None:
        """The backup shown in ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_items(self) -> list[Any]:
        """The rows."""
        return self._rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the file name as tooltip, the :class:`BackupInfo` for ``BackupRole``."""
        item = self.backup_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_TIME:
                return f"{item.taken_at:%Y-%m-%d %H:%M:%S}"
            if index.column() == self.COL_REASON:
                return reason_text(item.reason)
            if index.column() == self.COL_SIZE:
                return f"{item.size / 1024:,.0f} KiB"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.name
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.BackupRole:
            return item
        return None


class RestoreBackupDialog(QDialog):
    """Lists the backups; restores the selected one after a confirmation.

    Args:
        services: Store, paths and runner of the window.
        parent: Parent widget.
        auto: The automatic backups: their failure is shown, and a backup made here ends it.
    """

    restored = Signal(object)

    def __init__(self, services: UiServices, parent: QWidget | None = None, auto: AutoBackup | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.auto = auto
        self.setObjectName("restore_backup_dialog")
        self.setWindowTitle(self.tr("从备份恢复"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        self.problem = QLabel(self)
        self.problem.setObjectName("backup_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c; font-weight: bold;")
        layout.addWidget(self.problem)
        if auto is not None:
            auto.failed.connect(self._show_problem)
            auto.recovered.connect(self._show_problem)
        self._show_problem()
        hint = QLabel(
            self.tr(
                "选择一个备份恢复整个数据库。恢复前会先备份当前状态（列表中的“恢复前的状态”），"
                "因此恢复也可以撤回。证据文件不受影响。"
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = BackupTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backup_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.backup_button = QPushButton(self.tr("立即备份"), self)
        self.backup_button.setObjectName("backup_now_button")
        self.restore_button = QPushButton(self.tr("恢复所选备份…"), self)
        self.restore_button.setObjectName("restore_button")
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.on_backup_button_clicked)
        self.restore_button.clicked.connect(self.on_restore_button_clicked)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        if services.store.db_file is None:
            hint.setText(self.tr("当前使用服务器数据库，由数据库服务器负责备份与恢复。"))
            self.backup_button.setEnabled(False)
        self.refresh()

    @Slot()
    def _show_problem(self) -> None:
        problem = self.auto.problem if self.auto is not None else None
        at = self.auto.problem_at if self.auto is not None else None
        self.problem.setVisible(problem is not None)
        if problem is not None:
            self.problem.setText(
                self.tr("自动备份失败（%1）：%2\n请排除原因后点击“立即备份”；备份成功后此提示消失。")
                .replace("%1", f"{at:%Y-%m-%d %H:%M}" if at else "—")
                .replace("%2", problem)
            )

    def refresh(self) -> None:
        """Re-read the backup folder (newest first) and select the newest."""
        self.model.set_backups(list_backups(self.services.paths.backup_dir))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and self.services.store.db_file is not None)

    def selected(self) -> BackupInfo | None:
        """The selected backup, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    @Slot()
    def on_backup_button_clicked(self) -> None:
        """Back up in the background; the list shows the new backup when it is written."""

        def done(path: object) -> None:
            if self.auto is not None:
                self.auto.record_success(path)
            self.refresh()

        def failed(exc: BaseException) -> None:
            handle_error(self, exc)
            self.refresh()

        backup_now(self.services, done, failed)

    @Slot(QModelIndex)
    def on_table_double_clicked(self, _index: QModelIndex) -> None:
        """Double-click restores (after the same confirmation)."""
        self.on_restore_button_clicked()

    @Slot()
    def on_restore_button_clicked(self) -> None:
        """Confirm, then restore the selected backup."""
        item = self.selected()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("从备份恢复"),
            self.tr("用 %1 的备份（%2）替换当前全部数据？\n\n当前状态会先自动备份，恢复之后仍可撤回。")
            .replace("%1", f"{item.taken_at:%Y-%m-%d %H:%M:%S}")
            .replace("%2", reason_text(item.reason)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore(item)

    def restore(self, item: BackupInfo) -> None:
        """Restore ``item`` on the writer pool (after every pending write); ``restored`` follows."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.setEnabled(False)  # one restore at a time

        def finished() -> None:
            QApplication.restoreOverrideCursor()
            self.setEnabled(True)

        def done(safety: object) -> None:
            finished()
            log.info("restored %s from the dialog", item.name)
            if self.auto is not None:
                self.auto.record_success(safety)  # the state before the restore is backed up
            self.restored.emit(safety)
            QMessageBox.information(
                self,
                self.tr("已从备份恢复"),
                self.tr("已恢复 %1 的备份。恢复前的状态已备份为 %2。")
                .replace("%1", f"{item.taken_at:%Y-%m-%d %H:%M:%S}")
                .replace("%2", getattr(safety, "name", "—")),
            )
            self.refresh()

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, WorkbenchError):
                QMessageBox.warning(self, self.tr("恢复失败，数据未改动"), exc.user_message())
            else:
                handle_error(self, exc)

        store = self.services.store
        self.services.runner.run(
            lambda: restore_backup(store, item.name), on_success=done, on_error=failed, writer=True
        )


def backup_now(
    services: UiServices, on_done: Callable[[object], None], on_error: Callable[[BaseException], None]
) -> None:
    """Take a manual backup in the background, rotated by the configured policy."""
    keep_recent, keep_days = keep_policy(services.settings)
    store = services.store
    services.runner.run(
        lambda: create_backup(store, reason="manual", keep_recent=keep_recent, keep_days=keep_days),
        on_success=on_done,
        on_error=on_error,
    )

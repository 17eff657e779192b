"""The backups feature: automatic backups, 工具 → 立即备份数据库 / 从备份恢复…, and the failure warning.

When an automatic backup fails, a persistent warning appears in the status bar and at the top
of the backup section of the 工具 menu (and in the restore dialog), and stays until a backup
succeeds.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction

from ui.crash import handle_error
from ui.features.backups.autobackup import AutoBackup, keep_policy
from ui.features.backups.dialog import RestoreBackupDialog, backup_now
from ui.host.menus import make_action
from ui.host.protocol import WindowHost
from ui.icons import status_icon

WARNING_KEY = "backup"


def reload_after_restore(host: WindowHost) -> None:
    """Show the restored data: the case list, the open case (its undo stack is cleared)."""
    host.reload_cases()
    host.controller.reload()
    host.status.show_message(QCoreApplication.translate("BackupsFeature", "已从备份恢复"), 8000)


class BackupsFeature(QObject):
    """Automatic backups and the backup entries of the 工具 menu.

    Args:
        host: The window.
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        services = host.services
        interval = int(services.settings.get("backup_interval_minutes"))
        self.auto = AutoBackup(services.store, services.runner, interval, self, keep_policy(services.settings))
        self.auto.failed.connect(self.on_auto_failed)
        self.auto.recovered.connect(self.on_auto_recovered)
        host.started.connect(self.auto.start)  # not in screenshots and tests: only a real session backs up
        self.problem_action = QAction(status_icon("warning"), "", self)
        self.problem_action.setObjectName("backup_problem")
        self.problem_action.triggered.connect(self.on_restore_triggered)
        self.problem_action.setVisible(False)
        self.backup_action = make_action(self, self.tr("立即备份数据库"), self.on_backup_triggered, None, "backup_now")
        self.restore_action = make_action(
            self, self.tr("从备份恢复…"), self.on_restore_triggered, None, "restore_backup"
        )
        host.menu("tools").add_actions([self.problem_action, self.backup_action, self.restore_action], "backup")

    @Slot(str)
    def on_auto_failed(self, reason: str) -> None:
        """Keep the failure in view: status bar and 工具 menu."""
        at = self.auto.problem_at
        when = f"{at:%H:%M}" if at else ""
        self.host.status.set_warning(
            WARNING_KEY,
            self.tr("自动备份失败（%1）").replace("%1", when),
            self.tr("%1\n请排除原因后在 工具 → 立即备份数据库 重试；备份成功后此提示消失。").replace(
                "%1", self.auto.status.warning() or reason
            ),
        )
        self.problem_action.setText(self.tr("自动备份失败：%1").replace("%1", reason))
        self.problem_action.setVisible(True)

    @Slot()
    def on_auto_recovered(self) -> None:
        """A backup succeeded: the warning goes."""
        self.host.status.set_warning(WARNING_KEY, None)
        self.problem_action.setVisible(False)

    @Slot()
    def on_backup_triggered(self) -> None:
        """Back up in the background and say where."""

        def done(path: object) -> None:
            self.auto.record_success(path)
            text = self.tr("已备份：%1").replace("%1", getattr(path, "name", "—"))
            self.host.status.show_message(text, 8000)

        backup_now(self.host.services, done, lambda exc: handle_error(self.host.window(), exc))

    @Slot()
    def on_restore_triggered(self) -> None:
        """Open the restore dialog (modal)."""
        dialog = RestoreBackupDialog(self.host.services, self.host.window(), self.auto)
        dialog.restored.connect(lambda _safety: reload_after_restore(self.host))
        dialog.exec()

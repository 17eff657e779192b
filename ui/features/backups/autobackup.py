"""Automatic rotating backups: one at start-up, then every N minutes while the user edits."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Slot

from app.core.settings import SettingsRegistry
from app.store.backup import KEEP_DAILY_DAYS, KEEP_RECENT, create_backup
from app.store.store import Store
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def keep_policy(settings: SettingsRegistry) -> tuple[int, int]:
    """The rotation policy ``(keep_recent, keep_days)`` the user configured."""
    return int(settings.get("backup_keep_recent")), int(settings.get("backup_keep_daily_days"))


class AutoBackup(QObject):
    """Backs the store up off the GUI thread; only when something was written since the last one.

    Args:
        store: The store to back up.
        runner: Runs the copy in the background.
        interval_minutes: Minutes between backups while editing.
        parent: Parent object.
        keep: Rotation policy ``(keep_recent, keep_days)`` (default: the module defaults).
    """

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        interval_minutes: int,
        parent: QObject | None = None,
        keep: tuple[int, int] = (KEEP_RECENT, KEEP_DAILY_DAYS),
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.keep_recent, self.keep_days = keep
        self.dirty = False
        self.last_backup: Path | None = None
        store.after_write.append(self._mark_dirty)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_minutes * 60_000)
        self.timer.timeout.connect(self.on_timer_timeout)

    def _mark_dirty(self) -> None:
        self.dirty = True

    def start(self) -> None:
        """Take the start-up backup and start the timer."""
        self._backup("startup")
        self.timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        """Back up if anything was edited since the last backup."""
        if self.dirty:
            self.dirty = False
            self._backup("auto")

    def _backup(self, reason: str) -> None:
        def done(path: object) -> None:
            self.last_backup = path if isinstance(path, Path) else None

        def failed(exc: BaseException) -> None:
            log.warning("automatic backup failed: %s", exc)

        def backup() -> Path | None:
            return create_backup(self.store, reason=reason, keep_recent=self.keep_recent, keep_days=self.keep_days)

        self.runner.run(backup, on_success=done, on_error=failed)

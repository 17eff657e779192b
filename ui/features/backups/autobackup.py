"""Automatic rotating backups: one at start-up, then every N minutes while the user edits.

A failed backup is never only logged. :func:`app.store.backup.automatic_backup` records every
outcome in the store's :class:`~app.store.health.BackupHealth`; after each backup this object
reads it, emits ``failed`` (with the reason) or ``recovered``, and the backups feature shows the
failure in the status bar and the 工具 menu until a backup (automatic or manual) succeeds. After
a failure the next tick tries again even if nothing was edited since, because the data is not
backed up yet.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.core.settings import SettingsRegistry
from app.store.backup import KEEP_DAILY_DAYS, KEEP_RECENT, automatic_backup
from app.store.health import BackupStatus
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

    failed = Signal(str)
    """A backup failed; carries the reason (also in :attr:`problem`)."""
    recovered = Signal()
    """A backup succeeded after a failure: the problem is over."""

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
        self._failing = False
        store.after_write.append(self._mark_dirty)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_minutes * 60_000)
        self.timer.timeout.connect(self.on_timer_timeout)

    def _mark_dirty(self) -> None:
        self.dirty = True

    @Slot()
    def start(self) -> None:
        """Take the start-up backup and start the timer."""
        self._backup("startup")
        self.timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        """Back up if anything was edited since the last backup (or the last one failed)."""
        if self.dirty:
            self.dirty = False
            self._backup("auto")

    @property
    def status(self) -> BackupStatus:
        """The automatic backups as the store records them."""
        return self.store.backup_health.status

    @property
    def problem(self) -> str | None:
        """Why the automatic backups fail; None while they work."""
        status = self.status
        return status.error if status.failing else None

    @property
    def problem_at(self) -> datetime | None:
        """Since when they fail (None while they work)."""
        return self.status.failing_since

    def record_success(self, path: object) -> None:
        """A backup (automatic or manual) was written: any earlier failure is over."""
        if isinstance(path, Path):
            self.last_backup = path
            if self.status.last_path != path:  # a manual backup: the automatic ones recorded theirs
                self.store.backup_health.record_success(path)
        self._announce()

    def _failed(self, exc: BaseException) -> None:
        self.dirty = True  # not backed up yet: the next tick tries again
        log.warning("automatic backup failed: %s", exc)
        self._announce()

    def _announce(self) -> None:
        """Tell the window when the backups start or stop failing (and each new failure)."""
        status = self.status
        if status.failing:
            self._failing = True
            self.failed.emit(status.error)
        elif self._failing:
            self._failing = False
            log.info("backups work again")
            self.recovered.emit()

    def _backup(self, reason: str) -> None:
        store, keep_recent, keep_days = self.store, self.keep_recent, self.keep_days

        def backup() -> Path | None:
            return automatic_backup(store, reason, keep_recent=keep_recent, keep_days=keep_days)

        self.runner.run(backup, on_success=self.record_success, on_error=self._failed)

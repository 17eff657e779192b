"""Automatic rotating backups: one at start-up, then every N minutes while the user edits.

A failed backup is never only logged: :attr:`AutoBackup.problem` holds the reason and
``failed`` is emitted, and the backups feature shows it in the status bar and the 工具 menu
until a backup (automatic or manual) succeeds. After a failure the next tick tries again even
if nothing was edited since, because the data is not backed up yet.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.core.errors import WorkbenchError
from app.core.settings import SettingsRegistry
from app.store.backup import KEEP_DAILY_DAYS, KEEP_RECENT, create_backup
from app.store.store import Store
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def keep_policy(settings: SettingsRegistry) -> tuple[int, int]:
    """The rotation policy ``(keep_recent, keep_days)`` the user configured."""
    return int(settings.get("backup_keep_recent")), int(settings.get("backup_keep_daily_days"))


def failure_reason(exc: BaseException) -> str:
    """The reason a backup failed, as the user should read it."""
    text = exc.user_message() if isinstance(exc, WorkbenchError) else f"{type(exc).__name__}: {exc}"
    return text.removeprefix("备份失败：")


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
        self.problem: str | None = None
        """Why the last automatic backup failed; None once a backup succeeded."""
        self.problem_at: datetime | None = None
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

    def record_success(self, path: object) -> None:
        """A backup (automatic or manual) was written: any earlier failure is over."""
        if isinstance(path, Path):
            self.last_backup = path
        if self.problem is not None:
            log.info("backups work again")
            self.problem = self.problem_at = None
            self.recovered.emit()

    def record_failure(self, exc: BaseException) -> None:
        """An automatic backup failed: keep the reason until a backup succeeds, and try again next time."""
        self.dirty = True
        self.problem = failure_reason(exc)
        self.problem_at = datetime.now().astimezone()
        log.warning("automatic backup failed: %s", self.problem)
        self.failed.emit(self.problem)

    def _backup(self, reason: str) -> None:
        def backup() -> Path | None:
            return create_backup(self.store, reason=reason, keep_recent=self.keep_recent, keep_days=self.keep_days)

        self.runner.run(backup, on_success=self.record_success, on_error=self.record_failure)

"""Whether the automatic backups work: what the UI shows as a persistent warning until one succeeds.

A failed automatic backup must not vanish into the log: :func:`app.store.backup.automatic_backup`
records every outcome here, and the window (status bar, 工具 → 备份) shows :meth:`BackupHealth.warning`
until the next backup succeeds. Thread-safe: backups run on a worker, the GUI reads on its thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core import clock


@dataclass(frozen=True)
class BackupStatus:
    """The automatic backups as they stand.

    Attributes:
        last_success: When the newest backup was written (None: none yet in this session).
        last_path: That backup's file.
        failing_since: When the first of the failures since then happened (None: not failing).
        failures: How many backups failed in a row.
        error: The newest failure's message, for the user.
    """

    last_success: datetime | None = None
    last_path: Path | None = None
    failing_since: datetime | None = None
    failures: int = 0
    error: str = ""

    @property
    def failing(self) -> bool:
        """Whether backups have failed since the last success."""
        return self.failures > 0

    def warning(self) -> str | None:
        """The sentence to show while backups fail (None when they work)."""
        if not self.failing or self.failing_since is None:
            return None
        since = f"{self.failing_since:%m-%d %H:%M}"
        times = f"，已连续 {self.failures} 次" if self.failures > 1 else ""
        return f"自动备份失败（自 {since} 起{times}）：{self.error}。修改仍会保存，但没有新的备份；请尽快处理"


class BackupHealth:
    """Records the outcome of each automatic backup and tells listeners when the status changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = BackupStatus()
        self._listeners: list[Callable[[BackupStatus], None]] = []

    @property
    def status(self) -> BackupStatus:
        """The current status (an immutable snapshot)."""
        with self._lock:
            return self._status

    def subscribe(self, listener: Callable[[BackupStatus], None]) -> None:
        """Call ``listener`` with the new status after every recorded outcome (on the recording thread)."""
        with self._lock:
            self._listeners.append(listener)

    def record_success(self, path: Path | None) -> BackupStatus:
        """A backup was written (or skipped for a server database): the warning clears."""
        return self._set(BackupStatus(last_success=clock.now_seconds(), last_path=path))

    def record_failure(self, error: str) -> BackupStatus:
        """A backup failed with the user-facing message ``error``."""
        with self._lock:
            old = self._status
        since = old.failing_since or clock.now_seconds()
        return self._set(
            BackupStatus(old.last_success, old.last_path, failing_since=since, failures=old.failures + 1, error=error)
        )

    def _set(self, status: BackupStatus) -> BackupStatus:
        with self._lock:
            self._status = status
            listeners = list(self._listeners)
        for listener in listeners:
            listener(status)
        return status

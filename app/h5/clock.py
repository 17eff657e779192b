"""The service's clock: the real UTC time, or a fake one that tests move by hand."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current time (timezone-aware, UTC)."""

    def now(self) -> datetime:
        """The current time."""


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """``datetime.now(UTC)``."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to (session-expiry and token-expiry tests).

    Args:
        start: The initial time (aware); defaults to the real current time.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The fake current time."""
        with self._lock:
            return self._now

    def advance(self, **delta: float) -> None:
        """Move forward, e.g. ``advance(minutes=15, seconds=1)``."""
        with self._lock:
            self._now += timedelta(**delta)

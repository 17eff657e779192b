"""Time: every timestamp the workbench stores, compares or shows is timezone-aware.

The workbench works in one zone, :data:`LOCAL_ZONE`: China Standard Time, UTC+08:00 (Asia/Shanghai,
which has had no daylight saving time since 1991). Reports, the audit log and the case list show
times in it whatever the laptop's own zone is. A fixed offset needs no time-zone database, so
the frozen Windows build behaves the same as Debian.

Versions before schema 0003 wrote naive ``datetime.now()`` values, i.e. the laptop's wall time,
which on the assessors' laptops is China Standard Time; :func:`aware` reads such a value as a
wall time in :data:`LOCAL_ZONE`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

__all__ = ["LOCAL_ZONE", "UTC", "aware", "now", "now_seconds", "parse_iso", "today"]

LOCAL_ZONE = timezone(timedelta(hours=8))
"""The workbench's zone: UTC+08:00 without daylight saving time."""


def now() -> datetime:
    """The current time in :data:`LOCAL_ZONE` (aware, with microseconds)."""
    return datetime.now(LOCAL_ZONE)


def now_seconds() -> datetime:
    """The current time in :data:`LOCAL_ZONE`, to the second (what the UI and reports show)."""
    return now().replace(microsecond=0)


def today() -> date:
    """Today's date in :data:`LOCAL_ZONE` (not the laptop's zone)."""
    return now().date()


def aware(value: datetime) -> datetime:
    """``value`` in :data:`LOCAL_ZONE`; a naive value is a wall time there (as older versions wrote)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=LOCAL_ZONE)
    return value.astimezone(LOCAL_ZONE)


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 time (with or without an offset) as an aware time in :data:`LOCAL_ZONE`.

    Raises:
        ValueError: ``text`` is not an ISO 8601 time.
    """
    return aware(datetime.fromisoformat(text))

"""Instants of the ops domain: ISO 8601 text, aware datetimes and integer microseconds.

The clock engine works on integers (microseconds since the Unix epoch, UTC) so that it is exact
and fast; everything shown or written is an aware datetime in Asia/Shanghai (``+08:00``). China
has kept UTC+8 without daylight saving since 1991, so a local day is a fixed 24 h slice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from app.core.clock import LOCAL_ZONE

SHANGHAI = LOCAL_ZONE
"""Asia/Shanghai as the workbench's fixed UTC+08:00 (no daylight saving since 1991; no tz database needed)."""
CST = LOCAL_ZONE
"""The zone of every time written out (``+08:00``)."""

US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
US_PER_DAY = 24 * 60 * US_PER_MINUTE
LOCAL_OFFSET_US = 8 * 60 * US_PER_MINUTE
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class BadTime(ValueError):
    """Text that is not an ISO 8601 date-time."""


def parse_instant(text: object) -> datetime:
    """Parse an ISO 8601 date-time; without an offset it is Asia/Shanghai local time.

    Raises:
        BadTime: Not a string holding a date *and* a time.
    """
    if not isinstance(text, str) or len(text) < 16 or text[10] not in "T ":
        raise BadTime(text)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadTime(text) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value


def to_us(value: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (exact)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def from_us(us: int) -> datetime:
    """The instant ``us`` as an aware datetime at +08:00."""
    return (_EPOCH + timedelta(microseconds=us)).astimezone(CST)


def iso(us: int) -> str:
    """ISO 8601 text at +08:00 (seconds, or microseconds when there are any)."""
    return from_us(us).isoformat()


def iso_dt(value: datetime) -> str:
    """ISO 8601 text of an aware datetime, converted to +08:00."""
    return value.astimezone(CST).isoformat()


def local_day(us: int) -> int:
    """The local (Asia/Shanghai) day number of instant ``us`` (days since 1970-01-01)."""
    return (us + LOCAL_OFFSET_US) // US_PER_DAY


def day_start_us(day: int) -> int:
    """The instant local midnight begins day number ``day``."""
    return day * US_PER_DAY - LOCAL_OFFSET_US


def day_to_date(day: int) -> date:
    """The calendar date of local day number ``day``."""
    return date.fromordinal(day + _EPOCH_ORDINAL)


def date_to_day(value: date) -> int:
    """The local day number of a calendar date."""
    return value.toordinal() - _EPOCH_ORDINAL


@lru_cache(maxsize=4096)
def _month_of_day(day: int) -> str:
    d = day_to_date(day)
    return f"{d.year:04d}-{d.month:02d}"


def month_of(us: int) -> str:
    """``2026-10``: the local month of instant ``us`` (cached per day: boards ask 50,000 times)."""
    return _month_of_day(local_day(us))


def now_us() -> int:
    """The current instant in microseconds."""
    return to_us(datetime.now(UTC))

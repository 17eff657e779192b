"""The China working calendar: working days (with 调休) and working hours, as cumulative time.

A day is a working day when

1. ``chinese-calendar`` marks it as one (that includes the 调休 weekend workdays), or, for a
   year the package does not cover, when it is Monday–Friday;
2. then the user's per-year table (设置 → 工作日历) adds its make-up workdays and removes its
   rest days;
3. then the policy's ``extra_workdays`` are added and its ``extra_holidays`` removed.

A year is *verified* when ``chinese-calendar`` covers it or the user entered a table for it. A
year that is neither is still computed (weekends and the overrides) but reported as unverified,
never guessed silently. Coverage is learnt from the package itself (it raises
``NotImplementedError`` for a year it has no data for), so a newer release covers more years
without a change here.

Working time is handled as a cumulative function ``W(t)``: the working microseconds from an
origin (1 January of the first year asked for) to instant ``t``. Working time between two
instants is a difference of two lookups, and the instant a target is reached is the inverse of
``W``; both are O(log days) after a year has been tabulated once. The tabulated years are kept
as flat per-day tables (W at each midnight and at each day's end, the working flag, the year),
so a lookup is one index and a target's instant one ``bisect`` — no per-day or per-minute stepping.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import chinese_calendar

from app.ops import timeutil as tu

_MAX_SEARCH_YEARS = 60
_DAY = tu.US_PER_DAY
_OFFSET = tu.LOCAL_OFFSET_US


@cache
def library_covers(year: int) -> bool:
    """Whether ``chinese-calendar`` has the official holiday data of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@cache
def _library_year(year: int) -> tuple[bool, ...]:
    """Working-day flags of every date of a covered year (the package is slow per call)."""
    return tuple(bool(chinese_calendar.is_workday(d)) for d in year_days(year))


def _library_workday(day: date) -> bool:
    return _library_year(day.year)[day.timetuple().tm_yday - 1]


def library_holiday_name(day: date) -> str | None:
    """The English holiday name ``chinese-calendar`` gives a date (None outside covered years)."""
    if not library_covers(day.year):
        return None
    _is_holiday, name = chinese_calendar.get_holiday_detail(day)
    return str(name) if name else None


@dataclass(frozen=True)
class YearTable:
    """The user's entry for one year: rest days on weekdays and make-up workdays on weekends.

    Attributes:
        year: The calendar year.
        rest_days: Days off that would otherwise be working days (holidays, 调休 rest days).
        workdays: Working days that would otherwise be days off (调休 weekend workdays).
        note: Where the entry came from (e.g. the 国务院办公厅 notice).
    """

    year: int
    rest_days: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class CalendarConfig:
    """Everything that decides working time.

    Attributes:
        windows: Working hours of a working day as ``(start, end)`` minutes after local midnight.
        extra_holidays: Policy days that are never working days.
        extra_workdays: Policy days that are always working days (unless also a holiday).
        years: The user's per-year tables, by year.
    """

    windows: tuple[tuple[int, int], ...] = ((8 * 60 + 30, 12 * 60), (14 * 60 + 30, 17 * 60 + 30))
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    years: tuple[YearTable, ...] = ()


@dataclass
class _Year:
    offset: int  # W at local midnight of 1 January
    day0: int  # local day number of 1 January
    ends: list[int]  # cumulative working us at the end of each day (relative to the year start)
    total: int


@dataclass
class WorkingCalendar:
    """Working days and hours as a cumulative working-time function.

    Args:
        config: Working hours and overrides.
        base: ``date -> is working day`` for covered years (tests pass their own).
        covers: ``year -> covered by the base``.
    """

    config: CalendarConfig = field(default_factory=CalendarConfig)
    base: Callable[[date], bool] = _library_workday
    covers: Callable[[int], bool] = library_covers
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False)
    _tables: dict[int, YearTable] = field(default_factory=dict, init=False, repr=False)
    _windows_us: tuple[tuple[int, int], ...] = field(default=(), init=False, repr=False)
    _day_total: int = field(default=0, init=False, repr=False)
    _anchor: int | None = field(default=None, init=False, repr=False)
    _days: dict[int, tuple[int, bool, int]] = field(default_factory=dict, init=False, repr=False)
    _verified: dict[int, bool] = field(default_factory=dict, init=False, repr=False)
    _flat: tuple[int, list[int], list[int], bytes, list[int]] = field(
        default=(0, [], [], b"", []), init=False, repr=False
    )
    """(first day, W at each midnight, W at each day's end, working flags, years) of the tabulated days."""
    arrays: dict[int, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The flat tables as numpy arrays (:mod:`app.ops.batch`), by the identity of the lists they copy."""

    def __post_init__(self) -> None:
        self._tables = {t.year: t for t in self.config.years}
        self._windows_us = tuple((s * tu.US_PER_MINUTE, e * tu.US_PER_MINUTE) for s, e in self.config.windows)
        self._day_total = sum(e - s for s, e in self._windows_us)

    # -- days -----------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day under this configuration."""
        cfg = self.config
        if day in cfg.extra_holidays:
            return False
        if day in cfg.extra_workdays:
            return True
        table = self._tables.get(day.year)
        if table is not None:
            if day in table.rest_days:
                return False
            if day in table.workdays:
                return True
        if self.covers(day.year):
            return self.base(day)
        return day.weekday() < 5

    def verified(self, year: int) -> bool:
        """Whether the official rest days of ``year`` are known (package data or a user table)."""
        known = self._verified.get(year)
        if known is None:
            known = self._verified[year] = year in self._tables or self.covers(year)
        return known

    def year_of(self, us: int) -> int:
        """The local calendar year of instant ``us``."""
        lo, _base, _ends, _work, years = self._flat
        day = (us + _OFFSET) // _DAY
        i = day - lo
        if 0 <= i < len(years):
            return years[i]
        return tu.day_to_date(day).year

    def unverified_years(self, start_us: int, end_us: int) -> list[int]:
        """The unverified years touched by the local days from ``start_us`` to ``end_us``."""
        first = self.year_of(min(start_us, end_us))
        last = self.year_of(max(start_us, end_us))
        if first == last:
            return [] if self.verified(first) else [first]
        return [y for y in range(first, last + 1) if not self.verified(y)]

    # -- cumulative working time ----------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        if self._anchor is None:
            self._anchor = year  # W's origin is the first year asked for: only used years are tabulated
        if year == self._anchor:
            offset = 0
        elif year > self._anchor:
            prev = self._year(year - 1)
            offset = prev.offset + prev.total
        else:
            nxt = self._year(year + 1)
            offset = nxt.offset  # minus this year's total, fixed below
        day0 = tu.date_to_day(date(year, 1, 1))
        n_days = tu.date_to_day(date(year + 1, 1, 1)) - day0
        ends: list[int] = []
        flags: list[bool] = []
        running = 0
        for i in range(n_days):
            work = self.is_workday(tu.day_to_date(day0 + i))
            if work:
                running += self._day_total
            ends.append(running)
            flags.append(work)
        if year < self._anchor:
            offset -= running
        result = _Year(offset=offset, day0=day0, ends=ends, total=running)
        self._years[year] = result
        for i, work in enumerate(flags):
            self._days[day0 + i] = (offset + (ends[i - 1] if i else 0), work, year)
        self._rebuild_flat()
        return result

    def _rebuild_flat(self) -> None:
        """The flat per-day tables of every tabulated year (they are contiguous; a few per calendar)."""
        first = min(self._days)
        count = max(self._days) - first + 1
        base: list[int] = []
        ends: list[int] = []
        work = bytearray()
        years: list[int] = []
        day_total = self._day_total
        for day in range(first, first + count):
            value, flag, year = self._days[day]
            base.append(value)
            ends.append(value + day_total if flag else value)
            work.append(flag)
            years.append(year)
        self._flat = (first, base, ends, bytes(work), years)  # one assignment: readers see all or nothing

    def _within_day(self, us_in_day: int) -> int:
        worked = 0
        for start, end in self._windows_us:
            if us_in_day <= start:
                break
            worked += min(us_in_day, end) - start
        return worked

    def cumulative(self, us: int) -> int:
        """``W(us)``: working microseconds from the calendar's origin to instant ``us``."""
        shifted = us + _OFFSET
        day = shifted // _DAY
        lo, base, _ends, work, _years = self._flat
        i = day - lo
        if not 0 <= i < len(base):
            self._year(tu.day_to_date(day).year)
            lo, base, _ends, work, _years = self._flat
            i = day - lo
        value = base[i]
        if work[i]:
            in_day = shifted - day * _DAY
            for start, end in self._windows_us:
                if in_day <= start:
                    break
                value += (in_day if in_day < end else end) - start
        return value

    def between(self, start_us: int, end_us: int) -> int:
        """Working microseconds in ``[start_us, end_us]`` (0 when ``end_us <= start_us``)."""
        if end_us <= start_us:
            return 0
        return self.cumulative(end_us) - self.cumulative(start_us)

    def reach(self, start_us: int, amount_us: int) -> int | None:
        """The earliest instant at which ``amount_us`` working time has passed since ``start_us``.

        Returns None when the calendar has no working time for decades ahead (a degenerate
        configuration), so callers never loop forever.
        """
        if amount_us <= 0:
            return start_us
        return self.instant_of(self.cumulative(start_us) + amount_us, start_us)

    def instant_of(self, goal: int, hint_us: int) -> int | None:
        """The earliest instant at or after ``hint_us`` with ``W(instant) >= goal`` (see :meth:`reach`)."""
        year_no = self.year_of(hint_us)
        first_day = self._year(year_no).day0
        for _ in range(_MAX_SEARCH_YEARS):
            year = self._year(year_no)
            if year.offset + year.total >= goal:
                lo, base, ends, _work, _years = self._flat
                # W never decreases: the days of the years before `year` all end below the goal.
                index = bisect.bisect_left(ends, goal, first_day - lo)
                remaining = goal - base[index]
                midnight = tu.day_start_us(lo + index)
                for start, end in self._windows_us:
                    span = end - start
                    if remaining <= span:
                        return midnight + start + remaining
                    remaining -= span
                return midnight + self._windows_us[-1][1]  # pragma: no cover - ends[] guarantees a window
            year_no += 1
        return None


def year_days(year: int) -> Iterable[date]:
    """Every date of ``year``."""
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    return (date.fromordinal(n) for n in range(first, last + 1))


def library_year_table(year: int) -> YearTable | None:
    """The rest days and make-up workdays ``chinese-calendar`` knows for ``year`` (pre-fill)."""
    if not library_covers(year):
        return None
    rest = frozenset(d for d in year_days(year) if d.weekday() < 5 and not _library_workday(d))
    work = frozenset(d for d in year_days(year) if d.weekday() >= 5 and _library_workday(d))
    return YearTable(year=year, rest_days=rest, workdays=work, note="chinese-calendar")

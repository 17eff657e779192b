"""Differential tests: the engine's fast paths and caches against the straightforward evaluation.

* :meth:`ClockEngine.evaluate` (shared type-sequence shapes, inline clocks, the per-ticket
  summary and final-result caches) against :meth:`ClockEngine.evaluate_reference` (one pass over
  the events, the general path for every clock, nothing cached), on generated tickets evaluated
  at a run of instants in time order on one engine, the way the board's countdown does.
* The working calendar's flat per-day tables and ``bisect`` against a day-by-day walk.
* The whole-list evaluation in columns (:mod:`app.ops.batch`) against the reference, on generated
  tickets past their last event, under both test calendars, and on a year of the benchmark's tickets.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.ops import timeutil as tu
from app.ops.batch import evaluate_batch
from app.ops.calendar import CalendarConfig, WorkingCalendar
from app.ops.clocks import ClockEngine
from app.ops.policy import parse_policy
from app.ops.ticketformat import parse_tickets
from tests.bench.ticketgen import demo_policy, make_tickets
from tests.hypo import examples
from tests.ops.helpers import doc
from tests.ops.test_clock_properties import POLICIES, tickets

MINUTE = tu.US_PER_MINUTE


@settings(max_examples=examples(200))
@given(
    st.lists(tickets(), min_size=1, max_size=4),
    st.sampled_from(POLICIES),
    st.lists(st.integers(-600, 20 * 24 * 60), min_size=1, max_size=5),
)
def test_evaluate_is_the_reference_evaluation(
    generated: list[dict[str, Any]], policy: dict[str, Any], offsets: list[int]
) -> None:
    for i, t in enumerate(generated):
        t["id"] = f"P-{i}"
    parsed, pol = parse_tickets(doc(*generated, policy=policy))
    engine = ClockEngine(pol)
    reference = ClockEngine(pol)
    origin = parsed.tickets[0].reported_at
    for offset in sorted(offsets):  # one engine, later and later: the caches are exercised too
        at = origin + offset * MINUTE
        fast = engine.evaluate_all(parsed.tickets, at)
        assert fast == [reference.evaluate_reference(t, at) for t in parsed.tickets]
    # and a fresh engine at an earlier instant than the cached ones
    at = origin + min(offsets) * MINUTE - 7 * MINUTE
    assert ClockEngine(pol).evaluate_all(parsed.tickets, at) == [
        reference.evaluate_reference(t, at) for t in parsed.tickets
    ]


def _walk_between(cal: WorkingCalendar, start: int, end: int) -> int:
    """Working microseconds in [start, end] by walking the days one by one."""
    total = 0
    for day in range(tu.local_day(start), tu.local_day(end) + 1):
        if not cal.is_workday(tu.day_to_date(day)):
            continue
        midnight = tu.day_start_us(day)
        for a, b in cal.config.windows:
            lo, hi = max(start, midnight + a * MINUTE), min(end, midnight + b * MINUTE)
            if hi > lo:
                total += hi - lo
    return total


def _walk_reach(cal: WorkingCalendar, start: int, amount: int) -> int:
    """The instant ``amount`` working time after ``start``, walking the days one by one."""
    day = tu.local_day(start)
    while True:
        if cal.is_workday(tu.day_to_date(day)):
            midnight = tu.day_start_us(day)
            for a, b in cal.config.windows:
                lo, hi = max(start, midnight + a * MINUTE), midnight + b * MINUTE
                if hi > lo:
                    if amount <= hi - lo:
                        return lo + amount
                    amount -= hi - lo
        day += 1


CALENDARS = [
    CalendarConfig(),
    CalendarConfig(
        windows=((0, 60), (9 * 60, 12 * 60), (13 * 60, 24 * 60)),
        extra_holidays=frozenset({date(2026, 10, 9), date(2027, 1, 4)}),
        extra_workdays=frozenset({date(2026, 10, 4), date(2027, 2, 7)}),
    ),
]
SPAN = 400 * 24 * 60  # minutes: 2025-12 to 2027-01, across 国庆 2026 and the unknown 2027


@settings(max_examples=examples(200))
@given(
    st.sampled_from(CALENDARS),
    st.integers(0, SPAN),
    st.integers(0, 40 * 24 * 60),
    st.integers(1, 30 * 8 * 60),
    st.integers(0, 1),
)
def test_the_calendar_tables_agree_with_a_day_by_day_walk(
    config: CalendarConfig, begin: int, length: int, amount: int, reverse: int
) -> None:
    cal = WorkingCalendar(config)
    origin = tu.to_us(tu.parse_instant("2025-12-01T00:00:00+08:00"))
    start = origin + begin * MINUTE + 17_000_001  # not on a minute boundary
    end = start + length * MINUTE
    if reverse:  # tabulate a later year first: the tables then grow backwards
        cal.cumulative(end + 400 * tu.US_PER_DAY)
    assert cal.between(start, end) == _walk_between(cal, start, end)
    assert cal.reach(start, amount * MINUTE) == _walk_reach(cal, start, amount * MINUTE)
    assert cal.year_of(start) == tu.day_to_date(tu.local_day(start)).year


# -- the whole-list evaluation in columns (app.ops.batch) ---------------------------------------------


@settings(max_examples=examples(200))
@given(
    st.lists(tickets(), min_size=1, max_size=12),
    st.sampled_from(POLICIES),
    st.integers(0, 3 * 24 * 60),
    st.sampled_from(CALENDARS),
)
def test_the_batch_evaluation_is_the_reference_evaluation(
    generated: list[dict[str, Any]], policy: dict[str, Any], after: int, config: CalendarConfig
) -> None:
    """Past every event the batch evaluates every ticket without a reopening, exactly as the reference."""
    for i, t in enumerate(generated):
        t["id"] = f"B-{i}"
    parsed, pol = parse_tickets(doc(*generated, policy=policy))
    at = max(t.events[-1].at for t in parsed.tickets) + after * MINUTE
    engine = ClockEngine(pol, WorkingCalendar(config))
    reference = ClockEngine(pol, WorkingCalendar(config))
    batched = evaluate_batch(engine, parsed.tickets, at)
    expected = [reference.evaluate_reference(t, at) for t in parsed.tickets]
    for ticket, got, want in zip(parsed.tickets, batched, expected, strict=True):
        if any(e.type == "reopened" for e in ticket.events):
            assert got is None  # the per-ticket path
        else:
            assert got == want
    assert engine.evaluate_all(parsed.tickets, at) == expected


def test_a_year_of_generated_tickets_evaluates_as_the_reference() -> None:
    """The benchmark's mix (pauses, escalations, on-site visits, working time) across 国庆 and into 2027."""
    year = make_tickets(1500)
    policy = parse_policy(demo_policy())
    for at in (
        tu.to_us(tu.parse_instant("2026-10-08T10:00:00+08:00")),  # inside the year: some tickets not yet reported
        tu.to_us(tu.parse_instant("2027-01-04T09:00:00+08:00")),  # the unverified 2027
    ):
        fast = ClockEngine(policy).evaluate_all([replace(t) for t in year], at)
        reference = ClockEngine(policy)
        assert fast == [reference.evaluate_reference(t, at) for t in year]
    batched = evaluate_batch(ClockEngine(policy), year, at)
    assert sum(r is not None for r in batched) > 0.9 * len(year)  # the batch is what runs
    assert any(c.unverified_years for r in batched if r for c in r.clocks)  # 2027 is not in chinese-calendar 1.11

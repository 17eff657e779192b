"""Working-minutes clocks on the China working calendar (调休, unknown years, overrides)."""

from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from app.ops.calendar import CalendarConfig, WorkingCalendar, YearTable, library_covers
from app.ops.timeutil import parse_instant, to_us
from tests.ops.helpers import clocks, doc, ev, ticket

RESOLVE = {
    "clocks": {
        "resolve": {"levels": [4, 5], "from": "reported", "to": "resolved", "working_minutes": 960, "pauses": True}
    }
}


def us(text: str) -> int:
    return to_us(parse_instant(text))


def test_the_library_knows_the_2026_national_day_and_its_make_up_saturday() -> None:
    assert not chinese_calendar.is_workday(date(2026, 10, 1))
    assert not chinese_calendar.is_workday(date(2026, 10, 7))
    assert chinese_calendar.is_workday(date(2026, 10, 10))  # Saturday, 调休
    assert chinese_calendar.is_workday(date(2026, 9, 20))  # Sunday, 调休
    assert library_covers(2026)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))
    assert not library_covers(2027)


def test_working_minutes_across_national_day_2026_with_its_make_up_saturday() -> None:
    # Wed 30 Sep 16:00: 90 min that day, nothing 1–7 Oct, 390 on Thu 8 and Fri 9, the last 90
    # on the 调休 Saturday 10 Oct from 08:30.
    d = doc(ticket(level=4, events=[ev("reported", "2026-09-30T16:00:00+08:00")]), policy=RESOLVE)
    c = clocks(d, "2026-10-09T12:00:00+08:00")["resolve"]
    assert c == {
        "target_minutes": 960,
        "due": "2026-10-10T10:00:00+08:00",
        "elapsed_minutes": 690.0,
        "status": "pending",
    }
    assert clocks(d, "2026-10-09T15:30:00+08:00")["resolve"]["status"] == "at_risk"  # 750 ≥ 720
    assert clocks(d, "2026-10-05T12:00:00+08:00")["resolve"]["elapsed_minutes"] == 90.0  # holiday week
    late = clocks(d, "2026-10-10T12:00:00+08:00")["resolve"]
    assert late["elapsed_minutes"] == 1080.0 and late["status"] == "breached"
    assert "calendar" not in late


def test_working_clock_stops_and_excludes_pauses_in_working_time() -> None:
    events = [
        ev("reported", "2026-09-30T16:00:00+08:00"),
        ev("paused", "2026-10-08T08:00:00+08:00", reason="等待医院信息科"),
        ev("resumed", "2026-10-08T15:30:00+08:00"),  # 210 + 60 working minutes paused
        ev("resolved", "2026-10-10T09:30:00+08:00"),
    ]
    c = clocks(doc(ticket(level=5, events=events), policy=RESOLVE), "2026-10-12T09:00:00+08:00")["resolve"]
    # 90 (30 Sep) + 120 (8 Oct 15:30–17:30) + 390 (9 Oct) + 60 (10 Oct 08:30–09:30)
    assert c["elapsed_minutes"] == 660.0
    assert c["status"] == "met"
    # The target instant if it had run on from the end of the pause: 870 more working minutes
    # after 8 Oct 15:30 are 120 + 390 + 360, the last 360 on the 调休 Saturday until 17:00.
    assert c["due"] == "2026-10-10T17:00:00+08:00"


def test_due_is_the_instant_the_target_is_reached_even_at_the_end_of_a_window() -> None:
    policy = {"clocks": {"resolve": {"levels": [5], "from": "reported", "to": "resolved", "working_minutes": 210}}}
    d = doc(ticket(level=5, events=[ev("reported", "2026-03-02T08:00:00+08:00")]), policy=policy)
    assert clocks(d, "2026-03-02T09:00:00+08:00")["resolve"]["due"] == "2026-03-02T12:00:00+08:00"


def test_working_hours_and_extra_days_from_the_policy() -> None:
    policy = {
        "calendar": {
            "working_hours": [["09:00", "12:00"], ["13:00", "18:00"]],
            "extra_holidays": ["2026-03-03"],
            "extra_workdays": ["2026-03-08"],
        },
        "clocks": {"resolve": {"levels": [5], "from": "reported", "to": "resolved", "working_minutes": 960}},
    }
    d = doc(ticket(level=5, events=[ev("reported", "2026-03-02T17:00:00+08:00")]), policy=policy)
    c = clocks(d, "2026-03-04T10:00:00+08:00")["resolve"]
    assert c["elapsed_minutes"] == 60.0 + 60.0  # Mon 17–18, Tue off, Wed 09–10
    d2 = doc(ticket(level=5, events=[ev("reported", "2026-03-07T08:00:00+08:00")]), policy=policy)
    c2 = clocks(d2, "2026-03-08T20:00:00+08:00")["resolve"]
    assert c2["elapsed_minutes"] == 480.0  # Sat off, Sun made a workday: 3 h + 5 h


def test_an_unverified_2027_clock_is_computed_on_weekends_and_marked() -> None:
    d = doc(ticket(level=4, events=[ev("reported", "2027-03-01T09:00:00+08:00")]), policy=RESOLVE)
    c = clocks(d, "2027-03-01T12:00:00+08:00")
    assert c["resolve"] == {
        "target_minutes": 960,
        "due": "2027-03-03T12:00:00+08:00",
        "elapsed_minutes": 180.0,
        "status": "pending",
        "calendar": "unverified",
    }
    assert "calendar" not in c["response"]  # wall-clock clocks do not depend on the calendar
    weekend = doc(ticket(level=4, events=[ev("reported", "2027-03-06T09:00:00+08:00")]), policy=RESOLVE)
    assert clocks(weekend, "2027-03-07T18:00:00+08:00")["resolve"]["elapsed_minutes"] == 0.0


def test_unverified_years_honour_the_policy_overrides() -> None:
    policy = {**RESOLVE, "calendar": {"extra_holidays": ["2027-03-01"], "extra_workdays": ["2027-03-06"]}}
    d = doc(ticket(level=4, events=[ev("reported", "2027-03-01T09:00:00+08:00")]), policy=policy)
    assert clocks(d, "2027-03-01T17:00:00+08:00")["resolve"]["elapsed_minutes"] == 0.0
    sat = doc(ticket(level=4, events=[ev("reported", "2027-03-06T08:30:00+08:00")]), policy=policy)
    c = clocks(sat, "2027-03-06T12:00:00+08:00")["resolve"]
    assert c["elapsed_minutes"] == 210.0 and c["calendar"] == "unverified"


def test_a_2026_clock_whose_due_falls_in_2027_is_unverified() -> None:
    d = doc(ticket(level=4, events=[ev("reported", "2026-12-31T16:00:00+08:00")]), policy=RESOLVE)
    c = clocks(d, "2026-12-31T17:00:00+08:00")["resolve"]
    assert c["calendar"] == "unverified"
    assert c["elapsed_minutes"] == 60.0


def test_a_user_year_table_verifies_the_year() -> None:
    table = YearTable(year=2027, rest_days=frozenset({date(2027, 1, 1)}), workdays=frozenset({date(2027, 1, 9)}))
    cal = WorkingCalendar(CalendarConfig(years=(table,)))
    assert cal.verified(2027)
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 9))  # a Saturday
    assert cal.unverified_years(us("2027-01-01T00:00:00"), us("2027-12-31T00:00:00")) == []
    bare = WorkingCalendar(CalendarConfig())
    assert bare.unverified_years(us("2026-12-01T00:00:00"), us("2028-01-02T00:00:00")) == [2027, 2028]


def test_cumulative_time_is_consistent_with_reach() -> None:
    cal = WorkingCalendar(CalendarConfig())
    start = us("2026-09-30T16:00:00+08:00")
    for minutes in (1, 90, 91, 390, 480, 870, 960, 5000, 100_000):
        due = cal.reach(start, minutes * 60_000_000)
        assert due is not None
        assert cal.between(start, due) == minutes * 60_000_000
        assert cal.between(start, due - 1) < minutes * 60_000_000  # the earliest such instant


def test_years_before_the_anchor_are_tabulated_too() -> None:
    cal = WorkingCalendar(CalendarConfig())
    a, b = us("2015-12-31T09:00:00+08:00"), us("2016-01-04T09:00:00+08:00")
    # 31 Dec 2015 (Thu) from 09:00: 360; 1 Jan holiday; 2–3 weekend; 4 Jan 08:30–09:00: 30
    assert cal.between(a, b) == 390 * 60_000_000

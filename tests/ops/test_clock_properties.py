"""Properties of the clock engine over generated event sequences (Hypothesis, derandomised)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.ops import timeutil as tu
from app.ops.clocks import BREACHED, MET, ClockEngine
from app.ops.ticketformat import parse_tickets
from tests.ops.helpers import doc

SETTINGS = settings(max_examples=150, derandomize=True, database=None, deadline=None)
STARTS = [
    "2026-03-02T09:00:00+08:00",
    "2026-09-30T16:00:00+08:00",
    "2026-12-31T15:00:00+08:00",
    "2027-02-05T11:00:00+08:00",
]
POLICIES: list[dict[str, Any]] = [
    {},
    {
        "clocks": {
            "resolve": {
                "levels": [1, 2, 3, 4, 5],
                "from": "reported",
                "to": "resolved",
                "working_minutes": 960,
                "pauses": True,
            }
        }
    },
    {
        "clocks": {
            "restore": {"working_minutes": 240},
            "work": {"levels": [3, 4, 5], "from": "acknowledged", "to": "restored", "minutes": 90, "pauses": True},
        }
    },
]
PLAIN = [
    "acknowledged",
    "onsite_requested",
    "onsite_arrived",
    "restored",
    "resolved",
    "plan_submitted",
    "note",
    "closed",
    "level_changed",
]


@st.composite
def tickets(draw: st.DrawFn) -> dict[str, Any]:
    start = tu.to_us(tu.parse_instant(draw(st.sampled_from(STARTS))))
    kind = draw(st.sampled_from(["fault", "outage", "security"]))
    events: list[dict[str, Any]] = [{"type": "reported", "at": tu.iso(start)}]
    now = start
    paused = resolved = False
    for _ in range(draw(st.integers(0, 12))):
        now += draw(st.integers(0, 24 * 60)) * 60_000_000
        choices = [*PLAIN, "resumed" if paused else "paused"]
        if resolved:
            choices.append("reopened")
        kind_ = draw(st.sampled_from(choices))
        event: dict[str, Any] = {"type": kind_, "at": tu.iso(now)}
        if kind_ == "paused":
            event["reason"] = "等待"
            paused = True
        elif kind_ == "resumed":
            paused = False
        elif kind_ == "resolved":
            resolved = True
        elif kind_ == "reopened":
            resolved = False
        elif kind_ == "level_changed":
            event["level"] = draw(st.integers(1, 5))
        events.append(event)
    return {
        "id": "P-1",
        "title": "",
        "level": draw(st.integers(1, 5)),
        "kind": kind,
        "onsite_required": draw(st.booleans()),
        "category": "软件的故障" if kind == "security" else None,
        "events": events,
    }


def _run(ticket: dict[str, Any], policy: dict[str, Any], at: int) -> dict[str, tuple[float, str]]:
    parsed, pol = parse_tickets(doc(ticket, policy=policy))
    result = ClockEngine(pol).evaluate(parsed.tickets[0], at)
    return {c.key: (c.elapsed, c.status) for c in result.clocks}


def _instant(ticket: dict[str, Any], offset_minutes: int) -> int:
    return tu.to_us(tu.parse_instant(ticket["events"][0]["at"])) + offset_minutes * 60_000_000


@SETTINGS
@given(tickets(), st.sampled_from(POLICIES), st.integers(-600, 20 * 24 * 60))
def test_elapsed_is_never_negative(ticket: dict[str, Any], policy: dict[str, Any], offset: int) -> None:
    for elapsed, _status in _run(ticket, policy, _instant(ticket, offset)).values():
        assert elapsed >= 0


@SETTINGS
@given(tickets(), st.sampled_from(POLICIES), st.integers(0, 20 * 24 * 60))
def test_pauses_never_increase_elapsed(ticket: dict[str, Any], policy: dict[str, Any], offset: int) -> None:
    at = _instant(ticket, offset)
    unpaused = {**ticket, "events": [e for e in ticket["events"] if e["type"] not in ("paused", "resumed")]}
    with_pauses = _run(ticket, policy, at)
    without = _run(unpaused, policy, at)
    assert with_pauses.keys() == without.keys()
    for key, (elapsed, _status) in with_pauses.items():
        assert elapsed <= without[key][0], key


@SETTINGS
@given(tickets(), st.sampled_from(POLICIES), st.integers(-600, 20 * 24 * 60), st.integers(0, 20 * 24 * 60))
def test_a_later_at_never_turns_a_breach_back_into_met(
    ticket: dict[str, Any], policy: dict[str, Any], offset: int, later: int
) -> None:
    first = _run(ticket, policy, _instant(ticket, offset))
    second = _run(ticket, policy, _instant(ticket, offset + later))
    for key, (elapsed, status) in first.items():
        if key not in second:
            continue  # a level change dropped the clock
        assert second[key][0] >= elapsed, key  # elapsed never runs backwards
        if status == BREACHED:
            assert second[key][1] == BREACHED, key
        assert not (status == BREACHED and second[key][1] == MET)


@SETTINGS
@given(tickets(), st.sampled_from(POLICIES), st.integers(-600, 20 * 24 * 60))
def test_the_fast_paths_agree_with_the_general_path(
    ticket: dict[str, Any], policy: dict[str, Any], offset: int
) -> None:
    from app.ops.timeline import Timeline

    parsed, pol = parse_tickets(doc(ticket, policy=policy))
    t = parsed.tickets[0]
    at = _instant(ticket, offset)
    engine = ClockEngine(pol)
    fast = engine.evaluate(t, at)
    line = Timeline(t, at)
    general = tuple(engine._clock(c, line) for c in engine._clocks(line.level, t.kind, t.onsite_required))
    assert fast.clocks == general
    again = engine.evaluate(t, at)  # the cached summary gives the same answer
    assert again == fast

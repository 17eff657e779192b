"""One pass over a ticket's events: its board column, pauses, level changes and reopenings.

The clock engine (:mod:`app.ops.clocks`) asks a :class:`Timeline` where each clock starts and
stops; the :class:`Summary` behind it walks the events once per ticket and instant, and the part
that depends on the sequence of event types alone is computed once per sequence
(:func:`event_shape`).
"""

from __future__ import annotations

from app.ops.contract import EVENT_TYPES, STATUSES
from app.ops.tickets import Ticket


def merge_intervals(intervals: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
    """Clip intervals to ``[lo, hi]``, sort and merge them."""
    clipped = sorted((max(a, lo), min(b, hi)) for a, b in intervals if b > lo and a < hi)
    merged: list[tuple[int, int]] = []
    for a, b in clipped:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


_NEW, _ACKED, _WORKING, _RESTORED, _RESOLVED, _CLOSED = range(6)
_CODE = {t: i for i, t in enumerate(EVENT_TYPES)}
_PAUSED, _RESUMED, _LEVEL, _RESOLVE, _REOPEN = (
    _CODE[t] for t in ("paused", "resumed", "level_changed", "resolved", "reopened")
)


def _steps() -> tuple[tuple[int, ...], ...]:
    """``table[status][event code]``: the board column after an event (see :func:`tickets.status_of`)."""
    progress = {_CODE[t] for t in ("onsite_requested", "onsite_arrived", "paused", "resumed", "plan_submitted")}
    table = []
    for status in range(6):
        row = []
        for t in EVENT_TYPES:
            code, nxt = _CODE[t], status
            if t == "acknowledged" and status == _NEW:
                nxt = _ACKED
            elif code in progress and status in (_NEW, _ACKED):
                nxt = _WORKING
            elif t == "restored" and status not in (_RESOLVED, _CLOSED):
                nxt = _RESTORED
            elif t == "resolved":
                nxt = _RESOLVED
            elif t == "reopened":
                nxt = _WORKING
            elif t == "closed":
                nxt = _CLOSED
            row.append(nxt)
        table.append(tuple(row))
    return tuple(table)


_STEP = _steps()
_FIRST_SPECIAL = min(_PAUSED, _RESUMED, _LEVEL, _RESOLVE, _REOPEN)


_SPECIAL = frozenset(("paused", "resumed", "level_changed", "resolved", "reopened"))
_SHAPES: dict[tuple[str, ...], tuple[dict[str, int], int, tuple[int, ...]]] = {}
"""Event-type sequence → (first index of each type, board column, indices of the special events).

A year of tickets has only a few hundred distinct sequences of event types, so the part of a
ticket's summary that depends on the types alone is computed once per sequence and shared
(read only); only the special events' instants are looked at per ticket.
"""
_SHAPES_LIMIT = 65_536


def event_shape(types: tuple[str, ...]) -> tuple[dict[str, int], int, tuple[int, ...]]:
    """A sequence of event types' first index of each type, final board column and special events."""
    found = _SHAPES.get(types)
    if found is not None:
        return found
    first: dict[str, int] = {}
    status = _NEW
    step, code_of = _STEP, _CODE
    for i, t in enumerate(types):
        if t not in first:
            first[t] = i
        status = step[status][code_of[t]]
    specials = tuple(i for i, t in enumerate(types) if t in _SPECIAL)
    found = (first, status, specials)
    if len(_SHAPES) >= _SHAPES_LIMIT:
        _SHAPES.clear()  # a bound, never reached by real data: shapes are recomputed, not lost
    _SHAPES[types] = found
    return found


class Summary:
    """One pass over a ticket's events up to an instant (cached per ticket for the whole list)."""

    __slots__ = ("first", "gaps0", "last_at", "level", "open_at", "pauses", "status", "stop0", "upto")

    def __init__(self, ticket: Ticket, at: int | None) -> None:
        events = ticket.events
        if at is None or (events and events[-1][1] <= at):
            self._whole(ticket)
            return
        self._upto(ticket, at)

    @classmethod
    def reference(cls, ticket: Ticket, at: int) -> Summary:
        """The one-event-at-a-time pass, whatever ``at`` is (no shared shapes)."""
        summary = cls.__new__(cls)
        summary._upto(ticket, at)
        return summary

    def _whole(self, ticket: Ticket) -> None:
        """Every event counts: the type sequence's shared shape, then the special events only."""
        events = ticket.events
        first, status, specials = event_shape(tuple([ev[0] for ev in events]))
        pauses: list[tuple[int, int]] = []
        gaps: list[tuple[int, int]] = []
        open_at = -1
        level = ticket.level
        running, last = True, 0
        for i in specials:
            ev = events[i]
            t, when = ev[0], ev[1]
            if t == "paused":
                open_at = when
            elif t == "resumed":
                if open_at >= 0:
                    pauses.append((open_at, when))
                    open_at = -1
            elif t == "level_changed":
                level = ev.level or level
            elif t == "resolved":
                if running and i:
                    running, last = False, when
            elif not running:  # reopened
                gaps.append((last, when))
                running = True
        self.upto = len(events)
        self.first = first
        self.pauses = pauses
        self.open_at = open_at
        self.level = level
        self.status = status
        self.stop0 = None if running else last
        self.gaps0 = gaps
        self.last_at = events[-1].at if events else 0

    def _upto(self, ticket: Ticket, limit: int) -> None:
        """The events up to ``limit`` (an evaluation instant before the ticket's last event)."""
        events = ticket.events
        first: dict[str, int] = {}
        pauses: list[tuple[int, int]] = []
        gaps: list[tuple[int, int]] = []
        open_at = -1
        level = ticket.level
        status = _NEW
        running, last = True, 0
        upto = len(events)
        step, code_of = _STEP, _CODE
        for i, ev in enumerate(events):
            t, when = ev[0], ev[1]  # Event is a named tuple: indexing is the fastest access
            if when > limit:
                upto = i
                break
            if t not in first:
                first[t] = i
            code = code_of[t]
            status = step[status][code]
            if code < _FIRST_SPECIAL:
                continue
            if code == _PAUSED:
                open_at = when
            elif code == _RESUMED:
                if open_at >= 0:
                    pauses.append((open_at, when))
                    open_at = -1
            elif code == _LEVEL:
                level = ev.level or level
            elif code == _RESOLVE:
                if running and i:
                    running, last = False, when
            elif code == _REOPEN and not running:
                gaps.append((last, when))
                running = True
        self.upto = upto
        self.first = first
        self.pauses = pauses
        self.open_at = open_at
        self.level = level
        self.status = status
        self.stop0 = None if running else last
        self.gaps0 = gaps
        self.last_at = events[-1].at if events else 0


class Timeline:
    """What the clocks need from a ticket's events as of one instant."""

    __slots__ = ("at", "events", "first", "gaps0", "level", "open_pause", "pauses", "status", "stop0", "upto")

    def __init__(self, ticket: Ticket, at: int, summary: Summary | None = None) -> None:
        events = ticket.events
        if summary is None:
            memo = ticket.memo.get("clocks")
            if memo is None:
                memo = ticket.memo["clocks"] = Summary(ticket, None)
            summary = memo if memo.last_at <= at else Summary(ticket, at)
        self.at = at
        self.events = events
        self.upto = summary.upto
        self.first = summary.first
        self.level = summary.level
        self.status = STATUSES[summary.status]
        self.stop0 = summary.stop0
        self.gaps0 = summary.gaps0
        self.open_pause = summary.open_at >= 0
        self.pauses = [*summary.pauses, (summary.open_at, at)] if self.open_pause else summary.pauses

    def start(self, types: tuple[str, ...]) -> tuple[int, int] | None:
        """``(index, instant)`` of the first event of the first of ``types`` present (whole ticket)."""
        if self.upto == len(self.events) or (len(types) == 1 and types[0] in self.first):
            for wanted in types:  # every event is in `first`: no scan needed
                index = self.first.get(wanted)
                if index is not None:
                    return index, self.events[index].at
            if self.upto == len(self.events):
                return None
        for wanted in types:
            for i, ev in enumerate(self.events):
                if ev.type == wanted:
                    return i, ev.at
        return None

    def stop(self, stop: str, after: int) -> tuple[int | None, list[tuple[int, int]]]:
        """The stop instant (None: running) and the resolved→reopened gaps after index ``after``."""
        events = self.events
        if stop == "resolved":
            if after == 0:
                return self.stop0, self.gaps0
            running = True
            last = 0
            gaps: list[tuple[int, int]] = []
            for i in range(after + 1, self.upto):
                t = events[i].type
                if t == "resolved" and running:
                    running, last = False, events[i].at
                elif t == "reopened" and not running:
                    gaps.append((last, events[i].at))
                    running = True
            return (None if running else last), gaps
        index = self.first.get(stop)
        if index is None:
            return None, []
        if index > after:
            return events[index].at, []
        for i in range(after + 1, self.upto):
            if events[i].type == stop:
                return events[i].at, []
        return None, []

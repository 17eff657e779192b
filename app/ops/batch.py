"""The whole-list SLA evaluation in columns: one numpy pass per clock of each ticket plan.

:meth:`ClockEngine.evaluate_all` hands its tickets here first. A ticket is *batched* when the
evaluation instant is at or after its last event and it has no pause and no reopening (a
year of tickets: four in five). For such a ticket everything structural follows from its
sequence of event types, its latest level, its kind and its on-site flag: which clocks apply,
which event starts each and which stops it. That is its :class:`_Plan`, computed once per
distinct combination (a year of tickets has a few dozen). The tickets of one plan are then
evaluated together: the instants the plan needs become int64 columns, and elapsed time, due,
status and ratio are column arithmetic; working time uses the calendar's per-day tables as
arrays (``W`` is two lookups and a clip per window, the instant a target is reached one
``searchsorted``).

Every other ticket (a pause, a reopening, an event after the instant) gets ``None`` and takes
the per-ticket path. The results are exactly :meth:`ClockEngine.evaluate_reference`'s (the
differential tests in ``tests/ops`` compare them); everything is integer microseconds, and the
float conversions are the same IEEE operations the per-ticket path does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from app.ops import timeutil as tu
from app.ops.calendar import WorkingCalendar
from app.ops.contract import STATUSES
from app.ops.timeline import event_shape

if TYPE_CHECKING:
    from app.ops.clocks import ClockEngine, ClockResult, TicketResult, _Compiled
    from app.ops.tickets import Ticket

Ints = npt.NDArray[np.int64]
_US_MIN = tu.US_PER_MINUTE
_DAY = tu.US_PER_DAY
_OFFSET = tu.LOCAL_OFFSET_US
_STATUS_NAMES = np.array(["met", "breached", "pending", "at_risk"], dtype=object)
"""By status code (the same interned ``str`` objects as the constants of :mod:`app.ops.clocks`)."""


class _Plan:
    """What a batched ticket's clocks need, decided by its types, latest level, kind and on-site flag.

    Attributes:
        level: The latest level.
        status: The board column.
        paused: Whether a pause is open (it runs to the evaluation instant).
        entries: Per applicable clock: the compiled clock, the index of its start event (None:
            it never starts), of its stop event (None: running), and the pauses it leaves out
            (paused and resumed indices; None for an open pause's end).
        needed: The event indices whose instants the entries read.
    """

    __slots__ = ("entries", "final", "level", "needed", "paused", "status")

    def __init__(self, level: int, status: str, paused: bool, entries: tuple[_Entry, ...]) -> None:
        self.level = level
        self.status = status
        self.paused = paused
        self.entries = entries
        self.final = all(start is not None and stop is not None for _c, start, stop, _p in entries)
        needed = {i for _c, s, e, _p in entries for i in (s, e) if i is not None}
        needed |= {i for _c, _s, _e, pauses in entries for pair in pauses for i in pair if i is not None}
        self.needed = sorted(needed)


_Entry = tuple["_Compiled", int | None, int | None, tuple[tuple[int, int | None], ...]]


class _Shape(NamedTuple):
    """What a sequence of event types says, whatever the level: level changes and pauses."""

    changes: tuple[int, ...]
    pauses: tuple[tuple[int, int | None], ...]
    open_pause: bool


def _first_after(types: tuple[str, ...], wanted: str, after: int) -> int | None:
    for i in range(after + 1, len(types)):
        if types[i] == wanted:
            return i
    return None


def _shape_of(types: tuple[str, ...]) -> _Shape | None:
    """The level changes and pauses of a type sequence (None when it is not batched: a reopening)."""
    if "reopened" in types:
        return None
    pauses: list[tuple[int, int | None]] = []
    opened = -1
    for i, t in enumerate(types):  # as the per-ticket summary pairs them
        if t == "paused":
            opened = i
        elif t == "resumed" and opened >= 0:
            pauses.append((opened, i))
            opened = -1
    if opened >= 0:
        pauses.append((opened, None))
    changes = tuple(i for i, t in enumerate(types) if t == "level_changed")
    return _Shape(changes, tuple(pauses), opened >= 0)


def _plan(engine: ClockEngine, types: tuple[str, ...], shape: _Shape, level: int, kind: str, onsite: bool) -> _Plan:
    first, status, _specials = event_shape(types)
    entries: list[_Entry] = []
    for c in engine._clocks(level, kind, onsite):
        if c.from_reported:
            start: int | None = 0
        else:
            start = next((first[t] for t in c.starts if t in first), None)
        if start is None:
            entries.append((c, None, None, ()))
            continue
        stop = _first_after(types, c.stop, start)
        entries.append((c, start, stop, shape.pauses if c.pauses else ()))
    return _Plan(level, STATUSES[status], shape.open_pause, tuple(entries))


def evaluate_batch(engine: ClockEngine, tickets: Sequence[Ticket], at: int) -> list[TicketResult | None]:
    """The results of the batched tickets (None for the others: the caller evaluates them one by one).

    A batched ticket whose clocks have all stopped keeps its result for ``engine`` on the ticket,
    exactly as :meth:`ClockEngine.evaluate` does.
    """
    from app.ops.clocks import TicketResult

    out: list[TicketResult | None] = [None] * len(tickets)
    shapes: dict[tuple[str, ...], tuple[_Shape | None, dict[tuple[int, str, bool], _Plan]]]
    shapes = engine._batch_shapes
    groups: dict[_Plan, tuple[list[int], list[tuple[int, ...]]]] = {}
    for i, t in enumerate(tickets):
        events = t.events
        if not events:
            continue
        fields = zip(*events, strict=True)  # lazily transposed: only the fields asked for are built
        types = next(fields)
        ats = next(fields)
        if ats[-1] > at:
            continue
        known = shapes.get(types)
        if known is None:
            known = shapes[types] = (_shape_of(types), {})
        shape, by_key = known
        if shape is None:
            continue  # a reopening: the per-ticket path
        level = t.level
        if shape.changes:
            levels = next(fields)
            for j in shape.changes:
                level = levels[j] or level
        key = (level, t.kind, t.onsite_required)
        plan = by_key.get(key)
        if plan is None:
            plan = by_key[key] = _plan(engine, types, shape, *key)
        group = groups.get(plan)
        if group is None:
            groups[plan] = ([i], [ats])
        else:
            group[0].append(i)
            group[1].append(ats)
    make = partial(tuple.__new__, TicketResult)
    for plan, (rows, instants) in groups.items():
        n = len(rows)
        width = len(instants[0])
        matrix = np.fromiter(chain.from_iterable(instants), np.int64, n * width).reshape(n, width)
        cols = {j: matrix[:, j] for j in plan.needed}
        per_clock = [_clock_column(engine, plan, entry, cols, at, n) for entry in plan.entries]
        ids = [tickets[i].id for i in rows]
        clocks: Any = zip(*per_clock, strict=True) if per_clock else repeat((), n)
        made = map(make, zip(ids, repeat(plan.level), repeat(plan.status), repeat(plan.paused), clocks))
        if plan.final:  # every clock stopped: what ClockEngine.evaluate keeps on the ticket
            for i, result, last in zip(rows, made, (a[-1] for a in instants), strict=False):
                out[i] = result
                tickets[i].memo["final"] = (engine, last, result)
        else:
            for i, result in zip(rows, made, strict=False):
                out[i] = result
    return out


def _clock_column(
    engine: ClockEngine, plan: _Plan, entry: _Entry, cols: dict[int, Ints], at: int, n: int
) -> list[ClockResult]:
    """One clock of every ticket of a plan."""
    from app.ops.clocks import ClockResult

    c, start_index, stop_index, pauses = entry
    if start_index is None:
        return [engine._result(c, None, 0, False, False, False, ())] * n
    start = cols[start_index]
    stopped = stop_index is not None
    at_col = np.full(n, at, np.int64)
    end = cols[stop_index] if stop_index is not None else at_col
    left_out = [(np.maximum(cols[a], start), np.minimum(cols[b] if b is not None else at_col, end)) for a, b in pauses]
    years: Any
    due: Any
    if c.working:
        elapsed, due, years = _working(engine.calendar, c, start, end, left_out)
    else:
        elapsed = end - start
        for a, b in left_out:
            elapsed -= np.where(b > a, b - a, 0)
        elapsed = np.maximum(elapsed, 0)
        cursor, remaining = _due_walk(start, c.target_us, left_out, _wall)
        due = (cursor + remaining).tolist()
        years = repeat(())
    hundredths = (elapsed * 200 + _US_MIN) // (2 * _US_MIN)
    code = np.where(
        hundredths > c.hundredths_target,
        1,
        0 if stopped else np.where(hundredths >= c.hundredths_warning, 3, 2),
    )
    values = hundredths / 100
    target = c.target
    ratios: Any = (values / target).tolist() if target else repeat(0.0)
    make = partial(tuple.__new__, ClockResult)
    fields = zip(
        repeat(c.key),
        repeat(target),
        due,
        values.tolist(),
        _STATUS_NAMES[code].tolist(),
        repeat(stopped),
        repeat(not stopped and bool(c.pauses) and plan.paused),
        repeat(True),
        repeat(c.working),
        years,
        ratios,
    )
    return list(map(make, fields))


def _wall(a: Ints, b: Ints) -> Ints:
    gap: Ints = np.maximum(b - a, 0)
    return gap


def _due_walk(
    start: Ints, target_us: int, left_out: list[tuple[Ints, Ints]], measure: Callable[[Ints, Ints], Ints]
) -> tuple[Ints, Ints]:
    """Where the target is reached from: ``(cursor, remaining)`` per ticket (``ClockEngine._due``'s walk).

    The pauses of one ticket follow one another, so clipping them to ``[start, end]`` leaves them
    in order; an empty one is skipped, and touching ones need no merging (a zero-length segment
    never reaches a positive remainder).
    """
    cursor = start.copy()
    remaining = np.full(len(start), target_us, np.int64)
    done = np.zeros(len(start), bool)
    for a, b in left_out:
        segment = measure(cursor, a)
        live = (b > a) & ~done
        hit = live & (segment >= remaining)
        done |= hit
        move = live & ~hit
        remaining = np.where(move, remaining - segment, remaining)
        cursor = np.where(move, b, cursor)
    return cursor, remaining


def _working(
    cal: WorkingCalendar, c: _Compiled, start: Ints, end: Ints, left_out: list[tuple[Ints, Ints]]
) -> tuple[Ints, list[int | None], list[tuple[int, ...]]]:
    """Working-time elapsed, due and unverified years of one clock, as columns."""

    def between(a: Ints, b: Ints) -> Ints:
        return np.where(b > a, cumulative(cal, b) - cumulative(cal, a), 0)

    elapsed = between(start, end)
    for a, b in left_out:
        elapsed -= between(a, b)
    elapsed = np.maximum(elapsed, 0)
    cursor, remaining = _due_walk(start, c.target_us, left_out, between)
    due = reach(cal, cursor, remaining)
    years: list[tuple[int, ...]] = [()] * len(due)
    last = [e if d is None or d < e else d for e, d in zip(end.tolist(), due, strict=True)]
    lo, table = cal._flat[0], cal._flat[4]
    first = start.tolist()
    y_lo = (int(start.min()) + _OFFSET) // _DAY - lo
    y_hi = (max(last) + _OFFSET) // _DAY - lo
    if y_lo >= 0 and y_hi < len(table):
        flat_years = np.array(table, np.int64)
        y1 = flat_years[(start + _OFFSET) // _DAY - lo]
        y2 = flat_years[(np.array(last, np.int64) + _OFFSET) // _DAY - lo]
        known = {y: cal.verified(y) for y in set(y1.tolist())}
        plain = (y1 == y2) & np.array([known[y] for y in y1.tolist()], bool)
        odd = np.flatnonzero(~plain).tolist()
    else:
        odd = list(range(len(due)))
    for k in odd:
        years[k] = tuple(cal.unverified_years(first[k], last[k]))
    return elapsed, due, years


def _tables(cal: WorkingCalendar, lo_us: int, hi_us: int) -> tuple[int, Ints, Ints, Ints]:
    """The calendar's flat per-day tables as arrays, tabulated to cover ``[lo_us, hi_us]``."""
    cal.cumulative(lo_us)
    cal.cumulative(hi_us)
    lo, base, ends, work, _years = cal._flat
    cache = cal.arrays
    found = cache.get(id(base))
    if found is None or found[0] is not base:
        arrays = (np.array(base, np.int64), np.array(ends, np.int64), np.frombuffer(work, np.uint8).astype(np.int64))
        cache.clear()
        cache[id(base)] = found = (base, arrays)
    b, e, w = found[1]
    return lo, b, e, w


def cumulative(cal: WorkingCalendar, us: Ints) -> Ints:
    """:meth:`WorkingCalendar.cumulative` of every instant of ``us``."""
    if not len(us):
        return us
    lo, base, _ends, work = _tables(cal, int(us.min()), int(us.max()))
    shifted = us + _OFFSET
    day = shifted // _DAY
    i = day - lo
    in_day = shifted - day * _DAY
    within = np.zeros(len(us), np.int64)
    for s, e in cal._windows_us:
        within += np.clip(np.minimum(in_day, e) - s, 0, None)
    return base[i] + work[i] * within


def reach(cal: WorkingCalendar, start: Ints, amount: Ints) -> list[int | None]:
    """:meth:`WorkingCalendar.reach` for every element: when ``amount`` working time has passed since ``start``.

    A positive amount means every day before the start's ends below the goal, so one
    ``searchsorted`` over the whole table finds the day :meth:`WorkingCalendar.instant_of` finds
    from the start of the hint's year. Goals past the tabulated days take the scalar path.
    """
    out: list[int | None] = list(start.tolist())
    if not len(start):
        return out
    goal = cumulative(cal, start) + amount
    lo, base, ends, _work = _tables(cal, int(start.min()), int(start.max()))
    inside = (goal <= ends[-1]) & (amount > 0)
    if cal._windows_us and bool(inside.any()):
        index = np.searchsorted(ends, np.where(inside, goal, ends[-1]), side="left")
        remaining = goal - base[index]
        spans = np.array([e - s for s, e in cal._windows_us], np.int64)
        reached = np.cumsum(spans)
        window = np.minimum(np.searchsorted(reached, remaining, side="left"), len(spans) - 1)
        starts = np.array([s for s, _e in cal._windows_us], np.int64)
        instant = (lo + index) * _DAY - _OFFSET + starts[window] + remaining - (reached[window] - spans[window])
        for k, value in zip(np.flatnonzero(inside).tolist(), instant[inside].tolist(), strict=True):
            out[k] = value
    else:
        inside[:] = False
    for k in np.flatnonzero(~inside & (amount > 0)).tolist():
        out[k] = cal.instant_of(int(goal[k]), int(start[k]))
    return out

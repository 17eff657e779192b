"""The SLA clock engine: every clock of a ticket, as of an instant.

Rules (issue #11, ``docs/ops-tickets-format.md`` §3):

* A clock starts at the first event of its ``from`` type (for ``onsite``: ``onsite_requested``,
  or ``reported`` when the ticket has none) and stops at the first later event of its ``to`` type.
* **As of ``at``.** Events after ``at`` have not happened yet, except that which event starts a
  clock is decided on the whole ticket (so a later ``onsite_requested`` never turns an on-site
  breach back into met); a clock whose start lies after ``at`` has elapsed 0.
* **Pauses.** paused→resumed intervals (an open pause runs to ``at``) are left out of the clocks
  with ``pauses: true`` only.
* **Level changes.** The set of clocks and their targets follow the latest level; they are still
  measured from their start, and time already paused stays paused.
* **Reopening.** For a clock that stops at ``resolved``, ``reopened`` makes it run again; the
  resolved→reopened gap never counts, and it stops at the next ``resolved``.
* **Working time.** A ``working_minutes`` clock counts only working time
  (:class:`~app.ops.calendar.WorkingCalendar`); its ``elapsed`` is in working minutes and ``due``
  is the instant the target is reached. Touching a year the calendar does not know marks it
  unverified.
* ``elapsed`` is rounded half-up to 0.01 min; the status compares the rounded value: ``met``
  (stopped, elapsed ≤ target), ``breached`` (elapsed > target), ``pending`` (otherwise),
  ``at_risk`` (pending with elapsed ≥ the warning, 75 % of the target unless the clock sets one).
* ``due`` is when elapsed reaches the target if the clock runs on without pauses from where it
  is (a paused clock's due slides forward while it stays paused).

Everything is integer microseconds, so results are exact and the engine evaluates 50,000
tickets well inside the benchmark's budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from app.core.memory import collector_paused
from app.ops import timeutil as tu
from app.ops.calendar import WorkingCalendar
from app.ops.policy import ClockSpec, Policy
from app.ops.tickets import Ticket
from app.ops.timeline import Summary, Timeline, merge_intervals

MET, BREACHED, PENDING, AT_RISK = "met", "breached", "pending", "at_risk"
BATCH_FROM = 1_000
"""From this many tickets to evaluate, :meth:`ClockEngine.evaluate_all` evaluates in columns
(:mod:`app.ops.batch`, the same results); below it, importing numpy and building the arrays
costs more than the per-ticket engine (a contract's live tickets, the demo's year)."""
_US_MIN = tu.US_PER_MINUTE


class ClockResult(NamedTuple):
    """One clock of one ticket (a named tuple: immutable, and cheap to build 100,000 times).

    Attributes:
        key: The clock's name (``response`` …).
        target: The target in (working) minutes.
        due: When elapsed reaches the target (None if the clock has no start or no end in sight).
        elapsed: Elapsed (working) minutes, rounded half-up to 2 dp.
        status: ``met``, ``breached``, ``pending`` or ``at_risk``.
        stopped: Whether the stop event happened (as of the evaluation instant).
        paused: Whether a counted pause is open at the evaluation instant.
        started: Whether the start event happened (as of the evaluation instant).
        working: Whether the target is in working minutes.
        unverified_years: Years the computation touched that the calendar does not know.
        ratio: elapsed / target (for the board's colours).
    """

    key: str
    target: float
    due: int | None
    elapsed: float
    status: str
    stopped: bool
    paused: bool
    started: bool
    working: bool
    unverified_years: tuple[int, ...]
    ratio: float

    @property
    def running(self) -> bool:
        """Started and not stopped."""
        return self.started and not self.stopped


class TicketResult(NamedTuple):
    """Every applicable clock of one ticket at one instant."""

    id: str
    level: int
    status: str
    paused: bool
    clocks: tuple[ClockResult, ...]


def hundredths_of_minute(us: int) -> int:
    """Microseconds as hundredths of a minute, rounded half-up."""
    return (us * 200 + _US_MIN) // (2 * _US_MIN)


def round_minutes(us: int) -> float:
    """Microseconds as minutes, rounded half-up to two decimals."""
    return hundredths_of_minute(us) / 100


def percent(numerator: int, denominator: int) -> float:
    """``numerator / denominator × 100`` rounded half-up to two decimals."""
    value = Fraction(numerator * 100, denominator)
    return float((value * 100 + Fraction(1, 2)).__floor__()) / 100


class _Compiled:
    """A clock spec with its numbers precomputed for the hot loop."""

    __slots__ = (
        "from_reported",
        "hundredths_target",
        "hundredths_warning",
        "key",
        "pauses",
        "spec",
        "starts",
        "stop",
        "stop_resolved",
        "target",
        "target_us",
        "working",
    )

    def __init__(self, spec: ClockSpec) -> None:
        self.spec = spec
        self.key = spec.key
        self.starts = spec.starts
        self.stop = spec.stop
        self.pauses = spec.pauses
        self.working = spec.working
        self.target = spec.target
        self.target_us = int(spec.target * _US_MIN)
        self.hundredths_target = spec.target * 100
        self.hundredths_warning = spec.warning * 100
        self.from_reported = spec.starts == ("reported",)
        self.stop_resolved = spec.stop == "resolved"


class ClockEngine:
    """Evaluates tickets against one policy and one working calendar.

    Args:
        policy: The clocks (defaults merged with the file's or the contract's overrides).
        calendar: The working calendar for ``working_minutes`` clocks (built from the policy's
            calendar when omitted).
        finals: Final results of stored tickets by chain head (see :meth:`evaluate_all`), shared
            by the engines of one policy: a ticket whose clocks have all stopped is evaluated
            once, and again only when a new event changes its head. The caller keeps one such
            mapping per policy (a different policy or calendar needs a new one).
    """

    def __init__(
        self,
        policy: Policy,
        calendar: WorkingCalendar | None = None,
        finals: dict[str, tuple[int, TicketResult]] | None = None,
    ) -> None:
        self.policy = policy
        self.calendar = calendar or WorkingCalendar(policy.calendar)
        self.finals = finals
        self._applicable: dict[tuple[int, str, bool], tuple[_Compiled, ...]] = {}
        self._compiled = [_Compiled(c) for c in policy.clocks]
        self._batch_shapes: dict[tuple[str, ...], Any] = {}
        """Event types → their level changes and batch plans (see :mod:`app.ops.batch`)."""

    def clocks_for(self, level: int, kind: str, onsite_required: bool) -> list[ClockSpec]:
        """The clocks that apply to a ticket of this level, kind and on-site flag."""
        return [c.spec for c in self._clocks(level, kind, onsite_required)]

    def _clocks(self, level: int, kind: str, onsite_required: bool) -> tuple[_Compiled, ...]:
        key = (level, kind, onsite_required)
        found = self._applicable.get(key)
        if found is None:
            found = tuple(c for c in self._compiled if c.spec.applies(level, kind, onsite_required))
            self._applicable[key] = found
        return found

    def evaluate(self, ticket: Ticket, at: int) -> TicketResult:
        """Every applicable clock of ``ticket`` as of instant ``at``.

        Once every clock of a ticket has stopped and ``at`` is past its last event, the result no
        longer depends on ``at``: it is kept on the ticket for this engine (a board re-evaluates
        50,000 mostly closed tickets every tick without redoing them).
        """
        memo = ticket.memo
        final = memo.get("final")
        if final is not None and final[0] is self and at >= final[1]:
            return final[2]  # type: ignore[no-any-return]
        result = self._evaluate(ticket, at)
        last = ticket.events[-1][1]
        if at >= last:
            for c in result[4]:
                if not c[5]:  # ClockResult.stopped
                    break
            else:
                memo["final"] = (self, last, result)
        return result

    def evaluate_reference(self, ticket: Ticket, at: int) -> TicketResult:
        """The straightforward evaluation: a fresh pass over the events, the general path for every clock.

        Nothing is cached and no clock takes an inline shortcut. :meth:`evaluate` must return
        exactly this; the differential tests compare the two on generated tickets.
        """
        line = Timeline(ticket, at, Summary.reference(ticket, at))
        clocks = tuple(self._clock(c, line) for c in self._clocks(line.level, ticket.kind, ticket.onsite_required))
        return TicketResult(ticket.id, line.level, line.status, line.open_pause, clocks)

    def _evaluate(self, ticket: Ticket, at: int) -> TicketResult:
        line = Timeline(ticket, at)
        results = []
        events = ticket.events
        begun = events[0].at <= at
        for c in self._clocks(line.level, ticket.kind, ticket.onsite_required):
            if not begun:
                pass  # the general path handles a clock that has not started
            elif c.from_reported and not c.working:
                # The common case inline: a wall clock from `reported` with nothing to leave out.
                if c.stop_resolved:
                    stop = line.stop0
                    inline = not line.gaps0 and not (c.pauses and line.pauses)
                else:
                    index = line.first.get(c.stop)
                    stop = events[index].at if index is not None else None
                    inline = not (c.pauses and line.pauses)
                if inline:
                    start = events[0].at
                    end = at if stop is None else stop
                    elapsed = end - start if end > start else 0
                    hundredths = (elapsed * 200 + _US_MIN) // (2 * _US_MIN)
                    if hundredths > c.hundredths_target:
                        status = BREACHED
                    elif stop is not None:
                        status = MET
                    elif hundredths >= c.hundredths_warning:
                        status = AT_RISK
                    else:
                        status = PENDING
                    value = hundredths / 100
                    results.append(
                        ClockResult(
                            c.key,
                            c.target,
                            start + c.target_us,
                            value,
                            status,
                            stop is not None,
                            False,
                            True,
                            False,
                            (),
                            value / c.target,
                        )
                    )
                    continue
            elif c.from_reported and c.stop_resolved and not line.gaps0 and not (c.pauses and line.pauses):
                results.append(self._working_simple(c, line))
                continue
            results.append(self._clock(c, line))
        return TicketResult(ticket.id, line.level, line.status, line.open_pause, tuple(results))

    def evaluate_all(
        self, tickets: Iterable[Ticket], at: int, heads: Sequence[str] | None = None
    ) -> list[TicketResult]:
        """:meth:`evaluate` for each ticket.

        Args:
            tickets: The tickets.
            at: The evaluation instant.
            heads: With :attr:`finals`, each stored ticket's chain head (parallel to
                ``tickets``; "" for none). A ticket whose head has a final result for an instant
                not after ``at`` is not evaluated again: every new event, correction or header
                update writes a new head, so an unchanged head means unchanged events.
        """
        tickets = list(tickets)
        finals = self.finals if heads is not None else None
        out: list[TicketResult | None] = [None] * len(tickets)
        todo: list[int] = []
        with collector_paused():  # many small results, no cycles: see app.core.memory
            get = finals.get if finals is not None else None
            for i, t in enumerate(tickets):
                if get is not None and heads is not None:
                    head = heads[i]
                    hit = get(head) if head else None
                    if hit is not None and at >= hit[0]:
                        out[i] = hit[1]
                        continue
                final = t.memo.get("final")
                if final is not None and final[0] is self and at >= final[1]:
                    out[i] = final[2]
                    continue
                todo.append(i)
            batched: Sequence[TicketResult | None] = [None] * len(todo)
            if len(todo) >= BATCH_FROM:
                from app.ops.batch import evaluate_batch  # numpy: imported only for long lists

                batched = evaluate_batch(self, [tickets[i] for i in todo], at)
            evaluate = self.evaluate
            for i, found in zip(todo, batched, strict=True):
                out[i] = found if found is not None else evaluate(tickets[i], at)
            if finals is not None and heads is not None:
                for i in todo:
                    final = tickets[i].memo.get("final") if heads[i] else None
                    if final is not None and final[0] is self:
                        finals[heads[i]] = (final[1], final[2])
            return out  # type: ignore[return-value]  # every slot is filled above

    # -- one clock ------------------------------------------------------------------------------

    def _clock(self, c: _Compiled, line: Timeline) -> ClockResult:
        at = line.at
        if c.from_reported:  # the common case: no scan for the start
            index, start = 0, line.events[0].at
        else:
            begun = line.start(c.starts)
            if begun is None:
                return self._result(c, None, 0, False, False, False, ())
            index, start = begun
        if start > at:
            return self._result(c, self._advance(c, start, c.target_us), 0, False, False, False, ())
        if c.stop_resolved and index == 0:
            stop, gaps = line.stop0, line.gaps0
        else:
            stop, gaps = line.stop(c.stop, index)
        end = at if stop is None else stop
        excluded = (gaps + line.pauses if gaps else line.pauses) if c.pauses else gaps
        if not c.working:
            if not excluded:
                elapsed = end - start if end > start else 0
                hundredths = (elapsed * 200 + _US_MIN) // (2 * _US_MIN)
                stopped = stop is not None
                if hundredths > c.hundredths_target:
                    status = BREACHED
                elif stopped:
                    status = MET
                elif hundredths >= c.hundredths_warning:
                    status = AT_RISK
                else:
                    status = PENDING
                target = c.target
                return ClockResult(
                    c.key,
                    target,
                    start + c.target_us,
                    hundredths / 100,
                    status,
                    stopped,
                    False,
                    True,
                    False,
                    (),
                    hundredths / 100 / target,
                )
            merged = merge_intervals(excluded, start, end)
            elapsed = end - start - sum(b - a for a, b in merged)
        else:
            merged = merge_intervals(excluded, start, end) if excluded else []
            between = self.calendar.between
            elapsed = between(start, end) - sum(between(a, b) for a, b in merged)
        due = self._due(c, start, merged)
        paused = stop is None and c.pauses and line.open_pause
        years: tuple[int, ...] = ()
        if c.working:
            years = tuple(self.calendar.unverified_years(start, max(end, due if due is not None else end)))
        return self._result(c, due, elapsed if elapsed > 0 else 0, stop is not None, paused, True, years)

    def _working_simple(self, c: _Compiled, line: Timeline) -> ClockResult:
        """A working-time clock from `reported` to `resolved` with nothing to leave out (inline)."""
        cal = self.calendar
        start = line.events[0].at
        stop = line.stop0
        end = line.at if stop is None else stop
        w_start = cal.cumulative(start)
        elapsed = cal.cumulative(end) - w_start if end > start else 0
        due = cal.instant_of(w_start + c.target_us, start)
        last = end if due is None or due < end else due
        years: tuple[int, ...] = ()
        y1, y2 = cal.year_of(start), cal.year_of(last)
        if y1 != y2 or not cal.verified(y1):
            years = tuple(cal.unverified_years(start, last))
        return self._result(c, due, elapsed, stop is not None, False, True, years)

    def _advance(self, c: _Compiled, start: int, amount: int) -> int | None:
        if c.working:
            return self.calendar.reach(start, amount)
        return start + amount

    def _due(self, c: _Compiled, start: int, merged: list[tuple[int, int]]) -> int | None:
        remaining = c.target_us
        cursor = start
        measure = self.calendar.between if c.working else _wall
        for a, b in merged:
            segment = measure(cursor, a)
            if segment >= remaining:
                return self._advance(c, cursor, remaining)
            remaining -= segment
            cursor = b
        return self._advance(c, cursor, remaining)

    @staticmethod
    def _result(
        c: _Compiled,
        due: int | None,
        elapsed_us: int,
        stopped: bool,
        paused: bool,
        started: bool,
        years: tuple[int, ...],
    ) -> ClockResult:
        hundredths = (elapsed_us * 200 + _US_MIN) // (2 * _US_MIN)
        if hundredths > c.hundredths_target:
            status = BREACHED
        elif stopped:
            status = MET
        elif hundredths >= c.hundredths_warning:
            status = AT_RISK
        else:
            status = PENDING
        elapsed = hundredths / 100
        target = c.target
        return ClockResult(
            c.key,
            target,
            due,
            elapsed,
            status,
            stopped,
            paused,
            started,
            c.working,
            years,
            elapsed / target if target else 0.0,
        )


def _wall(start: int, end: int) -> int:
    return end - start if end > start else 0

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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.ops import timeutil as tu
from app.ops.calendar import WorkingCalendar
from app.ops.policy import ClockSpec, Policy
from app.ops.tickets import Event, Ticket, status_of

MET, BREACHED, PENDING, AT_RISK = "met", "breached", "pending", "at_risk"
_US_MIN = tu.US_PER_MINUTE


@dataclass(frozen=True, slots=True)
class ClockResult:
    """One clock of one ticket.

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


@dataclass(frozen=True, slots=True)
class TicketResult:
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


def _merge(intervals: list[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int]]:
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


class _Timeline:
    """What the clocks need from a ticket's events as of one instant (computed once per ticket)."""

    __slots__ = ("at", "events", "open_pause", "pauses", "upto")

    def __init__(self, events: Sequence[Event], at: int) -> None:
        self.at = at
        self.events = events
        upto = len(events)
        if events and events[-1].at > at:
            upto = 0
            while upto < len(events) and events[upto].at <= at:
                upto += 1
        self.upto = upto
        pauses: list[tuple[int, int]] = []
        open_at: int | None = None
        for i in range(upto):
            ev = events[i]
            if ev.type == "paused":
                open_at = ev.at
            elif ev.type == "resumed" and open_at is not None:
                pauses.append((open_at, ev.at))
                open_at = None
        if open_at is not None:
            pauses.append((open_at, at))
        self.pauses = pauses
        self.open_pause = open_at is not None

    def start(self, types: tuple[str, ...]) -> tuple[int, int] | None:
        """``(index, instant)`` of the first event of the first of ``types`` present (whole ticket)."""
        events = self.events
        for wanted in types:
            for i, ev in enumerate(events):
                if ev.type == wanted:
                    return i, ev.at
        return None

    def stop(self, stop: str, after: int) -> tuple[int | None, list[tuple[int, int]]]:
        """The stop instant (None: running) and the resolved→reopened gaps after index ``after``."""
        events = self.events
        if stop != "resolved":
            for i in range(after + 1, self.upto):
                if events[i].type == stop:
                    return events[i].at, []
            return None, []
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


class ClockEngine:
    """Evaluates tickets against one policy and one working calendar.

    Args:
        policy: The clocks (defaults merged with the file's or the contract's overrides).
        calendar: The working calendar for ``working_minutes`` clocks (built from the policy's
            calendar when omitted).
    """

    def __init__(self, policy: Policy, calendar: WorkingCalendar | None = None) -> None:
        self.policy = policy
        self.calendar = calendar or WorkingCalendar(policy.calendar)

    def clocks_for(self, level: int, kind: str, onsite_required: bool) -> list[ClockSpec]:
        """The clocks that apply to a ticket of this level, kind and on-site flag."""
        return [c for c in self.policy.clocks if c.applies(level, kind, onsite_required)]

    def evaluate(self, ticket: Ticket, at: int) -> TicketResult:
        """Every applicable clock of ``ticket`` as of instant ``at``."""
        line = _Timeline(ticket.events, at)
        level = ticket.level
        events = ticket.events
        for i in range(line.upto):
            if events[i].type == "level_changed" and events[i].level is not None:
                level = events[i].level  # type: ignore[assignment]
        results = tuple(
            self._clock(spec, line)
            for spec in self.policy.clocks
            if spec.applies(level, ticket.kind, ticket.onsite_required)
        )
        status = status_of(events[i].type for i in range(line.upto))
        return TicketResult(id=ticket.id, level=level, status=status, paused=line.open_pause, clocks=results)

    def evaluate_all(self, tickets: Iterable[Ticket], at: int) -> list[TicketResult]:
        """:meth:`evaluate` for each ticket."""
        return [self.evaluate(t, at) for t in tickets]

    # -- one clock ------------------------------------------------------------------------------

    def _clock(self, spec: ClockSpec, line: _Timeline) -> ClockResult:
        target_us = int(spec.target * _US_MIN)
        begun = line.start(spec.starts)
        if begun is None:
            return self._result(spec, None, 0, stopped=False, paused=False, started=False, years=())
        index, start = begun
        at = line.at
        if start > at:
            due = self._advance(spec, start, target_us)
            return self._result(spec, due, 0, stopped=False, paused=False, started=False, years=())
        stop, gaps = line.stop(spec.stop, index)
        end = stop if stop is not None else at
        excluded = gaps + line.pauses if spec.pauses else gaps
        merged = _merge(excluded, start, end) if excluded else []
        measure = self._measure(spec)
        elapsed = measure(start, end) - sum(measure(a, b) for a, b in merged)
        due = self._due(spec, start, merged, target_us)
        paused = stop is None and spec.pauses and line.open_pause
        years: tuple[int, ...] = ()
        if spec.working:
            years = tuple(self.calendar.unverified_years(start, max(end, due if due is not None else end)))
        return self._result(
            spec, due, max(elapsed, 0), stopped=stop is not None, paused=paused, started=True, years=years
        )

    def _measure(self, spec: ClockSpec) -> Callable[[int, int], int]:
        if spec.working:
            return self.calendar.between
        return _wall

    def _advance(self, spec: ClockSpec, start: int, amount: int) -> int | None:
        if spec.working:
            return self.calendar.reach(start, amount)
        return start + amount

    def _due(self, spec: ClockSpec, start: int, merged: list[tuple[int, int]], target_us: int) -> int | None:
        remaining = target_us
        cursor = start
        measure = self._measure(spec)
        for a, b in merged:
            segment = measure(cursor, a)
            if segment >= remaining:
                return self._advance(spec, cursor, remaining)
            remaining -= segment
            cursor = b
        return self._advance(spec, cursor, remaining)

    @staticmethod
    def _result(
        spec: ClockSpec,
        due: int | None,
        elapsed_us: int,
        *,
        stopped: bool,
        paused: bool,
        started: bool,
        years: tuple[int, ...],
    ) -> ClockResult:
        hundredths = hundredths_of_minute(elapsed_us)
        elapsed = hundredths / 100
        if hundredths > spec.target * 100:
            status = BREACHED
        elif stopped:
            status = MET
        elif hundredths >= spec.warning * 100:
            status = AT_RISK
        else:
            status = PENDING
        return ClockResult(
            key=spec.key,
            target=spec.target,
            due=due,
            elapsed=elapsed,
            status=status,
            stopped=stopped,
            paused=paused,
            started=started,
            working=spec.working,
            unverified_years=years,
            ratio=elapsed / spec.target if spec.target else 0.0,
        )


def _wall(start: int, end: int) -> int:
    return end - start if end > start else 0

"""The monthly operations report as plain data (the PDF and Excel builders only lay it out).

The month's tickets are those reported in it (Asia/Shanghai); their clocks are evaluated as of
the report instant (default: now), so a ticket opened on the 31st and resolved on the 1st counts
as resolved. The 12-month trend evaluates each of the 12 months ending with the report month the
same way. MTTA is the mean reported→acknowledged time; MTTR the mean reported→resolved time
without counted pauses and resolved→reopened gaps (both wall-clock minutes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.core.errors import InputError
from app.ops import timeutil as tu
from app.ops.calendar import WorkingCalendar
from app.ops.clocks import AT_RISK, BREACHED, MET, ClockEngine, TicketResult
from app.ops.contract import STATUSES, facts
from app.ops.obligations import Behind, ObligationInfo, ObligationStore, behind_schedule
from app.ops.policy import ClockSpec, Policy
from app.ops.repository import ContractInfo, OpsRepository
from app.ops.slaformat import Summary, summarise
from app.ops.tickets import Ticket
from app.store.store import Store

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MEAN_CLOCKS = (
    ClockSpec(
        "mtta", "MTTA", ("reported",), "acknowledged", frozenset(range(1, 6)), None, False, False, 10**9, False, 10**9
    ),
    ClockSpec(
        "mttr", "MTTR", ("reported",), "resolved", frozenset(range(1, 6)), None, False, True, 10**9, False, 10**9
    ),
)


def parse_month(text: str) -> tuple[int, int]:
    """``2026-03`` → ``(2026, 3)``.

    Raises:
        InputError: Not ``YYYY-MM``.
    """
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InputError("--month", f"月份应为 YYYY-MM（如 2026-03），而不是 “{text}”")
    return int(m.group(1)), int(m.group(2))


def month_bounds(year: int, month: int) -> tuple[int, int]:
    """The month as ``[start, end)`` instants in Asia/Shanghai."""
    start = datetime(year, month, 1, tzinfo=tu.SHANGHAI)
    nxt = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tu.SHANGHAI)
    return tu.to_us(start), tu.to_us(nxt)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month ``delta`` months from ``year-month``."""
    n = year * 12 + month - 1 + delta
    return n // 12, n % 12 + 1


@dataclass(frozen=True)
class ClockLine:
    """Compliance of one clock over the month's tickets."""

    key: str
    name: str
    target: float
    working: bool
    met: int
    breached: int
    pending: int

    @property
    def compliance(self) -> float | None:
        """Met / (met + breached) × 100; None when nothing was decided."""
        decided = self.met + self.breached
        return None if not decided else round(self.met * 100 / decided, 2)


@dataclass(frozen=True)
class BreachLine:
    """One breached clock."""

    ticket_id: str
    title: str
    level: int
    clock: str
    target: float
    elapsed: float
    working: bool
    pause_reasons: tuple[str, ...]


@dataclass(frozen=True)
class TrendPoint:
    """One month of the 12-month trend."""

    year: int
    month: int
    tickets: int
    breached: int
    compliance: float | None


@dataclass(frozen=True)
class MonthlyData:
    """Everything the monthly report shows."""

    contract: ContractInfo
    year: int
    month: int
    at: int
    tickets: int
    by_level: dict[int, int]
    by_kind: dict[str, int]
    by_category: dict[str, int]
    by_status: dict[str, int]
    clocks: tuple[ClockLine, ...]
    summary: Summary
    mtta: float | None
    mttr: float | None
    breaches: tuple[BreachLine, ...]
    evaluation: dict[str, dict[str, int]]
    upgrade_notes: tuple[tuple[str, str, str], ...]
    trend: tuple[TrendPoint, ...]
    obligations: tuple[ObligationInfo, ...]
    behind: tuple[Behind, ...]
    unverified_years: tuple[int, ...]
    at_risk: int

    @property
    def title(self) -> str:
        """The report title."""
        return f"{self.contract.name}月度运维报告（{self.year}年{self.month}月）"


def _mean(results: list[TicketResult], key: str) -> float | None:
    values = [c.elapsed for r in results for c in r.clocks if c.key == key and c.stopped]
    return round(sum(values) / len(values), 2) if values else None


def _breaches(tickets: Sequence[Ticket], results: list[TicketResult], policy: Policy) -> list[BreachLine]:
    names = {c.key: c.name for c in policy.clocks}
    out: list[BreachLine] = []
    for t, r in zip(tickets, results, strict=True):
        reasons = tuple(dict.fromkeys(e.reason for e in t.events if e.type == "paused" and e.reason))
        for c in r.clocks:
            if c.status == BREACHED:
                out.append(
                    BreachLine(t.id, t.title, r.level, names.get(c.key, c.key), c.target, c.elapsed, c.working, reasons)
                )
    return out


def _evaluation(tickets: Sequence[Ticket]) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, str]]]:
    table: dict[str, dict[str, int]] = {}
    notes: list[tuple[str, str, str]] = []
    for criterion in facts().criteria:
        counts = Counter(t.evaluation[criterion.key].mark for t in tickets if criterion.key in t.evaluation)
        table[criterion.key] = {
            "降级": counts["降级"],
            "升级": counts["升级"],
            "未评定": sum(1 for t in tickets if criterion.key not in t.evaluation),
        }
        notes.extend(
            (t.id, criterion.name, t.evaluation[criterion.key].note)
            for t in tickets
            if criterion.key in t.evaluation and t.evaluation[criterion.key].mark == "升级"
        )
    return table, notes


def _clock_lines(results: list[TicketResult], policy: Policy) -> list[ClockLine]:
    lines = []
    for spec in policy.clocks:
        statuses = Counter(c.status for r in results for c in r.clocks if c.key == spec.key)
        lines.append(
            ClockLine(
                spec.key,
                spec.name,
                spec.target,
                spec.working,
                statuses[MET],
                statuses[BREACHED],
                statuses["pending"] + statuses[AT_RISK],
            )
        )
    return lines


def _in_month(tickets: Sequence[Ticket], year: int, month: int) -> list[Ticket]:
    lo, hi = month_bounds(year, month)
    return [t for t in tickets if lo <= t.reported_at < hi]


def build_monthly(
    contract: ContractInfo,
    tickets: Sequence[Ticket],
    policy: Policy,
    obligations: list[ObligationInfo],
    year: int,
    month: int,
    at: int,
) -> MonthlyData:
    """Compute the report from plain data (no store: the benchmark and tests call this)."""
    calendar = WorkingCalendar(policy.calendar)
    engine = ClockEngine(policy, calendar)
    mine = _in_month(tickets, year, month)
    results = engine.evaluate_all(mine, at)
    means = ClockEngine(Policy(_MEAN_CLOCKS, policy.calendar), calendar).evaluate_all(mine, at)
    trend = []
    for back in range(11, -1, -1):
        y, m = shift_month(year, month, -back)
        month_results = results if back == 0 else engine.evaluate_all(_in_month(tickets, y, m), at)
        s = summarise(month_results)
        decided = s.met + s.breached
        trend.append(TrendPoint(y, m, len(month_results), s.breached, s.compliance if decided else None))
    evaluation, notes = _evaluation(mine)
    month_end = tu.from_us(month_bounds(year, month)[1] - 1).date()
    due_by_end = [o for o in obligations if o.due <= month_end]
    summary = summarise(results)
    return MonthlyData(
        contract=contract,
        year=year,
        month=month,
        at=at,
        tickets=len(mine),
        by_level={lv: sum(1 for r in results if r.level == lv) for lv in range(1, 6)},
        by_kind={k: sum(1 for t in mine if t.kind == k) for k in facts().kinds},
        by_category={c: sum(1 for t in mine if t.category == c) for c in facts().security_categories},
        by_status={s: sum(1 for r in results if r.status == s) for s in STATUSES},
        clocks=tuple(_clock_lines(results, policy)),
        summary=summary,
        mtta=_mean(means, "mtta"),
        mttr=_mean(means, "mttr"),
        breaches=tuple(_breaches(mine, results, policy)),
        evaluation=evaluation,
        upgrade_notes=tuple(notes),
        trend=tuple(trend),
        obligations=tuple(due_by_end),
        behind=tuple(behind_schedule(obligations, min(month_end, tu.from_us(at).date()))),
        unverified_years=tuple(sorted({y for r in results for c in r.clocks for y in c.unverified_years})),
        at_risk=summary.at_risk,
    )


def build_month(store: Store, contract_id: int, year: int, month: int, at: int | None = None) -> MonthlyData:
    """Load a stored contract's tickets and obligations and compute its monthly report."""
    repo = OpsRepository(store)
    contract = repo.contract(contract_id)
    policy = repo.policy(contract_id)
    tickets = [row.ticket for row in repo.tickets(contract_id)]
    obligations = ObligationStore(store).list(contract_id)
    return build_monthly(contract, tickets, policy, obligations, year, month, tu.now_us() if at is None else at)


def report_filename(data: MonthlyData, suffix: str) -> str:
    """A default file name, e.g. ``运维月报-2026-03.pdf``."""
    return f"运维月报-{data.year}-{data.month:02d}{suffix}"


def month_end_date(year: int, month: int) -> date:
    """The last day of a month."""
    y, m = shift_month(year, month, 1)
    return date(y, m, 1) - timedelta(days=1)

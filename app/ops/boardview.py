"""What the 运维SLA看板 shows, as plain data: board rows, clock colours, remaining time, filters.

No Qt here: the board's item model (``ui/features/sla``) only formats these values, and the
rules are tested headless.

Colours of a clock (issue #11): green; yellow from 50 % of the target; orange when ``at_risk``
(75 %, or the clock's own warning, 2 h for on-site); red when breached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.ops import timeutil as tu
from app.ops.boardread import StoredCache, board_rows
from app.ops.calendar import WorkingCalendar
from app.ops.clocks import AT_RISK, BREACHED, MET, ClockEngine, ClockResult, TicketResult
from app.ops.contract import STATUSES, facts
from app.ops.finals import fingerprint
from app.ops.obligations import Behind, ObligationInfo, ObligationStore, behind_schedule
from app.ops.policy import Policy
from app.ops.repository import ContractInfo, OpsRepository, TicketRow
from app.ops.tickets import Ticket
from app.store.store import Store

GREEN, YELLOW, ORANGE, RED, GREY = "green", "yellow", "orange", "red", "grey"


def colour(clock: ClockResult) -> str:
    """The board colour of one clock."""
    if clock.status == BREACHED:
        return RED
    if clock.status == AT_RISK:
        return ORANGE
    if clock.status == MET:
        return GREY
    return YELLOW if clock.ratio >= facts().yellow_ratio else GREEN


_RANK = {GREY: 0, GREEN: 1, YELLOW: 2, ORANGE: 3, RED: 4}


def worst(clocks: Iterable[ClockResult]) -> str:
    """The most urgent colour among the running clocks (grey when none is running)."""
    found = GREY
    for c in clocks:
        if c.running:
            tint = colour(c)
            if _RANK[tint] > _RANK[found]:
                found = tint
    return found


def duration_text(minutes: float, *, working: bool = False) -> str:
    """``95`` → ``1小时35分``; ``12.4`` → ``12分``; working time says 工作."""
    whole = int(abs(minutes))
    hours, mins = divmod(whole, 60)
    days, hours = divmod(hours, 24) if not working else (0, hours)
    unit = "工作" if working else ""
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}{unit}小时{mins:02d}分"
    return f"{mins}{unit}分"


def short_name(name: str) -> str:
    """A clock's label without its parenthesised note: ``一般故障处理（工作时间）`` → ``一般故障处理``."""
    return name.split("（", 1)[0].split("(", 1)[0].strip() or name


def remaining_text(clock: ClockResult, names: dict[str, str]) -> str:
    """``响应 剩12分``, ``业务恢复 超1小时05分``, ``重大故障修复 挂起 剩3小时00分``."""
    name = short_name(names.get(clock.key, clock.key))
    left = clock.target - clock.elapsed
    paused = " 挂起" if clock.paused else ""
    if left < 0:
        return f"{name}{paused} 超{duration_text(-left, working=clock.working)}"
    return f"{name}{paused} 剩{duration_text(left, working=clock.working)}"


def chips(result: TicketResult, names: dict[str, str]) -> list[tuple[str, str]]:
    """What a board card shows, as ``(text, colour)`` chips.

    Every running clock with its remaining time (most urgent first), then the stopped clocks
    that breached; ``全部达标`` when every clock stopped in time.
    """
    running = sorted((c for c in result.clocks if c.running), key=lambda c: c.target - c.elapsed)
    out = [(remaining_text(c, names), colour(c)) for c in running]
    late = [c for c in result.clocks if c.stopped and c.status == BREACHED]
    out += [(f"{short_name(names.get(c.key, c.key))} 已超时", RED) for c in late]
    if not out and result.clocks and all(c.status == MET for c in result.clocks):
        out.append(("全部达标", GREY))
    return out


@dataclass(frozen=True)
class Filters:
    """The board's filters; None (or False) means "any"."""

    level: int | None = None
    kind: str | None = None
    status: str | None = None
    assignee: str | None = None
    month: str | None = None  # "2026-10"
    urgent: bool = False  # breached or at risk

    def accepts(self, row: TicketRow, result: TicketResult) -> bool:
        """Whether a ticket passes every filter."""
        if self.level is not None and result.level != self.level:
            return False
        if self.kind is not None and row.ticket.kind != self.kind:
            return False
        if self.status is not None and result.status != self.status:
            return False
        if self.assignee is not None and row.ticket.assignee != self.assignee:
            return False
        if self.month is not None and tu.month_of(row.ticket.reported_at) != self.month:
            return False
        return not self.urgent or any(c.status in (BREACHED, AT_RISK) for c in result.clocks)


@dataclass(frozen=True)
class BoardData:
    """Everything the board loads in one background read.

    Attributes:
        contract: The contract shown.
        contracts: Every contract (for the switcher).
        rows: Its tickets.
        policy: Its policy, the user's calendar years included.
        calendar: The working calendar of that policy.
        obligations: Its obligations calendar.
        token: The change token the board polls to notice other writers.
        names: Clock key → its label.
        stored: Parallel to ``rows`` (or empty): each row's stored final result where it holds
            for this policy and calendar at the load's instant, None where the row must be
            evaluated (see :mod:`app.ops.finals`).
        key: The fingerprint of ``policy`` and ``calendar`` (:func:`app.ops.finals.fingerprint`).
    """

    contract: ContractInfo | None
    contracts: tuple[ContractInfo, ...]
    rows: tuple[TicketRow, ...]
    policy: Policy | None
    calendar: WorkingCalendar | None
    obligations: tuple[ObligationInfo, ...] = ()
    token: tuple[int, int] = (0, 0)
    names: dict[str, str] = field(default_factory=dict)
    stored: tuple[TicketResult | None, ...] = ()
    key: str = ""

    def engine(self) -> ClockEngine | None:
        """A clock engine for this policy and calendar."""
        return ClockEngine(self.policy, self.calendar) if self.policy is not None else None

    def behind(self, today: date) -> list[Behind]:
        """Obligation kinds behind schedule."""
        return behind_schedule(list(self.obligations), today)


def load_board(
    store: Store,
    contract_id: int | None = None,
    known: Mapping[str, Ticket] | None = None,
    now: int | None = None,
    known_stored: StoredCache | None = None,
) -> BoardData:
    """Read a contract's board (the first contract when None); an empty store gives an empty board.

    ``known`` are tickets of an earlier load by chain head (see :meth:`OpsRepository.tickets`).
    With ``now``, rows whose stored final results hold at that instant for the current policy
    and calendar come with them in :attr:`BoardData.stored` and are not decoded
    (:func:`app.ops.boardread.board_rows`, which also takes ``known_stored``); without it every
    row is decoded.
    """
    repo = OpsRepository(store)
    contracts = tuple(repo.contracts())
    if not contracts:
        return BoardData(None, (), (), None, None)
    contract = next((c for c in contracts if c.id == contract_id), contracts[0])
    policy = repo.policy(contract.id)
    stored: tuple[TicketResult | None, ...] = ()
    key = fingerprint(policy)
    if now is None:
        rows = tuple(repo.tickets(contract.id, known))
    else:
        found, results = board_rows(store, contract.id, key, now, known, known_stored)
        rows, stored = tuple(found), tuple(results)
    return BoardData(
        contract=contract,
        contracts=contracts,
        rows=rows,
        policy=policy,
        calendar=WorkingCalendar(policy.calendar),
        obligations=tuple(ObligationStore(store).list(contract.id)),
        token=repo.change_token(),
        names={c.key: c.name for c in policy.clocks},
        stored=stored,
        key=key,
    )


def assignees(rows: Sequence[TicketRow]) -> list[str]:
    """The engineers named on the tickets, sorted."""
    return sorted({r.ticket.assignee for r in rows if r.ticket.assignee})


def months(rows: Sequence[TicketRow]) -> list[str]:
    """The report months of the tickets, newest first."""
    return sorted({tu.month_of(r.ticket.reported_at) for r in rows}, reverse=True)


def unverified(results: Iterable[TicketResult]) -> list[int]:
    """Years a clock needed that the calendar does not know (the 日历未核实 banner)."""
    return sorted({y for r in results for c in r.clocks for y in c.unverified_years})


def next_ticket_no(rows: Sequence[TicketRow], year: int) -> str:
    """A free number ``YW-<year>-NNNN`` after the highest of that year."""
    prefix = f"YW-{year}-"
    tails = [r.ticket.id[len(prefix) :] for r in rows if r.ticket.id.startswith(prefix)]
    return f"{prefix}{max((int(t) for t in tails if t.isdigit()), default=0) + 1:04d}"


def next_event(ticket: Ticket, level: int) -> str:
    """The event the ticket's dialog offers first: what the contract's flow expects next.

    An open pause is resumed first; then acknowledged, the on-site request and arrival (when
    on-site service is required), the plan (security), restored (levels 1–3), resolved (since the
    last reopening) and closed; a closed ticket gets a note.
    """
    seen: set[str] = set()
    paused = False
    for ev in ticket.events:
        if ev.type == "reopened":
            seen -= {"restored", "resolved", "closed"}
        seen.add(ev.type)
        paused = ev.type == "paused" or (paused and ev.type != "resumed")
    if paused:
        return "resumed"
    flow = ["acknowledged"]
    if ticket.onsite_required:
        flow += ["onsite_requested", "onsite_arrived"]
    if ticket.kind == "security":
        flow.append("plan_submitted")
    if level <= 3:
        flow.append("restored")
    flow += ["resolved", "closed"]
    return next((t for t in flow if t not in seen), "note")


STATUS_COLUMNS = STATUSES
"""The kanban's columns, in order."""

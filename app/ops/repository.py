"""Stored contracts, tickets and the working calendar, read as plain data.

Reads return frozen dataclasses and domain :class:`~app.ops.tickets.Ticket` values, never ORM
rows. Every write goes through :meth:`Store.write` with an audit record in the same
transaction (:mod:`app.ops.ticketwrites` for ticket events).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import func, select, text

from app.core.errors import InputError, NotFoundError
from app.core.memory import collector_paused
from app.ops import finals
from app.ops.calendar import WorkingCalendar, YearTable
from app.ops.ledger import EventRecord, expand
from app.ops.policy import Policy, parse_policy
from app.ops.tables import CalendarYear, OpsContract, TicketEvent
from app.ops.tables import Ticket as TicketTable
from app.ops.tickets import Ticket
from app.store import audit
from app.store.store import Store

AUDIT_CALENDAR = "ops-calendar:"
_TICKETS_SQL = text(
    "SELECT reported_us, id, ticket_no, title, kind, onsite_required, category, assignee, timeline, level, status, "
    "event_count, head_hash FROM ops_tickets WHERE contract_id = :contract"
)
"""No ORDER BY: SQLite would copy every row, 30 MB of timelines, into a temporary B-tree to sort
it; the rows are sorted in Python by ``(reported_us, id)`` instead (the same order)."""
_REPORT_ORDER = itemgetter(0, 1)


@dataclass(frozen=True)
class ContractInfo:
    """An operations contract as plain data."""

    id: int
    name: str
    client: str
    vendor: str
    start: date | None
    end: date | None
    policy: dict[str, Any]
    demo: bool


@dataclass(frozen=True)
class TicketRow:
    """One ticket of the board.

    Attributes:
        pk: The stored id.
        contract_id: Its contract.
        ticket: The domain ticket (effective events, header, evaluation).
        level: The current level.
        status: The board column.
        event_count: Stored events (corrections included).
        head: The hash of the ticket's newest stored event (its chain head): any new event,
            correction or header update changes it, so it identifies this version of the ticket.
    """

    pk: int
    contract_id: int
    ticket: Ticket
    level: int
    status: str
    event_count: int
    head: str = ""


def _contract_info(c: OpsContract) -> ContractInfo:
    return ContractInfo(c.id, c.name, c.client, c.vendor, c.start, c.end, dict(c.sla or {}), c.demo)


class OpsRepository:
    """Reads of the ops domain, and the contract and calendar writes.

    Args:
        store: The store.
        actor: Who writes (default: the OS user).
    """

    def __init__(self, store: Store, actor: str = "") -> None:
        self.store = store
        self.actor = actor or audit.current_actor()

    # -- contracts ------------------------------------------------------------------------------

    def contracts(self) -> list[ContractInfo]:
        """Every contract, oldest first."""
        with self.store.read() as s:
            return [_contract_info(c) for c in s.scalars(select(OpsContract).order_by(OpsContract.id))]

    def contract(self, contract_id: int | None) -> ContractInfo:
        """One contract; None means the only one (an error when there are several or none).

        Raises:
            NotFoundError: No such contract, or no unique default.
        """
        if contract_id is None:
            found = self.contracts()
            if len(found) == 1:
                return found[0]
            if not found:
                raise NotFoundError("还没有运维合同（先运行 `workbench demo` 或导入工单）")
            ids = "、".join(str(c.id) for c in found)
            raise NotFoundError(f"有多个运维合同（{ids}），请用 --contract 指定")
        with self.store.read() as s:
            c = s.get(OpsContract, contract_id)
            if c is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在（见 `workbench sla contracts`）")
            return _contract_info(c)

    def create_contract(
        self,
        name: str,
        client: str = "",
        vendor: str = "",
        start: date | None = None,
        end: date | None = None,
        policy: dict[str, Any] | None = None,
    ) -> int:
        """Add a contract; its policy is validated first.

        Raises:
            InputError: Empty name or a bad policy.
        """
        if not name.strip():
            raise InputError("name", "合同名称不能为空")
        parse_policy(policy or {})
        if start and end and end < start:
            raise InputError("end", "合同结束日期早于开始日期")

        def _write(s: Any) -> int:
            c = OpsContract(name=name.strip(), client=client, vendor=vendor, start=start, end=end, sla=policy or {})
            s.add(c)
            s.flush()
            audit.append(
                s, None, "ops_contract_created", f"ops-contract:{c.id}", None, {"name": c.name}, actor=self.actor
            )
            return int(c.id)

        return self.store.write(_write)

    def set_policy(self, contract_id: int, policy: dict[str, Any]) -> None:
        """Replace a contract's SLA policy (validated).

        Raises:
            InputError: A bad policy.
            NotFoundError: No such contract.
        """
        parse_policy(policy)

        def _write(s: Any) -> None:
            c = s.get(OpsContract, contract_id)
            if c is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            audit.append(s, None, "ops_policy_set", f"ops-contract:{contract_id}", c.sla, policy, actor=self.actor)
            c.sla = policy
            s.flush()
            finals.refresh(s, [contract_id])  # the stored final results follow the new clocks

        self.store.write(_write)

    def policy(self, contract_id: int) -> Policy:
        """The contract's policy with the user's per-year calendar tables."""
        raw = self.contract(contract_id).policy
        return parse_policy(raw).with_years(self.calendar_years())

    def calendar(self, policy: Policy) -> WorkingCalendar:
        """The working calendar of a policy (years included)."""
        return WorkingCalendar(policy.calendar)

    # -- tickets --------------------------------------------------------------------------------

    def tickets(self, contract_id: int, known: Mapping[str, Ticket] | None = None) -> list[TicketRow]:
        """Every ticket of a contract from the projection, in report order (fast: one query).

        The rows are read as plain text SQL and the ``timeline`` JSON decoded here: with 50,000
        tickets SQLAlchemy's per-column result processing would double the time.

        Args:
            contract_id: The contract.
            known: Tickets read before, by chain head: a row whose head is there is not decoded
                again (a head names one version of one ticket's events; a board reloading after
                another lead's write decodes only the tickets that changed).
        """
        known = known or {}
        with collector_paused():  # 50,000 tickets are ~400,000 small objects without cycles
            with self.store.read() as s:
                rows = s.execute(_TICKETS_SQL, {"contract": contract_id}).all()
            rows = sorted(rows, key=_REPORT_ORDER)
            loads = orjson.loads  # the same values as json.loads, in half the time
            return [
                TicketRow(
                    pk,
                    contract_id,
                    known.get(head)
                    or expand(no, (title, kind, bool(onsite), cat, who), loads(tl) if isinstance(tl, str) else tl),
                    level,
                    status,
                    count,
                    head,
                )
                for _us, pk, no, title, kind, onsite, cat, who, tl, level, status, count, head in rows
            ]

    def ticket(self, pk: int) -> TicketRow:
        """One ticket.

        Raises:
            NotFoundError: No such ticket.
        """
        with self.store.read() as s:
            row = s.get(TicketTable, pk)
            if row is None:
                raise NotFoundError(f"工单 {pk} 不存在")
            header = (row.title, row.kind, row.onsite_required, row.category, row.assignee)
            t = expand(row.ticket_no, header, row.timeline)
            return TicketRow(row.id, row.contract_id, t, row.level, row.status, row.event_count, row.head_hash)

    def find(self, contract_id: int, ticket_no: str) -> int | None:
        """The stored id of a ticket number in a contract."""
        with self.store.read() as s:
            return s.scalar(
                select(TicketTable.id).where(TicketTable.contract_id == contract_id, TicketTable.ticket_no == ticket_no)
            )

    def history(self, pk: int) -> list[EventRecord]:
        """Every stored event of a ticket (corrections included), in ledger order."""
        with self.store.read() as s:
            rows = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == pk).order_by(TicketEvent.seq))
            return [
                EventRecord(
                    r.seq, r.type, r.at, dict(r.data or {}), r.corrects, r.recorded_at, r.actor, r.prev_hash, r.hash
                )
                for r in rows
            ]

    def change_token(self) -> tuple[int, int]:
        """Changes by anyone (another ops lead on the shared server) alter this value."""
        with self.store.read() as s:
            top = s.scalar(select(func.max(TicketEvent.id))) or 0
            count = s.scalar(select(func.count(TicketEvent.id))) or 0
            return int(top), int(count)

    # -- the working calendar -------------------------------------------------------------------

    def calendar_years(self) -> tuple[YearTable, ...]:
        """The user's per-year tables (设置 → 工作日历)."""
        with self.store.read() as s:
            return finals.years_in(s)

    def set_calendar_year(self, table: YearTable, now_iso: str) -> None:
        """Save the rest days and make-up workdays of one year.

        Raises:
            InputError: A date outside the year, or a day in both lists.
        """
        check_year_table(table)
        rest = sorted(d.isoformat() for d in table.rest_days)
        work = sorted(d.isoformat() for d in table.workdays)

        def _write(s: Any) -> None:
            row = s.get(CalendarYear, table.year)
            old = None if row is None else {"rest_days": row.rest_days, "workdays": row.workdays, "note": row.note}
            new = {"rest_days": rest, "workdays": work, "note": table.note}
            if row is None:
                row = CalendarYear(year=table.year)
                s.add(row)
            row.rest_days, row.workdays, row.note = rest, work, table.note
            row.updated_at, row.actor = now_iso, self.actor
            audit.append(s, None, "ops_calendar_year_set", f"{AUDIT_CALENDAR}{table.year}", old, new, actor=self.actor)
            s.flush()
            finals.refresh(s)  # every contract's working-time results may change

        self.store.write(_write)

    def delete_calendar_year(self, year: int) -> None:
        """Remove the user's table of a year (the library's data, or weekends, apply again)."""
        with self.store.read() as s:
            if s.get(CalendarYear, year) is None:
                return  # nothing to remove: no write (every write is audited)

        def _write(s: Any) -> None:
            row = s.get(CalendarYear, year)
            if row is None:
                return
            old = {"rest_days": row.rest_days, "workdays": row.workdays, "note": row.note}
            s.delete(row)
            audit.append(s, None, "ops_calendar_year_deleted", f"{AUDIT_CALENDAR}{year}", old, None, actor=self.actor)
            s.flush()
            finals.refresh(s)

        self.store.write(_write)


def check_year_table(table: YearTable) -> None:
    """The rules a year's table must follow before it is saved (设置 → 工作日历 checks them first).

    Raises:
        InputError: A year out of range, a date outside the year, or a day in both lists.
    """
    if not 1990 <= table.year <= 2200:
        raise InputError("year", f"年份 {table.year} 超出范围")
    for label, days in (("rest_days", table.rest_days), ("workdays", table.workdays)):
        for d in sorted(days):
            if d.year != table.year:
                raise InputError(label, f"{d.isoformat()} 不在 {table.year} 年")
    both = table.rest_days & table.workdays
    if both:
        raise InputError("workdays", f"{min(both).isoformat()} 同时是休息日和上班日")

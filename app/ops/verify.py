"""Checking every ticket's ledger: hash chains, chain heads, projections and the audit log.

Three independent records must agree, so an edited, inserted or removed event is found even
when whoever removed it also fixed up the ticket row:

1. each event's hash and its link to the previous one (``ops-event/1``, :mod:`app.ops.ledger`);
2. the ticket row's ``event_count`` and ``head_hash``, and its projection (status, level, the
   timeline the board reads, and the stored final clock results of :mod:`app.ops.finals` where
   they are current) rebuilt from the events;
3. the audit log: every write names the ticket's chain head after it (a single write, an import,
   the migration, the demo), in the hash-chained audit log of the store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select

from app.ops import finals
from app.ops.bulk import AUDIT_CONTRACT, AUDIT_TICKET, projection
from app.ops.clocks import ClockEngine
from app.ops.ledger import EventRecord, chain_problems, effective, ticket_key, to_ticket
from app.ops.repository import OpsRepository
from app.ops.tables import Ticket as TicketTable
from app.ops.tables import TicketEvent
from app.ops.tickets import Ticket
from app.store.base import AuditEvent
from app.store.store import Store

_BULK_ACTIONS = frozenset({"ops_tickets_imported", "ops_tickets_migrated", "ops_demo_seeded"})
_PROJECTED = ("title", "level", "kind", "onsite_required", "category", "assignee", "status", "reported_at", "timeline")


@dataclass(frozen=True)
class Break:
    """One problem found in a ticket's ledger."""

    contract_id: int | None
    ticket_no: str
    message: str

    def line(self) -> str:
        """``合同 1 工单 T-001：事件 3（restored）：内容与其哈希不符（事件被修改）``."""
        where = f"合同 {self.contract_id} " if self.contract_id is not None else ""
        return f"{where}工单 {self.ticket_no}：{self.message}"


@dataclass(frozen=True)
class LedgerReport:
    """The result of :func:`verify_ledgers`."""

    tickets: int
    events: int
    problems: tuple[Break, ...]

    @property
    def ok(self) -> bool:
        """True when every ledger is intact."""
        return not self.problems


def _audited_heads(store: Store) -> tuple[dict[int, tuple[int, str]], set[int]]:
    """The latest chain head the audit log names for each ticket id, and the deleted ids."""
    heads: dict[int, tuple[int, str]] = {}
    deleted: set[int] = set()
    query = (
        select(AuditEvent.action, AuditEvent.target, AuditEvent.new_value)
        .where(or_(AuditEvent.target.like(f"{AUDIT_TICKET}%"), AuditEvent.target.like(f"{AUDIT_CONTRACT}%")))
        .order_by(AuditEvent.id)
    )
    with store.read() as s:
        for action, target, new in s.execute(query):
            value = json.loads(new) if new else {}
            if target.startswith(AUDIT_TICKET) and "head" in value:
                pk = int(target[len(AUDIT_TICKET) :])
                heads[pk] = (int(value["events"]), str(value["head"]))
                deleted.discard(pk)
            elif action in _BULK_ACTIONS:
                for pk, count, head in value.get("tickets", []):
                    heads[int(pk)] = (int(count), str(head))
            elif action == "ops_contract_deleted":
                for pk in value.get("tickets", []):
                    heads.pop(int(pk), None)
                    deleted.add(int(pk))
    return heads, deleted


class _Finals:
    """Each contract's current engine and fingerprint, to check the stored final results."""

    def __init__(self, store: Store) -> None:
        self.repo = OpsRepository(store)
        self.engines: dict[int, tuple[ClockEngine, str]] = {}

    def problem(self, row: TicketTable, ticket: Ticket) -> str | None:
        found = self.engines.get(row.contract_id)
        if found is None:
            policy = self.repo.policy(row.contract_id)
            found = self.engines[row.contract_id] = (ClockEngine(policy), finals.fingerprint(policy))
        engine, key = found
        if row.final_key != key:
            return None  # never used by a reader: the board evaluates such a row itself
        expected = finals.final_of(engine, ticket)
        stale = finals.mismatch(row.final, row.final_key, key, expected, row.ticket_no)
        if stale or (expected is not None and row.final_from != ticket.events[-1].at):
            return "看板的最终时钟结果与事件不一致（工单记录被直接修改）"
        return None


def _ticket_problems(
    row: TicketTable, records: list[EventRecord], audited: tuple[int, str] | None, checker: _Finals
) -> list[str]:
    problems = chain_problems(ticket_key(row.contract_id, row.ticket_no), records)
    if row.event_count != len(records) or (records and row.head_hash != records[-1].hash):
        problems.append(f"记录的事件数 {row.event_count}，实有 {len(records)}（事件被删除或插入）")
    if audited is None:
        problems.append("审计日志中没有该工单的写入记录（未经审计的写入）")
    else:
        count, head = audited
        if len(records) != count or records[count - 1].hash != head:
            problems.append(f"审计日志记录该工单有 {count} 个事件，实有 {len(records)} 个（事件被删除、插入或替换）")
    if not problems and records:
        ticket = to_ticket(row.ticket_no, effective(records))
        expected = projection(ticket)
        for name in _PROJECTED:
            if getattr(row, name) != expected[name]:
                problems.append(f"看板数据（{name}）与事件不一致（工单记录被直接修改）")
                break
        else:
            final = checker.problem(row, ticket)
            if final is not None:
                problems.append(final)
    return problems


def verify_ledgers(store: Store) -> LedgerReport:
    """Check every ticket of every contract (see the module docstring)."""
    heads, deleted = _audited_heads(store)
    by_ticket: dict[int, list[EventRecord]] = defaultdict(list)
    with store.read() as s:
        tickets = list(s.scalars(select(TicketTable).order_by(TicketTable.contract_id, TicketTable.id)))
        for r in s.scalars(select(TicketEvent).order_by(TicketEvent.ticket_id, TicketEvent.seq)):
            by_ticket[r.ticket_id].append(
                EventRecord(
                    r.seq, r.type, r.at, dict(r.data or {}), r.corrects, r.recorded_at, r.actor, r.prev_hash, r.hash
                )
            )
    problems: list[Break] = []
    events = 0
    seen: set[int] = set()
    checker = _Finals(store)
    for row in tickets:
        seen.add(row.id)
        records = by_ticket.get(row.id, [])
        events += len(records)
        for message in _ticket_problems(row, records, heads.get(row.id), checker):
            problems.append(Break(row.contract_id, row.ticket_no, message))
    for pk in sorted(set(heads) - seen - deleted):
        count, _head = heads[pk]
        problems.append(Break(None, f"#{pk}", f"工单已被删除（审计日志记录它有 {count} 个事件）"))
    return LedgerReport(tickets=len(tickets), events=events, problems=tuple(problems))

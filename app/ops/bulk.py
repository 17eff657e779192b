"""Writing many tickets at once (import, demo seeding): one transaction, bulk inserts, one audit record.

Each ticket becomes a projection row and its events (``reported`` carrying the header, the
other events, and an ``evaluated`` event when the ticket has an evaluation), chained exactly as
single appends are, with its stored final clock results (:mod:`app.ops.finals`). The audit
record lists every ticket's ``[id, events, head]`` so that ``workbench sla verify`` can tell a
removed tail event from a ticket that was never longer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.ops import finals
from app.ops import timeutil as tu
from app.ops.clocks import ClockEngine
from app.ops.ledger import GENESIS, compact, seal, ticket_key
from app.ops.tables import Ticket as TicketRowTable
from app.ops.tables import TicketEvent
from app.ops.tickets import Event, Ticket
from app.store import audit

AUDIT_TICKET = "ops-ticket:"
AUDIT_CONTRACT = "ops-contract:"


def event_data(ev: Event) -> dict[str, Any]:
    """The stored ``data`` of a contract event."""
    data: dict[str, Any] = {}
    if ev.level is not None:
        data["level"] = ev.level
    for key in ("reason", "channel", "by", "text"):
        value = getattr(ev, key)
        if value:
            data[key] = value
    return data


def header_data(t: Ticket) -> dict[str, Any]:
    """The header fields carried by the ``reported`` event."""
    return {
        "title": t.title,
        "level": t.level,
        "kind": t.kind,
        "onsite_required": t.onsite_required,
        "category": t.category,
        "assignee": t.assignee,
    }


def projection(t: Ticket) -> dict[str, Any]:
    """The projection columns of a ticket (everything the board reads)."""
    return {
        "ticket_no": t.id,
        "title": t.title,
        "level": t.current_level,
        "kind": t.kind,
        "onsite_required": t.onsite_required,
        "category": t.category,
        "assignee": t.assignee,
        "status": t.status,
        "reported_at": tu.iso(t.reported_at),
        "reported_us": t.reported_at,
        "timeline": compact(t),
    }


def ledger_rows(contract_id: int, t: Ticket, recorded_at: str, actor: str) -> list[dict[str, Any]]:
    """The chained event rows of a new ticket (without ``ticket_id``)."""
    key = ticket_key(contract_id, t.id)
    rows: list[dict[str, Any]] = []
    prev = GENESIS
    items: list[tuple[str, str, dict[str, Any]]] = []
    for i, ev in enumerate(t.events):
        data = event_data(ev)
        if i == 0:
            data.update(header_data(t))
        items.append((ev.type, tu.iso(ev.at), data))
    if t.evaluation:
        form = {k: {"mark": m.mark, "note": m.note} for k, m in t.evaluation.items()}
        items.append(("evaluated", tu.iso(t.events[-1].at), {"evaluation": form}))
    for seq, (type_, at, data) in enumerate(items):
        rec = seal(key, prev, seq, type_, at, data, None, recorded_at, actor)
        rows.append(
            {
                "seq": seq,
                "type": type_,
                "at": at,
                "data": data,
                "corrects": None,
                "recorded_at": recorded_at,
                "actor": actor,
                "prev_hash": prev,
                "hash": rec.hash,
            }
        )
        prev = rec.hash
    return rows


def insert_tickets(
    s: Session, contract_id: int, tickets: Sequence[Ticket], actor: str, action: str = "ops_tickets_imported"
) -> list[int]:
    """Insert new tickets with their chained events and one audit record; returns their ids."""
    recorded_at = tu.iso(tu.now_us())
    policy = finals.contract_policy(s, contract_id)
    engine, key = ClockEngine(policy), finals.fingerprint(policy)
    ledgers = [ledger_rows(contract_id, t, recorded_at, actor) for t in tickets]
    ticket_rows = [
        {
            **projection(t),
            **finals.columns(engine, key, t),
            "contract_id": contract_id,
            "event_count": len(rows),
            "head_hash": rows[-1]["hash"],
        }
        for t, rows in zip(tickets, ledgers, strict=True)
    ]
    ids: list[int] = []
    chunk = 2000
    for start in range(0, len(ticket_rows), chunk):
        part = ticket_rows[start : start + chunk]
        s.execute(insert(TicketRowTable), part)
    numbers = [t.id for t in tickets]
    found = dict(
        s.execute(
            select(TicketRowTable.ticket_no, TicketRowTable.id).where(TicketRowTable.contract_id == contract_id)
        ).all()
    )
    ids = [found[n] for n in numbers]
    event_rows = [{**row, "ticket_id": pk} for pk, rows in zip(ids, ledgers, strict=True) for row in rows]
    for start in range(0, len(event_rows), chunk * 5):
        s.execute(insert(TicketEvent), event_rows[start : start + chunk * 5])
    heads = [[pk, len(rows), rows[-1]["hash"]] for pk, rows in zip(ids, ledgers, strict=True)]
    audit.append(s, None, action, f"{AUDIT_CONTRACT}{contract_id}", None, {"tickets": heads}, actor=actor)
    return ids

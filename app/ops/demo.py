"""The demo operations contract in the store: seeding it with its year of tickets, deleting it.

The tickets come from :func:`app.ops.demotickets.demo_tickets`; the obligations are the
contract's schedule, mostly done on time (all fictitious).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.paths import resource_path
from app.ops import timeutil as tu
from app.ops.bulk import AUDIT_CONTRACT, insert_tickets
from app.ops.demogenerator import DEMO_OPS_FILE
from app.ops.demotickets import demo_tickets
from app.ops.obligations import schedule
from app.ops.tables import Obligation, OpsContract
from app.ops.tables import Ticket as TicketTable
from app.store import audit


def seed_demo_contract(s: Session, now: int | None = None) -> int:
    """Add the demo contract with its tickets and obligations in the caller's transaction."""
    data = json.loads(resource_path(*DEMO_OPS_FILE).read_text(encoding="utf-8"))
    c = data["contract"]
    when = tu.now_us() if now is None else now
    contract = OpsContract(
        name=c["name"],
        client=c["client"],
        vendor=c["vendor"],
        start=date.fromisoformat(c["start"]),
        end=date.fromisoformat(c["end"]),
        sla=c["policy"],
        demo=True,
    )
    s.add(contract)
    s.flush()
    actor = audit.current_actor()
    audit.append(
        s,
        None,
        "ops_contract_created",
        f"{AUDIT_CONTRACT}{contract.id}",
        None,
        {"name": contract.name, "demo": True},
        actor=actor,
    )
    insert_tickets(s, contract.id, demo_tickets(when), actor, action="ops_demo_seeded")
    today = tu.from_us(when).date()
    for item in schedule(contract.start, contract.end):
        done = _demo_done(item.kind, item.due, today)
        s.add(
            Obligation(
                contract_id=contract.id, kind=item.kind, title=item.title, due=item.due, done=done, note="示例数据"
            )
        )
    return int(contract.id)


def _demo_done(kind: str, due: date, today: date) -> date | None:
    """Mostly on time, but only the first training of the year was held (a behind-schedule warning)."""
    if due > today:
        return None
    if kind == "training" and due.month > 3:
        return None
    return due - timedelta(days=3)


def delete_demo_contracts(s: Session) -> None:
    """Delete the demo contracts with their tickets (recorded in the audit log first)."""
    for contract in s.scalars(select(OpsContract).where(OpsContract.demo.is_(True))):
        ids = list(s.scalars(select(TicketTable.id).where(TicketTable.contract_id == contract.id)))
        audit.append(
            s,
            None,
            "ops_contract_deleted",
            f"{AUDIT_CONTRACT}{contract.id}",
            {"name": contract.name},
            {"tickets": ids},
            actor=audit.current_actor(),
        )
        s.delete(contract)

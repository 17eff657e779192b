"""The demo operations contract and its tickets (synthetic)."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import LOCAL_ZONE
from app.core.paths import resource_path
from app.ops.tables import OpsContract, Ticket
from app.store import audit

DEMO_OPS_FILE = ("demo", "ops-demo.json")


def seed_demo_contract(s: Session) -> None:
    """Add the demo contract with its tickets in the caller's transaction (audited in the store-wide chain)."""
    contract, tickets = _seed_ops(s)
    audit.append(s, None, "seed_demo", f"ops_contract:{contract}", None, {"tickets": tickets})


def delete_demo_contracts(s: Session) -> None:
    """Delete the demo contracts and their tickets (audited in the store-wide chain)."""
    for contract in list(s.scalars(select(OpsContract).where(OpsContract.demo.is_(True)))):
        audit.append(s, None, "delete_demo", f"ops_contract:{contract.name}", {"demo": True}, None)
        s.delete(contract)


def _seed_ops(s: Session) -> tuple[str, int]:
    data = json.loads(resource_path(*DEMO_OPS_FILE).read_text(encoding="utf-8"))
    c = data["contract"]
    contract = OpsContract(
        name=c["name"],
        client=c["client"],
        vendor=c["vendor"],
        start=date.fromisoformat(c["start"]),
        end=date.fromisoformat(c["end"]),
        sla=c["sla"],
        demo=True,
    )
    s.add(contract)
    rng = random.Random(20261126)
    levels = c["sla"]["levels"]
    base = datetime(2026, 9, 1, 8, 0, tzinfo=LOCAL_ZONE)
    for n in range(48):
        tpl = rng.choice(data["ticket_templates"])
        target = levels[tpl["level"]]
        reported = base + timedelta(days=rng.randint(0, 80), minutes=rng.randint(0, 600))
        # Most tickets meet the SLA; a few breach response or restore targets, as in real life.
        late = rng.random() < 0.15
        respond = timedelta(minutes=rng.randint(3, target["response_minutes"] * (3 if late else 1)))
        restore = timedelta(minutes=rng.randint(20, int(target["restore_minutes"] * (1.8 if late else 0.9))))
        open_ticket = n >= 44
        s.add(
            Ticket(
                contract=contract,
                ticket_no=f"YW-2026-{n + 1:04d}",
                title=tpl["title"],
                priority=tpl["level"],
                category=tpl["category"],
                channel=tpl["channel"],
                status="处理中" if open_ticket else "已关闭",
                reported_at=reported,
                responded_at=reported + respond,
                arrived_at=None,
                resolved_at=None if open_ticket else reported + respond + restore,
                details={"synthetic": True},
            )
        )
    return contract.name, 48

"""The plan and the price list in the store, written through the audited write path.

Every save is one :meth:`~app.store.store.Store.write` transaction that stores the validated
``mipin-plan/1`` document and appends one hash-chained audit record with what changed (per item
and per section, old and new values), so the audit trail of a case shows its plan edits beside
its assessment edits. Reads validate the stored document again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.mipin.bundle import load_bundle
from app.mipin.engine import CaseInput
from app.plan.costs import Price, parse_amount
from app.plan.model import Plan
from app.plan.plandump import dump_plan
from app.plan.planformat import parse_plan
from app.plan.tables import CasePlan, PlanPrice
from app.store import audit
from app.store.store import Store


def plan_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parts of two dumped plans that differ: (old values, new values), items keyed by item key."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    old = old or {}
    for key, value in new.items():
        if key == "items":
            old_items = {i["key"]: i for i in old.get("items", [])}
            new_items = {i["key"]: i for i in value}
            for item_key in dict.fromkeys([*old_items, *new_items]):
                a, b = old_items.get(item_key), new_items.get(item_key)
                if a == b:
                    continue
                if a is None or b is None:
                    before[f"items[{item_key}]"], after[f"items[{item_key}]"] = a, b
                    continue
                for field in dict.fromkeys([*a, *b]):
                    if a.get(field) != b.get(field):
                        before[f"items[{item_key}].{field}"] = a.get(field)
                        after[f"items[{item_key}].{field}"] = b.get(field)
        elif old.get(key) != value:
            before[key], after[key] = old.get(key), value
    return before, after


def _read(s: Session, case_id: int) -> dict[str, Any] | None:
    row = s.get(CasePlan, case_id)
    return dict(row.data) if row is not None else None


def load_plan(store: Store, case_id: int) -> tuple[CaseInput, Plan | None]:
    """The stored case and its plan (None when it has none yet).

    Raises:
        NotFoundError: No case with that id.
    """
    case = load_bundle(store, case_id).case
    with store.read() as s:
        data = _read(s, case_id)
    return case, (parse_plan(data, case) if data is not None else None)


def save_plan(store: Store, case_id: int, plan: Plan, *, action: str = "plan.save", actor: str = "") -> Plan:
    """Store ``plan`` as the case's plan (validated) with one audit record of what changed."""
    data = dump_plan(plan)
    parse_plan(data)  # never store what would not load again

    def _write(s: Session) -> None:
        old = _read(s, case_id)
        before, after = plan_changes(old, data)
        if old is not None and not before and not after:
            return  # nothing changed: nothing written (every write is audited)
        row = s.get(CasePlan, case_id)
        now = datetime.now(UTC)
        if row is None:
            s.add(CasePlan(case_id=case_id, data=data, updated_at=now))
        else:
            row.data = data
            row.updated_at = now
        if before or after or old is None:
            audit.append(s, case_id, action, "plan", before or None, after, actor)

    store.write(_write)
    return plan


def save_review(store: Store, case_id: int, plan: Plan, actor: str = "") -> Plan:
    """Store the plan after a review was appended (audited as ``plan.review``)."""
    return save_plan(store, case_id, plan, action="plan.review", actor=actor)


def delete_plan(store: Store, case_id: int, actor: str = "") -> None:
    """Remove the case's plan (audited; the caller backs up first)."""

    def _write(s: Session) -> None:
        old = _read(s, case_id)
        if old is None:
            return
        s.execute(delete(CasePlan).where(CasePlan.case_id == case_id))
        audit.append(s, case_id, "plan.delete", "plan", {"items": len(old.get("items", []))}, None, actor)

    store.write(_write)


def load_prices(store: Store) -> tuple[Price, ...]:
    """The price list, sorted by product type."""
    with store.read() as s:
        rows = s.scalars(select(PlanPrice).order_by(PlanPrice.product_type)).all()
        return tuple(Price(r.product_type, parse_amount(r.unit_price, r.product_type), r.note) for r in rows)


def save_prices(store: Store, prices: tuple[Price, ...], actor: str = "") -> None:
    """Replace the price list (one transaction, one global audit record)."""

    def _write(s: Session) -> None:
        rows = list(s.scalars(select(PlanPrice)))
        old = {r.product_type: r.unit_price for r in rows}
        new = {p.product_type: f"{p.unit_price.normalize():f}" for p in prices}
        if old == new and {r.product_type: r.note for r in rows} == {p.product_type: p.note for p in prices}:
            return  # nothing changed: nothing written (every write is audited)
        s.execute(delete(PlanPrice))
        for p in prices:
            s.add(PlanPrice(product_type=p.product_type, unit_price=new[p.product_type], note=p.note))
        audit.append(s, None, "plan.prices", "价格表", old or None, new, actor)

    store.write(_write)


def price_map(prices: tuple[Price, ...]) -> dict[str, Price]:
    """Index prices by product type."""
    return {p.product_type: p for p in prices}


__all__ = [
    "delete_plan",
    "load_plan",
    "load_prices",
    "plan_changes",
    "price_map",
    "save_plan",
    "save_prices",
    "save_review",
]

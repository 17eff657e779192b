"""``mipin-plan/1`` written: the plan as a JSON-ready dictionary (:mod:`app.plan.planformat` reads it back).

Documented in ``docs/plan.md``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.plan.model import FORMAT, Plan, PlanItem


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def dump_item(item: PlanItem) -> dict[str, Any]:
    """One item as JSON."""
    target: dict[str, Any] | None = None
    if item.target_d is not None:
        target = {"D": item.target_d, "A": item.target_a, "K": item.target_k}
    elif item.target_result is not None:
        target = {"result": item.target_result}
    if target is not None and item.target_algorithms is not None:
        target["algorithms"] = list(item.target_algorithms)
    if target is not None and item.target_protocols is not None:
        target["protocols"] = list(item.target_protocols)
    return {
        "key": item.key,
        "kind": item.kind,
        "unit": item.unit,
        "object": item.object,
        "problem": item.problem,
        "measure": item.measure,
        "products": [{"type": p.type, "quantity": p.quantity} for p in item.products],
        "standards": list(item.standards),
        "target": target,
        "removes": list(item.removes),
        "shared_with": item.shared_with,
        "priority": item.priority,
        "phase": item.phase,
        "owner": item.owner,
        "target_date": _d(item.target_date),
        "cost": _amount(item.cost),
        "cost_note": item.cost_note,
        "selected": item.selected,
        "edited": item.edited,
        "stale": item.stale,
        "note": item.note,
    }


def dump_plan(plan: Plan) -> dict[str, Any]:
    """The plan as a ``mipin-plan/1`` dictionary (JSON-ready)."""
    return {
        "format": FORMAT,
        "title": plan.title,
        "organisation": plan.organisation,
        "version": plan.version,
        "issued": _d(plan.issued),
        "filing": {"level": plan.filing_level, "number": plan.filing_number},
        "important_data": list(plan.important_data),
        "texts": dict(plan.texts),
        "elements": {layer: dict(texts) for layer, texts in plan.elements},
        "management": dict(plan.management),
        "items": [dump_item(i) for i in plan.items],
        "key_lifecycle": [
            {"key_type": r.key_type, "units": list(r.units), "stages": dict(r.stages)} for r in plan.key_lifecycle
        ],
        "products": [
            {
                "name": r.name,
                "type": r.type,
                "location": r.location,
                "algorithms": list(r.algorithms),
                "quantity": r.quantity,
                "certificate_no": r.certificate_no,
                "valid_until": _d(r.valid_until),
                "module_level": r.module_level,
                "issuer": r.issuer,
                "existing": r.existing,
            }
            for r in plan.products
        ],
        "compliance": [
            {
                "unit": r.unit,
                "verdict": r.verdict,
                "point": r.point,
                "measure": r.measure,
                "reason": r.reason,
                "alternative": r.alternative,
            }
            for r in plan.compliance
        ],
        "milestones": [{"name": m.name, "date": _d(m.date), "deliverable": m.deliverable} for m in plan.milestones],
        "budget_note": plan.budget_note,
        "reviews": [
            {
                "number": r.number,
                "at": r.at.isoformat(),
                "reviewer": r.reviewer,
                "conclusion": r.conclusion,
                "plan_fingerprint": r.plan_fingerprint,
                "note": r.note,
                "results": [
                    {
                        "check": c.check,
                        "grade": c.grade,
                        "title": c.title,
                        "auto": c.auto,
                        "result": c.result,
                        "findings": list(c.findings),
                        "note": c.note,
                    }
                    for c in r.results
                ],
            }
            for r in plan.reviews
        ],
        "next_manual": plan.next_manual,
    }

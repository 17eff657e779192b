"""``mipin-plan/1``: the plan as JSON, strictly validated (every error names its field).

Documented in ``docs/plan.md``. The plan travels on its own, embedded as the ``plan`` key of a
``mipin-case/1`` exchange file, and in case packages. :func:`parse_plan` checks the plan on its
own and, given the case, that its items refer to units and objects of the case.
"""

from __future__ import annotations

from typing import Any

from app.core.errors import InputErrors
from app.mipin.engine import CaseInput, Catalogue, load_catalogue
from app.plan.model import ELEMENTS, FORMAT, MANAGEMENT_AREAS, Plan, PlanItem
from app.plan.planentries import (
    parse_compliance,
    parse_item,
    parse_lifecycle,
    parse_milestone,
    parse_product,
    parse_review,
)
from app.plan.planreader import FieldReader

_ELEMENT_KEYS = tuple(k for k, _ in ELEMENTS)
_TOP_KEYS = (
    "format", "title", "organisation", "version", "issued", "filing", "important_data", "texts", "elements",
    "management", "items", "key_lifecycle", "products", "compliance", "milestones", "budget_note", "reviews",
    "next_manual",
)  # fmt: skip


def parse_plan(data: Any, case: CaseInput | None = None, catalogue: Catalogue | None = None) -> Plan:
    """Validate a decoded ``mipin-plan/1`` value.

    Raises:
        InputErrors: Every problem, each naming its field (``items[3].target.D`` …).
    """
    cat = catalogue or load_catalogue()
    r = FieldReader()
    raw = r.obj(data, "", _TOP_KEYS)
    if raw and raw.get("format") != FORMAT:
        r.fail("format", f"应为 “{FORMAT}”")
        _raise(r)
    filing = r.obj(raw.get("filing", {}), "filing", ("level", "number"))
    texts = r.obj(raw.get("texts", {}), "texts", tuple(raw.get("texts", {}) or ()))
    elements_raw = r.obj(raw.get("elements", {}), "elements", ("PE", "NC", "DC", "AD"))
    elements = []
    for layer, value in elements_raw.items():
        layer_raw = r.obj(value, f"elements.{layer}", _ELEMENT_KEYS)
        elements.append((layer, tuple((k, r.text(layer_raw, k, f"elements.{layer}")) for k in _ELEMENT_KEYS)))
    management_raw = r.obj(raw.get("management", {}), "management", MANAGEMENT_AREAS)
    items = r.array(raw, "items", lambda v, f: parse_item(r, v, f, cat))
    seen: set[str] = set()
    for n, item in enumerate(items):
        if item.key in seen:
            r.fail(f"items[{n}].key", f"“{item.key}” 重复")
        seen.add(item.key)
    _check_shared(r, items)
    plan = Plan(
        title=r.text(raw, "title", ""),
        organisation=r.text(raw, "organisation", ""),
        version=r.text(raw, "version", "") or "V1.0",
        issued=r.date(raw, "issued", ""),
        filing_level=r.int_(filing, "level", "filing", 1, 4, None),
        filing_number=r.text(filing, "number", "filing"),
        important_data=r.strings(raw, "important_data", ""),
        texts=tuple((k, r.text(texts, k, "texts")) for k in texts),
        elements=tuple(elements),
        management=tuple((a, r.text(management_raw, a, "management")) for a in MANAGEMENT_AREAS if a in management_raw),
        items=items,
        key_lifecycle=r.array(raw, "key_lifecycle", lambda v, f: parse_lifecycle(r, v, f)),
        products=r.array(raw, "products", lambda v, f: parse_product(r, v, f)),
        compliance=r.array(raw, "compliance", lambda v, f: parse_compliance(r, v, f, cat)),
        milestones=r.array(raw, "milestones", lambda v, f: parse_milestone(r, v, f)),
        budget_note=r.text(raw, "budget_note", ""),
        reviews=r.array(raw, "reviews", lambda v, f: parse_review(r, v, f)),
        next_manual=r.int_(raw, "next_manual", "", 1, 10**6, 1) or 1,
    )
    if case is not None:
        _check_against_case(r, plan, case)
    _raise(r)
    return plan


def shared_problem(item: PlanItem, items: tuple[PlanItem, ...]) -> str | None:
    """Why ``item``'s ``shared_with`` is not valid among ``items`` (None: it is, or it shares nothing)."""
    if item.shared_with is None:
        return None
    owner = next((i for i in items if i.key == item.shared_with), None)
    if item.shared_with == item.key:
        return "不能与自身共用措施"
    if owner is None:
        return f"没有条目 “{item.shared_with}”"
    if owner.shared_with is not None:
        return f"“{owner.key}” 本身与其他条目共用措施，应指向 “{owner.shared_with}”"
    if item.cost is not None or item.products:
        return "与其他条目共用措施的条目没有自己的费用和产品（费用只计一次）；要单独计费请先取消共用"
    return None


def _check_shared(r: FieldReader, items: tuple[PlanItem, ...]) -> None:
    for n, item in enumerate(items):
        problem = shared_problem(item, items)
        if problem is not None:
            r.fail(f"items[{n}].shared_with", problem)


def _check_against_case(r: FieldReader, plan: Plan, case: CaseInput) -> None:
    for n, item in enumerate(plan.items):
        if item.stale:
            continue
        unit = case.unit(item.unit)
        if item.object is not None and (unit is None or unit.object(item.object) is None):
            r.fail(f"items[{n}].object", f"案例的 {item.unit} 中没有测评对象 “{item.object}”")


def _raise(r: FieldReader) -> None:
    if r.errors:
        raise InputErrors(r.errors)

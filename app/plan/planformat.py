"""``mipin-plan/1``: the plan as JSON, strictly validated (every error names its field).

Documented in ``docs/plan.md``. The plan travels on its own, embedded as the ``plan`` key of a
``mipin-case/1`` exchange file, and in case packages. :func:`parse_plan` checks the plan on its
own and, given the case, that its items refer to units and objects of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from app.core.errors import InputError, InputErrors
from app.mipin.engine import CaseInput, Catalogue, load_catalogue
from app.mipin.engine.case import CONFORM, MARKS, NONCONFORM, PARTIAL
from app.plan.costs import parse_amount
from app.plan.model import (
    COMPLIANCE_VERDICTS,
    ELEMENTS,
    FORMAT,
    KINDS,
    MANAGEMENT_AREAS,
    PASSED,
    PHASES,
    PRIORITIES,
    REVIEW_FIX,
    REVIEW_PASS,
    STAGES,
    CheckResult,
    ComplianceRow,
    KeyLifecycleRow,
    Milestone,
    Plan,
    PlanItem,
    ProductNeed,
    ProductRow,
    Review,
)

T = TypeVar("T")
_ELEMENT_KEYS = tuple(k for k, _ in ELEMENTS)


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


class _Reader:
    """Typed access to a decoded JSON object that records errors with their field path."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def fail(self, field: str, reason: str) -> None:
        self.errors.append(InputError(field, reason))

    def obj(self, value: Any, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(field, "应为 JSON 对象")
            return {}
        for key in value:
            if key not in allowed:
                self.fail(f"{field}.{key}" if field else key, "未知字段")
        return value

    def text(self, raw: dict[str, Any], key: str, field: str, *, required: bool = False, limit: int = 20000) -> str:
        value = raw.get(key)
        path = f"{field}.{key}" if field else key
        if value is None:
            if required:
                self.fail(path, "不能为空")
            return ""
        if not isinstance(value, str):
            self.fail(path, "应为字符串")
            return ""
        if required and not value.strip():
            self.fail(path, "不能为空")
        if len(value) > limit:
            self.fail(path, f"过长（超过 {limit} 字）")
        return value

    def strings(self, raw: dict[str, Any], key: str, field: str) -> tuple[str, ...]:
        value = raw.get(key)
        path = f"{field}.{key}" if field else key
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path, "应为字符串数组")
            return ()
        return tuple(value)

    def date(self, raw: dict[str, Any], key: str, field: str) -> date | None:
        value = raw.get(key)
        if value is None:
            return None
        path = f"{field}.{key}" if field else key
        try:
            return date.fromisoformat(value) if isinstance(value, str) else _bad(TypeError)
        except (TypeError, ValueError):
            self.fail(path, "应为 YYYY-MM-DD 格式的日期")
            return None

    def int_(self, raw: dict[str, Any], key: str, field: str, low: int, high: int, default: int | None) -> int | None:
        value = raw.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{field}.{key}" if field else key, f"应为 {low}–{high} 的整数")
            return default
        return value

    def flag(self, raw: dict[str, Any], key: str, field: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{field}.{key}", "应为 true 或 false")
            return default
        return value

    def choice(self, raw: dict[str, Any], key: str, field: str, allowed: tuple[str, ...], default: str) -> str:
        value = raw.get(key, default)
        if value not in allowed:
            self.fail(f"{field}.{key}", f"应为 {'、'.join(allowed)} 之一")
            return default
        return str(value)

    def array(self, raw: dict[str, Any], key: str, parse: Callable[[Any, str], T]) -> tuple[T, ...]:
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "应为数组")
            return ()
        return tuple(parse(v, f"{key}[{n}]") for n, v in enumerate(value))


def _bad(exc: type[Exception]) -> Any:
    raise exc


_ITEM_KEYS = (
    "key", "kind", "unit", "object", "problem", "measure", "products", "standards", "target", "removes", "shared_with",
    "priority", "phase", "owner", "target_date", "cost", "cost_note", "selected", "edited", "stale", "note",
)  # fmt: skip
_TOP_KEYS = (
    "format", "title", "organisation", "version", "issued", "filing", "important_data", "texts", "elements",
    "management", "items", "key_lifecycle", "products", "compliance", "milestones", "budget_note", "reviews",
    "next_manual",
)  # fmt: skip


def _shared_with(r: _Reader, raw: dict[str, Any], field: str) -> str | None:
    shared = raw.get("shared_with")
    if shared is not None and (not isinstance(shared, str) or not shared.strip()):
        r.fail(f"{field}.shared_with", "应为另一条目的 key 或 null")
        return None
    return shared


def _item(r: _Reader, value: Any, field: str, cat: Catalogue) -> PlanItem:
    raw = r.obj(value, field, _ITEM_KEYS)
    unit = r.text(raw, "unit", field, required=True)
    if unit and cat.find_unit(unit) is None:
        r.fail(f"{field}.unit", f"未知测评单元 “{unit}”")
    obj = raw.get("object")
    if obj is not None and not isinstance(obj, str):
        r.fail(f"{field}.object", "应为字符串或 null")
        obj = None
    products = []
    for n, p in enumerate(raw.get("products") or []):
        praw = r.obj(p, f"{field}.products[{n}]", ("type", "quantity"))
        ptype = r.text(praw, "type", f"{field}.products[{n}]", required=True)
        quantity = r.int_(praw, "quantity", f"{field}.products[{n}]", 1, 100000, 1) or 1
        products.append(ProductNeed(ptype, quantity))
    target = raw.get("target")
    t: dict[str, Any] = {}
    if target is not None:
        traw = r.obj(target, f"{field}.target", ("D", "A", "K", "result", "algorithms", "protocols"))
        if "result" in traw:
            t["target_result"] = r.choice(traw, "result", f"{field}.target", (CONFORM, PARTIAL, NONCONFORM), CONFORM)
        else:
            marks = [traw.get(m) for m in ("D", "A", "K")]
            if any(m not in MARKS for m in marks):
                r.fail(f"{field}.target", "D、A、K 都应为 √、× 或 /")
            elif "/" in marks and marks != ["/", "/", "/"]:
                r.fail(f"{field}.target", "“/” 只能三项同时给出（对象停用、不再适用）")
            elif obj is None:
                r.fail(f"{field}.target", "目标 D/A/K 需要 object")
            else:
                t.update(target_d=marks[0], target_a=marks[1], target_k=marks[2])
        for key, attr, table in (
            ("algorithms", "target_algorithms", cat.algorithms),
            ("protocols", "target_protocols", cat.protocols),
        ):
            if key in traw:
                names = []
                for n, name in enumerate(r.strings(traw, key, f"{field}.target")):
                    entry = table.find(name)
                    if entry is None:
                        r.fail(
                            f"{field}.target.{key}[{n}]", f"未知的{'算法' if key == 'algorithms' else '协议'} “{name}”"
                        )
                    else:
                        names.append(entry.name)
                t[attr] = tuple(names)
    shared = _shared_with(r, raw, field)
    cost = None
    if raw.get("cost") is not None:
        try:
            cost = parse_amount(raw["cost"], f"{field}.cost")
        except InputError as exc:
            r.errors.append(exc)
    return PlanItem(
        key=r.text(raw, "key", field, required=True),
        kind=r.choice(raw, "kind", field, KINDS, "manual"),
        unit=unit,
        object=obj,
        problem=r.text(raw, "problem", field),
        measure=r.text(raw, "measure", field),
        products=tuple(products),
        standards=r.strings(raw, "standards", field),
        removes=r.strings(raw, "removes", field),
        shared_with=shared,
        priority=r.choice(raw, "priority", field, PRIORITIES, "P2"),
        phase=r.choice(raw, "phase", field, PHASES, PHASES[0]),
        owner=r.text(raw, "owner", field),
        target_date=r.date(raw, "target_date", field),
        cost=cost,
        cost_note=r.text(raw, "cost_note", field),
        selected=r.flag(raw, "selected", field, True),
        edited=r.flag(raw, "edited", field, False),
        stale=r.flag(raw, "stale", field, False),
        note=r.text(raw, "note", field),
        **t,
    )


def _lifecycle(r: _Reader, value: Any, field: str) -> KeyLifecycleRow:
    raw = r.obj(value, field, ("key_type", "units", "stages"))
    stages_raw = r.obj(raw.get("stages", {}), f"{field}.stages", STAGES)
    stages = []
    for stage in STAGES:
        text = stages_raw.get(stage, "")
        if not isinstance(text, str):
            r.fail(f"{field}.stages.{stage}", "应为字符串")
            text = ""
        stages.append((stage, text))
    return KeyLifecycleRow(r.text(raw, "key_type", field, required=True), tuple(stages), r.strings(raw, "units", field))


def _product(r: _Reader, value: Any, field: str) -> ProductRow:
    keys = ("name", "type", "location", "algorithms", "quantity", "certificate_no", "valid_until", "module_level")
    raw = r.obj(value, field, (*keys, "issuer", "existing"))
    return ProductRow(
        name=r.text(raw, "name", field, required=True),
        type=r.text(raw, "type", field),
        location=r.text(raw, "location", field),
        algorithms=r.strings(raw, "algorithms", field),
        quantity=r.int_(raw, "quantity", field, 1, 100000, 1) or 1,
        certificate_no=r.text(raw, "certificate_no", field),
        valid_until=r.date(raw, "valid_until", field),
        module_level=r.int_(raw, "module_level", field, 1, 4, None),
        issuer=r.text(raw, "issuer", field),
        existing=r.flag(raw, "existing", field, False),
    )


def _compliance(r: _Reader, value: Any, field: str, cat: Catalogue) -> ComplianceRow:
    raw = r.obj(value, field, ("unit", "verdict", "point", "measure", "reason", "alternative"))
    unit = r.text(raw, "unit", field, required=True)
    if unit and cat.find_unit(unit) is None:
        r.fail(f"{field}.unit", f"未知测评单元 “{unit}”")
    verdict = r.choice(raw, "verdict", field, COMPLIANCE_VERDICTS, COMPLIANCE_VERDICTS[0])
    reason = r.text(raw, "reason", field)
    alternative = r.text(raw, "alternative", field)
    return ComplianceRow(unit, verdict, r.text(raw, "point", field), r.text(raw, "measure", field), reason, alternative)


def _milestone(r: _Reader, value: Any, field: str) -> Milestone:
    raw = r.obj(value, field, ("name", "date", "deliverable"))
    return Milestone(
        r.text(raw, "name", field, required=True), r.date(raw, "date", field), r.text(raw, "deliverable", field)
    )


def _review(r: _Reader, value: Any, field: str) -> Review:
    raw = r.obj(value, field, ("number", "at", "reviewer", "conclusion", "plan_fingerprint", "note", "results"))
    at_text = raw.get("at")
    at = datetime(1970, 1, 1).astimezone()
    try:
        at = datetime.fromisoformat(at_text) if isinstance(at_text, str) else _bad(TypeError)
        if at.tzinfo is None:
            r.fail(f"{field}.at", "时间须带时区")
    except (TypeError, ValueError):
        r.fail(f"{field}.at", "应为 ISO 8601 时间")
    results = []
    for n, c in enumerate(raw.get("results") or []):
        path = f"{field}.results[{n}]"
        craw = r.obj(c, path, ("check", "grade", "title", "auto", "result", "findings", "note"))
        results.append(
            CheckResult(
                check=r.text(craw, "check", path, required=True),
                grade=r.choice(craw, "grade", path, ("must", "should"), "must"),
                title=r.text(craw, "title", path),
                auto=r.choice(craw, "auto", path, (REVIEW_PASS, REVIEW_FIX), REVIEW_FIX),
                result=r.choice(craw, "result", path, (REVIEW_PASS, REVIEW_FIX), REVIEW_FIX),
                findings=r.strings(craw, "findings", path),
                note=r.text(craw, "note", path),
            )
        )
    return Review(
        number=r.int_(raw, "number", field, 1, 10000, 1) or 1,
        at=at,
        reviewer=r.text(raw, "reviewer", field),
        conclusion=r.choice(raw, "conclusion", field, (PASSED, REVIEW_FIX), REVIEW_FIX),
        results=tuple(results),
        plan_fingerprint=r.text(raw, "plan_fingerprint", field),
        note=r.text(raw, "note", field),
    )


def parse_plan(data: Any, case: CaseInput | None = None, catalogue: Catalogue | None = None) -> Plan:
    """Validate a decoded ``mipin-plan/1`` value.

    Raises:
        InputErrors: Every problem, each naming its field (``items[3].target.D`` …).
    """
    cat = catalogue or load_catalogue()
    r = _Reader()
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
    items = r.array(raw, "items", lambda v, f: _item(r, v, f, cat))
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
        key_lifecycle=r.array(raw, "key_lifecycle", lambda v, f: _lifecycle(r, v, f)),
        products=r.array(raw, "products", lambda v, f: _product(r, v, f)),
        compliance=r.array(raw, "compliance", lambda v, f: _compliance(r, v, f, cat)),
        milestones=r.array(raw, "milestones", lambda v, f: _milestone(r, v, f)),
        budget_note=r.text(raw, "budget_note", ""),
        reviews=r.array(raw, "reviews", lambda v, f: _review(r, v, f)),
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


def _check_shared(r: _Reader, items: tuple[PlanItem, ...]) -> None:
    for n, item in enumerate(items):
        problem = shared_problem(item, items)
        if problem is not None:
            r.fail(f"items[{n}].shared_with", problem)


def _check_against_case(r: _Reader, plan: Plan, case: CaseInput) -> None:
    for n, item in enumerate(plan.items):
        if item.stale:
            continue
        unit = case.unit(item.unit)
        if item.object is not None and (unit is None or unit.object(item.object) is None):
            r.fail(f"items[{n}].object", f"案例的 {item.unit} 中没有测评对象 “{item.object}”")


def _raise(r: _Reader) -> None:
    if r.errors:
        raise InputErrors(r.errors)

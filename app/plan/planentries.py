"""The entries of a ``mipin-plan/1`` file (items, key lifecycle, products, compliance, milestones, reviews).

Each is parsed on its own; :func:`app.plan.planformat.parse_plan` puts them together. Every
problem is recorded in the :class:`~app.plan.planreader.FieldReader` with its field path.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.core.errors import InputError
from app.mipin.engine import Catalogue
from app.mipin.engine.case import CONFORM, MARKS, NONCONFORM, PARTIAL
from app.plan.costs import parse_amount
from app.plan.model import (
    COMPLIANCE_VERDICTS,
    KINDS,
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
    PlanItem,
    ProductNeed,
    ProductRow,
    Review,
)
from app.plan.planreader import FieldReader

_ITEM_KEYS = (
    "key", "kind", "unit", "object", "problem", "measure", "products", "standards", "target", "removes", "shared_with",
    "priority", "phase", "owner", "target_date", "cost", "cost_note", "selected", "edited", "stale", "note",
)  # fmt: skip


def _shared_with(r: FieldReader, raw: dict[str, Any], field: str) -> str | None:
    shared = raw.get("shared_with")
    if shared is not None and (not isinstance(shared, str) or not shared.strip()):
        r.fail(f"{field}.shared_with", "应为另一条目的 key 或 null")
        return None
    return shared


def parse_item(r: FieldReader, value: Any, field: str, cat: Catalogue) -> PlanItem:
    """One entry of ``items``; its unit, target algorithms and protocols are checked against ``cat``."""
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


def parse_lifecycle(r: FieldReader, value: Any, field: str) -> KeyLifecycleRow:
    """One row of ``key_lifecycle``: a key type, its units and the text of each stage."""
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


def parse_product(r: FieldReader, value: Any, field: str) -> ProductRow:
    """One row of ``products``."""
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


def parse_compliance(r: FieldReader, value: Any, field: str, cat: Catalogue) -> ComplianceRow:
    """One row of ``compliance``; its unit is checked against ``cat``."""
    raw = r.obj(value, field, ("unit", "verdict", "point", "measure", "reason", "alternative"))
    unit = r.text(raw, "unit", field, required=True)
    if unit and cat.find_unit(unit) is None:
        r.fail(f"{field}.unit", f"未知测评单元 “{unit}”")
    verdict = r.choice(raw, "verdict", field, COMPLIANCE_VERDICTS, COMPLIANCE_VERDICTS[0])
    reason = r.text(raw, "reason", field)
    alternative = r.text(raw, "alternative", field)
    return ComplianceRow(unit, verdict, r.text(raw, "point", field), r.text(raw, "measure", field), reason, alternative)


def parse_milestone(r: FieldReader, value: Any, field: str) -> Milestone:
    """One entry of ``milestones``."""
    raw = r.obj(value, field, ("name", "date", "deliverable"))
    return Milestone(
        r.text(raw, "name", field, required=True), r.date(raw, "date", field), r.text(raw, "deliverable", field)
    )


def parse_review(r: FieldReader, value: Any, field: str) -> Review:
    """One entry of ``reviews``: when, by whom, the conclusion and each check's result."""
    raw = r.obj(value, field, ("number", "at", "reviewer", "conclusion", "plan_fingerprint", "note", "results"))
    at_text = raw.get("at")
    at = datetime(1970, 1, 1).astimezone()
    try:
        if not isinstance(at_text, str):
            raise TypeError(at_text)
        at = datetime.fromisoformat(at_text)
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

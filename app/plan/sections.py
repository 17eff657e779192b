"""The plan's tables besides the items: key lifecycle, products, compliance, eight elements, management.

:func:`prefill` fills every section that is still empty from the case *as it will be after the
plan* (the projection of the active items): key types from the algorithms and units in use,
product lines from the items' product types, one compliance line per indicator of the level,
the eight elements of each technical layer, the four management areas and a default schedule.
Nothing already filled is overwritten. :func:`product_warnings` and :func:`compliance_blockers`
say what is still wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.mipin.engine import CaseInput, Catalogue, ScoreResult, load_catalogue
from app.mipin.engine.case import CONFORM
from app.plan.catalogue import PlanCatalogue, load_plan_catalogue
from app.plan.costs import measure_items
from app.plan.model import (
    COMPLIANT,
    ELEMENTS,
    MANAGEMENT_AREAS,
    NONCOMPLIANT,
    NOT_APPLICABLE,
    ComplianceRow,
    KeyLifecycleRow,
    Milestone,
    Plan,
    PlanItem,
    ProductRow,
)
from app.plan.projection import project_case, score

TECHNICAL_LAYERS = ("PE", "NC", "DC", "AD")
_IMPORTANT_DATA_UNITS = ("AD-4", "AD-5", "AD-6", "AD-7")
_MODULE_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
SERVICES_TEXT = "由本方案部署的密码产品提供密码服务；如采用密码服务（含云密码服务），应选用具备相应资质的服务提供方"


def completion_date(plan: Plan) -> date | None:
    """When the plan is carried out: the latest item target date or milestone date."""
    dates = [i.target_date for i in plan.active_items if i.target_date] + [m.date for m in plan.milestones if m.date]
    return max(dates) if dates else None


def required_module_level(level: int, pcat: PlanCatalogue | None = None) -> int:
    """The GB/T 37092 module level a system of ``level`` needs (level 3 → 2)."""
    return (pcat or load_plan_catalogue()).module_level_required.get(level, 2)


def product_warnings(plan: Plan, level: int, pcat: PlanCatalogue | None = None) -> list[tuple[int, str]]:
    """(row index, Chinese warning) for every product line that is not fit for the plan."""
    need = required_module_level(level, pcat)
    done = completion_date(plan)
    out: list[tuple[int, str]] = []
    for n, row in enumerate(plan.products):
        label = row.name or row.type or f"第 {n + 1} 行"
        if not row.certificate_no.strip():
            out.append((n, f"{label}：缺少商用密码产品认证证书编号"))
        if row.valid_until is None:
            out.append((n, f"{label}：缺少证书有效期"))
        elif done is not None and row.valid_until < done:
            out.append((n, f"{label}：证书 {row.valid_until.isoformat()} 到期，早于实施完成日期 {done.isoformat()}"))
        if row.module_level is None:
            out.append((n, f"{label}：未给出 GB/T 37092 密码模块等级"))
        elif row.module_level < need:
            have, want = _MODULE_NAMES[row.module_level], _MODULE_NAMES.get(need, str(need))
            out.append((n, f"{label}：密码模块为{have}，低于该等级要求的{want}及以上"))
    return out


def compliance_blockers(plan: Plan) -> list[str]:
    """Why the compliance table keeps the plan from being final (不符合 lines, unargued 不适用)."""
    out = []
    for row in plan.compliance:
        if row.verdict == NONCOMPLIANT:
            out.append(f"{row.unit} 仍为不符合")
        elif row.verdict == NOT_APPLICABLE and (not row.reason.strip() or not row.alternative.strip()):
            out.append(f"{row.unit} 判为不适用但缺少理由或替代措施")
    return out


def prefill(
    case: CaseInput,
    plan: Plan,
    catalogue: Catalogue | None = None,
    plan_catalogue: PlanCatalogue | None = None,
) -> Plan:
    """Fill the plan's empty sections from the projected case (filled sections are kept)."""
    cat = catalogue or load_catalogue()
    pcat = plan_catalogue or load_plan_catalogue()
    items = plan.active_items
    projected_case = project_case(case, items, cat)
    projected = score(projected_case, cat)
    changes: dict[str, object] = {}
    if not plan.title:
        changes["title"] = f"{case.system.name or '被测信息系统'}商用密码应用改造方案"
    if plan.filing_level is None:
        changes["filing_level"] = case.level
    if not plan.important_data:
        names = [o.name for uid in _IMPORTANT_DATA_UNITS if (u := case.unit(uid)) for o in u.objects]
        changes["important_data"] = tuple(dict.fromkeys(["用户身份鉴别数据", *names]))
    if not plan.key_lifecycle:
        changes["key_lifecycle"] = key_lifecycle(projected_case, items, pcat)
    if not plan.products:
        changes["products"] = product_lines(measure_items(items, plan.items), pcat)
    if not plan.compliance:
        changes["compliance"] = compliance_rows(case, projected, items, cat)
    if not plan.elements:
        lifecycle = changes.get("key_lifecycle", plan.key_lifecycle)
        assert isinstance(lifecycle, tuple)
        changes["elements"] = layer_elements(projected_case, items, lifecycle, cat, pcat)
    if not plan.management:
        changes["management"] = management_texts(case, items, cat, pcat)
    if not plan.milestones:
        changes["milestones"] = (
            Milestone("方案评审通过", None, "方案评估报告（结论为通过）"),
            Milestone("近期措施完成", None, "P1、P2 措施的实施记录与产品部署清单"),
            Milestone("中远期措施完成", None, "P3 措施的实施记录"),
            Milestone("改造后密评", None, "商用密码应用安全性评估报告"),
        )
    return replace(plan, **changes)  # type: ignore[arg-type]


def key_lifecycle(
    projected_case: CaseInput, items: tuple[PlanItem, ...], pcat: PlanCatalogue
) -> tuple[KeyLifecycleRow, ...]:
    """One row per key type that the case's algorithms and units (after the plan) bring in."""
    in_use: dict[str, set[str]] = {}
    for unit in projected_case.units:
        if not unit.applicable:
            continue
        for obj in unit.objects:
            if obj.d == "√":
                in_use.setdefault(unit.id, set()).update(obj.algorithms)
    for item in items:
        if item.target_algorithms:
            in_use.setdefault(item.unit, set()).update(item.target_algorithms)
    rows = []
    for key_type in pcat.key_types:
        units = tuple(u for u in key_type.units if set(key_type.algorithms) & in_use.get(u, set()))
        if units:
            rows.append(KeyLifecycleRow(key_type.name, key_type.stages, units))
    return tuple(rows)


def product_lines(items: tuple[PlanItem, ...], pcat: PlanCatalogue) -> tuple[ProductRow, ...]:
    """One line per product type the items need (quantities added up, locations listed).

    ``items`` are the measures' own items (:func:`app.plan.costs.measure_items`), so a measure
    shared by several items is counted once.
    """
    lines: dict[str, ProductRow] = {}
    for item in items:
        for need in item.products:
            where = item.object or item.unit
            row = lines.get(need.type)
            if row is None:
                ptype = pcat.product_type(need.type)
                lines[need.type] = ProductRow(
                    name=need.type,
                    type=need.type,
                    location=where,
                    algorithms=ptype.algorithms if ptype else (),
                    quantity=need.quantity,
                )
            else:
                location = row.location if where in row.location.split("、") else f"{row.location}、{where}"
                lines[need.type] = replace(row, quantity=row.quantity + need.quantity, location=location)
    return tuple(lines.values())


def compliance_rows(
    case: CaseInput, projected: ScoreResult, items: tuple[PlanItem, ...], cat: Catalogue
) -> tuple[ComplianceRow, ...]:
    """One line per indicator of the level, from the projected result."""
    rows = []
    for unit_score in projected.units:
        uid = unit_score.unit
        measures = [i.measure for i in items if i.unit == uid and i.measure]
        point = f"{cat.layer(unit_score.layer).name_zh}·{unit_score.name_zh}"
        if not unit_score.applicable:
            unit = case.unit(uid)
            rows.append(
                ComplianceRow(uid, NOT_APPLICABLE, point, reason=(unit.na_reason or "") if unit else "", alternative="")
            )
            continue
        verdict = COMPLIANT if unit_score.verdict == CONFORM else NONCOMPLIANT
        if measures:
            measure = "；".join(measures)
        else:
            names = "、".join(o.name for o in unit_score.objects if o.score is not None)
            measure = f"现有密码措施满足要求（{names}）" if names else "现有措施满足要求"
        rows.append(ComplianceRow(uid, verdict, point, measure))
    return tuple(rows)


def layer_elements(
    projected_case: CaseInput,
    items: tuple[PlanItem, ...],
    lifecycle: tuple[KeyLifecycleRow, ...],
    cat: Catalogue,
    pcat: PlanCatalogue,
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The eight elements of each applicable technical layer, as starting texts."""
    out = []
    for layer in TECHNICAL_LAYERS:
        units = [u for u in projected_case.units if u.applicable and cat.unit(u.id).layer == layer]
        if not units:
            continue
        objects = list(dict.fromkeys(o.name for u in units for o in u.objects if o.d != "/"))
        layer_items = [i for i in items if cat.unit(i.unit).layer == layer]
        unit_ids = [u.id for u in units]
        measures = [i.measure for i in layer_items if i.measure]
        existing = [
            f"{cat.unit(u.id).name_zh}：沿用现有密码措施" for u in units if not any(i.unit == u.id for i in layer_items)
        ]
        subsystems = list(dict.fromkeys(pcat.unit(uid).subsystem for uid in unit_ids if pcat.unit(uid).subsystem))
        products = [f"{p.type}×{p.quantity}" for i in measure_items(layer_items, items) for p in i.products]
        standards = list(dict.fromkeys(s for i in layer_items for s in i.standards))
        algorithms = list(dict.fromkeys(a for u in units for o in u.objects if o.d == "√" for a in o.algorithms))
        protocols = list(dict.fromkeys(p for u in units for o in u.objects if o.d == "√" for p in o.protocols))
        keys = [row.key_type for row in lifecycle if set(row.units) & set(unit_ids)]
        texts = {
            "objects": "、".join(objects),
            "measures": "；".join([*measures, *existing]),
            "subsystem": "、".join(subsystems),
            "products": "；".join(
                x
                for x in (
                    "、".join(dict.fromkeys(products)),
                    ("依据标准：" + "、".join(standards)) if standards else "",
                )
                if x
            )
            or "沿用现有经认证的密码产品",
            "services": SERVICES_TEXT,
            "algorithms": "、".join(algorithms),
            "protocols": "、".join(protocols) or "本层面不涉及通信协议，密码运算经密码产品接口调用",
            "keys": "、".join(keys) or "见第 6 章密钥管理",
        }
        out.append((layer, tuple((k, texts[k]) for k, _ in ELEMENTS)))
    return tuple(out)


def management_texts(
    case: CaseInput, items: tuple[PlanItem, ...], cat: Catalogue, pcat: PlanCatalogue
) -> tuple[tuple[str, str], ...]:
    """The measures of each management area: the items' measures, or that the current state holds."""
    out = []
    for area in MANAGEMENT_AREAS:
        units = [u for u in cat.units_for_level(case.level) if not u.is_technical and pcat.unit(u.id).area == area]
        parts = []
        for unit in units:
            measures = [i.measure for i in items if i.unit == unit.id and i.measure]
            if measures:
                parts.append(f"{unit.name_zh}：" + "；".join(measures))
            else:
                parts.append(f"{unit.name_zh}：保持现有做法并按制度执行、留存记录")
        out.append((area, "。".join(parts) + ("。" if parts else "")))
    return tuple(out)

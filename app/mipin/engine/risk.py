"""High-risk judgement (信息系统密码应用高风险判定指引, 2021-12).

Candidates, for every applicable object and unit:

* D=× in a unit the guide maps to an item (PE-1 6.1 from level 2; NC-1 7.1, NC-3 7.2, DC-1 8.1,
  DC-2 8.2, AD-1 9.1, AD-4 9.2, AD-5 9.3, AD-7 9.4, AD-8 9.5 from level 3; NC-5 7.3 at level 4);
* item 5.1 for MD5, DES, SHA-1 or RSA below 2048 bits in ``algorithms``; 5.2 for SSH-1,
  SSL 2.0, SSL 3.0 or TLS 1.0 in ``protocols``; 5.3 for non-empty ``key_hazards``;
* from level 2, MS-1 不符合 → 10.1 and BO-1 不符合 → 10.2.

The item/unit mapping and level minimums are data (``resources/catalogue/high_risk.json``).
Risk decisions then apply: ``added`` creates a manual high risk, ``mitigated``/``dismissed``
change the status, ``confirmed`` keeps it high with a reason. A decision without ``object``
matches all of the item's risks in the unit; object-specific decisions are applied after
unit-wide ones, so they win. A decision that matches nothing becomes a warning.
"""

from __future__ import annotations

from dataclasses import replace

from app.mipin.engine.case import (
    ADDED,
    CONFIRMED,
    DISMISSED,
    FAIL,
    MITIGATED,
    NONCONFORM,
    CaseInput,
    Notice,
    RiskDecision,
    UnitInput,
)
from app.mipin.engine.catalogue import Catalogue, HighRiskItem
from app.mipin.engine.memo import ScoreMemo
from app.mipin.engine.results import HIGH, STATUS_DISMISSED, STATUS_MITIGATED, HighRisk

_STATUS = {MITIGATED: STATUS_MITIGATED, DISMISSED: STATUS_DISMISSED, CONFIRMED: HIGH}


def find_candidates(case: CaseInput, catalogue: Catalogue, memo: ScoreMemo | None = None) -> list[HighRisk]:
    """Return the automatic high-risk candidates of ``case`` (all with status ``high``).

    ``memo`` (bound to ``catalogue`` and the case's level) reuses the candidates of unit inputs
    that are the same objects as in an earlier call.
    """
    cat = catalogue
    level = case.level
    out: list[HighRisk] = []
    general = {h.trigger: h for h in cat.high_risk_items if h.unit is None and h.from_level <= level}
    for unit in case.units:
        cached = memo.get("risks", unit) if memo is not None else None
        if cached is None:
            cached = tuple(_unit_candidates(unit, cat, level, general))
            if memo is not None:
                memo.put("risks", unit, cached)
        out.extend(cached)
    return out


def _unit_candidates(unit: UnitInput, cat: Catalogue, level: int, general: dict[str, HighRiskItem]) -> list[HighRisk]:
    out: list[HighRisk] = []
    if not unit.applicable:
        return out
    definition = cat.unit(unit.id)
    item = definition.high_risk
    unit_item = item if item is not None and item.from_level <= level else None
    if not definition.is_technical:
        if unit_item is not None and unit.result == NONCONFORM:
            out.append(_risk(unit_item, unit.id, None, f"{unit.id} {definition.name_zh} 判为不符合"))
        return out
    for obj in unit.objects:
        if obj.excluded:
            continue
        if unit_item is not None and obj.d == FAIL:
            out.append(_risk(unit_item, unit.id, obj.name, f"测评对象 “{obj.name}” 的密码使用有效性 D=×"))
        algo_item = general.get("algorithm")
        if algo_item is not None:
            weak = [a for a in obj.algorithms if _flag(cat.algorithms.find(a)) == algo_item.item]
            if weak:
                out.append(_risk(algo_item, unit.id, obj.name, f"使用了 {'、'.join(weak)}"))
        proto_item = general.get("protocol")
        if proto_item is not None:
            weak = [p for p in obj.protocols if _flag(cat.protocols.find(p)) == proto_item.item]
            if weak:
                out.append(_risk(proto_item, unit.id, obj.name, f"使用了 {'、'.join(weak)}"))
        hazard_item = general.get("key_hazard")
        if hazard_item is not None and obj.key_hazards:
            texts = []
            for hazard in obj.key_hazards:
                known = cat.key_hazard(hazard)
                texts.append(f"{known.id} {known.stage}：{known.text}" if known else hazard)
            out.append(_risk(hazard_item, unit.id, obj.name, "存在密钥管理严重安全隐患：" + "；".join(texts)))
    return out


def judge_risks(
    case: CaseInput, catalogue: Catalogue, memo: ScoreMemo | None = None
) -> tuple[tuple[HighRisk, ...], tuple[Notice, ...]]:
    """Find candidates, apply the case's risk decisions, and order the result.

    ``memo`` is passed on to :func:`find_candidates`.

    Returns:
        The high risks ordered by item, unit and object, and warnings about decisions.
    """
    cat = catalogue
    risks = find_candidates(case, cat, memo)
    notices: list[Notice] = []
    indexed = list(enumerate(case.risk_decisions))
    for i, decision in indexed:
        if decision.decision == ADDED:
            _add(risks, decision, cat.high_risk_item(decision.item), i, notices)
    # Unit-wide decisions first, then object-specific ones, so the more specific decision wins.
    ordered = [x for x in indexed if x[1].object is None] + [x for x in indexed if x[1].object is not None]
    for i, decision in ordered:
        if decision.decision == ADDED:
            continue
        hits = [
            n
            for n, r in enumerate(risks)
            if r.item == decision.item
            and r.unit == decision.unit
            and (decision.object is None or r.object == decision.object)
        ]
        if not hits:
            where = decision.unit + (f"/{decision.object}" if decision.object else "")
            notices.append(
                Notice(f"risk_decisions[{i}]", f"没有匹配的高风险候选项（{decision.item} {where}），该决定未生效")
            )
            continue
        for n in hits:
            risks[n] = replace(
                risks[n],
                status=_STATUS[decision.decision],
                decision=decision.decision,
                reason=decision.reason,
                mitigation=decision.mitigation,
            )
    special = cat.find_high_risk_item("10.2")
    if any(r.item == "10.2" and r.status == STATUS_MITIGATED for r in risks) and any(r.status == HIGH for r in risks):
        hint = special.mitigations[0] if special and special.mitigations else ""
        notices.append(Notice("risk_decisions", f"10.2 已判为缓解，但仍存在其他高风险（指引：{hint}）"))
    order = {u.id: n for n, u in enumerate(case.units)}
    positions = {(u.id, o.name): j for u in case.units for j, o in enumerate(u.objects)}
    risks.sort(
        key=lambda r: (
            cat.high_risk_item(r.item).sort_key,
            cat.unit_order(r.unit),
            order.get(r.unit, 0),
            -1 if r.object is None else positions.get((r.unit, r.object), 1 << 30),
            r.object or "",
        )
    )
    return tuple(risks), tuple(notices)


def _flag(entry: object) -> str | None:
    return getattr(entry, "high_risk_item", None)


def _risk(item: HighRiskItem, unit: str, obj: str | None, condition: str) -> HighRisk:
    return HighRisk(
        item=item.item,
        unit=unit,
        object=obj,
        title=item.title,
        condition=condition,
        guide=item.guide_text,
        mitigations=item.mitigations,
        status=HIGH,
    )


def _add(risks: list[HighRisk], decision: RiskDecision, item: HighRiskItem, index: int, notices: list[Notice]) -> None:
    for n, existing in enumerate(risks):
        if (existing.item, existing.unit, existing.object) == (decision.item, decision.unit, decision.object):
            # Already found automatically: keep one entry, record the assessor's reason.
            risks[n] = replace(existing, decision=ADDED, reason=decision.reason, mitigation=decision.mitigation)
            notices.append(
                Notice(f"risk_decisions[{index}]", f"高风险 {decision.item} {decision.unit} 已自动识别，无需 added")
            )
            return
    risk = _risk(item, decision.unit, decision.object, f"测评人员判定：{decision.reason}")
    risks.append(replace(risk, origin=ADDED, decision=ADDED, reason=decision.reason, mitigation=decision.mitigation))

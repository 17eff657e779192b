"""What-if: the case as it would be after the selected items, re-scored by the engine.

:func:`project_case` applies items to a :class:`~app.mipin.engine.CaseInput` exactly as an
assessor would hand-edit the case file after the measures:

* an object's D, A and K become the best of its current marks and every applied item's target
  (√ over ×; a target of ``/`` on all three takes the object out of scope, e.g. a decommissioned
  interface); its algorithms and protocols are replaced by the items' targets where an item
  replaces them; when K ends at √ through an item, its key-management hazards are cleared;
* a management unit's result becomes the best of its current result and the items' targets;
* a high risk an applied item ``removes`` that the new marks do not already eliminate is taken
  out: a risk the assessor added loses its ``added`` decision, any other gets a ``dismissed``
  decision naming the items (so the engine reports it as eliminated, with the reason).

The score itself always comes from :func:`app.mipin.engine.score_case`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from app.mipin.engine import (
    CaseInput,
    Catalogue,
    ObjectInput,
    RiskDecision,
    ScoreResult,
    UnitInput,
    find_untested,
    load_catalogue,
    score_case,
)
from app.mipin.engine.case import ADDED, CONFORM, DISMISSED, FAIL, NA, NONCONFORM, PARTIAL, PASS
from app.mipin.engine.conclusion import BASICALLY_CONFORM
from app.mipin.engine.results import HIGH, STATUS_DISMISSED, HighRisk
from app.plan.costs import selection_cost
from app.plan.model import PlanItem

TARGETS = (BASICALLY_CONFORM, CONFORM)
"""The conclusions a plan can aim at (基本符合 includes 符合)."""

_MARK_RANK = {None: -1, NA: 0, FAIL: 1, PASS: 2}
_RESULT_RANK = {None: -1, NONCONFORM: 0, PARTIAL: 1, CONFORM: 2}
HUNDRED = Decimal(100)


def _risk_key(risk: HighRisk) -> str:
    return f"{risk.item}:{risk.unit}" + (f"/{risk.object}" if risk.object else "")


def _best_mark(current: str | None, targets: Iterable[str | None]) -> str | None:
    best = current
    for t in targets:
        if t is not None and _MARK_RANK[t] > _MARK_RANK[best]:
            best = t
    return best


def _apply_object(obj: ObjectInput, items: Sequence[PlanItem]) -> ObjectInput:
    targeted = [i for i in items if i.target_d is not None]
    if not targeted:
        return obj
    if any(i.target_d == NA and i.target_a == NA and i.target_k == NA for i in targeted):
        return replace(obj, d=NA, a=NA, k=NA, key_hazards=())
    d = _best_mark(obj.d if obj.d != NA else None, (i.target_d for i in targeted if i.target_d != NA))
    a = _best_mark(obj.a if obj.a != NA else None, (i.target_a for i in targeted if i.target_a != NA))
    k = _best_mark(obj.k if obj.k != NA else None, (i.target_k for i in targeted if i.target_k != NA))
    algorithms = obj.algorithms
    replacing = [i.target_algorithms for i in targeted if i.target_algorithms is not None]
    if replacing:
        algorithms = tuple(dict.fromkeys(name for names in replacing for name in names))
    protocols = obj.protocols
    replacing = [i.target_protocols for i in targeted if i.target_protocols is not None]
    if replacing:
        protocols = tuple(dict.fromkeys(name for names in replacing for name in names))
    hazards = () if k == PASS and any(i.target_k == PASS for i in targeted) else obj.key_hazards
    return replace(obj, d=d, a=a, k=k, algorithms=algorithms, protocols=protocols, key_hazards=hazards)


def _apply_unit(unit: UnitInput, items: Sequence[PlanItem]) -> UnitInput:
    by_object: dict[str, list[PlanItem]] = {}
    results: list[str] = []
    for item in items:
        if item.object is not None:
            by_object.setdefault(item.object, []).append(item)
        elif item.target_result is not None:
            results.append(item.target_result)
    objects = tuple(_apply_object(o, by_object.get(o.name, ())) for o in unit.objects)
    result = unit.result
    if unit.applicable and results:
        for r in results:
            if _RESULT_RANK[r] > _RESULT_RANK[result]:
                result = r
    return replace(unit, objects=objects, result=result)


def project_case(case: CaseInput, items: Iterable[PlanItem], catalogue: Catalogue | None = None) -> CaseInput:
    """The case after the given items (normally the plan's active items) are carried out."""
    cat = catalogue or load_catalogue()
    chosen = list(items)
    by_unit: dict[str, list[PlanItem]] = {}
    for item in chosen:
        by_unit.setdefault(item.unit, []).append(item)
    units = tuple(_apply_unit(u, by_unit[u.id]) if u.id in by_unit else u for u in case.units)
    projected = replace(case, units=units)
    removers: dict[str, list[str]] = {}
    for item in chosen:
        for key in item.removes:
            removers.setdefault(key, []).append(item.key)
    if not removers:
        return projected
    return _remove_risks(projected, removers, cat)


def _remove_risks(case: CaseInput, removers: dict[str, list[str]], cat: Catalogue) -> CaseInput:
    risks = score(case, cat).high_risks
    decisions = list(case.risk_decisions)
    for risk in risks:
        key = _risk_key(risk)
        if key not in removers or risk.status == STATUS_DISMISSED:
            continue
        same = [
            d
            for d in decisions
            if d.item == risk.item and d.unit == risk.unit and (d.object == risk.object or d.object is None)
        ]
        if risk.origin == ADDED:
            decisions = [d for d in decisions if not (d in same and d.decision == ADDED)]
            continue
        decisions = [d for d in decisions if not (d in same and d.object == risk.object and d.object is not None)]
        reason = "由密改方案措施消除：" + "、".join(removers[key])
        decisions.append(RiskDecision(risk.item, risk.unit, risk.object, DISMISSED, reason=reason))
    return replace(case, risk_decisions=tuple(decisions))


def reaches(result: ScoreResult, target: str) -> bool:
    """Whether a result meets the target: 基本符合 (total ≥ threshold) or 符合 (100), no open high risk."""
    if result.open_high_risks:
        return False
    if target == CONFORM:
        return result.total == HUNDRED
    return result.total >= result.threshold


@dataclass(frozen=True)
class Dependency:
    """What dropping one item's measure from the selection does (the per-item "depends on" toggle).

    The measure is dropped with every item that shares it (``shared_with``): two items of one
    measure are one decision, so both show as needed when the measure is.

    Attributes:
        key: The item.
        needed: Without it the selection no longer reaches the target.
        total: The projected total without it.
        conclusion: The projected conclusion without it.
        reopened: High risks that stay open without it.
    """

    key: str
    needed: bool
    total: Decimal
    conclusion: str
    reopened: tuple[str, ...]

    def reason(self, threshold: Decimal, target: str = BASICALLY_CONFORM) -> str:
        """Why the item is needed (or that it is not), in Chinese."""
        if not self.needed:
            return f"去掉此项仍可达到{target}（总分 {self.total}）"
        parts = []
        goal = HUNDRED if target == CONFORM else threshold
        if self.total < goal:
            parts.append(f"总分降为 {self.total}，低于 {goal.normalize():f}")
        if self.reopened:
            parts.append("高风险 " + "、".join(self.reopened) + " 仍未消除")
        return "去掉此项：" + "；".join(parts)


@dataclass(frozen=True)
class WhatIf:
    """The current case and the case after the selected items, side by side.

    Attributes:
        current: The case's score now.
        projected: The score after the items.
        projected_case: The projected case itself.
        items: Keys of the items applied.
        known_cost: Sum of the known costs (万元), each measure once (:func:`~app.plan.costs.selection_cost`).
        unknown_cost: Keys of the applied measures whose cost is unknown.
        remaining_risks: High risks still open after the items.
        dependencies: Per applied item, what dropping it does (empty unless asked for).
    """

    current: ScoreResult
    projected: ScoreResult
    projected_case: CaseInput
    items: tuple[str, ...]
    known_cost: Decimal
    unknown_cost: tuple[str, ...]
    remaining_risks: tuple[HighRisk, ...]
    dependencies: tuple[Dependency, ...] = ()


def score(case: CaseInput, catalogue: Catalogue | None = None) -> ScoreResult:
    """Score a case for planning: untested items are allowed (counted as the engine does)."""
    cat = catalogue or load_catalogue()
    return score_case(case, cat, partial=bool(find_untested(case, cat)))


def what_if(
    case: CaseInput,
    items: Sequence[PlanItem],
    costs: dict[str, Decimal | None],
    *,
    catalogue: Catalogue | None = None,
    dependencies: bool = False,
    target: str = BASICALLY_CONFORM,
) -> WhatIf:
    """Re-score ``case`` with ``items`` applied.

    Args:
        case: The case.
        items: The items to apply (normally the plan's active items).
        costs: The effective cost of each item (None: unknown), see :func:`app.plan.costs.item_costs`;
            a measure shared by several items is counted once.
        catalogue: Default :func:`~app.mipin.engine.load_catalogue`.
        dependencies: Also compute, per item, what dropping its measure does (the item and every
            item sharing its measure, ``shared_with``).
        target: The conclusion the dependencies refer to.
    """
    cat = catalogue or load_catalogue()
    current = score(case, cat)
    projected_case = project_case(case, items, cat)
    projected = score(projected_case, cat)
    known, unknown = selection_cost(items, costs)
    deps: list[Dependency] = []
    if dependencies:
        base_ok = reaches(projected, target)
        for item in items:
            # Dropping an item drops its measure: the items sharing it are the same measure, and
            # "either suffices" must not make each of them look unneeded.
            rest = [i for i in items if i.measure_key != item.measure_key]
            without = score(project_case(case, rest, cat), cat)
            open_keys = {_risk_key(r) for r in without.open_high_risks} - {
                _risk_key(r) for r in projected.open_high_risks
            }
            deps.append(
                Dependency(
                    key=item.key,
                    needed=base_ok and not reaches(without, target),
                    total=without.total,
                    conclusion=without.conclusion,
                    reopened=tuple(sorted(open_keys)),
                )
            )
    return WhatIf(
        current=current,
        projected=projected,
        projected_case=projected_case,
        items=tuple(i.key for i in items),
        known_cost=known,
        unknown_cost=unknown,
        remaining_risks=tuple(r for r in projected.high_risks if r.status == HIGH),
        dependencies=tuple(deps),
    )

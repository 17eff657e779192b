"""Quantitative scoring of a case (商用密码应用安全性评估量化评估规则, 2023).

Pipeline, rounding half-up at every stage:

1. object scores (4 dp, see :mod:`app.mipin.engine.objectscore`);
2. compensation PB' = MAX(0.5 × MIN(PA₁…PAₙ), PB) between NC-2↔AD-6 and NC-3↔AD-4 (4 dp,
   from uncompensated scores; several sources take the lowest, one source is MAX(0.5 × PA, PB));
3. technical unit = mean of its applicable objects (4 dp); management unit = 1 / 0.5 / 0;
4. layer = Σ w·S / Σ w over applicable units (4 dp), w the unit weight at the case's level;
5. total = 70·Σ_tech W·S/Σ_tech W + 30·Σ_mgmt W·S/Σ_mgmt W over applicable layers (2 dp);
6. high risks and conclusion (:mod:`app.mipin.engine.risk`, :mod:`app.mipin.engine.conclusion`).

Use :func:`score_case`; :func:`find_untested` lists what is still to be tested.
"""

from __future__ import annotations

import operator
from dataclasses import replace
from decimal import Decimal
from typing import cast

from app.core.errors import InputError
from app.mipin.engine.case import (
    CONFORM,
    NONCONFORM,
    NOT_APPLICABLE,
    PARTIAL,
    UNTESTED,
    CaseInput,
    Notice,
    UnitInput,
)
from app.mipin.engine.catalogue import Catalogue, LayerDef, UnitDef, load_catalogue
from app.mipin.engine.conclusion import decide_conclusion
from app.mipin.engine.memo import ScoreMemo
from app.mipin.engine.objectscore import RA_ASSUMED, ObjectScorer
from app.mipin.engine.results import (
    HIGH,
    Counts,
    Explanation,
    GroupScore,
    LayerScore,
    ObjectScore,
    ScoreRange,
    ScoreResult,
    UnitScore,
    UntestedError,
    UntestedItem,
)
from app.mipin.engine.risk import judge_risks
from app.mipin.engine.rounding import ONE, ZERO, equals, plain, q2, q4


def find_untested(case: CaseInput, catalogue: Catalogue | None = None) -> tuple[UntestedItem, ...]:
    """List untested units and objects, in catalogue order.

    Untested are: units of the level's catalogue missing from the case, applicable management
    units without a result, objects without D, and objects with D=√ whose A or K is missing.
    """
    cat = catalogue or load_catalogue()
    index = {u.id: i for i, u in enumerate(case.units)}
    items: list[UntestedItem] = []
    for definition in cat.units_for_level(case.level):
        i = index.get(definition.id)
        if i is None:
            items.append(UntestedItem(definition.id, None, "units"))
            continue
        unit = case.units[i]
        if not unit.applicable:
            continue
        if definition.is_technical:
            for j, obj in enumerate(unit.objects):
                if not obj.tested:
                    items.append(
                        UntestedItem(definition.id, obj.name, f"units[{i}].objects[{j}].{obj.missing_field()}")
                    )
        elif unit.result is None:
            items.append(UntestedItem(definition.id, None, f"units[{i}].result"))
    return tuple(items)


def score_case(
    case: CaseInput, catalogue: Catalogue | None = None, *, partial: bool = False, memo: ScoreMemo | None = None
) -> ScoreResult:
    """Score a validated case.

    Args:
        case: The case from :func:`~app.mipin.engine.caseformat.parse_case`.
        catalogue: Default :func:`~app.mipin.engine.catalogue.load_catalogue`.
        partial: Allow untested units and objects: they count as 0, and ``range`` gives the
            total with them as 0 and as 1.
        memo: Per-unit results of earlier calls, reused for unit inputs that are the same objects
            (see :mod:`app.mipin.engine.memo`); the result is identical with or without it.

    Returns:
        The full result tree, including the explanation trace.

    Raises:
        UntestedError: Something is untested and ``partial`` is False.
        InputError: All layers of the technical or the management group are not applicable
            (the rules do not define a total then).
    """
    cat = catalogue or load_catalogue()
    untested = find_untested(case, cat)
    if untested and not partial:
        raise UntestedError(untested)
    if memo is not None:
        memo.bind(cat, case.level)
    core = _Computation(case, cat, ZERO, explain=True, memo=memo)
    score_range = None
    if partial:
        upper = _Computation(case, cat, ONE, explain=False, memo=memo).total if untested else core.total
        score_range = ScoreRange(min=core.total, max=upper)
    risks, risk_notices = judge_risks(case, cat, memo=memo)
    open_count = sum(1 for r in risks if r.status == HIGH)
    conclusion, reason = decide_conclusion(
        core.total,
        case.threshold,
        open_count,
        untested_range=score_range if untested else None,
        risk_units=_risk_units(core.units, cat, case.level),
    )
    lines = [*core.lines, Explanation("conclusion", "conclusion", f"结论：{conclusion}（{reason}）")]
    return ScoreResult(
        level=case.level,
        threshold=case.threshold,
        total=core.total,
        conclusion=conclusion,
        conclusion_reason=reason,
        groups=core.groups,
        layers=core.layers,
        units=core.units,
        counts=core.counts,
        high_risks=risks,
        warnings=(*case.notices, *core.notices, *risk_notices),
        untested=untested,
        range=score_range,
        explanation=tuple(lines),
        partial=partial,
    )


def _risk_units(units: tuple[UnitScore, ...], cat: Catalogue, level: int) -> tuple[str, ...]:
    """Untested units that could still raise a high risk at ``level`` (their guide item applies)."""
    out = []
    for unit in units:
        item = cat.unit(unit.unit).high_risk
        if not unit.tested and item is not None and item.from_level <= level:
            out.append(unit.unit)
    return tuple(out)


def verdict_for(score: Decimal | None) -> str:
    """Rule 9 for a tested unit: N/A → 不适用, 1 → 符合, 0 → 不符合, anything else → 部分符合."""
    if score is None:
        return NOT_APPLICABLE
    if score == ONE:
        return CONFORM
    if score == ZERO:
        return NONCONFORM
    return PARTIAL


class _Computation:
    """One pass of the numeric pipeline (run twice for a range: untested as 0 and as 1)."""

    def __init__(
        self, case: CaseInput, cat: Catalogue, untested_value: Decimal, *, explain: bool, memo: ScoreMemo | None
    ) -> None:
        self.case = case
        self.memo = memo
        # What a unit's memoised results depend on besides its input, the catalogue and the level.
        self._memo_key = (str(untested_value), explain)
        self.cat = cat
        self.level = case.level
        self.untested_value = untested_value
        self.explain = explain
        self.lines: list[Explanation] = []
        self.notices: list[Notice] = []
        self._management_scores = dict(cat.rules.management_scores)
        case_units = {u.id: u for u in case.units}
        definitions = cat.units_for_level(self.level)
        objects = self._objects(definitions, case_units)
        self.units = tuple(self._unit(d, case_units.get(d.id), objects.get(d.id)) for d in definitions)
        self.layers = tuple(self._layer(layer) for layer in cat.layers)
        self.groups, self.total = self._total()
        counts = {CONFORM: 0, PARTIAL: 0, NONCONFORM: 0, NOT_APPLICABLE: 0, UNTESTED: 0}
        for unit in self.units:
            counts[unit.verdict] += 1
        self.counts = Counts(
            counts[CONFORM], counts[PARTIAL], counts[NONCONFORM], counts[NOT_APPLICABLE], counts[UNTESTED]
        )

    # -- objects and compensation --------------------------------------------------------------

    def _objects(
        self, definitions: tuple[UnitDef, ...], case_units: dict[str, UnitInput]
    ) -> dict[str, list[ObjectScore]]:
        scorer = ObjectScorer(self.cat, self.level)
        out: dict[str, list[ObjectScore]] = {}
        raw: dict[tuple[str, str], Decimal | None] = {}
        position = {u.id: i for i, u in enumerate(self.case.units)}
        for definition in definitions:
            unit = case_units.get(definition.id)
            if unit is None or not definition.is_technical or not unit.objects:
                continue
            uid = definition.id
            cached = self.memo.get("objects", unit, self._memo_key) if self.memo is not None else None
            if cached is None:
                cached = self._unit_objects(scorer, uid, unit)
                if self.memo is not None:
                    self.memo.put("objects", unit, cached, self._memo_key)
            items, unit_raw, assumed = cached
            for j in assumed:
                self.notices.append(Notice(f"units[{position[uid]}].objects[{j}].A", RA_ASSUMED))
            raw.update(unit_raw)
            out[definition.id] = list(items)
        self._compensate(out, raw)
        return out

    def _unit_objects(
        self, scorer: ObjectScorer, uid: str, unit: UnitInput
    ) -> tuple[tuple[ObjectScore, ...], dict[tuple[str, str], Decimal | None], tuple[int, ...]]:
        """One unit's uncompensated object scores, their raw values, and the objects with Ra assumed."""
        scores = []
        raw: dict[tuple[str, str], Decimal | None] = {}
        assumed: list[int] = []
        for j, obj in enumerate(unit.objects):
            if unit.applicable:
                r = scorer.score(uid, obj, self.untested_value)
                if r.ra_assumed:
                    assumed.append(j)
                raw[(uid, obj.name)] = r.raw
                item = ObjectScore(
                    uid, j, obj.name, obj.d, obj.a, obj.k, r.status, r.ra, r.rk, r.raw, r.raw, (), r.formula, None,
                    r.ra_assumed,
                )  # fmt: skip
            else:
                raw[(uid, obj.name)] = None
                formula = f"S({uid}/{obj.name})：所在测评单元不适用"
                item = ObjectScore(
                    uid, j, obj.name, obj.d, obj.a, obj.k, "unit_na", None, None, None, None, (), formula
                )
            scores.append(item)
        return tuple(scores), raw, tuple(assumed)

    def _compensate(self, objects: dict[str, list[ObjectScore]], raw: dict[tuple[str, str], Decimal | None]) -> None:
        # Target object → its distinct source objects, in case order (a dict keeps order and drops repeats).
        sources: dict[tuple[str, str], dict[tuple[str, str], None]] = {}
        for comp in self.case.compensations:
            sources.setdefault((comp.unit, comp.object), {})[(comp.from_unit, comp.from_object)] = None
        if not sources:
            return
        factor = self.cat.rules.compensation_factor
        f = plain(factor)
        for unit_id, scores in objects.items():
            for i, obj in enumerate(scores):
                from_list = sources.get((unit_id, obj.name))
                if not from_list or obj.raw is None:
                    continue
                refs = [src for src in from_list if raw.get(src) is not None]
                values = [v for v in (raw.get(src) for src in refs) if v is not None]
                if not values:  # pragma: no cover - parse_case rejects non-applicable sources
                    continue
                # Several sources (one data flow over several channels, one channel carrying several
                # flows): the lowest source counts (FAQ 30, 就低原则), from uncompensated scores.
                best = max(q4(factor * min(values)), obj.raw)
                terms = ", ".join(f"S({u}/{n})" for u, n in refs)
                shown = ", ".join(str(v) for v in values)
                if len(values) == 1:
                    formula = (
                        f"S'({obj.key}) = max({f} × {terms}, S({obj.key})) = max({f} × {shown}, {obj.raw}) = {best}"
                    )
                else:
                    formula = (
                        f"S'({obj.key}) = max({f} × min({terms}), S({obj.key})) = "
                        f"max({f} × min({shown}), {obj.raw}) = {best}（多个弥补来源按就低原则取最低者）"
                    )
                scores[i] = replace(
                    obj,
                    score=best,
                    compensated_by=tuple(f"{u}/{n}" for u, n in from_list),
                    compensation_formula=formula,
                )

    # -- units, layers, total -----------------------------------------------------------------

    def _unit(self, definition: UnitDef, unit: UnitInput | None, objects: list[ObjectScore] | None) -> UnitScore:
        if self.memo is None or unit is None:
            return self._compute_unit(definition, unit, objects)
        obj_scores = tuple(objects) if objects else ()
        cached = self.memo.get("unit", unit, self._memo_key)
        # The unit score depends on its objects after compensation too: reuse it only for the very
        # same object scores (compensation replaces the ones it changes).
        if cached is not None and len(cached[0]) == len(obj_scores) and all(map(operator.is_, cached[0], obj_scores)):
            self.lines.extend(cached[2])
            return cast(UnitScore, cached[1])
        start = len(self.lines)
        result = self._compute_unit(definition, unit, objects)
        self.memo.put("unit", unit, (obj_scores, result, tuple(self.lines[start:])), self._memo_key)
        return result

    def _compute_unit(
        self, definition: UnitDef, unit: UnitInput | None, objects: list[ObjectScore] | None
    ) -> UnitScore:
        uid = definition.id
        requirement = definition.at_level(self.level)
        assert requirement is not None  # units_for_level() only yields units of the level
        obj_scores = tuple(objects) if objects else ()
        applicable, tested = True, True
        score: Decimal | None = None
        untested_text = f"（未测，按 {plain(self.untested_value)} 计）"
        if unit is None:
            tested, score = False, q4(self.untested_value)
            formula = f"S({uid}) = {score}{untested_text}"
        elif not unit.applicable:
            applicable = False
            formula = f"S({uid})：不适用" + (f"（{unit.na_reason}）" if unit.na_reason else "")
        elif not definition.is_technical:
            if unit.result is None:
                tested, score = False, q4(self.untested_value)
                formula = f"S({uid}) = {score}{untested_text}"
            else:
                score = q4(self._management_scores[unit.result])
                formula = f"S({uid}) = {score}（{unit.result}）"
        else:
            counted = [o.score for o in obj_scores if o.score is not None]
            tested = all(o.status != "untested" for o in obj_scores)
            if not counted:
                applicable = False
                formula = f"S({uid})：不适用（{'所有测评对象均不适用' if obj_scores else '没有测评对象'}）"
            else:
                score = q4(sum(counted, ZERO) / len(counted))
                formula = self._mean_formula(uid, counted, score) if self.explain else ""
        self._lines_for_objects(obj_scores)
        self._line("unit", uid, formula)
        return UnitScore(
            unit=uid,
            layer=definition.layer,
            name_zh=definition.name_zh,
            weight=requirement.weight,
            applicable=applicable,
            tested=tested,
            score=score,
            verdict=verdict_for(score) if tested else UNTESTED,
            result=unit.result if unit is not None else None,
            na_reason=unit.na_reason if unit is not None else None,
            objects=obj_scores,
            formula=formula,
        )

    @staticmethod
    def _mean_formula(uid: str, counted: list[Decimal], score: Decimal) -> str:
        terms = " + ".join(map(str, counted))
        return f"S({uid}) = {f'({terms})' if len(counted) > 1 else terms} / {len(counted)} = {score}"

    def _lines_for_objects(self, scores: tuple[ObjectScore, ...]) -> None:
        if not self.explain:
            return
        for obj in scores:
            self.lines.append(Explanation("object", obj.key, obj.formula))
            if obj.compensation_formula:
                self.lines.append(Explanation("compensation", obj.key, obj.compensation_formula))

    def _line(self, scope: str, key: str, text: str) -> None:
        if self.explain:
            self.lines.append(Explanation(scope, key, text))

    def _layer(self, layer: LayerDef) -> LayerScore:
        code = layer.code
        members = [u for u in self.units if u.layer == code]
        counted = [u for u in members if u.score is not None]
        ids = tuple(u.unit for u in members)
        if not counted:
            formula = f"S({code})：不适用（层面内测评单元均不适用）"
            self._line("layer", code, formula)
            return LayerScore(code, layer.name_zh, layer.group, layer.weight, None, ids, formula)
        num = sum((u.weight * u.score for u in counted if u.score is not None), ZERO)
        den = sum((u.weight for u in counted), ZERO)
        value = q4(num / den)
        formula = ""
        if self.explain:
            terms = " + ".join(f"{plain(u.weight)} × {u.score}" for u in counted)
            weights = " + ".join(plain(u.weight) for u in counted)
            formula = f"S({code}) = ({terms}) / ({weights}) = {value}"
        self._line("layer", code, formula)
        return LayerScore(code, layer.name_zh, layer.group, layer.weight, value, ids, formula)

    def _total(self) -> tuple[tuple[GroupScore, ...], Decimal]:
        parts = []
        for group in self.cat.groups:
            counted = [x for x in self.layers if x.group == group.code and x.score is not None]
            if not counted:
                raise InputError(
                    "units",
                    f"{group.name_zh}部分的所有层面均不适用，量化评估规则未定义此时的总分，需人工判定",
                )
            num = sum((Decimal(x.weight) * x.score for x in counted if x.score is not None), ZERO)
            den = Decimal(sum(x.weight for x in counted))
            parts.append((group, counted, num, den))
        (g1, _, n1, d1), (g2, _, n2, d2) = parts
        p1, p2 = Decimal(g1.points), Decimal(g2.points)
        # One division over exact numerators, so the only rounding is the final 2-dp one.
        total = q2((p1 * n1 * d2 + p2 * n2 * d1) / (d1 * d2))
        groups = []
        for group, counted, num, den in parts:
            value = Decimal(group.points) * num / den
            formula = ""
            if self.explain:
                terms = " + ".join(f"{x.weight} × {x.score}" for x in counted)
                weights = " + ".join(str(x.weight) for x in counted)
                formula = f"{group.name_zh}部分 = {group.points} × ({terms}) / ({weights}) {equals(value)}"
            self._line("group", group.code, formula)
            groups.append(GroupScore(group.code, group.name_zh, group.points, value, formula))
        if self.explain:
            shown = " + ".join(str(q4(g.value)) for g in groups)
            self._line("total", "total", f"S = {shown} = {total}（按未舍入的两部分之和四舍五入保留 2 位小数）")
        return tuple(groups), total

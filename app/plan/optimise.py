"""最省方案: the cheapest set of items that reaches 基本符合 (or 符合), solved exactly.

The model (:mod:`app.plan.optmodel`, its total :mod:`app.plan.lineartotal`) is an integer
program: one binary per item, one per state of every cell, ``total ≥ goal − slack`` as a linear
constraint, and for every high risk "open in the chosen state ≤ number of chosen items that
remove it". It is solved with HiGHS (branch-and-cut MILP, through ``highspy``) to a zero gap.
Each solution is then re-scored with the engine; one that misses the target only by rounding is
cut off (a no-good cut) and the program is solved again. Since every set that really reaches
the target satisfies the relaxed program, the first verified solution is optimal, and it is
reported as *proved optimal* when HiGHS proved every solve optimal.

When the N/A renormalisation can change (an item takes objects out of scope), the program is
solved once per combination of the affected units' applicability, and the cheapest is taken.

Costs are integers in 元 in the objective, each *measure* paid once: items that share a measure
(``shared_with``, a high risk's item on a finding with its own item) have one cost variable
``bought ≥ x_i`` for each of them, as :func:`app.plan.costs.selection_cost` counts it. One extra
unit per item makes the set with fewest items win among equally cheap ones (every chosen item
is then needed). Unknown costs count as 0 (``zero``: the result is a lower bound, and says so)
or as more than all known costs together (``avoid``: as few unknown-cost measures as possible).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.core.errors import InputError
from app.mipin.engine import CaseInput, Catalogue, ScoreResult, load_catalogue
from app.mipin.engine.case import CONFORM
from app.mipin.engine.conclusion import BASICALLY_CONFORM
from app.plan.costs import selection_cost
from app.plan.lineartotal import ROUNDING_SLACK, LinearTotal, linear_total, patterns
from app.plan.model import PlanItem
from app.plan.optmodel import ScoreModel, build_model
from app.plan.projection import TARGETS, Dependency, project_case, reaches, score, what_if

UNKNOWN_ZERO = "zero"
UNKNOWN_AVOID = "avoid"
UNKNOWN_MODES = (UNKNOWN_ZERO, UNKNOWN_AVOID)
MAX_CUTS = 200
TIME_LIMIT = 30.0


@dataclass(frozen=True)
class Optimum:
    """The result of :func:`optimise`.

    Attributes:
        target: 基本符合 or 符合.
        feasible: Some set of items reaches the target.
        chosen: Keys of the chosen items, in plan order.
        cost: Sum of the chosen items' known costs (万元).
        unknown_cost: Chosen measures whose cost is unknown (item keys; a shared measure by its owner's key).
        unknown_mode: How unknown costs were counted (``zero`` or ``avoid``).
        unknown_candidates: All candidate measures whose cost is unknown.
        proved_optimal: HiGHS proved every solve optimal (with unknown costs: optimal for the
            costs as counted).
        solver: Which solver, for the record.
        projected: The engine's score after the chosen items (None when infeasible).
        reasons: Per chosen item, what dropping it would do.
        message: Why the target cannot be reached (infeasible) or remarks.
        solves: MILP solves, including those after a rounding cut.
        seconds: Wall time.
    """

    target: str
    feasible: bool
    chosen: tuple[str, ...]
    cost: Decimal
    unknown_cost: tuple[str, ...]
    unknown_mode: str
    unknown_candidates: tuple[str, ...]
    proved_optimal: bool
    solver: str
    projected: ScoreResult | None
    reasons: tuple[Dependency, ...]
    message: str
    solves: int
    seconds: float


def _highspy() -> Any:
    # Imported lazily (≈0.15 s) and typed loosely: highspy's stubs do not cover its expression API.
    import highspy

    return highspy


def solver_name() -> str:
    """``HiGHS 1.x.y (highspy)``."""
    h = _highspy().Highs()
    return f"HiGHS {h.version()}（highspy，分支定界/割平面 MILP，精确最优）"


def _yuan(value: Decimal) -> int:
    return int(value * 10000)


@dataclass(frozen=True)
class _Objective:
    """The objective in whole 元: each measure's cost once (times a scale), plus a tie-break per item.

    Items that share a measure (``shared_with``) are one measure: it is paid once if any of them
    is chosen. The tie-break (1 per item, 2 for an item standing for another's measure) prefers
    fewer items, then the measure's own item; the scale (more than all tie-breaks together)
    keeps it a pure tie-break.
    """

    measures: tuple[tuple[int, ...], ...]
    costs: tuple[int, ...]

    ties: tuple[int, ...]

    def value(self, chosen: Sequence[int]) -> int:
        picked = set(chosen)
        paid = sum(c for m, c in zip(self.measures, self.costs, strict=True) if picked.intersection(m))
        return paid + sum(self.ties[i] for i in picked)


def _objective(candidates: Sequence[PlanItem], costs: dict[str, Decimal | None], mode: str) -> _Objective:
    members: dict[str, list[int]] = {}
    for n, item in enumerate(candidates):
        members.setdefault(item.measure_key, []).append(n)
    cost: dict[str, Decimal | None] = {
        key: costs[key] if key in costs else costs.get(candidates[index[0]].key) for key, index in members.items()
    }
    big = sum(_yuan(c) for c in cost.values() if c is not None) + 1
    ties = tuple(2 if item.shared_with else 1 for item in candidates)
    scale = sum(ties) + 1
    weights = []
    for c in cost.values():
        base = _yuan(c) if c is not None else (0 if mode == UNKNOWN_ZERO else big)
        weights.append(base * scale)
    return _Objective(tuple(tuple(m) for m in members.values()), tuple(weights), ties)


class _Program:
    """One MILP for one applicability pattern; solved repeatedly with no-good cuts."""

    def __init__(self, model: ScoreModel, linear: LinearTotal, goal: Fraction, objective: _Objective) -> None:
        highspy = _highspy()
        self.h = highspy.Highs()
        h = self.h
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.5)  # objective values are integers: < 1 proves optimality
        h.setOptionValue("time_limit", TIME_LIMIT)
        h.setOptionValue("random_seed", 0)
        self.inf = highspy.kHighsInf
        n = len(model.candidates)
        self.x: list[Any] = [h.addBinary(obj=float(objective.ties[i])) for i in range(n)]
        for members, cost in zip(objective.measures, objective.costs, strict=True):
            if len(members) == 1:
                h.changeColCost(self.x[members[0]].index, float(cost + objective.ties[members[0]]))
                continue
            bought = h.addVariable(lb=0.0, ub=1.0, obj=float(cost))  # ≥ every member: paid once
            for i in members:
                h.addConstr(bought - self.x[i] >= 0)
        self.z: dict[tuple[int, int], Any] = {}
        for c, cell in enumerate(model.cells):
            zs = []
            for s in range(cell.states):
                upper = 0.0 if (c, s) in linear.forbidden else 1.0
                var = h.addVariable(lb=0.0, ub=upper, type=highspy.HighsVarType.kInteger)
                self.z[(c, s)] = var
                zs.append(var)
            h.addConstr(sum(zs) == 1)
            for bit, i in enumerate(cell.items):
                h.addConstr(self.x[i] == sum(zs[s] for s in range(cell.states) if s >> bit & 1))
        # total ≥ goal − slack
        terms = [float(coef) * self.z[key] for key, coef in linear.coefficients.items() if coef]
        rhs = float(goal - ROUNDING_SLACK - linear.constant)
        self.trivially_infeasible = not terms and rhs > 0
        if terms:
            h.addConstr(sum(terms) >= rhs)
        # every risk that would stay open must be removed by a chosen item
        risks: set[str] = set(model.fixed_open_risks)
        for cell in model.cells:
            for keys in cell.open_risks:
                risks |= keys
        self.unremovable: list[str] = []
        for key in sorted(risks):
            removers: list[Any] = [self.x[i] for i in model.removers.get(key, [])]
            if key in model.fixed_open_risks:
                if not removers:
                    self.unremovable.append(key)
                    continue
                h.addConstr(sum(removers) >= 1)
                continue
            open_terms: list[Any] = [
                self.z[(c, s)]
                for c, cell in enumerate(model.cells)
                for s, keys in enumerate(cell.open_risks)
                if key in keys
            ]
            h.addConstr(sum(open_terms) - sum(removers, 0) <= 0)
        self.solves = 0
        self.proved = True

    def solve(self) -> tuple[list[int] | None, bool]:
        """Return (chosen candidate indices or None if infeasible, proved optimal/infeasible)."""
        highspy = _highspy()
        if self.trivially_infeasible or self.unremovable:
            return None, True
        self.h.minimize()
        self.solves += 1
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None, True
        solution = self.h.getSolution().col_value
        if status != highspy.HighsModelStatus.kOptimal:
            self.proved = False
            info = self.h.getInfo()
            if info.primal_solution_status != 2:  # no feasible point found in time
                return None, False
        chosen = [i for i, var in enumerate(self.x) if solution[var.index] > 0.5]
        return chosen, status == highspy.HighsModelStatus.kOptimal

    def cut(self, chosen: list[int]) -> None:
        """Forbid exactly this selection."""
        picked = set(chosen)
        expr = sum((1 - self.x[i]) if i in picked else self.x[i] for i in range(len(self.x)))
        self.h.addConstr(expr >= 1)


def optimise(
    case: CaseInput,
    candidates: Sequence[PlanItem],
    costs: dict[str, Decimal | None],
    *,
    target: str = BASICALLY_CONFORM,
    unknown: str = UNKNOWN_ZERO,
    catalogue: Catalogue | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> Optimum:
    """Find the cheapest subset of ``candidates`` whose projection reaches ``target``.

    Args:
        case: The case.
        candidates: The items to choose from (normally every item whose finding still exists).
        costs: Effective cost per item key (None: unknown).
        target: 基本符合 or 符合.
        unknown: How unknown costs count: ``zero`` or ``avoid``.
        catalogue: Default :func:`~app.mipin.engine.load_catalogue`.
        progress: Called with (percent, text) as the applicability patterns are solved (the
            UI runs this off the GUI thread and shows it).

    Raises:
        InputError: Bad target or mode, or a model too large to solve exactly.
    """
    if target not in TARGETS:
        raise InputError("--target", f"应为 {' 或 '.join(TARGETS)}")
    if unknown not in UNKNOWN_MODES:
        raise InputError("--unknown-cost", f"应为 {' 或 '.join(UNKNOWN_MODES)}")
    started = time.perf_counter()
    cat = catalogue or load_catalogue()
    candidates = list(candidates)
    unknown_keys = selection_cost(candidates, costs)[1]
    model = build_model(case, candidates, cat)
    goal = Fraction(100) if target == CONFORM else Fraction(str(model.current.threshold))
    objective = _objective(candidates, costs, unknown)
    best: tuple[int, list[int], ScoreResult] | None = None
    proved = True
    solves = 0
    report = progress or (lambda _pct, _text: None)
    report(5, "建立整数规划模型…")
    every = patterns(model)
    for number, pattern in enumerate(every, 1):
        report(5 + 85 * (number - 1) // len(every), f"求解第 {number}/{len(every)} 个模型…")
        linear = linear_total(model, pattern, cat)
        if linear is None:
            continue
        program = _Program(model, linear, goal, objective)
        for _ in range(MAX_CUTS):
            chosen, ok = program.solve()
            proved = proved and ok
            if chosen is None:
                break
            projected = score(project_case(case, [candidates[i] for i in chosen], cat), cat)
            if reaches(projected, target):
                value = objective.value(chosen)
                if best is None or value < best[0]:
                    best = (value, chosen, projected)
                break
            program.cut(chosen)
        else:
            proved = False
        solves += program.solves
        proved = proved and program.proved
    report(90, "说明每项所选条目的作用…")
    seconds = time.perf_counter() - started
    if best is None:
        return Optimum(
            target=target,
            feasible=False,
            chosen=(),
            cost=Decimal(0),
            unknown_cost=(),
            unknown_mode=unknown,
            unknown_candidates=unknown_keys,
            proved_optimal=proved,
            solver=solver_name(),
            projected=None,
            reasons=(),
            message=_why_infeasible(case, candidates, target, cat),
            solves=solves,
            seconds=seconds,
        )
    _, chosen, projected = best
    items = [candidates[i] for i in sorted(chosen)]
    analysis = what_if(case, items, costs, catalogue=cat, dependencies=True, target=target)
    remark = ""
    if unknown_keys:
        remark = f"有 {len(unknown_keys)} 项措施费用未知，" + (
            "按 0 计，所得费用为下界" if unknown == UNKNOWN_ZERO else "已尽量少选费用未知的条目"
        )
    return Optimum(
        target=target,
        feasible=True,
        chosen=tuple(i.key for i in items),
        cost=analysis.known_cost,
        unknown_cost=analysis.unknown_cost,
        unknown_mode=unknown,
        unknown_candidates=unknown_keys,
        proved_optimal=proved,
        solver=solver_name(),
        projected=projected,
        reasons=analysis.dependencies,
        message=remark,
        solves=solves,
        seconds=time.perf_counter() - started,
    )


def _why_infeasible(case: CaseInput, candidates: Sequence[PlanItem], target: str, cat: Catalogue) -> str:
    every = score(project_case(case, candidates, cat), cat)
    parts = []
    goal = Decimal(100) if target == CONFORM else every.threshold
    if every.total < goal:
        parts.append(f"全部条目实施后总分为 {every.total}，仍低于 {goal.normalize():f}")
    if every.open_high_risks:
        keys = "、".join(f"{r.item} {r.unit}" + (f"/{r.object}" if r.object else "") for r in every.open_high_risks)
        parts.append(f"高风险 {keys} 没有条目能消除")
    if not parts:  # pragma: no cover - the relaxation contains every feasible set
        parts.append("求解器未找到可行组合")
    return f"无法达到{target}：" + "；".join(parts)

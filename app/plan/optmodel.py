"""The exact score model behind 最省方案, built by probing the engine.

The total is linear in the scores of the units, and a unit's score is linear in its objects'
scores while the set of applicable objects, units and layers stays the same. What an item does
to an object (its score after Ra/Rk and compensation, its high risks) is not modelled by hand:
the engine computes it. Items are grouped into **cells** whose effects are independent of each
other:

* an *object cell* holds the items of one test object together with the objects linked to it by
  compensation (the compensated score depends on both);
* a *unit cell* holds every item of one or more whole units (chosen when a unit is small, and
  always when an item can take objects out of scope, which changes the N/A renormalisation):
  its values are the units' exact, rounded scores, or "not applicable";
* a management unit with items is a unit cell of its own.

Every cell has one binary variable per subset of its items (its *state*). Because cells are
independent, one engine run scores state ``r`` of every cell at once, so a model costs as many
engine runs as its largest cell has states. A state's values are exact; the only approximation
is that object-cell units and the layers are not rounded to 4 decimals in the linear total
(:mod:`app.plan.lineartotal`), which :data:`app.plan.lineartotal.ROUNDING_SLACK` bounds: the
solver works with ``total ≥ goal − slack`` and every candidate is verified with the engine (see
:mod:`app.plan.optimise`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from app.core.errors import InputError
from app.mipin.engine import CaseInput, Catalogue, ScoreResult
from app.plan.model import PlanItem
from app.plan.projection import project_case, score

UNIT_CELL_ITEMS = 4
"""Units whose items number at most this are modelled as unit cells (exact unit rounding)."""

MAX_CELL_ITEMS = 12
"""A cell with more items than this (2^12 states) is refused."""

ObjKey = tuple[str, str]
Node = tuple[str, ...]


@dataclass
class Cell:
    """A group of items whose effect on the score and the risks is independent of other cells.

    Attributes:
        items: Indices into the candidate list.
        objects: The (unit, object) pairs whose scores the cell determines (object cells).
        units: The units whose scores the cell determines (unit cells).
        object_values: Per state, per object, its score (None: excluded).
        unit_values: Per state, per unit, its score (None: not applicable).
        open_risks: Per state, the keys of the open high risks located in the cell.
    """

    items: list[int]
    objects: list[ObjKey] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    object_values: list[dict[ObjKey, Fraction | None]] = field(default_factory=list)
    unit_values: list[dict[str, Fraction | None]] = field(default_factory=list)
    open_risks: list[frozenset[str]] = field(default_factory=list)

    @property
    def is_unit_cell(self) -> bool:
        """Whether the cell determines whole units."""
        return bool(self.units)

    @property
    def states(self) -> int:
        """Number of states (subsets of its items)."""
        return 1 << len(self.items)

    def chosen(self, state: int) -> list[int]:
        """The candidate indices selected in ``state``."""
        return [i for bit, i in enumerate(self.items) if state >> bit & 1]


@dataclass
class ScoreModel:
    """Everything the solver needs.

    Attributes:
        candidates: The items the optimiser may choose from.
        current: The current score.
        cells: The cells.
        fixed_unit_scores: Units without items: their current score (None: not applicable).
        object_units: Units modelled through object cells: their applicable objects' keys.
        fixed_object_scores: Objects of object-cell units outside every cell: their score.
        fixed_open_risks: Open risks located outside every cell (only ``removes`` helps).
        removers: Per risk key, the candidate indices whose ``removes`` name it.
        variable_units: Units that are applicable in some states of their cell and not in others.
    """

    candidates: Sequence[PlanItem]
    current: ScoreResult
    cells: list[Cell]
    fixed_unit_scores: dict[str, Fraction | None]
    object_units: dict[str, list[ObjKey]]
    fixed_object_scores: dict[ObjKey, Fraction]
    fixed_open_risks: frozenset[str]
    removers: dict[str, list[int]]
    variable_units: list[str]


def _risk_key(item: str, unit: str, obj: str | None) -> str:
    return f"{item}:{unit}" + (f"/{obj}" if obj else "")


def _frac(value: object) -> Fraction | None:
    return None if value is None else Fraction(str(value))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Node, b: Node) -> None:
        self.parent[self.find(a)] = self.find(b)


def _item_nodes(candidates: Sequence[PlanItem], technical: set[str]) -> dict[int, Node]:
    """Which object (or management unit) each item acts on; items without a target only remove risks."""
    item_node: dict[int, Node] = {}
    for n, item in enumerate(candidates):
        if item.unit in technical and item.object is not None and item.target_d is not None:
            item_node[n] = ("o", item.unit, item.object)
        elif item.unit not in technical and item.target_result is not None:
            item_node[n] = ("u", item.unit)
    return item_node


def _unit_cell_units(
    case: CaseInput, candidates: Sequence[PlanItem], item_node: dict[int, Node], technical: set[str]
) -> tuple[set[str], dict[str, set[str]]]:
    """The units modelled whole, and the units each unit's compensation links it to.

    Unit cells: small units, units with exclusions, and every unit compensation links them to (a
    unit without items of its own still changes when the object compensating it does).
    """
    units_of_items: dict[str, list[int]] = {}
    for n in item_node:
        units_of_items.setdefault(candidates[n].unit, []).append(n)
    exclusion_units = {
        candidates[n].unit
        for n, node in item_node.items()
        if node[0] == "o" and candidates[n].target_d == "/" and candidates[n].target_a == "/"
    }
    units = {u for u, items in units_of_items.items() if u in exclusion_units or len(items) <= UNIT_CELL_ITEMS}
    units |= {u for u in units_of_items if u not in technical}
    comp_units: dict[str, set[str]] = {}
    for comp in case.compensations:
        comp_units.setdefault(comp.unit, set()).add(comp.from_unit)
        comp_units.setdefault(comp.from_unit, set()).add(comp.unit)
    pending = list(units)
    while pending:  # a unit cell must contain every unit its objects' compensation reaches
        for v in comp_units.get(pending.pop(), ()):
            if v not in units:
                units.add(v)
                pending.append(v)
    return units, comp_units


def _cells(
    candidates: Sequence[PlanItem], item_node: dict[int, Node], uf: _UnionFind, catalogue: Catalogue
) -> list[Cell]:
    """Group the items by the connected objects/units they act on (one cell per group)."""
    groups: dict[Node, list[int]] = {}
    for n, node in item_node.items():
        groups.setdefault(uf.find(node), []).append(n)
    cells: list[Cell] = []
    for root, items in groups.items():
        if len(items) > MAX_CELL_ITEMS:
            where = candidates[items[0]].unit
            raise InputError("items", f"{where} 相关的条目有 {len(items)} 项，超过最省方案单组上限 {MAX_CELL_ITEMS} 项")
        cell = Cell(items=items)
        members = [k for k, r in ((k, uf.find(k)) for k in list(uf.parent)) if r == root]
        if any(k[0] == "u" for k in members):
            cell.units = sorted({k[1] for k in members if k[0] == "u"}, key=catalogue.unit_order)
        else:
            cell.objects = [(k[1], k[2]) for k in members if k[0] == "o"]
        cells.append(cell)
    return cells


def _fixed_parts(
    current: ScoreResult, cells: list[Cell]
) -> tuple[dict[str, Fraction | None], dict[str, list[ObjKey]], dict[ObjKey, Fraction]]:
    """What no item changes: whole units' scores, and per partly modelled unit its objects' scores."""
    in_cells_units = {u for c in cells for u in c.units}
    in_cells_objects = {o for c in cells for o in c.objects}
    fixed_units: dict[str, Fraction | None] = {}
    object_units: dict[str, list[ObjKey]] = {}
    fixed_objects: dict[ObjKey, Fraction] = {}
    for unit_score in current.units:
        uid = unit_score.unit
        if uid in in_cells_units:
            continue
        if not any(o[0] == uid for o in in_cells_objects):
            fixed_units[uid] = _frac(unit_score.score) if unit_score.applicable else None
            continue
        keys = []
        for obj in unit_score.objects:
            key = (uid, obj.name)
            if key in in_cells_objects:
                keys.append(key)
            elif obj.score is not None:
                keys.append(key)
                fixed_objects[key] = Fraction(str(obj.score))
        object_units[uid] = keys
    return fixed_units, object_units, fixed_objects


def build_model(case: CaseInput, candidates: Sequence[PlanItem], catalogue: Catalogue) -> ScoreModel:
    """Probe the engine and build the cells of ``candidates`` on ``case``.

    Raises:
        InputError: A cell has too many items, or too many units may become not applicable.
    """
    current = score(case, catalogue)
    technical = {u.id for u in catalogue.units if u.is_technical}
    uf = _UnionFind()
    for comp in case.compensations:
        uf.union(("o", comp.unit, comp.object), ("o", comp.from_unit, comp.from_object))
    item_node = _item_nodes(candidates, technical)
    unit_cell_units, comp_units = _unit_cell_units(case, candidates, item_node, technical)
    for u in unit_cell_units:
        for v in comp_units.get(u, ()):
            if v in unit_cell_units:
                uf.union(("u", u), ("u", v))
    for n, node in item_node.items():
        unit = candidates[n].unit
        if unit in unit_cell_units:
            uf.union(node, ("u", unit))
            item_node[n] = ("u", unit)
    cells = _cells(candidates, item_node, uf, catalogue)
    _probe(case, candidates, cells, catalogue)
    fixed_units, object_units, fixed_objects = _fixed_parts(current, cells)
    located = {o for c in cells for o in c.objects}
    cell_units = {u for c in cells for u in c.units}
    fixed_risks = frozenset(
        _risk_key(r.item, r.unit, r.object)
        for r in current.open_high_risks
        if r.unit not in cell_units and (r.unit, r.object) not in located
    )
    removers: dict[str, list[int]] = {}
    for n, item in enumerate(candidates):
        for risk in item.removes:
            removers.setdefault(risk, []).append(n)
    variable = [u for c in cells for u in c.units if len({v[u] is None for v in c.unit_values}) > 1]
    if len(variable) > 8:
        raise InputError("items", f"有 {len(variable)} 个测评单元可能因条目变为不适用，超过最省方案的处理上限")
    return ScoreModel(
        candidates=candidates,
        current=current,
        cells=cells,
        fixed_unit_scores=fixed_units,
        object_units=object_units,
        fixed_object_scores=fixed_objects,
        fixed_open_risks=fixed_risks,
        removers=removers,
        variable_units=variable,
    )


def _probe(case: CaseInput, candidates: Sequence[PlanItem], cells: list[Cell], catalogue: Catalogue) -> None:
    """Score state r of every cell in one engine run, for r = 0 … max states − 1."""
    rounds = max((c.states for c in cells), default=0)
    stripped = [replace(item, removes=()) for item in candidates]
    for state in range(rounds):
        chosen = [stripped[i] for c in cells if state < c.states for i in c.chosen(state)]
        result = score(project_case(case, chosen, catalogue), catalogue)
        open_keys = [(r.unit, r.object, _risk_key(r.item, r.unit, r.object)) for r in result.open_high_risks]
        for cell in cells:
            if state >= cell.states:
                continue
            if cell.is_unit_cell:
                members = set(cell.units)
                cell.unit_values.append(
                    {u: _frac(result.unit(u).score) if result.unit(u).applicable else None for u in cell.units}
                )
                cell.open_risks.append(frozenset(k for u, _, k in open_keys if u in members))
            else:
                values: dict[ObjKey, Fraction | None] = {}
                for uid, name in cell.objects:
                    match = [o for o in result.unit(uid).objects if o.name == name]
                    values[(uid, name)] = _frac(match[0].score) if match else None
                cell.object_values.append(values)
                located = set(cell.objects)
                cell.open_risks.append(frozenset(k for u, o, k in open_keys if (u, o) in located))

"""The total of a :class:`~app.plan.optmodel.ScoreModel` as a linear function of its cell states.

Whether a unit is applicable changes the N/A renormalisation, so the total is linear only for a
fixed *applicability pattern* of the units that items may make not applicable (:func:`patterns`).
For each pattern, :func:`linear_total` gives the exact coefficient of every cell state and the
states that contradict the pattern. Units of object cells and the layers are not rounded here;
:data:`ROUNDING_SLACK` bounds the difference from the engine's total.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from app.core.errors import InputError
from app.mipin.engine import Catalogue
from app.plan.optmodel import Cell, ObjKey, ScoreModel

ROUNDING_SLACK = Fraction(2, 100)
"""Upper bound of |exact total − linear total| (units and layers unrounded: ≤ 100 × 1e-4, the
total's own 2-dp rounding 0.005), with margin."""

MAX_PATTERNS = 256
"""At most this many combinations of units that may become not applicable."""


def patterns(model: ScoreModel) -> list[dict[str, bool]]:
    """Every combination of applicability of the variable units (one dict per combination)."""
    flags = product((True, False), repeat=len(model.variable_units))
    out = [dict(zip(model.variable_units, f, strict=True)) for f in flags]
    if len(out) > MAX_PATTERNS:  # pragma: no cover - build_model caps the variable units at 8
        raise InputError("items", "可能变为不适用的测评单元组合过多")
    return out


@dataclass
class LinearTotal:
    """The total as ``constant + Σ coefficient × z(cell, state)`` for one applicability pattern."""

    constant: Fraction
    coefficients: dict[tuple[int, int], Fraction]
    forbidden: set[tuple[int, int]]


def _applicability(model: ScoreModel, pattern: dict[str, bool]) -> tuple[dict[str, bool], set[tuple[int, int]]]:
    """Which units are applicable under ``pattern``, and the cell states that contradict it."""
    forbidden: set[tuple[int, int]] = set()
    applicable: dict[str, bool] = {uid: value is not None for uid, value in model.fixed_unit_scores.items()}
    for uid, keys in model.object_units.items():
        applicable[uid] = bool(keys)
    for c_index, cell in enumerate(model.cells):
        for uid in cell.units:
            if uid not in pattern:
                applicable[uid] = cell.unit_values[0][uid] is not None
                continue
            applicable[uid] = pattern[uid]
            for s, values in enumerate(cell.unit_values):
                if (values[uid] is not None) != pattern[uid]:
                    forbidden.add((c_index, s))
    return applicable, forbidden


def _unit_factors(applicable: dict[str, bool], catalogue: Catalogue, level: int) -> dict[str, Fraction] | None:
    """Each applicable unit's factor in the total (unit weight in its layer, layer weight in its group).

    None when a whole group has no applicable layer (the pattern cannot be scored).
    """
    layer_weight: dict[str, Fraction] = {}
    for uid, is_app in applicable.items():
        if is_app:
            layer = catalogue.unit(uid).layer
            layer_weight[layer] = layer_weight.get(layer, Fraction(0)) + Fraction(str(catalogue.weight(uid, level)))
    unit_factor: dict[str, Fraction] = {}
    for group in catalogue.groups:
        layers = [code for code in group.layers if code in layer_weight]
        if not layers:
            return None
        den = sum(Fraction(catalogue.layer(code).weight) for code in layers)
        for code in layers:
            lf = Fraction(group.points) * Fraction(catalogue.layer(code).weight) / den / layer_weight[code]
            for uid, is_app in applicable.items():
                if is_app and catalogue.unit(uid).layer == code:
                    unit_factor[uid] = lf * Fraction(str(catalogue.weight(uid, level)))
    return unit_factor


def _cell_coefficient(
    cell: Cell, state: int, unit_factor: dict[str, Fraction], object_factor: dict[ObjKey, Fraction]
) -> Fraction:
    """What state ``state`` of ``cell`` adds to the total."""
    coef = Fraction(0)
    if cell.is_unit_cell:
        for uid in cell.units:
            value = cell.unit_values[state][uid]
            if value is not None and uid in unit_factor:
                coef += unit_factor[uid] * value
        return coef
    for key in cell.objects:
        value = cell.object_values[state][key]
        if value is not None and key in object_factor:
            coef += object_factor[key] * value
    return coef


def linear_total(model: ScoreModel, pattern: dict[str, bool], catalogue: Catalogue) -> LinearTotal | None:
    """The exact linear total under ``pattern`` (None when a whole group would be not applicable)."""
    applicable, forbidden = _applicability(model, pattern)
    unit_factor = _unit_factors(applicable, catalogue, model.current.level)
    if unit_factor is None:
        return None
    constant = Fraction(0)
    for uid, value in model.fixed_unit_scores.items():
        if value is not None:
            constant += unit_factor[uid] * value
    object_factor: dict[ObjKey, Fraction] = {}
    for uid, keys in model.object_units.items():
        for key in keys:
            object_factor[key] = unit_factor[uid] / len(keys)
            if key in model.fixed_object_scores:
                constant += object_factor[key] * model.fixed_object_scores[key]
    coefficients = {
        (c_index, s): _cell_coefficient(cell, s, unit_factor, object_factor)
        for c_index, cell in enumerate(model.cells)
        for s in range(cell.states)
    }
    return LinearTotal(constant, coefficients, forbidden)

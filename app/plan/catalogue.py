"""The plan's domain data: measures, standards, product types, key types, review checks.

Typical remediations and certified product types per unit come from the 密评 catalogue
(``resources/catalogue/units.json``); what a plan needs beyond that is in ``resources/plan/``:
``measures.json`` (standards, target algorithms and protocols, subsystem per unit; measure
templates; product types with their standards), ``key_types.json`` (key types and their
lifecycle defaults) and ``review_checks.json`` (the 方案评估 checklist).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.core.paths import resource_path


@dataclass(frozen=True)
class UnitMeasure:
    """Plan data of one unit.

    Attributes:
        unit: Unit id.
        standards: Standards a measure for the unit follows.
        algorithms: The target algorithms (canonical names) where a measure replaces them.
        protocols: The target protocols where a measure replaces them.
        subsystem: The subsystem the measure belongs to.
        area: For management units, the 安全管理方案 area (制度/人员/实施/应急).
    """

    unit: str
    standards: tuple[str, ...]
    algorithms: tuple[str, ...]
    protocols: tuple[str, ...]
    subsystem: str
    area: str


@dataclass(frozen=True)
class ProductType:
    """A certified product type with its standards and algorithms."""

    name: str
    standards: tuple[str, ...]
    algorithms: tuple[str, ...]


@dataclass(frozen=True)
class KeyType:
    """A key type of the lifecycle table, the units and algorithms that bring it in, its defaults."""

    id: str
    name: str
    units: tuple[str, ...]
    algorithms: tuple[str, ...]
    stages: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReviewCheck:
    """One check of the 方案评估 checklist."""

    id: str
    grade: str
    title: str
    detail: str


@dataclass(frozen=True)
class PlanCatalogue:
    """Everything in ``resources/plan/``, indexed."""

    units: dict[str, UnitMeasure]
    product_types: tuple[ProductType, ...]
    dak_measures: dict[str, str]
    risk_measures: dict[str, str]
    module_level_required: dict[int, int]
    stages: tuple[str, ...]
    key_types: tuple[KeyType, ...]
    checks: tuple[ReviewCheck, ...]

    def unit(self, unit_id: str) -> UnitMeasure:
        """The plan data of ``unit_id`` (empty defaults for an unknown unit)."""
        return self.units.get(unit_id) or UnitMeasure(unit_id, (), (), (), "", "")

    def product_type(self, name: str) -> ProductType | None:
        """The product type called ``name``, or None."""
        for product in self.product_types:
            if product.name == name:
                return product
        return None

    def check(self, check_id: str) -> ReviewCheck:
        """The review check ``check_id`` (KeyError if unknown)."""
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)


def _read(name: str) -> Any:
    return json.loads(resource_path("plan", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_plan_catalogue() -> PlanCatalogue:
    """Load and index the plan data (cached)."""
    measures = _read("measures.json")
    keys = _read("key_types.json")
    checks = _read("review_checks.json")
    units = {
        uid: UnitMeasure(
            unit=uid,
            standards=tuple(raw.get("standards", ())),
            algorithms=tuple(raw.get("algorithms", ())),
            protocols=tuple(raw.get("protocols", ())),
            subsystem=raw.get("subsystem", ""),
            area=raw.get("area", ""),
        )
        for uid, raw in measures["units"].items()
    }
    products = tuple(
        ProductType(p["name"], tuple(p.get("standards", ())), tuple(p.get("algorithms", ())))
        for p in measures["product_types"]
    )
    key_types = tuple(
        KeyType(
            id=k["id"],
            name=k["name"],
            units=tuple(k["units"]),
            algorithms=tuple(k.get("algorithms", ())),
            stages=tuple((s, k["stages"].get(s, "")) for s in keys["stages"]),
        )
        for k in keys["key_types"]
    )
    return PlanCatalogue(
        units=units,
        product_types=products,
        dak_measures=dict(measures["dak_measures"]),
        risk_measures=dict(measures["risk_measures"]),
        module_level_required={int(k): int(v) for k, v in measures["module_level_required"].items()},
        stages=tuple(keys["stages"]),
        key_types=key_types,
        checks=tuple(ReviewCheck(c["id"], c["grade"], c["title"], c["detail"]) for c in checks["checks"]),
    )

"""The 密评 indicator catalogue: units, layers, weights, high-risk items, algorithms, protocols.

All domain facts are data in ``resources/catalogue/`` (derived from the project's research
notes, see each file's ``source``); this module only gives them types and indexes.

Typical use::

    cat = load_catalogue()                      # cached; cheap to call repeatedly
    for unit in cat.units_for_level(3):         # the 41 level-3 units, in catalogue order
        print(unit.id, unit.name_zh, cat.weight(unit.id, 3))
    cat.algorithm("rsa1024").strength_bits      # 80; unknown names raise InputError
    cat.high_risk_item("8.2").mitigable         # True

Unit ids (``PE-1`` … ``ER-3``) are project-local, not official.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.errors import InputError
from app.core.paths import resource_path
from app.mipin.engine.algorithms import AlgorithmDef, NameTable, ProtocolDef, RaBand
from app.mipin.engine.definitions import (
    LEVEL_NAMES,
    LEVELS,
    MANAGEMENT,
    TECHNICAL,
    GroupDef,
    HighRiskItem,
    KeyHazard,
    LayerDef,
    LevelRequirement,
    RkRule,
    Rules,
    UnitDef,
)

__all__ = [
    "LEVELS",
    "LEVEL_NAMES",
    "MANAGEMENT",
    "TECHNICAL",
    "Catalogue",
    "GroupDef",
    "HighRiskItem",
    "KeyHazard",
    "LayerDef",
    "LevelRequirement",
    "RkRule",
    "Rules",
    "UnitDef",
    "load_catalogue",
]


class Catalogue:
    """The indexed, immutable indicator catalogue. Build it with :func:`load_catalogue`.

    Attributes:
        units: All 41 units in catalogue order.
        layers: The eight layers in order PE, NC, DC, AD, MS, PM, BO, ER.
        groups: The technical and management groups.
        high_risk_items: Items 5.1 … 10.2 in numeric order.
        algorithms: The algorithm table (iterate, or look up with :meth:`algorithm`).
        protocols: The protocol table.
        key_hazards: Appendix A key-management hazards.
        ra_bands: The Ra table, strongest band first.
        rules: Other scoring constants (threshold, compensation pairs, Rk table).
    """

    def __init__(
        self,
        *,
        units: tuple[UnitDef, ...],
        layers: tuple[LayerDef, ...],
        groups: tuple[GroupDef, ...],
        high_risk_items: tuple[HighRiskItem, ...],
        algorithms: tuple[AlgorithmDef, ...],
        protocols: tuple[ProtocolDef, ...],
        key_hazards: tuple[KeyHazard, ...],
        ra_bands: tuple[RaBand, ...],
        rules: Rules,
    ) -> None:
        self.units = units
        self.layers = layers
        self.groups = groups
        self.high_risk_items = tuple(sorted(high_risk_items, key=lambda h: h.sort_key))
        self.algorithms = NameTable(algorithms, "algorithm")
        self.protocols = NameTable(protocols, "protocol")
        self.key_hazards = key_hazards
        self.ra_bands = tuple(sorted(ra_bands, key=lambda b: -b.min_bits))
        self.rules = rules
        self._units = {u.id: u for u in units}
        self._layers = {layer.code: layer for layer in layers}
        self._groups = {g.code: g for g in groups}
        self._items = {h.item: h for h in self.high_risk_items}
        self._hazards = {h.id: h for h in key_hazards}
        self._unit_order = {u.id: i for i, u in enumerate(units)}
        # Precomputed because scoring asks for them once per case; cheap and immutable.
        self._by_level = {lv: tuple(u for u in units if u.at_level(lv) is not None) for lv in LEVELS}
        self._check()

    def _check(self) -> None:
        for unit in self.units:
            if unit.layer not in self._layers or self._layers[unit.layer].group != unit.group:
                raise ValueError(f"unit {unit.id}: bad layer {unit.layer}")
            if unit.high_risk is not None and self._items.get(unit.high_risk.item) != unit.high_risk:
                raise ValueError(f"unit {unit.id}: high-risk item differs from high_risk.json")
        for item in self.high_risk_items:
            if item.unit is not None and (item.unit not in self._units or self._units[item.unit].high_risk != item):
                raise ValueError(f"high-risk item {item.item}: unit {item.unit} does not refer back")
        for group in self.groups:
            if any(self._layers[c].group != group.code for c in group.layers):
                raise ValueError(f"group {group.code}: layer of another group")
        rules = self.rules
        if any(band.ra not in rules.ra_allowed for band in self.ra_bands):
            raise ValueError("rules.json: an Ra band value is not an allowed ra")
        for lv in LEVELS:
            allowed = rules.allowed_rk(lv)
            if rules.rk_default not in allowed or any(r.rk not in allowed for r in rules.rk_rules if r.level == lv):
                raise ValueError(f"rules.json: Rk of level {lv} not in rk.allowed")

    # -- units and layers -------------------------------------------------------------------

    def find_unit(self, unit_id: str) -> UnitDef | None:
        """Return the unit with this id (exact, upper-case), or None."""
        return self._units.get(unit_id)

    def unit(self, unit_id: str) -> UnitDef:
        """Return the unit with this id.

        Raises:
            KeyError: No such unit.
        """
        return self._units[unit_id]

    def unit_order(self, unit_id: str) -> int:
        """Return the unit's position in catalogue order (for sorting)."""
        return self._unit_order[unit_id]

    def units_for_level(self, level: int) -> tuple[UnitDef, ...]:
        """Return the units of a level's catalogue (41 at level 3), in catalogue order."""
        return self._by_level[level]

    def weight(self, unit_id: str, level: int) -> Decimal | None:
        """Return the unit weight w at ``level``, or None if the unit is not part of that level."""
        req = self._units[unit_id].at_level(level)
        return None if req is None else req.weight

    def layer(self, code: str) -> LayerDef:
        """Return the layer with this code (``PE`` … ``ER``)."""
        return self._layers[code]

    def group(self, code: str) -> GroupDef:
        """Return the ``technical`` or ``management`` group."""
        return self._groups[code]

    # -- high risk ----------------------------------------------------------------------------

    def find_high_risk_item(self, item: str) -> HighRiskItem | None:
        """Return the high-risk item ``"5.1"`` … ``"10.2"``, or None."""
        return self._items.get(item)

    def high_risk_item(self, item: str) -> HighRiskItem:
        """Return the high-risk item ``"5.1"`` … ``"10.2"``.

        Raises:
            KeyError: No such item.
        """
        return self._items[item]

    def key_hazard(self, hazard_id: str) -> KeyHazard | None:
        """Return the Appendix A hazard with this id (e.g. ``"A.3.1"``), or None."""
        return self._hazards.get(hazard_id)

    # -- algorithms and protocols -------------------------------------------------------------

    def algorithm(self, name: str, field: str = "algorithm") -> AlgorithmDef:
        """Look up an algorithm by any accepted spelling.

        Raises:
            InputError: The name is unknown (``field`` names the offending input).
        """
        found = self.algorithms.find(name)
        if found is None:
            raise InputError(field, f"未知的密码算法 “{name}”")
        return found

    def protocol(self, name: str, field: str = "protocol") -> ProtocolDef:
        """Look up a protocol by any accepted spelling.

        Raises:
            InputError: The name is unknown.
        """
        found = self.protocols.find(name)
        if found is None:
            raise InputError(field, f"未知的密码协议 “{name}”")
        return found

    @classmethod
    def from_directory(cls, folder: Path) -> Catalogue:
        """Read the catalogue JSON files from ``folder`` (uncached; see :func:`load_catalogue`)."""
        return _read(folder)


def _load_json(path: Path) -> Any:
    # Decimal keeps weights such as 0.7 exact; every later computation relies on that.
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _item(raw: dict[str, Any]) -> HighRiskItem:
    return HighRiskItem(
        item=raw["item"],
        title=raw["title"],
        unit=raw.get("unit"),
        trigger=raw["trigger"],
        from_level=int(raw["from_level"]),
        mitigable=bool(raw["mitigable"]),
        conditions=tuple(raw["conditions"]),
        mitigations=tuple(raw["mitigations"]),
        source=raw["source"],
        engine_rule=raw.get("engine_rule", ""),
        note=raw.get("note", ""),
    )


def _read_layers(folder: Path) -> tuple[tuple[LayerDef, ...], tuple[GroupDef, ...]]:
    doc = _load_json(folder / "layers.json")
    layers = tuple(
        LayerDef(code=x["code"], name_zh=x["name_zh"], name_en=x["name_en"], group=x["group"], weight=int(x["weight"]))
        for x in doc["layers"]
    )
    groups = tuple(
        GroupDef(
            code=g["code"],
            name_zh=g["name_zh"],
            name_en=g["name_en"],
            points=int(g["points"]),
            layers=tuple(g["layers"]),
        )
        for g in doc["groups"]
    )
    return layers, groups


def _level_requirement(raw: dict[str, Any] | None) -> LevelRequirement | None:
    if raw is None:
        return None
    return LevelRequirement(requirement=raw["requirement"], weight=_dec(raw["weight"]), note=raw.get("note", ""))


def _unit(raw: dict[str, Any], group_of: dict[str, str], by_item: dict[str, HighRiskItem]) -> UnitDef:
    hr = raw.get("high_risk")
    return UnitDef(
        id=raw["id"],
        layer=raw["layer"],
        group=group_of[raw["layer"]],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        gbt39786_clause=raw["gbt39786_clause"],
        gbt43206_clause=raw["gbt43206_clause"],
        levels=tuple(_level_requirement(raw["levels"][str(lv)]) for lv in LEVELS),
        test_object_types=tuple(raw["test_object_types"]),
        test_procedure=tuple(raw["test_procedure"]),
        high_risk=None if hr is None else by_item[hr["item"]],
        typical_remediations=tuple(raw["typical_remediations"]),
        certified_product_types=tuple(raw["certified_product_types"]),
        confidence=tuple(sorted(raw.get("confidence", {}).items())),
    )


def _read_algorithms(folder: Path) -> tuple[tuple[AlgorithmDef, ...], tuple[RaBand, ...]]:
    doc = _load_json(folder / "algorithms.json")
    algorithms = tuple(
        AlgorithmDef(
            name=a["name"],
            aliases=tuple(a["aliases"]),
            kind=a["kind"],
            approved=bool(a["approved"]),
            strength_bits=int(a["strength_bits"]),
            high_risk_item=a.get("high_risk_item"),
            note=a.get("note", ""),
        )
        for a in doc["algorithms"]
    )
    bands = tuple(RaBand(min_bits=int(b["min_bits"]), ra=_dec(b["ra"])) for b in doc["ra_bands"])
    return algorithms, bands


def _read_protocols(folder: Path) -> tuple[ProtocolDef, ...]:
    return tuple(
        ProtocolDef(
            name=p["name"],
            aliases=tuple(p["aliases"]),
            kind=p["kind"],
            national_standard=bool(p["national_standard"]),
            high_risk_item=p.get("high_risk_item"),
            note=p.get("note", ""),
        )
        for p in _load_json(folder / "protocols.json")["protocols"]
    )


def _read_rules(folder: Path) -> Rules:
    doc = _load_json(folder / "rules.json")
    pairs = {(a, b) for a, b in doc["compensation"]["pairs"]}
    return Rules(
        default_threshold=_dec(doc["default_threshold"]),
        compensation_factor=_dec(doc["compensation"]["factor"]),
        compensation_pairs=frozenset(pairs | {(b, a) for a, b in pairs}),
        rk_rules=tuple(
            RkRule(level=int(r["level"]), module_level=int(r["module_level"]), rk=_dec(r["rk"]))
            for r in doc["rk"]["rules"]
        ),
        rk_default=_dec(doc["rk"]["default"]),
        management_scores=tuple((k, _dec(v)) for k, v in doc["management_scores"].items()),
        ra_allowed=tuple(_dec(v) for v in doc["ra"]["allowed"]),
        rk_allowed=tuple((int(lv), tuple(_dec(v) for v in vs)) for lv, vs in doc["rk"]["allowed"].items()),
    )


def _read(folder: Path) -> Catalogue:
    """Read the catalogue's resource files (one reader per file)."""
    layers, groups = _read_layers(folder)
    group_of = {layer.code: layer.group for layer in layers}
    items = tuple(_item(x) for x in _load_json(folder / "high_risk.json")["items"])
    by_item = {i.item: i for i in items}
    units = tuple(_unit(raw, group_of, by_item) for raw in _load_json(folder / "units.json")["units"])
    algorithms, bands = _read_algorithms(folder)
    hazards = tuple(
        KeyHazard(id=h["id"], stage=h["stage"], text=h["text"])
        for h in _load_json(folder / "key_hazards.json")["hazards"]
    )
    return Catalogue(
        units=units,
        layers=layers,
        groups=groups,
        high_risk_items=items,
        algorithms=algorithms,
        protocols=_read_protocols(folder),
        key_hazards=hazards,
        ra_bands=bands,
        rules=_read_rules(folder),
    )


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """Return the bundled catalogue, read once per process from ``resources/catalogue``."""
    return _read(resource_path("catalogue"))

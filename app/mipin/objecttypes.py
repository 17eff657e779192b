"""Usual test-object types per unit, from the catalogue's 测评对象 (GB/T 43206 x.2).

The catalogue lists each technical unit's typical objects as short texts. Some units refer to
another (``同NC-1：…``, or ``上述设备的…`` for DC-2 … DC-6, meaning DC-1's devices); these
references are followed so that, e.g., a server defined for DC-1 is also suggested for DC-2.
"""

from __future__ import annotations

import re

from app.mipin.engine import Catalogue, UnitDef

_SAME_AS = re.compile(r"同([A-Z]{2}-\d)")
_ABOVE = "上述设备"


def _base_unit(catalogue: Catalogue, unit: UnitDef) -> UnitDef:
    text = " ".join(unit.test_object_types)
    match = _SAME_AS.search(text)
    if match and catalogue.find_unit(match.group(1)) is not None:
        return catalogue.unit(match.group(1))
    if text.startswith(_ABOVE):
        layer_units = [u for u in catalogue.units if u.layer == unit.layer]
        return layer_units[0]
    return unit


def object_types(catalogue: Catalogue, unit_id: str) -> list[str]:
    """The usual object types of a unit (its own list, or the list of the unit it refers to)."""
    unit = catalogue.unit(unit_id)
    base = _base_unit(catalogue, unit)
    types = list(base.test_object_types)
    return types if base is unit else types + [t for t in unit.test_object_types if t not in types]


def suggested_units(catalogue: Catalogue, level: int, kind: str) -> list[str]:
    """Technical units of ``level`` whose usual object types include ``kind``."""
    kind = kind.strip()
    if not kind:
        return []
    out = []
    for unit in catalogue.units_for_level(level):
        if unit.is_technical and kind in object_types(catalogue, unit.id):
            out.append(unit.id)
    return out


def all_object_types(catalogue: Catalogue, level: int) -> list[str]:
    """Every usual object type of the level's technical units, in catalogue order, once each."""
    seen: list[str] = []
    for unit in catalogue.units_for_level(level):
        if unit.is_technical:
            for kind in object_types(catalogue, unit.id):
                if kind not in seen and not kind.startswith(("同", _ABOVE)):
                    seen.append(kind)
    return seen

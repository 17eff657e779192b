"""The ``mipin-score/1`` JSON output of ``workbench score --json``.

Shape (numbers are JSON numbers: the total at 2 dp, layers and units at 4 dp, ``null`` for
不适用)::

    {"format": "mipin-score/1", "level": 3, "total": 73.2, "conclusion": "基本符合",
     "layers": {"PE": 0.5, …}, "units": {"PE-1": 0.5, …},
     "high_risks": [{"item": "8.2", "unit": "DC-2", "object": "运维通道", "status": "mitigated"}],
     "counts": {"符合": 0, "部分符合": 0, "不符合": 0, "不适用": 0},
     "untested": ["PE-3", "MS-2"],                 # only when scored with partial, as is
     "range": {"min": 60.0, "max": 75.5}}          # range; then counts also has "未测"

``layers`` lists all eight layers and ``units`` every unit of the level's catalogue, in
catalogue order. With ``--partial``, ``counts`` gains ``"未测"`` (the units with anything
untested, no longer counted as 不符合 or 部分符合), ``untested`` names those units, and
``units`` and ``total`` keep the 0-filled minimum.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.mipin.engine.results import ScoreResult

FORMAT = "mipin-score/1"


def _num(value: Decimal | None) -> float | None:
    # Decimal → float is exact enough here: the values have at most 4 decimal places and
    # float's shortest repr prints them back unchanged (0.6667, 73.2).
    return None if value is None else float(value)


def score_json(result: ScoreResult) -> dict[str, Any]:
    """Return the ``mipin-score/1`` value of ``result`` (ready for ``json.dumps(ensure_ascii=False)``)."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "level": result.level,
        "total": _num(result.total),
        "conclusion": result.conclusion,
        "layers": {layer.code: _num(layer.score) for layer in result.layers},
        "units": {unit.unit: _num(unit.score) for unit in result.units},
        "high_risks": [
            {"item": r.item, "unit": r.unit, "object": r.object, "status": r.status} for r in result.high_risks
        ],
        "counts": result.counts.as_dict(with_untested=result.partial),
    }
    if result.partial:
        out["untested"] = list(result.untested_units)
    if result.range is not None:
        out["range"] = {"min": _num(result.range.min), "max": _num(result.range.max)}
    return out

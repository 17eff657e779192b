"""Risk analysis (report chapter 6): likelihood × impact → risk value, from resources data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from app.core.errors import InputError
from app.core.paths import resource_path

LEVELS = ("高", "中", "低")


@dataclass(frozen=True)
class RiskMatrix:
    """The likelihood × impact table.

    Attributes:
        matrix: ``matrix[likelihood][impact]`` is the risk value.
        default_likelihood: Rating proposed for a new row.
        default_impact: Rating proposed for a new row.
    """

    matrix: dict[str, dict[str, str]]
    default_likelihood: str
    default_impact: str

    def risk(self, likelihood: str, impact: str) -> str:
        """The risk value 高/中/低 of one rating.

        Raises:
            InputError: A rating is not one of 高/中/低.
        """
        if likelihood not in LEVELS:
            raise InputError("likelihood", f"must be one of {'/'.join(LEVELS)}, got {likelihood!r}")
        if impact not in LEVELS:
            raise InputError("impact", f"must be one of {'/'.join(LEVELS)}, got {impact!r}")
        return self.matrix[likelihood][impact]


@lru_cache(maxsize=1)
def load_risk_matrix() -> RiskMatrix:
    """Load ``resources/catalogue/risk_matrix.json`` (cached)."""
    data = json.loads(resource_path("catalogue", "risk_matrix.json").read_text(encoding="utf-8"))
    return RiskMatrix(data["matrix"], data["default_likelihood"], data["default_impact"])

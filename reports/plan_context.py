"""What every chapter of the 密改方案 reads (:mod:`reports.plan_content` builds it once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.mipin.engine import CaseInput, Catalogue, ScoreResult
from app.plan.costs import Price
from app.plan.model import Plan, PlanItem


def date_text(value: object) -> str:
    """A date as the plan prints it: ISO 8601, or ``—`` when there is none."""
    return str(value.isoformat()) if hasattr(value, "isoformat") else "—"


@dataclass(frozen=True)
class PlanContext:
    """What every chapter of the plan document reads.

    Attributes:
        case: The assessed case.
        plan: The plan.
        prices: Product prices by type.
        cat: The indicator catalogue.
        items: The plan's active items.
        current: The case's score today.
        projected: The score once the items are carried out.
        system: The system's name.
        level: The level's name (第三级 …).
        texts: The plan's free texts by key (background, goal …).
    """

    case: CaseInput
    plan: Plan
    prices: Mapping[str, Price]
    cat: Catalogue
    items: tuple[PlanItem, ...]
    current: ScoreResult
    projected: ScoreResult
    system: str
    level: str
    texts: dict[str, str]

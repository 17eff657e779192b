"""Building a case's plan: generate or merge the items, prefill the sections, read exchange files.

The CLI and the UI call these; they never mutate a plan in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.errors import InputError
from app.mipin.engine import CaseInput, Catalogue, load_catalogue, parse_case, read_json_file
from app.plan.costs import Price, item_costs
from app.plan.generate import MergeReport, generate_items, merge_items
from app.plan.model import Plan
from app.plan.planformat import parse_plan
from app.plan.projection import score
from app.plan.sections import prefill

PLAN_KEY = "plan"
"""The key under which a ``mipin-case/1`` exchange file carries its ``mipin-plan/1`` plan."""


@dataclass(frozen=True)
class CaseWithPlan:
    """A case and its plan (None when the file or the store has none yet)."""

    case: CaseInput
    plan: Plan | None
    case_data: dict[str, Any]


def split_exchange(data: Any) -> tuple[Any, Any]:
    """Split a decoded exchange file into its ``mipin-case/1`` part and its ``plan`` (or None)."""
    if isinstance(data, dict) and PLAN_KEY in data:
        rest = {k: v for k, v in data.items() if k != PLAN_KEY}
        return rest, data[PLAN_KEY]
    return data, None


def read_case_with_plan(path: str | Path, catalogue: Catalogue | None = None) -> CaseWithPlan:
    """Read a ``mipin-case/1`` file that may carry a ``plan`` key.

    Raises:
        InputError: The case or the plan is invalid (the plan's fields are named ``plan.…``).
    """
    cat = catalogue or load_catalogue()
    case_data, plan_data = split_exchange(read_json_file(path))
    case = parse_case(case_data)
    plan = None
    if plan_data is not None:
        try:
            plan = parse_plan(plan_data, case, cat)
        except InputError as exc:
            raise InputError(f"plan.{exc.field}" if exc.field else "plan", exc.reason) from None
    return CaseWithPlan(case, plan, case_data)


def build_plan(
    case: CaseInput, plan: Plan | None = None, *, catalogue: Catalogue | None = None
) -> tuple[Plan, MergeReport]:
    """从测评结果生成: a new plan, or ``plan`` with the current findings merged in; sections prefilled."""
    cat = catalogue or load_catalogue()
    generated = generate_items(case, score(case, cat), cat)
    base = plan or Plan()
    merged, report = merge_items(base, generated)
    return prefill(case, merged, cat), report


def costs_for(plan: Plan, prices: Mapping[str, Price]) -> dict[str, Decimal | None]:
    """Effective costs of every item of the plan."""
    return item_costs(plan.items, prices)

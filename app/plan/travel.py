"""The plan travels with its case: in the ``mipin-case/1`` exchange file and in case packages.

* **Exchange file:** the whole case (i10's extended ``mipin-case/1``) with the plan's
  ``mipin-plan/1`` document under the top-level key ``plan`` (:data:`app.plan.service.PLAN_KEY`).
  :func:`export_exchange` adds it; :func:`import_exchange` validates the case *and* the plan
  before anything is written, then imports the case and stores the plan (audited
  ``plan.import``).
* **Case packages (.wbcase):** the plan goes into ``extras.json`` under the key ``plan`` that the
  package format reserved. The packages live below the plan domain and never import it, so
  :data:`PLAN_SECTION` is passed to :func:`~app.mipin.packages.export_package` and
  :func:`~app.mipin.packages.import_package` by their callers (the CLI and the UI).

Export → import → export gives the same plan document.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.core.errors import InputError
from app.mipin.engine import parse_case
from app.mipin.exchange import ImportOutcome
from app.mipin.packages import errors as pe
from app.mipin.packages.layout import EXTRAS
from app.plan.plandump import dump_plan
from app.plan.planformat import parse_plan
from app.plan.repository import load_plan
from app.plan.service import PLAN_KEY, split_exchange
from app.plan.tables import CasePlan
from app.store import audit
from app.store.store import Store

__all__ = ["PLAN_SECTION", "PlanSection", "export_exchange", "import_exchange"]


def export_exchange(store: Store, case_id: int) -> dict[str, Any]:
    """The case as its ``mipin-case/1`` exchange dictionary, with its plan under ``plan`` if it has one.

    Raises:
        NotFoundError: No such case.
    """
    from app.mipin.cases import export_case

    data = export_case(store, case_id)
    _case, plan = load_plan(store, case_id)
    if plan is not None:
        data[PLAN_KEY] = dump_plan(plan)
    return data


def import_exchange(store: Store, data: object) -> ImportOutcome:
    """Import a decoded exchange file as a new case, with the plan it carries.

    The case and the plan are both validated first (the plan's errors name ``plan.…``) and written
    in one transaction: nothing is written if either is invalid, and both or neither land.

    Args:
        store: The case store.
        data: The decoded exchange file.

    Raises:
        InputError: The case or the plan is invalid.
    """
    from app.mipin import exchange

    case_data, plan_data = split_exchange(data)
    plan = None
    if plan_data is not None:
        case = parse_case(case_data)  # the case's own errors come first
        try:
            plan = parse_plan(plan_data, case)
        except InputError as exc:
            raise InputError(f"plan.{exc.field}" if exc.field else "plan", exc.reason) from None
    if plan is None:
        return exchange.import_exchange(store, case_data)  # a name that exists gets a suffix, said in the notices

    def _with_plan(s: Session, case_id: int) -> None:
        PLAN_SECTION.apply(s, case_id, dump_plan(plan))

    return exchange.import_exchange(store, case_data, also=_with_plan)  # case and plan: one transaction


class PlanSection:
    """The plan as ``extras.json``'s ``plan`` (an :class:`~app.mipin.packages.extras.ExtrasSection`)."""

    key = PLAN_KEY

    def collect(self, s: Session, case_id: int) -> Any:
        """The stored plan document (None: the case has no plan)."""
        row = s.get(CasePlan, case_id)
        return dict(row.data) if row is not None else None

    def check(self, value: Any) -> None:
        """Validate the package's plan before anything is written.

        Raises:
            PackageError: Naming the field (``extras.json 的 plan.items[0].cost：…``).
        """
        try:
            parse_plan(value)
        except InputError as exc:
            where = f"plan.{exc.field}" if exc.field else "plan"
            raise pe.PackageError(pe.INVALID_CONTENT, f"extras.json 的 {where}：{exc.reason}", EXTRAS) from None

    def apply(self, s: Session, case_id: int, value: Any) -> None:
        """Store the plan for the imported case (the import's transaction), audited ``plan.import``."""
        data = dump_plan(parse_plan(value))
        s.execute(delete(CasePlan).where(CasePlan.case_id == case_id))  # a replaced case's old plan
        s.add(CasePlan(case_id=case_id, data=data, updated_at=datetime.now(UTC)))
        audit.append(s, case_id, "plan.import", "plan", None, {"items": len(data.get("items", []))})


PLAN_SECTION = PlanSection()
"""The one section the CLI and the UI pass to the package export and import."""

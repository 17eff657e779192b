"""Demo data seeded on first start: the 密评 case and the ops contract.

The domains each seed their own part; this module only decides when, so the domains stay
independent of one another. The 智桂通 H5 service seeds its synthetic residents into its own
database (``app.h5.demo``, ``workbench h5 serve --demo``), never into the case store.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.store.base import AppMeta

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.store import Store

log = logging.getLogger(__name__)

SEEDED_KEY = "demo_seeded"


def is_seeded(store: Store) -> bool:
    """True once the demo has been seeded into this store (even if the user deleted it since)."""
    with store.read() as s:
        return s.get(AppMeta, SEEDED_KEY) is not None


def seed_if_empty(store: Store) -> bool:
    """Seed the demo on the very first start; returns True when it seeded."""
    if is_seeded(store):
        return False
    seed(store)
    return True


def _seed(s: Session) -> int:
    # The domains' seeders are imported only when seeding: every start asks `seed_if_empty`, and
    # importing the ops and plan domains just to learn "already seeded" cost ≈0.3 s of start-up.
    from app.core import clock
    from app.mipin.demo import seed_demo_case
    from app.ops.demo import seed_demo_contract
    from app.plan.demo import seed_demo_plan

    case_id = seed_demo_case(s)
    seed_demo_plan(s, case_id)  # the demo's 密改方案, its figures marked 示例
    seed_demo_contract(s)
    s.merge(AppMeta(key=SEEDED_KEY, value=clock.now().isoformat(timespec="seconds")))
    return case_id


def seed(store: Store) -> None:
    """Insert the demo case and the ops contract with tickets (one audited transaction)."""
    case_id = store.write(_seed)
    log.info("demo data seeded (case %s)", case_id)


def reset(store: Store) -> None:
    """Delete the demo case and contract and seed them again, in one audited transaction.

    The caller makes a backup first (destructive action); user-created cases are not touched.
    """
    from sqlalchemy import delete

    from app.mipin.demo import delete_demo_cases
    from app.ops.demo import delete_demo_contracts

    def _reset(s: Session) -> int:
        delete_demo_cases(s)
        delete_demo_contracts(s)
        s.execute(delete(AppMeta).where(AppMeta.key == SEEDED_KEY))
        return _seed(s)

    case_id = store.write(_reset)
    log.info("demo data reset (case %s)", case_id)

"""Demo data seeded on first start: the 密评 case and the ops contract.

The domains each seed their own part; this module only decides when, so the domains stay
independent of one another. The 智桂通 H5 service seeds its synthetic residents into its own
database (``app.h5.demo``, ``workbench h5 serve --demo``), never into the case store.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.mipin.demo import delete_demo_cases, seed_demo_case
from app.ops.demo import delete_demo_contracts, seed_demo_contract
from app.store.base import AppMeta
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


def seed(store: Store) -> None:
    """Insert the demo case and the ops contract with tickets."""
    case_id = seed_demo_case(store)

    def _rest(s: Session) -> None:
        seed_demo_contract(s)
        s.merge(AppMeta(key=SEEDED_KEY, value=datetime.now().isoformat(timespec="seconds")))

    store.write(_rest)
    log.info("demo data seeded (case %s)", case_id)


def reset(store: Store) -> None:
    """Delete the demo case and contract, then seed them again.

    The caller makes a backup first (destructive action); user-created cases are not touched.
    """

    def _clear(s: Session) -> None:
        delete_demo_cases(s)
        delete_demo_contracts(s)
        s.execute(delete(AppMeta).where(AppMeta.key == SEEDED_KEY))

    store.write(_clear)
    seed(store)

"""Which case a package holds: a UUID per case, kept in ``app_meta`` (no schema change needed).

A case gets its UUID the first time it is exported; a package carries it, and an imported case
keeps it (an import *as a copy* gets a new one). A package matches a case in the store when

1. the store has a case with the package's UUID (the same case, exported from here or from a
   colleague's laptop that imported it earlier), or else
2. a case has the same system name and the same non-empty report number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.mipin.tables import Case
from app.store.base import AppMeta

_PREFIX = "case_uuid:"


def _key(case_id: int) -> str:
    return f"{_PREFIX}{case_id}"


def get_uuid(s: Session, case_id: int) -> str | None:
    """The case's UUID, or None if it was never exported or imported."""
    row = s.get(AppMeta, _key(case_id))
    return row.value if row is not None and row.value else None


def ensure_uuid(s: Session, case_id: int) -> str:
    """The case's UUID, created now if it has none (call inside a write transaction)."""
    existing = get_uuid(s, case_id)
    if existing:
        return existing
    value = str(uuid.uuid4())
    set_uuid(s, case_id, value)
    return value


def set_uuid(s: Session, case_id: int, value: str) -> None:
    """Record ``value`` as the case's UUID (call inside a write transaction)."""
    row = s.get(AppMeta, _key(case_id))
    if row is None:
        s.add(AppMeta(key=_key(case_id), value=value))
    else:
        row.value = value


def forget_uuid(s: Session, case_id: int) -> None:
    """Drop the UUID of a case that no longer exists."""
    row = s.get(AppMeta, _key(case_id))
    if row is not None:
        s.delete(row)


@dataclass(frozen=True)
class Match:
    """A case in the store that a package matches."""

    case_id: int
    system_name: str
    matched_by: str


def find_match(s: Session, case_uuid: str, system_name: str, report_no: str) -> Match | None:
    """The case in the store the package matches, if any (UUID first, then name + report number)."""
    for row in s.scalars(
        select(AppMeta).where(AppMeta.key.startswith(_PREFIX, autoescape=True), AppMeta.value == case_uuid)
    ):
        try:
            case_id = int(row.key[len(_PREFIX) :])
        except ValueError:
            continue
        case = s.get(Case, case_id)
        if case is not None:
            return Match(case.id, case.system_name, "uuid")
    if report_no.strip():
        case = s.scalars(
            select(Case).where(Case.system_name == system_name, Case.report_no == report_no).order_by(Case.id)
        ).first()
        if case is not None:
            return Match(case.id, case.system_name, "name")
    return None

"""The append-only, hash-chained audit log of every change to stored data.

Every change is recorded in the same transaction as the change itself (:meth:`app.store.store.Store.write`
refuses a transaction that changes data without a record): who (the OS user), when, what, the
old and the new value. Each case has its own chain; changes that belong to no case (the ops and
H5 demo data, for instance) go to the store-wide chain (``case_id`` None). Each record's hash
covers its content and the previous record's hash; the newest hash and the record count of each
chain are also kept in ``app_meta``, so editing, inserting or removing any record (the last one
included) is detected by :func:`verify`.

Hash versions (``AuditEvent.hash_version``): version 1, written before schema 0003, covers the
time as the naive local ISO string it was written with; version 2 covers the aware time in UTC
and a version marker. Both verify, so the chains already in users' databases stay intact.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.clock import LOCAL_ZONE, UTC, now
from app.store.base import AppMeta, AuditEvent
from app.store.store import AUDITED_KEY, Store

GENESIS = "0" * 64
HASH_VERSION = 2
"""The hash version of new records (see the module docstring)."""


def current_actor() -> str:
    """The OS user name recorded as the author of changes."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME/USER
        return "unknown"


def _head_key(case_id: int | None) -> str:
    return f"audit_head:{case_id if case_id is not None else 'global'}"


def _encode(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _hashed_time(at: datetime, version: int) -> str:
    if version == 1:  # the naive local time exactly as versions before 0003 wrote and hashed it
        return at.astimezone(LOCAL_ZONE).replace(tzinfo=None).isoformat()
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def record_hash(prev_hash: str, event: AuditEvent) -> str:
    """The SHA-256 that chains ``event`` to its predecessor (by the record's hash version).

    Raises:
        ValueError: An unknown hash version (a record of a newer version, or a changed one).
    """
    version = event.hash_version or 1
    if version not in (1, HASH_VERSION):
        raise ValueError(f"unknown audit hash version {version}")
    content = [prev_hash, event.case_id, _hashed_time(event.at, version), event.actor, event.action,
               event.target, event.old_value, event.new_value]  # fmt: skip
    if version > 1:
        content.insert(0, f"audit/{version}")
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    session: Session, case_id: int | None, action: str, target: str, old: Any = None, new: Any = None, actor: str = ""
) -> AuditEvent:
    """Append one record in the caller's transaction and move its chain's head.

    Args:
        session: The write transaction that makes the change.
        case_id: The case changed, or None for a change that belongs to no case.
        action: What was done (``set_object_field``, ``import_case`` …).
        target: What it was done to (``unit:NC-1/object:VPN``, ``case`` …).
        old: The value before (JSON-ready), or None.
        new: The value after (JSON-ready), or None. Never personal data.
        actor: Who did it (default: the OS user).
    """
    head = session.get(AppMeta, _head_key(case_id), with_for_update=True)
    count, prev = (0, GENESIS)
    if head is not None and head.value:
        count_text, prev = head.value.split(":", 1)
        count = int(count_text)
    event = AuditEvent(
        case_id=case_id,
        at=now(),
        actor=actor or current_actor(),
        action=action,
        target=target,
        old_value=_encode(old),
        new_value=_encode(new),
        prev_hash=prev,
        hash="",
        hash_version=HASH_VERSION,
    )
    event.hash = record_hash(prev, event)
    session.add(event)
    value = f"{count + 1}:{event.hash}"
    if head is None:
        session.add(AppMeta(key=_head_key(case_id), value=value))
    else:
        head.value = value
    session.info[AUDITED_KEY] = True
    return event


@dataclass(frozen=True)
class AuditRecord:
    """One audit record as plain data."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class AuditReport:
    """The result of verifying one chain (a case's, or the store-wide one with ``case_id`` None)."""

    case_id: int | None
    records: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the chain is intact."""
        return not self.problems


def _read(store: Store, case_id: int | None) -> tuple[list[AuditEvent], AppMeta | None]:
    """The chain's audit rows, oldest first, and its head, in one read."""
    where = AuditEvent.case_id.is_(None) if case_id is None else AuditEvent.case_id == case_id
    with store.read() as s:
        rows = list(s.scalars(select(AuditEvent).where(where).order_by(AuditEvent.id)))
        return rows, s.get(AppMeta, _head_key(case_id))


def _as_record(event: AuditEvent) -> AuditRecord:
    return AuditRecord(event.id, event.at, event.actor, event.action, event.target, event.old_value, event.new_value)


def _check(case_id: int | None, rows: list[AuditEvent], head: AppMeta | None) -> AuditReport:
    problems: list[str] = []
    prev = GENESIS
    for index, event in enumerate(rows, start=1):
        if event.prev_hash != prev:
            problems.append(f"record #{event.id} (position {index}): link to the previous record is broken")
        try:
            intact = record_hash(event.prev_hash, event) == event.hash
        except ValueError as exc:
            problems.append(f"record #{event.id} (position {index}): {exc}")
        else:
            if not intact:
                problems.append(f"record #{event.id} (position {index}): content does not match its hash (edited)")
        prev = event.hash
    if head is None:
        if rows:
            problems.append("the chain head is missing")
    else:
        count_text, head_hash = head.value.split(":", 1)
        if int(count_text) != len(rows):
            problems.append(f"expected {count_text} records, found {len(rows)} (records removed or inserted)")
        if head_hash != prev:
            problems.append("the newest record does not match the chain head (records removed or replaced)")
    return AuditReport(case_id, len(rows), tuple(problems))


def records(store: Store, case_id: int | None) -> list[AuditRecord]:
    """The chain's audit records (a case's, or the store-wide ones for None), oldest first."""
    rows, _head = _read(store, case_id)
    return [_as_record(e) for e in rows]


def verify(store: Store, case_id: int | None) -> AuditReport:
    """Check that no record of the chain (a case's, or the store-wide one for None) was edited, inserted or removed."""
    return _check(case_id, *_read(store, case_id))


def chains(store: Store) -> list[int | None]:
    """Every chain in the store: the store-wide one (None) first, then each case id with records or a head.

    Deleted cases keep their chains (their records stay), so they are listed too.
    """
    with store.read() as s:
        ids = {c for c in s.scalars(select(AuditEvent.case_id).distinct()) if c is not None}
        prefix = _head_key(0)[:-1]
        for key in s.scalars(select(AppMeta.key).where(AppMeta.key.startswith(prefix, autoescape=True))):
            tail = key[len(prefix) :]
            if tail.isdigit():
                ids.add(int(tail))
    return [None, *sorted(ids)]


def verify_all(store: Store) -> list[AuditReport]:
    """:func:`verify` of every chain in the store (see :func:`chains`)."""
    return [verify(store, chain) for chain in chains(store)]


def trail(store: Store, case_id: int) -> tuple[list[AuditRecord], AuditReport]:
    """The records and their verification from one read (:func:`records` and :func:`verify` together)."""
    rows, head = _read(store, case_id)
    return [_as_record(e) for e in rows], _check(case_id, rows, head)


@dataclass(frozen=True)
class AuditSummary:
    """What report appendix B says about a case's audit trail.

    Attributes:
        records: Number of audit records.
        by_action: Records per action, e.g. ``{"set_object_field": 120}``.
        first: Time of the first recorded change.
        last: Time of the newest recorded change.
        actors: OS users who made changes.
        intact: Whether :func:`verify` found the chain intact.
    """

    records: int
    by_action: dict[str, int]
    first: datetime | None
    last: datetime | None
    actors: tuple[str, ...]
    intact: bool


def summary(store: Store, case_id: int) -> AuditSummary:
    """Counts by action, the first/last change, who changed it, and whether the chain is intact."""
    rows, report = trail(store, case_id)
    by_action: dict[str, int] = {}
    for r in rows:
        by_action[r.action] = by_action.get(r.action, 0) + 1
    return AuditSummary(
        records=len(rows),
        by_action=by_action,
        first=rows[0].at if rows else None,
        last=rows[-1].at if rows else None,
        actors=tuple(sorted({r.actor for r in rows})),
        intact=report.ok,
    )

"""Cases in the store: listing, creating, importing, duplicating, archiving, deleting, and ``mipin-case/1``.

Every function here that writes does so in one transaction through :meth:`Store.write
<app.store.store.Store.write>` and records what it did in the case's audit chain
(:func:`add_case` for a new case); edits of an existing case go through
:class:`app.mipin.casework.editor.CaseEditor`. Services above the store only ever see the plain
dataclasses and dictionaries returned here, never ORM rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import NotFoundError
from app.mipin.caseread import read_case_dict, results_only
from app.mipin.caserows import SYSTEM_COLUMNS, check_storable, fill_case, get_case_row
from app.mipin.casework.header import PHASES, check_period, normalise_header
from app.mipin.tables import Case, CaseObject
from app.store import audit
from app.store.store import Store

__all__ = [
    "PHASES",
    "CaseHeader",
    "CaseSummary",
    "add_case",
    "canonical_case",
    "case_row",
    "count_cases",
    "create_case",
    "delete_case",
    "duplicate_case",
    "export_case",
    "import_case",
    "insert_case",
    "list_cases",
    "remove_case",
    "set_archived",
]


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list."""

    id: int
    system_name: str
    level: int
    client: str
    assessor: str
    report_no: str
    archived: bool
    demo: bool
    updated_at: datetime


@dataclass(frozen=True)
class CaseHeader:
    """What the "new case" dialog asks for.

    Attributes:
        system_name: 被测信息系统名称.
        level: 等级 1–4.
        client: 委托单位.
        assessor: 测评机构.
        report_no: 报告编号.
        period_start: 评估开始日期.
        period_end: 评估结束日期.
        phases: ``{phase: (start, end)}`` for the four process phases.
        threshold: 量化评估阈值.
    """

    system_name: str
    level: int
    client: str = ""
    assessor: str = ""
    report_no: str = ""
    period_start: date | None = None
    period_end: date | None = None
    phases: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    threshold: float = 60.0

    def fields(self) -> dict[str, Any]:
        """The header as stored (validated by :func:`app.mipin.casework.header.normalise_header`).

        Raises:
            InputError: Naming the first bad field.
        """
        fields = normalise_header(
            {
                "system_name": self.system_name, "level": self.level, "client": self.client,
                "assessor": self.assessor, "report_no": self.report_no, "threshold": self.threshold,
                "period_start": self.period_start, "period_end": self.period_end, "phases": self.phases,
            }
        )  # fmt: skip
        check_period(fields)
        return fields

    def validate(self) -> None:
        """Raise :class:`InputError` naming the first bad field (the one header validation)."""
        self.fields()


def list_cases(store: Store, *, include_archived: bool = False) -> list[CaseSummary]:
    """Return the cases, most recently changed first."""
    with store.read() as s:
        query = select(Case).order_by(Case.updated_at.desc(), Case.id.desc())
        if not include_archived:
            query = query.where(Case.archived.is_(False))
        return [
            CaseSummary(
                c.id, c.system_name, c.level, c.client, c.assessor, c.report_no, c.archived, c.demo, c.updated_at
            )
            for c in s.scalars(query)
        ]


def count_cases(store: Store) -> int:
    """The number of cases, archived included."""
    with store.read() as s:
        return int(s.scalar(select(func.count(Case.id))) or 0)


def add_case(s: Session, case: Case, action: str, details: Mapping[str, Any] | None = None, actor: str = "") -> Case:
    """Insert a new case row and record its creation in the case's audit chain (in the caller's transaction).

    Every way a case comes into the store — created, imported from a file or a package,
    duplicated, seeded as the demo — goes through here, so each one leaves its audit record.

    Args:
        s: The write transaction.
        case: The new row (not yet added).
        action: The audit action: ``create_case``, ``import_case``, ``import_package``,
            ``duplicate_case`` or ``seed_demo``.
        details: What else the audit record says (the package file, the source case …).
        actor: Who did it (default: the OS user).
    """
    s.add(case)
    s.flush()
    summary = {"system_name": case.system_name, "level": case.level, "demo": bool(case.demo), **(details or {})}
    audit.append(s, case.id, action, "case", None, summary, actor)
    return case


def create_case(store: Store, header: CaseHeader, *, demo: bool = False, actor: str = "") -> int:
    """Create an empty case and return its id.

    Raises:
        InputError: A header field is invalid; nothing is written.
    """
    fields = header.fields()

    def _create(s: Session) -> int:
        now = clock.now_seconds()
        case = Case(**fields, system_extra={}, archived=False, demo=demo, created_at=now, updated_at=now)
        return add_case(s, case, "create_case", actor=actor).id

    return store.write(_create)


def export_case(store: Store, case_id: int) -> dict[str, Any]:
    """Return the whole case as a canonical ``mipin-case/1`` dictionary (the exchange file).

    The results and the record-keeping fields (:func:`app.mipin.caseread.read_case_dict`): period
    and phases, object types, 测评实施 ticks, decision times, risk ratings, evidence references.

    Raises:
        NotFoundError: No such case.
    """
    from app.mipin.engine import dump_case, parse_case

    with store.read() as s:
        raw = read_case_dict(s, case_id).data
    return dump_case(parse_case(raw))


def canonical_case(data: object) -> dict[str, Any]:
    """Validate a decoded ``mipin-case/1`` value for the store and return it canonicalised.

    Raises:
        InputError: The input is invalid (every error is reported with its field path).
    """
    from app.mipin.engine import dump_case, parse_case
    from app.mipin.exchange import check_record

    canonical = dump_case(parse_case(data))  # a fresh value: nothing in it is shared with ``data``
    check_storable(canonical)
    check_record(canonical)
    system = canonical["system"]
    # The name is optional in the exchange format, but a case in the store needs one (found by
    # fuzzing): the store's header rules are the one header validation.
    normalise_header(
        {"system_name": system.get("name"), "level": system["level"], "threshold": canonical.get("threshold", 60)}
    )
    return canonical


def case_row(canonical: dict[str, Any], *, demo: bool = False, system_name: str | None = None) -> Case:
    """A new case row for a canonical ``mipin-case/1`` dictionary (its content is added by :func:`fill_case`)."""
    system = canonical["system"]
    now = clock.now_seconds()
    return Case(
        system_name=system_name or system["name"],
        level=system["level"],
        client=system.get("client", ""),
        assessor=system.get("assessor", ""),
        report_no=system.get("report_no", ""),
        threshold=canonical.get("threshold", 60),
        phases={},
        system_extra={k: v for k, v in system.items() if k not in SYSTEM_COLUMNS},
        archived=False,
        demo=demo,
        created_at=now,
        updated_at=now,
    )


def insert_case(
    s: Session, canonical: dict[str, Any], action: str, details: Mapping[str, Any] | None = None, *,
    demo: bool = False, system_name: str | None = None, actor: str = "",
) -> Case:  # fmt: skip
    """Add a case with the content of a canonical ``mipin-case/1`` dictionary, audited (caller's transaction)."""
    case = add_case(s, case_row(canonical, demo=demo, system_name=system_name), action, details, actor)
    fill_case(s, case, canonical)
    return case


def import_case(
    store: Store,
    data: object,
    *,
    demo: bool = False,
    system_name: str | None = None,
    actor: str = "",
    also: Callable[[Session, int], None] | None = None,
) -> int:
    """Validate a decoded ``mipin-case/1`` value and store it as a new case.

    All or nothing: the whole input is validated by the engine first (every error is reported
    with its field path), and the case is written in one transaction with its audit record,
    its record-keeping fields (:func:`app.mipin.exchange.write_record`) included.

    Args:
        store: The case store.
        data: The decoded exchange file.
        demo: Mark the case as the demo case.
        system_name: Store it under this name instead of the file's (e.g. with a suffix).
        actor: Who imports it (default: the OS user).
        also: Writes that belong with the case (e.g. the 密改方案 it carries), called with the
            session and the new case's id inside the same transaction, so all of it or none lands.

    Raises:
        InputError: The input is invalid; nothing is written.
    """
    from app.mipin.exchange import write_record

    canonical = canonical_case(data)

    def _import(s: Session) -> int:
        case = insert_case(s, canonical, "import_case", demo=demo, system_name=system_name, actor=actor)
        write_record(s, case, canonical)
        if also is not None:
            also(s, case.id)
        return case.id

    return store.write(_import)


def duplicate_case(store: Store, case_id: int, system_name: str | None = None, *, actor: str = "") -> int:
    """Copy a case (e.g. for next year's re-assessment) in one transaction and return the new id.

    Results, objects, phases and decisions are copied; evidence and the audit trail are not.

    Raises:
        NotFoundError: No such case.
    """
    with store.read() as s:
        source = get_case_row(s, case_id)
        canonical = canonical_case(results_only(read_case_dict(s, case_id).data))
        phases = dict(source.phases or {})
        period = (source.period_start, source.period_end)
        objects = [(o.name, o.kind, o.note, o.position) for o in source.objects]
    name = system_name or None

    def _copy(s: Session) -> int:
        target = insert_case(s, canonical, "duplicate_case", {"from_case": case_id}, system_name=name, actor=actor)
        target.phases = phases
        target.period_start, target.period_end = period
        stored = {o.name: o for o in s.scalars(select(CaseObject).where(CaseObject.case_id == target.id))}
        for object_name, kind, note, position in objects:
            obj = stored.get(object_name)
            if obj is None:  # defined but not yet assigned to any unit
                s.add(CaseObject(case=target, name=object_name, kind=kind, note=note, position=position))
            else:
                obj.kind, obj.note = kind, note
        return target.id

    return store.write(_copy)


def set_archived(store: Store, case_id: int, archived: bool, *, actor: str = "") -> None:
    """Archive a case (hidden from the switcher) or bring it back (an audited edit).

    Raises:
        NotFoundError: No such case.
    """
    from app.mipin.casework.editor import CaseEditor
    from app.mipin.casework.edits import SetArchived

    CaseEditor(store, actor).apply(case_id, SetArchived(archived))


def delete_case(store: Store, case_id: int, *, actor: str = "") -> Path | None:
    """Delete a case after making a restorable backup; returns the backup's path.

    The case's audit chain stays (its last record says who deleted it, and when).

    Raises:
        NotFoundError: No such case.
        StoreError: The backup failed (the case is then not deleted).
    """
    from app.store.backup import create_backup

    with store.read() as s:
        if s.get(Case, case_id) is None:
            raise NotFoundError(f"case {case_id} does not exist")
    backup = create_backup(store, reason=f"delete-case-{case_id}")

    def _delete(s: Session) -> None:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"case {case_id} does not exist")
        remove_case(s, case, actor=actor)

    store.write(_delete)
    return backup


def remove_case(s: Session, case: Case, details: Mapping[str, Any] | None = None, *, actor: str = "") -> None:
    """Delete a case row with everything in it and record that in its audit chain (caller's transaction)."""
    audit.append(s, case.id, "delete_case", "case", {"system_name": case.system_name, **(details or {})}, None, actor)
    s.delete(case)
    s.flush()

"""Reading a stored case as its ``mipin-case/1`` dictionary with plain Core queries (no ORM objects).

A 41-unit, 1,000-object case has about 2,000 rows. Loading them as ORM objects (identity map,
relationship loaders, attribute instrumentation) took four fifths of opening the case, and built
thousands of short-lived objects that triggered collector passes in the middle (load times were
bimodal). This module reads the same columns as tuples — SQLAlchemy still applies each column's
type, so JSON, booleans, dates and the store's aware times come back exactly as the ORM gave them,
on SQLite and PostgreSQL alike — and builds the dictionary directly, with the collector paused.

:func:`read_case_dict` is what the case's exchange file and every report start from: the results
(units, objects, compensations, decisions) and the record-keeping fields (period and phases, object
types, 测评实施 ticks, decision times, risk ratings, evidence references; docs/mipin-case-format.md
§1.6), not yet canonicalised — :func:`app.mipin.engine.parse_case` validates and normalises it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Text, select, type_coerce
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import NotFoundError
from app.core.memory import collector_paused
from app.mipin.engine import load_catalogue
from app.mipin.engine.caserecord import PHASES, iso_time
from app.mipin.tables import Case, CaseObject, Compensation, Evidence, ObjectEntry, RiskDecision, RiskRating, UnitEntry

_OBJECT_OPTIONAL = ("module_level", "ra", "rk")

_C = Case.__table__.c
_O = CaseObject.__table__.c
_U = UnitEntry.__table__.c
_E = ObjectEntry.__table__.c
_COMP = Compensation.__table__.c
_DEC = RiskDecision.__table__.c
_RAT = RiskRating.__table__.c
_EV = Evidence.__table__.c

_CASE = select(
    _C.system_name, _C.level, _C.client, _C.assessor, _C.report_no, _C.system_extra, _C.threshold,
    _C.period_start, _C.period_end, _C.phases, _C.archived, _C.demo, _C.updated_at,
)  # fmt: skip
_UNITS = select(_U.id, _U.unit_id, _U.applicable, _U.na_reason, _U.has_objects, _U.result, _U.record, _U.checklist)
# One row per object entry, in the order of the ORM relationships (unit, then entry, by position and id).
# The three JSON lists are read as their text (see _ListDecoder).
_ENTRY_COLUMNS = (
    _E.unit_entry_id, _O.name, _E.d, _E.a, _E.k, type_coerce(_E.algorithms, Text), type_coerce(_E.protocols, Text),
    _E.module_level, _E.ra, _E.rk, type_coerce(_E.key_hazards, Text), _E.record,
)  # fmt: skip
_ENTRIES = (
    select(*_ENTRY_COLUMNS)
    .select_from(ObjectEntry.__table__)
    .join(UnitEntry.__table__, _U.id == _E.unit_entry_id)
    .join(CaseObject.__table__, _O.id == _E.object_id)
)


@dataclass(frozen=True)
class StoredCase:
    """What :func:`read_case_dict` read.

    Attributes:
        data: The ``mipin-case/1`` dictionary (not yet canonicalised).
        updated_at: The case's last change.
    """

    data: dict[str, Any]
    updated_at: datetime


class CaseHead(NamedTuple):
    """The columns of a case row."""

    system_name: str
    level: int
    client: str
    assessor: str
    report_no: str
    system_extra: dict[str, Any] | None
    threshold: float
    period_start: date | None
    period_end: date | None
    phases: dict[str, Any] | None
    archived: bool
    demo: bool
    updated_at: datetime


class EntryRow(NamedTuple):
    """One object entry of a unit (its JSON lists decoded, each a new list)."""

    name: str
    d: str | None
    a: str | None
    k: str | None
    algorithms: list[Any]
    protocols: list[Any]
    module_level: int | None
    ra: float | None
    rk: float | None
    key_hazards: list[Any]
    record: str | None


class UnitRow(NamedTuple):
    """One unit entry with its object entries, in their order."""

    unit_id: str
    applicable: bool
    na_reason: str
    has_objects: bool
    result: str | None
    record: str
    checklist: list[Any] | None
    entries: list[EntryRow]


def case_head(s: Session, case_id: int) -> CaseHead:
    """The case row's columns.

    Raises:
        NotFoundError: No such case.
    """
    head = s.execute(_CASE.where(_C.id == case_id)).first()
    if head is None:
        raise NotFoundError(f"case {case_id} does not exist")
    return CaseHead._make(head)


def unit_rows(s: Session, case_id: int) -> list[UnitRow]:
    """The case's unit entries with their object entries, ordered by position (then id) as the ORM did."""
    entries: dict[int, list[EntryRow]] = {}
    as_list = _ListDecoder()
    rows = s.execute(_ENTRIES.where(_U.case_id == case_id).order_by(_U.position, _U.id, _E.position, _E.id))
    for unit_pk, name, d, a, k, algorithms, protocols, module_level, ra, rk, hazards, record in rows:
        entry = EntryRow(name, d, a, k, as_list(algorithms), as_list(protocols), module_level, ra, rk,
                         as_list(hazards), record)  # fmt: skip
        entries.setdefault(unit_pk, []).append(entry)
    query = _UNITS.where(_U.case_id == case_id).order_by(_U.position, _U.id)
    return [UnitRow(*row[1:], entries.get(row[0], [])) for row in s.execute(query)]


def object_rows(s: Session, case_id: int) -> list[tuple[str, str, str]]:
    """The case's test objects (name, kind, note), in their order."""
    query = select(_O.name, _O.kind, _O.note).where(_O.case_id == case_id).order_by(_O.position, _O.id)
    return [(name, kind or "", note or "") for name, kind, note in s.execute(query)]


def read_case_dict(s: Session, case_id: int) -> StoredCase:
    """Read a whole case from the store as a ``mipin-case/1`` dictionary.

    Raises:
        NotFoundError: No such case.
    """
    with collector_paused():  # ~20,000 small objects, none in a reference cycle
        head = case_head(s, case_id)
        system: dict[str, Any] = {
            "name": head.system_name,
            "level": head.level,
            "client": head.client,
            "assessor": head.assessor,
            "report_no": head.report_no,
        }
        system.update(head.system_extra or {})
        units, ticks = _units(unit_rows(s, case_id))
        data: dict[str, Any] = {
            "format": "mipin-case/1",
            "system": system,
            "threshold": head.threshold,
            "units": units,
            "compensations": _compensations(s, case_id),
        }
        decisions = _decisions(s, case_id)
        data["risk_decisions"] = [entry for entry, _ in decisions]
        _add_record(s, case_id, data, head, ticks, decisions)
        return StoredCase(data, head.updated_at)


class _ListDecoder:
    """Decodes the JSON lists of object entries, each distinct text once.

    A case's 1,000 entries hold a handful of distinct algorithm, protocol and hazard lists, and
    decoding 3,000 of them one by one was a third of reading the rows. Each call returns a new
    list (the cached value is never handed out). SQLite gives the column's text; PostgreSQL's
    driver gives the decoded value, which is copied as the ORM's ``list(...)`` did.
    """

    def __init__(self) -> None:
        self._seen: dict[str, list[Any]] = {}

    def __call__(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            decoded = self._seen.get(value)
            if decoded is None:
                decoded = self._seen[value] = json.loads(value) or []
            return list(decoded)
        return list(value or [])


def _object_dict(e: EntryRow) -> dict[str, Any]:
    obj: dict[str, Any] = {"name": e.name}
    if e.d is not None:
        obj["D"] = e.d
    if e.a is not None:
        obj["A"] = e.a
    if e.k is not None:
        obj["K"] = e.k
    obj["algorithms"] = e.algorithms
    obj["protocols"] = e.protocols
    if e.module_level is not None:
        obj["module_level"] = int(e.module_level)
    if e.ra is not None:
        obj["ra"] = e.ra
    if e.rk is not None:
        obj["rk"] = e.rk
    obj["key_hazards"] = e.key_hazards
    obj["record"] = e.record or ""
    return obj


def _units(rows: list[UnitRow]) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """The units' dictionaries (with their objects) and each unit's ticked 测评实施 items."""
    units: list[dict[str, Any]] = []
    ticks: dict[str, list[int]] = {}
    for row in rows:
        entry: dict[str, Any] = {"id": row.unit_id}
        if not row.applicable:
            entry["applicable"] = False
            entry["na_reason"] = row.na_reason
        if row.has_objects:
            entry["objects"] = [_object_dict(e) for e in row.entries]
        if row.result is not None:
            entry["result"] = row.result
        if row.record:
            entry["record"] = row.record
        units.append(entry)
        ticks[row.unit_id] = ticks_in_range(row.unit_id, row.checklist)
    return units, ticks


def ticks_in_range(unit_id: str, checklist: list[Any] | None) -> list[int]:
    """The unit's ticked 测评实施 items that exist in the catalogue.

    Versions before the checklist was validated could store an index past the unit's
    ``test_procedure`` (no such item was ever shown, so no tick is lost); dropping it keeps an old
    case exportable, reportable and importable instead of failing validation forever.
    """
    definition = load_catalogue().find_unit(unit_id)
    count = len(definition.test_procedure) if definition else 0
    return sorted({int(i) for i in checklist or [] if 0 <= int(i) < count})


def _compensations(s: Session, case_id: int) -> list[dict[str, Any]]:
    query = select(_COMP.unit, _COMP.object, _COMP.from_unit, _COMP.from_object).where(_COMP.case_id == case_id)
    return [
        {"unit": unit, "object": obj, "from_unit": from_unit, "from_object": from_object}
        for unit, obj, from_unit, from_object in s.execute(query.order_by(_COMP.position, _COMP.id))
    ]


def _decisions(s: Session, case_id: int) -> list[tuple[dict[str, Any], datetime | None]]:
    """Each decision's dictionary (without its time) and the time it was made."""
    query = select(_DEC.item, _DEC.unit, _DEC.object, _DEC.decision, _DEC.reason, _DEC.mitigation, _DEC.decided_at)
    out = []
    for item, unit, obj, decision, reason, mitigation, decided_at in s.execute(
        query.where(_DEC.case_id == case_id).order_by(_DEC.position, _DEC.id)
    ):
        entry: dict[str, Any] = {"item": item, "unit": unit}
        if obj is not None:
            entry["object"] = obj
        entry["decision"] = decision
        if reason:
            entry["reason"] = reason
        if mitigation:
            entry["mitigation"] = mitigation
        out.append((entry, decided_at))
    return out


def _span(start: date | str | None, end: date | str | None) -> dict[str, str]:
    """``{"start": …, "end": …}`` of the dates given (the store keeps phases as ISO strings, the period as dates)."""
    out = {}
    for key, value in (("start", start), ("end", end)):
        if value:
            out[key] = value if isinstance(value, str) else value.isoformat()
    return out


def _add_record(
    s: Session,
    case_id: int,
    data: dict[str, Any],
    head: CaseHead,
    ticks: dict[str, list[int]],
    decisions: list[tuple[dict[str, Any], datetime | None]],
) -> None:
    """Add the record-keeping fields to ``data`` (in place)."""
    period = _span(head.period_start, head.period_end)
    if period:
        data["period"] = period
    phases = {}
    for phase in PHASES:
        dates = (head.phases or {}).get(phase) or [None, None]
        span = _span(*[*list(dates), None, None][:2])
        if span:
            phases[phase] = span
    if phases:
        data["phases"] = phases
    for unit in data["units"]:
        if ticks.get(unit["id"]):
            unit["checklist"] = ticks[unit["id"]]
    for entry, decided_at in decisions:
        if decided_at is not None:
            entry["decided_at"] = iso_time(clock.aware(decided_at))
    objects = select(_O.name, _O.kind, _O.note).where(_O.case_id == case_id).order_by(_O.position, _O.id)
    data["objects"] = [
        {"name": name, "kind": kind or "", "note": note or ""} for name, kind, note in s.execute(objects)
    ]
    ratings = select(_RAT.unit_id, _RAT.likelihood, _RAT.impact, _RAT.note).where(_RAT.case_id == case_id)
    data["risk_ratings"] = [
        {"unit": unit, "likelihood": likelihood, "impact": impact, "note": note or ""}
        for unit, likelihood, impact, note in s.execute(ratings.order_by(_RAT.unit_id))
    ]
    evidence = select(
        _EV.original_name, _EV.sha256, _EV.reliability, _EV.method, _EV.kind, _EV.unit_id, _EV.object_name, _EV.size,
        _EV.added_at, _EV.note, _EV.details,
    ).where(_EV.case_id == case_id)  # fmt: skip
    data["evidence"] = [_evidence_dict(row) for row in s.execute(evidence.order_by(_EV.id))]


def _evidence_dict(row: Any) -> dict[str, Any]:
    file, sha256, reliability, method, kind, unit, obj, size, added_at, note, details = row
    out: dict[str, Any] = {
        "file": file,
        "sha256": sha256,
        "reliability": reliability,
        "method": method,
        "kind": kind,
        "unit": unit,
        "object": obj,
        "size": size,
        "added_at": iso_time(clock.aware(added_at)) if added_at else None,
        "note": note,
        "details": dict(details or {}),
    }
    return {k: v for k, v in out.items() if v is not None}


_RESULT_KEYS = ("format", "system", "threshold", "units", "compensations", "risk_decisions")


def results_only(data: dict[str, Any]) -> dict[str, Any]:
    """The results of a :func:`read_case_dict` dictionary, without its record-keeping fields.

    What a duplicated case copies through :func:`app.mipin.cases.canonical_case`: units, objects,
    compensations and decisions, but no 测评实施 ticks, decision times, ratings or evidence.
    """
    out = {key: data[key] for key in _RESULT_KEYS}
    out["units"] = [{k: v for k, v in unit.items() if k != "checklist"} for unit in data["units"]]
    out["risk_decisions"] = [{k: v for k, v in d.items() if k != "decided_at"} for d in data["risk_decisions"]]
    return out

"""The case reader before issue 9's speed-up, kept verbatim as the reference of the differential tests.

``get_case_row`` + ``case_to_dict`` + ``add_record`` (and ``load_session``) loaded a case as ORM objects (relationship
loaders, identity map) and turned them into the ``mipin-case/1`` dictionary; :func:`old_load_bundle`
is the old :func:`app.mipin.bundle.load_bundle`, :func:`old_load_session` the old
:func:`app.mipin.casework.session.load_session`. :mod:`app.mipin.caseread` replaced them with
Core queries; tests/store/test_caseread.py proves both give the same dictionary and bundle.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.mipin.bundle import CaseBundle, bundle_from_case
from app.mipin.caserows import get_case_row
from app.mipin.casework.edits.evidence import evidence_order, record_from_row
from app.mipin.casework.session import CaseSession
from app.mipin.casework.state import CaseHeaderState, DecisionState, ObjectDef, ObjectState, RatingState, UnitState
from app.mipin.engine import Catalogue, load_catalogue, parse_case
from app.mipin.engine import Compensation as EngineCompensation
from app.mipin.engine.caserecord import PHASES, iso_time
from app.mipin.tables import Case, Compensation, Evidence, RiskDecision, RiskRating, UnitEntry
from app.mipin.tables import Compensation as CompensationRow
from app.mipin.tables import RiskDecision as DecisionRow
from app.store import audit
from app.store.store import Store

_OBJECT_OPTIONAL = ("module_level", "ra", "rk")


def from_store(moment: datetime) -> datetime:
    return clock.aware(moment)


def old_load_bundle(store: Store, case_id: int) -> CaseBundle:
    with store.read() as s:
        row = get_case_row(s, case_id)
        raw = add_record(s, row, case_to_dict(s, row))
        updated = row.updated_at
    bundle = bundle_from_case(parse_case(raw))
    return replace(bundle, case_id=case_id, updated_at=updated, audit=audit.summary(store, case_id))


def old_case_dict(store: Store, case_id: int) -> dict[str, Any]:
    """What the old ``export_case`` parsed: the rows' dictionary with the record-keeping fields."""
    with store.read() as s:
        row = get_case_row(s, case_id)
        return add_record(s, row, case_to_dict(s, row))


def old_results_dict(store: Store, case_id: int) -> dict[str, Any]:
    """What the old ``duplicate_case`` canonicalised: the rows' dictionary without record-keeping fields."""
    with store.read() as s:
        return case_to_dict(s, get_case_row(s, case_id))


def case_to_dict(s: Session, case: Case) -> dict[str, Any]:
    """Serialise a case row from :func:`get_case_row` to a ``mipin-case/1`` dictionary (not yet canonicalised)."""
    system: dict[str, Any] = {
        "name": case.system_name,
        "level": case.level,
        "client": case.client,
        "assessor": case.assessor,
        "report_no": case.report_no,
    }
    system.update(case.system_extra or {})
    units: list[dict[str, Any]] = []
    for unit in case.units:
        entry: dict[str, Any] = {"id": unit.unit_id}
        if not unit.applicable:
            entry["applicable"] = False
            entry["na_reason"] = unit.na_reason
        if unit.has_objects:
            objects = []
            for oe in unit.entries:
                obj: dict[str, Any] = {"name": oe.object.name}
                for key, value in (("D", oe.d), ("A", oe.a), ("K", oe.k)):
                    if value is not None:
                        obj[key] = value
                obj["algorithms"] = list(oe.algorithms or [])
                obj["protocols"] = list(oe.protocols or [])
                for key in _OBJECT_OPTIONAL:
                    value = getattr(oe, key)
                    if value is not None:
                        obj[key] = int(value) if key == "module_level" else value
                obj["key_hazards"] = list(oe.key_hazards or [])
                obj["record"] = oe.record or ""
                objects.append(obj)
            entry["objects"] = objects
        if unit.result is not None:
            entry["result"] = unit.result
        if unit.record:
            entry["record"] = unit.record
        units.append(entry)
    comps = s.scalars(select(Compensation).where(Compensation.case_id == case.id).order_by(Compensation.position))
    decisions = s.scalars(select(RiskDecision).where(RiskDecision.case_id == case.id).order_by(RiskDecision.position))
    result: dict[str, Any] = {
        "format": "mipin-case/1",
        "system": system,
        "threshold": case.threshold,
        "units": units,
        "compensations": [
            {"unit": c.unit, "object": c.object, "from_unit": c.from_unit, "from_object": c.from_object} for c in comps
        ],
        "risk_decisions": [_decision_dict(d) for d in decisions],
    }
    return result


def _decision_dict(d: RiskDecision) -> dict[str, Any]:
    out: dict[str, Any] = {"item": d.item, "unit": d.unit}
    if d.object is not None:
        out["object"] = d.object
    out["decision"] = d.decision
    if d.reason:
        out["reason"] = d.reason
    if d.mitigation:
        out["mitigation"] = d.mitigation
    return out


def _span(start: date | str | None, end: date | str | None) -> dict[str, str]:
    """``{"start": …, "end": …}`` of the dates given (the store keeps phases as ISO strings, the period as dates)."""
    out = {}
    for key, value in (("start", start), ("end", end)):
        if value:
            out[key] = value if isinstance(value, str) else value.isoformat()
    return out


def _ticks_in_range(entry: UnitEntry) -> list[int]:
    """The unit's ticked 测评实施 items that exist in the catalogue.

    Versions before the checklist was validated could store an index past the unit's
    ``test_procedure`` (no such item was ever shown, so no tick is lost); dropping it keeps an old
    case exportable, reportable and importable instead of failing validation forever.
    """
    definition = load_catalogue().find_unit(entry.unit_id)
    count = len(definition.test_procedure) if definition else 0
    return sorted({int(i) for i in entry.checklist or [] if 0 <= int(i) < count})


def add_record(s: Session, row: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Add the record-keeping fields of ``row`` to its :func:`~app.mipin.cases.case_to_dict` dictionary.

    Args:
        s: A session of the store.
        row: The case row (from :func:`~app.mipin.cases.get_case_row`).
        data: Its dictionary; completed in place and returned.
    """
    period = _span(row.period_start, row.period_end)
    if period:
        data["period"] = period
    phases = {}
    for phase in PHASES:
        dates = (row.phases or {}).get(phase) or [None, None]
        span = _span(*[*list(dates), None, None][:2])
        if span:
            phases[phase] = span
    if phases:
        data["phases"] = phases
    ticks = {u.unit_id: _ticks_in_range(u) for u in row.units}
    for unit in data["units"]:
        if ticks.get(unit["id"]):
            unit["checklist"] = ticks[unit["id"]]
    decisions = s.scalars(select(RiskDecision).where(RiskDecision.case_id == row.id).order_by(RiskDecision.position))
    for entry, decision in zip(data["risk_decisions"], decisions, strict=False):
        if decision.decided_at is not None:
            entry["decided_at"] = iso_time(from_store(decision.decided_at))
    data["objects"] = [{"name": o.name, "kind": o.kind or "", "note": o.note or ""} for o in row.objects]
    ratings = s.scalars(select(RiskRating).where(RiskRating.case_id == row.id).order_by(RiskRating.unit_id))
    data["risk_ratings"] = [
        {"unit": r.unit_id, "likelihood": r.likelihood, "impact": r.impact, "note": r.note or ""} for r in ratings
    ]
    evidence = s.scalars(select(Evidence).where(Evidence.case_id == row.id).order_by(Evidence.id))
    data["evidence"] = [_evidence_dict(e) for e in evidence]
    return data


def _evidence_dict(row: Evidence) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": row.original_name,
        "sha256": row.sha256,
        "reliability": row.reliability,
        "method": row.method,
        "kind": row.kind,
        "unit": row.unit_id,
        "object": row.object_name,
        "size": row.size,
        "added_at": iso_time(from_store(row.added_at)) if row.added_at else None,
        "note": row.note,
        "details": dict(row.details or {}),
    }
    return {k: v for k, v in out.items() if v is not None}


def _old_unit_from_row(row: UnitEntry) -> UnitState:
    return UnitState(
        id=row.unit_id,
        applicable=row.applicable,
        na_reason=row.na_reason or "",
        result=row.result,
        record=row.record or "",
        checklist=[int(i) for i in (row.checklist or [])],
        has_objects=row.has_objects,
        objects=[
            ObjectState(
                name=e.object.name,
                d=e.d,
                a=e.a,
                k=e.k,
                algorithms=list(e.algorithms or []),
                protocols=list(e.protocols or []),
                module_level=e.module_level,
                key_hazards=list(e.key_hazards or []),
                ra=e.ra,
                rk=e.rk,
                record=e.record or "",
            )
            for e in row.entries
        ],
    )


def old_load_session(store: Store, case_id: int, catalogue: Catalogue | None = None) -> CaseSession:
    """Read everything about one case from the store into a new session.

    Raises:
        NotFoundError: No such case.
    """
    with store.read() as s:
        case = get_case_row(s, case_id)
        header = CaseHeaderState(
            system_name=case.system_name,
            level=case.level,
            client=case.client or "",
            assessor=case.assessor or "",
            report_no=case.report_no or "",
            threshold=case.threshold,
            period_start=case.period_start,
            period_end=case.period_end,
            phases=dict(case.phases or {}),
            archived=case.archived,
            demo=case.demo,
        )
        session = CaseSession(case_id, header, catalogue)
        session.objects = [ObjectDef(o.name, o.kind or "", o.note or "") for o in case.objects]
        session.units = {u.unit_id: _old_unit_from_row(u) for u in case.units}
        where = {"case_id": case_id}
        session.compensations = [
            EngineCompensation(c.unit, c.object, c.from_unit, c.from_object)
            for c in s.scalars(
                select(CompensationRow).filter_by(**where).order_by(CompensationRow.position, CompensationRow.id)
            )
        ]
        session.decisions = [
            DecisionState(d.item, d.unit, d.object, d.decision, d.reason or "", d.mitigation or "", d.decided_at)
            for d in s.scalars(select(DecisionRow).filter_by(**where).order_by(DecisionRow.position, DecisionRow.id))
        ]
        session.ratings = {
            r.unit_id: RatingState(r.likelihood, r.impact, r.note or "")
            for r in s.scalars(select(RiskRating).filter_by(**where))
        }
        session.evidence = sorted(
            (record_from_row(e) for e in s.scalars(select(Evidence).filter_by(**where).order_by(Evidence.id))),
            key=evidence_order,
        )
    return session

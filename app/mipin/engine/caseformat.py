"""Read, validate and write the ``mipin-case/1`` exchange format (JSON, UTF-8).

* :func:`parse_case` validates an already decoded JSON value and returns a :class:`CaseInput`.
  It does not stop at the first problem: every error is collected, with its field path
  (``units[3].objects[0].A``), into one :class:`~app.core.errors.InputErrors` whose first entry is
  what the CLI prints. Importers show the full ``errors`` list.
* :func:`load_case_file` reads a file; bad UTF-8 or JSON is an :class:`~app.core.errors.InputError`
  naming ``file:line:column``.
* :func:`dump_case` writes the canonical form: aliases resolved (``pass`` → ``√``, ``partial`` →
  ``部分符合``, ``rsa1024`` → ``RSA-1024``), N/A units as ``"applicable": false``, empty optional
  fields left out. ``parse_case(dump_case(c)) == c`` for every parsed ``c``.

Untested units and objects are *not* errors here (importers must be able to load unfinished
cases); :func:`app.mipin.engine.scoring.score_case` deals with them. The format is documented in
``docs/mipin-case-format.md``.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.core.errors import InputError, InputErrors
from app.core.jsonfile import read_json_file
from app.mipin.engine import case as c
from app.mipin.engine.caseparse import CaseParser
from app.mipin.engine.caserecord import EvidenceRef, Span, iso_time
from app.mipin.engine.catalogue import Catalogue, load_catalogue


def parse_case(data: object, catalogue: Catalogue | None = None) -> c.CaseInput:
    """Validate a decoded ``mipin-case/1`` JSON value.

    Args:
        data: The value from ``json.load`` (a dict for a valid case).
        catalogue: The catalogue to validate against (default: :func:`load_catalogue`).

    Returns:
        The normalised case; ``notices`` holds non-fatal remarks (unknown fields ignored,
        N/A without a reason, …).

    Raises:
        InputErrors: One entry per problem, in document order.
    """
    return CaseParser(catalogue or load_catalogue()).parse(data)


def load_case_file(path: str | Path, catalogue: Catalogue | None = None) -> c.CaseInput:
    """Read and validate a ``mipin-case/1`` file.

    Raises:
        InputError: The file cannot be read, is not UTF-8 or not JSON (the field is
            ``file:line:column``), or the case is invalid (:class:`InputErrors`).
    """
    path = Path(path)
    data = read_json_file(path)
    try:
        return parse_case(data, catalogue)
    except InputErrors as exc:
        # A problem with the whole document has no field path; name the file instead.
        errors = [InputError(str(path), e.reason) if not e.field else e for e in exc.errors]
        raise InputErrors(errors) from None


def dump_case(case: c.CaseInput) -> dict[str, Any]:
    """Return the canonical ``mipin-case/1`` JSON value of ``case`` (ready for ``json.dump``)."""
    system: dict[str, Any] = {}
    for key in ("name", "level", "client", "assessor", "report_no"):
        value = getattr(case.system, key)
        if value is not None:
            system[key] = value
    out: dict[str, Any] = {"format": c.FORMAT, "system": system, "threshold": _number(case.threshold)}
    if not case.period.empty:
        out["period"] = _span(case.period)
    if case.phases:
        out["phases"] = {p.phase: _span(p.span) for p in case.phases}
    out["units"] = [_dump_unit(u) for u in case.units]
    out["compensations"] = [
        {"unit": x.unit, "object": x.object, "from_unit": x.from_unit, "from_object": x.from_object}
        for x in case.compensations
    ]
    out["risk_decisions"] = [_dump_decision(d) for d in case.risk_decisions]
    if case.objects:
        out["objects"] = [_dropping_empty({"name": o.name, "kind": o.kind, "note": o.note}) for o in case.objects]
    if case.risk_ratings:
        out["risk_ratings"] = [
            _dropping_empty({"unit": r.unit, "likelihood": r.likelihood, "impact": r.impact, "note": r.note})
            for r in case.risk_ratings
        ]
    if case.evidence:
        out["evidence"] = [_dump_evidence(e) for e in case.evidence]
    return out


def _span(span: Span) -> dict[str, str]:
    return {k: v.isoformat() for k, v in (("start", span.start), ("end", span.end)) if v is not None}


def _dropping_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", {}, [])}


def _dump_evidence(ref: EvidenceRef) -> dict[str, Any]:
    return _dropping_empty(
        {
            "file": ref.file,
            "sha256": ref.sha256,
            "reliability": ref.reliability,
            "method": ref.method,
            "kind": ref.kind,
            "unit": ref.unit,
            "object": ref.object,
            "size": ref.size,
            "added_at": iso_time(ref.added_at) if ref.added_at else None,
            "note": ref.note,
            "details": copy.deepcopy(ref.details),
        }
    )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _dump_unit(unit: c.UnitInput) -> dict[str, Any]:
    out: dict[str, Any] = {"id": unit.id}
    if not unit.applicable:
        out["applicable"] = False
    if unit.na_reason is not None:
        out["na_reason"] = unit.na_reason
    if unit.result is not None:
        out["result"] = unit.result
    if unit.record is not None:
        out["record"] = unit.record
    if unit.objects:
        out["objects"] = [_dump_object(o) for o in unit.objects]
    if unit.checklist:
        out["checklist"] = list(unit.checklist)
    return out


def _dump_object(obj: c.ObjectInput) -> dict[str, Any]:
    out: dict[str, Any] = {"name": obj.name}
    for key, value in (("D", obj.d), ("A", obj.a), ("K", obj.k)):
        if value is not None:
            out[key] = value
    if obj.algorithms:
        out["algorithms"] = list(obj.algorithms)
    if obj.protocols:
        out["protocols"] = list(obj.protocols)
    if obj.module_level is not None:
        out["module_level"] = obj.module_level
    if obj.key_hazards:
        out["key_hazards"] = list(obj.key_hazards)
    if obj.ra is not None:
        out["ra"] = _number(obj.ra)
    if obj.rk is not None:
        out["rk"] = _number(obj.rk)
    if obj.record is not None:
        out["record"] = obj.record
    return out


def _dump_decision(decision: c.RiskDecision) -> dict[str, Any]:
    out: dict[str, Any] = {"item": decision.item, "unit": decision.unit}
    if decision.object is not None:
        out["object"] = decision.object
    out["decision"] = decision.decision
    if decision.reason is not None:
        out["reason"] = decision.reason
    if decision.mitigation is not None:
        out["mitigation"] = decision.mitigation
    if decision.decided_at is not None:
        out["decided_at"] = iso_time(decision.decided_at)
    return out

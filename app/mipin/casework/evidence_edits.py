"""Evidence edits of :class:`app.mipin.casework.editor.CaseEditor` (validate → one transaction → audit record).

Kept apart from :mod:`app.mipin.casework.editor` to keep modules small; ``CaseEditor`` inherits these methods,
so evidence still goes through the single write path. The file itself is copied beforehand by
:func:`app.mipin.evidence.records.store_file`; these methods record, change or remove the evidence row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InputError
from app.mipin.evidence.records import INDICATORS, EvidenceRecord, reliability_of, validate_record
from app.mipin.tables import Case, Evidence


def record_from_row(row: Evidence) -> EvidenceRecord:
    """The plain record of an evidence row."""
    return EvidenceRecord(
        sha256=row.sha256,
        original_name=row.original_name,
        size=row.size,
        kind=row.kind,
        method=row.method,
        reliability=row.reliability,
        unit_id=row.unit_id,
        object_name=row.object_name,
        note=row.note,
        details=dict(row.details or {}),
        added_at=row.added_at,
    )


def row_from_record(case_id: int, record: EvidenceRecord) -> Evidence:
    """A new evidence row of ``record`` (attached now unless the record says when)."""
    return Evidence(
        case_id=case_id,
        unit_id=record.unit_id,
        object_name=record.object_name,
        sha256=record.sha256,
        original_name=record.original_name,
        size=record.size,
        kind=record.kind,
        method=record.method,
        reliability=record.reliability,
        note=record.note,
        details=dict(record.details),
        added_at=record.added_at or datetime.now().replace(microsecond=0),
    )


def _find(s: Session, case_id: int, sha256: str, unit_id: str | None, object_name: str | None) -> Evidence | None:
    query = select(Evidence).where(Evidence.case_id == case_id, Evidence.sha256 == sha256)
    query = query.where(Evidence.unit_id.is_(None) if unit_id is None else Evidence.unit_id == unit_id)
    query = query.where(Evidence.object_name.is_(None) if object_name is None else Evidence.object_name == object_name)
    return s.scalar(query)


def _target(sha256: str, unit_id: str | None, object_name: str | None) -> str:
    return f"evidence:{sha256[:12]}/unit:{unit_id or '*'}/object:{object_name or '*'}"


def _audit_value(record: EvidenceRecord) -> dict[str, Any]:
    value = asdict(record)
    value["added_at"] = record.added_at.isoformat() if record.added_at else None
    return value


def normalise_observed(observed: object) -> dict[str, str]:
    """Validate observed marks ``{"D": "√", …}``; empty values are dropped."""
    if not isinstance(observed, dict):
        raise InputError("observed", "must be an object of D/A/K marks")
    out: dict[str, str] = {}
    for key, mark in observed.items():
        if key not in INDICATORS:
            raise InputError(f"observed.{key}", "must be D, A or K")
        if mark in (None, ""):
            continue
        if mark not in ("√", "×", "/"):
            raise InputError(f"observed.{key}", "必须是 √、× 或 /")
        out[str(key)] = str(mark)
    return out


EVIDENCE_FIELDS = ("method", "note", "observed")


def normalise_evidence_values(values: dict[str, Any]) -> dict[str, Any]:
    """Validate a change of an evidence item; returns ``method``, ``note``, ``observed`` as they are stored.

    Raises:
        InputError: Unknown field, unknown method or a bad observed mark.
    """
    unknown = set(values) - set(EVIDENCE_FIELDS)
    if unknown:
        raise InputError(sorted(unknown)[0], f"unknown evidence field; fields: {', '.join(EVIDENCE_FIELDS)}")
    out: dict[str, Any] = {}
    if "method" in values:
        out["method"] = str(values["method"])
        reliability_of(out["method"])
    if "note" in values:
        out["note"] = str(values["note"] or "")
    if "observed" in values:
        out["observed"] = normalise_observed(values["observed"])
    return out


class EvidenceEditsMixin:
    """Evidence methods of the case editor (see :class:`app.mipin.casework.editor.CaseEditor`)."""

    def _edit(
        self, case_id: int, action: str, target: str, change: Callable[[Session, Case], tuple[Any, Any]]
    ) -> Any:  # pragma: no cover - provided by CaseEditor
        raise NotImplementedError

    def add_evidence(self, case_id: int, record: EvidenceRecord) -> None:
        """Record an evidence item whose file is already in the evidence folder.

        Raises:
            InputError: Invalid record, or the same file is already attached to the same target.
        """
        validate_record(record)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            if _find(s, case.id, record.sha256, record.unit_id, record.object_name) is not None:
                raise InputError("evidence", f"证据 “{record.original_name}” 已附加到该对象/单元")
            s.add(row_from_record(case.id, record))
            return None, _audit_value(record)

        self._edit(case_id, "add_evidence", _target(record.sha256, record.unit_id, record.object_name), change)

    def delete_evidence(
        self, case_id: int, sha256: str, unit_id: str | None, object_name: str | None
    ) -> EvidenceRecord | None:
        """Remove an evidence item (the stored file stays: other items may share it); returns it."""
        removed: list[EvidenceRecord] = []

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            row = _find(s, case.id, sha256, unit_id, object_name)
            if row is None:
                return None, None
            removed[:] = [record_from_row(row)]
            s.delete(row)
            return _audit_value(removed[0]), None

        self._edit(case_id, "delete_evidence", _target(sha256, unit_id, object_name), change)
        return removed[0] if removed else None

    def update_evidence(
        self,
        case_id: int,
        sha256: str,
        unit_id: str | None,
        object_name: str | None,
        values: dict[str, Any],
    ) -> dict[str, Any]:
        """Change an item's ``method`` (its class follows), ``note`` or ``observed`` marks; returns the old values.

        Raises:
            InputError: Unknown field or value, or no such item.
        """
        clean = normalise_evidence_values(values)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            row = _find(s, case.id, sha256, unit_id, object_name)
            if row is None:
                raise InputError("evidence", "没有这条证据")
            old: dict[str, Any] = {}
            if "method" in clean:
                old["method"] = row.method
                row.method, row.reliability = clean["method"], reliability_of(clean["method"])
            if "note" in clean:
                old["note"] = row.note
                row.note = clean["note"]
            if "observed" in clean:
                details = dict(row.details or {})
                old["observed"] = dict(details.get("observed") or {})
                row.details = {**details, "observed": clean["observed"]}
            return old, dict(values)

        result: dict[str, Any] = self._edit(case_id, "update_evidence", _target(sha256, unit_id, object_name), change)
        return result

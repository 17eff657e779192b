"""Edits of evidence items: attach (the file is already stored), remove, change method, note or observed marks.

The file itself is copied beforehand by :func:`app.mipin.evidence.records.store_file`; these
edits record, change or remove the item. Items are kept in one order everywhere — by the time
they were attached, then by hash and target (:func:`evidence_order`) — so removing an item and
undoing that puts it back in its place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from app.core import clock
from app.core.edits import Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit
from app.mipin.casework.view import CaseView, EvidenceKey
from app.mipin.evidence.records import INDICATORS, EvidenceRecord, reliability_of, validate_record
from app.mipin.tables import Evidence

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession

EVIDENCE_FIELDS = ("method", "note", "observed")
_NEVER = datetime.min.replace(tzinfo=clock.UTC)


def evidence_order(record: EvidenceRecord) -> tuple[Any, ...]:
    """The order of a case's evidence items (when attached, then hash, unit and object)."""
    added = record.added_at or _NEVER
    return (added, record.sha256, record.unit_id or "", record.object_name or "")


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
        added_at=record.added_at or clock.now_seconds(),
    )


def _target(key: EvidenceKey) -> str:
    sha256, unit_id, object_name = key
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


def normalise_evidence_values(values: object) -> dict[str, Any]:
    """Validate a change of an evidence item; returns ``method``, ``note``, ``observed`` as they are stored.

    Raises:
        InputError: Unknown field, unknown method or a bad observed mark.
    """
    if not isinstance(values, dict):
        raise InputError("values", "must be an object of evidence fields")
    unknown = set(values) - set(EVIDENCE_FIELDS)
    if unknown:
        raise InputError(
            str(sorted(map(str, unknown))[0]), f"unknown evidence field; fields: {', '.join(EVIDENCE_FIELDS)}"
        )
    out: dict[str, Any] = {}
    if "method" in values:
        out["method"] = str(values["method"])
        reliability_of(out["method"])
    if "note" in values:
        out["note"] = str(values["note"] or "")
    if "observed" in values:
        out["observed"] = normalise_observed(values["observed"])
    return out


@dataclass(frozen=True)
class AddEvidence(CaseEdit):
    """Record an evidence item whose file is already in the evidence folder.

    A record without ``added_at`` is stamped now, once, so the case in memory and the store agree.
    """

    record: EvidenceRecord
    action: ClassVar[str] = "add_evidence"

    def __post_init__(self) -> None:
        if isinstance(self.record, EvidenceRecord) and self.record.added_at is None:
            object.__setattr__(self, "record", replace(self.record, added_at=clock.now_seconds()))

    def validate(self, view: CaseView) -> None:
        """A valid record, not yet attached to the same target."""
        if not isinstance(self.record, EvidenceRecord):
            raise InputError("record", "must be an evidence record")
        validate_record(self.record)
        added = self.record.added_at
        if added is None or added.tzinfo is None:
            raise InputError("added_at", "must be a timezone-aware time")
        if self.record.key in view.evidence_keys():
            raise InputError("evidence", f"证据 “{self.record.original_name}” 已附加到该对象/单元")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Add the item in its place; the inverse removes it."""
        state.evidence = sorted([*state.evidence, self.record], key=evidence_order)
        state.touch(self.record.unit_id)
        return DeleteEvidence(*self.record.key)

    def write(self, rows: StoredCase) -> Change:
        """Add the evidence row."""
        rows.session.add(row_from_record(rows.case.id, self.record))
        return Change(self.action, _target(self.record.key), None, _audit_value(self.record))


@dataclass(frozen=True)
class DeleteEvidence(CaseEdit):
    """Remove an evidence item (the stored file stays: other items may share it)."""

    sha256: str
    unit_id: str | None
    object_name: str | None
    action: ClassVar[str] = "delete_evidence"

    @property
    def key(self) -> EvidenceKey:
        """What identifies the item."""
        return (self.sha256, self.unit_id, self.object_name)

    def validate(self, view: CaseView) -> None:
        """Nothing to check: a missing item is simply nothing to remove."""

    def apply(self, state: CaseSession) -> CaseCommand:
        """Remove the item; the inverse attaches it again."""
        record = next((e for e in state.evidence if e.key == self.key), None)
        if record is None:
            return NOOP
        state.evidence.remove(record)
        state.touch(self.unit_id)
        return AddEvidence(record)

    def write(self, rows: StoredCase) -> Change:
        """Delete the evidence row."""
        row = rows.evidence_row(self.key)
        if row is None:
            return Change(self.action, _target(self.key), None, None)
        old = _audit_value(record_from_row(row))
        rows.session.delete(row)
        return Change(self.action, _target(self.key), old, None)


@dataclass(frozen=True)
class UpdateEvidence(CaseEdit):
    """Change an item's ``method`` (its class follows), ``note`` or ``observed`` marks."""

    sha256: str
    unit_id: str | None
    object_name: str | None
    values: dict[str, Any]
    action: ClassVar[str] = "update_evidence"

    @property
    def key(self) -> EvidenceKey:
        """What identifies the item."""
        return (self.sha256, self.unit_id, self.object_name)

    def validate(self, view: CaseView) -> None:
        """Known fields with valid values, of an existing item."""
        normalise_evidence_values(self.values)
        if self.key not in view.evidence_keys():
            raise InputError("evidence", "没有这条证据")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Change the item; the inverse sets the old values."""
        clean = normalise_evidence_values(self.values)
        index = next(i for i, e in enumerate(state.evidence) if e.key == self.key)
        record = state.evidence[index]
        old: dict[str, Any] = {}
        changes: dict[str, Any] = {}
        if "method" in clean:
            old["method"] = record.method
            changes.update(method=clean["method"], reliability=reliability_of(clean["method"]))
        if "note" in clean:
            old["note"] = record.note
            changes["note"] = clean["note"]
        if "observed" in clean:
            old["observed"] = dict(record.details.get("observed") or {})
            changes["details"] = {**record.details, "observed": clean["observed"]}
        state.evidence[index] = replace(record, **changes)
        state.touch(self.unit_id)
        return UpdateEvidence(*self.key, old)

    def write(self, rows: StoredCase) -> Change:
        """Change the evidence row."""
        clean = normalise_evidence_values(self.values)
        row = rows.evidence_row(self.key)
        assert row is not None  # validated
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
        return Change(self.action, _target(self.key), old, clean)

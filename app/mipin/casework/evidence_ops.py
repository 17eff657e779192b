"""Evidence edits of an open case (mirroring :mod:`~app.mipin.casework.evidence_edits`), part of ``CaseOpsMixin``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.core.edits import NOOP, Op
from app.core.errors import InputError
from app.mipin.casework.evidence_edits import normalise_evidence_values
from app.mipin.evidence.records import EvidenceRecord, reliability_of, validate_record


class EvidenceOpsMixin:
    """add/delete/update evidence, applied locally; each returns the inverse op."""

    evidence: list[EvidenceRecord]

    def touch(self, unit_id: str | None = None) -> None:  # pragma: no cover - provided by CaseSession
        """Note a change."""
        raise NotImplementedError

    def _evidence_index(self, sha256: str, unit_id: str | None, object_name: str | None) -> int | None:
        key = (sha256, unit_id, object_name)
        return next((i for i, e in enumerate(self.evidence) if e.key == key), None)

    def add_evidence(self, record: EvidenceRecord) -> Op:
        """Add an evidence item (its file is already stored)."""
        validate_record(record)
        if self._evidence_index(*record.key) is not None:
            raise InputError("evidence", f"证据 “{record.original_name}” 已附加到该对象/单元")
        self.evidence.append(record)
        self.touch(record.unit_id)
        return Op("delete_evidence", record.key)

    def delete_evidence(self, sha256: str, unit_id: str | None, object_name: str | None) -> Op:
        """Remove an evidence item."""
        index = self._evidence_index(sha256, unit_id, object_name)
        if index is None:
            return NOOP
        record = self.evidence.pop(index)
        self.touch(unit_id)
        return Op("add_evidence", (record,))

    def update_evidence(self, sha256: str, unit_id: str | None, object_name: str | None, values: dict[str, Any]) -> Op:
        """Change an item's method (class follows), note or observed marks."""
        clean = normalise_evidence_values(values)
        index = self._evidence_index(sha256, unit_id, object_name)
        if index is None:
            raise InputError("evidence", "没有这条证据")
        record = self.evidence[index]
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
        self.evidence[index] = replace(record, **changes)
        self.touch(unit_id)
        return Op("update_evidence", (sha256, unit_id, object_name, old))

"""Everything known about one case, as plain frozen dataclasses (for reports, packages, workers).

A :class:`CaseBundle` carries the canonical ``mipin-case/1`` content plus the app's extra data
that the exchange format does not hold: phase dates, test-object types, evidence, risk ratings
and the times risk decisions were made. Loaded from the store or built from a JSON file (then
the extras are empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app.mipin.caserows import case_to_dict, get_case_row
from app.mipin.cases import PHASES
from app.mipin.engine import CaseInput, dump_case, parse_case
from app.mipin.tables import Evidence, RiskDecision, RiskRating
from app.store import audit
from app.store.audit import AuditSummary
from app.store.store import Store


@dataclass(frozen=True)
class ObjectInfo:
    """A test object defined for the case (asset tables in report chapter 2)."""

    name: str
    kind: str = ""
    note: str = ""


@dataclass(frozen=True)
class EvidenceInfo:
    """One evidence item (report appendix B and the checklist's evidence counts)."""

    id: int
    unit_id: str | None
    object_name: str | None
    sha256: str
    original_name: str
    size: int
    kind: str
    method: str
    reliability: int
    note: str
    added_at: datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RiskRatingInfo:
    """Likelihood and impact of one 部分符合/不符合 unit."""

    unit_id: str
    likelihood: str
    impact: str
    note: str = ""


@dataclass(frozen=True)
class DecisionInfo:
    """When a risk decision was made (the decision itself is in ``CaseBundle.case``)."""

    item: str
    unit: str
    object: str | None
    decision: str
    decided_at: datetime | None


@dataclass(frozen=True)
class CaseBundle:
    """A case with everything the app knows about it.

    Attributes:
        case_id: The store id, or None for a case read from a file.
        data: The canonical ``mipin-case/1`` dictionary.
        case: The parsed case (input of :func:`app.mipin.engine.score_case`).
        phases: ``{phase: (start, end)}`` for the four process phases (may be empty).
        period_start: 评估开始日期.
        period_end: 评估结束日期.
        objects: The case's test objects with their types.
        evidence: Evidence items.
        risk_ratings: Likelihood/impact ratings by unit.
        decisions: When each risk decision was made.
        updated_at: Last change in the store.
        audit: Summary of the hash-chained audit trail (None for a case read from a file).
    """

    case_id: int | None
    data: dict[str, Any]
    case: CaseInput
    phases: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    period_start: date | None = None
    period_end: date | None = None
    objects: tuple[ObjectInfo, ...] = ()
    evidence: tuple[EvidenceInfo, ...] = ()
    risk_ratings: tuple[RiskRatingInfo, ...] = ()
    decisions: tuple[DecisionInfo, ...] = ()
    updated_at: datetime | None = None
    audit: AuditSummary | None = None


def bundle_from_data(data: object) -> CaseBundle:
    """Build a bundle from a decoded ``mipin-case/1`` value (extras empty).

    Raises:
        InputError: The value is not a valid case.
    """
    return bundle_from_case(parse_case(data))


def bundle_from_case(case: CaseInput) -> CaseBundle:
    """Build a bundle from an already parsed case (extras empty; its notices are kept)."""
    names = dict.fromkeys(obj.name for unit in case.units for obj in unit.objects)
    return CaseBundle(case_id=None, data=dump_case(case), case=case, objects=tuple(ObjectInfo(n) for n in names))


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def load_bundle(store: Store, case_id: int) -> CaseBundle:
    """Load a case and its extras from the store.

    Raises:
        NotFoundError: No such case.
    """
    with store.read() as s:
        row = get_case_row(s, case_id)
        raw = case_to_dict(s, row)
        phases = {p: (_date(v[0]), _date(v[1])) for p, v in (row.phases or {}).items() if p in PHASES and len(v) == 2}
        objects = tuple(ObjectInfo(o.name, o.kind, o.note) for o in row.objects)  # loaded by get_case_row
        evidence = tuple(
            EvidenceInfo(
                e.id, e.unit_id, e.object_name, e.sha256, e.original_name, e.size, e.kind, e.method,
                e.reliability, e.note, e.added_at, dict(e.details or {}),
            )
            for e in s.scalars(select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id))
        )  # fmt: skip
        ratings = tuple(
            RiskRatingInfo(r.unit_id, r.likelihood, r.impact, r.note)
            for r in s.scalars(select(RiskRating).where(RiskRating.case_id == case_id).order_by(RiskRating.unit_id))
        )
        decisions = tuple(
            DecisionInfo(d.item, d.unit, d.object, d.decision, d.decided_at)
            for d in s.scalars(
                select(RiskDecision).where(RiskDecision.case_id == case_id).order_by(RiskDecision.position)
            )
        )
        period = (row.period_start, row.period_end)
        updated = row.updated_at
    case = parse_case(raw)
    return CaseBundle(
        case_id=case_id,
        data=dump_case(case),
        case=case,
        phases=phases,
        period_start=period[0],
        period_end=period[1],
        objects=objects,
        evidence=evidence,
        risk_ratings=ratings,
        decisions=decisions,
        updated_at=updated,
        audit=audit.summary(store, case_id),
    )

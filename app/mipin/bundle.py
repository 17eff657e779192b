"""Everything known about one case, as plain frozen dataclasses (for reports, packages, workers).

A :class:`CaseBundle` carries the canonical ``mipin-case/1`` content — the results and the
record-keeping fields (phase dates, test-object types, evidence, risk ratings, the times risk
decisions were made) — in the forms the reports use. Everything but the store's own facts (its
id, the last change, the audit summary) is derived from the parsed case, so a report prints only
what the case fingerprint covers, and a case exported to a file gives the same report as the
stored case.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from app.core.memory import collector_paused
from app.mipin.caseread import read_case_dict
from app.mipin.cases import PHASES
from app.mipin.engine import CaseInput, dump_case, parse_case
from app.mipin.engine.caserecord import ObjectDefinition, RiskRatingInput
from app.mipin.evidence.records import EvidenceRecord
from app.store import audit
from app.store.audit import AuditSummary
from app.store.store import Store


@dataclass(frozen=True)
class EvidenceInfo(EvidenceRecord):
    """One evidence item (report appendix B and the checklist's evidence counts).

    The stored record's fields (:class:`~app.mipin.evidence.records.EvidenceRecord`) and ``id``,
    the item's position in the case's evidence list (1-based).
    """

    id: int = field(kw_only=True)


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
        data: The canonical ``mipin-case/1`` dictionary (the exchange file of the whole case).
        case: The parsed case (input of :func:`app.mipin.engine.score_case`).
        phases: ``{phase: (start, end)}`` for the four process phases (may be empty).
        period_start: 评估开始日期.
        period_end: 评估结束日期.
        objects: The case's test objects with their types (asset tables in report chapter 2).
        evidence: Evidence items.
        risk_ratings: Likelihood/impact ratings by unit (the case's own, ``CaseInput.risk_ratings``).
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
    objects: tuple[ObjectDefinition, ...] = ()
    evidence: tuple[EvidenceInfo, ...] = ()
    risk_ratings: tuple[RiskRatingInput, ...] = ()
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
    """Build a bundle from a parsed case (its notices are kept); the extras come from its record fields."""
    evidence = tuple(
        EvidenceInfo(
            e.sha256, e.file, e.size or 0, e.kind, e.method, e.reliability, e.unit, e.object, e.note, dict(e.details),
            e.added_at, id=i,
        )
        for i, e in enumerate(case.evidence, start=1)
    )  # fmt: skip
    return CaseBundle(
        case_id=None,
        data=dump_case(case),
        case=case,
        phases={p.phase: (p.span.start, p.span.end) for p in case.phases if p.phase in PHASES},
        period_start=case.period.start,
        period_end=case.period.end,
        objects=case.object_definitions(),
        evidence=evidence,
        risk_ratings=case.risk_ratings,
        decisions=tuple(DecisionInfo(d.item, d.unit, d.object, d.decision, d.decided_at) for d in case.risk_decisions),
    )


def load_bundle(store: Store, case_id: int) -> CaseBundle:
    """Load a case from the store: its whole exchange content, its last change and its audit summary.

    Raises:
        NotFoundError: No such case.
    """
    # The stored content is validated like a file's: the bundle is derived from the parsed case
    # only, so a report of the stored case is the report of its exported file (module docstring),
    # and a store written by an older version gets the same notices an import would.
    with collector_paused():  # the parsed case is ~20,000 small objects, none in a reference cycle
        with store.read() as s:
            stored = read_case_dict(s, case_id)
        bundle = bundle_from_case(parse_case(stored.data))
    return replace(bundle, case_id=case_id, updated_at=stored.updated_at, audit=audit.summary(store, case_id))

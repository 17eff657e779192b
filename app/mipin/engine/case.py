"""The validated, typed form of a ``mipin-case/1`` case (what :func:`parse_case` returns).

Values are already normalised: marks are ``√`` ``×`` ``/``, management results are
``符合`` ``部分符合`` ``不符合``, algorithm and protocol names are the catalogue's canonical
names, and a unit that does not apply is ``applicable=False`` whichever way the file said so.
Instances are frozen and compare by value, so ``parse_case(dump_case(c)) == c``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app.mipin.engine.caserecord import EvidenceRef, ObjectDefinition, PhaseDates, RiskRatingInput, Span

PASS = "√"
FAIL = "×"
NA = "/"
MARKS = (PASS, FAIL, NA)

CONFORM = "符合"
PARTIAL = "部分符合"
NONCONFORM = "不符合"
NOT_APPLICABLE = "不适用"
UNTESTED = "未测"
VERDICTS = (CONFORM, PARTIAL, NONCONFORM, NOT_APPLICABLE)
"""The verdicts a tested unit can have; a unit with anything untested is :data:`UNTESTED` instead."""

MITIGATED = "mitigated"
DISMISSED = "dismissed"
ADDED = "added"
CONFIRMED = "confirmed"
DECISIONS = (MITIGATED, DISMISSED, ADDED, CONFIRMED)

FORMAT = "mipin-case/1"
DEFAULT_THRESHOLD = Decimal(60)


@dataclass(frozen=True)
class Notice:
    """A non-fatal remark about the input or the result (printed as a warning).

    Attributes:
        field: The field path it concerns, e.g. ``risk_decisions[2]``.
        message: What is worth knowing, in Chinese.
    """

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass(frozen=True)
class SystemInfo:
    """The assessed system. Only ``level`` matters for scoring."""

    level: int
    name: str | None = None
    client: str | None = None
    assessor: str | None = None
    report_no: str | None = None


@dataclass(frozen=True)
class ObjectInput:
    """One 测评对象 of a technical unit.

    Attributes:
        name: Unique within its unit; compensations and risk decisions refer to it.
        d: 密码使用有效性, or None when not yet tested.
        a: 密码算法/技术合规性 (None: not given; only allowed when D is × or /).
        k: 密钥管理安全 (as for ``a``).
        algorithms: Canonical algorithm names.
        protocols: Canonical protocol names.
        module_level: GB/T 37092 level of the module holding the keys.
        key_hazards: Appendix A hazards found (ids like ``A.3.1`` or free text).
        ra: Explicit Ra (1, 0.5, 0.2) overriding the algorithm-based one.
        rk: Explicit Rk (1, 1.2, 1.5) overriding the module-level rule.
        record: 结果记录 text.
    """

    name: str
    d: str | None
    a: str | None = None
    k: str | None = None
    algorithms: tuple[str, ...] = ()
    protocols: tuple[str, ...] = ()
    module_level: int | None = None
    key_hazards: tuple[str, ...] = ()
    ra: Decimal | None = None
    rk: Decimal | None = None
    record: str | None = None

    @property
    def tested(self) -> bool:
        """Untested: no D yet, or D=√ while A or K is still missing (entry in progress)."""
        return self.d is not None and (self.d != PASS or (self.a is not None and self.k is not None))

    def missing_field(self) -> str:
        """The first D/A/K field still to be entered ("" when tested)."""
        if self.d is None:
            return "D"
        if self.d == PASS:
            return "A" if self.a is None else ("K" if self.k is None else "")
        return ""

    @property
    def excluded(self) -> bool:
        """D, A and K all ``/``: the object does not apply and is left out of the mean."""
        return self.d == NA


@dataclass(frozen=True)
class UnitInput:
    """One 测评单元 of the case.

    Attributes:
        id: Unit id, e.g. ``NC-1``.
        applicable: False for 不适用 (given as ``"applicable": false`` or result 不适用).
        na_reason: Why the unit does not apply.
        objects: Test objects (technical units).
        result: 符合 / 部分符合 / 不符合 (management units); None when untested or not applicable.
        record: 结果记录 text for the unit.
        checklist: The ticked 测评实施 items (indexes into the catalogue's ``test_procedure``), sorted.
    """

    id: str
    applicable: bool = True
    na_reason: str | None = None
    objects: tuple[ObjectInput, ...] = ()
    result: str | None = None
    record: str | None = None
    checklist: tuple[int, ...] = ()

    def object(self, name: str) -> ObjectInput | None:
        """Return the object called ``name``, or None."""
        for obj in self.objects:
            if obj.name == name:
                return obj
        return None


@dataclass(frozen=True)
class Compensation:
    """Object ``from_object`` of ``from_unit`` compensates object ``object`` of ``unit``."""

    unit: str
    object: str
    from_unit: str
    from_object: str


@dataclass(frozen=True)
class RiskDecision:
    """An assessor's decision about high-risk candidates.

    Attributes:
        item: High-risk item ``"5.1"`` … ``"10.2"``.
        unit: The unit the risk is in.
        object: The object; None matches all of the item's objects in the unit.
        decision: ``mitigated``, ``dismissed``, ``added`` or ``confirmed``.
        reason: Why (required except for ``mitigated``).
        mitigation: The mitigating measure in place, for ``mitigated``.
        decided_at: When it was decided (timezone-aware), if known.
    """

    item: str
    unit: str
    object: str | None
    decision: str
    reason: str | None = None
    mitigation: str | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class CaseInput:
    """A whole validated case.

    Attributes:
        system: The assessed system and its protection level.
        threshold: The 基本符合 threshold (default 60).
        units: The units in file order.
        compensations: Result corrections between NC-2↔AD-6 and NC-3↔AD-4 objects.
        risk_decisions: High-risk decisions in file order.
        period: 评估开始 and 结束 dates.
        phases: Dates of the GM/T 0116 phases that have any, in phase order.
        objects: Test-object definitions (types, notes, objects not yet tested); empty when they
            say nothing beyond the units' objects (see :func:`object_definitions`).
        risk_ratings: Chapter-6 likelihood/impact ratings, in catalogue order of their units.
        evidence: Evidence references, in the order they were attached.
        notices: Non-fatal remarks found while parsing (not part of equality).

    ``period`` … ``evidence`` and the units' ``checklist`` and decisions' ``decided_at`` are the
    record-keeping fields (:mod:`app.mipin.engine.caserecord`): scoring never reads them.
    """

    system: SystemInfo
    threshold: Decimal = DEFAULT_THRESHOLD
    units: tuple[UnitInput, ...] = ()
    compensations: tuple[Compensation, ...] = ()
    risk_decisions: tuple[RiskDecision, ...] = ()
    period: Span = field(default_factory=Span)
    phases: tuple[PhaseDates, ...] = ()
    objects: tuple[ObjectDefinition, ...] = ()
    risk_ratings: tuple[RiskRatingInput, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    @property
    def level(self) -> int:
        """The protection level, 1–4."""
        return self.system.level

    def unit(self, unit_id: str) -> UnitInput | None:
        """Return the case's entry for ``unit_id``, or None if the unit is missing (untested)."""
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        return None

    def object_definitions(self) -> tuple[ObjectDefinition, ...]:
        """Every test object of the case: the definitions, else the units' objects in order of appearance."""
        return self.objects or tested_objects(self.units)

    def phase(self, name: str) -> Span:
        """The dates of phase ``name`` (empty when none are known)."""
        return next((p.span for p in self.phases if p.phase == name), Span())


def tested_objects(units: tuple[UnitInput, ...]) -> tuple[ObjectDefinition, ...]:
    """The objects named in ``units``, in order of first appearance, without type or note."""
    names = dict.fromkeys(obj.name for unit in units for obj in unit.objects)
    return tuple(ObjectDefinition(name) for name in names)

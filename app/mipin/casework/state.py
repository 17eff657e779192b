"""Plain, mutable records of an open case (see :mod:`app.mipin.casework.session`).

They mirror the store's rows, not the exchange file, and convert to the engine's input types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.mipin.engine import ObjectInput, UnitInput
from app.mipin.engine.case import FAIL, NOT_APPLICABLE, PASS


@dataclass
class CaseHeaderState:
    """The case header as stored (``update_case`` fields)."""

    system_name: str
    level: int
    client: str = ""
    assessor: str = ""
    report_no: str = ""
    threshold: float = 60.0
    period_start: date | None = None
    period_end: date | None = None
    phases: dict[str, Any] = field(default_factory=dict)
    archived: bool = False
    demo: bool = False


@dataclass
class ObjectDef:
    """A test object defined for the case."""

    name: str
    kind: str = ""
    note: str = ""


@dataclass
class ObjectState:
    """One object's entries within one technical unit (as :class:`~app.mipin.tables.ObjectEntry`)."""

    name: str
    d: str | None = None
    a: str | None = None
    k: str | None = None
    algorithms: list[str] = field(default_factory=list)
    protocols: list[str] = field(default_factory=list)
    module_level: int | None = None
    key_hazards: list[str] = field(default_factory=list)
    ra: float | None = None
    rk: float | None = None
    record: str = ""

    @property
    def incomplete(self) -> bool:
        """D=√ entered but A or K still open (scored as untested until both are given)."""
        return self.d == PASS and (self.a not in (PASS, FAIL) or self.k not in (PASS, FAIL))

    def to_input(self) -> ObjectInput:
        """The engine input; an incomplete object counts as untested."""
        return ObjectInput(
            name=self.name,
            d=None if self.incomplete else self.d,
            a=self.a,
            k=self.k,
            algorithms=tuple(self.algorithms),
            protocols=tuple(self.protocols),
            module_level=self.module_level,
            key_hazards=tuple(self.key_hazards),
            ra=None if self.ra is None else Decimal(str(self.ra)),
            rk=None if self.rk is None else Decimal(str(self.rk)),
            record=self.record or None,
        )


@dataclass
class UnitState:
    """The assessor's entry for one unit (no entry at all: the unit is untested)."""

    id: str
    applicable: bool = True
    na_reason: str = ""
    result: str | None = None
    record: str = ""
    checklist: list[int] = field(default_factory=list)
    has_objects: bool = False
    objects: list[ObjectState] = field(default_factory=list)

    def object(self, name: str) -> ObjectState | None:
        """The object called ``name`` in this unit, or None."""
        return next((o for o in self.objects if o.name == name), None)

    def to_input(self) -> UnitInput:
        """The engine input (as the store's export would give it)."""
        applicable = self.applicable and self.result != NOT_APPLICABLE
        return UnitInput(
            id=self.id,
            applicable=applicable,
            na_reason=self.na_reason or None,
            objects=tuple(o.to_input() for o in self.objects) if self.has_objects else (),
            result=self.result if applicable and self.result != NOT_APPLICABLE else None,
            record=self.record or None,
        )


@dataclass
class DecisionState:
    """A risk decision with the time it was made."""

    item: str
    unit: str
    object: str | None
    decision: str
    reason: str = ""
    mitigation: str = ""
    decided_at: datetime | None = None


@dataclass
class RatingState:
    """Likelihood and impact of one 部分符合/不符合 unit."""

    likelihood: str
    impact: str
    note: str = ""


@dataclass(frozen=True)
class FindHit:
    """One match of :meth:`CaseSession.find`.

    Attributes:
        unit_id: The unit (None for an object not assigned to any unit).
        object_name: The object, or None for unit text.
        where: What matched, in Chinese (对象名称, 结果记录 …).
        text: The matching text.
    """

    unit_id: str | None
    object_name: str | None
    where: str
    text: str

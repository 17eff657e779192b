"""One case's rows inside a write transaction: the store side of every edit.

:class:`StoredCase` answers the :class:`~app.mipin.casework.view.CaseView` questions from the rows
(so an edit's validation runs against the store exactly as against the in-memory case) and gives
the edits' ``write`` methods the rows to change. Ordered children (objects, object entries,
units, decisions, compensations) keep contiguous positions, so an undo that puts a row back at
its old index restores the old order exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.mipin.casework.view import CompensationKey, DecisionKey, EvidenceKey, ExplicitFactor
from app.mipin.engine import Catalogue
from app.mipin.tables import (
    Case,
    CaseObject,
    Compensation,
    Evidence,
    ObjectEntry,
    RiskDecision,
    RiskRating,
    UnitEntry,
)


class _Positioned(Protocol):
    position: int


def place(ordered: Sequence[_Positioned], row: _Positioned, index: int | None) -> None:
    """Give ``row`` the place ``index`` among ``ordered`` (None or past the end: last) and renumber all."""
    rows = [r for r in ordered if r is not row]
    rows.insert(len(rows) if index is None else index, row)
    for position, each in enumerate(rows):
        each.position = position


class StoredCase:
    """The rows of one case in a write transaction.

    Args:
        session: The write transaction.
        case: The case row.
        catalogue: The indicator catalogue.
    """

    def __init__(self, session: Session, case: Case, catalogue: Catalogue) -> None:
        self.session = session
        self.case = case
        self._catalogue = catalogue
        self._objects: dict[str, CaseObject | None] = {}

    # ------------------------------------------------------------------ CaseView
    @property
    def catalogue(self) -> Catalogue:
        """The indicator catalogue."""
        return self._catalogue

    @property
    def level(self) -> int:
        """The case's protection level."""
        return self.case.level

    def header_value(self, field: str) -> Any:
        """The stored value of one header field."""
        return getattr(self.case, field)

    def has_object(self, name: str) -> bool:
        """Whether the case defines a test object called ``name``."""
        return self.object_row(name) is not None

    def has_entry(self, unit_id: str, name: str) -> bool:
        """Whether object ``name`` is assigned to unit ``unit_id``."""
        return self.entry_row(self.unit_row(unit_id), name) is not None

    def unit_ids(self) -> list[str]:
        """The units that have an entry, in order."""
        return [u.unit_id for u in self.unit_rows()]

    def unit_is_blank(self, unit_id: str) -> bool | None:
        """None without an entry; else whether nothing has been entered for the unit."""
        row = self.unit_row(unit_id)
        if row is None:
            return None
        definition = self._catalogue.find_unit(unit_id)
        technical = definition is not None and definition.is_technical
        return (
            row.applicable and not row.na_reason and row.result is None and not row.record and not row.checklist
            and not self.entry_rows(row) and row.has_objects == technical
        )  # fmt: skip

    def evidence_keys(self) -> set[EvidenceKey]:
        """The keys of the case's evidence items."""
        query = select(Evidence.sha256, Evidence.unit_id, Evidence.object_name).where(Evidence.case_id == self.case.id)
        return {(sha, unit, obj) for sha, unit, obj in self.session.execute(query)}

    def decision_keys(self) -> set[DecisionKey]:
        """The keys of the case's risk decisions."""
        query = select(RiskDecision.item, RiskDecision.unit, RiskDecision.object).where(
            RiskDecision.case_id == self.case.id
        )
        return {(item, unit, obj) for item, unit, obj in self.session.execute(query)}

    def compensation_keys(self) -> set[CompensationKey]:
        """The case's compensations."""
        return {(c.unit, c.object, c.from_unit, c.from_object) for c in self.compensation_rows()}

    def explicit_factors(self) -> list[ExplicitFactor]:
        """The explicit Ra/Rk values of the case's object entries."""
        out: list[ExplicitFactor] = []
        for unit in self.unit_rows():
            for entry in self.entry_rows(unit):
                out += [(unit.unit_id, entry.object.name, k, v) for k, v in (("ra", entry.ra), ("rk", entry.rk)) if v]
        return out

    # ------------------------------------------------------------------ rows
    def put(
        self,
        row: Any,
        index: int | None,
        column: InstrumentedAttribute[int],
        where: ColumnElement[bool],
        ordered: Callable[[], Sequence[_Positioned]],
    ) -> None:
        """Add a new ordered row: last (one query), or at ``index`` (the others renumbered)."""
        if index is None:
            row.position = self.session.scalar(select(func.coalesce(func.max(column), -1) + 1).where(where))
            self.session.add(row)
            return
        existing = ordered()
        self.session.add(row)
        place(existing, row, index)

    def object_row(self, name: str) -> CaseObject | None:
        """The test object called ``name`` (looked up once per transaction)."""
        if name not in self._objects:
            self._objects[name] = self.session.scalar(
                select(CaseObject).where(CaseObject.case_id == self.case.id, CaseObject.name == name)
            )
        return self._objects[name]

    def forget_object(self, *names: str) -> None:
        """Drop cached object lookups after a define, rename or delete."""
        for name in names:
            self._objects.pop(name, None)

    def object_rows(self) -> list[CaseObject]:
        """The case's objects in order."""
        query = select(CaseObject).where(CaseObject.case_id == self.case.id)
        return list(self.session.scalars(query.order_by(CaseObject.position, CaseObject.id)))

    def unit_row(self, unit_id: str) -> UnitEntry | None:
        """The unit's entry, or None."""
        return self.session.scalar(
            select(UnitEntry).where(UnitEntry.case_id == self.case.id, UnitEntry.unit_id == unit_id)
        )

    def unit_rows(self) -> list[UnitEntry]:
        """The case's unit entries in order."""
        query = select(UnitEntry).where(UnitEntry.case_id == self.case.id)
        return list(self.session.scalars(query.order_by(UnitEntry.position, UnitEntry.id)))

    def add_unit_row(self, unit_id: str, index: int | None = None) -> UnitEntry:
        """A new, blank entry for ``unit_id`` at ``index`` (last by default)."""
        definition = self._catalogue.find_unit(unit_id)
        row = UnitEntry(
            case_id=self.case.id, unit_id=unit_id, position=0, applicable=True, na_reason="", record="",
            checklist=[], result=None, has_objects=definition is not None and definition.is_technical,
        )  # fmt: skip
        self.put(row, index, UnitEntry.position, UnitEntry.case_id == self.case.id, self.unit_rows)
        self.session.flush()
        return row

    def unit_for_edit(self, unit_id: str) -> tuple[UnitEntry, bool]:
        """The unit's entry, created (last) if it has none; and whether it was created."""
        row = self.unit_row(unit_id)
        if row is not None:
            return row, False
        return self.add_unit_row(unit_id), True

    def entry_rows(self, unit: UnitEntry) -> list[ObjectEntry]:
        """The object entries of a unit, in order."""
        query = select(ObjectEntry).where(ObjectEntry.unit_entry_id == unit.id)
        return list(self.session.scalars(query.order_by(ObjectEntry.position, ObjectEntry.id)))

    def entry_row(self, unit: UnitEntry | None, name: str) -> ObjectEntry | None:
        """The entry of object ``name`` in ``unit``, or None."""
        obj = self.object_row(name)
        if unit is None or obj is None:
            return None
        return self.session.scalar(
            select(ObjectEntry).where(ObjectEntry.unit_entry_id == unit.id, ObjectEntry.object_id == obj.id)
        )

    def add_entry_row(self, unit: UnitEntry, name: str, index: int | None = None) -> ObjectEntry:
        """A new, untested entry of object ``name`` in ``unit`` at ``index`` (last by default)."""
        obj = self.object_row(name)
        assert obj is not None  # validated by the edit
        row = ObjectEntry(
            unit_entry_id=unit.id, object_id=obj.id, position=0, algorithms=[], protocols=[], key_hazards=[],
            record="", d=None, a=None, k=None, module_level=None, ra=None, rk=None,
        )  # fmt: skip
        self.put(row, index, ObjectEntry.position, ObjectEntry.unit_entry_id == unit.id, lambda: self.entry_rows(unit))
        unit.has_objects = True
        self.session.flush()
        return row

    def decision_rows(self) -> list[RiskDecision]:
        """The case's risk decisions in order."""
        query = select(RiskDecision).where(RiskDecision.case_id == self.case.id)
        return list(self.session.scalars(query.order_by(RiskDecision.position, RiskDecision.id)))

    def compensation_rows(self) -> list[Compensation]:
        """The case's compensations in order."""
        query = select(Compensation).where(Compensation.case_id == self.case.id)
        return list(self.session.scalars(query.order_by(Compensation.position, Compensation.id)))

    def rating_row(self, unit_id: str) -> RiskRating | None:
        """The unit's risk rating, or None."""
        return self.session.scalar(
            select(RiskRating).where(RiskRating.case_id == self.case.id, RiskRating.unit_id == unit_id)
        )

    def evidence_row(self, key: EvidenceKey) -> Evidence | None:
        """The evidence item with ``key``, or None."""
        sha256, unit_id, object_name = key
        query = select(Evidence).where(Evidence.case_id == self.case.id, Evidence.sha256 == sha256)
        query = query.where(Evidence.unit_id.is_(None) if unit_id is None else Evidence.unit_id == unit_id)
        query = query.where(
            Evidence.object_name.is_(None) if object_name is None else Evidence.object_name == object_name
        )
        return self.session.scalars(query.order_by(Evidence.id)).first()

    def evidence_rows(self) -> list[Evidence]:
        """The case's evidence rows."""
        return list(self.session.scalars(select(Evidence).where(Evidence.case_id == self.case.id)))

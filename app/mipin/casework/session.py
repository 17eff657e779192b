"""The open case in memory: the assessor's entries, edits applied locally, live scoring, search.

The GUI keeps one :class:`CaseSession` per open case. Every edit is a typed value from
:mod:`app.mipin.casework.edits`; :meth:`CaseSession.apply` validates it against the in-memory case
with the edit's one validation, applies it and returns the inverse edit (undo is just another
edit). :class:`app.mipin.casework.editor.CaseEditor` then writes the same value to the store in one
transaction with its audit records. :meth:`CaseSession.score` re-scores the whole case with the
engine (``partial=True``); only units touched by an edit rebuild their engine input.

The session mirrors the store's data, not the exchange file: an object with D=√ but A or K not
yet entered is kept as entered and scored as untested (the assessor is still working on it).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.core.edits import apply_edit
from app.core.errors import InputError
from app.core.memory import collector_paused
from app.mipin.caseread import UnitRow, case_head, object_rows, unit_rows
from app.mipin.casework.edits import CaseCommand
from app.mipin.casework.edits.evidence import evidence_order, record_from_row
from app.mipin.casework.marks import MARK_KEYS
from app.mipin.casework.state import (
    CaseHeaderState,
    DecisionState,
    FindHit,
    ObjectDef,
    ObjectState,
    RatingState,
    UnitState,
)
from app.mipin.casework.view import CompensationKey, DecisionKey, EvidenceKey, ExplicitFactor
from app.mipin.engine import (
    CaseInput,
    Catalogue,
    Compensation,
    RiskDecision,
    ScoreMemo,
    ScoreResult,
    SystemInfo,
    UnitInput,
    load_catalogue,
    score_case,
)
from app.mipin.evidence.records import Conflict, EvidenceRecord, reconcile
from app.mipin.tables import Compensation as CompensationRow
from app.mipin.tables import Evidence, RiskRating
from app.mipin.tables import RiskDecision as DecisionRow
from app.store.store import Store

__all__ = [
    "MARK_KEYS",
    "CaseHeaderState",
    "CaseSession",
    "DecisionState",
    "FindHit",
    "ObjectDef",
    "ObjectState",
    "RatingState",
    "UnitState",
    "load_session",
]


class CaseSession:
    """One open case, edited locally and scored live.

    Args:
        case_id: The store id.
        header: Header fields.
        catalogue: The indicator catalogue.
    """

    def __init__(self, case_id: int, header: CaseHeaderState, catalogue: Catalogue | None = None) -> None:
        self.case_id = case_id
        self.header = header
        self.catalogue = catalogue or load_catalogue()
        self.objects: list[ObjectDef] = []
        self.units: dict[str, UnitState] = {}
        self.compensations: list[Compensation] = []
        self.decisions: list[DecisionState] = []
        self.ratings: dict[str, RatingState] = {}
        self.evidence: list[EvidenceRecord] = []
        self.revision = 0
        self.score_error = ""
        self._inputs: dict[str, UnitInput] = {}
        # Per-unit scoring results keyed on the very UnitInput objects above: after one edit only
        # the touched unit (whose input is rebuilt) is scored again.
        self._memo = ScoreMemo()

    # ------------------------------------------------------------------ executing edits
    def apply(self, command: CaseCommand) -> CaseCommand:
        """Validate and apply an edit (or a batch, all or nothing) and return its inverse.

        Raises:
            InputError: The edit is invalid; nothing changed.
        """
        return apply_edit(command, self)

    # ------------------------------------------------------------------ CaseView (what edits validate against)
    @property
    def level(self) -> int:
        """The protection level."""
        return self.header.level

    def header_value(self, field: str) -> Any:
        """The present value of one header field."""
        return getattr(self.header, field)

    def has_object(self, name: str) -> bool:
        """Whether the case defines a test object called ``name``."""
        return self.object_def(name) is not None

    def has_entry(self, unit_id: str, name: str) -> bool:
        """Whether object ``name`` is assigned to unit ``unit_id``."""
        unit = self.units.get(unit_id)
        return unit is not None and unit.object(name) is not None

    def unit_ids(self) -> list[str]:
        """The units that have an entry, in order."""
        return list(self.units)

    def unit_is_blank(self, unit_id: str) -> bool | None:
        """None without an entry; else whether nothing has been entered for the unit."""
        state = self.units.get(unit_id)
        if state is None:
            return None
        definition = self.catalogue.find_unit(unit_id)
        technical = definition is not None and definition.is_technical
        return state == UnitState(id=unit_id, has_objects=technical)

    def evidence_keys(self) -> set[EvidenceKey]:
        """The keys of the case's evidence items."""
        return {e.key for e in self.evidence}

    def decision_keys(self) -> set[DecisionKey]:
        """The keys of the case's risk decisions."""
        return {(d.item, d.unit, d.object) for d in self.decisions}

    def compensation_keys(self) -> set[CompensationKey]:
        """The case's compensations."""
        return {(c.unit, c.object, c.from_unit, c.from_object) for c in self.compensations}

    def explicit_factors(self) -> list[ExplicitFactor]:
        """The explicit Ra/Rk values of the case's object entries."""
        out: list[ExplicitFactor] = []
        for unit in self.units.values():
            for obj in unit.objects:
                out += [(unit.id, obj.name, k, v) for k, v in (("ra", obj.ra), ("rk", obj.rk)) if v]
        return out

    # ------------------------------------------------------------------ engine input and score

    def touch(self, unit_id: str | None = None) -> None:
        """Note a change (of one unit, or of anything when ``unit_id`` is None)."""
        self.revision += 1
        if unit_id is None:
            self._inputs.clear()
        else:
            self._inputs.pop(unit_id, None)

    def case_input(self) -> CaseInput:
        """The engine's view of the case (rebuilding only units changed since the last call)."""
        units = []
        for unit_id, state in self.units.items():
            cached = self._inputs.get(unit_id)
            if cached is None:
                cached = self._inputs[unit_id] = state.to_input()
            units.append(cached)
        header = self.header
        return CaseInput(
            system=SystemInfo(
                level=header.level,
                name=header.system_name,
                client=header.client or None,
                assessor=header.assessor or None,
                report_no=header.report_no or None,
            ),
            threshold=Decimal(str(header.threshold)),
            units=tuple(units),
            compensations=tuple(self.compensations),
            risk_decisions=tuple(
                RiskDecision(d.item, d.unit, d.object, d.decision, d.reason or None, d.mitigation or None)
                for d in self.decisions
            ),
        )

    def score(self) -> ScoreResult | None:
        """Score the case as it stands (untested items allowed); None with ``score_error`` set if undefined."""
        try:
            result = score_case(self.case_input(), self.catalogue, partial=True, memo=self._memo)
        except InputError as exc:
            self.score_error = exc.reason
            return None
        self.score_error = ""
        return result

    # ------------------------------------------------------------------ queries
    def unit(self, unit_id: str) -> UnitState | None:
        """The entry for ``unit_id``, or None if the unit has none yet (untested)."""
        return self.units.get(unit_id)

    def object_def(self, name: str) -> ObjectDef | None:
        """The case object called ``name``, or None."""
        return next((o for o in self.objects if o.name == name), None)

    def units_of(self, name: str) -> list[str]:
        """The units ``name`` is assigned to, in catalogue order."""
        found = [u.id for u in self.units.values() if u.object(name) is not None]
        return sorted(found, key=self.catalogue.unit_order)

    def evidence_for(self, unit_id: str, object_name: str | None) -> list[EvidenceRecord]:
        """Evidence of an object in a unit (object-wide items included), or of the unit itself."""
        return [e for e in self.evidence if e.applies_to(unit_id, object_name)]

    def conflicts(self, unit_id: str, object_name: str) -> list[Conflict]:
        """Disagreements among the object's evidence and with its entered marks."""
        state = self.units.get(unit_id)
        obj = state.object(object_name) if state else None
        entered = {"D": obj.d, "A": obj.a, "K": obj.k} if obj else {}
        return reconcile(self.evidence, unit_id, object_name, entered)

    def rating(self, unit_id: str) -> RatingState | None:
        """The unit's risk rating, or None."""
        return self.ratings.get(unit_id)

    def decision_time(self, item: str, unit: str, obj: str | None) -> datetime | None:
        """When the decision on this candidate was made (an object-less decision matches any object)."""
        exact = next((d for d in self.decisions if (d.item, d.unit, d.object) == (item, unit, obj)), None)
        wide = next((d for d in self.decisions if (d.item, d.unit, d.object) == (item, unit, None)), None)
        chosen = exact or wide
        return chosen.decided_at if chosen else None

    def find(self, text: str, limit: int = 500) -> list[FindHit]:
        """Case-insensitive search in object names, records, N/A reasons and evidence."""
        needle = text.strip().casefold()
        if not needle:
            return []
        hits: list[FindHit] = []

        def check(unit_id: str | None, obj: str | None, where: str, value: str | None) -> None:
            if value and needle in value.casefold() and len(hits) < limit:
                hits.append(FindHit(unit_id, obj, where, value))

        order = sorted(self.units.values(), key=lambda u: self.catalogue.unit_order(u.id))
        for unit in order:
            check(unit.id, None, "单元结果记录", unit.record)
            check(unit.id, None, "不适用理由", unit.na_reason)
            for obj in unit.objects:
                check(unit.id, obj.name, "测评对象", obj.name)
                check(unit.id, obj.name, "结果记录", obj.record)
                check(unit.id, obj.name, "算法/协议", "、".join(obj.algorithms + obj.protocols))
        assigned = {o.name for u in self.units.values() for o in u.objects}
        for definition in self.objects:
            if definition.name not in assigned:
                check(None, definition.name, "测评对象（未分配）", definition.name)
        for item in self.evidence:
            check(item.unit_id, item.object_name, "证据", f"{item.original_name} {item.note}".strip())
        return hits


def _unit_from_row(row: UnitRow) -> UnitState:
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
                name=e.name,
                d=e.d,
                a=e.a,
                k=e.k,
                algorithms=e.algorithms,  # a new list per entry (caseread.unit_rows)
                protocols=e.protocols,
                module_level=e.module_level,
                key_hazards=e.key_hazards,
                ra=e.ra,
                rk=e.rk,
                record=e.record or "",
            )
            for e in row.entries
        ],
    )


def load_session(store: Store, case_id: int, catalogue: Catalogue | None = None) -> CaseSession:
    """Read everything about one case from the store into a new session.

    The case and its units are read as plain rows (:mod:`app.mipin.caseread`), not ORM objects,
    with the collector paused: opening a 1,000-object case was mostly the ORM's object loading.

    Raises:
        NotFoundError: No such case.
    """
    with store.read() as s, collector_paused():
        case = case_head(s, case_id)
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
        session.objects = [ObjectDef(name, kind, note) for name, kind, note in object_rows(s, case_id)]
        session.units = {u.unit_id: _unit_from_row(u) for u in unit_rows(s, case_id)}
        where = {"case_id": case_id}
        session.compensations = [
            Compensation(c.unit, c.object, c.from_unit, c.from_object)
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

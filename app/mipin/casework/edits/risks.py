"""Edits of the risk judgement: decisions on high-risk candidates, chapter-6 ratings, compensations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from app.core import clock
from app.core.edits import Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit, at, check_index
from app.mipin.casework.state import DecisionState, RatingState
from app.mipin.casework.values import normalise_text, validate_risk_decision
from app.mipin.casework.view import CaseView
from app.mipin.engine import Compensation
from app.mipin.riskmatrix import load_risk_matrix
from app.mipin.tables import Compensation as CompensationRow
from app.mipin.tables import RiskDecision, RiskRating

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession


def _check_unit_id(view: CaseView, unit_id: object, field_name: str = "unit") -> None:
    if not isinstance(unit_id, str) or view.catalogue.find_unit(unit_id) is None:
        raise InputError(field_name, f"未知的测评单元 {unit_id!r}")


def _decision_value(row: RiskDecision) -> dict[str, str | None]:
    """A decision as the audit log records it."""
    at = row.decided_at.isoformat() if row.decided_at else None
    return {"decision": row.decision, "reason": row.reason, "mitigation": row.mitigation, "decided_at": at}


@dataclass(frozen=True)
class SetRiskDecision(CaseEdit):
    """Record (or with ``decision=None`` remove) the decision on one high-risk candidate.

    ``decided_at`` is when the assessor decided (now, by default); the same value reaches the
    in-memory case and the store. ``index`` places a new decision in the list (undo of a removal).
    """

    item: str
    unit: str
    object: str | None
    decision: str | None
    reason: str = ""
    mitigation: str = ""
    decided_at: datetime | None = field(default_factory=clock.now_seconds)
    index: int | None = None
    action: ClassVar[str] = "set_risk_decision"

    def validate(self, view: CaseView) -> None:
        """A known item of this unit, an allowed decision with a reason, an aware time."""
        _check_unit_id(view, self.unit)
        if self.object is not None:
            normalise_text(self.object, "object")
        if self.decision is None:
            return
        validate_risk_decision(view.catalogue, self.item, self.unit, self.decision, self.reason)
        normalise_text(self.mitigation, "mitigation")
        if self.decided_at is not None and (
            not isinstance(self.decided_at, datetime) or self.decided_at.tzinfo is None
        ):
            raise InputError("decided_at", "must be a timezone-aware time")
        check_index(self.index)

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What identifies the decision."""
        return (self.item, self.unit, self.object)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set or remove the decision; the inverse restores the one before (in its place)."""
        row = next((d for d in state.decisions if (d.item, d.unit, d.object) == self.key), None)
        if row is None and self.decision is None:
            return NOOP
        if row is None:
            inverse: CaseCommand = SetRiskDecision(*self.key, None)
            row = DecisionState(*self.key, decision="")
            state.decisions.insert(at(state.decisions, self.index), row)
        else:
            inverse = SetRiskDecision(
                *self.key, row.decision, row.reason, row.mitigation,
                row.decided_at, index=state.decisions.index(row),
            )  # fmt: skip
        if self.decision is None:
            state.decisions.remove(row)
        else:
            row.decision, row.reason, row.mitigation = self.decision, self.reason.strip(), self.mitigation.strip()
            row.decided_at = self.decided_at
        state.touch(self.unit)
        return inverse

    def write(self, rows: StoredCase) -> Change:
        """Set or remove the decision row."""
        target = f"risk:{self.item}/unit:{self.unit}/object:{self.object or '*'}"
        ordered = rows.decision_rows()
        row = next((d for d in ordered if (d.item, d.unit, d.object) == self.key), None)
        old = None if row is None else _decision_value(row)
        if self.decision is None:
            if row is not None:
                rows.session.delete(row)
            return Change(self.action, target, old, None)
        if row is None:
            row = RiskDecision(case_id=rows.case.id, position=0, item=self.item, unit=self.unit, object=self.object)
            rows.put(row, self.index, RiskDecision.position, RiskDecision.case_id == rows.case.id, lambda: ordered)
        row.decision, row.reason, row.mitigation = self.decision, self.reason.strip(), self.mitigation.strip()
        row.decided_at = self.decided_at
        return Change(self.action, target, old, _decision_value(row))


@dataclass(frozen=True)
class SetRiskRating(CaseEdit):
    """Rate a 部分符合/不符合 unit's likelihood and impact (高/中/低) for report chapter 6."""

    unit_id: str
    likelihood: str
    impact: str
    note: str = ""
    action: ClassVar[str] = "set_risk_rating"

    def validate(self, view: CaseView) -> None:
        """A known unit, ratings from the risk matrix, a text note."""
        _check_unit_id(view, self.unit_id)
        load_risk_matrix().risk(self.likelihood, self.impact)
        normalise_text(self.note, "note")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set the rating; the inverse restores the old one (or removes a first one)."""
        old = state.ratings.get(self.unit_id)
        state.ratings[self.unit_id] = RatingState(self.likelihood, self.impact, self.note)
        state.touch(self.unit_id)
        if old is None:
            return DeleteRiskRating(self.unit_id)
        return SetRiskRating(self.unit_id, old.likelihood, old.impact, old.note)

    def write(self, rows: StoredCase) -> Change:
        """Set the rating row."""
        row = rows.rating_row(self.unit_id)
        old = None if row is None else {"likelihood": row.likelihood, "impact": row.impact, "note": row.note}
        if row is None:
            row = RiskRating(case_id=rows.case.id, unit_id=self.unit_id)
            rows.session.add(row)
        row.likelihood, row.impact, row.note = self.likelihood, self.impact, self.note
        new = {"likelihood": self.likelihood, "impact": self.impact, "note": self.note}
        return Change(self.action, f"rating:{self.unit_id}", old, new)


@dataclass(frozen=True)
class DeleteRiskRating(CaseEdit):
    """Remove a unit's rating (the undo of a first rating)."""

    unit_id: str
    action: ClassVar[str] = "delete_risk_rating"

    def validate(self, view: CaseView) -> None:
        """The unit id is text (a missing rating is simply nothing to remove)."""
        normalise_text(self.unit_id, "unit")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Remove the rating; the inverse restores it."""
        old = state.ratings.pop(self.unit_id, None)
        if old is None:
            return NOOP
        state.touch(self.unit_id)
        return SetRiskRating(self.unit_id, old.likelihood, old.impact, old.note)

    def write(self, rows: StoredCase) -> Change:
        """Delete the rating row."""
        row = rows.rating_row(self.unit_id)
        if row is None:
            return Change(self.action, f"rating:{self.unit_id}", None, None)
        old = {"likelihood": row.likelihood, "impact": row.impact, "note": row.note}
        rows.session.delete(row)
        return Change(self.action, f"rating:{self.unit_id}", old, None)


@dataclass(frozen=True)
class SetCompensation(CaseEdit):
    """Add (``on``) or remove a 结果修正: ``from_object`` in ``from_unit`` compensates ``object`` in ``unit``."""

    unit: str
    object: str
    from_unit: str
    from_object: str
    on: bool
    index: int | None = None
    action: ClassVar[str] = "set_compensation"

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies the compensation."""
        return (self.unit, self.object, self.from_unit, self.from_object)

    def validate(self, view: CaseView) -> None:
        """Texts, and an allowed pair of units (NC-2↔AD-6, NC-3↔AD-4) when adding."""
        for name, value in zip(("unit", "object", "from_unit", "from_object"), self.key, strict=True):
            normalise_text(value, name)
        if not isinstance(self.on, bool):
            raise InputError("on", "must be true or false")
        check_index(self.index)
        if not self.on:
            return
        if not view.catalogue.rules.compensation_allowed(self.unit, self.from_unit):
            raise InputError(
                "compensation", f"{self.from_unit} cannot compensate {self.unit} (allowed: NC-2↔AD-6, NC-3↔AD-4)"
            )
        for unit, name, field_name in (
            (self.unit, self.object, "object"),
            (self.from_unit, self.from_object, "from_object"),
        ):
            if not view.has_entry(unit, name):
                raise InputError(field_name, f"测评单元 {unit} 中没有名为“{name}”的测评对象")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Add or remove it; the inverse does the opposite (in place)."""
        present = next(
            (c for c in state.compensations if (c.unit, c.object, c.from_unit, c.from_object) == self.key), None
        )
        if (present is not None) == self.on:
            return NOOP
        if present is None:
            state.compensations.insert(at(state.compensations, self.index), Compensation(*self.key))
            inverse: CaseCommand = SetCompensation(*self.key, on=False)
        else:
            inverse = SetCompensation(*self.key, on=True, index=state.compensations.index(present))
            state.compensations.remove(present)
        state.touch(self.unit)
        return inverse

    def write(self, rows: StoredCase) -> Change:
        """Add or delete the row."""
        ordered = rows.compensation_rows()
        row = next((c for c in ordered if (c.unit, c.object, c.from_unit, c.from_object) == self.key), None)
        existed = row is not None
        if self.on and row is None:
            row = CompensationRow(case_id=rows.case.id, position=0, unit=self.unit, object=self.object,
                                  from_unit=self.from_unit, from_object=self.from_object)  # fmt: skip
            where = CompensationRow.case_id == rows.case.id
            rows.put(row, self.index, CompensationRow.position, where, lambda: ordered)
        elif not self.on and row is not None:
            rows.session.delete(row)
        target = f"comp:{self.from_unit}/{self.from_object}->{self.unit}/{self.object}"
        return Change(self.action, target, existed, self.on)

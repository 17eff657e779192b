"""Edits of a unit's entry: a management unit's result, the 结果记录, the 测评实施 ticks, 不适用.

The first value entered for a unit creates its entry; the inverse of that edit sets the value back
and removes the entry again (:class:`RemoveUnitEntry`), so undo leaves no trace. Setting a unit
that has no entry to the value a new entry has changes nothing and creates nothing.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.edits import Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit, add_unit, batch, unit_for_edit
from app.mipin.casework.values import normalise_checklist, normalise_na_reason, normalise_result, normalise_text
from app.mipin.casework.view import CaseView, check_unit

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession
    from app.mipin.tables import UnitEntry


class _UnitValueEdit(CaseEdit):
    """An edit that sets one value of a unit's entry (``attributes`` on the state, ``columns`` on the row)."""

    unit_id: str
    attributes: ClassVar[tuple[str, ...]]
    blank: ClassVar[tuple[Any, ...]]
    label: ClassVar[str]

    @abstractmethod
    def canonical(self) -> tuple[Any, ...]:
        """The values to store (validated)."""

    @abstractmethod
    def inverse(self, old: tuple[Any, ...]) -> CaseCommand:
        """The edit that sets ``old`` back."""

    def validate(self, view: CaseView) -> None:
        """A valid value, and a unit of the case's level."""
        self.canonical()
        check_unit(view, self.unit_id)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set the value; the inverse sets the old one (and removes an entry made for it)."""
        values = self.canonical()
        if self.unit_id not in state.units and values == self.blank:
            return NOOP
        unit, created = unit_for_edit(state, self.unit_id)
        old = tuple(getattr(unit, a) for a in self.attributes)
        for attribute, value in zip(self.attributes, values, strict=True):
            setattr(unit, attribute, list(value) if isinstance(value, list) else value)
        state.touch(self.unit_id)
        if created:
            return batch(self.inverse(self.blank), RemoveUnitEntry(self.unit_id))
        return self.inverse(old)

    def write(self, rows: StoredCase) -> Change:
        """Set the value of the unit's row (created if needed)."""
        values = self.canonical()
        target = f"unit:{self.unit_id}/{self.label}"
        if rows.unit_row(self.unit_id) is None and values == self.blank:
            return Change(self.action, target, None, None)
        row, created = rows.unit_for_edit(self.unit_id)
        old = tuple(getattr(row, a) for a in self.attributes)
        for attribute, value in zip(self.attributes, values, strict=True):
            setattr(row, attribute, list(value) if isinstance(value, list) else value)
        return Change(self.action, target, None if created else _audit(old), _audit(values))


def _audit(values: tuple[Any, ...]) -> Any:
    return values[0] if len(values) == 1 else list(values)


@dataclass(frozen=True)
class SetUnitResult(_UnitValueEdit):
    """Set a management unit's 符合/部分符合/不符合/不适用 (None: untested)."""

    unit_id: str
    result: object
    action: ClassVar[str] = "set_unit_result"
    attributes: ClassVar[tuple[str, ...]] = ("result",)
    blank: ClassVar[tuple[Any, ...]] = (None,)
    label: ClassVar[str] = "result"

    def canonical(self) -> tuple[Any, ...]:
        """The result as stored (pass/partial/fail/na accepted)."""
        return (normalise_result(self.result),)

    def inverse(self, old: tuple[Any, ...]) -> CaseCommand:
        """Set the old result."""
        return SetUnitResult(self.unit_id, old[0])

    def validate(self, view: CaseView) -> None:
        """A valid result of a management unit of the case."""
        self.canonical()
        if check_unit(view, self.unit_id).is_technical:
            raise InputError("result", f"{self.unit_id} is a technical unit; enter D/A/K per object")


@dataclass(frozen=True)
class SetUnitRecord(_UnitValueEdit):
    """Set the unit's 结果记录 text."""

    unit_id: str
    record: str
    action: ClassVar[str] = "set_unit_record"
    attributes: ClassVar[tuple[str, ...]] = ("record",)
    blank: ClassVar[tuple[Any, ...]] = ("",)
    label: ClassVar[str] = "record"

    def canonical(self) -> tuple[Any, ...]:
        """The text."""
        return (normalise_text(self.record, "record"),)

    def inverse(self, old: tuple[Any, ...]) -> CaseCommand:
        """Set the old text."""
        return SetUnitRecord(self.unit_id, old[0])


@dataclass(frozen=True)
class SetChecklist(_UnitValueEdit):
    """Record which 测评实施 items of the unit are ticked."""

    unit_id: str
    ticked: list[int] | tuple[int, ...]
    action: ClassVar[str] = "set_checklist"
    attributes: ClassVar[tuple[str, ...]] = ("checklist",)
    blank: ClassVar[tuple[Any, ...]] = ([],)
    label: ClassVar[str] = "checklist"

    def canonical(self) -> tuple[Any, ...]:
        """The ticked items, sorted and distinct."""
        return (normalise_checklist(self.ticked),)

    def inverse(self, old: tuple[Any, ...]) -> CaseCommand:
        """Tick the old items."""
        return SetChecklist(self.unit_id, list(old[0] or []))


@dataclass(frozen=True)
class SetApplicable(_UnitValueEdit):
    """Mark a unit 不适用 (a reason is required) or applicable again."""

    unit_id: str
    applicable: bool
    reason: str = ""
    action: ClassVar[str] = "set_applicable"
    attributes: ClassVar[tuple[str, ...]] = ("applicable", "na_reason")
    blank: ClassVar[tuple[Any, ...]] = (True, "")
    label: ClassVar[str] = "applicable"

    def canonical(self) -> tuple[Any, ...]:
        """Applicable, and the stripped reason (empty when applicable)."""
        return (self.applicable, normalise_na_reason(self.applicable, self.reason))

    def inverse(self, old: tuple[Any, ...]) -> CaseCommand:
        """Restore the old state."""
        return SetApplicable(self.unit_id, bool(old[0]), old[1] or "")


@dataclass(frozen=True)
class AddUnitEntry(CaseEdit):
    """Give a unit a blank entry at ``index`` of the unit order (undo of :class:`RemoveUnitEntry`)."""

    unit_id: str
    index: int | None = None
    action: ClassVar[str] = "add_unit_entry"

    def validate(self, view: CaseView) -> None:
        """A unit of the case's level."""
        check_unit(view, self.unit_id)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Add the entry (nothing if there is one)."""
        if self.unit_id in state.units:
            return NOOP
        add_unit(state, self.unit_id, self.index)
        return RemoveUnitEntry(self.unit_id)

    def write(self, rows: StoredCase) -> Change:
        """Add the row."""
        target = f"unit:{self.unit_id}"
        if rows.unit_row(self.unit_id) is not None:
            return Change(self.action, target, None, None)
        rows.add_unit_row(self.unit_id, self.index)
        return Change(self.action, target, None, {"unit": self.unit_id})


@dataclass(frozen=True)
class RemoveUnitEntry(CaseEdit):
    """Remove a unit's entry that holds nothing (the inverse of the first value entered for a unit)."""

    unit_id: str
    action: ClassVar[str] = "remove_unit_entry"

    def validate(self, view: CaseView) -> None:
        """The entry is blank (or there is none)."""
        normalise_text(self.unit_id, "unit")
        if view.unit_is_blank(self.unit_id) is False:
            raise InputError("unit", f"测评单元 {self.unit_id} 已有测评记录，不能移除")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Remove the entry; the inverse adds it back at its place."""
        if self.unit_id not in state.units:
            return NOOP
        index = list(state.units).index(self.unit_id)
        del state.units[self.unit_id]
        state.touch(self.unit_id)
        return AddUnitEntry(self.unit_id, index)

    def write(self, rows: StoredCase) -> Change:
        """Delete the row."""
        row: UnitEntry | None = rows.unit_row(self.unit_id)
        if row is None:
            return Change(self.action, f"unit:{self.unit_id}", None, None)
        rows.session.delete(row)
        rows.session.flush()
        return Change(self.action, f"unit:{self.unit_id}", {"unit": self.unit_id}, None)

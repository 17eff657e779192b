"""Edits of an object's entry in a technical unit: assign, remove, set D/A/K and the other fields.

Setting a field of an object that is not in the unit yet assigns it (and gives the unit an entry);
the inverse takes both away again. Setting such an object to the values of a new entry changes
nothing and creates nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.edits import Batch, Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit, at, batch, check_index, unit_for_edit
from app.mipin.casework.edits.units import RemoveUnitEntry
from app.mipin.casework.state import ObjectState
from app.mipin.casework.values import (
    OBJECT_FIELDS,
    field_value,
    normalise_object_value,
    normalise_text,
    set_field_value,
)
from app.mipin.casework.view import CaseView, check_object, check_technical

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession

BLANK: dict[str, Any] = {
    "D": None, "A": None, "K": None, "algorithms": [], "protocols": [], "module_level": None, "key_hazards": [],
    "ra": None, "rk": None, "record": "",
}  # fmt: skip
"""The fields of a new, untested object entry."""


@dataclass(frozen=True)
class AssignObject(CaseEdit):
    """Add a defined object to a technical unit at ``index`` (last by default); its results start untested."""

    unit_id: str
    object_name: str
    index: int | None = None
    action: ClassVar[str] = "assign_object"

    def validate(self, view: CaseView) -> None:
        """A technical unit of the case's level and a defined object."""
        check_technical(view, self.unit_id)
        check_object(view, self.object_name)
        check_index(self.index)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Add the entry (nothing if it is there); the inverse removes it (and a unit entry made for it)."""
        existing = state.units.get(self.unit_id)
        if existing is not None and existing.object(self.object_name) is not None:
            return NOOP
        unit, created = unit_for_edit(state, self.unit_id)
        had_objects = unit.has_objects
        unit.objects.insert(at(unit.objects, self.index), ObjectState(name=self.object_name))
        unit.has_objects = True
        state.touch(self.unit_id)
        return batch(
            UnassignObject(self.unit_id, self.object_name, has_objects=had_objects),
            RemoveUnitEntry(self.unit_id) if created else None,
        )

    def write(self, rows: StoredCase) -> Change:
        """Add the entry row at its place."""
        target = f"unit:{self.unit_id}/object:{self.object_name}"
        existing = rows.unit_row(self.unit_id)
        if existing is not None and rows.entry_row(existing, self.object_name) is not None:
            return Change(self.action, target, True, True)  # already assigned: nothing to change
        unit, _created = rows.unit_for_edit(self.unit_id)
        rows.add_entry_row(unit, self.object_name, self.index)
        return Change(self.action, target, False, True)


@dataclass(frozen=True)
class UnassignObject(CaseEdit):
    """Remove an object from a unit (nothing if it is not there); the inverse restores its results.

    ``has_objects`` (used by undo) sets whether the unit lists objects at all afterwards.
    """

    unit_id: str
    object_name: str
    has_objects: bool | None = None
    action: ClassVar[str] = "unassign_object"

    def validate(self, view: CaseView) -> None:
        """Names are text (a missing entry is simply nothing to remove)."""
        normalise_text(self.unit_id, "unit")
        normalise_text(self.object_name, "object")
        if self.has_objects is not None and not isinstance(self.has_objects, bool):
            raise InputError("has_objects", "must be true or false")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Remove the entry; the inverse assigns the object again at its place and restores every field."""
        unit = state.units.get(self.unit_id)
        obj = unit.object(self.object_name) if unit else None
        if unit is None or obj is None:
            return NOOP
        snapshot = {f: field_value(obj, f) for f in OBJECT_FIELDS}
        index = unit.objects.index(obj)
        unit.objects.remove(obj)
        if self.has_objects is not None:
            unit.has_objects = self.has_objects
        state.touch(self.unit_id)
        return Batch(
            (
                AssignObject(self.unit_id, self.object_name, index=index),
                SetObjectFields(self.unit_id, self.object_name, snapshot),
            )
        )

    def write(self, rows: StoredCase) -> Change:
        """Delete the entry row."""
        target = f"unit:{self.unit_id}/object:{self.object_name}"
        unit = rows.unit_row(self.unit_id)
        entry = rows.entry_row(unit, self.object_name)
        if unit is None or entry is None:
            return Change(self.action, target, None, None)
        snapshot = {f: field_value(entry, f) for f in OBJECT_FIELDS}
        rows.session.delete(entry)
        if self.has_objects is not None:
            unit.has_objects = self.has_objects
        return Change(self.action, target, snapshot, None)


def _set_fields(state: CaseSession, unit_id: str, name: str, values: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Set canonical ``values`` of an entry in memory; returns the old values, or the inverse if it was created."""
    unit, created_unit = unit_for_edit(state, unit_id)
    obj = unit.object(name)
    created: CaseCommand | None = None
    if obj is None:
        created = batch(
            UnassignObject(unit_id, name, has_objects=unit.has_objects),
            RemoveUnitEntry(unit_id) if created_unit else None,
        )
        obj = ObjectState(name=name)
        unit.objects.append(obj)
        unit.has_objects = True
    old = {f: field_value(obj, f) for f in values}
    for field, value in values.items():
        set_field_value(obj, field, value)
    state.touch(unit_id)
    return old, created


def _write_fields(rows: StoredCase, unit_id: str, name: str, values: dict[str, Any]) -> Any:
    """Set canonical ``values`` of an entry row; returns the old values (None if the entry was created)."""
    unit, _created = rows.unit_for_edit(unit_id)
    entry = rows.entry_row(unit, name)
    created = entry is None
    if entry is None:
        entry = rows.add_entry_row(unit, name)
    old = {f: field_value(entry, f) for f in values}
    for field, value in values.items():
        set_field_value(entry, field, value)
    return None if created else old


def _unchanged_blank(view: CaseView, unit_id: str, name: str, values: dict[str, Any]) -> bool:
    """Whether the object has no entry in the unit and ``values`` are those of a new entry (a no-op).

    Such an edit creates nothing, so every write that adds rows also changes a value (and is audited).
    """
    return all(BLANK[f] == v for f, v in values.items()) and not view.has_entry(unit_id, name)


@dataclass(frozen=True)
class SetObjectField(CaseEdit):
    """Set one field (D, A, K, algorithms, …) of an object in a technical unit (assigning it if needed)."""

    unit_id: str
    object_name: str
    field: str
    value: object
    action: ClassVar[str] = "set_object_field"

    def canonical(self, view: CaseView) -> Any:
        """The value as stored (algorithm names as the catalogue spells them …)."""
        return normalise_object_value(view.catalogue, self.field, self.value, view.level)

    def validate(self, view: CaseView) -> None:
        """A valid value for the field, a technical unit of the case and a defined object."""
        self.canonical(view)
        check_technical(view, self.unit_id)
        check_object(view, self.object_name)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set the field; the inverse sets the old value (or removes an entry made for it)."""
        value = self.canonical(state)
        if _unchanged_blank(state, self.unit_id, self.object_name, {self.field: value}):
            return NOOP
        old, created = _set_fields(state, self.unit_id, self.object_name, {self.field: value})
        return created or SetObjectField(self.unit_id, self.object_name, self.field, old[self.field])

    def write(self, rows: StoredCase) -> Change:
        """Set the field of the entry row."""
        target = f"unit:{self.unit_id}/object:{self.object_name}/{self.field}"
        value = self.canonical(rows)
        if _unchanged_blank(rows, self.unit_id, self.object_name, {self.field: value}):
            return Change(self.action, target, None, None)
        old = _write_fields(rows, self.unit_id, self.object_name, {self.field: value})
        return Change(self.action, target, None if old is None else old[self.field], value)


@dataclass(frozen=True)
class SetObjectFields(CaseEdit):
    """Set several fields of one object in a technical unit (assigning it if needed)."""

    unit_id: str
    object_name: str
    values: Mapping[str, object]
    action: ClassVar[str] = "set_object_fields"

    def canonical(self, view: CaseView) -> dict[str, Any]:
        """The values as stored."""
        if not isinstance(self.values, Mapping):
            raise InputError("values", "must be an object of field values")
        return {f: normalise_object_value(view.catalogue, f, v, view.level) for f, v in self.values.items()}

    def validate(self, view: CaseView) -> None:
        """Valid values, a technical unit of the case and a defined object."""
        self.canonical(view)
        check_technical(view, self.unit_id)
        check_object(view, self.object_name)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Set the fields; the inverse sets the old values (or removes an entry made for them)."""
        values = self.canonical(state)
        if _unchanged_blank(state, self.unit_id, self.object_name, values):
            return NOOP
        old, created = _set_fields(state, self.unit_id, self.object_name, values)
        return created or SetObjectFields(self.unit_id, self.object_name, old)

    def write(self, rows: StoredCase) -> Change:
        """Set the fields of the entry row."""
        target = f"unit:{self.unit_id}/object:{self.object_name}"
        values = self.canonical(rows)
        if _unchanged_blank(rows, self.unit_id, self.object_name, values):
            return Change(self.action, target, None, None)
        old = _write_fields(rows, self.unit_id, self.object_name, values)
        return Change(self.action, target, old, values)

"""Edits of test objects: define, rename/retype, delete, assign to a unit, remove from it, set D/A/K and fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.edits import Batch, Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import NOOP, CaseCommand, CaseEdit, batch, unit_for_edit
from app.mipin.casework.edits.evidence import evidence_order
from app.mipin.casework.edits.units import RemoveUnitEntry
from app.mipin.casework.state import ObjectDef, ObjectState
from app.mipin.casework.values import (
    OBJECT_FIELDS,
    field_value,
    normalise_object_name,
    normalise_object_value,
    normalise_text,
    set_field_value,
)
from app.mipin.casework.view import CaseView, check_object, check_technical
from app.mipin.tables import CaseObject

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession

BLANK: dict[str, Any] = {
    "D": None, "A": None, "K": None, "algorithms": [], "protocols": [], "module_level": None, "key_hazards": [],
    "ra": None, "rk": None, "record": "",
}  # fmt: skip
"""The fields of a new, untested object entry."""


def check_index(index: object) -> None:
    """An insertion index: None (last) or a non-negative whole number."""
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise InputError("index", "must be a position (0, 1, 2 …) or empty")


def at(items: list[Any], index: int | None) -> int:
    """Where ``index`` inserts into ``items`` (None or past the end: last)."""
    return len(items) if index is None else min(index, len(items))


@dataclass(frozen=True)
class DefineObject(CaseEdit):
    """Define a test object of the case (once; assign it to units afterwards)."""

    name: str
    kind: str = ""
    note: str = ""
    index: int | None = None
    action: ClassVar[str] = "define_object"

    def validate(self, view: CaseView) -> None:
        """The name is new and not empty; kind and note are text."""
        name = normalise_object_name(self.name)
        normalise_text(self.kind, "kind")
        normalise_text(self.note, "note")
        check_index(self.index)
        if view.has_object(name):
            raise InputError("name", f"测评对象“{name}”已存在")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Add the definition; the inverse deletes it."""
        name = self.name.strip()
        state.objects.insert(at(state.objects, self.index), ObjectDef(name, self.kind, self.note))
        state.touch()
        return DeleteObject(name)

    def write(self, rows: StoredCase) -> Change:
        """Add the object row at its place."""
        name = self.name.strip()
        row = CaseObject(case_id=rows.case.id, name=name, kind=self.kind, note=self.note, position=0)
        rows.put(row, self.index, CaseObject.position, CaseObject.case_id == rows.case.id, rows.object_rows)
        rows.forget_object(name)
        return Change(self.action, f"object:{name}", None, {"name": name, "kind": self.kind, "note": self.note})


@dataclass(frozen=True)
class DeleteObject(CaseEdit):
    """Delete a test object and its results in every unit (its evidence and decisions stay)."""

    name: str
    action: ClassVar[str] = "delete_object"

    def validate(self, view: CaseView) -> None:
        """The object exists."""
        check_object(view, self.name)

    def apply(self, state: CaseSession) -> CaseCommand:
        """Remove the object everywhere; the inverse defines it again and restores every entry in place."""
        definition = state.object_def(self.name)
        assert definition is not None  # validated
        restore: list[CaseCommand] = [
            DefineObject(self.name, definition.kind, definition.note, index=state.objects.index(definition))
        ]
        for unit in state.units.values():
            obj = unit.object(self.name)
            if obj is not None:
                snapshot = {f: field_value(obj, f) for f in OBJECT_FIELDS}
                restore.append(AssignObject(unit.id, self.name, index=unit.objects.index(obj)))
                restore.append(SetObjectFields(unit.id, self.name, snapshot))
                unit.objects.remove(obj)
                state.touch(unit.id)
        state.objects.remove(definition)
        state.touch()
        return Batch(tuple(restore))

    def write(self, rows: StoredCase) -> Change:
        """Delete the object row (its entries go with it)."""
        row = rows.object_row(self.name)
        assert row is not None  # validated
        rows.session.delete(row)
        rows.session.flush()
        rows.forget_object(self.name)
        return Change(self.action, f"object:{self.name}", {"name": self.name}, None)


@dataclass(frozen=True)
class UpdateObject(CaseEdit):
    """Rename a test object or change its type; results, compensations, decisions and evidence follow a rename."""

    name: str
    new_name: str | None = None
    kind: str | None = None
    action: ClassVar[str] = "update_object"

    def target(self) -> str:
        """The object's name after the edit."""
        if self.new_name is None or (isinstance(self.new_name, str) and self.new_name.strip() == self.name):
            return self.name
        return normalise_object_name(self.new_name)

    def validate(self, view: CaseView) -> None:
        """The object exists; a new name is free and would not merge two items that refer to objects by name."""
        check_object(view, self.name)
        if self.kind is not None:
            normalise_text(self.kind, "kind")
        target = self.target()
        if target == self.name:
            return
        if view.has_object(target):
            raise InputError("name", f"测评对象“{target}”已存在")
        # A deleted object's evidence, decisions and compensations keep its name; renaming another
        # object to it would merge the two, and no undo could tell them apart again.
        referenced = (
            {key[2] for key in view.evidence_keys()}
            | {key[2] for key in view.decision_keys()}
            | {name for key in view.compensation_keys() for name in (key[1], key[3])}
        )
        if target in referenced:
            raise InputError("name", f"名称“{target}”仍被已删除对象的证据、高风险判定或弥补引用，请换一个名称")

    def apply(self, state: CaseSession) -> CaseCommand:
        """Rename and retype in memory; the inverse renames and retypes back."""
        definition = state.object_def(self.name)
        assert definition is not None  # validated
        target, old_kind = self.target(), definition.kind
        if target != self.name:
            _rename(state, self.name, target)
            definition.name = target
        if self.kind is not None:
            definition.kind = self.kind
        state.touch()
        return UpdateObject(
            target,
            new_name=self.name if target != self.name else None,
            kind=old_kind if self.kind is not None else None,
        )

    def write(self, rows: StoredCase) -> Change:
        """Rename and retype the rows."""
        obj = rows.object_row(self.name)
        assert obj is not None  # validated
        old = {"name": obj.name, "kind": obj.kind}
        target = self.target()
        if target != self.name:
            _rename_rows(rows, self.name, target)
            obj.name = target
            rows.forget_object(self.name, target)
        if self.kind is not None:
            obj.kind = self.kind
        return Change(self.action, f"object:{self.name}", old, {"name": obj.name, "kind": obj.kind})


def _rename(state: CaseSession, old: str, new: str) -> None:
    for unit in state.units.values():
        for obj in unit.objects:
            if obj.name == old:
                obj.name = new
    state.compensations = [
        replace(
            c, object=new if c.object == old else c.object, from_object=new if c.from_object == old else c.from_object
        )
        for c in state.compensations
    ]
    for decision in state.decisions:
        if decision.object == old:
            decision.object = new
    state.evidence = sorted(
        (replace(e, object_name=new) if e.object_name == old else e for e in state.evidence), key=evidence_order
    )


def _rename_rows(rows: StoredCase, old: str, new: str) -> None:
    for comp in rows.compensation_rows():
        comp.object = new if comp.object == old else comp.object
        comp.from_object = new if comp.from_object == old else comp.from_object
    for decision in rows.decision_rows():
        if decision.object == old:
            decision.object = new
    for item in rows.evidence_rows():
        if item.object_name == old:
            item.object_name = new


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
        return normalise_object_value(view.catalogue, self.field, self.value)

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
        return {f: normalise_object_value(view.catalogue, f, v) for f, v in self.values.items()}

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

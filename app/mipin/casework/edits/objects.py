"""Edits of a case's test objects: define, rename or retype, delete (their entries in units: :mod:`.entries`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from app.core.edits import Batch, Change
from app.core.errors import InputError
from app.mipin.casework.edits.base import CaseCommand, CaseEdit, at, check_index
from app.mipin.casework.edits.entries import AssignObject, SetObjectFields
from app.mipin.casework.edits.evidence import evidence_order
from app.mipin.casework.state import ObjectDef
from app.mipin.casework.values import OBJECT_FIELDS, field_value, normalise_object_name, normalise_text
from app.mipin.casework.view import CaseView, check_object
from app.mipin.tables import CaseObject

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession


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

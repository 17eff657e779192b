"""Edits of an open case: :class:`Op` values, applied locally and persisted through the editor.

Every method of :class:`CaseOpsMixin` has the name and arguments of the
:class:`app.mipin.casework.editor.CaseEditor` method it mirrors (without the case id), validates like it,
changes the in-memory case, and returns the inverse :class:`Op`. :func:`persist` sends an ``Op``
to the editor. Undo is therefore the same path as any edit: apply the inverse, persist it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from app.core.edits import NOOP, Op
from app.core.errors import InputError
from app.mipin.casework.editor import (
    OBJECT_FIELDS,
    field_value,
    normalise_na_reason,
    normalise_object_name,
    normalise_object_value,
    normalise_result,
    set_field_value,
    validate_header_fields,
    validate_risk_decision,
)
from app.mipin.casework.evidence_ops import EvidenceOpsMixin
from app.mipin.casework.state import CaseHeaderState, DecisionState, ObjectDef, ObjectState, RatingState, UnitState
from app.mipin.engine import Catalogue, Compensation
from app.mipin.engine.case import FAIL, NA, PASS
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.riskmatrix import load_risk_matrix


def mark_change(obj: ObjectState | None, indicator: str, mark: str | None) -> dict[str, str | None]:
    """The D/A/K fields to set so that entering ``mark`` keeps the object's marks consistent.

    D="/" makes A and K "/" too (the object does not apply); D=√ clears an A or K of "/"; A or
    K of √/× on an excluded object makes D untested again. A or K "/" while D=√ is refused.

    Raises:
        InputError: A or K "/" while D is √.
    """
    d, a, k = (obj.d, obj.a, obj.k) if obj else (None, None, None)
    out: dict[str, str | None] = {indicator: mark}
    if indicator == "D":
        if mark == NA:
            out.update(A=NA, K=NA)
        elif mark == PASS or mark is None:
            out.update({key: None for key, value in (("A", a), ("K", k)) if value == NA})
        return out
    other = "K" if indicator == "A" else "A"
    if mark == NA and d == PASS:
        raise InputError(indicator, f"D 为 √ 时 {indicator} 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）")
    if mark in (PASS, FAIL) and d == NA:
        out["D"] = None
        if (a if other == "A" else k) == NA:
            out[other] = None
    return out


class CaseOpsMixin(EvidenceOpsMixin):
    """The edit operations of :class:`app.mipin.casework.session.CaseSession` (state declared there)."""

    case_id: int
    header: CaseHeaderState
    catalogue: Catalogue
    objects: list[ObjectDef]
    units: dict[str, UnitState]
    compensations: list[Compensation]
    decisions: list[DecisionState]
    ratings: dict[str, RatingState]
    evidence: list[EvidenceRecord]

    def object_def(self, name: str) -> ObjectDef | None:  # pragma: no cover - provided by CaseSession
        """The case object called ``name``."""
        raise NotImplementedError

    def apply(self, op: Op) -> Op:
        """Apply ``op`` locally and return its inverse.

        Raises:
            InputError: The edit is invalid; nothing changed.
        """
        return getattr(self, op.method)(*op.args, **dict(op.kwargs))  # type: ignore[no-any-return]

    def batch(self, ops: tuple[Op, ...]) -> Op:
        """Apply several ops; all or nothing locally."""
        done: list[Op] = []
        try:
            for op in ops:
                done.append(self.apply(op))
        except InputError:
            for inverse in reversed(done):
                self.apply(inverse)
            raise
        return Op.batch(tuple(reversed(done)))

    # ------------------------------------------------------------------ helpers
    def _unit_state(self, unit_id: str, create: bool = True) -> UnitState:
        state = self.units.get(unit_id)
        if state is None:
            definition = self.catalogue.find_unit(unit_id)
            if definition is None or definition.at_level(self.header.level) is None:
                raise InputError("unit", f"{unit_id} is not a test unit of level {self.header.level}")
            if not create:
                raise InputError("unit", f"{unit_id} has no entry")
            state = self.units[unit_id] = UnitState(id=unit_id, has_objects=definition.is_technical)
        return state

    def _entry(self, unit_id: str, name: str) -> ObjectState:
        state = self._unit_state(unit_id)
        obj = state.object(name)
        if obj is None:
            if self.object_def(name) is None:
                raise InputError("object", f"no test object named {name!r} in this case")
            obj = ObjectState(name=name)
            state.objects.append(obj)
            state.has_objects = True
        return obj

    # ------------------------------------------------------------------ test objects
    def define_object(self, name: str, kind: str = "", note: str = "") -> Op:
        """Define a test object (once per case)."""
        name = normalise_object_name(name)
        if self.object_def(name) is not None:
            raise InputError("name", f"测评对象“{name}”已存在")
        self.objects.append(ObjectDef(name, kind, note))
        self.touch()
        return Op("delete_object", (name,))

    def delete_object(self, name: str) -> Op:
        """Delete a test object and its entries in every unit."""
        definition = self.object_def(name)
        if definition is None:
            raise InputError("object", f"no test object named {name!r}")
        restore = [Op("define_object", (name, definition.kind, definition.note))]
        for unit in self.units.values():
            obj = unit.object(name)
            if obj is not None:
                snapshot = {f: field_value(obj, f) for f in OBJECT_FIELDS}
                restore += [Op("assign_object", (unit.id, name)), Op("set_object_fields", (unit.id, name, snapshot))]
                unit.objects.remove(obj)
        self.objects.remove(definition)
        self.touch()
        return Op.batch(restore)

    def update_object(self, name: str, *, new_name: str | None = None, kind: str | None = None) -> Op:
        """Rename an object or change its type (references follow a rename)."""
        definition = self.object_def(name)
        if definition is None:
            raise InputError("object", f"no test object named {name!r}")
        old_kind = definition.kind
        target = name
        if new_name is not None and new_name.strip() != name:
            target = normalise_object_name(new_name)
            if self.object_def(target) is not None:
                raise InputError("name", f"测评对象“{target}”已存在")
            self._rename(name, target)
            definition.name = target
        if kind is not None:
            definition.kind = kind
        self.touch()
        kwargs: list[tuple[str, Any]] = []
        if target != name:
            kwargs.append(("new_name", name))
        if kind is not None:
            kwargs.append(("kind", old_kind))
        return Op("update_object", (target,), tuple(kwargs))

    def _rename(self, old: str, new: str) -> None:
        for unit in self.units.values():
            for obj in unit.objects:
                if obj.name == old:
                    obj.name = new
        self.compensations = [
            replace(
                c,
                object=new if c.object == old else c.object,
                from_object=new if c.from_object == old else c.from_object,
            )
            for c in self.compensations
        ]
        for dec in self.decisions:
            if dec.object == old:
                dec.object = new
        self.evidence = [replace(e, object_name=new) if e.object_name == old else e for e in self.evidence]

    def assign_object(self, unit_id: str, object_name: str) -> Op:
        """Add a defined object to a technical unit (its results start untested)."""
        definition = self.catalogue.find_unit(unit_id)
        if definition is not None and not definition.is_technical:
            raise InputError("unit", f"{unit_id} 是管理测评单元，不使用测评对象")
        state = self.units.get(unit_id)
        if state is not None and state.object(object_name) is not None:
            return NOOP
        self._entry(unit_id, object_name)
        self.touch(unit_id)
        return Op("unassign_object", (unit_id, object_name))

    def unassign_object(self, unit_id: str, object_name: str) -> Op:
        """Remove an object from a unit; the inverse restores its results."""
        state = self.units.get(unit_id)
        obj = state.object(object_name) if state else None
        if state is None or obj is None:
            return NOOP
        snapshot = {f: field_value(obj, f) for f in OBJECT_FIELDS}
        state.objects.remove(obj)
        self.touch(unit_id)
        return Op.batch(
            (Op("assign_object", (unit_id, object_name)), Op("set_object_fields", (unit_id, object_name, snapshot)))
        )

    def set_object_field(self, unit_id: str, object_name: str, field: str, value: object) -> Op:
        """Set one field (D, A, K, algorithms, …) of an object in a unit."""
        canonical = normalise_object_value(field, value)
        obj = self._entry(unit_id, object_name)
        old = field_value(obj, field)
        set_field_value(obj, field, canonical)
        self.touch(unit_id)
        return Op("set_object_field", (unit_id, object_name, field, old))

    def set_object_fields(self, unit_id: str, object_name: str, values: dict[str, object]) -> Op:
        """Set several fields of one object."""
        canonical = {f: normalise_object_value(f, v) for f, v in values.items()}
        obj = self._entry(unit_id, object_name)
        old = {f: field_value(obj, f) for f in canonical}
        for name, value in canonical.items():
            set_field_value(obj, name, value)
        self.touch(unit_id)
        return Op("set_object_fields", (unit_id, object_name, old))

    # ------------------------------------------------------------------ units
    def set_unit_result(self, unit_id: str, result: object) -> Op:
        """Set a management unit's result (None: untested)."""
        canonical = normalise_result(result)
        definition = self.catalogue.find_unit(unit_id)
        if definition is not None and definition.is_technical:
            raise InputError("result", f"{unit_id} is a technical unit; enter D/A/K per object")
        state = self._unit_state(unit_id)
        old = state.result
        state.result = canonical
        self.touch(unit_id)
        return Op("set_unit_result", (unit_id, old))

    def set_unit_record(self, unit_id: str, record: str) -> Op:
        """Set the unit's 结果记录 text."""
        state = self._unit_state(unit_id)
        old = state.record
        state.record = record
        self.touch(unit_id)
        return Op("set_unit_record", (unit_id, old))

    def set_checklist(self, unit_id: str, ticked: list[int]) -> Op:
        """Record the ticked 测评实施 items."""
        state = self._unit_state(unit_id)
        old = list(state.checklist)
        state.checklist = sorted(set(ticked))
        self.touch(unit_id)
        return Op("set_checklist", (unit_id, old))

    def set_applicable(self, unit_id: str, applicable: bool, reason: str = "") -> Op:
        """Mark a unit 不适用 (reason required) or applicable again."""
        na_reason = normalise_na_reason(applicable, reason)
        state = self._unit_state(unit_id)
        old = (state.applicable, state.na_reason)
        state.applicable = applicable
        state.na_reason = na_reason
        self.touch(unit_id)
        return Op("set_applicable", (unit_id, old[0], old[1]))

    # ------------------------------------------------------------------ risks
    def set_risk_decision(
        self, item: str, unit: str, obj: str | None, decision: str | None, reason: str = "", mitigation: str = ""
    ) -> Op:
        """Record (or with ``decision=None`` remove) a decision on a high-risk candidate."""
        validate_risk_decision(self.catalogue, item, decision, reason)
        row = next((d for d in self.decisions if (d.item, d.unit, d.object) == (item, unit, obj)), None)
        inverse = Op("set_risk_decision", (item, unit, obj, None))
        if row is not None:
            inverse = Op("set_risk_decision", (item, unit, obj, row.decision, row.reason, row.mitigation))
        if decision is None:
            if row is not None:
                self.decisions.remove(row)
        else:
            if row is None:
                row = DecisionState(item, unit, obj, decision)
                self.decisions.append(row)
            row.decision, row.reason, row.mitigation = decision, reason.strip(), mitigation.strip()
            row.decided_at = datetime.now().replace(microsecond=0)
        self.touch(unit)
        return inverse

    def set_risk_rating(self, unit_id: str, likelihood: str, impact: str, note: str = "") -> Op:
        """Rate a 部分符合/不符合 unit's likelihood and impact (高/中/低)."""
        load_risk_matrix().risk(likelihood, impact)
        old = self.ratings.get(unit_id)
        self.ratings[unit_id] = RatingState(likelihood, impact, note)
        self.touch(unit_id)
        if old is None:
            return Op("delete_risk_rating", (unit_id,))
        return Op("set_risk_rating", (unit_id, old.likelihood, old.impact, old.note))

    def delete_risk_rating(self, unit_id: str) -> Op:
        """Remove a unit's rating."""
        old = self.ratings.pop(unit_id, None)
        self.touch(unit_id)
        return NOOP if old is None else Op("set_risk_rating", (unit_id, old.likelihood, old.impact, old.note))

    # ------------------------------------------------------------------ header
    def update_case(self, **fields: Any) -> Op:
        """Change header fields (as :meth:`app.mipin.casework.editor.CaseEditor.update_case`)."""
        validate_header_fields(fields)
        old = {key: getattr(self.header, key) for key in fields}
        for key, value in fields.items():
            setattr(self.header, key, value)
        self.touch()
        return Op("update_case", (), tuple(old.items()))

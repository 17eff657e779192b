"""Every edit of a case, each in one short transaction with its audit record.

The GUI's undo stack, the crash-safety tests and the CLI all change cases through
:class:`CaseEditor`, so there is exactly one write path. Each method validates its value
(naming the field on error, writing nothing), applies the change, bumps the case's
``updated_at`` and appends an audit record, all in one transaction; it returns the previous
value so the caller can undo by writing it back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.errors import InputError, NotFoundError
from app.mipin.casework.evidence_edits import EvidenceEditsMixin
from app.mipin.engine import Catalogue, load_catalogue
from app.mipin.riskmatrix import load_risk_matrix
from app.mipin.tables import Case, CaseObject, Compensation, Evidence, ObjectEntry, RiskDecision, RiskRating, UnitEntry
from app.store import audit
from app.store.store import Store

MARKS = {"√": "√", "×": "×", "/": "/", "pass": "√", "fail": "×", "na": "/"}
RESULTS = {
    "符合": "符合",
    "部分符合": "部分符合",
    "不符合": "不符合",
    "不适用": "不适用",
    "pass": "符合",
    "partial": "部分符合",
    "fail": "不符合",
    "na": "不适用",
}
DECISIONS = ("confirmed", "mitigated", "dismissed", "added")
OBJECT_FIELDS = ("D", "A", "K", "algorithms", "protocols", "module_level", "key_hazards", "ra", "rk", "record")
_COLUMN = {"D": "d", "A": "a", "K": "k"}
RA_VALUES = (Decimal("1"), Decimal("0.5"), Decimal("0.2"))
RK_VALUES = (Decimal("1"), Decimal("1.2"), Decimal("1.5"))


def normalise_mark(value: object, field: str) -> str | None:
    """√/×// (or pass/fail/na in any case); None or "" clears the mark."""
    if value is None or value == "":
        return None
    mark = MARKS.get(str(value).strip().lower()) if isinstance(value, str) else None
    if mark is None:
        raise InputError(field, f"must be √, × or / (or pass, fail, na), got {value!r}")
    return mark


def normalise_result(value: object, field: str = "result") -> str | None:
    """符合/部分符合/不符合/不适用 or pass/partial/fail/na; None clears."""
    if value is None or value == "":
        return None
    result = RESULTS.get(str(value).strip().lower()) if isinstance(value, str) else None
    if result is None:
        raise InputError(field, f"must be 符合, 部分符合, 不符合 or 不适用, got {value!r}")
    return result


def _factor(value: object, allowed: tuple[Decimal, ...], field: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise InputError(field, f"must be one of {', '.join(map(str, allowed))}") from exc
    if number not in allowed:
        raise InputError(field, f"must be one of {', '.join(map(str, allowed))}, got {value}")
    return float(number)


def normalise_object_value(field: str, value: object) -> Any:
    """Validate and canonicalise one object field (names become catalogue names)."""
    catalogue = load_catalogue()
    if field in _COLUMN:
        return normalise_mark(value, field)
    if field in ("algorithms", "protocols"):
        if isinstance(value, str):
            value = [part for part in (p.strip() for p in value.replace("，", ",").split(",")) if part]
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise InputError(field, "must be a list of names")
        lookup = catalogue.algorithm if field == "algorithms" else catalogue.protocol
        names: list[str] = []
        for index, name in enumerate(value):
            if not isinstance(name, str):
                raise InputError(f"{field}[{index}]", "must be a name")
            canonical = lookup(name, f"{field}[{index}]").name
            if canonical not in names:
                names.append(canonical)
        return names
    if field == "module_level":
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or str(value) not in ("1", "2", "3", "4"):
            raise InputError(field, f"must be 1–4, got {value!r}")
        return int(value)
    if field == "key_hazards":
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise InputError(field, "must be a list of hazard ids")
        for index, hazard in enumerate(value):
            if not isinstance(hazard, str) or not hazard.strip():
                raise InputError(f"{field}[{index}]", "must be a non-empty text")
        return list(value)
    if field == "ra":
        return _factor(value, RA_VALUES, field)
    if field == "rk":
        return _factor(value, RK_VALUES, field)
    if field == "record":
        if value is not None and not isinstance(value, str):
            raise InputError(field, "must be text")
        return value or ""
    raise InputError(field, f"unknown object field; fields: {', '.join(OBJECT_FIELDS)}")


def field_value(obj: Any, field: str) -> Any:
    """One field (``D``, ``algorithms`` …) of a stored or in-memory object entry; lists are copied."""
    value = getattr(obj, _COLUMN.get(field, field))
    return list(value) if isinstance(value, list) else value


def set_field_value(obj: Any, field: str, value: Any) -> None:
    """Set one field of a stored or in-memory object entry to an already normalised value."""
    setattr(obj, _COLUMN.get(field, field), value)


def normalise_object_name(name: str) -> str:
    """A test object's name, stripped; raises :class:`InputError` if it is empty."""
    name = name.strip()
    if not name:
        raise InputError("name", "对象名称不能为空")
    return name


def normalise_na_reason(applicable: bool, reason: str) -> str:
    """The 不适用 reason to store: required (stripped) for a unit marked 不适用, empty otherwise."""
    if applicable:
        return ""
    if not reason.strip():
        raise InputError("na_reason", "标记为不适用必须填写理由")
    return reason.strip()


def validate_risk_decision(catalogue: Catalogue, item: str, decision: str | None, reason: str) -> None:
    """Check a decision on a high-risk candidate (``None`` removes one and needs no check)."""
    if decision is None:
        return
    if decision not in DECISIONS:
        raise InputError("decision", f"must be one of {', '.join(DECISIONS)}")
    if not reason.strip():
        raise InputError("reason", "每项高风险判定都必须填写理由")
    hr = catalogue.find_high_risk_item(item)
    if hr is None:
        raise InputError("item", f"unknown high-risk item {item!r}")
    if decision == "mitigated" and not hr.mitigable:
        raise InputError("decision", f"item {item} cannot be mitigated")


def new_unit_entry(case: Case, unit_id: str, position: int) -> UnitEntry | None:
    """A new, empty entry for ``unit_id`` (not yet added), or None if it is no test unit of the case's level."""
    unit = load_catalogue().find_unit(unit_id)
    if unit is None or unit.at_level(case.level) is None:
        return None
    return UnitEntry(
        case=case, unit_id=unit_id, position=position, applicable=True, na_reason="", record="", checklist=[],
        has_objects=unit.is_technical,
    )  # fmt: skip


def _next_position(s: Session, counted: InstrumentedAttribute[int], *where: Any) -> int:
    """The position of a row appended after those matching ``where`` (their count)."""
    return s.scalar(select(func.count(counted)).where(*where)) or 0


HEADER_FIELDS = frozenset(
    {"system_name", "level", "client", "assessor", "report_no", "threshold", "phases", "period_start", "period_end",
     "archived"}
)  # fmt: skip


def validate_header_fields(fields: dict[str, Any]) -> None:
    """Check case-header changes; raises :class:`InputError` naming the first bad field."""
    unknown = set(fields) - HEADER_FIELDS
    if unknown:
        raise InputError(sorted(unknown)[0], "unknown case field")
    if "level" in fields and fields["level"] not in (1, 2, 3, 4):
        raise InputError("system.level", "等级必须是 1–4")
    if "system_name" in fields and not str(fields["system_name"]).strip():
        raise InputError("system.name", "被测系统名称不能为空")
    if "threshold" in fields and not 0 <= float(fields["threshold"]) <= 100:
        raise InputError("threshold", "阈值必须在 0–100 之间")


class CaseEditor(EvidenceEditsMixin):
    """Applies single edits to cases in the store (evidence edits: :mod:`app.mipin.casework.evidence_edits`).

    Args:
        store: The case store (its single writer serialises the transactions).
        actor: Name recorded in the audit log (default: the OS user).
    """

    def __init__(self, store: Store, actor: str = "") -> None:
        self.store = store
        self.actor = actor or audit.current_actor()

    # ------------------------------------------------------------------ plumbing
    def _edit(self, case_id: int, action: str, target: str, change: Callable[[Session, Case], tuple[Any, Any]]) -> Any:
        def run(s: Session) -> Any:
            case = s.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"case {case_id} does not exist")
            old, new = change(s, case)
            if old != new:
                case.updated_at = datetime.now().replace(microsecond=0)
                audit.append(s, case_id, action, target, old, new, self.actor)
            return old

        return self.store.write(run)

    @staticmethod
    def _unit(s: Session, case: Case, unit_id: str, create: bool) -> UnitEntry | None:
        entry = s.scalar(select(UnitEntry).where(UnitEntry.case_id == case.id, UnitEntry.unit_id == unit_id))
        if entry is None and create:
            entry = new_unit_entry(case, unit_id, _next_position(s, UnitEntry.id, UnitEntry.case_id == case.id))
            if entry is None:
                raise InputError("unit", f"{unit_id} is not a test unit of level {case.level}")
            s.add(entry)
            s.flush()
        return entry

    @staticmethod
    def _object(s: Session, case: Case, name: str) -> CaseObject | None:
        return s.scalar(select(CaseObject).where(CaseObject.case_id == case.id, CaseObject.name == name))

    def _entry(self, s: Session, case: Case, unit_id: str, object_name: str, create: bool) -> ObjectEntry | None:
        unit = self._unit(s, case, unit_id, create)
        obj = self._object(s, case, object_name)
        if unit is None or obj is None:
            if create and obj is None:
                raise InputError("object", f"no test object named {object_name!r} in this case")
            return None
        entry = s.scalar(
            select(ObjectEntry).where(ObjectEntry.unit_entry_id == unit.id, ObjectEntry.object_id == obj.id)
        )
        if entry is None and create:
            position = _next_position(s, ObjectEntry.id, ObjectEntry.unit_entry_id == unit.id)
            entry = ObjectEntry(
                unit=unit, object=obj, position=position, algorithms=[], protocols=[], key_hazards=[], record=""
            )
            unit.has_objects = True
            s.add(entry)
            s.flush()
        return entry

    # ------------------------------------------------------------------ test objects
    def define_object(self, case_id: int, name: str, kind: str = "", note: str = "") -> None:
        """Define a test object for the case (once; assign it to units afterwards)."""
        name = normalise_object_name(name)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            if self._object(s, case, name) is not None:
                raise InputError("name", f"测评对象“{name}”已存在")
            position = _next_position(s, CaseObject.id, CaseObject.case_id == case.id)
            s.add(CaseObject(case=case, name=name, kind=kind, note=note, position=position))
            return None, {"name": name, "kind": kind}

        self._edit(case_id, "define_object", f"object:{name}", change)

    def update_object(self, case_id: int, name: str, *, new_name: str | None = None, kind: str | None = None) -> None:
        """Rename a test object or change its type; compensations and decisions follow a rename."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            obj = self._object(s, case, name)
            if obj is None:
                raise InputError("object", f"no test object named {name!r}")
            old = {"name": obj.name, "kind": obj.kind}
            if new_name is not None and new_name.strip() != obj.name:
                target = normalise_object_name(new_name)
                if self._object(s, case, target) is not None:
                    raise InputError("name", f"测评对象“{target}”已存在")
                for comp in s.scalars(select(Compensation).where(Compensation.case_id == case.id)):
                    comp.object = target if comp.object == obj.name else comp.object
                    comp.from_object = target if comp.from_object == obj.name else comp.from_object
                for dec in s.scalars(select(RiskDecision).where(RiskDecision.case_id == case.id)):
                    if dec.object == obj.name:
                        dec.object = target
                for ev in s.scalars(select(Evidence).where(Evidence.case_id == case.id)):
                    if ev.object_name == obj.name:
                        ev.object_name = target
                obj.name = target
            if kind is not None:
                obj.kind = kind
            return old, {"name": obj.name, "kind": obj.kind}

        self._edit(case_id, "update_object", f"object:{name}", change)

    def delete_object(self, case_id: int, name: str) -> None:
        """Delete a test object and its results in every unit."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            obj = self._object(s, case, name)
            if obj is None:
                raise InputError("object", f"no test object named {name!r}")
            s.delete(obj)
            return {"name": name}, None

        self._edit(case_id, "delete_object", f"object:{name}", change)

    def assign_object(self, case_id: int, unit_id: str, object_name: str) -> None:
        """Add a defined object to a technical unit (results start empty = untested)."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            if self._entry(s, case, unit_id, object_name, create=False) is not None:
                return True, True  # already assigned: nothing to change
            self._entry(s, case, unit_id, object_name, create=True)
            return False, True

        self._edit(case_id, "assign_object", f"unit:{unit_id}/object:{object_name}", change)

    def unassign_object(self, case_id: int, unit_id: str, object_name: str) -> dict[str, Any] | None:
        """Remove an object from a unit; returns its results (for undo) or None if it was not there."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._entry(s, case, unit_id, object_name, create=False)
            if entry is None:
                return None, None
            snapshot = {f: field_value(entry, f) for f in OBJECT_FIELDS}
            s.delete(entry)
            return snapshot, None

        result: dict[str, Any] | None = self._edit(
            case_id, "unassign_object", f"unit:{unit_id}/object:{object_name}", change
        )
        return result

    def set_object_field(self, case_id: int, unit_id: str, object_name: str, field: str, value: object) -> Any:
        """Set one field (D, A, K, algorithms, …) of an object in a unit; returns the old value."""
        canonical = normalise_object_value(field, value)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._entry(s, case, unit_id, object_name, create=True)
            assert entry is not None
            old = field_value(entry, field)
            set_field_value(entry, field, canonical)
            return old, canonical

        return self._edit(case_id, "set_object_field", f"unit:{unit_id}/object:{object_name}/{field}", change)

    def set_object_fields(
        self, case_id: int, unit_id: str, object_name: str, values: dict[str, object]
    ) -> dict[str, Any]:
        """Set several fields of one object in one transaction; returns the old values."""
        canonical = {field: normalise_object_value(field, value) for field, value in values.items()}

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._entry(s, case, unit_id, object_name, create=True)
            assert entry is not None
            old = {f: field_value(entry, f) for f in canonical}
            for field, value in canonical.items():
                set_field_value(entry, field, value)
            return old, canonical

        result: dict[str, Any] = self._edit(
            case_id, "set_object_fields", f"unit:{unit_id}/object:{object_name}", change
        )
        return result

    # ------------------------------------------------------------------ units
    def set_unit_result(self, case_id: int, unit_id: str, result: object) -> str | None:
        """Set a management unit's 符合/部分符合/不符合/不适用; returns the old result."""
        canonical = normalise_result(result)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._unit(s, case, unit_id, create=True)
            assert entry is not None
            if entry.has_objects:
                raise InputError("result", f"{unit_id} is a technical unit; enter D/A/K per object")
            old = entry.result
            entry.result = canonical
            return old, canonical

        old: str | None = self._edit(case_id, "set_unit_result", f"unit:{unit_id}/result", change)
        return old

    def set_unit_record(self, case_id: int, unit_id: str, record: str) -> str:
        """Set the unit's 结果记录 text; returns the old text."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._unit(s, case, unit_id, create=True)
            assert entry is not None
            old = entry.record
            entry.record = record
            return old, record

        old: str = self._edit(case_id, "set_unit_record", f"unit:{unit_id}/record", change)
        return old

    def set_checklist(self, case_id: int, unit_id: str, ticked: list[int]) -> list[int]:
        """Record which 测评实施 items are ticked; returns the old list."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._unit(s, case, unit_id, create=True)
            assert entry is not None
            old = list(entry.checklist or [])
            entry.checklist = sorted(set(ticked))
            return old, entry.checklist

        old: list[int] = self._edit(case_id, "set_checklist", f"unit:{unit_id}/checklist", change)
        return old

    def set_applicable(self, case_id: int, unit_id: str, applicable: bool, reason: str = "") -> tuple[bool, str]:
        """Mark a unit 不适用 (a reason is required) or applicable again; returns the old state."""
        na_reason = normalise_na_reason(applicable, reason)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            entry = self._unit(s, case, unit_id, create=True)
            assert entry is not None
            old = (entry.applicable, entry.na_reason)
            entry.applicable = applicable
            entry.na_reason = na_reason
            return old, (entry.applicable, entry.na_reason)

        old: tuple[bool, str] = self._edit(case_id, "set_applicable", f"unit:{unit_id}/applicable", change)
        return old

    # ------------------------------------------------------------------ risks
    def set_risk_decision(
        self,
        case_id: int,
        item: str,
        unit: str,
        obj: str | None,
        decision: str | None,
        reason: str = "",
        mitigation: str = "",
    ) -> dict[str, Any] | None:
        """Record (or with ``decision=None`` remove) the decision on one high-risk candidate.

        Returns the previous decision as a dict (None if there was none), for undo.
        """
        validate_risk_decision(load_catalogue(), item, decision, reason)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            query = select(RiskDecision).where(
                RiskDecision.case_id == case.id, RiskDecision.item == item, RiskDecision.unit == unit
            )
            query = query.where(RiskDecision.object.is_(None) if obj is None else RiskDecision.object == obj)
            row = s.scalar(query)
            old = None
            if row is not None:
                old = {"decision": row.decision, "reason": row.reason, "mitigation": row.mitigation}
            if decision is None:
                if row is not None:
                    s.delete(row)
                return old, None
            if row is None:
                position = _next_position(s, RiskDecision.id, RiskDecision.case_id == case.id)
                row = RiskDecision(case_id=case.id, position=position, item=item, unit=unit, object=obj)
                s.add(row)
            row.decision, row.reason, row.mitigation = decision, reason.strip(), mitigation.strip()
            row.decided_at = datetime.now().replace(microsecond=0)
            return old, {"decision": decision, "reason": row.reason, "mitigation": row.mitigation}

        result: dict[str, Any] | None = self._edit(
            case_id, "set_risk_decision", f"risk:{item}/unit:{unit}/object:{obj or '*'}", change
        )
        return result

    def set_risk_rating(self, case_id: int, unit_id: str, likelihood: str, impact: str, note: str = "") -> Any:
        """Rate a 部分符合/不符合 unit's likelihood and impact (高/中/低); returns the old rating."""
        load_risk_matrix().risk(likelihood, impact)  # validates both

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            row = s.scalar(select(RiskRating).where(RiskRating.case_id == case.id, RiskRating.unit_id == unit_id))
            old = None if row is None else {"likelihood": row.likelihood, "impact": row.impact, "note": row.note}
            if row is None:
                row = RiskRating(case_id=case.id, unit_id=unit_id)
                s.add(row)
            row.likelihood, row.impact, row.note = likelihood, impact, note
            return old, {"likelihood": likelihood, "impact": impact, "note": note}

        return self._edit(case_id, "set_risk_rating", f"rating:{unit_id}", change)

    def delete_risk_rating(self, case_id: int, unit_id: str) -> Any:
        """Remove a unit's likelihood/impact rating (undo of a first rating); returns the old rating."""

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            row = s.scalar(select(RiskRating).where(RiskRating.case_id == case.id, RiskRating.unit_id == unit_id))
            if row is None:
                return None, None
            old = {"likelihood": row.likelihood, "impact": row.impact, "note": row.note}
            s.delete(row)
            return old, None

        return self._edit(case_id, "delete_risk_rating", f"rating:{unit_id}", change)

    def set_compensation(self, case_id: int, unit: str, obj: str, from_unit: str, from_object: str, on: bool) -> bool:
        """Add (``on``) or remove a compensation; returns whether it existed before."""
        if on and not load_catalogue().rules.compensation_allowed(unit, from_unit):
            raise InputError("compensation", f"{from_unit} cannot compensate {unit} (allowed: NC-2↔AD-6, NC-3↔AD-4)")

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            row = s.scalar(
                select(Compensation).where(
                    Compensation.case_id == case.id, Compensation.unit == unit, Compensation.object == obj,
                    Compensation.from_unit == from_unit, Compensation.from_object == from_object,
                )
            )  # fmt: skip
            existed = row is not None
            if on and row is None:
                position = _next_position(s, Compensation.id, Compensation.case_id == case.id)
                s.add(Compensation(case_id=case.id, position=position, unit=unit, object=obj,
                                   from_unit=from_unit, from_object=from_object))  # fmt: skip
            elif not on and row is not None:
                s.delete(row)
            return existed, on

        existed: bool = self._edit(case_id, "set_compensation", f"comp:{from_unit}/{from_object}->{unit}/{obj}", change)
        return existed

    # ------------------------------------------------------------------ case header
    def update_case(self, case_id: int, **fields: Any) -> dict[str, Any]:
        """Change header fields (system_name, level, client, assessor, report_no, threshold, phases, period…)."""
        validate_header_fields(fields)

        def change(s: Session, case: Case) -> tuple[Any, Any]:
            old = {k: getattr(case, k) for k in fields}
            for key, value in fields.items():
                setattr(case, key, value)
            return old, dict(fields)

        result: dict[str, Any] = self._edit(case_id, "update_case", "case", change)
        return result

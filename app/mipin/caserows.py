"""A case's rows ↔ its ``mipin-case/1`` dictionary (the storage side of :mod:`app.mipin.cases`).

:func:`get_case_row` loads a case with its children as ORM rows (for a duplicate;
:mod:`app.mipin.caseread` reads a case for the editing session, reports and export without ORM objects),
:func:`fill_case` writes a canonical dictionary's content into a new case row, and
:func:`check_storable` refuses values no database can hold. Rows never leave here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, selectinload

from app.core import clock
from app.core.errors import InputError, NotFoundError
from app.mipin.tables import Case, CaseObject, Compensation, ObjectEntry, RiskDecision, UnitEntry

SYSTEM_COLUMNS = ("name", "level", "client", "assessor", "report_no")
"""The keys of ``system`` that are columns of a case (the others are kept in ``system_extra``)."""
_OBJECT_OPTIONAL = ("module_level", "ra", "rk")


def get_case_row(s: Session, case_id: int) -> Case:
    """Load a case row with its objects, units and object entries (storage layer only).

    Raises:
        NotFoundError: No such case.
    """
    case = s.get(
        Case,
        case_id,
        options=[
            selectinload(Case.objects),
            selectinload(Case.units).selectinload(UnitEntry.entries).selectinload(ObjectEntry.object),
        ],
    )
    if case is None:
        raise NotFoundError(f"case {case_id} does not exist")
    return case


def fill_case(s: Session, case: Case, data: dict[str, Any]) -> None:
    """Write the units, objects, compensations and decisions of a canonical dict into ``case``."""
    objects: dict[str, CaseObject] = {}

    def object_named(name: str) -> CaseObject:
        if name not in objects:
            obj = CaseObject(case=case, name=name, kind="", note="", position=len(objects))
            s.add(obj)
            objects[name] = obj
        return objects[name]

    for pos, unit in enumerate(data.get("units", [])):
        entry = UnitEntry(
            case=case,
            unit_id=unit["id"],
            position=pos,
            applicable=unit.get("applicable", True) is not False,
            na_reason=unit.get("na_reason", "") or "",
            result=unit.get("result"),
            record=unit.get("record", "") or "",
            checklist=[],
            has_objects="objects" in unit,
        )
        s.add(entry)
        for opos, obj in enumerate(unit.get("objects", []) or []):
            s.add(
                ObjectEntry(
                    unit=entry,
                    object=object_named(obj["name"]),
                    position=opos,
                    d=obj.get("D"),
                    a=obj.get("A"),
                    k=obj.get("K"),
                    algorithms=list(obj.get("algorithms", [])),
                    protocols=list(obj.get("protocols", [])),
                    module_level=obj.get("module_level"),
                    key_hazards=list(obj.get("key_hazards", [])),
                    ra=obj.get("ra"),
                    rk=obj.get("rk"),
                    record=obj.get("record", "") or "",
                )
            )
    for pos, comp in enumerate(data.get("compensations", [])):
        s.add(
            Compensation(
                case_id=case.id, position=pos, **{k: comp[k] for k in ("unit", "object", "from_unit", "from_object")}
            )
        )
    now = clock.now_seconds()
    for pos, dec in enumerate(data.get("risk_decisions", [])):
        s.add(
            RiskDecision(
                case_id=case.id,
                position=pos,
                item=dec["item"],
                unit=dec["unit"],
                object=dec.get("object"),
                decision=dec["decision"],
                reason=dec.get("reason", "") or "",
                mitigation=dec.get("mitigation", "") or "",
                decided_at=now,
            )
        )


MAX_NESTING = 64
"""Deepest nesting of JSON values the store accepts (deeper values cannot even be written back)."""


def check_storable(value: object, path: str = "") -> None:
    r"""Refuse values the database cannot store: lone UTF-16 surrogates and absurd nesting.

    JSON escapes such as ``"\ud800"`` decode to lone surrogates, which are not valid Unicode,
    so SQLite's UTF-8 encoding (and any export) would fail later with an untyped error; a JSON
    value nested hundreds deep would overflow the recursion of ``json.dumps`` when stored. Both
    were found by fuzzing the importers. The walk is iterative, so any depth is safe to check.

    Raises:
        InputError: Naming the field, e.g. ``units[3].objects[0].record``.
    """
    pending: list[tuple[object, str, int]] = [(value, path, 0)]
    while pending:
        item, where, depth = pending.pop()
        if depth > MAX_NESTING:
            raise InputError(where or "(value)", f"嵌套层级超过 {MAX_NESTING} 层，无法保存")
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(where or "(text)", "含有无效的 Unicode 字符（孤立的代理项），无法保存") from None
        elif isinstance(item, dict):
            for key, child in item.items():
                shown = str(key).encode("utf-8", "backslashreplace").decode("utf-8")
                child_path = f"{where}.{shown}" if where else shown
                pending.append((key, child_path, depth + 1))
                pending.append((child, child_path, depth + 1))
        elif isinstance(item, list | tuple):
            pending.extend((child, f"{where}[{index}]", depth + 1) for index, child in enumerate(item))

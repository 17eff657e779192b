"""Cases in the store: listing, creating, and converting to and from ``mipin-case/1``.

Services above the store only ever see the plain dataclasses and dictionaries returned here,
never ORM rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.core.errors import InputError, NotFoundError
from app.mipin.tables import Case, CaseObject, Compensation, ObjectEntry, RiskDecision, UnitEntry
from app.store.store import Store

PHASES = ("测评准备", "方案编制", "现场测评", "分析与报告编制")
"""The four GM/T 0116 process phases, in order."""

_SYSTEM_COLUMNS = ("name", "level", "client", "assessor", "report_no")
_OBJECT_OPTIONAL = ("module_level", "ra", "rk")


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list."""

    id: int
    system_name: str
    level: int
    client: str
    assessor: str
    report_no: str
    archived: bool
    demo: bool
    updated_at: datetime


@dataclass(frozen=True)
class CaseHeader:
    """What the "new case" dialog asks for.

    Attributes:
        system_name: 被测信息系统名称.
        level: 等级 1–4.
        client: 委托单位.
        assessor: 测评机构.
        report_no: 报告编号.
        period_start: 评估开始日期.
        period_end: 评估结束日期.
        phases: ``{phase: (start, end)}`` for the four process phases.
        threshold: 量化评估阈值.
    """

    system_name: str
    level: int
    client: str = ""
    assessor: str = ""
    report_no: str = ""
    period_start: date | None = None
    period_end: date | None = None
    phases: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    threshold: float = 60.0

    def validate(self) -> None:
        """Raise :class:`InputError` naming the first bad field."""
        if not self.system_name.strip():
            raise InputError("system.name", "被测系统名称不能为空")
        if self.level not in (1, 2, 3, 4):
            raise InputError("system.level", "等级必须是 1–4")
        if not 0 <= self.threshold <= 100:
            raise InputError("threshold", "阈值必须在 0–100 之间")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise InputError("period", "评估结束日期早于开始日期")
        for phase, (start, end) in self.phases.items():
            if phase not in PHASES:
                raise InputError(f"phases.{phase}", "未知的测评阶段")
            if start and end and end < start:
                raise InputError(f"phases.{phase}", "结束日期早于开始日期")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def list_cases(store: Store, *, include_archived: bool = False) -> list[CaseSummary]:
    """Return the cases, most recently changed first."""
    with store.read() as s:
        query = select(Case).order_by(Case.updated_at.desc(), Case.id.desc())
        if not include_archived:
            query = query.where(Case.archived.is_(False))
        return [
            CaseSummary(
                c.id, c.system_name, c.level, c.client, c.assessor, c.report_no, c.archived, c.demo, c.updated_at
            )
            for c in s.scalars(query)
        ]


def count_cases(store: Store) -> int:
    """The number of cases, archived included."""
    with store.read() as s:
        return int(s.scalar(select(func.count(Case.id))) or 0)


def _phases_json(phases: dict[str, tuple[date | None, date | None]]) -> dict[str, Any]:
    return {p: [d.isoformat() if d else None for d in phases[p]] for p in PHASES if p in phases}


def create_case(store: Store, header: CaseHeader, *, demo: bool = False) -> int:
    """Create an empty case and return its id.

    Raises:
        InputError: A header field is invalid; nothing is written.
    """
    header.validate()

    def _create(s: Session) -> int:
        now = _now()
        case = Case(
            system_name=header.system_name.strip(),
            level=header.level,
            client=header.client,
            assessor=header.assessor,
            report_no=header.report_no,
            threshold=header.threshold,
            period_start=header.period_start,
            period_end=header.period_end,
            phases=_phases_json(header.phases),
            system_extra={},
            archived=False,
            demo=demo,
            created_at=now,
            updated_at=now,
        )
        s.add(case)
        s.flush()
        return case.id

    return store.write(_create)


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


def case_to_dict(s: Session, case: Case) -> dict[str, Any]:
    """Serialise a case row from :func:`get_case_row` to a ``mipin-case/1`` dictionary (not yet canonicalised)."""
    system: dict[str, Any] = {
        "name": case.system_name,
        "level": case.level,
        "client": case.client,
        "assessor": case.assessor,
        "report_no": case.report_no,
    }
    system.update(case.system_extra or {})
    units: list[dict[str, Any]] = []
    for unit in case.units:
        entry: dict[str, Any] = {"id": unit.unit_id}
        if not unit.applicable:
            entry["applicable"] = False
            entry["na_reason"] = unit.na_reason
        if unit.has_objects:
            objects = []
            for oe in unit.entries:
                obj: dict[str, Any] = {"name": oe.object.name}
                for key, value in (("D", oe.d), ("A", oe.a), ("K", oe.k)):
                    if value is not None:
                        obj[key] = value
                obj["algorithms"] = list(oe.algorithms or [])
                obj["protocols"] = list(oe.protocols or [])
                for key in _OBJECT_OPTIONAL:
                    value = getattr(oe, key)
                    if value is not None:
                        obj[key] = int(value) if key == "module_level" else value
                obj["key_hazards"] = list(oe.key_hazards or [])
                obj["record"] = oe.record or ""
                objects.append(obj)
            entry["objects"] = objects
        if unit.result is not None:
            entry["result"] = unit.result
        if unit.record:
            entry["record"] = unit.record
        units.append(entry)
    comps = s.scalars(select(Compensation).where(Compensation.case_id == case.id).order_by(Compensation.position))
    decisions = s.scalars(select(RiskDecision).where(RiskDecision.case_id == case.id).order_by(RiskDecision.position))
    result: dict[str, Any] = {
        "format": "mipin-case/1",
        "system": system,
        "threshold": case.threshold,
        "units": units,
        "compensations": [
            {"unit": c.unit, "object": c.object, "from_unit": c.from_unit, "from_object": c.from_object} for c in comps
        ],
        "risk_decisions": [_decision_dict(d) for d in decisions],
    }
    return result


def _decision_dict(d: RiskDecision) -> dict[str, Any]:
    out: dict[str, Any] = {"item": d.item, "unit": d.unit}
    if d.object is not None:
        out["object"] = d.object
    out["decision"] = d.decision
    if d.reason:
        out["reason"] = d.reason
    if d.mitigation:
        out["mitigation"] = d.mitigation
    return out


def export_case(store: Store, case_id: int) -> dict[str, Any]:
    """Return the whole case as a canonical ``mipin-case/1`` dictionary (the exchange file).

    The results and the record-keeping fields (:func:`app.mipin.exchange.add_record`): period and
    phases, object types, 测评实施 ticks, decision times, risk ratings, evidence references.

    Raises:
        NotFoundError: No such case.
    """
    from app.mipin.engine import dump_case, parse_case
    from app.mipin.exchange import add_record

    with store.read() as s:
        row = get_case_row(s, case_id)
        raw = add_record(s, row, case_to_dict(s, row))
    return dump_case(parse_case(raw))


def _fill_case(s: Session, case: Case, data: dict[str, Any]) -> None:
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
    now = _now()
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


def import_case(store: Store, data: object, *, demo: bool = False, system_name: str | None = None) -> int:
    """Validate a decoded ``mipin-case/1`` value and store it as a new case.

    All or nothing: the whole input is validated by the engine first (every error is reported
    with its field path), and the case is written in one transaction, its record-keeping fields
    (:func:`app.mipin.exchange.write_record`) included.

    Args:
        store: The case store.
        data: The decoded exchange file.
        demo: Mark the case as the demo case.
        system_name: Store it under this name instead of the file's (e.g. with a suffix).

    Raises:
        InputError: The input is invalid; nothing is written.
    """
    from app.mipin.engine import dump_case, parse_case
    from app.mipin.exchange import check_record, write_record

    canonical = dump_case(parse_case(data))  # a fresh value: nothing in it is shared with ``data``
    check_storable(canonical)
    check_record(canonical)
    if system_name:
        canonical["system"]["name"] = system_name
    system = canonical["system"]
    if not str(system.get("name") or "").strip():
        # optional in the exchange format, but a case in the store needs a name (found by fuzzing)
        raise InputError("system.name", "被测系统名称不能为空（导入项目库时必填）")

    def _write(s: Session) -> int:
        now = _now()
        case = Case(
            system_name=system["name"],
            level=system["level"],
            client=system.get("client", ""),
            assessor=system.get("assessor", ""),
            report_no=system.get("report_no", ""),
            threshold=canonical.get("threshold", 60),
            phases={},
            system_extra={k: v for k, v in system.items() if k not in _SYSTEM_COLUMNS},
            archived=False,
            demo=demo,
            created_at=now,
            updated_at=now,
        )
        s.add(case)
        s.flush()
        _fill_case(s, case, canonical)
        write_record(s, case, canonical)
        return case.id

    return store.write(_write)


def duplicate_case(store: Store, case_id: int, system_name: str | None = None) -> int:
    """Copy a case (e.g. for next year's re-assessment) and return the new id.

    Results, objects, phases and decisions are copied; evidence and the audit trail are not.
    """
    with store.read() as s:
        source = get_case_row(s, case_id)
        data = case_to_dict(s, source)
        phases = dict(source.phases or {})
        period = (source.period_start, source.period_end)
        objects = [(o.name, o.kind, o.note, o.position) for o in source.objects]
    if system_name:
        data["system"]["name"] = system_name
    new_id = import_case(store, data)  # validates and canonicalises

    def _extras(s: Session) -> None:
        target = s.get(Case, new_id)
        assert target is not None
        target.phases = phases
        target.period_start, target.period_end = period
        stored = {o.name: o for o in s.scalars(select(CaseObject).where(CaseObject.case_id == new_id))}
        for name, kind, note, position in objects:
            obj = stored.get(name)
            if obj is None:  # defined but not yet assigned to any unit
                s.add(CaseObject(case=target, name=name, kind=kind, note=note, position=position))
            else:
                obj.kind, obj.note = kind, note

    store.write(_extras)
    return new_id


def set_archived(store: Store, case_id: int, archived: bool) -> None:
    """Archive a case (hidden from the switcher) or bring it back."""

    def _set(s: Session) -> None:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"case {case_id} does not exist")
        case.archived = archived

    store.write(_set)


def delete_case(store: Store, case_id: int) -> Path | None:
    """Delete a case after making a restorable backup; returns the backup's path.

    Raises:
        NotFoundError: No such case.
        StoreError: The backup failed (the case is then not deleted).
    """
    from app.store import audit
    from app.store.backup import create_backup

    with store.read() as s:
        if s.get(Case, case_id) is None:
            raise NotFoundError(f"case {case_id} does not exist")
    backup = create_backup(store, reason=f"delete-case-{case_id}")

    def _delete(s: Session) -> None:
        case = s.get(Case, case_id)
        if case is not None:
            audit.append(s, case_id, "delete_case", "case", {"system_name": case.system_name}, None)
            s.delete(case)

    store.write(_delete)
    return backup

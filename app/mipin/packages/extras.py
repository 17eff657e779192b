"""``extras.json``: the app's data about a case that ``mipin-case/1`` does not hold.

Phase dates and the assessment period, test-object types and notes, the ticked 测评实施
checklist items, when each risk decision was made, the risk ratings, the evidence metadata,
and (reserved) the assessment plan. :func:`collect_extras` reads them from the store,
:func:`parse_extras` validates a decoded ``extras.json`` strictly (naming the field), and
:func:`apply_extras` writes them for an imported case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import InputError
from app.mipin.casework.edits.evidence import row_from_record
from app.mipin.casework.header import check_period, normalise_header
from app.mipin.engine import load_catalogue
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.packages import errors as e
from app.mipin.packages.layout import EXTRAS, EXTRAS_FORMAT, is_sha256
from app.mipin.riskmatrix import load_risk_matrix
from app.mipin.tables import Case, CaseObject, Evidence, RiskDecision, RiskRating, UnitEntry


class ExtrasSection(Protocol):
    """A domain above ``mipin`` that travels in ``extras.json`` under one key (the 密改方案: ``plan``).

    The packages never import that domain (the layers forbid it): the composition root passes
    its section in, and the package calls it inside its own transactions.
    """

    key: str

    def collect(self, s: Session, case_id: int) -> Any:
        """The JSON-ready value stored under :attr:`key` (None: the case has none)."""

    def check(self, value: Any) -> None:
        """Validate a package's value before anything is written.

        Raises:
            PackageError: Naming the field (``extras.json 的 plan.items[0].cost：…``).
        """

    def apply(self, s: Session, case_id: int, value: Any) -> None:
        """Write the value for an imported case (the import's transaction, audited)."""


@dataclass(frozen=True)
class Extras:
    """The validated content of ``extras.json``."""

    period_start: date | None
    period_end: date | None
    phases: dict[str, list[str | None]]
    archived: bool
    created_at: datetime | None
    objects: tuple[tuple[str, str, str], ...]
    checklists: dict[str, list[int]]
    decision_times: tuple[tuple[str, str, str | None, datetime | None], ...]
    risk_ratings: tuple[tuple[str, str, str, str], ...]
    evidence: tuple[EvidenceRecord, ...]
    plan: Any


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def collect_extras(s: Session, case_id: int, plan: ExtrasSection | None = None) -> dict[str, Any]:
    """The case's extras as the JSON-ready ``wbcase-extras/1`` dictionary (with ``plan``'s value)."""
    case = s.get(Case, case_id)
    assert case is not None  # the caller checked
    objects = s.scalars(select(CaseObject).where(CaseObject.case_id == case_id).order_by(CaseObject.position))
    units = s.scalars(select(UnitEntry).where(UnitEntry.case_id == case_id).order_by(UnitEntry.position))
    decisions = s.scalars(select(RiskDecision).where(RiskDecision.case_id == case_id).order_by(RiskDecision.position))
    ratings = s.scalars(select(RiskRating).where(RiskRating.case_id == case_id).order_by(RiskRating.unit_id))
    evidence = s.scalars(select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.id))
    return {
        "format": EXTRAS_FORMAT,
        "period": {"start": _iso(case.period_start), "end": _iso(case.period_end)},
        "phases": {p: list(v) for p, v in (case.phases or {}).items()},
        "archived": bool(case.archived),
        "created_at": _iso(case.created_at),
        "updated_at": _iso(case.updated_at),
        "objects": [{"name": o.name, "kind": o.kind or "", "note": o.note or ""} for o in objects],
        "checklists": {u.unit_id: sorted(int(i) for i in u.checklist) for u in units if u.checklist},
        "risk_decisions": [
            {"item": d.item, "unit": d.unit, "object": d.object, "decided_at": _iso(d.decided_at)} for d in decisions
        ],
        "risk_ratings": [
            {"unit_id": r.unit_id, "likelihood": r.likelihood, "impact": r.impact, "note": r.note or ""}
            for r in ratings
        ],
        "evidence": [
            {
                "sha256": ev.sha256,
                "original_name": ev.original_name,
                "size": ev.size,
                "kind": ev.kind,
                "method": ev.method,
                "reliability": ev.reliability,
                "note": ev.note,
                "details": dict(ev.details or {}),
                "added_at": _iso(ev.added_at),
                "unit_id": ev.unit_id,
                "object_name": ev.object_name,
            }
            for ev in evidence
        ],
        "plan": plan.collect(s, case_id) if plan is not None else None,
    }


# ---------------------------------------------------------------------- validation


def _fail(path: str, reason: str) -> e.PackageError:
    return e.PackageError(e.INVALID_CONTENT, f"extras.json 的 {path}：{reason}", EXTRAS)


def _get(raw: dict[str, Any], key: str, path: str, check: Callable[[Any], bool], what: str, default: Any = ...) -> Any:
    if key not in raw:
        if default is ...:
            raise _fail(f"{path}{key}", "缺少必填字段")
        return default
    value = raw[key]
    if not check(value):
        raise _fail(f"{path}{key}", f"应为{what}")
    return value


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_opt_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_datetime(value: object, path: str) -> datetime | None:
    """An ISO 8601 time or null; a time without an offset is China Standard Time (older packages)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(path, "应为 ISO 8601 时间或 null")
    try:
        return clock.parse_iso(value)
    except ValueError:
        raise _fail(path, f"不是有效时间：{value[:40]!r}") from None


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = _get(raw, key, "", lambda v: isinstance(v, list), "数组")
    return list(value)


def _dict_items(items: list[Any], key: str) -> list[dict[str, Any]]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(f"{key}[{index}]", "应为对象")
    return items


def _header(raw: dict[str, Any]) -> dict[str, Any]:
    """Period and phases, checked by the one header validation (:mod:`app.mipin.casework.header`)."""
    period = _get(raw, "period", "", lambda v: isinstance(v, dict), "对象")
    phases = _get(raw, "phases", "", lambda v: isinstance(v, dict), "对象")
    try:
        fields = normalise_header(
            {"period_start": period.get("start"), "period_end": period.get("end"), "phases": phases}
        )
        check_period(fields)
    except InputError as exc:
        where = {"period_start": "period.start", "period_end": "period.end"}.get(exc.field, exc.field)
        raise _fail(where, exc.reason) from None
    return fields


def _objects(raw: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    objects = []
    names: set[str] = set()
    for index, obj in enumerate(_dict_items(_list(raw, "objects"), "objects")):
        where = f"objects[{index}]."
        name = _get(obj, "name", where, lambda v: isinstance(v, str) and bool(v.strip()), "非空文本")
        if name in names:
            raise _fail(f"{where}name", f"测评对象“{name[:40]}”重复")
        names.add(name)
        objects.append(
            (name, _get(obj, "kind", where, _is_text, "文本", ""), _get(obj, "note", where, _is_text, "文本", ""))
        )
    return tuple(objects)


def _checklists(raw: dict[str, Any]) -> dict[str, list[int]]:
    checklists: dict[str, list[int]] = {}
    for unit_id, ticked in _get(raw, "checklists", "", lambda v: isinstance(v, dict), "对象", {}).items():
        if load_catalogue().find_unit(unit_id) is None:
            raise _fail(f"checklists.{str(unit_id)[:20]}", "未知的测评单元")
        if not isinstance(ticked, list) or not all(_is_int(i) and 0 <= i < 1000 for i in ticked):
            raise _fail(f"checklists.{unit_id}", "应为测评实施条目序号的数组")
        checklists[unit_id] = sorted(set(ticked))
    return checklists


def _decision_times(raw: dict[str, Any]) -> tuple[tuple[str, str, str | None, datetime | None], ...]:
    times = []
    for index, dec in enumerate(_dict_items(_list(raw, "risk_decisions"), "risk_decisions")):
        where = f"risk_decisions[{index}]."
        times.append(
            (
                _get(dec, "item", where, _is_text, "文本"),
                _get(dec, "unit", where, _is_text, "文本"),
                _get(dec, "object", where, _is_opt_text, "文本或 null", None),
                _parse_datetime(dec.get("decided_at"), f"{where}decided_at"),
            )
        )
    return tuple(times)


def _ratings(raw: dict[str, Any]) -> tuple[tuple[str, str, str, str], ...]:
    ratings = []
    seen_units: set[str] = set()
    matrix = load_risk_matrix()
    for index, rating in enumerate(_dict_items(_list(raw, "risk_ratings"), "risk_ratings")):
        where = f"risk_ratings[{index}]."
        unit_id = _get(rating, "unit_id", where, _is_text, "文本")
        if unit_id in seen_units:
            raise _fail(f"{where}unit_id", f"单元 {unit_id[:20]} 重复")
        seen_units.add(unit_id)
        likelihood = _get(rating, "likelihood", where, _is_text, "文本")
        impact = _get(rating, "impact", where, _is_text, "文本")
        try:
            matrix.risk(likelihood, impact)
        except InputError as exc:
            raise _fail(f"{where}{exc.field}", exc.reason) from None
        ratings.append((unit_id, likelihood, impact, _get(rating, "note", where, _is_text, "文本", "")))
    return tuple(ratings)


def _evidence_item(ev: dict[str, Any], where: str) -> EvidenceRecord:
    sha = _get(ev, "sha256", where, is_sha256, "64 位小写十六进制 SHA-256")
    added = _parse_datetime(_get(ev, "added_at", where, _is_text, "时间"), f"{where}added_at")
    return EvidenceRecord(
        sha256=sha,
        original_name=_get(ev, "original_name", where, _is_text, "文本"),
        size=_get(ev, "size", where, lambda v: _is_int(v) and v >= 0, "非负整数"),
        kind=_get(ev, "kind", where, _is_text, "文本", "document"),
        method=_get(ev, "method", where, _is_text, "文本", ""),
        reliability=_get(ev, "reliability", where, lambda v: _is_int(v) and 1 <= v <= 3, "1、2 或 3", 1),
        note=_get(ev, "note", where, _is_text, "文本", ""),
        details=dict(_get(ev, "details", where, lambda v: isinstance(v, dict), "对象", {})),
        added_at=added,
        unit_id=_get(ev, "unit_id", where, _is_opt_text, "文本或 null", None),
        object_name=_get(ev, "object_name", where, _is_opt_text, "文本或 null", None),
    )


def parse_extras(raw: object) -> Extras:
    """Validate a decoded ``extras.json``; unknown keys are ignored (newer writers may add some).

    Raises:
        PackageError: A field is missing or has the wrong type or value (the error names it).
    """
    if not isinstance(raw, dict):
        raise _fail("(根)", "应为 JSON 对象")
    if raw.get("format") != EXTRAS_FORMAT:
        raise _fail("format", f"应为 “{EXTRAS_FORMAT}”")
    header = _header(raw)
    evidence = _dict_items(_list(raw, "evidence"), "evidence")
    return Extras(
        period_start=header["period_start"],
        period_end=header["period_end"],
        phases=header["phases"],
        archived=_get(raw, "archived", "", lambda v: isinstance(v, bool), "true 或 false", False),
        created_at=_parse_datetime(raw.get("created_at"), "created_at"),
        objects=_objects(raw),
        checklists=_checklists(raw),
        decision_times=_decision_times(raw),
        risk_ratings=_ratings(raw),
        evidence=tuple(_evidence_item(ev, f"evidence[{index}].") for index, ev in enumerate(evidence)),
        plan=raw.get("plan"),
    )


# ---------------------------------------------------------------------- writing


def apply_extras(s: Session, case: Case, extras: Extras) -> None:
    """Write ``extras`` for a case just filled from its ``mipin-case/1`` content (same transaction)."""
    case.period_start, case.period_end = extras.period_start, extras.period_end
    case.phases = {p: list(v) for p, v in extras.phases.items()}
    case.archived = extras.archived
    s.flush()
    existing = {o.name: o for o in s.scalars(select(CaseObject).where(CaseObject.case_id == case.id))}
    for position, (name, kind, note) in enumerate(extras.objects):
        obj = existing.get(name)
        if obj is None:  # defined, but not assigned to any unit yet
            obj = CaseObject(case=case, name=name, position=len(existing) + position)
            s.add(obj)
        obj.kind, obj.note = kind, note
    units = {u.unit_id: u for u in s.scalars(select(UnitEntry).where(UnitEntry.case_id == case.id))}
    for unit_id, ticked in extras.checklists.items():
        unit = units.get(unit_id)
        if unit is None:
            definition = load_catalogue().find_unit(unit_id)
            if definition is None or definition.at_level(case.level) is None:
                continue  # not a unit of this level: the ticks cannot belong to this case
            unit = UnitEntry(
                case=case, unit_id=unit_id, position=len(units), applicable=True, na_reason="", record="",
                checklist=[], has_objects=definition.is_technical,
            )  # fmt: skip
            s.add(unit)
            units[unit_id] = unit
        unit.checklist = list(ticked)
    decisions = list(
        s.scalars(select(RiskDecision).where(RiskDecision.case_id == case.id).order_by(RiskDecision.position))
    )
    for index, row in enumerate(decisions):
        if index < len(extras.decision_times):
            item, unit_id, obj_name, decided_at = extras.decision_times[index]
            if (item, unit_id, obj_name) == (row.item, row.unit, row.object):
                row.decided_at = decided_at
    for unit_id, likelihood, impact, note in extras.risk_ratings:
        s.add(RiskRating(case_id=case.id, unit_id=unit_id, likelihood=likelihood, impact=impact, note=note))
    for ev in extras.evidence:
        s.add(row_from_record(case.id, ev))

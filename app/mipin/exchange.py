"""The exchange file of a stored case: the whole case as ``mipin-case/1``, out of and into the store.

``mipin-case/1`` carries the results (units, objects, compensations, decisions) and, as optional
fields, everything else the report prints (docs/mipin-case-format.md §1.6): the period and the
phases, the test objects' types, the 测评实施 ticks, when each decision was made, the risk ratings
and the evidence references. This module converts those record-keeping fields between the store's
rows and the exchange dictionary:

* :func:`app.mipin.caseread.read_case_dict` reads them with the rest of the case (export);
* :func:`write_record` writes them for a case just filled from a canonical dictionary (import,
  inside the same transaction);
* :func:`import_exchange` validates a decoded file, names a case whose name already exists with a
  distinguishing suffix, and stores it; its :class:`ImportOutcome` carries the same warnings the
  CLI prints (unknown fields, evidence files not on this machine), as data for the GUI;
* :func:`exchange_text` / :func:`write_exchange_file` / :func:`read_exchange_file` are the file's
  one serialisation (UTF-8, two-space indent, keys in canonical order), so export → import →
  export gives the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import clock
from app.core.errors import InputError, InputErrors
from app.core.oserrors import os_error_text
from app.mipin.engine import Notice, parse_case, read_json_file
from app.mipin.evidence.records import EvidenceRecord, stored_path, validate_record
from app.mipin.tables import Case, CaseObject, Evidence, RiskDecision, RiskRating, UnitEntry
from app.store.store import Store


def to_store(moment: datetime) -> datetime:
    """An aware time as the store's timezone-aware columns take it."""
    return clock.aware(moment)


# -- import -------------------------------------------------------------------------------------


def check_record(canonical: dict[str, Any]) -> None:
    """The store's own rules for the evidence references (kind, method ↔ reliability class).

    Raises:
        InputErrors: Naming each field, e.g. ``evidence[0].reliability``.
    """
    errors = []
    for i, ref in enumerate(canonical.get("evidence", [])):
        try:
            validate_record(_record(ref))
        except InputError as exc:
            errors.append(InputError(f"evidence[{i}].{exc.field}", exc.reason))
    if errors:
        raise InputErrors(errors)


def _record(ref: dict[str, Any]) -> EvidenceRecord:
    added = ref.get("added_at")
    return EvidenceRecord(
        sha256=ref["sha256"],
        original_name=ref["file"],
        size=int(ref.get("size", 0)),
        kind=ref.get("kind", "document"),
        method=ref.get("method", ""),
        reliability=int(ref["reliability"]),
        unit_id=ref.get("unit"),
        object_name=ref.get("object"),
        note=ref.get("note", ""),
        details=dict(ref.get("details", {})),
        added_at=to_store(datetime.fromisoformat(added)) if added else None,
    )


def write_record(s: Session, case: Case, canonical: dict[str, Any]) -> None:
    """Write the record-keeping fields of a canonical dictionary for a case just filled from it (same transaction)."""
    period = canonical.get("period", {})
    case.period_start = _date(period.get("start"))
    case.period_end = _date(period.get("end"))
    case.phases = {p: [span.get("start"), span.get("end")] for p, span in canonical.get("phases", {}).items()}
    s.flush()
    objects = {o.name: o for o in s.scalars(select(CaseObject).where(CaseObject.case_id == case.id))}
    definitions = {d["name"]: d for d in canonical.get("objects", [])}
    # Defined objects come first, in their order; objects only named in units follow as they appeared.
    order = list(definitions) + [n for n in sorted(objects, key=lambda n: objects[n].position) if n not in definitions]
    for position, name in enumerate(order):
        obj = objects.get(name)
        if obj is None:  # defined but not tested in any unit yet
            obj = CaseObject(case=case, name=name, kind="", note="", position=position)
            s.add(obj)
        obj.position = position
        if name in definitions:
            obj.kind, obj.note = definitions[name].get("kind", ""), definitions[name].get("note", "")
    entries = {u.unit_id: u for u in s.scalars(select(UnitEntry).where(UnitEntry.case_id == case.id))}
    for unit in canonical.get("units", []):
        if unit.get("checklist"):
            entries[unit["id"]].checklist = list(unit["checklist"])
    decisions = s.scalars(select(RiskDecision).where(RiskDecision.case_id == case.id).order_by(RiskDecision.position))
    for entry, decision in zip(canonical.get("risk_decisions", []), decisions, strict=False):
        if entry.get("decided_at"):
            decision.decided_at = to_store(datetime.fromisoformat(entry["decided_at"]))
    for rating in canonical.get("risk_ratings", []):
        s.add(
            RiskRating(
                case_id=case.id,
                unit_id=rating["unit"],
                likelihood=rating["likelihood"],
                impact=rating["impact"],
                note=rating.get("note", ""),
            )
        )
    for ref in canonical.get("evidence", []):
        record = _record(ref)
        s.add(
            Evidence(
                case_id=case.id, unit_id=record.unit_id, object_name=record.object_name, sha256=record.sha256,
                original_name=record.original_name, size=record.size, kind=record.kind, method=record.method,
                reliability=record.reliability, note=record.note, details=dict(record.details),
                added_at=record.added_at or clock.now_seconds(),
            )
        )  # fmt: skip


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class ImportOutcome:
    """What :func:`import_exchange` did.

    Attributes:
        case_id: The new case.
        system_name: Its name (with a distinguishing suffix when the file's name was taken).
        notices: Warnings to show, exactly as the CLI prints them (``field: message``).
    """

    case_id: int
    system_name: str
    notices: tuple[Notice, ...]


def unique_name(store: Store, name: str) -> str:
    """``name``, or ``name（2）``, ``name（3）`` … when a case of that name exists already (archived included)."""
    from app.mipin.cases import list_cases

    taken = {c.system_name for c in list_cases(store, include_archived=True)}
    if name not in taken:
        return name
    number = 2
    while f"{name}（{number}）" in taken:
        number += 1
    return f"{name}（{number}）"


def import_exchange(store: Store, data: object, *, also: Callable[[Session, int], None] | None = None) -> ImportOutcome:
    """Validate a decoded exchange file and store it as a new case, all or nothing.

    The validation is the engine's (:func:`~app.mipin.engine.parse_case`, every error with its field)
    plus the store's rules for evidence (:func:`check_record`). A name that exists already gets a
    suffix (``…（2）``), and says so among the notices. ``also`` writes what travels with the case in
    the case's own transaction (:func:`app.mipin.cases.import_case`).

    Raises:
        InputError: The input is invalid (:class:`InputErrors` lists every problem); nothing is written.
    """
    from app.mipin.cases import import_case

    case = parse_case(data)
    notices = list(case.notices)
    name = (case.system.name or "").strip()
    final = unique_name(store, name) if name else name
    if final != name:
        notices.append(Notice("system.name", f"已有名为 “{name}” 的测评项目，导入为 “{final}”"))
    for i, ref in enumerate(case.evidence):
        if not stored_path(store.paths, ref.sha256).exists():
            notices.append(
                Notice(
                    f"evidence[{i}]",
                    f"证据文件 “{ref.file}” 不在本机的证据库中：只导入了引用（证据文件随案例包 .wbcase 导入）",
                )
            )
    case_id = import_case(store, data, system_name=final or None, also=also)
    return ImportOutcome(case_id, final, tuple(notices))


# -- the file -------------------------------------------------------------------------------------


def exchange_text(data: dict[str, Any]) -> str:
    """The exchange file's text: UTF-8 JSON, two-space indent, Chinese as characters, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_exchange_file(path: str | Path, data: dict[str, Any]) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file renamed into place).

    Raises:
        InputError: The folder does not exist or cannot be written (field ``-o``).
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError("-o", f"输出目录不存在：{target.parent}")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InputError("-o", f"无法写入 {target.parent}（{os_error_text(exc)}）") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(exchange_text(data))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise InputError("-o", f"无法写入 {target}（{os_error_text(exc)}）") from None
    return target


def read_exchange_file(path: str | Path) -> object:
    """Decode an exchange file strictly (see :func:`app.mipin.engine.read_json_file`).

    Raises:
        InputError: Unreadable, not UTF-8 or not JSON, naming ``file:line:column``.
    """
    return read_json_file(path)

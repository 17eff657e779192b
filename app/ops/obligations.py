"""The contract's service obligations: the yearly schedule, its status, evidence and warnings.

From the contract (2 分标): 4 software trainings a year, 2 county-level 院长 meetings, the
24-hour security duty reports, the periodic inspections and help with the attack-and-defence
drills (the kinds, counts and schedules are data in ``resources/ops/contract-sla.json``). Each
scheduled item has a due date, a done date and evidence files (content-addressed, SHA-256,
like casework evidence). The schedule falls behind when fewer items are done than have fallen
due, e.g. one training done by the end of Q3.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.contentstore import store_file
from app.core.errors import InputError, NotFoundError
from app.ops import timeutil as tu
from app.ops.contract import facts
from app.ops.tables import Obligation, ObligationFile, OpsContract
from app.store import audit
from app.store.store import Store

AUDIT_OBLIGATION = "ops-obligation:"
_ORDINAL = "一二三四五六七八九十"


@dataclass(frozen=True)
class ScheduledItem:
    """One obligation the schedule asks for."""

    kind: str
    title: str
    due: date


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def schedule(start: date | None, end: date | None) -> list[ScheduledItem]:
    """Every obligation due in the contract period, one per period of its schedule.

    A kind done ``per_year`` times gets one item at the end of each 12/``per_year``-month period
    counted from the contract start (a calendar-year contract: trainings due 31 Mar, 30 Jun,
    30 Sep, 31 Dec).
    """
    if start is None:
        return []
    stop = end or _add_months(start, 12)
    items: list[ScheduledItem] = []
    for kind in facts().obligations:
        months = 12 // kind.per_year
        n = 1
        while True:
            due = _add_months(start, months * n) - timedelta(days=1)
            if due > stop:
                break
            items.append(ScheduledItem(kind.kind, _title(kind.name, kind.schedule, n, due), due))
            n += 1
    items.sort(key=lambda i: (i.due, i.kind))
    return items


def _title(name: str, how: str, n: int, due: date) -> str:
    if how == "monthly":
        return f"{name}（{due.year}年{due.month}月）"
    if how == "yearly":
        return f"{name}（{due.year}年度）"
    number = _ORDINAL[n - 1] if n <= len(_ORDINAL) else str(n)
    return f"第{number}次{name}（{due.year}年{due.month}月底前）"


@dataclass(frozen=True)
class EvidenceFile:
    """An evidence file of an obligation."""

    id: int
    sha256: str
    name: str
    size: int
    added_at: str


@dataclass(frozen=True)
class ObligationInfo:
    """One scheduled obligation as plain data."""

    id: int
    contract_id: int
    kind: str
    title: str
    due: date
    done: date | None
    note: str
    files: tuple[EvidenceFile, ...]

    def status(self, today: date) -> str:
        """已完成, 逾期完成, 未到期 or 已逾期."""
        if self.done is not None:
            return "已完成" if self.done <= self.due else "逾期完成"
        return "已逾期" if self.due < today else "未到期"


@dataclass(frozen=True)
class Behind:
    """A kind of obligation that is behind its schedule."""

    kind: str
    name: str
    expected: int
    done: int
    as_of: date

    @property
    def message(self) -> str:
        """``截至 2026-09-30 应完成 3 次软件使用培训，实际完成 1 次``."""
        return f"截至 {self.as_of.isoformat()} 应完成 {self.expected} 次{self.name}，实际完成 {self.done} 次"


def behind_schedule(items: list[ObligationInfo], today: date) -> list[Behind]:
    """Kinds with fewer items done than have fallen due by ``today``."""
    names = {k.kind: k.name for k in facts().obligations}
    out: list[Behind] = []
    for kind, name in names.items():
        mine = [i for i in items if i.kind == kind]
        expected = sum(1 for i in mine if i.due <= today)
        done = sum(1 for i in mine if i.done is not None and i.done <= today)
        if done < expected:
            out.append(Behind(kind, name, expected, done, today))
    return out


class ObligationStore:
    """Reads and audited writes of the obligations calendar.

    Args:
        store: The store (its paths hold the evidence folder).
        actor: Who writes (default: the OS user).
    """

    def __init__(self, store: Store, actor: str = "") -> None:
        self.store = store
        self.actor = actor or audit.current_actor()

    def list(self, contract_id: int) -> list[ObligationInfo]:
        """The contract's obligations by due date."""
        with self.store.read() as s:
            rows = s.scalars(
                select(Obligation).where(Obligation.contract_id == contract_id).order_by(Obligation.due, Obligation.id)
            )
            return [
                ObligationInfo(
                    o.id,
                    o.contract_id,
                    o.kind,
                    o.title,
                    o.due,
                    o.done,
                    o.note,
                    tuple(EvidenceFile(f.id, f.sha256, f.name, f.size, f.added_at) for f in o.files),
                )
                for o in rows
            ]

    def fill_schedule(self, contract_id: int) -> int:
        """Add the scheduled items the contract does not have yet; returns how many were added."""
        with self.store.read() as s:
            c = s.get(OpsContract, contract_id)
            if c is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            have = {(o.kind, o.due) for o in c.obligations}
            if all((i.kind, i.due) in have for i in schedule(c.start, c.end)):
                return 0  # nothing to add: no write (every write is audited)

        def _write(s: Any) -> int:
            c = s.get(OpsContract, contract_id)
            if c is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            have = {(o.kind, o.due) for o in c.obligations}
            added = 0
            for item in schedule(c.start, c.end):
                if (item.kind, item.due) not in have:
                    s.add(Obligation(contract_id=contract_id, kind=item.kind, title=item.title, due=item.due, note=""))
                    added += 1
            if added:
                audit.append(
                    s,
                    None,
                    "ops_obligations_scheduled",
                    f"ops-contract:{contract_id}",
                    None,
                    {"added": added},
                    actor=self.actor,
                )
            return added

        return self.store.write(_write)

    def add(self, contract_id: int, kind: str, title: str, due: date) -> int:
        """Add an obligation outside the schedule (e.g. an extra drill).

        Raises:
            InputError: Unknown kind or empty title.
        """
        if kind not in {k.kind for k in facts().obligations}:
            raise InputError("kind", f"未知的服务义务类型 {kind}")
        if not title.strip():
            raise InputError("title", "名称不能为空")

        def _write(s: Any) -> int:
            if s.get(OpsContract, contract_id) is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            o = Obligation(contract_id=contract_id, kind=kind, title=title.strip(), due=due, note="")
            s.add(o)
            s.flush()
            audit.append(
                s,
                None,
                "ops_obligation_added",
                f"{AUDIT_OBLIGATION}{o.id}",
                None,
                {"kind": kind, "title": o.title, "due": due.isoformat()},
                actor=self.actor,
            )
            return int(o.id)

        return self.store.write(_write)

    def set_done(self, obligation_id: int, done: date | None, note: str | None = None) -> None:
        """Record (or clear) the done date, and optionally the note."""

        def _write(s: Any) -> None:
            o = self._get(s, obligation_id)
            old = {"done": o.done.isoformat() if o.done else None, "note": o.note}
            o.done = done
            if note is not None:
                o.note = note
            new = {"done": done.isoformat() if done else None, "note": o.note}
            audit.append(s, None, "ops_obligation_done", f"{AUDIT_OBLIGATION}{o.id}", old, new, actor=self.actor)

        self.store.write(_write)

    def attach(self, obligation_id: int, source: Path) -> EvidenceFile:
        """Copy a file into the evidence folder (SHA-256 name) and attach it.

        Raises:
            InputError: The file cannot be read.
            StoreError: The evidence folder or the database cannot be written.
        """
        stored = store_file(self.store.paths, source)
        added_at = tu.iso(tu.now_us())

        def _write(s: Any) -> EvidenceFile:
            o = self._get(s, obligation_id)
            f = ObligationFile(
                obligation_id=o.id, sha256=stored.sha256, name=stored.original_name, size=stored.size, added_at=added_at
            )
            s.add(f)
            s.flush()
            audit.append(
                s,
                None,
                "ops_obligation_file_added",
                f"{AUDIT_OBLIGATION}{o.id}",
                None,
                {"sha256": stored.sha256, "name": stored.original_name},
                actor=self.actor,
            )
            return EvidenceFile(f.id, f.sha256, f.name, f.size, f.added_at)

        return self.store.write(_write)

    def detach(self, file_id: int) -> None:
        """Remove an evidence file from its obligation (the stored copy stays, shared by content)."""

        def _write(s: Any) -> None:
            f = s.get(ObligationFile, file_id)
            if f is None:
                raise NotFoundError(f"证据文件 {file_id} 不存在")
            audit.append(
                s,
                None,
                "ops_obligation_file_removed",
                f"{AUDIT_OBLIGATION}{f.obligation_id}",
                {"sha256": f.sha256, "name": f.name},
                None,
                actor=self.actor,
            )
            s.delete(f)

        self.store.write(_write)

    @staticmethod
    def _get(s: Any, obligation_id: int) -> Obligation:
        o = s.get(Obligation, obligation_id)
        if o is None:
            raise NotFoundError(f"服务义务 {obligation_id} 不存在")
        return o  # type: ignore[no-any-return]

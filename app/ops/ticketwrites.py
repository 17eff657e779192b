"""Every write to a ticket: new tickets, events, corrections, withdrawals, header and evaluation.

Each write is one transaction through :meth:`Store.write`: lock the ticket row, read its
ledger, seal the new event onto the chain, rebuild the effective timeline and validate it with
the same rules as an ``ops-tickets/1`` file (an event that would make the timeline invalid is
refused and nothing is written), refresh the projection, and append an audit record naming the
ticket's new chain head. The row's stored final clock results (:mod:`app.ops.finals`) are
recomputed in the same transaction. A new event defaults to now; an event more than a minute in the past is
back-dated and needs a reason; an event in the future is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InputError, InputErrors, NotFoundError
from app.ops import finals
from app.ops import timeutil as tu
from app.ops.bulk import AUDIT_TICKET, header_data, insert_tickets, projection
from app.ops.clocks import ClockEngine
from app.ops.contract import EVENT_TYPES, facts, normalise_channel
from app.ops.ledger import GENESIS, HEADER_FIELDS, EventRecord, effective, seal, ticket_key, to_ticket
from app.ops.policy import KINDS, LEVELS
from app.ops.tables import OpsContract, TicketEvent
from app.ops.tables import Ticket as TicketTable
from app.ops.ticketformat import sequence_errors
from app.ops.tickets import MARKS, Event, Mark, Ticket
from app.store import audit
from app.store.store import Store

BACKDATE_TOLERANCE_US = 60 * tu.US_PER_SECOND
_Build = Callable[[list[EventRecord], int], tuple[str, str, dict[str, Any], int | None]]


def check_header(header: dict[str, Any]) -> None:
    """Validate ticket header fields (title, level, kind, on-site flag, category, assignee).

    Raises:
        InputError: Naming the bad field.
    """
    if "title" in header and (not isinstance(header["title"], str) or len(header["title"]) > 300):
        raise InputError("title", "标题应为不超过 300 字的文字")
    level = header.get("level", 5)
    if isinstance(level, bool) or level not in LEVELS:
        raise InputError("level", f"未知的故障等级 {level}（应为 1–5）")
    kind = header.get("kind", "fault")
    if kind not in KINDS:
        raise InputError("kind", f"未知的工单类型 {kind}")
    category = header.get("category")
    if category is not None and category not in facts().security_categories:
        raise InputError("category", f"未知的安全事件类别 {category}")
    if kind == "security" and category is None:
        raise InputError("category", "安全事件工单必须选择安全事件类别（合同 1.1.5 的八类之一）")
    if not isinstance(header.get("onsite_required", False), bool):
        raise InputError("onsite_required", "应为是或否")
    if not isinstance(header.get("assignee", ""), str):
        raise InputError("assignee", "应为文字")


class TicketWriter:
    """The audited write path of tickets.

    Args:
        store: The store.
        actor: Who writes (default: the OS user).
        clock: The current instant in microseconds (tests and the UI's fake clock pass their own).
    """

    def __init__(self, store: Store, actor: str = "", clock: Callable[[], int] = tu.now_us) -> None:
        self.store = store
        self.actor = actor or audit.current_actor()
        self.clock = clock

    # -- new tickets ----------------------------------------------------------------------------

    def create(
        self,
        contract_id: int,
        ticket_no: str,
        header: dict[str, Any],
        *,
        at: int | None = None,
        channel: str = "",
        by: str = "",
        text: str = "",
        backdate_reason: str = "",
    ) -> int:
        """Open a ticket with its ``reported`` event; returns its id.

        Raises:
            InputError: Bad header, duplicate number, future or unexplained back-dated time.
        """
        if not ticket_no.strip():
            raise InputError("ticket_no", "工单编号不能为空")
        full: dict[str, Any] = {
            "title": "",
            "level": 5,
            "kind": "fault",
            "onsite_required": False,
            "category": None,
            "assignee": "",
        }
        full.update(header)
        check_header(full)
        now = self.clock()
        when = now if at is None else at
        data = _fields(None, "", normalise_channel(channel), by, text)
        data.update(_backdate(when, now, backdate_reason))
        data.update({k: full[k] for k in ("title", "level", *HEADER_FIELDS)})
        ticket = Ticket(
            ticket_no.strip(),
            full["title"],
            full["level"],
            full["kind"],
            full["onsite_required"],
            full["category"],
            (Event("reported", when, channel=data.get("channel", "")),),
            full["assignee"],
        )

        def _write(s: Session) -> int:
            if s.get(OpsContract, contract_id) is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            dup = select(TicketTable.id).where(
                TicketTable.contract_id == contract_id, TicketTable.ticket_no == ticket.id
            )
            if s.scalar(dup) is not None:
                raise InputError("ticket_no", f"工单编号 {ticket.id} 已存在")
            row = TicketTable(contract_id=contract_id, **projection(ticket), event_count=0, head_hash="")
            s.add(row)
            s.flush()
            rec = self._seal(s, row, [], "reported", tu.iso(when), data, None)
            audit.append(
                s,
                None,
                "ops_ticket_created",
                f"{AUDIT_TICKET}{row.id}",
                None,
                {"seq": 0, "events": 1, "head": rec.hash, "ticket_no": ticket.id},
                actor=self.actor,
            )
            return int(row.id)

        return self.store.write(_write)

    def import_tickets(self, contract_id: int, tickets: Sequence[Ticket]) -> list[int]:
        """Add many validated tickets in one transaction (all or nothing).

        Raises:
            InputErrors: A ticket number that already exists (every one is listed).
        """

        def _write(s: Session) -> list[int]:
            if s.get(OpsContract, contract_id) is None:
                raise NotFoundError(f"运维合同 {contract_id} 不存在")
            existing = set(s.scalars(select(TicketTable.ticket_no).where(TicketTable.contract_id == contract_id)))
            dups = [
                InputError(f"tickets[{i}].id", f"工单编号 {t.id} 已存在于合同 {contract_id}")
                for i, t in enumerate(tickets)
                if t.id in existing
            ]
            if dups:
                raise InputErrors(dups)
            return insert_tickets(s, contract_id, tickets, self.actor)

        return self.store.write(_write)

    # -- events ---------------------------------------------------------------------------------

    def record(
        self,
        pk: int,
        type_: str,
        at: int | None = None,
        *,
        level: int | None = None,
        reason: str = "",
        channel: str = "",
        by: str = "",
        text: str = "",
        backdate_reason: str = "",
    ) -> EventRecord:
        """Append a contract event (default: now).

        Raises:
            InputError: Unknown type, missing level or reason, future time, back-dated without a
                reason, or an event that breaks the ticket's rules (e.g. resumed without paused).
        """
        if type_ not in EVENT_TYPES or type_ == "reported":
            raise InputError("type", f"不能追加事件类型 {type_}")
        if type_ == "level_changed" and (isinstance(level, bool) or level not in LEVELS):
            raise InputError("level", "等级变更必须给出新的故障等级（1–5）")
        if type_ == "paused" and not reason.strip():
            raise InputError("reason", "挂起必须给出原因")
        now = self.clock()
        when = now if at is None else at
        data = _fields(level if type_ == "level_changed" else None, reason, normalise_channel(channel), by, text)
        data.update(_backdate(when, now, backdate_reason))
        return self._commit(pk, lambda _records, _n: (type_, tu.iso(when), data, None))

    def correct(self, pk: int, seq: int, reason: str, *, at: int | None = None, **fields: Any) -> EventRecord:
        """Correct an earlier event: a new event of the same type that replaces it.

        Args:
            pk: The ticket.
            seq: The event to correct.
            reason: Why (required).
            at: The corrected time (default: unchanged).
            **fields: Corrected fields (``level``, ``reason``, ``channel``, ``by``, ``text``, and
                header fields when correcting ``reported``).

        Raises:
            InputError: No reason, no such event, or the corrected timeline breaks a rule.
        """
        if not reason.strip():
            raise InputError("reason", "更正必须给出原因")
        now = self.clock()
        if at is not None and at > now + BACKDATE_TOLERANCE_US:
            raise InputError("at", "事件时间不能晚于现在")

        def build(records: list[EventRecord], _n: int) -> tuple[str, str, dict[str, Any], int | None]:
            target = _target(records, seq)
            data = {k: v for k, v in target.data.items() if k not in ("backdate_reason", "correction_reason")}
            data.update({k: v for k, v in fields.items() if v is not None})
            if target.type == "reported":
                check_header(data)
            data["correction_reason"] = reason.strip()
            return target.type, tu.iso(at) if at is not None else target.at, data, seq

        return self._commit(pk, build)

    def withdraw(self, pk: int, seq: int, reason: str) -> EventRecord:
        """Withdraw an event recorded by mistake (a ``void`` event referencing it).

        Raises:
            InputError: No reason, the ``reported`` event, or a timeline that would break a rule.
        """
        if not reason.strip():
            raise InputError("reason", "撤销必须给出原因")
        now = tu.iso(self.clock())

        def build(records: list[EventRecord], _n: int) -> tuple[str, str, dict[str, Any], int | None]:
            target = _target(records, seq)
            if target.type == "reported" or seq == 0:
                raise InputError("seq", "不能撤销报告事件（可以更正它的时间）")
            return "void", now, {"reason": reason.strip()}, seq

        return self._commit(pk, build)

    def update(self, pk: int, changes: dict[str, Any]) -> EventRecord:
        """Change header fields (title, kind, on-site flag, category, assignee) as an ``updated`` event.

        Raises:
            InputError: An unknown field or an invalid header after the change.
        """
        unknown = [k for k in changes if k not in HEADER_FIELDS]
        if unknown:
            raise InputError(unknown[0], "不能修改的字段（等级请用等级变更事件）")
        now = tu.iso(self.clock())
        return self._commit(pk, lambda _r, _n: ("updated", now, dict(changes), None))

    def evaluate(self, pk: int, form: dict[str, Mark]) -> EventRecord:
        """Save the evaluation form (each criterion 降级 or 升级 with a note).

        Raises:
            InputError: An unknown criterion or mark.
        """
        keys = {c.key for c in facts().criteria}
        for key, mark in form.items():
            if key not in keys:
                raise InputError(key, "未知的评定项")
            if mark.mark not in MARKS:
                raise InputError(key, f"评定应为 降级 或 升级，而不是 {mark.mark}")
        data = {"evaluation": {k: {"mark": m.mark, "note": m.note} for k, m in form.items()}}
        now = tu.iso(self.clock())
        return self._commit(pk, lambda _r, _n: ("evaluated", now, data, None))

    # -- the one commit path --------------------------------------------------------------------

    def _commit(self, pk: int, build: _Build) -> EventRecord:
        def _write(s: Session) -> EventRecord:
            row = s.get(TicketTable, pk, with_for_update=True)
            if row is None:
                raise NotFoundError(f"工单 {pk} 不存在")
            records = _records(s, pk)
            type_, at, data, corrects = build(records, len(records))
            rec = self._seal(s, row, records, type_, at, data, corrects)
            audit.append(
                s,
                None,
                "ops_ticket_event",
                f"{AUDIT_TICKET}{pk}",
                None,
                {"seq": rec.seq, "type": type_, "events": rec.seq + 1, "head": rec.hash},
                actor=self.actor,
            )
            return rec

        return self.store.write(_write)

    def _seal(
        self,
        s: Session,
        row: TicketTable,
        records: list[EventRecord],
        type_: str,
        at: str,
        data: dict[str, Any],
        corrects: int | None,
    ) -> EventRecord:
        prev = records[-1].hash if records else GENESIS
        key = ticket_key(row.contract_id, row.ticket_no)
        rec = seal(key, prev, len(records), type_, at, data, corrects, tu.iso(self.clock()), self.actor)
        ticket = to_ticket(row.ticket_no, effective([*records, rec]))
        problems = sequence_errors(ticket.events, "events", f"工单 {row.ticket_no}")
        if problems:
            raise InputErrors(problems)
        check_header(header_data(ticket))
        s.add(
            TicketEvent(
                ticket_id=row.id,
                seq=rec.seq,
                type=type_,
                at=at,
                data=data,
                corrects=corrects,
                recorded_at=rec.recorded_at,
                actor=rec.actor,
                prev_hash=prev,
                hash=rec.hash,
            )
        )
        for name, value in projection(ticket).items():
            setattr(row, name, value)
        policy = finals.contract_policy(s, row.contract_id)
        for name, value in finals.columns(ClockEngine(policy), finals.fingerprint(policy), ticket).items():
            setattr(row, name, value)
        row.event_count = rec.seq + 1
        row.head_hash = rec.hash
        return rec


def _records(s: Session, pk: int) -> list[EventRecord]:
    rows = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == pk).order_by(TicketEvent.seq))
    return [
        EventRecord(r.seq, r.type, r.at, dict(r.data or {}), r.corrects, r.recorded_at, r.actor, r.prev_hash, r.hash)
        for r in rows
    ]


def _target(records: list[EventRecord], seq: int) -> EventRecord:
    if not 0 <= seq < len(records):
        raise InputError("seq", f"事件 {seq} 不存在")
    target = records[seq]
    if target.type not in EVENT_TYPES:
        raise InputError("seq", f"事件 {seq}（{target.type}）不能更正或撤销")
    return target


def _fields(level: int | None, reason: str, channel: str, by: str, text: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if level is not None:
        data["level"] = level
    for key, value in (("reason", reason), ("channel", channel), ("by", by), ("text", text)):
        if value.strip():
            data[key] = value.strip()
    return data


def _backdate(when: int, now: int, reason: str) -> dict[str, Any]:
    if when > now + BACKDATE_TOLERANCE_US:
        raise InputError("at", "事件时间不能晚于现在")
    if when < now - BACKDATE_TOLERANCE_US:
        if not reason.strip():
            raise InputError("backdate_reason", "补录过去时间的事件必须说明原因")
        return {"backdate_reason": reason.strip()}
    return {}

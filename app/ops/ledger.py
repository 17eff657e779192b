"""The event ledger of a ticket: hashing, corrections, and the effective timeline.

Stored events are append-only. Each carries the SHA-256 of the previous event of the same
ticket (:func:`event_hash`), so editing, inserting or removing one breaks the chain. A
correction is a new event with ``corrects`` set to the ``seq`` of the event it replaces (same
type, new time or data, a required reason); ``void`` withdraws an event. The effective timeline
(:func:`effective`) applies the corrections and orders the events by time, so a back-dated event
lands where it happened. Besides the contract's event types there are three internal ones:
``updated`` (header fields), ``evaluated`` (the evaluation form) and ``void``.

Hash format ``ops-event/1``: SHA-256 of the compact, key-sorted JSON array
``[prev_hash, ticket_key, seq, type, at, data, corrects, recorded_at, actor]``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

from app.ops import timeutil as tu
from app.ops.contract import EVENT_TYPES
from app.ops.tickets import Event, Mark, Ticket

GENESIS = "0" * 64
INTERNAL_TYPES = ("updated", "evaluated", "void")
HEADER_FIELDS = ("title", "kind", "onsite_required", "category", "assignee")
"""Header fields an ``updated`` event may change (the level changes through ``level_changed``)."""


@dataclass(frozen=True)
class EventRecord:
    """One stored event as plain data.

    Attributes:
        seq: Position in the ticket's ledger (0 = ``reported``).
        type: An ``ops-tickets/1`` event type or an internal one.
        at: When it happened (ISO 8601 with offset).
        data: Type-specific fields (``level``, ``reason``, ``channel``, ``by``, ``text``, the
            header on ``reported``/``updated``, ``evaluation`` on ``evaluated``).
        corrects: The ``seq`` this event corrects or withdraws (None for a new fact).
        recorded_at: When it was written (ISO 8601, UTC).
        actor: Who wrote it (OS user).
        prev_hash: The hash of the previous event (:data:`GENESIS` for the first).
        hash: This event's hash.
    """

    seq: int
    type: str
    at: str
    data: dict[str, Any]
    corrects: int | None
    recorded_at: str
    actor: str
    prev_hash: str
    hash: str


def event_hash(
    prev_hash: str,
    ticket_key: str,
    seq: int,
    type_: str,
    at: str,
    data: dict[str, Any],
    corrects: int | None,
    recorded_at: str,
    actor: str,
) -> str:
    """The ``ops-event/1`` hash that chains an event to its predecessor."""
    payload = json.dumps(
        [prev_hash, ticket_key, seq, type_, at, data, corrects, recorded_at, actor],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def ticket_key(contract_id: int, ticket_no: str) -> str:
    """The ticket's identity inside the hash (contract id and ticket number)."""
    return f"{contract_id}/{ticket_no}"


def seal(
    key: str,
    prev: str,
    seq: int,
    type_: str,
    at: str,
    data: dict[str, Any],
    corrects: int | None,
    recorded_at: str,
    actor: str,
) -> EventRecord:
    """A new record chained to ``prev``."""
    digest = event_hash(prev, key, seq, type_, at, data, corrects, recorded_at, actor)
    return EventRecord(seq, type_, at, data, corrects, recorded_at, actor, prev, digest)


def chain_problems(key: str, records: Sequence[EventRecord]) -> list[str]:
    """Breaks in a ticket's chain: an edited event, a missing or inserted one."""
    problems: list[str] = []
    prev = GENESIS
    for index, r in enumerate(records):
        if r.seq != index:
            problems.append(f"事件 {index}：序号为 {r.seq}（事件被删除或插入）")
        if r.prev_hash != prev:
            problems.append(f"事件 {r.seq}：与前一事件的哈希链接断裂（前一事件被修改或删除）")
        if event_hash(r.prev_hash, key, r.seq, r.type, r.at, r.data, r.corrects, r.recorded_at, r.actor) != r.hash:
            problems.append(f"事件 {r.seq}（{r.type}）：内容与其哈希不符（事件被修改）")
        prev = r.hash
    return problems


@dataclass
class Effective:
    """A ticket as its ledger says it is now.

    Attributes:
        header: title, level (as reported), kind, onsite_required, category, assignee.
        events: The effective contract events in time order.
        slots: The ``seq`` of the record behind each effective event (parallel to ``events``).
        evaluation: The latest evaluation form.
        superseded: ``seq`` → the ``seq`` that corrected or withdrew it.
    """

    header: dict[str, Any]
    events: list[Event]
    slots: list[int]
    evaluation: dict[str, Mark] = field(default_factory=dict)
    superseded: dict[int, int] = field(default_factory=dict)


def to_event(type_: str, at: str, data: dict[str, Any]) -> Event:
    """The domain event of a stored record."""
    level = data.get("level") if type_ == "level_changed" else None
    return Event(
        type=type_,
        at=tu.to_us(tu.parse_instant(at)),
        level=level,
        reason=str(data.get("reason") or ""),
        channel=str(data.get("channel") or ""),
        by=str(data.get("by") or ""),
        text=str(data.get("text") or ""),
    )


def effective(records: Iterable[EventRecord]) -> Effective:
    """Apply corrections, withdrawals, header updates and evaluations; order events by time."""
    slot_of: dict[int, int] = {}  # seq -> root seq
    current: dict[int, EventRecord] = {}
    superseded: dict[int, int] = {}
    header: dict[str, Any] = {}
    evaluation: dict[str, Mark] = {}
    for r in records:
        if r.type == "updated":
            header.update({k: v for k, v in r.data.items() if k in HEADER_FIELDS})
            continue
        if r.type == "evaluated":
            form = r.data.get("evaluation") or {}
            evaluation = {k: Mark(mark=v["mark"], note=v.get("note", "")) for k, v in form.items()}
            continue
        if r.corrects is None:
            slot_of[r.seq] = r.seq
            current[r.seq] = r
            if r.type == "reported" and not header:
                header = {k: r.data.get(k) for k in ("title", "level", *HEADER_FIELDS)}
            continue
        root = slot_of.get(r.corrects, r.corrects)
        slot_of[r.seq] = root
        superseded[r.corrects] = r.seq
        if r.type == "void":
            current.pop(root, None)
        else:
            current[root] = r
            if root == 0 and r.type == "reported":
                header.update({k: r.data[k] for k in ("title", "level", *HEADER_FIELDS) if k in r.data})
    ordered = sorted(current.items(), key=lambda item: (tu.to_us(tu.parse_instant(item[1].at)), item[0]))
    events = [to_event(r.type, r.at, r.data) for _root, r in ordered if r.type in EVENT_TYPES]
    slots = [root for root, r in ordered if r.type in EVENT_TYPES]
    return Effective(header=header, events=events, slots=slots, evaluation=evaluation, superseded=superseded)


def to_ticket(ticket_no: str, eff: Effective) -> Ticket:
    """The domain ticket of an effective ledger."""
    h = eff.header
    return Ticket(
        id=ticket_no,
        title=str(h.get("title") or ""),
        level=int(h.get("level") or 5),
        kind=str(h.get("kind") or "fault"),
        onsite_required=bool(h.get("onsite_required")),
        category=h.get("category"),
        events=tuple(eff.events),
        assignee=str(h.get("assignee") or ""),
        evaluation=dict(eff.evaluation),
    )


# -- the board's compact projection -----------------------------------------------------------------


def compact(ticket: Ticket) -> dict[str, Any]:
    """The ``timeline`` JSON of a ticket row: events as short arrays, and the evaluation."""
    return {
        "level": ticket.level,
        "events": [[e.type, e.at, e.level, e.reason, e.channel, e.by, e.text] for e in ticket.events],
        "evaluation": {k: [m.mark, m.note] for k, m in ticket.evaluation.items()},
    }


_EVENT = partial(tuple.__new__, Event)
"""``Event`` from a stored ``[type, at, level, reason, channel, by, text]`` array (no per-call checks)."""


@lru_cache(maxsize=4096)
def _mark(mark: str, note: str) -> Mark:
    """A shared ``Mark`` (immutable): most of a year's evaluation forms repeat the same few marks."""
    return Mark(mark, note)


_new_ticket = object.__new__


def _ticket(values: dict[str, Any]) -> Ticket:
    """A ``Ticket`` from all of its field values, without the frozen dataclass's per-field setattr.

    ``Ticket`` has no ``__post_init__`` and no slots; the result is equal to ``Ticket(**values)``
    (tests/ops/test_ledger_expand.py checks that this stays so).
    """
    t: Ticket = _new_ticket(Ticket)
    t.__dict__.update(values)
    return t


def expand(ticket_no: str, header: tuple[str, str, bool, str | None, str], timeline: dict[str, Any]) -> Ticket:
    """The domain ticket from a row's header columns and its ``timeline`` JSON (fast path).

    A board reads 50,000 of these at once: the events are built with ``map`` straight from the
    stored arrays (every one has the seven fields :func:`compact` writes), the evaluation form
    only when there is one, with shared marks, and the ticket without per-field checks.
    """
    title, kind, onsite, category, assignee = header
    form = timeline.get("evaluation")
    return _ticket(
        {
            "id": ticket_no,
            "title": title,
            "level": timeline["level"],
            "kind": kind,
            "onsite_required": onsite,
            "category": category,
            "events": tuple(map(_EVENT, timeline["events"])),
            "assignee": assignee,
            "evaluation": {k: _mark(m, n) for k, (m, n) in form.items()} if form else {},
            "memo": {},
        }
    )

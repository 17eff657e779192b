"""Read, validate and write the ``ops-tickets/1`` exchange format (JSON, UTF-8).

:func:`parse_tickets` checks every rule of ``docs/ops-tickets-format.md`` in one pass and raises
one :class:`~app.core.errors.InputErrors` listing every problem in document order; the CLI prints
the first. A message names the ticket by index and id and the event by index, e.g.
``tickets[0].events[1]: 工单 T-001 事件 1（acknowledged）早于前一事件 …``. Unknown fields are
ignored with a notice. :func:`dump_tickets` writes the canonical form, and
``parse_tickets(dump_tickets(f)) == f``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core.errors import InputError, InputErrors
from app.core.jsonfile import read_json_file
from app.ops import timeutil as tu
from app.ops.contract import EVENT_TYPES, facts, normalise_channel
from app.ops.policy import KINDS, LEVELS, Policy, parse_policy
from app.ops.problems import Problems, is_int, show
from app.ops.tickets import FORMAT, MARKS, Event, Mark, Ticket, TicketFile

_TOP_KEYS = frozenset({"format", "policy", "tickets"})
_TICKET_KEYS = frozenset(
    {"id", "title", "level", "kind", "onsite_required", "category", "assignee", "events", "evaluation"}
)
_EVENT_KEYS = frozenset({"type", "at", "level", "reason", "channel", "by", "text"})


class _TicketParser:
    def __init__(self, problems: Problems) -> None:
        self.p = problems
        self.notices: list[str] = []

    def unknown(self, obj: dict[str, Any], allowed: frozenset[str], where: str) -> None:
        for key in obj:
            if key not in allowed:
                self.notices.append(f"{where}.{key}: 未知字段，已忽略")

    def text(self, obj: dict[str, Any], key: str, where: str, label: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.p.add(f"{where}.{key}", f"{label}：应为字符串，而不是 {show(value)}")
            return ""
        return value

    def ticket(self, index: int, raw: object) -> Ticket | None:
        where = f"tickets[{index}]"
        if not isinstance(raw, dict):
            self.p.add(where, f"工单必须是 JSON 对象，而不是 {show(raw)}")
            return None
        self.unknown(raw, _TICKET_KEYS, where)
        tid = raw.get("id")
        if not isinstance(tid, str) or not tid.strip():
            self.p.add(f"{where}.id", f"工单编号必须是非空字符串，而不是 {show(tid)}")
            tid = f"#{index}"
        label = f"工单 {tid}"
        level = raw.get("level")
        if not is_int(level) or level not in LEVELS:
            self.p.add(f"{where}.level", f"{label}：未知的故障等级 {show(level)}（应为 1–5 的整数）")
            level = 5
        kind = raw.get("kind", "fault")
        if kind not in KINDS:
            self.p.add(f"{where}.kind", f"{label}：未知的工单类型 {show(kind)}（应为 fault、outage 或 security）")
            kind = "fault"
        category = raw.get("category")
        if category is not None and category not in facts().security_categories:
            self.p.add(
                f"{where}.category", f"{label}：未知的安全事件类别 {show(category)}（应为合同 1.1.5 的八类之一）"
            )
            category = None
        elif category is None and kind == "security":
            self.p.add(f"{where}.category", f"{label}：安全事件工单必须给出安全事件类别（合同 1.1.5 的八类之一）")
        onsite = raw.get("onsite_required", False)
        if not isinstance(onsite, bool):
            self.p.add(f"{where}.onsite_required", f"{label}：应为 true 或 false，而不是 {show(onsite)}")
            onsite = False
        events = self.events(raw.get("events"), where, label)
        evaluation = self.evaluation(raw.get("evaluation"), where, label)
        return Ticket(
            id=tid,
            title=self.text(raw, "title", where, label),
            level=level,
            kind=kind,
            onsite_required=onsite,
            category=category,
            events=events,
            assignee=self.text(raw, "assignee", where, label),
            evaluation=evaluation,
        )

    def evaluation(self, raw: object, where: str, label: str) -> dict[str, Mark]:
        if raw is None:
            return {}
        keys = {c.key for c in facts().criteria}
        if not isinstance(raw, dict):
            self.p.add(f"{where}.evaluation", f"{label}：评定必须是 JSON 对象")
            return {}
        out: dict[str, Mark] = {}
        for key, value in raw.items():
            w = f"{where}.evaluation.{key}"
            if key not in keys:
                self.p.add(w, f"{label}：未知的评定项（可用：{'、'.join(sorted(keys))}）")
                continue
            if not isinstance(value, dict) or value.get("mark") not in MARKS:
                self.p.add(w, f'{label}：应为 {{"mark": "降级" 或 "升级", "note": …}}，而不是 {show(value)}')
                continue
            note = value.get("note") or ""
            out[key] = Mark(mark=value["mark"], note=note if isinstance(note, str) else str(note))
        return out

    def events(self, raw: object, where: str, label: str) -> tuple[Event, ...]:
        if not isinstance(raw, list) or not raw:
            self.p.add(f"{where}.events", f"{label}：事件必须是非空数组，第一个事件为 reported")
            return ()
        checker = _Sequence(self.p, where, label)
        out: list[Event] = []
        for i, item in enumerate(raw):
            ev = self.event(item, f"{where}.events[{i}]", f"{label} 事件 {i}")
            if ev is not None:
                checker.step(i, ev)
                out.append(ev)
        return tuple(out)

    def event(self, raw: object, where: str, label: str) -> Event | None:
        if not isinstance(raw, dict):
            self.p.add(where, f"{label}：事件必须是 JSON 对象，而不是 {show(raw)}")
            return None
        self.unknown(raw, _EVENT_KEYS, where)
        etype = raw.get("type")
        if etype not in EVENT_TYPES:
            self.p.add(f"{where}.type", f"{label}：未知的事件类型 {show(etype)}")
            return None
        label = f"{label}（{etype}）"
        try:
            at = tu.to_us(tu.parse_instant(raw.get("at")))
        except (tu.BadTime, OverflowError):
            self.p.add(
                f"{where}.at",
                f"{label}：时间应为 ISO 8601 日期时间（如 2026-03-02T09:00:00+08:00），而不是 {show(raw.get('at'))}",
            )
            return None
        level = raw.get("level")
        if etype == "level_changed":
            if not is_int(level) or level not in LEVELS:
                self.p.add(f"{where}.level", f"{label}：未知的故障等级 {show(level)}（应为 1–5 的整数）")
                return None
        elif level is not None:
            self.notices.append(f"{where}.level: 只有 level_changed 事件有等级，已忽略")
            level = None
        reason = self.text(raw, "reason", where, label)
        if etype == "paused" and not reason.strip():
            self.p.add(f"{where}.reason", f"{label}：挂起必须给出原因（reason）")
        channel = normalise_channel(self.text(raw, "channel", where, label))
        return Event(
            type=etype,
            at=at,
            level=level,
            reason=reason,
            channel=channel,
            by=self.text(raw, "by", where, label),
            text=self.text(raw, "text", where, label),
        )


class _Sequence:
    """The ordering rules of one ticket's events (time order and the state rules)."""

    def __init__(self, problems: Problems, where: str, label: str) -> None:
        self.p = problems
        self.where = where
        self.label = label
        self.prev: Event | None = None
        self.paused = False
        self.resolved = False
        self.reported = False

    def step(self, i: int, ev: Event) -> None:
        w = f"{self.where}.events[{i}]"
        lbl = f"{self.label} 事件 {i}（{ev.type}）"
        if self.prev is None and ev.type != "reported":
            self.p.add(w, f"{lbl}：在 reported 之前（第一个事件必须是 reported）")
        elif self.reported and ev.type == "reported":
            self.p.add(w, f"{lbl}：重复的 reported（每个工单只能报告一次）")
        self.reported = self.reported or ev.type == "reported"
        if self.prev is not None and ev.at < self.prev.at:
            before = f"{self.prev.type}（{tu.iso(self.prev.at)}）"
            self.p.add(w, f"{lbl}：时间 {tu.iso(ev.at)} 早于前一事件 {before}，事件必须按时间顺序")
        if ev.type == "paused":
            if self.paused:
                self.p.add(w, f"{lbl}：已处于挂起状态，不能再次挂起")
            self.paused = True
        elif ev.type == "resumed":
            if not self.paused:
                self.p.add(w, f"{lbl}：resumed 之前没有 paused")
            self.paused = False
        elif ev.type == "resolved":
            self.resolved = True
        elif ev.type == "reopened":
            if not self.resolved:
                self.p.add(w, f"{lbl}：reopened 之前没有 resolved")
            self.resolved = False
        self.prev = ev


def sequence_errors(events: Sequence[Event], where: str, label: str) -> list[InputError]:
    """The ordering and state rules of one ticket's events (the same checks as the file parser)."""
    probs = Problems()
    checker = _Sequence(probs, where, label)
    for i, ev in enumerate(events):
        checker.step(i, ev)
    return probs.errors


def parse_tickets(data: object) -> tuple[TicketFile, Policy]:
    """Validate a decoded ``ops-tickets/1`` document.

    Returns:
        The tickets and the validated policy (defaults merged).

    Raises:
        InputErrors: One entry per problem, in document order.
    """
    probs = Problems()
    if not isinstance(data, dict):
        raise InputErrors([InputError("", f"工单文件必须是 JSON 对象（{FORMAT}）")])
    parser = _TicketParser(probs)
    parser.unknown(data, _TOP_KEYS, "")
    fmt = data.get("format")
    if fmt != FORMAT:
        probs.add("format", f"不支持的格式 {show(fmt)}，应为 “{FORMAT}”")
    policy_raw = data.get("policy")
    policy = parse_policy(policy_raw, "policy", probs)
    raw_tickets = data.get("tickets")
    tickets: list[Ticket] = []
    if not isinstance(raw_tickets, list):
        probs.add("tickets", f"tickets 必须是数组，而不是 {show(raw_tickets)}")
        raw_tickets = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_tickets):
        ticket = parser.ticket(i, raw)
        if ticket is None:
            continue
        if ticket.id in seen:
            probs.add(f"tickets[{i}].id", f"工单编号 {ticket.id} 重复（与 tickets[{seen[ticket.id]}] 相同）")
        else:
            seen[ticket.id] = i
        tickets.append(ticket)
    probs.raise_if_any()
    notices = tuple(n.lstrip(".") for n in parser.notices)
    return TicketFile(policy=policy.raw, tickets=tuple(tickets), notices=notices), policy


def load_tickets_file(path: str | Path) -> tuple[TicketFile, Policy]:
    """Read and validate an ``ops-tickets/1`` file.

    Raises:
        InputError: Unreadable, not JSON (``file:line:column``) or invalid (:class:`InputErrors`).
    """
    data = read_json_file(path)
    try:
        return parse_tickets(data)
    except InputErrors as exc:
        errors = [InputError(str(path), e.reason) if not e.field else e for e in exc.errors]
        raise InputErrors(errors) from None


def dump_event(ev: Event) -> dict[str, Any]:
    """The canonical JSON of one event."""
    out: dict[str, Any] = {"type": ev.type, "at": tu.iso(ev.at)}
    if ev.level is not None:
        out["level"] = ev.level
    for key in ("reason", "channel", "by", "text"):
        value = getattr(ev, key)
        if value:
            out[key] = value
    return out


def dump_ticket(t: Ticket) -> dict[str, Any]:
    """The canonical JSON of one ticket."""
    out: dict[str, Any] = {
        "id": t.id,
        "title": t.title,
        "level": t.level,
        "kind": t.kind,
        "onsite_required": t.onsite_required,
        "category": t.category,
    }
    if t.assignee:
        out["assignee"] = t.assignee
    out["events"] = [dump_event(e) for e in t.events]
    if t.evaluation:
        out["evaluation"] = {k: {"mark": m.mark, "note": m.note} for k, m in t.evaluation.items()}
    return out


def dump_tickets(tickets: TicketFile) -> dict[str, Any]:
    """The canonical ``ops-tickets/1`` JSON value (ready for ``json.dump``)."""
    return {"format": FORMAT, "policy": tickets.policy, "tickets": [dump_ticket(t) for t in tickets.tickets]}

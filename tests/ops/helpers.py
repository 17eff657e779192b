"""Small builders for ops-tickets/1 documents in tests."""

from __future__ import annotations

from typing import Any

from app.ops import timeutil as tu
from app.ops.clocks import ClockEngine
from app.ops.slaformat import dump_results
from app.ops.ticketformat import parse_tickets


def ev(type_: str, at: str, **extra: Any) -> dict[str, Any]:
    """An event; ``at`` without an offset is Asia/Shanghai."""
    return {"type": type_, "at": at, **extra}


def ticket(
    tid: str = "T-001", level: Any = 1, events: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    """A ticket (fault, no on-site service unless overridden)."""
    out: dict[str, Any] = {
        "id": tid,
        "title": "测试工单",
        "level": level,
        "kind": "fault",
        "onsite_required": False,
        "category": None,
        "events": events if events is not None else [ev("reported", "2026-03-02T09:00:00+08:00")],
    }
    out.update(extra)
    return out


def doc(*tickets: dict[str, Any], policy: dict[str, Any] | None = None) -> dict[str, Any]:
    """An ops-tickets/1 document."""
    return {"format": "ops-tickets/1", "policy": policy or {}, "tickets": list(tickets)}


def evaluate(document: dict[str, Any], at: str) -> dict[str, Any]:
    """The ops-sla/1 output for ``document`` as of ``at``."""
    parsed, policy = parse_tickets(document)
    at_us = tu.to_us(tu.parse_instant(at))
    return dump_results(ClockEngine(policy).evaluate_all(parsed.tickets, at_us), at_us)


def clocks(document: dict[str, Any], at: str, index: int = 0) -> dict[str, Any]:
    """The clocks of ticket ``index``."""
    return evaluate(document, at)["tickets"][index]["clocks"]

"""One call from a parsed ticket file (or stored tickets) to the ``ops-sla/1`` document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.core.errors import InputError
from app.ops import timeutil as tu
from app.ops.calendar import WorkingCalendar
from app.ops.clocks import ClockEngine, TicketResult
from app.ops.policy import Policy
from app.ops.slaformat import dump_results
from app.ops.tickets import Ticket


def parse_at(text: str | None, field: str = "--at") -> int:
    """The evaluation instant from ``--at`` (now when omitted); no offset means Asia/Shanghai.

    Raises:
        InputError: Not an ISO 8601 date-time.
    """
    if text is None:
        return tu.now_us()
    try:
        return tu.to_us(tu.parse_instant(text))
    except tu.BadTime:
        raise InputError(field, f"应为 ISO 8601 日期时间（如 2026-03-02T10:00:00+08:00），而不是 “{text}”") from None


def evaluate(
    tickets: Sequence[Ticket], policy: Policy, at: int, calendar: WorkingCalendar | None = None
) -> list[TicketResult]:
    """Every applicable clock of every ticket as of ``at``."""
    return ClockEngine(policy, calendar).evaluate_all(tickets, at)


def evaluate_document(tickets: Sequence[Ticket], policy: Policy, at: int) -> dict[str, Any]:
    """The ``ops-sla/1`` document for ``tickets``."""
    return dump_results(evaluate(tickets, policy, at), at)

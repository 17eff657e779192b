"""Fault tickets as plain, immutable data: a header and the ordered list of its events.

Instants are integer microseconds since the Unix epoch (see :mod:`app.ops.timeutil`). The
ticket's level is the level it was reported with; ``level_changed`` events carry the later
ones (:meth:`Ticket.level_at`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from app.ops.contract import STATUSES

FORMAT = "ops-tickets/1"
MARKS = ("降级", "升级")
"""The two marks of an evaluation criterion (故障处理评定报告依据)."""


class Event(NamedTuple):
    """One event of a ticket (a named tuple: a year of tickets has hundreds of thousands).

    Attributes:
        type: One of :data:`app.ops.contract.EVENT_TYPES`.
        at: When it happened (microseconds since the epoch).
        level: The new level of a ``level_changed`` event.
        reason: Why (required for ``paused``).
        channel: How it was reported or answered (``phone``, ``wechat`` …).
        by: Who reported or handled it.
        text: A free note.
    """

    type: str
    at: int
    level: int | None = None
    reason: str = ""
    channel: str = ""
    by: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Mark:
    """One criterion of the evaluation form: 降级 or 升级, with a note."""

    mark: str
    note: str = ""


@dataclass(frozen=True)
class Ticket:
    """A fault ticket.

    Attributes:
        id: The ticket number (unique in a file or contract).
        title: A short description.
        level: The level it was reported with (1 most severe … 5).
        kind: ``fault``, ``outage`` or ``security``.
        onsite_required: Whether on-site service is needed (the on-site clock applies).
        category: One of the eight security report categories (required for ``security``).
        assignee: The engineer in charge.
        events: The events in time order, ``reported`` first.
        evaluation: The evaluation form, criterion key → mark.
    """

    id: str
    title: str
    level: int
    kind: str
    onsite_required: bool
    category: str | None
    events: tuple[Event, ...]
    assignee: str = ""
    evaluation: dict[str, Mark] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Derived data cached by the clock engine (the ticket itself never changes)."""

    @property
    def reported_at(self) -> int:
        """When the ticket was reported."""
        return self.events[0].at

    def level_at(self, at: int) -> int:
        """The level in force at instant ``at`` (the latest ``level_changed`` up to then)."""
        level = self.level
        for ev in self.events:
            if ev.at > at:
                break
            if ev.type == "level_changed" and ev.level is not None:
                level = ev.level
        return level

    @property
    def current_level(self) -> int:
        """The level after every event."""
        return self.level_at(self.events[-1].at) if self.events else self.level

    def status_at(self, at: int) -> str:
        """The board column at instant ``at`` (see :func:`status_of`)."""
        return status_of(ev.type for ev in self.events if ev.at <= at)

    @property
    def status(self) -> str:
        """The board column after every event."""
        return status_of(ev.type for ev in self.events)

    def paused_at(self, at: int) -> bool:
        """Whether the ticket is paused (挂起) at instant ``at``."""
        paused = False
        for ev in self.events:
            if ev.at > at:
                break
            if ev.type == "paused":
                paused = True
            elif ev.type == "resumed":
                paused = False
        return paused


_PROGRESS = frozenset({"onsite_requested", "onsite_arrived", "paused", "resumed", "plan_submitted"})


def status_of(types: Any) -> str:
    """The board column after a sequence of event types.

    新建 after ``reported``; 已响应 after ``acknowledged``; 处理中 once work is under way (on-site,
    paused/resumed, plan submitted) or after ``reopened``; 已恢复 after ``restored``; 已解决 after
    ``resolved``; 已关闭 after ``closed``. Notes and level changes do not move a ticket.
    """
    new, acked, working, restored, resolved, closed = STATUSES
    status = new
    for t in types:
        if t == "acknowledged" and status == new:
            status = acked
        elif t in _PROGRESS and status in (new, acked):
            status = working
        elif t == "restored" and status not in (resolved, closed):
            status = restored
        elif t == "resolved":
            status = resolved
        elif t == "reopened":
            status = working
        elif t == "closed":
            status = closed
    return status


@dataclass(frozen=True)
class TicketFile:
    """A parsed ``ops-tickets/1`` document.

    Attributes:
        policy: The policy object as given (validated; see :mod:`app.ops.policy`).
        tickets: The tickets in file order.
        notices: Non-fatal remarks (unknown fields that were ignored).
    """

    policy: dict[str, Any]
    tickets: tuple[Ticket, ...]
    notices: tuple[str, ...] = ()

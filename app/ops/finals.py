"""Final clock results stored on the ticket row, so a board need not re-evaluate closed tickets.

Nearly all of a year's tickets are closed: every clock has stopped, so their results no longer
depend on "now" (:meth:`ClockEngine.evaluate` already keeps such a result per ticket). Service
desks store these results on the ticket (GLPI's solve statistics, Zammad's escalation columns);
here the ticket row keeps them next to its timeline:

* ``final``: the :class:`TicketResult` as a compact JSON array (:func:`encode`), or null while a
  clock still runs;
* ``final_from``: the instant from which it holds (the ticket's last event);
* ``final_key``: the :func:`fingerprint` of the policy and working calendar it was computed with.

They are derived data, written by the one audited write path in the same transaction as the
event (:mod:`app.ops.ticketwrites`, :mod:`app.ops.bulk`) and recomputed in the same write when a
contract's policy or a calendar year changes (:func:`refresh`). A reader uses them only when
the key matches the current policy and calendar and "now" is not before ``final_from``; any
other row is decoded and evaluated as before. ``workbench sla verify`` re-evaluates the events
and reports a stored result that differs (:func:`mismatch`): the events stay the truth.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import chinese_calendar
import orjson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.ops.calendar import YearTable
from app.ops.clocks import ClockEngine, ClockResult, TicketResult
from app.ops.ledger import expand
from app.ops.policy import Policy, parse_policy
from app.ops.tickets import Ticket

ENGINE_VERSION = "ops-final/1"
"""Part of every fingerprint: bump it when a change to the clock rules changes results."""

TICKETS = sa.table(
    "ops_tickets",
    sa.column("id", sa.Integer),
    sa.column("contract_id", sa.Integer),
    sa.column("ticket_no", sa.String),
    sa.column("title", sa.String),
    sa.column("kind", sa.String),
    sa.column("onsite_required", sa.Boolean),
    sa.column("category", sa.String),
    sa.column("assignee", sa.String),
    sa.column("timeline", sa.JSON),
    sa.column("head_hash", sa.String),
    sa.column("final", sa.JSON),
    sa.column("final_key", sa.String),
    sa.column("final_from", sa.BigInteger),
)
"""The columns :func:`refresh` touches, as a plain table (also usable by migration 0007)."""
_CONTRACTS = sa.table("ops_contracts", sa.column("id", sa.Integer), sa.column("sla", sa.JSON))
_YEARS = sa.table(
    "ops_calendar_years",
    sa.column("year", sa.Integer),
    sa.column("rest_days", sa.JSON),
    sa.column("workdays", sa.JSON),
    sa.column("note", sa.String),
)
_NONE: dict[str, Any] = {"final": None, "final_key": "", "final_from": None}


def fingerprint(policy: Policy) -> str:
    """A digest of everything a clock result depends on besides the events.

    The clocks (targets, warnings, scope), the working hours, the policy's extra days, the
    user's year tables, the ``chinese-calendar`` data version and :data:`ENGINE_VERSION`.
    """
    cal = policy.calendar
    clocks = [
        [
            c.key,
            list(c.starts),
            c.stop,
            sorted(c.levels),
            sorted(c.kinds) if c.kinds is not None else None,
            c.onsite_required,
            c.pauses,
            c.target,
            c.working,
            c.warning,
        ]
        for c in policy.clocks
    ]
    years = [
        [y.year, sorted(d.isoformat() for d in y.rest_days), sorted(d.isoformat() for d in y.workdays)]
        for y in sorted(cal.years, key=lambda y: y.year)
    ]
    payload = [
        ENGINE_VERSION,
        chinese_calendar.__version__,
        clocks,
        [list(w) for w in cal.windows],
        sorted(d.isoformat() for d in cal.extra_holidays),
        sorted(d.isoformat() for d in cal.extra_workdays),
        years,
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def encode(result: TicketResult) -> list[Any]:
    """A result as a JSON array (the ticket number is the row's own).

    ``[level, status, paused, [[key, target, due, elapsed, status, stopped, paused, started,
    working, years, ratio], …]]``.
    """
    return [result.level, result.status, result.paused, [list(c) for c in result.clocks]]


_CLOCK = tuple.__new__
SHARED: dict[Any, Any] = {}
"""One copy of each repeated short value (clock keys, statuses, kinds, names): a board keeps
50,000 tickets' results, and a separate copy of each per clock is most of their memory."""
_shared = SHARED.setdefault


def decode(ticket_no: str, data: Sequence[Any]) -> TicketResult:
    """The :class:`TicketResult` of an :func:`encode` array (equal to the one encoded)."""
    level, status, paused, clocks = data
    return TicketResult(
        ticket_no,
        level,
        _shared(status, status),
        paused,
        tuple(
            _CLOCK(ClockResult, (_shared(k, k), t, d, e, _shared(s, s), st, p, sa_, w, tuple(y), r))
            for k, t, d, e, s, st, p, sa_, w, y, r in clocks
        ),
    )


def final_of(engine: ClockEngine, ticket: Ticket) -> TicketResult | None:
    """The ticket's result once every clock has stopped (as of its last event), else None."""
    result = engine.evaluate(ticket, ticket.events[-1].at)
    return result if all(c.stopped for c in result.clocks) else None


def columns(engine: ClockEngine, key: str, ticket: Ticket) -> dict[str, Any]:
    """The ``final``, ``final_key`` and ``final_from`` values of a ticket row."""
    result = final_of(engine, ticket)
    if result is None:
        return dict(_NONE)
    return {"final": encode(result), "final_key": key, "final_from": ticket.events[-1].at}


def years_in(s: Session) -> tuple[YearTable, ...]:
    """The user's calendar year tables (设置 → 工作日历), read in ``s`` (a read or a write's session)."""
    y = _YEARS.c
    out = []
    for year, rest, work, note in s.execute(sa.select(y.year, y.rest_days, y.workdays, y.note).order_by(y.year)):
        out.append(
            YearTable(
                year=year,
                rest_days=frozenset(date.fromisoformat(d) for d in _json(rest) or ()),
                workdays=frozenset(date.fromisoformat(d) for d in _json(work) or ()),
                note=note or "",
            )
        )
    return tuple(out)


def contract_policy(s: Session, contract_id: int) -> Policy:
    """A contract's policy with the user's calendar years, read inside a write's session."""
    raw = s.execute(sa.select(_CONTRACTS.c.sla).where(_CONTRACTS.c.id == contract_id)).scalar_one_or_none()
    return parse_policy(_json(raw) or {}).with_years(years_in(s))


def refresh(s: Session, contract_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored final results of every ticket of some contracts (all when None).

    Runs inside the caller's write (a policy or calendar change, migration 0007): the events'
    effective timelines are decoded and evaluated with the contract's current policy. Returns
    the number of ticket rows updated.
    """
    ids = list(contract_ids) if contract_ids is not None else list(s.execute(sa.select(_CONTRACTS.c.id)).scalars())
    updated = 0
    t = TICKETS.c
    for cid in ids:
        policy = contract_policy(s, cid)
        engine, key = ClockEngine(policy), fingerprint(policy)
        query = sa.select(
            t.id, t.ticket_no, t.title, t.kind, t.onsite_required, t.category, t.assignee, t.timeline, t.head_hash
        )
        rows = s.execute(query.where(t.contract_id == cid)).all()
        values = []
        for pk, no, title, kind, onsite, cat, who, timeline, head in rows:
            ticket = expand(no, (title, kind, bool(onsite), cat, who), _json(timeline))
            values.append({"pk": pk, "head": head, **columns(engine, key, ticket)})
        if values:
            # Only the version that was evaluated: on a shared server another lead's event may have
            # been committed to a row since it was read; that row keeps the result its own write
            # stored (with the older key, so readers evaluate it themselves) instead of one computed
            # from its previous events.
            stmt = (
                TICKETS.update()
                .where(t.id == sa.bindparam("pk"), t.head_hash == sa.bindparam("head"))
                .values(final=sa.bindparam("final"), final_key=sa.bindparam("final_key"))
                .values(final_from=sa.bindparam("final_from"))
            )
            s.execute(stmt, values)
        updated += len(values)
    return updated


def mismatch(stored: Any, key: str, expected_key: str, expected: TicketResult | None, ticket_no: str) -> bool:
    """Whether a row's stored final result disagrees with the one its events give now.

    A row whose key is not the current one is never used by a reader, so only a current key is
    compared (a stored result where none is due, or a different one, is a mismatch).
    """
    if key != expected_key:
        return False
    if stored is None:
        return expected is not None
    return expected is None or decode(ticket_no, _json(stored)) != expected


def _json(value: Any) -> Any:
    """A JSON column's value (already decoded by SQLAlchemy's JSON type, or text from a raw query)."""
    return orjson.loads(value) if isinstance(value, str) else value

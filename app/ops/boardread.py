"""The board's read of a contract's tickets: stored final results where they hold, timelines elsewhere.

A row whose stored final result (:mod:`app.ops.finals`) was computed with the current policy and
calendar, and holds at "now", is read without its ``timeline`` (the SQL returns NULL in its place,
so the 30 MB of a year's timelines are neither fetched nor decoded): its ticket is a
:class:`StoredTicket` whose events are read from the ledger only if something asks for them.
Every other row (a live ticket, a result of an older policy) is decoded as
:meth:`OpsRepository.tickets` decodes it, and the caller evaluates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import text

from app.core.memory import collector_paused
from app.ops import finals
from app.ops.clocks import TicketResult
from app.ops.ledger import effective, expand, to_ticket
from app.ops.repository import OpsRepository, TicketRow
from app.ops.tickets import Event, Mark, Ticket
from app.store.store import Store

_VALID = "final_key = :key AND final_from <= :now"
_BOARD_SQL = text(
    "SELECT reported_us, id, ticket_no, title, kind, onsite_required, category, assignee, "
    f"CASE WHEN {_VALID} THEN NULL ELSE timeline END, level, status, event_count, head_hash, "
    f"CASE WHEN {_VALID} THEN final ELSE NULL END FROM ops_tickets WHERE contract_id = :contract"
)
"""No ORDER BY (see ``repository._TICKETS_SQL``): rows are sorted by ``(reported_us, id)`` in Python."""
_ORDER = itemgetter(0, 1)


class StoredTicket(Ticket):
    """A ticket whose header is known and whose events are read from its ledger on first use.

    The board needs only the header and the report instant of a ticket with a stored final
    result; its dialog reads the ticket again anyway. Anything else that asks for ``events``,
    the reported ``level`` or the ``evaluation`` gets exactly that version's values: the first
    ``event_count`` records of the append-only ledger, made effective as the write path makes them.
    """

    def _full(self) -> Ticket:
        found: Ticket | None = self.__dict__.get("_full_ticket")
        if found is None:
            store, pk, count = self.__dict__["_source"]
            found = to_ticket(self.id, effective(OpsRepository(store).history(pk)[:count]))
            self.__dict__["_full_ticket"] = found
        return found

    @property
    def events(self) -> tuple[Event, ...]:
        """The effective events (read on first use)."""
        return self._full().events

    @property
    def level(self) -> int:
        """The level it was reported with (read on first use)."""
        return self._full().level

    @property
    def evaluation(self) -> dict[str, Mark]:
        """The evaluation form (read on first use)."""
        return self._full().evaluation

    @property
    def memo(self) -> dict[str, Any]:
        """The clock engine's per-ticket cache (made on first use)."""
        memo: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        return memo

    @property
    def reported_at(self) -> int:
        """When the ticket was reported (the row's ``reported_us``, without reading the events)."""
        return int(self.__dict__["_reported"])


_new = object.__new__


StoredCache = Mapping[tuple[str, str], tuple[Ticket, TicketResult]]
"""Rows with a stored result from an earlier load: ``(fingerprint, chain head)`` → ticket and result."""


def board_rows(
    store: Store,
    contract_id: int,
    key: str,
    now: int,
    known: Mapping[str, Ticket] | None = None,
    known_stored: StoredCache | None = None,
) -> tuple[list[TicketRow], list[TicketResult | None]]:
    """A contract's rows in report order, and the stored final result of each (None: evaluate it).

    Args:
        store: The store.
        contract_id: The contract.
        key: The :func:`finals.fingerprint` of the contract's current policy and calendar.
        now: The board's instant (a stored result holds from its ``final_from``).
        known: Tickets of an earlier load by chain head: a row to evaluate whose head is there
            is not decoded again (pass only decoded tickets, never a :class:`StoredTicket`).
        known_stored: Rows with a stored result from an earlier load: one whose fingerprint and
            head are there is not decoded again (the same events and the same policy and
            calendar give the same result).
    """
    known = known or {}
    again = known_stored or {}
    rows: list[TicketRow] = []
    results: list[TicketResult | None] = []
    with collector_paused():  # 50,000 tickets are many small objects without cycles
        with store.read() as s:
            fetched = sorted(s.execute(_BOARD_SQL, {"contract": contract_id, "key": key, "now": now}).all(), key=_ORDER)
        loads, decode, add_row, add_result = orjson.loads, finals.decode, rows.append, results.append
        shared = finals.SHARED.setdefault
        for us, pk, no, title, kind_, onsite, cat_, who_, tl, level, status_, count, head, final in fetched:
            kind, cat, who, status = (
                shared(kind_, kind_),
                shared(cat_, cat_),
                shared(who_, who_),
                shared(status_, status_),
            )
            if final is None:
                header = (title, kind, bool(onsite), cat, who)
                ticket: Ticket = known.get(head) or expand(no, header, loads(tl) if isinstance(tl, str) else tl)
                add_result(None)
            elif (hit := again.get((key, head))) is not None:
                ticket = hit[0]
                add_result(hit[1])
            else:
                ticket = _new(StoredTicket)
                ticket.__dict__.update(
                    id=no,
                    title=title,
                    kind=kind,
                    onsite_required=bool(onsite),
                    category=cat,
                    assignee=who,
                    _reported=us,
                    _source=(store, pk, count),
                )
                add_result(decode(no, loads(final) if isinstance(final, str) else final))
            # the frozen dataclass's per-field checks cost more than the row itself; equal to TicketRow(...)
            row: TicketRow = _new(TicketRow)
            row.__dict__.update(
                pk=pk, contract_id=contract_id, ticket=ticket, level=level, status=status, event_count=count, head=head
            )
            add_row(row)
    return rows, results

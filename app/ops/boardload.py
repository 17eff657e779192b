"""The board's load on a worker: read a contract's tickets and evaluate every clock.

Returns plain values for the GUI thread (:class:`~app.ops.boardview.BoardData` and one
:class:`~app.ops.clocks.TicketResult` per row). Rows whose stored final results hold
(:mod:`app.ops.finals`) are taken as stored; a :class:`LoadCache` owned by the board lets a
reload skip what has not changed since the previous one.
"""

from __future__ import annotations

from typing import Any

from app.core.memory import collector_paused
from app.ops.boardview import BoardData, load_board
from app.ops.clocks import ClockEngine, TicketResult
from app.ops.policy import Policy
from app.ops.tickets import Ticket


class LoadCache:
    """What a reload can reuse from the previous load, by the tickets' chain heads.

    Attributes:
        policy: The policy ``finals`` were computed with (a changed policy or calendar drops them).
        finals: Final clock results (every clock stopped) by chain head.
        tickets: The decoded tickets by chain head.
        stored: The rows read with their stored final results, by fingerprint and chain head.
    """

    __slots__ = ("finals", "policy", "stored", "tickets")

    def __init__(self) -> None:
        self.policy: Policy | None = None
        self.finals: dict[str, tuple[int, TicketResult]] = {}
        self.tickets: dict[str, Ticket] = {}
        self.stored: dict[tuple[str, str], tuple[Ticket, TicketResult]] = {}


def load_and_evaluate(
    store: Any, contract_id: int | None, now: int, cache: LoadCache | None = None
) -> tuple[BoardData, list[TicketResult]]:
    """Worker: read the board and evaluate every clock (plain values back to the GUI thread).

    Rows whose stored final results hold now (:mod:`app.ops.finals`) are taken as stored; only
    the others are evaluated. With a ``cache`` (owned by the board, touched only here while a
    load runs) tickets whose chain head has not changed since the last load are neither decoded
    nor evaluated again.
    """
    with collector_paused():
        known, again = (cache.tickets, cache.stored) if cache is not None else (None, None)
        data = load_board(store, contract_id, known, now, again)
        if data.policy is None:
            return data, []
        stored = data.stored or (None,) * len(data.rows)
        todo = [i for i, found in enumerate(stored) if found is None]
        tickets = [data.rows[i].ticket for i in todo]
        if cache is None:
            evaluated = ClockEngine(data.policy, data.calendar).evaluate_all(tickets, now)
        else:
            if cache.policy != data.policy:
                cache.policy, cache.finals = data.policy, {}
            engine = ClockEngine(data.policy, data.calendar, finals=cache.finals)
            evaluated = engine.evaluate_all(tickets, now, [data.rows[i].head for i in todo])
            cache.tickets = {data.rows[i].head: data.rows[i].ticket for i in todo if data.rows[i].head}
            cache.stored = {
                (data.key, row.head): (row.ticket, found)
                for row, found in zip(data.rows, stored, strict=True)
                if found is not None
            }
            live = set(cache.tickets)
            if len(cache.finals) > len(live):  # forget the versions that were superseded
                cache.finals = {h: f for h, f in cache.finals.items() if h in live}
        results = list(stored)
        for i, result in zip(todo, evaluated, strict=True):
            results[i] = result
        return data, results  # type: ignore[return-value]  # every None was replaced above

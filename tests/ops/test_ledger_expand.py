"""The board's fast path from a stored ``timeline`` back to the domain ticket.

:func:`app.ops.ledger.expand` builds tickets without the frozen dataclass's ``__init__`` and
decodes with orjson: both must give exactly what the plain path gives.
"""

from __future__ import annotations

import dataclasses
import json

import orjson

from app.ops import timeutil as tu
from app.ops.ledger import compact, expand
from app.ops.tickets import Event, Mark, Ticket
from tests.bench.ticketgen import make_tickets


def _header(t: Ticket) -> tuple[str, str, bool, str | None, str]:
    return (t.title, t.kind, t.onsite_required, t.category, t.assignee)


def test_ticket_has_no_hooks_the_fast_constructor_would_skip() -> None:
    assert not hasattr(Ticket, "__post_init__")
    assert not hasattr(Ticket, "__slots__")
    names = [f.name for f in dataclasses.fields(Ticket)]
    assert names == [
        "id",
        "title",
        "level",
        "kind",
        "onsite_required",
        "category",
        "events",
        "assignee",
        "evaluation",
        "memo",
    ]


def test_expand_round_trips_a_year_of_generated_tickets() -> None:
    tickets = make_tickets(400)
    assert any(t.evaluation for t in tickets) and any(len(t.events) > 4 for t in tickets)
    for t in tickets:
        stored = json.dumps(compact(t))  # what the JSON column holds
        assert orjson.loads(stored) == json.loads(stored)
        back = expand(t.id, _header(t), orjson.loads(stored))
        assert back == t
        assert type(back) is Ticket
        assert all(type(e) is Event for e in back.events)
        assert back.memo == {}


def test_expanded_tickets_do_not_share_caches_and_stay_frozen() -> None:
    at = tu.to_us(tu.parse_instant("2026-03-02T09:00:00+08:00"))
    t = Ticket("T-1", "停机", 1, "outage", False, None, (Event("reported", at),), "", {"a": Mark("降级", "")})
    timeline = orjson.loads(json.dumps(compact(t)))
    one, two = expand("T-1", _header(t), timeline), expand("T-1", _header(t), timeline)
    one.memo["x"] = 1
    assert two.memo == {}
    assert one.evaluation["a"] == Mark("降级", "") and one.evaluation is not two.evaluation
    try:
        one.level = 2  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("an expanded ticket must stay frozen")

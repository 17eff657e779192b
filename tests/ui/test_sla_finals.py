"""Differential tests of the board's stored final results (``app/ops/finals.py``).

What the board loads — rows, statuses, every clock, colours, chips, filter counts, the order of
its items — must equal a full decode of every timeline and the reference evaluation
(:meth:`ClockEngine.evaluate_reference`), on generated tickets: with the stored results, without
them (cleared, or of an older policy), after a policy change, after a calendar-year change, and
when the board reloads after another lead's write.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from app.ops import timeutil as tu
from app.ops.boardload import LoadCache, load_and_evaluate
from app.ops.boardread import StoredTicket
from app.ops.boardview import STATUS_COLUMNS, Filters, chips, worst
from app.ops.calendar import YearTable
from app.ops.clocks import ClockEngine, TicketResult
from app.ops.contract import facts
from app.ops.repository import OpsRepository, TicketRow
from app.ops.tables import Ticket as TicketTable
from app.ops.ticketformat import dump_ticket, parse_tickets
from app.ops.ticketwrites import TicketWriter
from app.ops.verify import verify_ledgers
from app.store.store import Store
from tests.bench.ticketgen import make_tickets
from tests.hypo import examples
from tests.ops.helpers import doc
from tests.ops.test_clock_properties import POLICIES, tickets
from ui.features.sla.model import BoardItem, accepted

MINUTE = tu.US_PER_MINUTE
_HEADER = ("id", "title", "kind", "onsite_required", "category", "assignee", "reported_at")


def _filters(rows: list[TicketRow]) -> list[Filters]:
    found = [Filters(), Filters(urgent=True)]
    found += [Filters(level=lv.level) for lv in facts().levels]
    found += [Filters(kind=k) for k in ("fault", "outage", "security")]
    found += [Filters(status=s) for s in STATUS_COLUMNS]
    found += [Filters(month=tu.month_of(r.ticket.reported_at)) for r in rows[:3]]
    found += [Filters(assignee=r.ticket.assignee) for r in rows[:2] if r.ticket.assignee]
    return found


def _view(rows: list[TicketRow], results: list[TicketResult], names: dict[str, str]) -> dict[str, Any]:
    """Everything the board shows of a load, as plain values."""
    items = sorted((BoardItem(r, res) for r, res in zip(rows, results, strict=True)), key=lambda it: it.order)
    return {
        "rows": [
            (r.pk, r.level, r.status, r.event_count, r.head, *(getattr(r.ticket, f) for f in _HEADER)) for r in rows
        ],
        "results": results,
        "colours": [worst(res.clocks) for res in results],
        "chips": [chips(res, names) for res in results],
        "order": [it.row.pk for it in items],
        "items": [(it.month, it.urgent, it.running, it.order) for it in items],
        "filters": [[items[i].row.pk for i in accepted(items, f)] for f in _filters(rows)],
    }


def _reference(store: Store, contract_id: int, now: int) -> dict[str, Any]:
    repo = OpsRepository(store)
    rows = repo.tickets(contract_id)
    policy = repo.policy(contract_id)
    engine = ClockEngine(policy)
    names = {c.key: c.name for c in policy.clocks}
    return _view(rows, [engine.evaluate_reference(r.ticket, now) for r in rows], names)


def _board(store: Store, contract_id: int, now: int, cache: LoadCache | None = None) -> dict[str, Any]:
    data, results = load_and_evaluate(store, contract_id, now, cache)
    return _view(list(data.rows), results, data.names)


def _stored_count(store: Store, contract_id: int, now: int) -> int:
    data, _results = load_and_evaluate(store, contract_id, now)
    return sum(isinstance(r.ticket, StoredTicket) for r in data.rows)


def _import(store: Store, generated: list[dict[str, Any]], policy: dict[str, Any]) -> int:
    for i, t in enumerate(generated):
        t["id"] = f"P-{i}"
        t["assignee"] = ("张工", "李工", "")[i % 3]
    parsed, _pol = parse_tickets(doc(*generated, policy=policy))
    contract = OpsRepository(store).create_contract("差分测试", policy=policy)
    TicketWriter(store).import_tickets(contract, parsed.tickets)
    return contract


def test_the_board_equals_a_full_decode_and_evaluation(paths) -> None:
    store = Store.open(paths)
    repo = OpsRepository(store)
    used: list[int] = []

    @settings(max_examples=examples(40), deadline=None)
    @given(
        st.lists(tickets(), min_size=1, max_size=6),
        st.sampled_from(POLICIES),
        st.lists(st.integers(-600, 30 * 24 * 60), min_size=1, max_size=3),
    )
    def check(generated: list[dict[str, Any]], policy: dict[str, Any], offsets: list[int]) -> None:
        contract = _import(store, generated, policy)
        origin = min(tu.to_us(tu.parse_instant(t["events"][0]["at"])) for t in generated)
        for offset in offsets:  # before, between and after the tickets' events
            now = origin + offset * MINUTE
            assert _board(store, contract, now) == _reference(store, contract, now)
            used.append(_stored_count(store, contract, now))
        late = origin + 400 * 24 * 60 * MINUTE
        assert _board(store, contract, late) == _reference(store, contract, late)
        used.append(_stored_count(store, contract, late))
        with store.engine.begin() as conn:  # without the stored results: every row evaluated
            conn.execute(
                update(TicketTable).where(TicketTable.contract_id == contract).values(final=None, final_key="")
            )
        assert _stored_count(store, contract, late) == 0
        assert _board(store, contract, late) == _reference(store, contract, late)

    try:
        check()
        assert max(used) > 0  # the stored results were really used
        assert repo.contracts()
    finally:
        store.close()


def test_a_policy_or_calendar_change_recomputes_the_stored_results(paths) -> None:
    store = Store.open(paths)
    try:
        repo = OpsRepository(store)
        contract = _import(store, _year(40), POLICIES[0])
        late = tu.to_us(tu.parse_instant("2028-06-01T09:00:00+08:00"))
        before = _board(store, contract, late)
        assert before == _reference(store, contract, late)
        assert _stored_count(store, contract, late) > 0

        repo.set_policy(contract, POLICIES[2])  # a working-time clock
        after_policy = _board(store, contract, late)
        assert after_policy == _reference(store, contract, late)
        assert after_policy["results"] != before["results"]
        assert _stored_count(store, contract, late) > 0  # recomputed in the policy's write, not dropped

        days = {date(2026, 1, 1) + timedelta(days=i) for i in range(365)}
        year = YearTable(2026, rest_days=frozenset(d for d in days if d.weekday() < 5 and d.day % 2))
        repo.set_calendar_year(year, "2026-12-01T00:00:00+08:00")
        after_year = _board(store, contract, late)
        assert after_year == _reference(store, contract, late)
        assert after_year["results"] != after_policy["results"]  # half the weekdays became rest days
        assert _stored_count(store, contract, late) > 0
        repo.delete_calendar_year(2026)
        assert _board(store, contract, late) == after_policy
        assert verify_ledgers(store).ok
    finally:
        store.close()


def test_stored_results_of_an_older_policy_are_not_used(paths) -> None:
    store = Store.open(paths)
    try:
        contract = _import(store, _year(30), POLICIES[0])
        late = tu.to_us(tu.parse_instant("2028-06-01T09:00:00+08:00"))
        with store.engine.begin() as conn:  # as if written under another policy (e.g. by an older version)
            conn.execute(update(TicketTable).where(TicketTable.contract_id == contract).values(final_key="older"))
        assert _stored_count(store, contract, late) == 0
        assert _board(store, contract, late) == _reference(store, contract, late)
    finally:
        store.close()


def test_a_reload_after_another_leads_write_equals_a_full_evaluation(paths) -> None:
    store = Store.open(paths)
    try:
        contract = _import(store, _year(60), POLICIES[2])
        rows = OpsRepository(store).tickets(contract)
        now = max(r.ticket.events[-1].at for r in rows) + 60 * MINUTE
        cache = LoadCache()
        assert _board(store, contract, now, cache) == _reference(store, contract, now)
        other = TicketWriter(store, actor="another-lead", clock=lambda: now)
        live = [r for r in rows if r.status != "已关闭"]
        other.record(rows[0].pk, "note", now, text="另一位负责人的备注")
        if live:
            other.record(live[0].pk, "closed", now)
        assert _board(store, contract, now, cache) == _reference(store, contract, now)
        assert _board(store, contract, now + 5 * MINUTE, cache) == _reference(store, contract, now + 5 * MINUTE)
        before = {r.pk: r.ticket for r in load_and_evaluate(store, contract, now, cache)[0].rows}
        assert any(isinstance(t, StoredTicket) for t in before.values())
        again = {r.pk: r.ticket for r in load_and_evaluate(store, contract, now, cache)[0].rows}
        reused = [pk for pk, t in before.items() if isinstance(t, StoredTicket) and again[pk] is t]
        assert reused  # unchanged rows with a stored result are not decoded again on a reload
        OpsRepository(store).set_policy(contract, POLICIES[1])  # the cached results are of the old policy
        assert _board(store, contract, now, cache) == _reference(store, contract, now)
    finally:
        store.close()


def test_a_stored_ticket_reads_its_own_version_of_the_events(paths) -> None:
    store = Store.open(paths)
    try:
        contract = _import(store, _year(20), POLICIES[0])
        late = tu.to_us(tu.parse_instant("2028-06-01T09:00:00+08:00"))
        data, _results = load_and_evaluate(store, contract, late)
        stored = [r for r in data.rows if isinstance(r.ticket, StoredTicket)]
        assert stored
        full = {r.pk: r.ticket for r in OpsRepository(store).tickets(contract)}
        first = stored[0]
        TicketWriter(store, clock=lambda: late).record(first.pk, "note", late, text="之后写入的备注")
        for r in stored:  # the version the board loaded, even after a later write
            t = full[r.pk]
            assert (r.ticket.events, r.ticket.level, r.ticket.evaluation) == (t.events, t.level, t.evaluation)
            assert r.ticket.reported_at == t.reported_at and r.ticket.current_level == t.current_level
    finally:
        store.close()


def _year(n: int) -> list[dict[str, Any]]:
    """``n`` of the benchmark's generated tickets as ``ops-tickets/1`` dicts."""
    return [dump_ticket(t) for t in make_tickets(n)]

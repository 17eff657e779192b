"""The board on the shared PostgreSQL store: two ops leads see each other's events."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import update

from app.bootstrap.demo import seed_if_empty
from app.ops import timeutil as tu
from app.ops.clocks import ClockEngine
from app.ops.repository import OpsRepository
from app.ops.tables import TicketEvent
from app.ops.ticketwrites import TicketWriter
from app.ops.verify import verify_ledgers
from app.store.store import Store

pytestmark = pytest.mark.postgres


def test_two_ops_leads_see_each_others_events(paths, pg_url: str) -> None:
    lead_a = Store.open(paths, pg_url)
    lead_b = Store.open(paths, pg_url)
    try:
        seed_if_empty(lead_a)
        repo_a, repo_b = OpsRepository(lead_a, actor="lead-a"), OpsRepository(lead_b, actor="lead-b")
        contract = repo_a.contracts()[0].id
        token = repo_b.change_token()
        now = tu.now_us()
        pk = TicketWriter(lead_a, actor="lead-a", clock=lambda: now).create(
            contract, "PG-1", {"title": "共享库工单", "level": 2}
        )
        assert repo_b.change_token() != token  # B's board notices the change
        row = repo_b.ticket(pk)
        assert row.ticket.title == "共享库工单" and row.status == "新建"
        TicketWriter(lead_b, actor="lead-b", clock=lambda: now + 60_000_000).record(pk, "acknowledged")
        seen_by_a = repo_a.ticket(pk)
        assert [e.type for e in seen_by_a.ticket.events] == ["reported", "acknowledged"]
        assert [h.actor for h in repo_a.history(pk)] == ["lead-a", "lead-b"]
        result = ClockEngine(repo_a.policy(contract)).evaluate(seen_by_a.ticket, now + 120_000_000)
        assert result.clocks[0].key == "response" and result.clocks[0].status == "met"
        assert verify_ledgers(lead_b).ok
    finally:
        lead_a.close()
        lead_b.close()


def test_concurrent_appends_to_one_ticket_stay_one_chain(paths, pg_url: str) -> None:
    stores = [Store.open(paths, pg_url) for _ in range(2)]
    try:
        repo = OpsRepository(stores[0])
        contract = repo.create_contract("并发测试", policy={})
        now = tu.now_us()
        pk = TicketWriter(stores[0], clock=lambda: now).create(contract, "PG-2", {"level": 4})
        errors: list[BaseException] = []

        def note(store: Store, i: int) -> None:
            try:
                for n in range(5):
                    TicketWriter(store, actor=f"lead-{i}", clock=lambda: now).record(pk, "note", text=f"{i}-{n}")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=note, args=(s, i)) for i, s in enumerate(stores)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        history = repo.history(pk)
        assert [h.seq for h in history] == list(range(11))
        assert verify_ledgers(stores[1]).ok
    finally:
        for s in stores:
            s.close()


def test_verify_on_postgres_detects_an_edit(paths, pg_url: str) -> None:
    store = Store.open(paths, pg_url)
    try:
        seed_if_empty(store)
        with store.engine.begin() as conn:
            conn.execute(update(TicketEvent).where(TicketEvent.id == 3).values(data={"by": "篡改"}))
        report = verify_ledgers(store)
        assert not report.ok and "内容与其哈希不符" in report.problems[0].message
    finally:
        store.close()


def test_stored_final_results_on_postgresql(paths, pg_url: str) -> None:
    from app.ops.boardread import StoredTicket
    from app.ops.boardview import load_board

    store = Store.open(paths, pg_url)
    try:
        seed_if_empty(store)
        repo = OpsRepository(store)
        contract = repo.contracts()[0].id
        now = tu.now_us()

        def board_equals_reference() -> int:
            data = load_board(store, contract, now=now)
            assert data.policy is not None
            engine = ClockEngine(data.policy)
            got = [
                s if s is not None else engine.evaluate(r.ticket, now)
                for r, s in zip(data.rows, data.stored, strict=True)
            ]
            full = repo.tickets(contract)
            assert [r.pk for r in data.rows] == [r.pk for r in full]
            assert got == [engine.evaluate_reference(r.ticket, now) for r in full]
            return sum(isinstance(r.ticket, StoredTicket) for r in data.rows)

        assert board_equals_reference() > 0
        repo.set_policy(contract, {"clocks": {"response": {"minutes": 5}}})  # recomputed in the write
        assert board_equals_reference() > 0
        assert verify_ledgers(store).ok
    finally:
        store.close()

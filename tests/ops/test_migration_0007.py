"""Migration 0007: existing ticket rows, the demo's included, get their stored final clock results."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from sqlalchemy import select

from app.bootstrap.demo import seed_if_empty
from app.ops import finals
from app.ops import timeutil as tu
from app.ops.calendar import YearTable
from app.ops.clocks import ClockEngine
from app.ops.repository import OpsRepository
from app.ops.tables import Ticket as TicketTable
from app.ops.verify import verify_ledgers
from app.store import migrate
from app.store.base import AuditEvent
from app.store.engine import make_engine, sqlite_url
from app.store.store import Store
from tests.bench.ticketgen import seed

BEFORE = "0004"
_COLUMNS = (TicketTable.id, TicketTable.final, TicketTable.final_key, TicketTable.final_from)


def _stored(store: Store) -> dict[int, tuple[object, ...]]:
    with store.read() as s:
        return {r[0]: tuple(r[1:]) for r in s.execute(select(*_COLUMNS))}


def test_existing_rows_get_their_final_results(paths) -> None:
    store = Store.open(paths)
    seed_if_empty(store)  # the demo contract
    bench = seed(store, 300)
    repo = OpsRepository(store)
    repo.set_calendar_year(YearTable(2027, rest_days=frozenset()), "2026-12-01T00:00:00+08:00")
    written = _stored(store)  # what the write path stored
    store.close()

    engine = make_engine(sqlite_url(paths.db_file))
    command.downgrade(migrate.alembic_config(engine), BEFORE)
    columns = {c["name"] for c in sa.inspect(engine).get_columns("ops_tickets")}
    assert "final" not in columns and "final_key" not in columns
    engine.dispose()

    store = Store.open(paths)  # upgrades to the head again: 0007 fills the columns
    try:
        assert migrate.current_revision(store.engine) == migrate.HEAD
        migrated = _stored(store)
        assert migrated == written  # exactly what the write path stores
        repo = OpsRepository(store)
        contracts = repo.contracts()
        assert any(c.demo for c in contracts) and len(contracts) == 2
        for c in contracts:
            policy = repo.policy(c.id)
            engine_ = ClockEngine(policy)
            key = finals.fingerprint(policy)
            rows = repo.tickets(c.id)
            filled = 0
            for r in rows:
                final, final_key, final_from = migrated[r.pk]
                expected = finals.final_of(engine_, r.ticket)
                if expected is None:
                    assert final is None and final_key == ""
                    continue
                filled += 1
                assert final_key == key and final_from == r.ticket.events[-1].at
                assert finals.decode(r.ticket.id, final) == expected  # type: ignore[arg-type]
                late = tu.to_us(tu.parse_instant("2030-01-01T00:00:00+08:00"))
                assert expected == engine_.evaluate_reference(r.ticket, late)
            assert filled > 0
        with store.read() as s:
            action = s.scalar(select(AuditEvent.action).where(AuditEvent.action == "ops_finals_migrated"))
        assert action == "ops_finals_migrated"
        report = verify_ledgers(store)
        assert report.ok, report.problems
        assert bench in {c.id for c in contracts}
    finally:
        store.close()

"""Migration 0004: the old ticket columns become hash-chained events, the demo's rows included."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from alembic import command

from app.ops import timeutil as tu
from app.ops.repository import OpsRepository
from app.ops.verify import verify_ledgers
from app.store import migrate
from app.store.engine import make_engine, sqlite_url
from app.store.store import Store


def naive(text: str) -> datetime:
    """A naive local time, as the old ticket columns and Excel cells hold them."""
    return datetime.fromisoformat(text)


BEFORE = "0006"  # the revision 0004 follows on this branch (the lead re-chains at merge time)

LEGACY_SLA = {"levels": {"一级": {"priority": "紧急", "response_minutes": 30, "restore_minutes": 240}}}


def _old_store(paths) -> None:
    paths.ensure()
    engine = make_engine(sqlite_url(paths.db_file))
    command.upgrade(migrate.alembic_config(engine), BEFORE)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                'INSERT INTO ops_contracts (id, name, client, vendor, start, "end", sla, demo) '
                "VALUES (1, '示例合同', '卫健委', '运维商', :s, :e, :sla, 1)"
            ),
            {"s": date(2026, 1, 1), "e": date(2026, 12, 31), "sla": __import__("json").dumps(LEGACY_SLA)},
        )
        rows = [
            (
                "YW-1",
                "登录失败",
                "一级",
                "访问故障",
                "电话",
                "已关闭",
                naive("2026-09-01T09:00"),
                naive("2026-09-01T09:12"),
                None,
                naive("2026-09-01T11:30"),
            ),
            (
                "YW-2",
                "页面错位",
                "四级",
                "展示",
                "微信",
                "处理中",
                naive("2026-09-02T14:00"),
                naive("2026-09-02T14:50"),
                naive("2026-09-02T16:00"),
                None,
            ),
            ("YW-3", "咨询", "五级", "", "QQ", "open", naive("2026-09-03T08:00"), None, None, None),
        ]
        for i, r in enumerate(rows, start=1):
            conn.execute(
                sa.text(
                    "INSERT INTO tickets (id, contract_id, ticket_no, title, priority, category, channel, status, "
                    "reported_at, responded_at, arrived_at, resolved_at, details) VALUES (:id, 1, :no, :title, "
                    ":p, :c, :ch, :st, :r, :a, :o, :z, '{}')"
                ),
                {
                    "id": i,
                    "no": r[0],
                    "title": r[1],
                    "p": r[2],
                    "c": r[3],
                    "ch": r[4],
                    "st": r[5],
                    "r": r[6],
                    "a": r[7],
                    "o": r[8],
                    "z": r[9],
                },
            )
    engine.dispose()


def test_old_ticket_columns_become_events(paths) -> None:
    _old_store(paths)
    store = Store.open(paths)
    try:
        assert migrate.current_revision(store.engine) == migrate.HEAD
        assert sa.inspect(store.engine).has_table("ops_tickets")
        assert not sa.inspect(store.engine).has_table("tickets")
        assert store.pragma("freelist_count") == "0"  # the dropped table's pages are not left on disk
        repo = OpsRepository(store)
        contract = repo.contract(1)
        assert contract.policy == {}  # the legacy dict: the defaults are the contract's clocks
        rows = {r.ticket.id: r for r in repo.tickets(1)}
        one = rows["YW-1"].ticket
        assert [e.type for e in one.events] == ["reported", "acknowledged", "resolved", "closed"]
        assert one.level == 1 and one.events[0].channel == "phone" and "访问故障" in one.events[0].text
        assert tu.iso(one.events[1].at) == "2026-09-01T09:12:00+08:00"  # naive times were Beijing time
        assert rows["YW-1"].status == "已关闭"
        two = rows["YW-2"].ticket
        assert [e.type for e in two.events] == ["reported", "acknowledged", "onsite_arrived"]
        assert two.onsite_required and rows["YW-2"].status == "处理中" and two.level == 4
        assert [e.type for e in rows["YW-3"].ticket.events] == ["reported"] and rows["YW-3"].status == "新建"
        report = verify_ledgers(store)
        assert report.ok, report.problems
        assert report.tickets == 3 and report.events == 8
        hist = repo.history(rows["YW-1"].pk)
        assert hist[0].actor == "migration 0004" and hist[1].prev_hash == hist[0].hash
    finally:
        store.close()


def test_downgrade_restores_the_old_columns(paths) -> None:
    _old_store(paths)
    Store.open(paths).close()
    engine = make_engine(sqlite_url(paths.db_file))
    try:
        command.downgrade(migrate.alembic_config(engine), BEFORE)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT ticket_no, priority, responded_at, resolved_at FROM tickets ORDER BY id")
            ).all()
        assert [r[0] for r in rows] == ["YW-1", "YW-2", "YW-3"]
        assert rows[0][1] == "一级" and str(rows[0][2]).startswith("2026-09-01 09:12")
        assert rows[2][2] is None
    finally:
        engine.dispose()

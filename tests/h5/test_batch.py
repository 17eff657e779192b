"""Group commit of the me/* writes: concurrent requests lose nothing, the chain verifies, failures stay alone."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select, text

from app.h5.batch import GroupCommit
from app.h5.db import transaction
from app.h5.service import RequestContext
from app.h5.tables import h5_audit, h5_rate, h5_sessions
from tests.h5.conftest import API, H5App, open_app

THREADS = 12
URL = f"{API}/me/summary"
CALLS = 15


def test_concurrent_views_are_each_counted_audited_and_chained(h5: H5App) -> None:
    service = h5.runtime.service
    headers = [h5.session(f"r{i:05d}")["Authorization"] for i in range(1, 4)]
    engine = h5.runtime.engine
    with engine.connect() as conn:
        audits_before = conn.execute(select(func.count()).select_from(h5_audit)).scalar_one()
    ctx = RequestContext("10.9.8.7", "req-batch")

    async def calls(n: int) -> list[str]:
        return [
            (await service.authenticate_async(headers[(n + i) % 3], ctx, action="VIEW_SUMMARY")).person
            for i in range(CALLS)
        ]

    def views(n: int) -> list[str]:
        # One event loop per thread: the writer batches requests of several loops together.
        return asyncio.run(calls(n))

    with ThreadPoolExecutor(THREADS) as pool:
        people = [p for chunk in pool.map(views, range(THREADS)) for p in chunk]
    total = THREADS * CALLS
    assert len(people) == total
    with engine.connect() as conn:
        audits = conn.execute(select(func.count()).select_from(h5_audit)).scalar_one()
        hits = conn.execute(select(func.sum(h5_rate.c.hits)).where(h5_rate.c.scope == "ip")).scalar_one()
        per_session = conn.execute(select(func.sum(h5_sessions.c.rl_count))).scalar_one()
        seqs = [r[0] for r in conn.execute(text("SELECT seq FROM h5_audit ORDER BY seq"))]
    assert audits - audits_before == total  # one record per view, none lost or doubled
    assert seqs == list(range(1, len(seqs) + 1))
    assert hits == total  # every request counted against its address (the exchanges count under "xip")
    assert per_session == total
    assert service.audit.verify(engine).ok


def test_session_rate_limit_holds_under_concurrency(tmp_path: Path, h5_template: Path) -> None:

    app = open_app(tmp_path / "h5", h5_template, limits={"session_per_minute": 50})
    try:
        headers = app.session()
        with ThreadPoolExecutor(THREADS) as pool:
            codes = list(pool.map(lambda _: app.client.get(URL, headers=headers).status_code, range(80)))
        assert codes.count(200) == 50
        assert codes.count(429) == 30
        with app.runtime.engine.connect() as conn:
            viewed = conn.execute(
                select(func.count()).select_from(h5_audit).where(h5_audit.c.action == "VIEW_SUMMARY")
            ).scalar_one()
        assert viewed == 50  # refused requests are not audited as views
    finally:
        app.client.close()
        app.runtime.close()


def test_hit_many_counts_like_single_hits_in_order(h5: H5App) -> None:
    state = h5.runtime.service.state
    now = datetime(2026, 12, 1, 9, 0, 30, tzinfo=UTC)
    later = now + timedelta(minutes=1)  # the next window
    with transaction(h5.runtime.engine) as conn:
        assert state.hit(conn, "t", "a", now) == 1
        counts = state.hit_many(conn, "t", [("a", now), ("b", now), ("a", now), ("a", later), ("b", now)])
    assert counts == [2, 1, 3, 1, 2]


def test_a_failing_item_fails_alone_and_the_batch_commits(h5: H5App) -> None:
    engine = h5.runtime.engine
    with transaction(engine) as conn:
        conn.execute(text("CREATE TABLE t_batch (v INTEGER NOT NULL)"))
    entered, gate = threading.Event(), threading.Event()
    sizes: list[int] = []

    def process(conn: Connection, items: list[int]) -> list[int]:
        entered.set()
        gate.wait(10)  # hold the first batch so the others queue up behind it
        sizes.append(len(items))
        for v in items:
            if v < 0:
                raise ValueError("bad item")
            conn.execute(text("INSERT INTO t_batch (v) VALUES (:v)"), {"v": v})
        return [v * 2 for v in items]

    writer: GroupCommit[int, int] = GroupCommit(engine, process)

    async def main() -> tuple[int, list[int | BaseException]]:
        first = asyncio.ensure_future(writer.submit_async(0))
        assert await asyncio.to_thread(entered.wait, 10)
        rest = [asyncio.ensure_future(writer.submit_async(v)) for v in (1, 2, -1, 3)]
        while writer.queued < 4:
            await asyncio.sleep(0.01)
        gate.set()
        return await first, await asyncio.gather(*rest, return_exceptions=True)

    try:
        head, out = asyncio.run(main())
        assert head == 0
        assert [out[0], out[1], out[3]] == [2, 4, 6]
        assert isinstance(out[2], ValueError) and str(out[2]) == "bad item"
        assert max(sizes) >= 4  # the queued items went into one transaction (then were retried alone)
        with engine.connect() as conn:
            stored = sorted(r[0] for r in conn.execute(text("SELECT v FROM t_batch")))
        assert stored == [0, 1, 2, 3]  # the failed batch was rolled back; nothing written twice
    finally:
        writer.close()
    with pytest.raises(RuntimeError):
        asyncio.run(writer.submit_async(5))


def test_awaiting_callers_get_results_read_after_the_commit(h5: H5App) -> None:
    """``submit_async`` waits without a thread; ``finish`` sees the committed rows; a failed read fails alone."""
    engine = h5.runtime.engine
    with transaction(engine) as conn:
        conn.execute(text("CREATE TABLE t_async (v INTEGER NOT NULL)"))

    def process(conn: Connection, items: list[int]) -> list[int]:
        for v in items:
            conn.execute(text("INSERT INTO t_async (v) VALUES (:v)"), {"v": v})
        return items

    def finish(items: list[int], results: list[int]) -> list[int | Exception]:
        with engine.connect() as conn:  # another connection: only committed rows are visible
            seen = {r[0] for r in conn.execute(text("SELECT v FROM t_async"))}
        return [ValueError("bad read") if v == 13 else (v * 10 if v in seen else -1) for v in results]

    writer: GroupCommit[int, int] = GroupCommit(engine, process, finish=finish)

    async def main() -> list[int | BaseException]:
        return await asyncio.gather(*(writer.submit_async(v) for v in range(1, 21)), return_exceptions=True)

    try:
        out = asyncio.run(main())
        assert asyncio.run(writer.submit_async(21)) == 210  # another event loop shares the writer
    finally:
        writer.close()
    assert [o for i, o in enumerate(out, start=1) if i != 13] == [v * 10 for v in range(1, 21) if v != 13]
    assert isinstance(out[12], ValueError)
    with engine.connect() as conn:
        assert sorted(r[0] for r in conn.execute(text("SELECT v FROM t_async"))) == list(range(1, 22))


@pytest.mark.parametrize("count", [1, 16, 17, 40])
def test_audit_records_appended_together_chain_as_one_by_one(h5: H5App, count: int) -> None:
    from app.h5.audit import AuditEntry

    service = h5.runtime.service
    engine = h5.runtime.engine
    at = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    records = [
        (at + timedelta(microseconds=i), AuditEntry("VIEW_SUMMARY", "OK", f"s{i}", "p", "", "c", f"r{i}"))
        for i in range(count)
    ]
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(h5_audit)).scalar_one()
    with transaction(engine) as conn:
        seqs = service.audit.append_many(conn, records)
    assert seqs == list(range(before + 1, before + count + 1))
    with engine.connect() as conn:
        rows = conn.execute(select(h5_audit).where(h5_audit.c.seq > before).order_by(h5_audit.c.seq)).all()
    assert [(r.at, r.session, r.request_id) for r in rows] == [(t, e.session, e.request_id) for t, e in records]
    assert service.audit.verify(engine).ok

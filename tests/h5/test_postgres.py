"""The H5 service on a real PostgreSQL server: the API, two processes and ``--workers 2`` sharing one state."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.core.secrets import SecretStore
from app.h5.api import create_app
from app.h5.clock import FakeClock
from app.h5.keys import new_master_key, write_key_file
from app.h5.runtime import open_runtime
from tests.h5.conftest import API, H5App, make_config
from tests.h5.servers import Server, write_config
from tests.memkeyring import MemoryKeyring

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(pg_url: str, tmp_path: Path) -> Iterator[H5App]:
    key = tmp_path / "master.key"
    write_key_file(key, new_master_key())
    clock = FakeClock()
    runtime = open_runtime(make_config(pg_url, key), SecretStore(MemoryKeyring()), clock=clock)
    client = TestClient(create_app(runtime, purge=False))
    try:
        yield H5App(runtime, client, clock, tmp_path / "none", key)
    finally:
        client.close()
        runtime.close()


def test_api_flow_on_postgres(pg_app: H5App) -> None:
    h5 = pg_app
    headers = h5.session("r00001")
    summary = h5.client.get(f"{API}/me/summary", headers=headers)
    assert summary.status_code == 200 and summary.json()["counts"]["followups"] > 0
    ref = h5.client.get(f"{API}/me/followups", headers=headers).json()["items"][0]["ref"]
    assert h5.client.get(f"{API}/me/followups/{ref}", headers=headers).status_code == 200
    other = h5.session("r00003")
    assert h5.client.get(f"{API}/me/followups/{ref}", headers=other).status_code == 404
    exams = h5.client.get(f"{API}/me/exams", headers=headers).json()["items"]
    assert h5.client.get(f"{API}/me/exams/{exams[0]['ref']}", headers=headers).status_code == 200
    fb = h5.client.post(
        f"{API}/me/feedback",
        json={"resourceType": "EXAM", "ref": exams[0]["ref"], "issueType": "OTHER", "description": "测试"},
        headers=headers,
    )
    assert fb.status_code == 200
    for key, status in (("no-archive", 404), ("name-mismatch", 409), ("duplicate", 409), ("passport", 422)):
        assert h5.exchange(key).status_code == status
    token = h5.zgt_token("r00004")
    assert h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token}).status_code == 200
    assert h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token}).status_code == 401
    h5.clock.advance(minutes=16)
    assert h5.client.get(f"{API}/me/summary", headers=headers).status_code == 401
    assert h5.runtime.service.audit.verify(h5.runtime.engine).ok
    with h5.runtime.engine.connect() as conn:
        dumped = conn.execute(text("SELECT string_agg(encode(cert_cipher, 'escape'), '') FROM gw_archives")).scalar()
    assert dumped and h5.user("r00001")["certNo"] not in dumped


def _exchange(url: str, token: str) -> httpx.Response:
    return httpx.post(f"{url}{API}/auth/zgt/exchange", json={"zgtToken": token}, timeout=30)


def _login(url: str, user: dict[str, str]) -> str:
    body = {"name": user["name"], "certType": user["certType"], "certNo": user["certNo"]}
    return str(httpx.post(f"{url}/sim/zgt/login", json=body, timeout=30).json()["token"])


def fresh_window(need: float = 25.0) -> None:
    """Wait until at least ``need`` seconds of the current one-minute rate window are left."""
    left = 60 - time.time() % 60
    if left < need:
        time.sleep(left + 0.5)


@pytest.mark.slow
def test_two_processes_share_tokens_and_rate_limits(pg_url: str, tmp_path: Path) -> None:
    key = tmp_path / "master.key"
    write_key_file(key, new_master_key())
    config = write_config(tmp_path / "h5.toml", key, exchange_per_ip_per_minute=8)
    common = ("--demo", "--db", pg_url, "--config", str(config))
    a = Server(tmp_path / "a", *common).wait_ready()
    b = Server(tmp_path / "b", *common).wait_ready()
    try:
        users = httpx.get(f"{a.url}/sim/zgt/users", timeout=30).json()["items"]
        token = _login(a.url, users[0])
        fresh_window()
        assert _exchange(a.url, token).status_code == 200
        reused = _exchange(b.url, token)
        assert reused.status_code == 401 and reused.json()["code"] == "ZGT_TOKEN_INVALID"
        # 2 exchanges so far; 6 more alternate between the processes, then both refuse.
        codes = [_exchange((a, b)[i % 2].url, f"bogus-{i}").status_code for i in range(6)]
        assert codes == [401] * 6
        assert _exchange(a.url, "bogus-a").status_code == 429
        assert _exchange(b.url, "bogus-b").status_code == 429
    finally:
        assert a.stop() in (0, -15)
        assert b.stop() in (0, -15)


def _parallel(calls: list, workers: int = 8) -> list[httpx.Response]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda f: f(), calls))


def _wait_for_workers(url: str, n: int, timeout: float = 120) -> set[str]:
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < n and time.monotonic() < deadline:
        batch = _parallel([lambda: httpx.get(url + "/", timeout=30)] * 16)
        seen |= {r.headers["x-h5-worker"] for r in batch}
    return seen


@pytest.mark.slow
def test_two_workers_behave_like_one(pg_url: str, tmp_path: Path) -> None:
    key = tmp_path / "master.key"
    write_key_file(key, new_master_key())
    limit = 30
    config = write_config(tmp_path / "h5.toml", key, exchange_per_ip_per_minute=limit)
    server = Server(tmp_path / "w", "--demo", "--db", pg_url, "--config", str(config), "--workers", "2").wait_ready()
    try:
        workers = _wait_for_workers(server.url, 2)
        assert len(workers) == 2, "both worker processes answer"
        users = [
            u for u in httpx.get(f"{server.url}/sim/zgt/users", timeout=30).json()["items"] if u["key"][1:].isdigit()
        ]
        tokens = [_login(server.url, users[i % 5]) for i in range(8)]
        fresh_window(40)
        first = _parallel([lambda t=t: _exchange(server.url, t) for t in tokens])
        assert [r.status_code for r in first] == [200] * len(tokens)
        used_on = {t: r.headers["x-h5-worker"] for t, r in zip(tokens, first, strict=True)}
        # A token used on one worker is refused on the other: replay it until the other worker answers.
        crossed = 0
        for token, worker in list(used_on.items())[:2]:
            replays = _parallel([lambda t=token: _exchange(server.url, t)] * 6)
            assert all(r.status_code == 401 and r.json()["code"] == "ZGT_TOKEN_INVALID" for r in replays)
            crossed += any(r.headers["x-h5-worker"] != worker for r in replays)
        assert crossed >= 1, "a replay reached the other worker and was refused there"
        # Rate limits add up across the workers: exactly `limit` exchanges per address and minute.
        rest = _parallel([lambda i=i: _exchange(server.url, f"bogus-{i}") for i in range(limit)])
        answered = len(first) + 12 + sum(1 for r in rest if r.status_code != 429)
        assert answered == limit
        limited = [r for r in rest if r.status_code == 429]
        assert limited and all(r.json()["code"] == "RATE_LIMITED" for r in limited)
        assert len({r.headers["x-h5-worker"] for r in rest}) == 2
    finally:
        assert server.stop() in (0, -15)


def test_batched_summaries_and_fast_bodies_on_postgres(pg_app: H5App) -> None:
    """The batched summary read and the orjson body are the same on PostgreSQL (IN lists, JSON decoding)."""
    from fastapi.responses import JSONResponse

    from app.h5.archives import SqlArchiveRepository
    from app.h5.service import RequestContext
    from tests.h5.test_summary_batch import _archive_ids, _independent, _plain

    repo = pg_app.runtime.service.archives
    assert isinstance(repo, SqlArchiveRepository)
    ids = _archive_ids(pg_app)
    expected = {i: _independent(repo, i) for i in ids}
    for chunk in (1, 5, 17, 64, 65):
        for at in range(0, len(ids), chunk):
            got = repo.summary_bundles([*ids[at : at + chunk], 10**9])
            assert {i: _plain(b) for i, b in got.items()} == {i: expected[i] for i in ids[at : at + chunk]}
    headers = pg_app.session("r00002")
    r = pg_app.client.get(f"{API}/me/summary", headers=headers)
    session = asyncio.run(
        pg_app.runtime.service.authenticate_async(headers["Authorization"], RequestContext("testclient", ""))
    )
    assert r.status_code == 200 and r.content == JSONResponse(pg_app.runtime.service.summary(session)).body

"""H5 service benchmarks on loopback with 1,000,000 synthetic archives (SQLite, one uvicorn worker).

* ``me/summary`` throughput and p99 latency at 50 concurrent keep-alive clients, each with its own
  session — baseline: a bare FastAPI JSON route in the **same server** (same middleware, same
  process), measured the same way in the same run; the target is ≥ 0.5× its throughput.
* The token exchange (智桂通 login): simulator token → ``POST /auth/zgt/exchange`` (token mark,
  getUserInfoByToken, blind-index lookup among 1,000,000 archives, match, session, audit record).

The throughput ratio depends on how busy the machine is (client and server share two cores, and
the server's writer thread competes with its event loop), so the server's **CPU time per request**
is reported as well, for both routes of the same run: it is what each answer costs the server,
whatever else runs, and a summary that costs at most twice the bare route's CPU is the ≥ 0.5×
target in the form that does not move with the load.

The database is built once (about 1–2 minutes on the 2-core build machines, see
:mod:`tests.bench.h5data`) and cached in the temp folder; the row "H5 benchmark data" says whether
this run built it. The server runs in a child process; the load comes from a small asyncio HTTP/1.1
client in this process (the two share the machine's two cores).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.bench import h5data  # noqa: E402

TIMEOUT = 330
RESIDENTS = 1_000_000
CLIENTS = 50
WARMUP = 2.0
MEASURE = 8.0
TOKENS = 1500
API = "/api/h5/v1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Conn:
    """One keep-alive HTTP/1.1 connection (just enough HTTP for the benchmark)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Conn:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def request(self, method: str, path: str, headers: str = "", body: bytes = b"") -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def _hammer(port: int, paths: list[tuple[str, str]], seconds: float) -> tuple[int, list[float], int]:
    """Each client repeats its (path, headers) until the time is up; returns count, latencies, errors."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0

    async def client(path: str, headers: str) -> None:
        nonlocal errors
        conn = await Conn.open(port)
        try:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                status, _ = await conn.request("GET", path, headers)
                latencies.append(time.perf_counter() - t0)
                errors += status != 200
        finally:
            conn.close()

    await asyncio.gather(*(client(p, h) for p, h in paths))
    return len(latencies), latencies, errors


def _p99(latencies: list[float]) -> float:
    return round(statistics.quantiles(latencies, n=100)[98] * 1000, 1)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process (all its threads) so far."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


async def _run(port: int, pid: int) -> dict[str, Any]:
    setup = await Conn.open(port)
    _, raw = await setup.request("GET", "/sim/zgt/users?limit=2000")
    users = [u for u in json.loads(raw)["items"] if u["key"][1:].isdigit()]

    async def token(user: dict[str, str], conn: Conn) -> str:
        body = json.dumps({k: user[k] for k in ("name", "certType", "certNo")}, ensure_ascii=False).encode()
        status, data = await conn.request("POST", "/sim/zgt/login", body=body)
        assert status == 200, data
        return str(json.loads(data)["token"])

    # Sessions for the me/summary clients.
    sessions = []
    for user in users[:CLIENTS]:
        status, data = await setup.request(
            "POST", f"{API}/auth/zgt/exchange", body=json.dumps({"zgtToken": await token(user, setup)}).encode()
        )
        assert status == 200, data
        sessions.append(json.loads(data)["sessionToken"])
    summary = [(f"{API}/me/summary", f"Authorization: Bearer {s}\r\n") for s in sessions]
    bare = [("/bench/bare", "")] * CLIENTS

    results: dict[str, Any] = {}
    for name, paths in (("bare", bare), ("summary", summary)):
        await _hammer(port, paths, WARMUP)
        cpu_before = _cpu_seconds(pid)
        count, latencies, errors = await _hammer(port, paths, MEASURE)
        cpu = _cpu_seconds(pid) - cpu_before
        assert errors == 0, f"{name}: {errors} errors"
        results[name] = (count / MEASURE, _p99(latencies), cpu / count * 1e6)

    # The exchange: tokens made beforehand, then exchanged by 50 clients. (The setup connection sat
    # idle past uvicorn's keep-alive time-out while the clients ran: open a fresh one.)
    setup.close()
    setup = await Conn.open(port)
    tokens = [await token(users[i % len(users)], setup) for i in range(TOKENS)]
    setup.close()
    queue = list(reversed(tokens))

    async def exchanger() -> int:
        conn = await Conn.open(port)
        done = 0
        try:
            while queue:
                t = queue.pop()
                status, data = await conn.request(
                    "POST", f"{API}/auth/zgt/exchange", body=json.dumps({"zgtToken": t}).encode()
                )
                assert status == 200, data
                done += 1
        finally:
            conn.close()
        return done

    started = time.perf_counter()
    done = sum(await asyncio.gather(*(exchanger() for _ in range(CLIENTS))))
    results["exchange"] = done / (time.perf_counter() - started)
    return results


def collect() -> list[dict[str, Any]]:
    """Build or reuse the 1,000,000-archive database, start the server, measure."""
    folder, built = h5data.ensure(RESIDENTS)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(_ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.h5_server_child", str(folder), str(port), str(RESIDENTS)],
        cwd=_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    err = server.stderr.read().decode()[-500:] if server.stderr is not None else ""
                    raise RuntimeError("H5 bench server did not start: " + err) from None
                time.sleep(0.2)
        r = asyncio.run(_run(port, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    bare_rps, bare_p99, bare_cpu = r["bare"]
    rps, p99, cpu = r["summary"]
    data = "built in this run" if built is not None else "cached from an earlier run"
    return [
        {
            "metric": "H5 me/summary throughput",
            "value": round(rps),
            "unit": "req/s",
            "target": "≥ 0.5× bare endpoint",
            "baseline": f"bare FastAPI JSON route, same server, {CLIENTS} clients",
            "baseline_value": round(bare_rps),
            "note": f"{RESIDENTS:,} archives, SQLite, 1 worker, {CLIENTS} keep-alive clients on loopback",
        },
        {
            "metric": "H5 me/summary p99",
            "value": p99,
            "unit": "ms",
            "target": "< 100 ms",
            "baseline": "bare FastAPI JSON route p99",
            "baseline_value": bare_p99,
        },
        {
            "metric": "H5 me/summary server CPU per request",
            "value": round(cpu),
            "unit": "µs",
            "target": "≤ 2× bare endpoint",
            "baseline": "bare FastAPI JSON route, same server, same run",
            "baseline_value": round(bare_cpu),
            "note": "user + system CPU of the server process (all threads) per answered request",
        },
        {
            "metric": "H5 exchange (login) throughput",
            "value": round(r["exchange"]),
            "unit": "logins/s",
            "target": "≥ 100 logins/s",
            "baseline": "",
            "baseline_value": None,
            "note": "simulator token → exchange: token mark, getUserInfoByToken, blind-index match, session, audit",
        },
        {
            "metric": "H5 benchmark data: 1,000,000 archives",
            "value": round(built, 1) if built is not None else "cached",
            "unit": "s" if built is not None else "",
            "target": "built once, then cached",
            "baseline": "",
            "baseline_value": None,
            "note": data,
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(row)

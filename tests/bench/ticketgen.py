"""Synthetic ticket years for the ops benchmarks (deterministic, the demo's mix of events)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from app.core.paths import resource_path
from app.ops import timeutil as tu
from app.ops.demogenerator import DEMO_OPS_FILE, DemoGenerator
from app.ops.repository import OpsRepository
from app.ops.tickets import Ticket
from app.ops.ticketwrites import TicketWriter
from app.store.store import Store

YEAR_START = tu.to_us(tu.parse_instant("2026-01-01T00:00:00+08:00"))
YEAR_US = 365 * tu.US_PER_DAY


def demo_policy() -> dict[str, object]:
    """The demo contract's policy (it adds a working-time clock for levels 4–5)."""
    data = json.loads(resource_path(*DEMO_OPS_FILE).read_text(encoding="utf-8"))
    policy: dict[str, object] = data["contract"]["policy"]
    return policy


def make_tickets(n: int) -> list[Ticket]:
    """``n`` tickets spread evenly over 2026 (pauses, escalations, on-site visits, evaluations)."""
    data = json.loads(resource_path(*DEMO_OPS_FILE).read_text(encoding="utf-8"))
    g = DemoGenerator(data)
    step = YEAR_US // n
    return [replace(g.routine(YEAR_START + i * step), id=f"B-{i + 1:06d}") for i in range(n)]


def seed(store: Store, n: int) -> int:
    """A contract with ``n`` tickets written through the real import path; returns its id."""
    repo = OpsRepository(store, actor="bench")
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    contract = repo.create_contract("基准测试合同", start=start, end=end, policy=demo_policy())
    TicketWriter(store, actor="bench").import_tickets(contract, make_tickets(n))
    return contract

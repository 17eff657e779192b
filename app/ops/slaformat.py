"""The ``ops-sla/1`` output of ``workbench sla evaluate --json`` and the summary counts.

```json
{"format": "ops-sla/1", "at": "2026-03-02T10:00:00+08:00",
 "tickets": [{"id": "T-001", "level": 1,
              "clocks": {"response": {"target_minutes": 30, "due": "2026-03-02T09:30:00+08:00",
                                      "elapsed_minutes": 20.0, "status": "met"}}}],
 "summary": {"met": 1, "breached": 0, "pending": 0, "compliance": 100.0}}
```

A working-time clock that touches a year the calendar does not know also has
``"calendar": "unverified"``. ``pending`` counts ``at_risk`` clocks too; ``compliance`` is
met / (met + breached) × 100 rounded half-up to 2 dp, and 100.0 when nothing is met or breached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.ops import timeutil as tu
from app.ops.clocks import AT_RISK, BREACHED, MET, PENDING, ClockResult, TicketResult, percent

FORMAT = "ops-sla/1"


@dataclass(frozen=True)
class Summary:
    """Counts over every clock of a set of tickets."""

    met: int
    breached: int
    pending: int
    at_risk: int

    @property
    def compliance(self) -> float:
        """Met / (met + breached) × 100, 2 dp; 100.0 when nothing has stopped or breached."""
        decided = self.met + self.breached
        return percent(self.met, decided) if decided else 100.0


def summarise(results: Iterable[TicketResult]) -> Summary:
    """Count the clocks of ``results`` by status."""
    counts = {MET: 0, BREACHED: 0, PENDING: 0, AT_RISK: 0}
    for r in results:
        for c in r.clocks:
            counts[c.status] += 1
    return Summary(
        met=counts[MET], breached=counts[BREACHED], pending=counts[PENDING] + counts[AT_RISK], at_risk=counts[AT_RISK]
    )


def dump_clock(c: ClockResult) -> dict[str, Any]:
    """One clock as ``ops-sla/1``."""
    out: dict[str, Any] = {
        "target_minutes": c.target,
        "due": tu.iso(c.due) if c.due is not None else None,
        "elapsed_minutes": c.elapsed,
        "status": c.status,
    }
    if c.unverified_years:
        out["calendar"] = "unverified"
    return out


def dump_results(results: list[TicketResult], at: int) -> dict[str, Any]:
    """The whole ``ops-sla/1`` document."""
    summary = summarise(results)
    return {
        "format": FORMAT,
        "at": tu.iso(at),
        "tickets": [
            {"id": r.id, "level": r.level, "clocks": {c.key: dump_clock(c) for c in r.clocks}} for r in results
        ],
        "summary": {
            "met": summary.met,
            "breached": summary.breached,
            "pending": summary.pending,
            "compliance": summary.compliance,
        },
    }

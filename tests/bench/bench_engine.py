"""Benchmarks of the 密评 engine: parse and score a 41-unit case with 1,000 objects.

``collect()`` returns rows for the project's benchmark table; run this file directly to print
them (``python tests/bench/bench_engine.py``). Targets: well under 50 ms to score.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # allow `python tests/bench/bench_engine.py` from anywhere
    sys.path.insert(0, str(_ROOT))

from app.mipin.engine import load_catalogue, parse_case, score_case, score_json  # noqa: E402

try:
    from tests.bench.casegen import make_large_case
except ImportError:  # run as a script: tests/bench is sys.path[0]
    from casegen import make_large_case  # type: ignore[no-redef, import-not-found]


def _best_ms(fn: Callable[[], object], repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)


def collect() -> list[dict[str, Any]]:
    """Measure the engine and return one row per metric (best of 15 runs, milliseconds)."""
    catalogue = load_catalogue()
    data = make_large_case(units=41, objects=1000)
    case = parse_case(data, catalogue)
    # A copy with 50 objects not yet tested, so the range computation really runs twice.
    unfinished = make_large_case(units=41, objects=1000)
    removed = 0
    for unit in unfinished["units"]:
        for obj in unit.get("objects", [])[1:]:
            if removed < 50:
                del obj["D"]
                removed += 1
    partial_case = parse_case(unfinished, catalogue)
    rows = [
        ("score 41 units / 1,000 objects", lambda: score_case(case, catalogue), "< 50 ms"),
        ("parse mipin-case/1, 41 units / 1,000 objects", lambda: parse_case(data, catalogue), "< 50 ms"),
        (
            "parse + score + mipin-score/1, 41 units / 1,000 objects",
            lambda: score_json(score_case(parse_case(data, catalogue), catalogue)),
            "< 100 ms",
        ),
        (
            "score --partial (50 untested), 41 units / 1,000 objects",
            lambda: score_case(partial_case, catalogue, partial=True),
            "< 100 ms",
        ),
    ]
    return [
        {
            "metric": metric,
            "value": _best_ms(fn),
            "unit": "ms",
            "target": target,
            "baseline": None,
            "baseline_value": None,
        }
        for metric, fn, target in rows
    ]


if __name__ == "__main__":
    for row in collect():
        print(f"{row['metric']:<60} {row['value']:>8.2f} {row['unit']}  (target {row['target']})")

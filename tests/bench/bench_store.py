"""Store benchmarks against a raw indexed SQLite lookup (the baseline the store is measured by).

* Load a 41-unit, 1,000-object case from the store into a :class:`CaseBundle` (ORM queries,
  engine validation, canonical form) — baseline: one indexed ``sqlite3`` query fetching the
  same object rows from the same file.
* Commit one edit through the real write path (``CaseEditor``: validation, one ``BEGIN
  IMMEDIATE`` transaction, audit record, ``synchronous=FULL``) — baseline: a raw ``sqlite3``
  ``UPDATE`` + ``COMMIT`` on the same file with the same pragmas.
* Open the store (revision check, pragmas, WAL) — baseline: ``sqlite3.connect`` + ``SELECT 1``.

Times are the median of several runs, in milliseconds.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from app.core.paths import AppPaths  # noqa: E402
from app.mipin.bundle import load_bundle  # noqa: E402
from app.mipin.cases import import_case  # noqa: E402
from app.mipin.casework.editor import CaseEditor  # noqa: E402
from app.mipin.casework.edits import SetObjectField  # noqa: E402
from app.store.store import Store  # noqa: E402
from tests.bench.casegen import make_large_case  # noqa: E402

TIMEOUT = 120
RAW_LOOKUP = """
SELECT u.unit_id, o.name, e.d, e.a, e.k, e.algorithms, e.protocols, e.module_level, e.record
FROM unit_entries AS u
JOIN object_entries AS e ON e.unit_entry_id = u.id
JOIN case_objects AS o ON o.id = e.object_id
WHERE u.case_id = ?
ORDER BY u.position, e.position
"""


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 2)


def collect() -> list[dict[str, Any]]:
    """Measure the store and its raw-SQLite baselines on a temporary store."""
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        paths = AppPaths.resolve(folder)
        paths.ensure()
        store = Store.open(paths)
        case_id = import_case(store, make_large_case(units=41, objects=1000))
        raw = sqlite3.connect(paths.db_file)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        rows = raw.execute(RAW_LOOKUP, (case_id,)).fetchall()
        assert len(rows) == 1000, len(rows)
        plan = " ".join(str(r[-1]) for r in raw.execute("EXPLAIN QUERY PLAN " + RAW_LOOKUP, (case_id,)))
        assert "USING INDEX" in plan or "USING INTEGER PRIMARY KEY" in plan, plan

        load = _median_ms(lambda: load_bundle(store, case_id), 9)
        lookup = _median_ms(lambda: raw.execute(RAW_LOOKUP, (case_id,)).fetchall(), 9)

        editor = CaseEditor(store, actor="bench")
        target = next(u for u in load_bundle(store, case_id).case.units if u.objects)
        unit_id, obj = target.id, target.objects[0].name
        counter = iter(range(10**6))
        edit = _median_ms(
            lambda: editor.apply(case_id, SetObjectField(unit_id, obj, "record", f"基准测试编辑 {next(counter)}")), 25
        )
        entry_id = raw.execute("SELECT id FROM object_entries LIMIT 1").fetchone()[0]

        def raw_update() -> None:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("UPDATE object_entries SET record = ? WHERE id = ?", (f"raw {next(counter)}", entry_id))
            raw.execute("COMMIT")

        raw.isolation_level = None
        raw_edit = _median_ms(raw_update, 25)
        raw.close()
        store.close()

        def open_close() -> None:
            Store.open(paths).close()

        def raw_open() -> None:
            conn = sqlite3.connect(paths.db_file)
            conn.execute("SELECT 1").fetchone()
            conn.close()

        opened = _median_ms(open_close, 7)
        raw_opened = _median_ms(raw_open, 7)
    return [
        {
            "metric": "load case from the store, 41 units / 1,000 objects",
            "value": load,
            "unit": "ms",
            "target": "< 300 ms",
            "baseline": "raw indexed SQLite lookup of the same rows",
            "baseline_value": lookup,
        },
        {
            "metric": "commit one edit (CaseEditor + audit record, synchronous=FULL)",
            "value": edit,
            "unit": "ms",
            "target": "< 50 ms",
            "baseline": "raw sqlite3 UPDATE + COMMIT, same file and pragmas",
            "baseline_value": raw_edit,
        },
        {
            "metric": "open the store (revision check, pragmas)",
            "value": opened,
            "unit": "ms",
            "target": "< 200 ms",
            "baseline": "sqlite3.connect + SELECT 1",
            "baseline_value": raw_opened,
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(f"{row['metric']:<64} {row['value']:>9} ms   {row['baseline']}: {row['baseline_value']} ms")

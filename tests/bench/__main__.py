"""Run every benchmark in tests/bench/ and print one table (metric, value, target, baseline, ratio).

    python -m tests.bench [--json FILE] [--only NAME]

Metrics whose feature has not landed yet are listed with the value "not yet".
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

HERE = Path(__file__).resolve().parent

# The rows the project promises (issue: benchmark table); missing ones print "not yet".
EXPECTED = [
    "cold start to first painted window (demo data)",
    "peak RSS after start",
    "open case 41 units / 1,000 objects",
    "edit → re-score → repaint",
    "score 41 units / 1,000 objects",
    "three-copy report, 1,000 objects: time",
    "three-copy report, 1,000 objects: peak RSS",
    "Excel export, 1,000 objects",
    "50,000 tickets: board load",
    "50,000 tickets: filter change",
    "50,000 tickets: SLA evaluation",
    "H5 me/summary throughput",
    "H5 me/summary p99",
    "case package export, 1,000 objects + 100 MB evidence",
    "case package import, 1,000 objects + 100 MB evidence",
]


def machine() -> str:
    """A one-line description of the machine the table was measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{cpu}, {os.cpu_count()} cores{mem}, {system}"


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "not yet"
    text = (f"{value:,.1f}" if value >= 100 else f"{value:.3g}") if isinstance(value, float) else f"{value:,}"
    return f"{text} {unit}".strip()


def run(only: str | None = None) -> list[dict[str, Any]]:
    """Collect every benchmark module's rows."""
    rows: list[dict[str, Any]] = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda i: i.name):
        if not info.name.startswith("bench_") or (only and only not in info.name):
            continue
        start = time.monotonic()
        try:
            module = importlib.import_module(f"tests.bench.{info.name}")
            got = module.collect()
        except Exception:
            traceback.print_exc()
            got = [{"metric": f"{info.name}: FAILED", "value": None, "unit": "", "target": ""}]
        for row in got:
            row.setdefault("source", info.name)
        rows.extend(got)
        print(f"  {info.name}: {time.monotonic() - start:.1f} s", file=sys.stderr, flush=True)
    seen = {r["metric"] for r in rows}
    if not only:
        rows.extend({"metric": m, "value": None, "unit": "", "target": ""} for m in EXPECTED if m not in seen)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """Render rows as a Markdown table."""
    out = ["| metric | value | target | baseline | ratio |", "|---|---|---|---|---|"]
    for r in rows:
        base = r.get("baseline") or ""
        bval = r.get("baseline_value")
        if base and bval is not None:
            base = f"{base}: {_fmt(bval, r.get('unit', ''))}"
        ratio = ""
        if r.get("value") is not None and bval:
            ratio = f"{r['value'] / bval:.2f}×"
        out.append(
            f"| {r['metric']} | {_fmt(r.get('value'), r.get('unit', ''))} | {r.get('target', '')} | {base} | {ratio} |"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    parser.add_argument("--only", help="run only benchmark modules whose name contains this")
    args = parser.parse_args()
    started = time.monotonic()
    rows = run(args.only)
    print(f"Machine: {machine()}")
    print(table(rows))
    print(f"\n(total {time.monotonic() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": machine(), "rows": rows}, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

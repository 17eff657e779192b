"""Run every benchmark in tests/bench/ and print one table (metric, value, target, baseline, ratio).

    python -m tests.bench [--json FILE] [--only NAME] [--budget SECONDS] [--list]
    python3 scripts/dev.py bench [same options]

Each ``bench_*.py`` module exposes ``collect() -> list[dict]`` with rows ``{metric, value, unit,
target, baseline, baseline_value}`` (optionally ``note``). Every module runs in its own child
process (so Qt state, caches and peak RSS do not leak between benchmarks) with a timeout: the
module's ``TIMEOUT = <seconds>`` if it declares one, else :data:`DEFAULT_TIMEOUT`, and never
more than what is left of the total budget (default 540 s, so the whole run stays under 10
minutes on the 2-core build machines). A module that fails or times out gets a row saying so.
Metrics the project promises (:data:`EXPECTED`) that no module produced are listed as "not yet".
The promised rows come first, in that order, then every other row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pkgutil
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_TIMEOUT = 240
DEFAULT_BUDGET = 540

# The rows the project promises (issue #6: benchmark table); missing ones print "not yet".
EXPECTED = [
    "cold start to first painted window (demo data)",
    "cold start to the case shown (demo data)",
    "peak RSS after start",
    "QtWebEngine loaded at start",
    "open case 41 units / 1,000 objects",
    "edit → re-score → repaint",
    "score 41 units / 1,000 objects",
    "three-copy report, 1,000 objects: time",
    "three-copy report, 1,000 objects: peak RSS",
    "Excel export, 1,000 objects",
    "50,000 tickets: board load",
    "50,000 tickets: board reload (another lead changed one ticket)",
    "50,000 tickets: filter change",
    "50,000 tickets: SLA evaluation",
    "50,000 tickets: monthly report (PDF)",
    "H5 me/summary throughput",
    "H5 me/summary p99",
    "H5 exchange (login) throughput",
    "case package export, 1,000 objects + 100 MB evidence",
    "case package import, 1,000 objects + 100 MB evidence",
    "最省方案 on 60 items",
    "demo plan DOCX export",
    "demo plan PDF export",
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


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "not yet"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:,.1f} {unit}".strip() if abs(value) >= 100 else f"{value:.3g} {unit}".strip()
    return f"{value:,} {unit}".strip()


def modules(only: str | None = None) -> list[str]:
    """The benchmark module names, sorted."""
    names = sorted(info.name for info in pkgutil.iter_modules([str(HERE)]) if info.name.startswith("bench_"))
    return [n for n in names if not only or only in n]


def _timeout_of(name: str) -> int:
    match = re.search(r"^TIMEOUT\s*=\s*(\d+)", (HERE / f"{name}.py").read_text(encoding="utf-8"), re.MULTILINE)
    return int(match.group(1)) if match else DEFAULT_TIMEOUT


def _failure_row(name: str, what: str) -> dict[str, Any]:
    return {"metric": f"{name}: {what}", "value": "FAILED", "unit": "", "target": "", "source": name}


def run_module(name: str, timeout: float) -> list[dict[str, Any]]:
    """Run one module's ``collect()`` in a child process; returns its rows (or a failure row)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        out = Path(folder) / "rows.json"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "tests.bench", "--child", name, "--child-out", str(out)],
                cwd=ROOT,
                env=env,
                timeout=timeout,
                capture_output=True,
                text=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return [_failure_row(name, f"timed out after {timeout:.0f} s")]
        if proc.stderr.strip():
            sys.stderr.write(proc.stderr if proc.returncode else "")
        if proc.returncode != 0 or not out.exists():
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1][:160]
            return [_failure_row(name, f"exit {proc.returncode}: {last}")]
        rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    for row in rows:
        row.setdefault("source", name)
    return rows


def _child(name: str, out: str) -> int:
    """Inside the child process: import the module, collect, write the rows as JSON."""
    import importlib

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        rows = importlib.import_module(f"tests.bench.{name}").collect()
    except Exception:
        traceback.print_exc()
        return 1
    Path(out).write_text(json.dumps(rows, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


def run(only: str | None = None, budget: float = DEFAULT_BUDGET) -> list[dict[str, Any]]:
    """Collect every benchmark module's rows within ``budget`` seconds."""
    started = time.monotonic()
    rows: list[dict[str, Any]] = []
    for name in modules(only):
        left = budget - (time.monotonic() - started)
        if left < 10:
            rows.append(_failure_row(name, "skipped: the total time budget is used up"))
            continue
        begin = time.monotonic()
        got = run_module(name, min(_timeout_of(name), left))
        rows.extend(got)
        print(f"  {name}: {time.monotonic() - begin:.1f} s", file=sys.stderr, flush=True)
    return order(rows, include_missing=not only)


def order(rows: list[dict[str, Any]], *, include_missing: bool = True) -> list[dict[str, Any]]:
    """Promised metrics first (in :data:`EXPECTED` order, "not yet" when missing), then the others."""
    by_metric = {r["metric"]: r for r in rows}
    promised = []
    for metric in EXPECTED:
        if metric in by_metric:
            promised.append(by_metric[metric])
        elif include_missing:
            promised.append({"metric": metric, "value": None, "unit": "", "target": "", "source": ""})
    others = [r for r in rows if r["metric"] not in EXPECTED]
    return promised + others


def table(rows: list[dict[str, Any]]) -> str:
    """Render rows as a Markdown table."""
    out = ["| metric | value | target | baseline | ratio |", "|---|---|---|---|---|"]
    for r in rows:
        base = r.get("baseline") or ""
        bval = r.get("baseline_value")
        if base and bval is not None:
            base = f"{base}: {_fmt(bval, r.get('baseline_unit', r.get('unit', '')))}"
        ratio = ""
        value = r.get("value")
        if isinstance(value, int | float) and isinstance(bval, int | float) and bval:
            ratio = f"{value / bval:.2f}×"
        out.append(f"| {r['metric']} | {_fmt(value, r.get('unit', ''))} | {r.get('target', '')} | {base} | {ratio} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the rows (with machine, date, commit) as JSON to this file")
    parser.add_argument("--only", help="run only benchmark modules whose name contains this")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET, help="total seconds for all modules")
    parser.add_argument("--list", action="store_true", help="list the benchmark modules and their timeouts")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child, args.child_out)
    if args.list:
        for name in modules(args.only):
            print(f"{name}\t{_timeout_of(name)} s")
        return 0
    started = time.monotonic()
    rows = run(args.only, args.budget)
    total = time.monotonic() - started
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    print(f"Machine: {machine()}")
    print(f"Measured {when[:16].replace('T', ' ')}, commit {_commit() or '?'}\n")
    print(table(rows))
    print(f"\n(total {total:.0f} s)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "date": when,
                    "commit": _commit(),
                    "total_seconds": round(total, 1),
                    "rows": rows,
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

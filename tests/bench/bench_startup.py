"""Start-up benchmarks: cold start to the first paint and to the case shown, peak RSS, no QtWebEngine at start.

Every run is a fresh child process (``tests/bench/startup_child.py``): the app is started the
way ``workbench`` starts it (``app.cli.main.main(["gui"])``) on a data folder already seeded
with the demo data. Two times are measured from starting the process: to the main window's
first paint event (the frame, tab bar and menus: the window paints before the store is
opened), and to the first paint after the window has loaded (store open, features installed,
the demo case shown in the 测评检查表). The baseline is a bare PySide6 ``QMainWindow`` measured
the same way. Runs alternate between the two; the median of :data:`RUNS` is reported. The OS
file cache is warm (every run after the first reads the libraries from memory), as on an
assessor's laptop after the first start of the day.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
TIMEOUT = 240


def _env(data_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        WORKBENCH_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
    )


def _one(kind: str, data_dir: Path) -> tuple[float, float, dict[str, Any]]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.startup_child", kind],
        cwd=ROOT,
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    painted = shown = None
    report: dict[str, Any] = {}
    for line in proc.stdout:
        if line.startswith("PAINTED") and painted is None:
            painted = time.perf_counter() - start
        elif line.startswith("SHOWN") and shown is None:
            shown = time.perf_counter() - start
        elif line.startswith("{"):
            report = json.loads(line)
    _out, err = proc.communicate(timeout=60)
    if painted is None or proc.returncode != 0:
        raise RuntimeError(f"{kind} start failed (exit {proc.returncode}): {err.strip()[-400:]}")
    if shown is None and kind == "app":
        raise RuntimeError(f"the app painted but never showed its case: {err.strip()[-400:]}")
    return painted, shown if shown is not None else painted, report


def collect() -> list[dict[str, Any]]:
    """Measure the app and the bare window, alternating, and return the start-up rows."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        data_dir = Path(folder) / "data"
        seeded = subprocess.run(
            [sys.executable, "-m", "app", "demo"], cwd=ROOT, env=_env(data_dir), capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        if seeded.returncode != 0:
            raise RuntimeError(seeded.stderr)
        _one("app", data_dir)  # first start after seeding: warms the OS file cache, not counted
        _one("bare", data_dir)
        app_times, shown_times, bare_times, reports, bare_reports = [], [], [], [], []
        for _ in range(RUNS):
            painted, shown, report = _one("app", data_dir)
            app_times.append(painted)
            shown_times.append(shown)
            reports.append(report)
            painted, _shown, report = _one("bare", data_dir)
            bare_times.append(painted)
            bare_reports.append(report)
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    shown_median = statistics.median(shown_times)
    rss = max(r["peak_rss_mb"] for r in reports)
    bare_rss = max(r["peak_rss_mb"] for r in bare_reports)
    webengine = any(r["webengine"] for r in reports)
    spread = f"{min(app_times):.2f}–{max(app_times):.2f} s over {RUNS} runs"
    shown_spread = f"{min(shown_times):.2f}–{max(shown_times):.2f} s over {RUNS} runs"
    return [
        {
            "metric": "cold start to first painted window (demo data)",
            "value": round(app_median, 2),
            "unit": "s",
            "target": "≤ 3× bare window",
            "baseline": "bare PySide6 window",
            "baseline_value": round(bare_median, 2),
            "note": f"median, fresh process each run; the frame, tabs and menus, before the store opens; {spread}",
        },
        {
            "metric": "cold start to the case shown (demo data)",
            "value": round(shown_median, 2),
            "unit": "s",
            "target": "≤ 8.6× bare window (the whole start-up before the host)",
            "baseline": "bare PySide6 window",
            "baseline_value": round(bare_median, 2),
            "note": f"median; store open, features installed, the demo case painted; {shown_spread}",
        },
        {
            "metric": "peak RSS after start",
            "value": rss,
            "unit": "MB",
            "target": "< 400 MB",
            "baseline": "bare PySide6 window",
            "baseline_value": bare_rss,
            "note": "VmHWM after the first paint and 1 s of start-up work (start-up backup)",
        },
        {
            "metric": "QtWebEngine loaded at start",
            "value": "yes" if webengine else "no",
            "unit": "",
            "target": "no (loaded when the H5 preview opens)",
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(row)

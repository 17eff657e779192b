"""The benchmark runner: promised rows first ("not yet" when missing), timeouts, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.__main__ import EXPECTED, modules, order, run_module, table

ROOT = Path(__file__).resolve().parents[2]


def test_promised_rows_come_first_and_missing_ones_say_not_yet() -> None:
    rows = order(
        [
            {"metric": "extra row", "value": 1.0, "unit": "ms"},
            {"metric": EXPECTED[1], "value": 200.0, "unit": "MB", "baseline": "bare", "baseline_value": 50.0},
        ]
    )
    assert [r["metric"] for r in rows[: len(EXPECTED)]] == EXPECTED
    assert rows[-1]["metric"] == "extra row"
    text = table(rows)
    assert f"| {EXPECTED[1]} | 200.0 MB |" in text and "| 4.00× |" in text
    assert f"| {EXPECTED[0]} | not yet |" in text
    assert "H5 me/summary p99 | not yet" in text


def test_my_benchmarks_are_discovered() -> None:
    assert {"bench_startup", "bench_store", "bench_packages"} <= set(modules())


def test_a_module_that_runs_too_long_gets_a_timeout_row() -> None:
    rows = run_module("bench_store", timeout=0.5)
    assert len(rows) == 1 and "timed out" in rows[0]["metric"] and rows[0]["value"] == "FAILED"


@pytest.mark.slow  # runs benchmark children (seconds each)
def test_the_command_prints_the_table_and_writes_json(tmp_path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--only", "bench_store", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| metric | value | target | baseline | ratio |" in result.stdout
    assert "raw indexed SQLite lookup" in result.stdout and "Machine:" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["machine"] and data["rows"] and all("metric" in r for r in data["rows"])


@pytest.mark.slow  # runs benchmark children (seconds each)
def test_the_app_paints_its_window_without_loading_qtwebengine(tmp_path) -> None:
    """The start-up benchmark's child, once: first paint before the store, the case shown, no QtWebEngine."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_DATA_DIR=str(tmp_path / "d"), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.startup_child", "app"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "PAINTED"
    assert lines[1] == "SHOWN"  # the window loaded: store open, features installed, the case painted
    report = json.loads(lines[-1])
    assert report["webengine"] is False
    assert report["store_loaded_at_paint"] is False  # the window painted before the store was opened
    # The value itself is a benchmark row, not a test; but it must be a plausible size in MB for a Qt
    # process that painted a window: a bare Python is ≈ 10 MB, a slip in units (kB, bytes) is far off.
    assert 50 < report["peak_rss_mb"] < 1500, report

"""Benchmarks of the reports: the three-copy PDF and the Excel workbook for 1,000 objects.

``collect()`` returns rows for the project's benchmark table; run this file directly to print
them (``python tests/bench/bench_reports.py``).

Each measurement runs in a fresh child process (so the peak RSS is the report's own, measured
with VmHWM (tests/bench/rss.py) in the child) and times the work after the imports:
parse, score, build the model, lay out and write. The baseline is reportlab alone laying out
the same table rows (the report's tables rebuilt as plain ``Table`` flowables, one copy,
default canvas), i.e. the floor any reportlab-based report of this size pays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
RUNS = 3

_CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
from tests.bench.casegen import make_large_case
from app.mipin.bundle import bundle_from_data
from reports.model import build_model

task = sys.argv[1]
data = make_large_case(units=41, objects=1000)
out = Path(tempfile.mkdtemp())
if task == "pdf":
    from reports.pdf import write_pdf
    start = time.perf_counter()
    model = build_model(bundle_from_data(data))
    result = write_pdf(model, out / "r.pdf", copies=3)
    seconds = time.perf_counter() - start
    extra = {"pages": result.pages_per_copy * 3}
elif task == "baseline":
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.flowables import KeepTogether
    from reports.pdf import build_story
    from reports.styles import PAGE_SIZE, styles
    model = build_model(bundle_from_data(data))
    story, _ = build_story(model, 3)
    tables = []
    def walk(items):
        for f in items:
            if isinstance(f, Table):
                tables.append(f)
            elif isinstance(f, KeepTogether):
                walk(f._content)
    walk(story)
    font = styles().font
    plain = [Table(t._cellvalues, colWidths=t._colWidths, style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font)]))
             for t in tables]
    rows = sum(len(t._cellvalues) for t in tables)
    start = time.perf_counter()
    SimpleDocTemplate(str(out / "b.pdf"), pagesize=PAGE_SIZE, initialFontName=font).build(plain)
    seconds = time.perf_counter() - start
    extra = {"rows": rows}
elif task == "xlsx":
    from reports.xlsx import write_xlsx
    start = time.perf_counter()
    model = build_model(bundle_from_data(data))
    write_xlsx(model, out / "r.xlsx")
    seconds = time.perf_counter() - start
    extra = {}
elif task == "xlsx-baseline":
    from openpyxl import Workbook
    from reports.xlsx import build_workbook
    model = build_model(bundle_from_data(data))
    cells = sum(ws.max_row * ws.max_column for ws in build_workbook(model)[0].worksheets)
    start = time.perf_counter()
    wb = Workbook()
    ws = wb.active
    for i in range(cells // 12 + 1):
        ws.append([f"值{i}", i, i * 0.5, "√", "×", "/", 1, 1.2, "已测", 0.5, "", 1])
    wb.save(out / "b.xlsx")
    seconds = time.perf_counter() - start
    extra = {"cells": cells}
from tests.bench.rss import peak_rss_kb
peak_kb = peak_rss_kb()
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, **extra}))
"""


def _child(task: str) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, task], cwd=_ROOT, env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _best(task: str) -> dict[str, Any]:
    runs = [_child(task) for _ in range(RUNS)]
    best = min(runs, key=lambda r: r["seconds"])
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    return best


def collect() -> list[dict[str, Any]]:
    """Measure the reports (best of 3 child processes; peak RSS is the highest of the runs)."""
    pdf = _best("pdf")
    baseline = _best("baseline")
    xlsx = _best("xlsx")
    xlsx_base = _best("xlsx-baseline")
    rows_note = f"reportlab alone laying out the same rows ({baseline['rows']:,} table rows, one copy)"
    return [
        {
            "metric": "three-copy report, 1,000 objects: time",
            "value": round(pdf["seconds"], 2),
            "unit": "s",
            "target": "< 5 s",
            "baseline": rows_note,
            "baseline_value": round(baseline["seconds"], 2),
            "note": f"{pdf['pages']} pages",
        },
        {
            "metric": "three-copy report, 1,000 objects: peak RSS",
            "value": round(pdf["peak_mb"], 1),
            "unit": "MB",
            "target": "< 400 MB",
            "baseline": "reportlab alone laying out the same rows",
            "baseline_value": round(baseline["peak_mb"], 1),
        },
        {
            "metric": "Excel export, 1,000 objects",
            "value": round(xlsx["seconds"], 2),
            "unit": "s",
            "target": "< 3 s",
            "baseline": f"openpyxl writing the same number of plain cells ({xlsx_base['cells']:,})",
            "baseline_value": round(xlsx_base["seconds"], 2),
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(
            f"{row['metric']:<46} {row['value']:>8} {row['unit']}  (target {row['target']}; "
            f"{row['baseline']}: {row['baseline_value']} {row['unit']})"
        )

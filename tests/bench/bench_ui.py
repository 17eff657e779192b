"""Benchmarks of the assessor UI on a 41-unit case with 1,000 test objects.

* open case: from choosing the case in the switcher until the main window has repainted (load
  from SQLite, build the session, score, fill the tree, the unit's table and the score panel);
  baseline: reading the same case from the store and showing its 1,000 object rows in a bare
  QTableView.
* edit → re-score → repaint: one D mark typed into the object table until the window has
  repainted (local apply, full engine re-score, every view refreshed); the write runs on the
  writer thread as in the app. Baseline: the same cell edit in a bare QStandardItemModel table.

``collect()`` returns rows for the project's benchmark table (best of several runs, ms).
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from app.bootstrap import CliContext  # noqa: E402
from app.mipin.cases import export_case, import_case  # noqa: E402
from tests.bench.casegen import make_large_case  # noqa: E402

RUNS = 7


def _bare_table(store: Any, case_id: int) -> float:
    start = time.perf_counter()
    data = export_case(store, case_id)
    model = QStandardItemModel()
    for unit in data["units"]:
        for obj in unit.get("objects", []):
            row = [unit["id"], obj["name"], obj.get("D", ""), obj.get("A", ""), obj.get("K", ""),
                   "、".join(obj.get("algorithms", [])), "、".join(obj.get("protocols", []))]  # fmt: skip
            model.appendRow([QStandardItem(str(v)) for v in row])
    view = QTableView()
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    QApplication.processEvents()
    view.repaint()
    elapsed = (time.perf_counter() - start) * 1000
    view.close()
    view.deleteLater()
    return elapsed


def collect() -> list[dict[str, Any]]:
    """Measure opening and editing the large case in the real main window."""
    from ui.builder import build_window, ensure_application
    from ui.features.checklist.feature import ChecklistFeature
    from ui.tasks import TaskRunner

    app = ensure_application()
    with tempfile.TemporaryDirectory() as folder:
        ctx = CliContext(data_dir=folder, seed_demo=False)
        try:
            small = import_case(ctx.store, make_large_case(units=41, objects=41))
            large = import_case(ctx.store, make_large_case(units=41, objects=1000))
            runner = TaskRunner()
            window = build_window(ctx, runner)
            window.persist_state = False
            window.resize(1440, 900)
            window.show()
            app.processEvents()
            opens, bares, edits, bare_edits = [], [], [], []
            for _ in range(RUNS):
                window.select_case(small)
                app.processEvents()
                start = time.perf_counter()
                window.select_case(large)
                app.processEvents()
                window.repaint()
                opens.append((time.perf_counter() - start) * 1000)
                bares.append(_bare_table(ctx.store, large))
            tab = window.feature("checklist", ChecklistFeature).tab
            tab.select_unit("AD-4")
            app.processEvents()
            model = tab.object_model
            rows = model.rowCount()
            for i in range(RUNS * 3):
                index = model.index(i % rows, 1)
                mark = "√" if index.data(Qt.ItemDataRole.EditRole) == "×" else "×"
                start = time.perf_counter()
                assert model.setData(index, mark, Qt.ItemDataRole.EditRole)
                window.repaint()  # the whole window, not just the changed cells: a conservative figure
                edits.append((time.perf_counter() - start) * 1000)
                runner.wait()
                app.processEvents()
            bare_model = QStandardItemModel(rows, 9)
            bare_view = QTableView()
            bare_view.setModel(bare_model)
            bare_view.resize(740, 500)
            bare_view.show()
            app.processEvents()
            for i in range(RUNS * 3):
                start = time.perf_counter()
                bare_model.setData(bare_model.index(i % rows, 1), "×" if i % 2 == 0 else "√")
                bare_view.repaint()
                bare_edits.append((time.perf_counter() - start) * 1000)
            bare_view.close()
            session = window.controller.session
            assert session is not None
            objects = sum(len(u.objects) for u in session.units.values())
            window.close()
            window.deleteLater()
            bare_view.deleteLater()
            del window, bare_view, bare_model, tab, model
            app.processEvents()
            gc.collect()
        finally:
            ctx.close()
    assert objects == 1000
    return [
        {
            "metric": "open case 41 units / 1,000 objects",
            "value": round(min(opens), 1),
            "unit": "ms",
            "target": "< 1000 ms",
            "baseline": "the same rows read from the store into a bare QTableView",
            "baseline_value": round(min(bares), 1),
            "median": round(statistics.median(opens), 1),
        },
        {
            "metric": "edit → re-score → repaint",
            "value": round(min(edits), 1),
            "unit": "ms",
            "target": "< 50 ms",
            "baseline": "one cell set in a bare QStandardItemModel table and repainted",
            "baseline_value": round(min(bare_edits), 3),
            "median": round(statistics.median(edits), 1),
        },
    ]


if __name__ == "__main__":
    for row in collect():
        print(
            f"{row['metric']:<45} {row['value']:>8.1f} {row['unit']} (median {row['median']}; target {row['target']}; "
            f"baseline {row['baseline_value']} {row['unit']})"
        )

"""Start-up loads only what the case on show needs; the domain tabs are built the first time they are shown.

Guards the start-up gain of issue 9 ("the benchmark table is no worse beyond noise"): the window
with the 测评检查表 on show must not have imported HiGHS, reportlab, openpyxl, python-docx, the ops
domain's clocks and board, the 密改方案 tab or the demo seeders. It is checked in a fresh
process (this one has imported everything already), started the way the GUI starts: a real
thread pool, the window shown and painted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.host.tabs import TabSlot

ROOT = Path(__file__).resolve().parents[2]

NOT_AT_START = (
    "highspy",
    "reportlab",
    "openpyxl",
    "docx",
    "keyring",
    "PySide6.QtWebEngineWidgets",
)
"""Top-level packages (and their submodules) that must not be imported before the case is shown."""

NOT_AT_START_MODULES = (
    "app.mipin.demo",
    "app.ops.demo",
    "app.ops.demotickets",
    "app.ops.demogenerator",
    "app.plan.demo",
    "app.ops.clocks",
    "app.ops.boardview",
    "app.ops.tables",
    "app.plan.optimise",
    "app.plan.travel",
    "app.mipin.packages",
    "reports.fonts",
    "ui.features.sla.board",
    "ui.features.plan.tab",
    "ui.features.h5.preview",
    "ui.features.h5.screen",
)
"""Modules of our own that load only with the tab, menu entry or report that needs them."""

CHILD = r"""
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from app.bootstrap import CliContext
from ui.builder import build_window
from ui.tasks import TaskRunner

ctx = CliContext(data_dir=sys.argv[1])
window = build_window(ctx, TaskRunner(), load="now")
window.show_tab("checklist")
window.show()
loop = QEventLoop()
QTimer.singleShot(300, loop.quit)  # painted, and every job the start-up queued has run
loop.exec()
window.services.runner.wait()
at_start = sorted(sys.modules)
built_at_start = {tab: window._slot(tab).content is not None for tab in ("plan", "sla")}
for tab in ("plan", "sla"):
    window.show_tab(tab)
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)
    loop.exec()
built_later = {tab: type(window._slot(tab).content).__name__ for tab in ("plan", "sla")}
window.services.runner.wait()
window.persist_state = False
window.close()
ctx.close()
print(json.dumps({"at_start": at_start, "built_at_start": built_at_start, "built_later": built_later,
                  "after": sorted(sys.modules)}))
"""


def _start(data_dir: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return sorted(
        m
        for m in modules
        if m in NOT_AT_START_MODULES
        or any(m == top or m.startswith(top + ".") for top in NOT_AT_START)
        or any(m.startswith(own + ".") for own in NOT_AT_START_MODULES)
    )


def test_the_window_with_the_checklist_on_show_loads_no_domain_tab_nor_report_library(data_dir) -> None:
    from app.bootstrap import CliContext

    seeded = CliContext(data_dir=str(data_dir))  # the demo, seeded here: seeding imports every domain
    seeded.store  # noqa: B018 - opening the store seeds it
    seeded.close()

    report = _start(data_dir)

    assert _heavy(report["at_start"]) == []  # type: ignore[arg-type]
    assert report["built_at_start"] == {"plan": False, "sla": False}
    # Opened for the first time, each tab is built and works (its own tests drive it fully).
    assert report["built_later"] == {"plan": "PlanTab", "sla": "SlaBoard"}
    after = _heavy(report["after"])  # type: ignore[arg-type]
    assert "ui.features.plan.tab" in after and "ui.features.sla.board" in after  # the check can fail


def _content(slot: TabSlot) -> QWidget | None:
    return slot.content


def test_a_domain_tab_is_built_when_first_shown_and_kept(main_window) -> None:
    slot = main_window._slot("sla")
    assert (slot.filled, slot.content) == (True, None)  # declared and added, not built
    assert main_window.show_tab("sla")  # shown: its first show builds it
    board = _content(slot)
    assert isinstance(board, QWidget) and board.isVisible()
    assert main_window.feature("sla").board is board
    main_window.show_tab("checklist")
    main_window.show_tab("sla")
    assert _content(slot) is board


def test_a_deferred_tab_is_built_by_whoever_needs_it_first(main_window) -> None:
    """Menu entries, settings pages and tests ask the host for it: built then, once."""
    slot = main_window._slot("plan")
    assert _content(slot) is None
    tab = main_window.tab_widget("plan")
    assert tab is not None and _content(slot) is tab
    assert main_window.feature("plan").tab is tab
    assert main_window.ensure_tab("plan") is tab


def test_the_settings_page_ids_declared_at_install_are_the_pages_ids() -> None:
    from ui.features.plan import feature as plan_feature
    from ui.features.plan import prices
    from ui.features.sla import calendar_page
    from ui.features.sla import feature as sla_feature

    assert sla_feature.CALENDAR_PAGE == calendar_page.PAGE_ID
    assert plan_feature.PRICES_PAGE == prices.PAGE_ID


def test_the_plan_is_read_only_once_something_needs_it(main_window) -> None:
    """Opening a case does not read it a second time for the 密改方案 until its tab or 设置 → 价格表 needs it."""
    from app.plan.repository import load_prices

    feature = main_window.feature("plan")
    session = feature.session
    before = (session.active, session.state, session.prices)
    assert before == (False, None, ())
    page = feature.prices_page()  # loaded before the page is made: never an empty list still loading
    assert session.active and session.case_id == main_window.current_case_id
    assert session.prices == load_prices(main_window.services.store)
    assert page is not None

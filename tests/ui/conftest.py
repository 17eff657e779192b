from __future__ import annotations

import pytest


@pytest.fixture
def bare_ctx(data_dir):
    """A context whose store is not seeded with the demo (fast, deterministic)."""
    from app.bootstrap import CliContext

    c = CliContext(data_dir=str(data_dir), seed_demo=False)
    yield c
    c.close()


@pytest.fixture
def main_window(qtbot, bare_ctx):
    from app.mipin.cases import CaseHeader, create_case
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    create_case(bare_ctx.store, CaseHeader(system_name="梧州市测试系统", level=3, report_no="T-001"))
    window = build_window(bare_ctx, SyncRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window

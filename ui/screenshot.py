"""``workbench screenshot``: render the main window offscreen on one tab and save a PNG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from app.core.errors import InputError, WorkbenchError
from ui.tasks import SyncRunner

if TYPE_CHECKING:
    from app.bootstrap import CliContext


def take_screenshot(
    ctx: CliContext, *, tab: str, output: str, case_id: int | None = None, size: tuple[int, int] = (1440, 900)
) -> Path:
    """Render the main window at ``size`` on ``tab`` (title or id) and write ``output``.

    Raises:
        InputError: Unknown tab or case.
        WorkbenchError: The PNG could not be written.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import create_main_window, ensure_application

    app = ensure_application()
    window = create_main_window(ctx, SyncRunner())
    window.persist_state = False  # a screenshot must not change the user's last tab or geometry
    window.resize(*size)
    if case_id is not None and not window.select_case(case_id):
        raise InputError("--case", f"no case with id {case_id}")
    if not window.show_tab(tab):
        raise InputError("--tab", f"unknown tab {tab!r}; tabs: {', '.join(window.tab_names())}")
    window.show()
    # Let layouts, lazy loads and (for web views) first paints settle before grabbing.
    for _ in range(3):
        loop = QEventLoop()
        QTimer.singleShot(150, loop.quit)
        loop.exec()
        app.processEvents()
    current = window.tabs.currentWidget()
    ready = getattr(current, "wait_until_ready", None)
    if callable(ready):
        ready()
    image = window.grab()
    path = Path(output).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise WorkbenchError(f"could not write {path}")
    window.close()
    QCoreApplication.processEvents()
    return path

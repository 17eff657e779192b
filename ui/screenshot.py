"""``workbench screenshot``: render the main window offscreen on one tab and save a PNG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from app.core.errors import WorkbenchError
from ui.tasks import SyncRunner

if TYPE_CHECKING:
    from app.bootstrap import CliContext

SETTLE_ROUNDS = 3
SETTLE_MS = 150


def take_screenshot(
    ctx: CliContext, *, tab: str, output: str, case_id: int | None = None, size: tuple[int, int] = (1440, 900)
) -> Path:
    """Render the main window at ``size`` on ``tab`` (title or id) and write ``output``.

    The window is the one the GUI shows (:func:`ui.builder.build_window`), loaded completely
    before it is grabbed.

    Raises:
        InputError: Unknown tab or case.
        WorkbenchError: The store could not be opened, or the PNG could not be written.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.builder import build_window, check_tab, prepare_application

    app = prepare_application(ctx)
    check_tab(tab)
    window = build_window(ctx, SyncRunner(), case_id=case_id)
    window.persist_state = False  # a screenshot must not change the user's last tab or geometry
    window.resize(*size)
    window.show_tab(tab)
    window.show()
    # Let layouts, lazy loads and (for web views) first paints settle before grabbing.
    for _ in range(SETTLE_ROUNDS):
        loop = QEventLoop()
        QTimer.singleShot(SETTLE_MS, loop.quit)
        loop.exec()
        app.processEvents()
    window.settle_current_tab()
    image = window.grab()
    path = Path(output).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise WorkbenchError(f"could not write {path}")
    window.close()
    QCoreApplication.processEvents()
    return path

"""The one builder of the main window, for the GUI (``workbench``) and ``workbench screenshot`` alike.

:func:`build_window` creates the application if needed, registers the bundled font and the
translators, and makes the window's frame from the features' declared tabs. The rest of the
start-up (:class:`ui.host.startup.Startup`: open the store, install the features, show the
case) runs either after the window's first paint (the GUI: the window appears at once) or
before :func:`build_window` returns (screenshots and tests, with a
:class:`ui.tasks.SyncRunner`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app import APP_DISPLAY_NAME, ORG_NAME, __version__
from app.core.errors import InputError
from ui import qtlog
from ui.crash import handle_error
from ui.features import FEATURES
from ui.fonts import register_app_font
from ui.host.protocol import Feature, menu_specs, tab_specs
from ui.host.startup import Startup
from ui.host.window import MainWindow
from ui.i18n import install_translators, use_system_dates
from ui.tasks import SyncRunner, TaskRunner

if TYPE_CHECKING:
    from app.bootstrap import CliContext

Load = Literal["now", "after_paint"]


def prepare_environment() -> None:
    """Set what Qt needs before the QApplication exists (QtWebEngine as root, shared GL)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to run as root without its sandbox disabled (see env-notes.md).
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def ensure_application() -> QApplication:
    """Return the QApplication, creating and configuring it on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    prepare_environment()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("workbench")
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    qtlog.install()
    return app


def ui_state(ctx: CliContext) -> QSettings:
    """The QSettings file for UI state, inside the data folder (so ``--data-dir`` isolates it)."""
    return QSettings(str(ctx.paths.data_dir / "ui-state.ini"), QSettings.Format.IniFormat)


def prepare_application(ctx: CliContext) -> QApplication:
    """The application with the bundled font and the translators of the chosen language (idempotent)."""
    language = str(ctx.settings.get("language"))
    use_system_dates(language)  # before the application exists: Qt reads the locale once
    app = ensure_application()
    register_app_font(app)
    install_translators(app, language)
    return app


def check_tab(name: str, features: Sequence[Feature] = FEATURES) -> None:
    """Refuse a tab name (id, title, or title in the interface language) that no feature declares.

    Call it before building a window (after :func:`prepare_application`, for translated titles).

    Raises:
        InputError: ``--tab`` names no tab; the message lists the tabs there are.
    """
    tabs = tab_specs(features)
    if not any(name in (tab.id, tab.title, tab.display_title()) for tab in tabs):
        titles = ", ".join(tab.display_title() for tab in tabs)
        raise InputError("--tab", f"unknown tab {name!r}; tabs: {titles}")


def build_window(
    ctx: CliContext,
    runner: TaskRunner | None = None,
    *,
    features: Sequence[Feature] = FEATURES,
    case_id: int | None = None,
    load: Load = "now",
) -> MainWindow:
    """Create the application (if needed) and the main window for ``ctx``.

    Args:
        ctx: The composition root's context; its store is opened by the start-up, not here.
        runner: Background work (default: a thread-pool :class:`TaskRunner`).
        features: The features, in order (tabs in this order).
        case_id: The case to show first (default: the one shown last).
        load: ``now``: the window is complete when this returns (screenshots, tests, benchmarks;
            a failure is raised). ``after_paint``: the store is opened after the window's first
            paint (the GUI), and ``loaded`` or ``load_failed`` follows.

    Raises:
        WorkbenchError: With ``load="now"``: the store could not be opened, or ``case_id`` is not a case.
    """
    prepare_application(ctx)
    runner = runner or TaskRunner()
    window = MainWindow(ui_state(ctx), tab_specs(features), menu_specs(features))
    runner.default_error = lambda exc: handle_error(window, exc)
    startup = Startup(window, ctx, runner, features, case_id)
    if load == "after_paint":
        startup.start_after_first_paint()
        return window
    if not isinstance(runner, SyncRunner):  # wait for the worker, with the events it posts back
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.load_failed.connect(lambda _exc: loop.quit())
        startup.start()
        if not (window.is_loaded or startup.error is not None):
            loop.exec()
    else:
        startup.start()
    if startup.error is not None:
        window.deleteLater()
        raise startup.error
    return window

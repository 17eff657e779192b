"""Start the Qt application: environment, fonts, translations, error handling, main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_DISPLAY_NAME, ORG_NAME, __version__
from app.core.errors import InputError, WorkbenchError
from ui import qtlog
from ui.crash import handle_error, install_excepthook
from ui.features.backups.autobackup import AutoBackup, keep_policy
from ui.fonts import register_app_font
from ui.host.window import MainWindow
from ui.i18n import install_translators
from ui.services import UiServices
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.bootstrap import CliContext

log = logging.getLogger(__name__)


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


def build_services(ctx: CliContext, runner: TaskRunner) -> UiServices:
    """Collect the services the window needs from the composition root's context."""
    return UiServices(store=ctx.store, settings=ctx.settings, secrets=ctx.secrets, paths=ctx.paths, runner=runner)


def create_main_window(ctx: CliContext, runner: TaskRunner | None = None) -> MainWindow:
    """Create the application (if needed) and a main window for ``ctx`` (also used by screenshots)."""
    app = ensure_application()
    register_app_font(app)
    app._translators = install_translators(app, ctx.settings.get("language"))  # type: ignore[attr-defined]
    runner = runner or TaskRunner()
    window = MainWindow(build_services(ctx, runner), ui_state(ctx))
    runner.default_error = lambda exc: handle_error(window, exc)
    return window


def run_gui(
    ctx: CliContext,
    *,
    case_id: int | None = None,
    tab: str | None = None,
    self_check: bool = False,
    crash_dialog: bool = True,
    after_start: Sequence[Callable[[], object]] = (),
) -> int:
    """Run the desktop application until its window closes; returns the exit code."""
    app = ensure_application()
    install_excepthook(ctx.paths.log_dir, dialog=crash_dialog and not self_check)
    try:
        window = create_main_window(ctx)
    except WorkbenchError as exc:
        if self_check:
            raise
        QMessageBox.critical(None, APP_DISPLAY_NAME, exc.user_message())
        return exc.exit_code
    if case_id is not None and not window.select_case(case_id):
        raise InputError("--case", f"no case with id {case_id}")
    if tab and not window.show_tab(tab):
        raise InputError("--tab", f"unknown tab {tab!r}; tabs: {', '.join(window.tab_names())}")
    interval = ctx.settings.get("backup_interval_minutes")
    backups = AutoBackup(ctx.store, window.services.runner, interval, window, keep_policy(ctx.settings))
    window.show()
    if self_check:
        app.processEvents()
        for job in after_start:
            job()  # e.g. the reportlab font: must work in the frozen build too
        problems = self_check_problems(window)
        window.services.runner.wait()
        window.close()
        if problems:
            sys.stderr.write("self-check FAILED: " + "; ".join(problems) + "\n")
            return 1
        tabs, cases = len(window.tab_names()), window.case_model.rowCount()
        # PyInstaller builds have lost keyring backends before: name the one found.
        print(f"self-check OK: workbench {__version__}, {tabs} tabs, {cases} cases, keyring {ctx.secrets.backend_name}")
        return 0
    QTimer.singleShot(0, backups.start)
    for job in after_start:
        window.services.runner.run(job)

    def note_missing_keyring() -> None:
        if not ctx.secrets.available:
            window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "提示：未找到系统密钥环，口令类信息不会被保存。"), 15000
            )

    # After the first paint: finding the keyring backend is not worth delaying the window for.
    QTimer.singleShot(300, note_missing_keyring)
    return app.exec()


def self_check_problems(window: MainWindow) -> list[str]:
    """What is wrong with a freshly started window (empty when healthy)."""
    problems = []
    if window.tabs.count() != 5:
        problems.append(f"expected 5 tabs, found {window.tabs.count()}")
    if not window.isVisible():
        problems.append("main window not visible")
    if not window.services.store.integrity_ok():
        problems.append("database integrity check failed")
    if QApplication.font().family() not in ("WenQuanYi Micro Hei", "文泉驿微米黑"):
        problems.append(f"bundled font not active ({QApplication.font().family()})")
    return problems

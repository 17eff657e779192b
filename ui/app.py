"""Run the desktop application: paint the window at once, then load it; ``--self-check`` for builds.

The window comes from :func:`ui.builder.build_window` (the same builder as screenshots). It is
shown before the store is opened; the start-up (:mod:`ui.host.startup`) then runs off the GUI
thread with the progress in the status bar. A start-up failure — a database written by a newer
version, a corrupt file, an unreachable server, an unknown ``--case`` — is shown in a message
box and then raised, so the command line prints it as one line with its exit code too.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import APP_DISPLAY_NAME, __version__
from app.core.errors import WorkbenchError
from ui.builder import build_window, check_tab, prepare_application
from ui.crash import install_excepthook
from ui.features import FEATURES
from ui.host.protocol import tab_specs
from ui.host.window import MainWindow
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.bootstrap import CliContext

log = logging.getLogger(__name__)

SELF_CHECK_TIMEOUT_MS = 120_000
PAINT_FALLBACK_MS = 1000
""":func:`after_next_paint` runs its job after this long even if no paint came (a minimised window)."""


class _NextPaint(QObject):
    """Runs ``job`` once, on the event loop's next turn after ``widget``'s next paint event."""

    def __init__(self, widget: QWidget, job: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._job: Callable[[], object] | None = job
        widget.installEventFilter(self)
        widget.update()
        QTimer.singleShot(PAINT_FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The paint itself is not delayed: the job runs after it."""
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        job, self._job = self._job, None
        if job is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        job()


def after_next_paint(widget: QWidget, job: Callable[[], object]) -> None:
    """Run ``job`` once ``widget`` has painted again (or after :data:`PAINT_FALLBACK_MS`), on the GUI thread."""
    _NextPaint(widget, job)


def run_gui(
    ctx: CliContext,
    *,
    case_id: int | None = None,
    tab: str | None = None,
    self_check: bool = False,
    crash_dialog: bool = True,
    after_start: Sequence[Callable[[], object]] = (),
) -> int:
    """Run the desktop application until its window closes; returns the exit code.

    Raises:
        WorkbenchError: The start-up failed (after the user was shown why).
    """
    app = prepare_application(ctx)
    if tab:
        check_tab(tab)  # before any window: a wrong --tab is a one-line error
    install_excepthook(ctx.paths.log_dir, dialog=crash_dialog and not self_check)
    window = build_window(ctx, TaskRunner(), case_id=case_id, load="after_paint")
    if tab:
        window.show_tab(tab)
    failures: list[BaseException] = []
    window.load_failed.connect(lambda exc: _start_failed(window, exc, failures, dialog=not self_check))
    if self_check:
        return _self_check(app, window, ctx, after_start, failures)
    window.loaded.connect(lambda: _loaded(window, ctx, after_start))
    window.show()
    code = app.exec()
    if failures:
        raise failures[0]
    return code


def _start_failed(window: MainWindow, exc: BaseException, failures: list[BaseException], *, dialog: bool) -> None:
    """The window could not be loaded: tell the user, then close it (run_gui raises the error)."""
    failures.append(exc)
    if dialog:
        if isinstance(exc, WorkbenchError):
            QMessageBox.critical(window, APP_DISPLAY_NAME, exc.user_message())
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # the crash dialog, with the traceback
    window.persist_state = False  # nothing was shown: keep the last session's state
    window.close()


def _loaded(window: MainWindow, ctx: CliContext, after_start: Sequence[Callable[[], object]]) -> None:
    show_settings_notices(window, ctx.settings.notices)
    # The session's work (automatic backups, the SLA countdown and its board, the reportlab font,
    # the keyring note) begins once the loaded window has painted the case, not in front of that paint.
    after_next_paint(window, lambda: _session_begins(window, after_start))


def _session_begins(window: MainWindow, after_start: Sequence[Callable[[], object]]) -> None:
    window.start_session()  # automatic backups and other timers start now
    for job in after_start:
        window.services.runner.run(job)

    def note_missing_keyring(available: object) -> None:
        if not available:
            window.status.show_message(
                QCoreApplication.translate("MainWindow", "提示：未找到系统密钥环，口令类信息不会被保存。"), 15000
            )

    # Finding the keyring backend takes ≈0.1 s: on a worker, not in the GUI thread after the first paint.
    secrets = window.services.secrets
    window.services.runner.run(lambda: secrets.available, on_success=note_missing_keyring)


def show_settings_notices(window: MainWindow, notices: Sequence[str]) -> QMessageBox | None:
    """Tell the user what went wrong with the settings file (kept aside, values reset); returns the box."""
    if not notices:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("MainWindow", "设置"),
        "\n".join(notices),
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("settings_notice")
    box.setInformativeText(QCoreApplication.translate("MainWindow", "请在 工具 → 设置… 中检查并重新设置。"))
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()  # not exec(): the window keeps starting behind it
    return box


def _self_check(
    app: QApplication,
    window: MainWindow,
    ctx: CliContext,
    after_start: Sequence[Callable[[], object]],
    failures: list[BaseException],
) -> int:
    """Start as a user would, wait until the case is shown, verify the window, print OK and quit."""
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    window.load_failed.connect(lambda _exc: loop.quit())
    QTimer.singleShot(SELF_CHECK_TIMEOUT_MS, loop.quit)
    window.show()
    loop.exec()
    if failures:
        raise failures[0]
    for job in after_start:
        job()  # e.g. the reportlab font: must work in the frozen build too
    problems = self_check_problems(window)
    if window.is_loaded:
        window.services.runner.wait()
    window.persist_state = False
    window.close()
    app.processEvents()
    if problems:
        sys.stderr.write("self-check FAILED: " + "; ".join(problems) + "\n")
        return 1
    tabs, cases = len(window.tab_names()), window.case_model.rowCount()
    # PyInstaller builds have lost keyring backends before: name the one found.
    print(f"self-check OK: workbench {__version__}, {tabs} tabs, {cases} cases, keyring {ctx.secrets.backend_name}")
    return 0


def self_check_problems(window: MainWindow) -> list[str]:
    """What is wrong with a freshly started window (empty when healthy)."""
    if not window.is_loaded:
        return ["the window did not finish loading"]
    problems = []
    declared = [tab.id for tab in tab_specs(FEATURES)]
    if window.tab_ids() != declared or window.tabs.count() != len(declared):
        problems.append(f"expected tabs {declared}, found {window.tab_ids()}")
    empty = [tab_id for tab_id in declared if window.tab_widget(tab_id) is None]
    if empty:
        problems.append(f"tabs without content: {empty}")
    if not window.isVisible():
        problems.append("main window not visible")
    if not window.services.store.integrity_ok():
        problems.append("database integrity check failed")
    if QApplication.font().family() not in ("WenQuanYi Micro Hei", "文泉驿微米黑"):
        problems.append(f"bundled font not active ({QApplication.font().family()})")
    return problems

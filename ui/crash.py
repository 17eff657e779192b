"""The one place unexpected exceptions end up: log them and show a crash dialog with a copy button.

Expected failures (:class:`app.core.errors.WorkbenchError`) are shown as a friendly message instead.
"""

from __future__ import annotations

import atexit
import faulthandler
import logging
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.errors import WorkbenchError

log = logging.getLogger(__name__)
_fault_file: TextIO | None = None


def _close_fault_file() -> None:
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None


def version_text() -> str:
    """Versions of the workbench and its runtime, for the About and crash dialogs."""
    return (
        f"workbench {__version__}; Python {platform.python_version()}; "
        f"PySide6 {pyside_version}; Qt {qVersion()}; {platform.platform()}"
    )


class CrashDialog(QDialog):
    """Shows an unexpected error with its traceback and a button that copies both."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        self.details = f"{version_text()}\n\n{details}"
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("发生了意外错误。您的数据已自动保存。请复制以下信息发给技术支持。"), self))
        self.text = QPlainTextEdit(self.details, self)
        self.text.setReadOnly(True)
        self.text.setMinimumSize(640, 300)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(self.tr("复制错误信息"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def on_copy_clicked(self) -> None:
        """Put the details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)


def show_expected_error(parent: QWidget | None, exc: WorkbenchError, title: str = "") -> None:
    """Show an expected failure as a friendly warning."""
    QMessageBox.warning(parent, title or QApplication.translate("CrashDialog", "无法完成操作"), exc.user_message())


def handle_error(parent: QWidget | None, exc: BaseException) -> None:
    """Route an exception from a background task: expected ones to a message, bugs to the hook."""
    if isinstance(exc, WorkbenchError):
        show_expected_error(parent, exc)
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)


def install_excepthook(log_dir: Path, *, dialog: bool = True) -> Callable[..., None]:
    """Install the global ``sys.excepthook`` (and faulthandler) and return the hook."""
    global _fault_file
    crash_file = log_dir / "faulthandler.log"
    try:
        handle = crash_file.open("a", encoding="utf-8")
        faulthandler.enable(handle)
        if _fault_file is not None:
            _fault_file.close()
        else:
            atexit.register(_close_fault_file)
        _fault_file = handle  # must stay open for as long as faulthandler may write to it
    except OSError:
        log.warning("faulthandler log could not be opened")

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = getattr(exc, "__traceback_text__", None) or "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("unexpected error:\n%s", details)
        if isinstance(exc, WorkbenchError):
            if dialog and QApplication.instance() is not None:
                show_expected_error(QApplication.activeWindow(), exc)
            return
        if dialog and QApplication.instance() is not None:
            CrashDialog(details, QApplication.activeWindow()).exec()

    sys.excepthook = hook
    return hook

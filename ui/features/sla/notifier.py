"""One notification per breached SLA clock: the status bar and, where there is one, the tray."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BreachNotifier(QObject):
    """One notification per breached clock: the status bar and, where there is one, the tray."""

    notified = Signal(str)

    def __init__(self, status: Callable[[str], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self._tray: Any = None

    def notify(self, text: str) -> None:
        """Show ``text`` once."""
        self.notified.emit(text)
        if self.status is not None:
            self.status(text)
        from PySide6.QtWidgets import QSystemTrayIcon

        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            from PySide6.QtWidgets import QApplication

            self._tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self._tray.show()
        self._tray.showMessage(self.tr("SLA 超时"), text, QSystemTrayIcon.MessageIcon.Warning, 10_000)

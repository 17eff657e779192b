"""The window's status bar: transient messages, the start-up progress, persistent warnings, the store.

A persistent warning (for example "automatic backups are failing") stays visible until the
feature that raised it clears it; it never times out and a later message never hides it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QWidget

from ui.icons import status_icon

_WARNING_STYLE = "color: #b71c1c; font-weight: bold;"


class _Warning(QWidget):
    """One persistent warning: an icon and a red text (full text in the tooltip)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"status_warning_{key}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        icon = QLabel(self)
        icon.setPixmap(status_icon("warning").pixmap(16, 16))
        self.text = QLabel(self)
        self.text.setStyleSheet(_WARNING_STYLE)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(icon)
        layout.addWidget(self.text)


class StatusArea(QObject):
    """What features may do with the status bar.

    Args:
        bar: The window's status bar.
    """

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self._warnings: dict[str, _Warning] = {}
        self.busy_label = QLabel(bar)
        self.busy_label.setObjectName("status_busy")
        self.busy_bar = QProgressBar(bar)
        self.busy_bar.setObjectName("status_busy_bar")
        self.busy_bar.setRange(0, 0)  # indeterminate: opening a store has no meaningful percentage
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy_bar)
        self.set_busy(None)
        self.store_label = QLabel(bar)
        self.store_label.setObjectName("store_label")
        bar.addPermanentWidget(self.store_label)

    def show_message(self, text: str, msecs: int = 8000) -> None:
        """Show ``text`` for ``msecs`` milliseconds (0: until the next message)."""
        self.bar.showMessage(text, msecs)

    def message(self) -> str:
        """The transient message shown now ("" if none)."""
        return self.bar.currentMessage()

    def set_busy(self, text: str | None) -> None:
        """Show long start-up work (``text`` with a moving bar) or, with None, hide it."""
        self.busy_label.setText(text or "")
        self.busy_label.setVisible(bool(text))
        self.busy_bar.setVisible(bool(text))

    def busy_text(self) -> str:
        """The start-up work shown now ("" if none)."""
        return self.busy_label.text() if self.busy_label.isVisibleTo(self.bar) else ""

    def set_warning(self, key: str, text: str | None, tooltip: str = "") -> None:
        """Show a persistent warning under ``key`` (replacing the last one), or clear it with None."""
        if text is None:
            widget = self._warnings.pop(key, None)
            if widget is not None:
                self.bar.removeWidget(widget)
                widget.deleteLater()
            return
        widget = self._warnings.get(key)
        if widget is None:
            widget = _Warning(key, self.bar)
            self._warnings[key] = widget
            self.bar.addPermanentWidget(widget)
        widget.text.setText(text)
        widget.setToolTip(tooltip or text)
        widget.show()

    def warnings(self) -> dict[str, str]:
        """The persistent warnings shown now, by key."""
        return {key: widget.text.text() for key, widget in self._warnings.items()}

    def set_store(self, text: str) -> None:
        """Say which store the window works on (always visible, right)."""
        self.store_label.setText(text)

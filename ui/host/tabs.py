"""The page of one declared tab, which its feature fills once it is installed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.host.protocol import TabSpec


class TabSlot(QWidget):
    """The page of one declared tab: says "loading" until its feature puts its widget in."""

    def __init__(self, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"tab_{spec.id}")
        self.content: QWidget | None = None
        self.ready: Callable[[], object] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.loading = QLabel(self.tr("正在加载…"), self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("color: #8a8f98;")
        self._layout.addWidget(self.loading)

    def fill(self, widget: QWidget, ready: Callable[[], object] | None) -> None:
        """Show ``widget`` (once); ``ready`` settles it before a screenshot."""
        if self.content is not None:
            raise ValueError(f"tab {self.spec.id!r} was added twice")
        self._layout.removeWidget(self.loading)
        self.loading.deleteLater()
        widget.setParent(self)
        self._layout.addWidget(widget)
        self.content, self.ready = widget, ready

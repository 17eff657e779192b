"""The page of one declared tab, which its feature fills once it is installed (at once, or when first shown)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.host.protocol import TabSpec


class TabSlot(QWidget):
    """The page of one declared tab: says "loading" until its feature's widget is in.

    A feature either puts its widget in at once (:meth:`fill`) or hands over a factory
    (:meth:`fill_later`): the widget is then built the first time the page is shown, or when
    someone asks for it (:meth:`ensure_built`), so that a tab nobody opens costs nothing at start-up.
    """

    def __init__(self, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"tab_{spec.id}")
        self.content: QWidget | None = None
        self.ready: Callable[[], object] | None = None
        self._factory: Callable[[], QWidget] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.loading = QLabel(self.tr("正在加载…"), self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setStyleSheet("color: #8a8f98;")
        self._layout.addWidget(self.loading)

    @property
    def filled(self) -> bool:
        """Its feature added the tab (the widget itself may still be waiting to be built)."""
        return self.content is not None or self._factory is not None

    def fill(self, widget: QWidget, ready: Callable[[], object] | None) -> None:
        """Show ``widget`` (once); ``ready`` settles it before a screenshot."""
        if self.filled:
            raise ValueError(f"tab {self.spec.id!r} was added twice")
        self._put(widget, ready)

    def fill_later(self, factory: Callable[[], QWidget], ready: Callable[[], object] | None) -> None:
        """Build the widget with ``factory()`` when the page is first shown (at once if it is visible now)."""
        if self.filled:
            raise ValueError(f"tab {self.spec.id!r} was added twice")
        self._factory, self.ready = factory, ready
        if self.isVisible():  # the tab on show at start-up (the last one used) is built right away
            self.ensure_built()

    def ensure_built(self) -> QWidget | None:
        """Build a deferred widget now; returns the widget (None: no feature added it yet)."""
        if self.content is None and self._factory is not None:
            factory, self._factory = self._factory, None
            widget = factory()
            self._put(widget, self.ready)
            widget.show()  # a child added to a page already shown is not shown by itself
        return self.content

    def _put(self, widget: QWidget, ready: Callable[[], object] | None) -> None:
        self._layout.removeWidget(self.loading)
        self.loading.deleteLater()
        widget.setParent(self)
        self._layout.addWidget(widget)
        self.content, self.ready = widget, ready

    def showEvent(self, event: QShowEvent) -> None:
        """The first show builds a deferred widget."""
        self.ensure_built()
        super().showEvent(event)

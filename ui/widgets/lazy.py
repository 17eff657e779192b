"""A page that builds its content the first time it is shown (heavy modules load only when needed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Calls ``factory(self)`` when first shown and shows the widget it returns.

    The 智桂通H5预览 uses it so that QtWebEngine (≈100 MB, a second process) is imported only when
    its tab opens, never at start-up.

    Args:
        factory: Builds the content (parented to the page it is given).
        parent: Parent widget.
    """

    def __init__(self, factory: Callable[[QWidget], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[QWidget], QWidget] | None = factory
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        """Build the content now if it is not built yet, and return it."""
        if self.content is None:
            assert self._factory is not None
            factory, self._factory = self._factory, None
            self.content = factory(self)
            self._layout.addWidget(self.content)
            self.content.show()  # a child added to a visible page is not shown by itself
        return self.content

    def showEvent(self, event: QShowEvent) -> None:
        """The first show builds the content."""
        self.ensure_built()
        super().showEvent(event)

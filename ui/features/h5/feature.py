"""The 智桂通H5预览 feature: its tab (a lazy page holding :class:`~ui.features.h5.preview.H5Preview`).

The preview — and with it QtWebEngine and the in-process H5 backend — is built only when the tab
is first shown. The backend stops when the application quits (``aboutToQuit``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.host.protocol import WindowHost

READY_TIMEOUT_MS = 90_000


class H5Feature(QObject):
    """Adds the 智桂通H5预览 tab.

    Args:
        host: The window host.
        tab_id: The declared tab's id.
    """

    def __init__(self, host: WindowHost, tab_id: str) -> None:
        from ui.widgets.lazy import LazyPage

        super().__init__(host.window())
        self.host = host
        self.preview: Any = None
        self.page = LazyPage(self._build, host.window())
        host.add_tab(tab_id, self.page, ready=self.wait_until_checked)

    def _build(self, parent: QWidget) -> QWidget:
        from ui.features.h5.preview import H5Preview

        self.preview = H5Preview(self.host.services, parent)
        self.preview.checked.connect(self._report)
        return self.preview

    def _report(self, report: dict[str, Any]) -> None:
        ok = self.preview is not None and self.preview.checks_passed()
        if not ok:
            self.host.status.show_message(self.tr("H5 页面检查未通过，详见检查面板"), 8000)

    def wait_until_checked(self, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
        """Build the page and wait until its first checks report (screenshots, tests)."""
        self.page.ensure_built()
        preview = self.preview
        if preview is None:
            return False
        if preview.last_report is not None:
            return True
        loop = QEventLoop()
        preview.checked.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return preview.last_report is not None

"""The 智桂通H5预览 feature: its tab, :class:`~ui.features.h5.preview.H5Preview`, a lazy tab of the host.

The preview — and with it QtWebEngine and the in-process H5 backend — is built only when the tab
is first shown, or when someone asks the host for it (a screenshot of the tab, the self-check):
the host's ``add_lazy_tab``. The backend stops when the window closes (an event filter on the
host's window: features never import the window class) or the application quits (``aboutToQuit``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

if TYPE_CHECKING:
    from ui.features.h5.preview import H5Preview
    from ui.host.protocol import WindowHost

READY_TIMEOUT_MS = 90_000


class H5Feature(QObject):
    """Adds the 智桂通H5预览 tab.

    Args:
        host: The window host.
        tab_id: The declared tab's id.
    """

    def __init__(self, host: WindowHost, tab_id: str) -> None:
        super().__init__(host.window())
        self.host = host
        self.tab_id = tab_id
        self.preview: H5Preview | None = None
        host.add_lazy_tab(tab_id, self._build, ready=self.wait_until_checked)
        host.window().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closes: stop the backend and release the web page before the window goes."""
        if event.type() == QEvent.Type.Close and watched is self.host.window():
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """Stop the in-process backend (idempotent; nothing to do if the tab was never opened)."""
        if self.preview is not None:
            self.preview.shutdown()

    def _build(self) -> H5Preview:
        from ui.features.h5.preview import H5Preview  # QtWebEngine: only now, never at start-up

        preview = self.preview = H5Preview(self.host.services, self.host.window())
        preview.checked.connect(self._report)
        return preview

    def _report(self, report: dict[str, Any]) -> None:
        ok = self.preview is not None and self.preview.checks_passed()
        if not ok:
            self.host.status.show_message(self.tr("H5 页面检查未通过，详见检查面板"), 8000)

    def wait_until_checked(self, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
        """Build the page and wait until its first checks report (screenshots, tests)."""
        self.host.ensure_tab(self.tab_id)
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

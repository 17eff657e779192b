"""The phone's screen in the 智桂通H5预览: the web view, covered by a message until its first page has loaded.

The web view is made as the tab opens, while the backend starts, and stays under the message
(a :class:`QStackedLayout` in ``StackAll`` mode: both are visible, the message on top) until a
page of the backend has loaded. A QWebEngineView that has just been shown is black until Chromium
has composited its first frame, and a hidden one draws nothing until it is shown. Under the
message it renders while the user reads which step is running, and it comes to the top only once
it has a page to show.

The screen is a native child window. The first render-to-texture widget (the web view's) in a
window switches that window to composing through OpenGL, and for a top-level window Qt does it
by destroying and re-creating it: the whole main window went black for a frame as the view
appeared (seen under Xvfb, as in the black capture reported). With the view inside a native child,
only that child is switched: it is re-created too, but it covers only the phone's screen and no
black frame of it was seen in the same captures; the main window is left alone.
"""

from __future__ import annotations

import json
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ui.features.h5.backend import Step

PAGE_STEP = "page"
"""The step after the backend's: the first page is loading in the web view."""


class PhoneScreen(QWidget):
    """The message (which step of the start is running, or what went wrong) over the web view.

    Args:
        parent: The phone frame.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Native, without making the tab's widgets native too (see the module's docstring). Not
        # on the offscreen platform (screenshots, tests): it has no frame to flash, and it places
        # a native child 49 px right of where its layout put it, so the screenshot was cut off.
        if QGuiApplication.platformName() != "offscreen":
            self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.message = QLabel(self.tr("正在启动 H5 服务（演示模式）…"), self)
        self.message.setObjectName("phoneScreen")
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
        self._stack.addWidget(self.message)
        self._view: Any = None
        self._boot_script: Any = None

    def make_view(self) -> Any:
        """Create the web view under the message (it renders there, unseen, until :meth:`show_page`).

        QtWebEngine is imported here and in :meth:`load_first` only: when the tab is first shown.
        """
        from PySide6.QtWebEngineWidgets import QWebEngineView

        # The default profile is off the record in Qt 6: nothing of the page is kept on disk.
        view = self._view = QWebEngineView(self)
        view.setObjectName("h5WebView")
        # A phone shows no scroll bar beside the page (and one would take CSS px from the viewport).
        view.settings().setAttribute(view.settings().WebAttribute.ShowScrollBars, False)
        self._stack.addWidget(view)
        self.show_message(self.message.text())  # raised again above the view just added
        return view

    def load_first(self, script: str, query: str, url: QUrl) -> None:
        """Load ``url`` with ``script`` run as its document is created (before the page's own scripts).

        The first page needs no page of the backend loaded before it to set the scenario in: one
        load instead of two. The script acts only in the document whose query is ``query``, and
        is removed once a page is shown; a later call (another scenario chosen before the first
        page loaded) replaces it.
        """
        from PySide6.QtWebEngineCore import QWebEngineScript

        scripts = self._view.page().scripts()
        if self._boot_script is not None:
            scripts.remove(self._boot_script)
        boot = self._boot_script = QWebEngineScript()
        boot.setName("workbench-preview-scenario")
        boot.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        boot.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        boot.setRunsOnSubFrames(False)
        boot.setSourceCode(f"if (location.search === {json.dumps(query)}) {{ {script} }}")
        scripts.insert(boot)
        self._view.setUrl(url)

    def release_view(self) -> None:
        """Stop and delete the web view (before QtWebEngine's profile goes at exit)."""
        view, self._view, self._boot_script = self._view, None, None
        if view is not None:
            view.stop()
            shiboken6.delete(view)

    @property
    def view(self) -> Any:
        """The web view (a ``QWebEngineView``), or None before :meth:`make_view` and after :meth:`release_view`."""
        return self._view

    @property
    def page_shown(self) -> bool:
        """Whether the web view is on top (a page of the backend has loaded)."""
        return self._view is not None and self._stack.currentWidget() is self._view

    def show_page(self) -> None:
        """Bring the web view to the top."""
        if self._view is None:
            return
        if self._boot_script is not None:
            self._view.page().scripts().remove(self._boot_script)
            self._boot_script = None
        self._stack.setCurrentWidget(self._view)
        self._view.raise_()
        self.message.hide()

    def show_message(self, text: str) -> None:
        """Show ``text`` on top of the web view (if any)."""
        self.message.setText(text)
        self._stack.setCurrentWidget(self.message)
        self.message.show()
        self.message.raise_()

    def show_step(self, percent: int, step: str) -> None:
        """Show which step of the backend's start is running (the progress of its task)."""
        if not self.page_shown:
            self.show_message(self.step_text(percent, step))

    def step_text(self, percent: int, step: str) -> str:
        """What the screen says while ``step`` (a :class:`~ui.features.h5.backend.Step`) runs."""
        if step == Step.SEEDING:
            return self.tr(
                "首次使用：正在生成演示数据库（合成居民），已完成 %1%。生成一次后保存在数据目录中，以后打开无需等待。"
            ).replace("%1", str(max(0, min(percent, 100))))
        texts = {
            Step.LOADING: self.tr("正在启动 H5 服务（演示模式）：加载服务组件…"),
            Step.DATABASE: self.tr("正在启动 H5 服务（演示模式）：打开演示数据库…"),
            Step.SERVER: self.tr("正在启动 H5 服务（演示模式）：启动本机服务…"),
            PAGE_STEP: self.tr("H5 服务已启动，正在加载页面…"),
        }
        return texts.get(step, self.tr("正在启动 H5 服务（演示模式）…"))

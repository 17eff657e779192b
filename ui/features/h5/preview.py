"""The 智桂通H5预览 tab: the real H5 page from the in-process demo backend in a phone frame, with checks.

Left, a phone frame (360×780, 390×844 or 430×932) with a QWebEngineView showing the page from
the backend running in this process (:mod:`ui.features.h5.backend`). Right, the controls: the
resident picker (masked synthetic identities), scenario buttons (正常, 无档案, 姓名不一致, 令牌过期),
the elder-mode toggle, "open in browser", and a checks panel that measures the rendered DOM with
``resources/h5-service/page-checks.js``: the smallest font size, contrast, tap-target sizes and
that no unmasked certificate number or name is on the page.

QtWebEngine is imported only inside :class:`~ui.features.h5.screen.PhoneScreen`'s methods, which
run when the tab is first shown (the page is built by the feature's lazy factory); nothing here
loads it at start-up. The web view is made right after the backend's start is handed to a pool
thread, so QtWebEngine and Chromium start while the service does; it stays under the screen's
message (which says which step is running) until the first page has loaded.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.paths import resource_path
from ui.features.h5.backend import BackendInfo, BackendStopped, PreviewBackend
from ui.features.h5.checks import ChecksPanel, passed
from ui.features.h5.screen import PAGE_STEP, PhoneScreen

log = logging.getLogger(__name__)

SIZES = ((360, 780), (390, 844), (430, 932))
CHECK_DELAY_MS = 700
MAX_CHECK_RETRIES = 8
MIN_ZOOM = 0.5
ZOOM_STEPS = 16
PHONE_PADDING = 14


class H5Preview(QWidget):
    """The preview page.

    Args:
        services: The window's services (``paths``, ``secrets``, ``runner``).
        parent: Parent widget.

    Signals:
        checked: Emitted with each checks report (a dict) after the page was measured.
        backend_ready: Emitted with the backend's URL once the page is being loaded.
    """

    checked = Signal(object)
    backend_ready = Signal(str)

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("h5Preview")
        self._services = services
        self._backend = PreviewBackend(services.paths, services.secrets)
        self._info: BackendInfo | None = None
        self._loads = 0
        self._failed_checks = 0
        self._size = SIZES[1]
        self.zoom = 1.0
        # True until the first scenario's page has loaded: nothing is measured before it.
        self._booting = True
        self._closed = False
        self.last_report: dict[str, Any] | None = None
        self._checks_js = resource_path("h5-service", "page-checks.js").read_text(encoding="utf-8")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.run_checks)
        self._build()
        app = _application()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._start_backend()
        # QtWebEngine and Chromium start while the pool thread starts the service, once the tab
        # has painted its message (made here, they held the GUI thread for 0.15–0.4 s on the click).
        QTimer.singleShot(0, self, self._ensure_view)

    @property
    def _view(self) -> Any:
        # The phone screen owns the web view; this is a shorthand, not a second copy of it.
        return self.phone_screen.view

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        self.phone = QFrame(self)
        self.phone.setObjectName("phoneFrame")
        self.phone.setStyleSheet(
            f"#phoneFrame {{ background: #1b1f24; border-radius: 28px; padding: {PHONE_PADDING}px; }}"
            "#phoneScreen { background: #f2f4f7; }"
        )
        phone_layout = self._phone_layout = QVBoxLayout(self.phone)
        phone_layout.setContentsMargins(12, 28, 12, 28)
        self.phone_screen = PhoneScreen(self.phone)
        phone_layout.addWidget(self.phone_screen)
        scroll = self._scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder_layout = self._holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.phone, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        scroll.setMinimumWidth(SIZES[-1][0] + 80)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._controls(), 0)
        self._apply_size(1)

    def _controls(self) -> QWidget:
        panel = QWidget(self)
        panel.setMaximumWidth(420)
        panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(panel)

        device = QGroupBox(self.tr("手机屏幕"), panel)
        grid = QGridLayout(device)
        self.size_box = QComboBox(device)
        for w, h in SIZES:
            self.size_box.addItem(f"{w} × {h}", (w, h))
        self.size_box.setCurrentIndex(1)
        self.size_box.currentIndexChanged.connect(self._apply_size)
        self.size_box.setAccessibleName(self.tr("屏幕尺寸"))
        grid.addWidget(QLabel(self.tr("屏幕尺寸"), device), 0, 0)
        grid.addWidget(self.size_box, 0, 1)
        self.zoom_label = QLabel(device)
        self.zoom_label.setObjectName("h5Zoom")
        self.zoom_label.setWordWrap(True)
        grid.addWidget(self.zoom_label, 1, 0, 1, 2)
        self.elder_box = QCheckBox(self.tr("长辈版（大字模式）"), device)
        self.elder_box.toggled.connect(self._set_elder)
        grid.addWidget(self.elder_box, 2, 0, 1, 2)
        layout.addWidget(device)

        who = QGroupBox(self.tr("模拟居民与场景"), panel)
        who_layout = QVBoxLayout(who)
        self.resident_box = QComboBox(who)
        self.resident_box.setAccessibleName(self.tr("模拟居民"))
        who_layout.addWidget(QLabel(self.tr("模拟居民（合成数据，已脱敏显示）"), who))
        who_layout.addWidget(self.resident_box)
        buttons = QGridLayout()
        self.scenario_buttons: dict[str, QPushButton] = {}
        for i, (name, text) in enumerate(
            (
                ("normal", self.tr("正常登录")),
                ("no-archive", self.tr("无档案")),
                ("name-mismatch", self.tr("姓名不一致")),
                ("expired", self.tr("令牌过期")),
            )
        ):
            button = QPushButton(text, who)
            button.setObjectName(f"h5Scenario_{name}")
            button.clicked.connect(lambda _=False, n=name: self.run_scenario(n))
            button.setEnabled(False)
            buttons.addWidget(button, i // 2, i % 2)
            self.scenario_buttons[name] = button
        who_layout.addLayout(buttons)
        self.browser_button = QPushButton(self.tr("在浏览器中打开"), who)
        self.browser_button.setEnabled(False)
        self.browser_button.clicked.connect(self.open_in_browser)
        who_layout.addWidget(self.browser_button)
        self.address = QLabel(who)
        self.address.setTextInteractionFlags(self.address.textInteractionFlags() | _selectable())
        self.address.setWordWrap(True)
        who_layout.addWidget(self.address)
        layout.addWidget(who)

        checks = self.checks_panel = ChecksPanel(panel)
        self.check_list = checks.list
        self.check_button = checks.button
        self.check_button.clicked.connect(self.run_checks)
        layout.addWidget(checks)
        layout.addStretch(1)
        return panel

    def _apply_size(self, index: int) -> None:
        self._size = SIZES[index] if 0 <= index < len(SIZES) else SIZES[1]
        self._fit()
        if self._view is not None:
            self._schedule_checks()

    def _fit(self) -> None:
        """Scale the phone to the height there is; the page's CSS viewport stays the chosen size.

        The web view is the chosen size times the zoom, and its zoom factor is the same, so the
        page lays out at exactly 360/390/430 CSS px wide and the checks measure CSS px.
        """
        w, h = self._size
        margins = self._phone_layout.contentsMargins()
        outer = self._holder_layout.contentsMargins()
        chrome = margins.top() + margins.bottom() + outer.top() + outer.bottom() + 2 * PHONE_PADDING
        room = self._scroll.viewport().height() - chrome
        zoom = self.zoom = fitting_zoom(w, h, room)
        self.phone_screen.setFixedSize(math.ceil(w * zoom), math.ceil(h * zoom))
        if self._view is not None:
            self._view.setZoomFactor(zoom)
        self.phone.adjustSize()
        if zoom < 1.0:
            note = self.tr("页面视口 %1 × %2 CSS px，按窗口高度缩小显示为 %3%").replace("%3", f"{zoom * 100:g}")
        else:
            note = self.tr("页面视口 %1 × %2 CSS px")
        self.zoom_label.setText(note.replace("%1", str(w)).replace("%2", str(h)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The phone follows the height of the tab."""
        super().resizeEvent(event)
        self._fit()

    # ---------------------------------------------------------------- backend

    def _start_backend(self) -> None:
        self._services.runner.run(
            self._backend.start,
            on_success=self._backend_started,
            on_error=self._backend_failed,
            on_progress=self.phone_screen.show_step,
        )

    def _backend_failed(self, exc: BaseException) -> None:
        if isinstance(exc, BackendStopped):
            return
        message = exc.user_message() if hasattr(exc, "user_message") else f"{type(exc).__name__}: {exc}"
        log.error("H5 preview backend failed to start: %s", type(exc).__name__)
        self.phone_screen.show_message(self.tr("H5 服务未能启动：%1").replace("%1", message))

    def _backend_started(self, info: BackendInfo) -> None:
        if not self._backend.running:
            return  # shut down meanwhile
        self._info = info
        for ident in info.identities:
            self.resident_box.addItem(ident.label, ident.key)
            self.resident_box.setItemData(self.resident_box.count() - 1, ident.label, Qt.ItemDataRole.ToolTipRole)
        for button in self.scenario_buttons.values():
            button.setEnabled(True)
        self.browser_button.setEnabled(True)
        self.check_button.setEnabled(True)
        self.address.setText(self.tr("后端：%1（演示模式，运行在本进程内）").replace("%1", info.url))
        self._ensure_view()
        self.phone_screen.show_step(0, PAGE_STEP)
        self.backend_ready.emit(info.url)
        self.run_scenario("normal")

    def _ensure_view(self) -> None:
        # Made once, whichever comes first: __init__, or the backend when the runner ran it at once (tests).
        if self._view is None and not self._closed:
            view = self.phone_screen.make_view()
            view.loadFinished.connect(self._load_finished)
            view.urlChanged.connect(lambda _url: self._schedule_checks())
            self._apply_size(self.size_box.currentIndex())

    # ---------------------------------------------------------------- actions

    def current_key(self) -> str:
        """The key of the resident chosen in the picker."""
        return str(self.resident_box.currentData() or "r00001")

    def run_scenario(self, name: str) -> None:
        """Start the page again as a resident logs in from 智桂通, in the given scenario."""
        if self._view is None or self._info is None:
            return
        key = {"no-archive": "no-archive", "name-mismatch": "name-mismatch"}.get(name, self.current_key())
        expired = name == "expired"
        script = f"sessionStorage.clear();sessionStorage.setItem('zgt-sim-pick', {json.dumps(key)});" + (
            "sessionStorage.setItem('zgt-sim-expired', '1');" if expired else ""
        )
        self._loads += 1
        query = f"?preview={self._loads}"
        url = QUrl(f"{self._info.url}/{query}#/entry")
        if not self.phone_screen.page_shown:
            # No page of the backend is open to run the script in: it runs as the document is made.
            self.phone_screen.load_first(script, query, url)
            return
        self._view.page().runJavaScript(script, 0, lambda _r: self._view.setUrl(url))

    def open_in_browser(self) -> None:
        """Open the demo page in the system's browser (the simulator's picker does the login)."""
        if self._info is not None:
            QDesktopServices.openUrl(QUrl(self._info.url + "/"))

    def _set_elder(self, on: bool) -> None:
        if self._view is not None:
            self._view.page().runJavaScript(
                f"window.h5Page && window.h5Page.setElderMode({'true' if on else 'false'})",
                0,
                lambda _r: self.run_checks(),
            )

    # ---------------------------------------------------------------- checks

    def _load_finished(self, ok: bool) -> None:
        if self._info is None:
            return
        self._booting = False
        if not self.phone_screen.page_shown:
            if not ok:
                self.phone_screen.show_message(self.tr("H5 页面未能加载；可点击右侧的场景按钮重试。"))
                self._schedule_checks()  # the checks panel says so too
                return
            # The page has loaded (and been drawn, unseen, under the message): show it now.
            self.phone_screen.show_page()
        if ok:
            if self.elder_box.isChecked():
                self._set_elder(True)
            self._schedule_checks()

    def _schedule_checks(self) -> None:
        if not self._booting:
            self._timer.start()

    def run_checks(self) -> None:
        """Measure the rendered page (asynchronously; :attr:`checked` carries the report)."""
        if self._view is None or self._info is None:
            return
        options = {"names": list(self._info.names), "certNos": list(self._info.numbers)}
        script = f"{self._checks_js}\n;JSON.stringify(window.h5PageChecks({json.dumps(options, ensure_ascii=False)}))"
        self._view.page().runJavaScript(script, 0, self._show_report)

    def _show_report(self, result: object) -> None:
        try:
            report: dict[str, Any] = json.loads(result) if isinstance(result, str) else {}
        except ValueError:
            report = {}
        if not isinstance(report, dict) or report.get("minFontPx") is None:
            # The page was navigating or not yet rendered while it was measured (the script saw no
            # document, or no visible text): measure again shortly rather than report "None px".
            self._failed_checks += 1
            if self._failed_checks < MAX_CHECK_RETRIES:
                self._schedule_checks()
            else:
                self.checks_panel.show_failure(self.tr("页面检查脚本没有结果（页面未能加载？）"))
            return
        self._failed_checks = 0
        report["url"] = self._view.url().toString() if self._view is not None else ""
        self.last_report = report
        if bool(report.get("elder")) != self.elder_box.isChecked():
            # The page's own 长辈版 button was used: follow it without re-sending the toggle.
            self.elder_box.blockSignals(True)
            self.elder_box.setChecked(bool(report.get("elder")))
            self.elder_box.blockSignals(False)
        self.checks_panel.show_report(report, self._view.url().fragment() if self._view is not None else "")
        self.checked.emit(report)

    def checks_passed(self) -> bool:
        """Whether the last report had no failure."""
        return passed(self.last_report)

    def shutdown(self) -> None:
        """Stop the in-process backend and release the web page (the application quits, or a test ends)."""
        self._timer.stop()
        self._closed = True
        if self._view is not None:
            # The page must go before QtWebEngine's profile is released at exit.
            self.phone_screen.show_message(self.tr("H5 服务已停止。"))
            self.phone_screen.release_view()
        self._backend.stop()


def fitting_zoom(width: int, height: int, room: int) -> float:
    """The largest zoom in sixteenths (at most 1, at least :data:`MIN_ZOOM`) that fits ``height`` into ``room``.

    Sixteenths keep whole CSS pixels on Blink's 1/64 px layout grid (a 44 px button stays 44 px,
    not 43.98), and the zoom must give back exactly ``width`` × ``height`` CSS px from a view of
    whole device pixels (the page rounds its viewport down).
    """
    for k in range(ZOOM_STEPS, round(MIN_ZOOM * ZOOM_STEPS) - 1, -1):
        zoom = k / ZOOM_STEPS
        exact = all(math.floor(math.ceil(d * zoom) / zoom) == d for d in (width, height))
        if exact and (height * zoom <= room or k == round(MIN_ZOOM * ZOOM_STEPS)):
            return zoom
    return 1.0


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _selectable() -> Any:
    return Qt.TextInteractionFlag.TextSelectableByMouse

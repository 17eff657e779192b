"""The 智桂通H5预览: the page loads from the in-process backend in a QWebEngineView and the checks pass."""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest

from ui.builder import prepare_environment

# QtWebEngine wants shared GL contexts set before the QApplication exists (collection runs first).
prepare_environment()


@pytest.fixture
def h5_tab(main_window, h5_demo):
    """The window with its 智桂通H5预览 tab opened (the preview and its backend are built now)."""
    main_window.show_tab("h5")
    feature = main_window.feature("h5")
    assert feature.wait_until_checked()
    yield main_window
    feature.shutdown()


@pytest.fixture
def preview(h5_tab):
    return h5_tab.feature("h5").preview


def _wait_report(qtbot, widget, predicate, timeout: int = 90_000) -> dict[str, Any]:
    reports: list[dict[str, Any]] = []

    def done() -> None:
        report = widget.last_report
        shown = report and {k: report.get(k) for k in ("url", "elder", "textSample")}
        assert report is not None and predicate(report), shown

    qtbot.waitUntil(done, timeout=timeout)
    reports.append(widget.last_report)
    return reports[-1]


def test_the_preview_tab_loads_the_page_and_the_checks_pass(qtbot, h5_tab, preview) -> None:
    assert h5_tab.current_tab_id() == "h5"
    assert preview.isVisible() and preview._backend.running
    assert "PySide6.QtWebEngineWidgets" in sys.modules  # loaded now that the tab is built
    report = _wait_report(qtbot, preview, lambda r: "#/consent" in r["url"] or "#/home" in r["url"])
    assert preview.checks_passed(), report
    lines = preview.checks_panel.lines()
    assert len(lines) == 4 and all(line.startswith("✔") for line in lines)
    assert report["viewport"] == [390, 844]  # the default phone, in CSS px
    assert "#/" not in preview.checks_panel.where.text() and "390 × 844" in preview.checks_panel.where.text()
    assert report["unmasked"] == [] and report["minContrast"] >= 4.5
    assert report["textSample"].strip()  # the page rendered text


def test_the_first_report_is_the_scenario_page_never_the_blank_bootstrap(h5_tab, preview) -> None:
    # wait_until_checked (screenshots) returns on the first report: it must be the logged-in page,
    # not the bootstrap load nor a page measured before it rendered ("None px" on a slow machine).
    report = preview.last_report
    assert report is not None and report["minFontPx"] is not None, report
    assert "#/help" not in report["url"], report["url"]


def test_the_screen_says_which_step_runs_and_shows_the_page_once_it_has_loaded(
    qtbot, main_window, h5_demo, monkeypatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ui.features.h5.backend import Step
    from ui.features.h5.preview import PHONE_PADDING
    from ui.features.h5.screen import PAGE_STEP, PhoneScreen

    shown: list[str] = []
    show_message = PhoneScreen.show_message

    def recording(screen: PhoneScreen, text: str) -> None:
        shown.append(text)
        show_message(screen, text)

    monkeypatch.setattr(PhoneScreen, "show_message", recording)
    handle = main_window.windowHandle()
    main_window.show_tab("h5")
    feature = main_window.feature("h5")
    try:
        assert feature.wait_until_checked()
        preview = feature.preview
        screen = preview.phone_screen
        steps = [screen.step_text(0, step) for step in (Step.LOADING, Step.DATABASE, Step.SERVER, PAGE_STEP)]
        assert [text for text in dict.fromkeys(shown) if text in steps] == steps  # each step, in order
        assert not any("首次使用" in text for text in shown)  # the seeded demo in the data folder is reused
        assert screen.page_shown and not screen.message.isVisible()
        # One load: the scenario is set as its document is created, no bootstrap page before it.
        assert preview._loads == 1 and "?preview=1#/" in preview._view.url().toString()
        assert preview._view.page().scripts().find("workbench-preview-scenario") == []
        # The view composes in the screen's own native window: the main window is not re-created for
        # it (which showed a black frame; offscreen never re-creates, under X11 this fails without it).
        # Offscreen, the screen is not native: that platform misplaces native children.
        assert main_window.windowHandle() is handle
        native = QGuiApplication.platformName() != "offscreen"
        assert screen.testAttribute(Qt.WidgetAttribute.WA_NativeWindow) is native
        assert preview._view.nativeParentWidget() is (screen if native else main_window)
        assert screen.geometry().left() == preview._phone_layout.contentsMargins().left() + PHONE_PADDING
    finally:
        feature.shutdown()


def test_a_first_page_that_failed_to_load_says_so_and_a_scenario_loads_it_again(qtbot, preview) -> None:
    screen = preview.phone_screen
    screen.show_message("")  # as before the first page had loaded
    preview._load_finished(False)
    assert "未能加载" in screen.message.text() and not screen.page_shown
    qtbot.mouseClick(preview.scenario_buttons["no-archive"], _left())
    _wait_report(qtbot, preview, lambda r: "#/no-archive/not-found" in r["url"])
    assert screen.page_shown and preview.checks_passed()


def test_the_phone_screen_keeps_its_message_over_the_view_until_a_page_is_shown(qtbot) -> None:
    from PySide6.QtCore import QPoint

    from ui.features.h5.backend import Step
    from ui.features.h5.screen import PhoneScreen

    screen = PhoneScreen()
    qtbot.addWidget(screen)

    def shown() -> bool:  # a call, so the type checker does not narrow the property between steps
        return screen.page_shown

    screen.resize(390, 844)
    screen.show_step(40, Step.SEEDING)
    assert "首次使用" in screen.message.text() and "40%" in screen.message.text()
    view = screen.make_view()
    screen.show()
    qtbot.waitExposed(screen)
    centre = QPoint(195, 422)
    # Both visible (the view renders, unseen), the message on top.
    assert view.isVisible() and screen.message.isVisible() and not shown()
    assert screen.childAt(centre) is screen.message
    screen.show_page()
    assert shown() and not screen.message.isVisible() and screen.childAt(centre) is not screen.message
    screen.show_step(0, Step.SERVER)  # a progress report that arrives late changes nothing
    assert shown()
    screen.show_message("H5 服务已停止。")
    assert not shown() and screen.childAt(centre) is screen.message
    screen.release_view()


def test_a_page_without_visible_text_is_measured_again_not_reported(qtbot, preview) -> None:
    before = preview.last_report
    seen: list[object] = []
    preview.checked.connect(seen.append)
    preview._show_report('{"minFontPx": null, "minContrast": null, "minTap": null, "viewport": [390, 844]}')
    assert preview.last_report is before and seen == []  # nothing shown from an empty page
    assert preview._timer.isActive()  # measured again shortly


def test_preview_scenarios_elder_mode_and_sizes(qtbot, preview) -> None:
    _wait_report(qtbot, preview, lambda r: "#/consent" in r["url"] or "#/home" in r["url"])

    # Scenario: no archive → the no-archive page, still passing.
    qtbot.mouseClick(preview.scenario_buttons["no-archive"], _left())
    report = _wait_report(qtbot, preview, lambda r: "#/no-archive/not-found" in r["url"])
    assert preview.checks_passed()

    # Elder mode: ≥ 18 px text, ≥ 60 px targets.
    preview.elder_box.setChecked(True)
    report = _wait_report(qtbot, preview, lambda r: r["elder"] is True)
    assert report["minFontPx"] >= 18 and report["minTap"] >= 60 and preview.checks_passed()

    # Scenario: name mismatch, then the expired token (one silent retry, then a message).
    qtbot.mouseClick(preview.scenario_buttons["name-mismatch"], _left())
    _wait_report(qtbot, preview, lambda r: "#/no-archive/name-mismatch" in r["url"])
    qtbot.mouseClick(preview.scenario_buttons["expired"], _left())
    _wait_report(qtbot, preview, lambda r: "登录已失效" in r["textSample"])

    # The phone sizes: the page's CSS viewport is the chosen size, whatever the zoom that fits the tab.
    for index, (w, h) in enumerate(((360, 780), (390, 844), (430, 932))):
        preview.size_box.setCurrentIndex(index)
        zoom = preview.zoom
        assert 0.5 <= zoom <= 1.0
        assert (preview._view.width(), preview._view.height()) == (math.ceil(w * zoom), math.ceil(h * zoom))
        report = _wait_report(qtbot, preview, lambda r, w=w, h=h: r["viewport"] == [w, h])
        assert preview.checks_passed(), report


def test_the_backend_stops_when_the_window_closes(qtbot, h5_tab, preview) -> None:
    import httpx

    url = preview._info.url
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(url + "/", timeout=10).status_code == 200
    h5_tab.close()
    assert not preview._backend.running
    with pytest.raises(httpx.HTTPError):
        httpx.get(url + "/", timeout=2)
    preview.shutdown()  # idempotent


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_phone_zoom_fits_and_keeps_whole_css_pixels() -> None:
    from ui.features.h5.preview import MIN_ZOOM, SIZES, fitting_zoom

    for w, h in SIZES:
        assert fitting_zoom(w, h, 2000) == 1.0
        for room in range(300, 1000, 7):
            zoom = fitting_zoom(w, h, room)
            assert MIN_ZOOM <= zoom <= 1.0 and (zoom * 16).is_integer()
            assert h * zoom <= room or zoom == MIN_ZOOM
            assert all(math.floor(math.ceil(d * zoom) / zoom) == d for d in (w, h))


def test_a_backend_stopped_while_starting_does_not_outlive_the_window(h5_demo, paths) -> None:
    import threading

    from app.core.secrets import SecretStore
    from ui.features.h5.backend import BackendStopped, PreviewBackend

    before = {t.name for t in threading.enumerate()}
    backend = PreviewBackend(paths, SecretStore())
    backend.stop()  # the window closed before the pool thread got to start()
    with pytest.raises(BackendStopped):
        backend.start()
    assert not backend.running
    assert "h5-server" not in {t.name for t in threading.enumerate()} - before

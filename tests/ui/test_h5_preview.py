"""The 智桂通H5预览: the page loads from the in-process backend in a QWebEngineView and the checks pass."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import pytest

from ui.app import prepare_environment

# QtWebEngine wants shared GL contexts set before the QApplication exists (collection runs first).
prepare_environment()


@dataclass
class _Services:
    paths: Any
    secrets: Any
    runner: Any


@pytest.fixture
def preview(qtbot, paths):
    from app.core.secrets import SecretStore
    from ui.features.h5.preview import H5Preview
    from ui.tasks import SyncRunner

    widget = H5Preview(_Services(paths, SecretStore(), SyncRunner()))
    qtbot.addWidget(widget)
    widget.resize(1000, 980)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _wait_report(qtbot, widget, predicate, timeout: int = 90_000) -> dict[str, Any]:
    reports: list[dict[str, Any]] = []

    def done() -> None:
        report = widget.last_report
        shown = report and {k: report.get(k) for k in ("url", "elder", "textSample")}
        assert report is not None and predicate(report), shown

    qtbot.waitUntil(done, timeout=timeout)
    reports.append(widget.last_report)
    return reports[-1]


def test_preview_loads_the_page_and_the_checks_pass(qtbot, preview) -> None:
    assert preview._backend.running
    assert "PySide6.QtWebEngineWidgets" in sys.modules  # loaded now that the tab is built
    report = _wait_report(qtbot, preview, lambda r: "#/consent" in r["url"] or "#/home" in r["url"])
    assert preview.checks_passed(), report
    lines = [preview.check_list.item(i).text() for i in range(preview.check_list.count())]
    assert len(lines) == 4 and all(line.startswith("✔") for line in lines)
    assert report["unmasked"] == [] and report["minContrast"] >= 4.5

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

    # The phone sizes.
    for index, (w, h) in enumerate(((360, 780), (390, 844), (430, 932))):
        preview.size_box.setCurrentIndex(index)
        assert (preview._view.width(), preview._view.height()) == (w, h)


def test_preview_backend_stops_cleanly(qtbot, preview) -> None:
    import httpx

    url = preview._info.url
    assert httpx.get(url + "/", timeout=10).status_code == 200
    preview.shutdown()
    assert not preview._backend.running
    with pytest.raises(httpx.HTTPError):
        httpx.get(url + "/", timeout=2)
    preview.shutdown()  # idempotent


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton

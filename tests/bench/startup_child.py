"""Child process of ``bench_startup``: start the real app (or a bare window) and report its start-up.

    python -m tests.bench.startup_child app|bare

Prints ``PAINTED`` as soon as the main window has received its first paint event, then (the app
only) ``SHOWN`` when the window has loaded — store open, features installed, the case shown —
and painted again, then, after one second of event processing and once every job the session
started is done (the start-up backup, the report font), one JSON line with the peak RSS and
whether any QtWebEngine module or library is loaded.
The parent measures the wall time from starting this process to each line.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from tests.bench.rss import peak_rss_kb

SETTLE_SECONDS = 1.0
STORE_AT_PAINT: list[bool] = []
"""Whether SQLAlchemy (the store) was imported when the window first painted."""


class PaintWatcher(QObject):
    """Prints ``line`` at the first paint event it sees and stops ``loop``."""

    def __init__(self, loop: QEventLoop, line: str = "PAINTED") -> None:
        super().__init__()
        self.loop = loop
        self.line = line
        self.painted = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            if self.line == "PAINTED":
                STORE_AT_PAINT.append("sqlalchemy" in sys.modules)
            print(self.line, flush=True)
            QTimer.singleShot(0, self.loop.quit)
        return False


def _webengine_loaded() -> bool:
    modules = [m for m in sys.modules if "WebEngine" in m]
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            libs = "WebEngineCore" in maps.read()
    except OSError:
        libs = False
    return bool(modules) or libs


def wait_for_paint(window: QMainWindow) -> None:
    """Process events until ``window`` painted (and, for the app, loaded and painted again), then report."""
    # Real event loops, not a processEvents() polling loop: PySide6 6.12 on Python 3.11 drops a
    # reference to None on every call of a void method, and polling would exhaust it.
    loop = QEventLoop()
    watcher = PaintWatcher(loop)
    window.installEventFilter(watcher)
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    if not watcher.painted:
        print("NOT PAINTED", flush=True)
        raise SystemExit(3)
    window.removeEventFilter(watcher)
    if hasattr(window, "loaded"):
        wait_until_shown(window)
    settle = QEventLoop()
    QTimer.singleShot(int(SETTLE_SECONDS * 1000), settle.quit)
    settle.exec()
    services = getattr(window, "_services", None)
    if services is not None:  # the session's start-up work (backup, fonts …) counts in the peak
        services.runner.wait()
    peak_kb = peak_rss_kb()
    report = {
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "webengine": _webengine_loaded(),
        "store_loaded_at_paint": bool(STORE_AT_PAINT and STORE_AT_PAINT[0]),
    }
    print(json.dumps(report), flush=True)


def wait_until_shown(window: QMainWindow) -> None:
    """Wait for the window's ``loaded`` signal and the paint that follows it; print ``SHOWN``."""
    app = QApplication.instance()
    assert app is not None
    loop = QEventLoop()
    watcher = PaintWatcher(loop, "SHOWN")
    failed: list[object] = []

    def stop(exc: object) -> None:
        failed.append(exc)
        loop.quit()

    def loaded() -> None:
        app.installEventFilter(watcher)  # any widget's paint: the case is drawn in the tabs
        window.update()

    if getattr(window, "is_loaded", False):
        loaded()
    else:
        window.loaded.connect(loaded)  # type: ignore[attr-defined]
        window.load_failed.connect(stop)  # type: ignore[attr-defined]
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    app.removeEventFilter(watcher)
    if not watcher.painted:
        print(f"NOT SHOWN {failed}", flush=True)
        raise SystemExit(4)


def start_app() -> int:
    """Start the real application the way ``workbench`` does, stopping after the first paint."""

    def exec_until_painted(*_args: object) -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
        assert isinstance(window, QMainWindow)
        wait_for_paint(window)
        return 0

    QApplication.exec = exec_until_painted  # type: ignore[method-assign]
    from app.cli.main import main

    return main(["gui", "--no-crash-dialog"])


def start_bare() -> int:
    """The baseline: a bare PySide6 main window."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1440, 900)
    window.show()
    wait_for_paint(window)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(start_app() if sys.argv[1:] == ["app"] else start_bare())

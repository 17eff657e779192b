"""Start-up: the window paints before the store opens, says what it is doing, and start-up errors reach the user."""

from __future__ import annotations

import sqlite3

import pytest

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.errors import InputError, NewerSchemaError, StoreError
from app.mipin.cases import CaseHeader, create_case
from ui.tasks import TaskRunner


def _shown_window():
    """The main window run_gui has just shown (earlier tests' windows are hidden)."""
    shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window" and w.isVisible()]
    assert len(shown) == 1, "run_gui shows its window before it opens the store"
    return shown[0]


def test_the_window_paints_first_and_loads_after(qtbot, bare_ctx) -> None:
    from ui.builder import build_window

    create_case(bare_ctx.store, CaseHeader(system_name="先绘制后加载", level=3))
    window = build_window(bare_ctx, TaskRunner(), load="after_paint")
    qtbot.addWidget(window)
    # The frame exists before anything is loaded: tabs (with titles), menus, the status.
    assert not _loaded(window)
    assert window.tab_names()[0] == "测评检查表" and window.tab_widget("checklist") is None
    with pytest.raises(RuntimeError, match="still being opened"):
        _ = window.services
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "报告(&R)", "帮助(&H)"]  # complete at once
    report = window.menu("report").menu.menuAction()
    assert not report.isEnabled()  # declared by the reports feature, which is not installed yet
    with qtbot.waitSignal(window.loaded, timeout=60_000):
        window.show()
        qtbot.waitUntil(lambda: window.status.busy_text() == "正在打开数据库…" or window.is_loaded, timeout=10_000)
    assert _loaded(window) and window.status.busy_text() == ""
    assert report.isEnabled() and window.menu("report").actions()
    assert window.controller.session is not None and window.controller.session.header.system_name == "先绘制后加载"
    assert "先绘制后加载" in window.windowTitle()
    window.services.runner.wait()


def _loaded(window) -> bool:
    return bool(window.is_loaded)


def _visible_main_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window" and w.isVisible()]


def _newer(ctx) -> None:
    assert ctx.store is not None  # create and migrate it
    ctx.close()
    db = ctx.paths.db_file
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    del ctx.__dict__["store"]


def _corrupt(ctx) -> None:
    ctx.paths.db_file.write_bytes(b"this is not a database" * 512)


def _server_down(ctx) -> None:
    ctx.db_url = "postgresql+psycopg://workbench@127.0.0.1:1/workbench"  # nothing listens on port 1


@pytest.mark.parametrize(
    ("damage", "error", "shown"),
    [
        (_newer, NewerSchemaError, "更新版本"),
        (_corrupt, StoreError, "已损坏"),
        (_server_down, StoreError, "数据库"),
    ],
    ids=["newer-schema", "corrupt-file", "server-down"],
)
def test_store_errors_at_start_reach_the_user(qtbot, bare_ctx, monkeypatch, damage, error, shown) -> None:
    """The window is already painted when the store fails: a message box says why, then the error is raised."""
    from ui.app import run_gui

    damage(bare_ctx)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))

    def exec_until_closed(*_args) -> int:
        window = _shown_window()
        loop = QEventLoop()
        window.load_failed.connect(lambda _exc: QTimer.singleShot(0, loop.quit))
        window.loaded.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_closed)
    with pytest.raises(error):
        run_gui(bare_ctx, crash_dialog=False)
    assert len(told) == 1 and shown in told[0]
    assert not _visible_main_windows()  # closed after the message


def test_an_unknown_case_is_refused_after_the_window_appears(qtbot, bare_ctx, monkeypatch) -> None:
    from ui.app import run_gui

    create_case(bare_ctx.store, CaseHeader(system_name="唯一的项目", level=2))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))

    def exec_until_failed(*_args) -> int:
        window = _shown_window()
        loop = QEventLoop()
        window.load_failed.connect(lambda _exc: QTimer.singleShot(0, loop.quit))
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_failed)
    with pytest.raises(InputError, match="--case"):
        run_gui(bare_ctx, case_id=999)
    assert told and "999" in told[0]


def test_an_unknown_tab_is_refused_before_any_window(bare_ctx) -> None:
    from ui.app import run_gui

    with pytest.raises(InputError, match=r"--tab.*测评检查表"):
        run_gui(bare_ctx, tab="没有这个")
    assert not _visible_main_windows()


def test_closing_while_the_store_opens_lets_the_opening_finish(qtbot, bare_ctx, monkeypatch) -> None:
    """A migration is never cut off: closing the window waits for the store opening to end."""
    import threading
    import time

    import ui.host.startup as startup
    from ui.builder import build_window

    real_open = startup.open_store
    began, ended = threading.Event(), threading.Event()

    def slow_open(*args):
        began.set()
        time.sleep(0.5)
        try:
            return real_open(*args)
        finally:
            ended.set()

    monkeypatch.setattr(startup, "open_store", slow_open)
    window = build_window(bare_ctx, TaskRunner(), load="after_paint")
    qtbot.addWidget(window)
    window.persist_state = False
    window.show()
    qtbot.waitUntil(began.is_set, timeout=10_000)
    window.close()
    assert ended.is_set()


def test_a_corrupt_settings_file_is_shown_to_the_user(qtbot, data_dir, monkeypatch) -> None:
    """The file is kept aside by the settings (app.core.settings); the window says so when it opens."""
    from app.bootstrap import CliContext
    from ui.app import run_gui

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text('{"report_copies": 3,', encoding="utf-8")
    ctx = CliContext(data_dir=str(data_dir), seed_demo=False, warn=lambda _text: None)
    shown: list[str] = []

    def exec_until_loaded(*_args) -> int:
        window = _shown_window()
        loop = QEventLoop()
        window.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        box = window.findChild(QMessageBox, "settings_notice")
        if box is not None and box.isVisible():
            shown.append(box.text())
            box.close()
        window.persist_state = False
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_loaded)
    try:
        assert run_gui(ctx, crash_dialog=False) == 0
    finally:
        ctx.close()
    assert len(shown) == 1 and "已另存为 settings.json.corrupt-" in shown[0]
    assert list(data_dir.glob("settings.json.corrupt-*"))


def test_a_missing_keyring_is_noted_once_the_window_is_loaded(qtbot, bare_ctx, monkeypatch) -> None:
    from keyring.backends import fail

    from app.core.secrets import SecretStore
    from ui.app import run_gui

    bare_ctx.__dict__["secrets"] = SecretStore(fail.Keyring())  # no OS keyring on this machine
    noted: list[str] = []

    def exec_until_noted(*_args) -> int:
        window = _shown_window()
        qtbot.waitUntil(lambda: "未找到系统密钥环" in window.status.message(), timeout=60_000)
        noted.append(window.status.message())
        window.persist_state = False
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_noted)
    assert run_gui(bare_ctx, crash_dialog=False) == 0
    assert noted

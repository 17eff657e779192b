"""The main window opens with every tab, a case switcher, menus, and keeps its state."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QRawFont
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox, QSpinBox

from app.mipin.cases import CaseHeader, create_case
from tests.ui.fakes import answering

TABS = ["测评检查表", "高风险判定", "密改方案", "运维SLA看板", "智桂通H5预览"]


def test_every_tab_is_there(main_window) -> None:
    assert main_window.tab_names() == TABS
    for name in TABS:
        assert main_window.show_tab(name)
        assert main_window.tabs.tabText(main_window.tabs.currentIndex()) == name
    assert not main_window.show_tab("不存在")


def test_bundled_font_renders_chinese(main_window) -> None:
    font = QApplication.font()
    assert font.family() == "WenQuanYi Micro Hei"
    raw = QRawFont.fromFont(font)
    text = "测评检查表高风险判定ABC123"
    # QRawFont.supportsCharacter() misreports some CJK code points of TTC fonts; the glyph
    # indexes are what rendering uses (0 would be the .notdef box).
    glyphs = raw.glyphIndexesForString(text)
    assert raw.isValid() and len(glyphs) == len(text) and 0 not in glyphs


def test_case_switcher_lists_and_switches_cases(main_window, bare_ctx, qtbot) -> None:
    second = create_case(bare_ctx.store, CaseHeader(system_name="第二个系统", level=2))
    main_window.reload_cases()
    assert main_window.case_switcher.count() == 2
    with qtbot.waitSignal(main_window.case_changed) as blocker:
        assert main_window.select_case(second)
    assert blocker.args == [second]
    assert main_window.current_case_id == second
    assert "第二个系统" in main_window.windowTitle()


def test_standard_shortcuts(main_window) -> None:
    shortcuts = {a.objectName(): a.shortcut().toString() for a in main_window.findChildren(QAction)}
    assert shortcuts["import_case"] == "Ctrl+O"
    assert shortcuts["quit"] == "Ctrl+Q"
    assert shortcuts["settings"]


def test_state_is_kept_in_qsettings(main_window, bare_ctx, qtbot) -> None:
    main_window.show_tab("运维SLA看板")
    main_window.resize(760, 520)
    main_window.close()
    state = QSettings(str(bare_ctx.paths.data_dir / "ui-state.ini"), QSettings.Format.IniFormat)
    assert state.value("main/last_tab") == "sla"
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    again = build_window(bare_ctx, SyncRunner())
    qtbot.addWidget(again)
    assert again.current_tab_id() == "sla"
    assert again.size().width() == 760


def test_about_dialog_shows_versions(main_window, qtbot, monkeypatch) -> None:
    from ui.dialogs.about import AboutDialog

    dialog = AboutDialog(main_window.services, main_window)
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    assert "PySide6" in text and "Python" in text and "workbench" in text


def test_settings_dialog_saves_typed_values(main_window, qtbot, monkeypatch) -> None:
    dialog = main_window.open_settings()
    assert dialog.current_page_id() == "general"
    page = dialog.page("general")
    copies, language = page.editors["report_copies"], page.editors["language"]
    assert isinstance(copies, QSpinBox) and isinstance(language, QComboBox)
    copies.setValue(5)
    language.setCurrentIndex(language.findData("en"))
    dialog.on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert main_window.services.settings.get("report_copies") == 5
    assert main_window.services.settings.get("language") == "en"


def test_crash_dialog_has_copy_button(qtbot) -> None:
    from ui.crash import CrashDialog

    dialog = CrashDialog("Traceback: boom")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert "boom" in QApplication.clipboard().text()
    assert "PySide6" in QApplication.clipboard().text()


def test_excepthook_logs_and_shows_dialog(qtbot, tmp_path, monkeypatch, caplog) -> None:
    import sys

    from ui import crash

    shown: list[crash.CrashDialog] = []
    monkeypatch.setattr(crash.CrashDialog, "exec", answering(0, shown))
    old = sys.excepthook
    try:
        hook = crash.install_excepthook(tmp_path)
        try:
            raise RuntimeError("unexpected-bug")
        except RuntimeError as exc:
            hook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = old
    assert shown and "unexpected-bug" in shown[0].details
    assert "unexpected-bug" in caplog.text


def test_expected_errors_become_friendly_messages(qtbot, monkeypatch) -> None:
    from app.core.errors import StoreError
    from ui.crash import handle_error

    seen = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append(text))
    handle_error(None, StoreError("磁盘空间已满"))
    assert seen == ["磁盘空间已满"]


def test_background_runner_delivers_on_gui_thread(qtbot) -> None:
    import threading

    from ui.tasks import TaskRunner

    runner = TaskRunner()
    results: list[tuple[int, int]] = []
    progress: list[int] = []
    errors: list[BaseException] = []
    gui_thread = threading.get_ident()

    def job(progress):
        progress(50, "半程")
        return threading.get_ident()

    runner.run(
        job,
        on_success=lambda r: results.append((r, threading.get_ident())),
        on_progress=lambda p, t: progress.append(p),
    )
    runner.run(lambda: 1 / 0, on_error=errors.append, writer=True)
    qtbot.waitUntil(lambda: bool(results and errors), timeout=5000)
    worker_thread, delivered_on = results[0]
    assert worker_thread != gui_thread and delivered_on == gui_thread
    assert progress == [50]
    assert isinstance(errors[0], ZeroDivisionError)


def test_import_with_errors_imports_nothing(main_window, tmp_path, monkeypatch) -> None:
    import json

    from app.mipin.cases import count_cases

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": "mipin-case/1", "system": {"name": "", "level": 9}, "units": "x"}), encoding="utf-8"
    )
    seen = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    before = count_cases(main_window.services.store)
    assert main_window.feature("cases").import_case_file(bad) is None
    assert count_cases(main_window.services.store) == before
    assert "未导入" in seen[0][0]

"""The 报告 menu and the preview dialog: QPdfView navigation and zoom, printing, exports in the background."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import ClassVar

import pytest

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.mipin.cases import import_case
from tests.reports.casefactory import demo_case_data
from tests.ui.fakes import answering


@pytest.fixture
def report_window(main_window, bare_ctx):
    """The main window with the demo case selected, and its report actions."""
    case_id = import_case(bare_ctx.store, demo_case_data())
    main_window.reload_cases()
    assert main_window.select_case(case_id)
    return main_window, main_window.feature("reports")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_report_menu(report_window) -> None:
    window, actions = report_window
    titles = [a.text() for a in window.menuBar().actions()]
    assert "报告(&R)" in titles
    assert titles.index("报告(&R)") < next(i for i, t in enumerate(titles) if t.startswith("帮助"))
    assert [a.text() for a in actions.actions] == ["预览报告…", "导出PDF…", "导出分册PDF…", "导出Excel…"]
    assert actions.preview_action.shortcut().toString() == "Ctrl+P"
    assert all(a.isEnabled() for a in actions.actions)


def test_preview_navigation_and_zoom(report_window, qtbot) -> None:
    _window, actions = report_window
    dialog = actions.preview()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready, timeout=30_000)
    assert dialog.report is not None
    assert dialog.copies == 3
    assert dialog.document.pageCount() == 3 * dialog.report.pages_per_copy
    assert "第1份/共3份" in dialog.document.getAllText(0).text()
    dialog.next_page()
    qtbot.waitUntil(lambda: dialog.current_page == 1)
    assert dialog.page_box.value() == 2
    dialog.go_to(10)
    qtbot.waitUntil(lambda: dialog.current_page == 10)
    dialog.previous_page()
    qtbot.waitUntil(lambda: dialog.current_page == 9)
    before = dialog.view.zoomFactor()
    dialog.zoom_in()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(before * 1.25)
    dialog.zoom_out()
    assert dialog.view.zoomFactor() == pytest.approx(before)
    dialog.fit_width()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    temp = dialog._temp
    assert temp.exists()
    dialog.close()
    assert not temp.exists()


class FakePrintDialog:
    """Stands in for QPrintDialog: records the preset copies and prints to a PDF file."""

    instances: ClassVar[list[FakePrintDialog]] = []
    copies_to_choose: ClassVar[int | None] = None
    output: ClassVar[Path | None] = None

    def __init__(self, printer: QPrinter, parent=None) -> None:
        self.printer = printer
        self.preset_copies = printer.copyCount()
        FakePrintDialog.instances.append(self)

    def setWindowTitle(self, _title: str) -> None:
        pass

    def exec(self) -> QDialog.DialogCode:
        if self.copies_to_choose is not None:
            self.printer.setCopyCount(self.copies_to_choose)
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        assert self.output is not None
        self.printer.setOutputFileName(str(self.output))
        return QDialog.DialogCode.Accepted


@pytest.mark.parametrize("choose", [None, 1])
def test_print_presets_copies_and_prints_every_copy(report_window, qtbot, monkeypatch, tmp_path, choose) -> None:
    import ui.features.reports.preview as report_dialog

    _window, actions = report_window
    FakePrintDialog.instances = []
    FakePrintDialog.copies_to_choose = choose
    FakePrintDialog.output = tmp_path / "printed.pdf"
    monkeypatch.setattr(report_dialog, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(report_dialog.ReportPreviewDialog, "print_dpi", 20)
    dialog = actions.preview()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    per_copy = dialog.report.pages_per_copy
    dialog.print_report()
    assert FakePrintDialog.instances[0].preset_copies == 3
    expected_copies = choose or 3
    qtbot.waitUntil(lambda: FakePrintDialog.output.exists() and dialog.copies == expected_copies, timeout=30_000)
    printed = QPdfDocument()
    printed.load(str(FakePrintDialog.output))
    assert printed.pageCount() == expected_copies * per_copy
    printed.close()
    dialog.close()


def test_print_preset_follows_the_setting(report_window, qtbot, monkeypatch, tmp_path) -> None:
    import ui.features.reports.preview as report_dialog

    window, actions = report_window
    window.services.settings.set("report_copies", 2)
    FakePrintDialog.instances = []
    FakePrintDialog.copies_to_choose = None
    FakePrintDialog.output = tmp_path / "printed.pdf"
    monkeypatch.setattr(report_dialog, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(report_dialog.ReportPreviewDialog, "print_dpi", 20)
    dialog = actions.preview()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert "第1份/共2份" in dialog.document.getAllText(0).text()
    dialog.print_report()
    assert FakePrintDialog.instances[0].preset_copies == 2
    dialog.close()


def test_export_pdf_split_and_excel(report_window, qtbot, monkeypatch, tmp_path) -> None:

    window, actions = report_window
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    target["path"] = str(tmp_path / "report.pdf")
    actions.export_pdf_action.trigger()
    qtbot.waitUntil((tmp_path / "report.pdf").exists, timeout=30_000)
    assert actions.progress_log[-1] == 100 and len(actions.progress_log) > 3
    assert actions.progress_log == sorted(actions.progress_log)
    text = _pdf_text(tmp_path / "report.pdf")
    assert "第3份/共3份" in text
    target["path"] = str(tmp_path / "split")
    actions.export_split_action.trigger()
    qtbot.waitUntil((tmp_path / "split-3of3.pdf").exists, timeout=30_000)
    assert {p.name for p in tmp_path.glob("split-*.pdf")} == {"split-1of3.pdf", "split-2of3.pdf", "split-3of3.pdf"}
    target["path"] = str(tmp_path / "record.xlsx")
    actions.export_xlsx_action.trigger()
    qtbot.waitUntil((tmp_path / "record.xlsx").exists, timeout=30_000)
    assert "已导出" in window.statusBar().currentMessage()


def test_a_cancelled_file_dialog_starts_nothing(report_window, monkeypatch) -> None:

    window, actions = report_window
    asked: list[str] = []
    jobs: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answering(("", ""), asked, arg=1))
    monkeypatch.setattr(window.services.runner, "run", lambda fn, **_kw: jobs.append(fn))
    window.statusBar().showMessage("之前的消息")
    for action in (actions.export_pdf_action, actions.export_split_action, actions.export_xlsx_action):
        action.trigger()
    assert len(asked) == 3  # each export asked for a file name …
    assert jobs == []  # … and, cancelled, started no job
    assert actions.last_progress is None and actions.progress_log == []
    assert window.statusBar().currentMessage() == "之前的消息"


def test_untested_case_offers_a_draft(main_window, qtbot, monkeypatch, tmp_path) -> None:

    actions = main_window.feature("reports")
    assert main_window.current_case_id is not None  # the fixture's empty (untested) case
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), ""))
    asked: list[str] = []

    def answer(choice):
        def question(_parent, _title, text, *args, **kwargs):
            asked.append(text)
            return choice

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    actions.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=30_000)
    assert "未测" in asked[0]
    assert not (tmp_path / "r.pdf").exists()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    actions.export_pdf_action.trigger()
    qtbot.waitUntil((tmp_path / "r.pdf").exists, timeout=30_000)
    assert "草稿" in _pdf_text(tmp_path / "r.pdf")


def test_engine_errors_are_shown_not_raised(report_window, qtbot, monkeypatch, tmp_path) -> None:
    import ui.features.reports.actions as report_actions
    from app.core.errors import InputError

    _window, actions = report_window
    shown: list[str] = []
    monkeypatch.setattr(report_actions, "handle_error", lambda _parent, exc: shown.append(str(exc)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), ""))

    def broken(*_args, **_kwargs):
        raise InputError("units", "引擎无法计分")

    import reports.service

    monkeypatch.setattr(reports.service, "generate_pdf", broken)
    actions.export_pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "引擎无法计分" in shown[0]
    assert not (tmp_path / "r.pdf").exists()


def test_generation_runs_in_the_background(report_window, qtbot, monkeypatch, tmp_path) -> None:
    """With the real thread-pool runner, the export returns at once and the UI keeps processing events."""
    from ui.tasks import TaskRunner

    window, actions = report_window
    runner = TaskRunner()
    monkeypatch.setattr(window.services, "runner", runner)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "bg.pdf"), ""))
    actions.export_pdf_action.trigger()
    assert not (tmp_path / "bg.pdf").exists()  # still being generated
    assert actions.last_progress is not None and actions.last_progress.isVisible()
    ticks: list[int] = []
    window.startTimer(10)
    window.timerEvent = lambda _event: ticks.append(1)
    qtbot.waitUntil((tmp_path / "bg.pdf").exists, timeout=60_000)
    qtbot.waitUntil(lambda: not actions.last_progress.isVisible(), timeout=10_000)
    assert ticks, "the event loop ran while the report was generated"
    runner.wait(10_000)


def test_ctrl_p_opens_the_preview(report_window, qtbot) -> None:
    window, _actions = report_window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialogs = [w for w in window.findChildren(QDialog) if w.objectName() == "report_preview"]
    assert dialogs
    qtbot.waitUntil(lambda: dialogs[0].report is not None, timeout=30_000)
    dialogs[0].close()

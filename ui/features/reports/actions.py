"""The 报告 menu: preview, export PDF, export one PDF per copy, export Excel.

Generation always runs in the background through the window's task runner, with a progress
dialog; the workers are plain functions of :mod:`reports.service` and return plain values.
A case with untested items cannot produce a final report: the user is asked, once per export and
before anything is generated, whether to make a 草稿 (draft) instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.mipin.bundle import load_bundle
from app.mipin.engine import UntestedError
from app.store.store import Store
from ui.crash import handle_error
from ui.dialogs.files import ask_save_file, case_file_name
from ui.host.menus import make_action
from ui.host.protocol import WindowHost

if TYPE_CHECKING:
    from reports.pdf import PdfResult

# reports.* (reportlab, openpyxl) are imported when a report is made, not at start-up: they add
# ≈0.3 s to the cold start (see the start-up benchmark).

Progress = Callable[[int, str], None]
_LISTED_UNITS = 12
Job = Callable[..., Any]


def make_pdf(
    store: Store,
    case_id: int,
    output: Path,
    copies: int,
    split: bool,
    draft: bool,
    assessor: str,
    progress: Progress | None = None,
) -> PdfResult:
    """Worker: load the case from the store and write the report PDF (no Qt)."""
    from reports.service import generate_pdf

    bundle = load_bundle(store, case_id)
    return generate_pdf(bundle, output, copies=copies, split=split, draft=draft, assessor=assessor, progress=progress)


def make_xlsx(
    store: Store, case_id: int, output: Path, draft: bool, assessor: str, progress: Progress | None = None
) -> Path:
    """Worker: load the case from the store and write the Excel workbook (no Qt)."""
    from reports.service import generate_xlsx

    return generate_xlsx(load_bundle(store, case_id), output, draft=draft, assessor=assessor, progress=progress)


class ReportActions(QObject):
    """Owns the 报告 menu of the window and runs report jobs for it and for the preview.

    Args:
        host: The window (services, the current case and its change signal, the status bar).
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.last_progress: QProgressDialog | None = None
        self.progress_log: list[int] = []
        """Percentages shown by the last job's progress dialog (for tests and logs)."""
        self.menu = host.menu("report")  # declared in ui/features/reports/__init__.py
        self.preview_action = self._add(
            self.tr("预览报告…"), self.preview, "report_preview", QKeySequence.StandardKey.Print, "preview"
        )
        self.export_pdf_action = self._add(self.tr("导出PDF…"), self.export_pdf, "report_export_pdf")
        self.export_split_action = self._add(self.tr("导出分册PDF…"), self.export_split, "report_export_split")
        self.export_xlsx_action = self._add(self.tr("导出Excel…"), self.export_xlsx, "report_export_xlsx")
        host.case_changed.connect(self._update_enabled)
        self._update_enabled(host.current_case_id)

    def _add(
        self,
        text: str,
        slot: Callable[[], object],
        name: str,
        shortcut: QKeySequence.StandardKey | None = None,
        section: str = "export",
    ) -> QAction:
        action = make_action(self, text, slot, shortcut, name, window_wide=True)
        self.menu.add_action(action, section)
        self.host.window().addAction(action)  # Ctrl+P works wherever the focus is in the window
        return action

    @property
    def actions(self) -> list[QAction]:
        """The menu's actions, in order."""
        return [self.preview_action, self.export_pdf_action, self.export_split_action, self.export_xlsx_action]

    @Slot(object)
    def _update_enabled(self, case_id: object) -> None:
        for action in self.actions:
            action.setEnabled(case_id is not None)

    # -- settings ------------------------------------------------------------------------------

    @property
    def copies(self) -> int:
        """The report_copies setting (一式N份, default 3)."""
        return int(self.host.services.settings.get("report_copies"))

    @property
    def assessor(self) -> str:
        """The default 测评机构 from the settings."""
        return str(self.host.services.settings.get("assessor_org") or "")

    def _flush(self) -> None:
        self.host.flush_edits()

    # -- running jobs --------------------------------------------------------------------------

    def ask_draft(self, parent: QWidget | None = None) -> bool | None:
        """Ask, once for an export, whether to make a draft while something is untested.

        Returns:
            False when everything is tested (a final report), True when the user chose a draft,
            None when the user declined (nothing is generated).
        """
        result = self.host.controller.result
        if result is None or not result.untested:
            return False
        units = result.untested_units
        listed = "、".join(units[:_LISTED_UNITS]) + ("……" if len(units) > _LISTED_UNITS else "")
        text = (
            self.tr("本测评项目还有 %1 个测评单元没有测完：%2。").replace("%1", str(len(units))).replace("%2", listed)
            + "\n\n"
            + self.tr("正式报告要求全部测评完成。现在可以先生成草稿：每页带“草稿”水印，未测项按 0 分计。")
            + "\n\n"
            + self.tr("是否生成草稿？")
        )
        answer = QMessageBox.question(parent or self.host.window(), self.tr("存在未测项"), text)
        return True if answer == QMessageBox.StandardButton.Yes else None

    def run(
        self,
        label: str,
        make_job: Callable[[bool], Job],
        on_done: Callable[[Any], None],
        *,
        parent: QWidget | None = None,
        draft: bool | None = None,
    ) -> bool | None:
        """Run ``make_job(draft)`` in the background with a progress dialog.

        Args:
            label: What the progress dialog says.
            make_job: Makes the job, final (False) or draft (True).
            on_done: Gets the job's result on the GUI thread.
            parent: Owner of the dialogs (default: the window).
            draft: Whether to make a draft; None asks first if something is untested (:meth:`ask_draft`).

        Returns:
            The draft flag used, or None when the user declined the draft (nothing runs).
        """
        owner = parent or self.host.window()
        if draft is None:
            draft = self.ask_draft(owner)
            if draft is None:
                return None
        dialog = QProgressDialog(label, "", 0, 100, owner)
        dialog.setObjectName("report_progress")
        dialog.setWindowTitle(self.tr("报告"))
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.show()
        self.last_progress = dialog
        self.progress_log = [0]

        def progressed(percent: int, text: str) -> None:
            self.progress_log.append(percent)
            dialog.setValue(percent)
            if text:
                dialog.setLabelText(f"{label}\n{text}")

        def succeeded(result: object) -> None:
            self.progress_log.append(100)
            dialog.setValue(100)
            dialog.close()
            on_done(result)

        def failed(exc: BaseException) -> None:
            dialog.close()
            if isinstance(exc, UntestedError):  # the stored case has untested items the screen did not show
                QMessageBox.warning(
                    owner,
                    self.tr("存在未测项"),
                    self.tr("有 %1 项未测：%2。正式报告要求全部测评完成，未生成报告。")
                    .replace("%1", str(len(exc.items)))
                    .replace("%2", "、".join(str(i) for i in exc.items[:_LISTED_UNITS])),
                )
                return
            handle_error(owner, exc)

        self.host.services.runner.run(make_job(draft), on_success=succeeded, on_error=failed, on_progress=progressed)
        return draft

    def pdf_job(self, case_id: int, output: Path, *, copies: int, split: bool = False) -> Callable[[bool], Job]:
        """A job factory writing the report PDF of ``case_id``."""
        store = self.host.services.store
        assessor = self.assessor
        return lambda draft: functools.partial(make_pdf, store, case_id, output, copies, split, draft, assessor)

    def xlsx_job(self, case_id: int, output: Path) -> Callable[[bool], Job]:
        """A job factory writing the Excel workbook of ``case_id``."""
        store = self.host.services.store
        assessor = self.assessor
        return lambda draft: functools.partial(make_xlsx, store, case_id, output, draft, assessor)

    # -- menu actions ----------------------------------------------------------------------------

    def _ask_output(self, title: str, default: str, filters: str, suffix: str) -> Path | None:
        """Ask for the file to write (None: cancelled); the name always ends in ``suffix``."""
        output = ask_save_file(self.host.window(), self.host.state, "report", title, default, filters)
        if output is None:
            return None
        return output if output.suffix.lower() == suffix else output.with_suffix(suffix)

    def _default_name(self, what: str, suffix: str) -> str:
        """``<报告编号> <系统名称>-<what>.pdf``: the open case's report number and name."""
        session = self.host.controller.session
        if session is not None and session.case_id == self.host.current_case_id:
            return case_file_name(session.header.report_no, session.header.system_name, what, suffix)
        summary = self.host.current_case()
        if summary is None:
            return case_file_name("", "", what, suffix)
        return case_file_name(summary.report_no, summary.system_name, what, suffix)

    def _show_exported(self, names: str) -> None:
        self.host.status.show_message(self.tr("已导出：%1").replace("%1", names), 8000)

    @Slot()
    def preview(self) -> QWidget | None:
        """Open the preview dialog of the current case (generation starts at once)."""
        case_id = self.host.current_case_id
        if case_id is None:
            return None
        from ui.features.reports.preview import ReportPreviewDialog

        self._flush()
        dialog = ReportPreviewDialog(self, case_id, self.host.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.start()
        return dialog

    @Slot()
    def export_pdf(self, *, split: bool = False) -> None:
        """Ask for a file name and write the report (all copies, or one file per copy)."""
        case_id = self.host.current_case_id
        if case_id is None:
            return
        title = self.tr("导出分册PDF（每份一个文件）") if split else self.tr("导出报告PDF")
        output = self._ask_output(
            title,
            self._default_name(self.tr("商用密码应用安全性评估报告"), ".pdf"),
            self.tr("PDF 文件 (*.pdf)"),
            ".pdf",
        )
        if output is None:
            return
        self._flush()
        copies = self.copies

        def done(result: object) -> None:
            from reports.pdf import PdfResult

            assert isinstance(result, PdfResult)
            self._show_exported("、".join(p.name for p in result.paths))

        label = self.tr("正在生成报告（一式 %1 份）…").replace("%1", str(copies))
        self.run(label, self.pdf_job(case_id, output, copies=copies, split=split), done)

    @Slot()
    def export_split(self) -> None:
        """Export one PDF per copy (``name-1of3.pdf`` …)."""
        self.export_pdf(split=True)

    @Slot()
    def export_xlsx(self) -> None:
        """Ask for a file name and write the Excel record and score workbook."""
        case_id = self.host.current_case_id
        if case_id is None:
            return
        output = self._ask_output(
            self.tr("导出测评记录与量化评估Excel"),
            self._default_name(self.tr("测评记录与量化评估"), ".xlsx"),
            self.tr("Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if output is None:
            return
        self._flush()
        self.run(
            self.tr("正在导出Excel…"),
            self.xlsx_job(case_id, output),
            lambda result: self._show_exported(str(result)),
        )


__all__ = ["ReportActions", "make_pdf", "make_xlsx"]

"""Report preview: the generated PDF in QtPdf's QPdfView, with page navigation, zoom and print.

The report is generated in the background into a temporary folder (removed when the dialog
closes) with the report_copies setting (一式N份). Printing opens QPrintDialog with the copies
preset to that number. Because every copy carries its own copy mark (第1份/共3份 …), the
copies are printed as distinct pages of one job: choosing another count in the print dialog
regenerates the report with that many copies first.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QPointF, QRect, QSize, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter, QScreen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QProgressDialog,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from reports.pdf import PdfResult


class ReportJobs(Protocol):
    """What the preview needs of the report actions (:class:`ui.features.reports.actions.ReportActions`)."""

    @property
    def copies(self) -> int:
        """The report_copies setting."""
        ...

    def run(
        self,
        label: str,
        make_job: Callable[[bool], Callable[..., Any]],
        on_done: Callable[[Any], None],
        *,
        parent: QWidget | None = None,
        draft: bool | None = None,
    ) -> bool | None:
        """Run a report job in the background with a progress dialog; returns the draft flag used (None: declined)."""
        ...

    def pdf_job(self, case_id: int, output: Path, *, copies: int, split: bool = False) -> Callable[[bool], Any]:
        """A job factory writing the report PDF of ``case_id``."""
        ...

    def export_pdf(self, *, split: bool = False) -> None:
        """Ask for a file and export the report PDF."""
        ...

    def export_split(self) -> None:
        """Ask for a file and export one PDF per copy."""
        ...

    def export_xlsx(self) -> None:
        """Ask for a file and export the Excel workbook."""
        ...


ZOOM_STEP = 1.25
PREVIEW_SIZE = QSize(940, 690)
"""The preview's size at most: it fits a 1366×768 screen with a task bar (728 px high available)."""


def preview_size(parent: QWidget | None) -> QSize:
    """:data:`PREVIEW_SIZE`, smaller on a smaller screen (its available area, less a margin)."""
    screen: QScreen | None = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    if screen is None:
        return PREVIEW_SIZE
    available = screen.availableGeometry()
    return QSize(
        min(PREVIEW_SIZE.width(), max(480, available.width() - 40)),
        min(PREVIEW_SIZE.height(), max(360, available.height() - 40)),
    )


MIN_ZOOM, MAX_ZOOM = 0.25, 4.0


class ReportPreviewDialog(QDialog):
    """Preview, print and export the report of one case.

    Args:
        actions: The window's report actions (runner, settings, exports).
        case_id: The case to report on.
        parent: Parent widget.
    """

    print_dpi = 300
    """Resolution pages are rendered at for printing (the printer's own if lower)."""

    def __init__(self, actions: ReportJobs, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_preview")
        self.setWindowTitle(self.tr("预览报告"))
        self.resize(preview_size(parent))
        self.reporter = actions
        self.case_id = case_id
        self.copies = actions.copies
        self.report: PdfResult | None = None
        self.draft: bool | None = None
        """Whether the preview is a draft (None until the first generation asked)."""
        self._pending_printer: QPrinter | None = None
        """A printer waiting for the report to be regenerated with the copies chosen in the print dialog."""
        self._temp = Path(tempfile.mkdtemp(prefix="workbench-report-"))
        self.pdf_path = self._temp / "preview.pdf"

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("report_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)

        self.status = QLabel(self.tr("正在生成报告…"), self)
        self.status.setObjectName("report_status")
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("report_page")
        self.page_box.setRange(1, 1)
        self.page_box.setSuffix(self.tr(" 页"))
        self.page_box.valueChanged.connect(lambda value: self.go_to(value - 1))
        self.page_total = QLabel(" / 0 ", self)

        bar = QToolBar(self)
        self.prev_action = self._tool(
            bar, self.tr("上一页"), self.previous_page, QKeySequence.StandardKey.MoveToPreviousPage
        )
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_total)
        self.next_action = self._tool(bar, self.tr("下一页"), self.next_page, QKeySequence.StandardKey.MoveToNextPage)
        bar.addSeparator()
        self._tool(bar, self.tr("缩小"), self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._tool(bar, self.tr("放大"), self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._tool(bar, self.tr("适合宽度"), self.fit_width)
        bar.addSeparator()
        self.print_action = self._tool(bar, self.tr("打印…"), self.print_report, QKeySequence.StandardKey.Print)
        self._tool(bar, self.tr("导出PDF…"), actions.export_pdf)
        self._tool(bar, self.tr("导出分册PDF…"), actions.export_split)
        self._tool(bar, self.tr("导出Excel…"), actions.export_xlsx)
        self._set_ready(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

    def _tool(
        self, bar: QToolBar, text: str, slot: Callable[[], object], key: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(text, self)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        bar.addAction(action)
        return action

    def _set_ready(self, ready: bool) -> None:
        for action in (self.prev_action, self.next_action, self.print_action):
            action.setEnabled(ready)
        self.page_box.setEnabled(ready)

    # -- generation ------------------------------------------------------------------------------

    def start(self, copies: int | None = None) -> None:
        """(Re)generate the preview PDF in the background."""
        if copies is not None:
            self.copies = copies
        self._set_ready(False)
        self.status.setText(self.tr("正在生成报告（一式 %1 份）…").replace("%1", str(self.copies)))
        self.status.show()
        self.document.close()
        # the draft question is asked once for this preview; regenerating (another count of copies
        # chosen in the print dialog) keeps the answer
        self.draft = self.reporter.run(
            self.tr("正在生成报告预览…"),
            self.reporter.pdf_job(self.case_id, self.pdf_path, copies=self.copies),
            self._loaded,
            parent=self,
            draft=self.draft,
        )
        if self.draft is None:
            self.status.setText(self.tr("存在未测项，未生成报告预览。"))

    def _loaded(self, result: object) -> None:
        assert isinstance(result, PdfResult)
        self.report = result
        self.document.load(str(self.pdf_path))
        count = self.document.pageCount()
        self.page_box.setRange(1, max(count, 1))
        self.page_total.setText(f" / {count} ")
        self.status.setText(
            self.tr("一式 %1 份，每份 %2 页，共 %3 页")
            .replace("%1", str(result.copies))
            .replace("%2", str(result.pages_per_copy))
            .replace("%3", str(count))
        )
        self._set_ready(count > 0)
        self.go_to(0)
        if self._pending_printer is not None:
            printer, self._pending_printer = self._pending_printer, None
            self.print_document(printer)

    # -- navigation and zoom ---------------------------------------------------------------------

    @property
    def current_page(self) -> int:
        """The 0-based page shown."""
        return int(self.view.pageNavigator().currentPage())

    def go_to(self, page: int) -> None:
        """Show page ``page`` (0-based, clamped)."""
        count = self.document.pageCount()
        if count <= 0:
            return
        page = max(0, min(page, count - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())

    @Slot()
    def next_page(self) -> None:
        """Go to the next page."""
        self.go_to(self.current_page + 1)

    @Slot()
    def previous_page(self) -> None:
        """Go to the previous page."""
        self.go_to(self.current_page - 1)

    @Slot(int)
    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _zoom(self, factor: float) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, self.view.zoomFactor() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    @Slot()
    def zoom_in(self) -> None:
        """Enlarge by one step."""
        self._zoom(ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        """Reduce by one step."""
        self._zoom(1 / ZOOM_STEP)

    @Slot()
    def fit_width(self) -> None:
        """Fit the page width to the window."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # -- printing ---------------------------------------------------------------------------------

    @Slot()
    def print_report(self) -> None:
        """Open QPrintDialog (copies preset to the report_copies setting) and print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setCopyCount(self.copies)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印报告（份数即“一式N份”）"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        wanted = max(1, printer.copyCount())
        # Each copy has its own copy mark, so the copies are separate pages of one job.
        printer.setCopyCount(1)
        if wanted != self.copies:
            self._pending_printer = printer
            self.start(wanted)
            return
        self.print_document(printer)

    def print_document(self, printer: QPrinter) -> int:
        """Render every page of the loaded report onto ``printer``; returns the pages printed."""
        count = self.document.pageCount()
        if count <= 0:
            return 0
        printer.setFullPage(True)
        progress = QProgressDialog(self.tr("正在打印…"), "", 0, count, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        painter = QPainter()
        if not painter.begin(printer):
            progress.close()
            return 0
        dpi = min(self.print_dpi, printer.resolution())
        try:
            for page in range(count):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = self.document.render(page, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                progress.setValue(page + 1)
        finally:
            painter.end()
            progress.close()
        return count

    # -- closing ----------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close the document and remove the temporary folder."""
        self.document.close()
        shutil.rmtree(self._temp, ignore_errors=True)
        super().done(result)

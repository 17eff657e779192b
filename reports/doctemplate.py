"""The page templates (cover, contents, body), headings and the copy-independent page decoration.

Per-copy marks (copy mark, page numbers, TOC, outline) are drawn later by
:class:`reports.pagecanvas.CopyCanvas`; what is the same in every copy is drawn here during
layout: the running header's left part, the rules, the footer's assessor name and the draft
watermark.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from reports.pagecanvas import (
    BODY,
    COVER,
    FOOTER_Y,
    HEADER_SIZE,
    HEADER_Y,
    TOC,
    OutlineEntry,
    header_right_width,
)
from reports.styles import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_SIZE,
    PAGE_WIDTH,
    RULE,
    VERDICT_COLOURS,
    WATERMARK,
    styles,
)

CoverPainter = Callable[[Canvas], None]
DRAFT_INK = VERDICT_COLOURS["不符合"]
DRAFT_NOTICE = "【草稿】尚有未完成的测评项，不得作为正式报告"


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that records itself for the outline and the table of contents.

    Args:
        text: The heading text (plain, no markup).
        level: 0 for chapters and front-matter sections, 1 for sections, 2 for sub-sections
            (level 2 is neither in the outline nor in the TOC).
        key: Unique key within the report.
        toc: List it in the table of contents.
    """

    def __init__(self, text: str, level: int, key: str, *, toc: bool = True) -> None:
        st = styles()
        style = (st.h1, st.h2, st.h3)[min(level, 2)]
        super().__init__(text, style)
        self.plain_text = text
        self.level = level
        self.key = key
        self.in_toc = toc and level <= 1

    def draw(self) -> None:
        """Draw the text (chapters get a rule underneath) and record the position."""
        super().draw()
        canv = self.canv
        if self.level == 0:
            canv.saveState()
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.8)
            canv.line(0, -3, self.width, -3)
            canv.restoreState()
        record = getattr(canv, "record", None)
        if record is not None and self.level <= 1:
            _, top = canv.absolutePosition(0, self.height + 6)
            record.entries.append(
                OutlineEntry(self.level, self.plain_text, self.key, canv.getPageNumber(), top, self.in_toc)
            )


class ReportDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 document with the cover, contents and body page templates.

    Args:
        filename: Output path or file object.
        running_title: Left part of the running header (system + report title).
        report_no: Report number (to reserve the header's right part).
        assessor: Printed at the footer's left.
        draft: Draw the 草稿 watermark on every page.
        cover_painter: Draws the cover's static content.
        **kwargs: Document metadata (title, author, subject, keywords, creator).
    """

    def __init__(
        self,
        filename: Any,
        *,
        running_title: str,
        report_no: str,
        assessor: str,
        draft: bool,
        cover_painter: CoverPainter,
        **kwargs: Any,
    ) -> None:
        font = styles().font
        super().__init__(
            filename,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            initialFontName=font,
            pageCompression=1,
            **kwargs,
        )
        self.running_title = running_title
        self.header_room = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT - header_right_width(report_no) - 6 * mm
        self.assessor = assessor
        self.draft = draft
        self.cover_painter = cover_painter
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="body", leftPadding=0, rightPadding=0)
        cover_frame = Frame(0, 0, PAGE_WIDTH, PAGE_HEIGHT, id="cover")
        self.addPageTemplates(
            [
                PageTemplate(id=COVER, frames=[cover_frame], onPage=self._on_cover),
                PageTemplate(id=TOC, frames=[frame], onPage=self._on_toc),
                PageTemplate(id=BODY, frames=[frame], onPage=self._on_body),
            ]
        )

    # -- page decoration ---------------------------------------------------------------------------

    def _on_cover(self, canv: Canvas, _doc: object) -> None:
        canv.page_kind = COVER
        self.cover_painter(canv)
        if self.draft:
            canv.saveState()
            canv.setFont(styles().font, 12)
            canv.setFillColor(DRAFT_INK)
            canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 62 * mm, DRAFT_NOTICE)
            canv.restoreState()
        self._watermark(canv)

    def _on_toc(self, canv: Canvas, _doc: object) -> None:
        canv.page_kind = TOC
        self._decorate(canv)

    def _on_body(self, canv: Canvas, _doc: object) -> None:
        canv.page_kind = BODY
        self._decorate(canv)

    def _decorate(self, canv: Canvas) -> None:
        font = styles().font
        canv.saveState()
        canv.setFont(font, HEADER_SIZE)
        canv.setFillColor(MUTED)
        running = f"【草稿】{self.running_title}" if self.draft else self.running_title
        canv.drawString(MARGIN_LEFT, HEADER_Y, _fit(running, font, HEADER_SIZE, self.header_room))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_LEFT, HEADER_Y - 2.2 * mm, PAGE_WIDTH - MARGIN_RIGHT, HEADER_Y - 2.2 * mm)
        canv.line(MARGIN_LEFT, FOOTER_Y + 4.2 * mm, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y + 4.2 * mm)
        # Up to the centred page number ("第 999 页  共 999 页" is about 80 pt wide).
        footer_room = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 2 - 48
        canv.setFont(font, 8)
        canv.drawString(MARGIN_LEFT, FOOTER_Y, _fit(self.assessor, font, 8, footer_room))
        canv.restoreState()
        self._watermark(canv)

    def _watermark(self, canv: Canvas) -> None:
        if not self.draft:
            return
        font = styles().font
        canv.saveState()
        canv.setFillColor(WATERMARK)
        canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canv.rotate(40)
        canv.setFont(font, 120)
        canv.drawCentredString(0, 0, "草稿")
        canv.setFont(font, 34)
        canv.drawCentredString(0, -48, "DRAFT · 未完成测评，不得作为正式报告")
        canv.restoreState()


def _fit(text: str, font: str, size: float, room: float) -> str:
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def front_pages(toc_pages: int) -> list[Flowable]:
    """The flowables that occupy the cover and the reserved contents pages."""
    out: list[Flowable] = [Spacer(1, 1), NextPageTemplate(TOC), PageBreak()]
    for index in range(toc_pages):
        out.append(Spacer(1, 1))
        if index == toc_pages - 1:
            out.append(NextPageTemplate(BODY))
        out.append(PageBreak())
    return out

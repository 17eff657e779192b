"""Write a plan document (:mod:`reports.plan_blocks`) as PDF through reportlab.

Same typography as the 密评 report (:mod:`reports.styles`: the embedded CJK face, Chinese line
breaking, table styling), a contents page with page numbers (two-pass build), PDF bookmarks, a
running header and page numbers, and the 草稿 watermark on drafts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from app import APP_DISPLAY_NAME, __version__
from app.core.atomicfile import replace_atomically
from reports.plan_blocks import Document, Heading, Para, Table
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
    WATERMARK,
    styles,
)
from reports.tables import cell, data_table, text, widths


class _Heading(Paragraph):  # type: ignore[misc]
    def __init__(self, value: str, level: int) -> None:
        st = styles()
        super().__init__(value, (st.h1, st.h2, st.h3)[min(level, 3) - 1])
        self.plain = value
        self.level = level


class _PlanDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, filename: Any, doc: Document) -> None:
        super().__init__(
            filename,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=doc.title,
            subject=doc.subtitle,
            keywords=list(doc.keywords),
            creator=f"{APP_DISPLAY_NAME} {__version__}",
            initialFontName=styles().font,
        )
        self.plan = doc
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, self.height, id="body", leftPadding=0, rightPadding=0)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=self._cover),
                PageTemplate(id="body", frames=[frame], onPage=self._body),
            ]
        )
        self._bookmarks = 0

    def beforeDocument(self) -> None:
        """Start each pass of the two-pass build with the same bookmark keys."""
        self._bookmarks = 0

    def afterFlowable(self, flowable: Any) -> None:
        """Record headings for the contents page and the PDF outline."""
        if isinstance(flowable, _Heading) and flowable.level <= 2:
            key = f"h{self._bookmarks}"
            self._bookmarks += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.plain, key, level=flowable.level - 1, closed=flowable.level > 1)
            self.notify("TOCEntry", (flowable.level - 1, flowable.plain, self.page, key))

    def _watermark(self, canv: Canvas) -> None:
        if not self.plan.draft:
            return
        canv.saveState()
        canv.setFont(styles().font, 80)
        canv.setFillColor(WATERMARK)
        canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canv.rotate(35)
        canv.drawCentredString(0, 0, "草稿")
        canv.restoreState()

    def _cover(self, canv: Canvas, _doc: object) -> None:
        self._watermark(canv)

    def _body(self, canv: Canvas, _doc: object) -> None:
        font = styles().font
        canv.saveState()
        canv.setFont(font, 8.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP + 8 * mm, self.plan.running_title)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(
            MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP + 6 * mm, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - MARGIN_TOP + 6 * mm
        )
        canv.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 10 * mm, f"第 {canv.getPageNumber()} 页")
        canv.restoreState()
        self._watermark(canv)


def _story(doc: Document) -> list[Any]:
    st = styles()
    story: list[Any] = [
        Spacer(1, 60 * mm),
        text(doc.title, st.title),
        Spacer(1, 8 * mm),
        text(doc.subtitle, st.subtitle),
    ]
    if doc.draft:
        story += [Spacer(1, 6 * mm), text("【草稿】尚有不符合项或未完成内容，不得作为正式方案", st.subtitle)]
    story.append(Spacer(1, 70 * mm))
    story += [text(line, st.cover_line) for line in doc.cover_lines]
    story += [NextPageTemplate("body"), PageBreak(), text("目  录", st.h1)]
    toc = TableOfContents()
    toc.levelStyles = [st.body, st.body_indent]
    # The default table style leaves cells in Helvetica (a non-embedded base-14 font).
    toc.tableStyle = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), st.font),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    story += [toc, PageBreak()]
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(_Heading(block.text, block.level))
        elif isinstance(block, Para):
            story.append(text(block.text, st.note) if block.note else Paragraph(_escape(block.text), st.body_indent))
        elif isinstance(block, Table):
            rows = [[cell(v) for v in row] for row in block.rows]
            story.append(data_table(block.header, rows, widths(*block.widths) if block.widths else widths(0)))
            if block.caption:
                story.append(text(block.caption, st.caption))
            story.append(Spacer(1, 3 * mm))
    return story


def _escape(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)


def write_pdf(doc: Document, path: str | Path) -> tuple[Path, int]:
    """Write ``doc`` to ``path`` atomically; returns the path and the page count."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with replace_atomically(target, prefix=".plan-", suffix=".pdf") as tmp:
        template = _PlanDoc(str(tmp), doc)
        template.multiBuild(_story(doc))
        pages = template.page
    return target, pages

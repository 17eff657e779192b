"""Lay the report out once, then emit it N times with per-copy marks and page numbers.

:class:`CopyCanvas` is the canvas platypus draws on. During layout it keeps every finished page
instead of writing it (the classic "two-pass page X of Y" canvas). When the document is saved:

1. each laid-out page becomes one PDF form XObject, written once;
2. for every copy, one real page per laid-out page draws that form and then the copy-specific
   marks: the copy mark on the cover and in the header, the report number, the footer
   ``第 X 页 共 Y 页`` (counted within the copy), the table of contents, and the copy's outline
   (bookmarks).

So a three-copy report costs one layout, and the file holds the page content once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reports.copies import CopyInfo
from reports.styles import (
    ACCENT,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    styles,
)

COVER = "cover"
TOC = "toc"
BODY = "body"

HEADER_Y = PAGE_HEIGHT - MARGIN_TOP + 9 * mm
FOOTER_Y = MARGIN_BOTTOM - 11 * mm
COPY_BOX = (PAGE_WIDTH - MARGIN_RIGHT - 52 * mm, PAGE_HEIGHT - 38 * mm, 52 * mm, 17 * mm)
"""x, y, width, height of the cover's copy-mark box (left empty by the cover painter)."""

HEADER_SIZE = 8.5
TOC_LINE = 17.0
TOC_MIN_LINE = 14.0
TOC_FIRST_TOP = PAGE_HEIGHT - MARGIN_TOP - 30


@dataclass(frozen=True)
class OutlineEntry:
    """A heading found during layout (outline and table of contents).

    Attributes:
        level: 0 for chapters and front-matter sections, 1 for sections.
        title: The heading text.
        key: Unique bookmark key within one copy.
        page: 1-based page within a copy.
        top: Absolute y of the heading's top on that page.
        toc: Whether it is listed in the table of contents.
    """

    level: int
    title: str
    key: str
    page: int
    top: float
    toc: bool = True


@dataclass
class LayoutRecord:
    """What the layout pass learns: page kinds and headings (filled while drawing)."""

    page_kinds: dict[int, str] = field(default_factory=dict)
    entries: list[OutlineEntry] = field(default_factory=list)


@dataclass(frozen=True)
class PageMarks:
    """Copy-independent text for the per-copy marks."""

    report_no: str
    toc_pages: int
    toc_line: float = TOC_LINE


def header_right(report_no: str, copy: CopyInfo) -> str:
    """The copy-specific right part of the running header."""
    return f"报告编号：{report_no}　{copy.mark}"


def header_right_width(report_no: str) -> float:
    """Width reserved for :func:`header_right` (the widest copy mark), so the left part never overlaps."""
    widest = CopyInfo(9, 9, "")
    return float(stringWidth(header_right(report_no, widest), styles().font, HEADER_SIZE))


def _toc_room(page_index: int) -> float:
    bottom = MARGIN_BOTTOM + 6
    top = TOC_FIRST_TOP - 18 - TOC_LINE if page_index == 0 else PAGE_HEIGHT - MARGIN_TOP - 6
    return float(top - bottom)


def toc_layout(entries: int) -> tuple[int, float]:
    """Pages to reserve for a TOC with ``entries`` lines, and the line pitch to use.

    The contents fit on one page when the pitch can shrink to :data:`TOC_MIN_LINE`; longer
    contents use the full pitch over several pages.
    """
    room = _toc_room(0)
    if entries * TOC_MIN_LINE <= room:
        return 1, min(TOC_LINE, room / max(entries, 1))
    pages, left = 1, entries - int(room // TOC_LINE)
    while left > 0:
        left -= int(_toc_room(pages) // TOC_LINE)
        pages += 1
    return pages, TOC_LINE


class CopyCanvas(Canvas):  # type: ignore[misc]
    """A canvas that defers pages and emits them once per copy (see the module docstring).

    Args:
        filename: Output path or file object.
        copies: The copies to emit, in order.
        record: Filled by the layout pass (page kinds, headings).
        marks: Report number and TOC page count.
        **kwargs: Passed to :class:`~reportlab.pdfgen.canvas.Canvas`.
    """

    def __init__(
        self,
        filename: Any,
        *,
        copies: Sequence[CopyInfo],
        record: LayoutRecord,
        marks: PageMarks,
        **kwargs: Any,
    ) -> None:
        super().__init__(filename, **kwargs)
        self.copies = tuple(copies)
        self.record = record
        self.marks = marks
        self._pages: list[dict[str, Any]] = []
        self.page_kind = BODY

    # -- layout pass ---------------------------------------------------------------------------

    def showPage(self) -> None:
        """Keep the finished page's content for :meth:`save` and start the next one."""
        self.record.page_kinds[self._pageNumber] = self.page_kind
        self._pages.append(
            {
                "code": self._code,
                "preamble": self._preamble,
                "forms": self._formsinuse,
                "colors": self._colorsUsed,
                "shading": self._shadingUsed,
                "extgstate": self._extgstate,
            }
        )
        self.page_kind = BODY
        self._startPage()

    # -- emitting ------------------------------------------------------------------------------

    def save(self) -> None:
        """Write each page once as a form, then every copy's pages, then the file."""
        if self._code:
            self.showPage()
        for index, page in enumerate(self._pages):
            self._add_form(f"page{index}", page)
        count = len(self._pages)
        by_page: dict[int, list[OutlineEntry]] = {}
        for entry in self.record.entries:
            by_page.setdefault(entry.page, []).append(entry)
        nested = len(self.copies) > 1
        for copy in self.copies:
            for index in range(count):
                number = index + 1
                self.doForm(f"page{index}")
                kind = self.record.page_kinds.get(number, BODY)
                if kind == COVER:
                    self._cover_marks(copy)
                else:
                    self._header_footer(copy, number, count)
                if kind == TOC:
                    self._toc(number)
                self._outline(copy, number, by_page.get(number, ()), nested)
                Canvas.showPage(self)
        self.showOutline()
        self._pages = []
        Canvas.save(self)

    def _add_form(self, name: str, page: dict[str, Any]) -> None:
        # Like Canvas.endForm, but from a stored page, and with the page's ExtGState (the
        # draft watermark's transparency) in the form's own resources.
        form = pdfdoc.PDFFormXObject(lowerx=0, lowery=0, upperx=self._pagesize[0], uppery=self._pagesize[1])
        form.compression = self._pageCompression
        form.setStreamList([page["preamble"], *page["code"], " "])
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if page["forms"]:
            resources.XObject = self._doc.xobjDict(page["forms"])
        extgstate = page["extgstate"].getState()
        if extgstate:
            resources.ExtGState = extgstate
        resources.setShading(page["shading"])
        resources.setColorSpace(page["colors"])
        form.Resources = resources
        self._doc.addForm(name, form)

    def _cover_marks(self, copy: CopyInfo) -> None:
        font = styles().font
        x, y, w, h = COPY_BOX
        self.saveState()
        self.setStrokeColor(ACCENT)
        self.setLineWidth(0.9)
        self.roundRect(x, y, w, h, 2 * mm, stroke=1, fill=0)
        self.setFillColor(ACCENT)
        self.setFont(font, 14)
        self.drawCentredString(x + w / 2, y + h - 7 * mm, copy.mark)
        self.setFillColor(INK)
        self.setFont(font, 10)
        self.drawCentredString(x + w / 2, y + 3.6 * mm, copy.recipient_text)
        self.restoreState()

    def _header_footer(self, copy: CopyInfo, number: int, count: int) -> None:
        font = styles().font
        self.saveState()
        self.setFont(font, HEADER_SIZE)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, HEADER_Y, header_right(self.marks.report_no, copy))
        self.setFont(font, 9)
        self.setFillColor(INK)
        self.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"第 {number} 页  共 {count} 页")
        self.setFont(font, HEADER_SIZE)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, FOOTER_Y, copy.recipient_text)
        self.restoreState()

    def _toc(self, number: int) -> None:
        first_toc = min(p for p, k in self.record.page_kinds.items() if k == TOC)
        index = number - first_toc
        pitch = self.marks.toc_line
        entries = [e for e in self.record.entries if e.toc]
        per_page = [int(_toc_room(i) // pitch) for i in range(index + 1)]
        start = sum(per_page[:index])
        lines = entries[start : start + per_page[index]]
        font = styles().font
        self.saveState()
        if index == 0:
            self.setFont(font, 18)
            self.setFillColor(ACCENT)
            self.drawCentredString(PAGE_WIDTH / 2, TOC_FIRST_TOP, "目    录")
            top = TOC_FIRST_TOP - 18 - TOC_LINE
        else:
            top = PAGE_HEIGHT - MARGIN_TOP - 6 - pitch
        right = PAGE_WIDTH - MARGIN_RIGHT
        for entry in lines:
            size = 11 if entry.level == 0 else 10
            indent = 0 if entry.level == 0 else 8 * mm
            self.setFont(font, size)
            self.setFillColor(INK if entry.level == 0 else MUTED)
            x = MARGIN_LEFT + indent
            self.drawString(x, top, entry.title)
            page_text = str(entry.page)
            self.drawRightString(right, top, page_text)
            start_x = x + stringWidth(entry.title, font, size) + 4
            end_x = right - stringWidth(page_text, font, size) - 4
            if end_x > start_x:
                self.setStrokeColor(RULE)
                self.setLineWidth(0.6)
                self.setDash(0.6, 2.4)
                self.line(start_x, top + 1, end_x, top + 1)
                self.setDash()
            top -= pitch
        self.restoreState()

    def _outline(self, copy: CopyInfo, number: int, entries: Sequence[OutlineEntry], nested: bool) -> None:
        offset = 1 if nested else 0
        if nested and number == 1:
            key = f"copy{copy.number}"
            self.bookmarkPage(key, fit="Fit")
            self.addOutlineEntry(f"{copy.mark}（{copy.recipient_text}）", key, level=0, closed=copy.number > 1)
        for entry in entries:
            key = f"c{copy.number}-{entry.key}"
            self.bookmarkPage(key, fit="XYZ", left=0, top=entry.top, zoom=0)
            self.addOutlineEntry(entry.title, key, level=entry.level + offset)

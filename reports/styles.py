"""Typography and table styling shared by every part of the report PDF.

One CJK face (WenQuanYi Micro Hei, embedded and subset) is used everywhere, including table
cells and chart labels, so ``pdffonts`` never lists a non-embedded base-14 font. The face has no
bold weight: hierarchy comes from size, colour and rules instead of fake bold.

Sizes follow common Chinese report practice: body 五号 (10.5 pt), tables 小五 (9 pt), chapter
headings 三号 (16 pt).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as _rl_paragraph

from reports.fonts import register_fonts

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 27 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1F2329")
MUTED = colors.HexColor("#5F6670")
ACCENT = colors.HexColor("#1F4E79")
RULE = colors.HexColor("#9AA5B1")
GRID = colors.HexColor("#A9B2BC")
HEADER_FILL = colors.HexColor("#DCE6F0")
BAND_FILL = colors.HexColor("#F8FAFC")
WATERMARK = colors.Color(0.85, 0.1, 0.1, alpha=0.13)

VERDICT_COLOURS = {
    "符合": colors.HexColor("#2E7D32"),
    "部分符合": colors.HexColor("#B26A00"),
    "不符合": colors.HexColor("#C62828"),
    "不适用": colors.HexColor("#6B7280"),
    "未测": colors.HexColor("#1D4ED8"),
    "暂不下结论": colors.HexColor("#1D4ED8"),
}


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the report (build once with :func:`styles`)."""

    font: str
    body: ParagraphStyle
    body_indent: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    formula: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    caption: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_line: ParagraphStyle


NO_LINE_START = "，。、；：！？”’》〉」』】〕）％"
"""Chinese punctuation that must not start a line (reportlab's list only has the Japanese set)."""

_CHAR_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
"""Glyph widths by (font, size) and character: CJK text is split character by character."""


def _char_widths(word: str, fontName: str, fontSize: float) -> list[float]:
    # reportlab's textsplit.getCharWidths calls stringWidth once per character (half a million
    # calls for a 1,000-object report, ≈a quarter of its time): the same widths, each measured once.
    table = _CHAR_WIDTHS.setdefault((fontName, fontSize), {})
    widths = []
    for char in word:
        known = table.get(char)
        if known is None:
            known = table[char] = stringWidth(char, fontName, fontSize)
        widths.append(known)
    return widths


def _split(word: str, maxWidths: Any, fontName: str, fontSize: float) -> Any:
    """``textsplit.wordSplit`` of a ``str``: the same lines, the glyph widths looked up once per character."""
    return _rl_textsplit.dumbSplit(word, _char_widths(word, fontName, fontSize), maxWidths)


def _capacity(maxWidths: Any, index: int) -> float:
    if isinstance(maxWidths, list | tuple):
        return float(maxWidths[min(index, len(maxWidths) - 1)])
    return float(maxWidths)


def _word_split_hanging(word: str, maxWidths: Any, fontName: str, fontSize: float, encoding: str = "utf8") -> Any:
    # reportlab's splitter only checks the character that overflowed; after its backtracking
    # inside mixed Latin/CJK runs a line can still begin with "，" or "。", and where it does
    # keep such a mark off the next line it hangs it past the right edge — harmless in body
    # text, but in a narrow table cell it crosses the cell border. So, line by line:
    # a line may not start with a closing mark (it joins the previous line if that line has
    # room, otherwise the previous line's last character comes down with it: 推入), and a line
    # may not run past the edge with closing marks (they move down with the character before).
    lines = [list(line) for line in _split(word, maxWidths, fontName, fontSize)]

    def width(text: str) -> float:
        return float(stringWidth(text, fontName, fontSize))

    index = 0
    while index < len(lines):
        extra, text = lines[index]
        lead = 0
        while lead < 2 and text[lead : lead + 1] and text[lead] in NO_LINE_START:
            lead += 1
        if lead and index > 0:
            marks, previous = text[:lead], lines[index - 1][1]
            # The previous line's last character, with any marks hung after it, may come down.
            keep = len(previous) - 1
            while keep > 0 and previous[keep] in NO_LINE_START:
                keep -= 1
            if lines[index - 1][0] >= width(marks) or keep <= 0:
                lines[index - 1][1] += marks
                lines[index - 1][0] -= width(marks)
                lines[index] = [extra + width(marks), text[lead:]]
            else:
                moved = previous[keep:]
                lines[index - 1] = [lines[index - 1][0] + width(moved), previous[:keep]]
                lines[index] = [extra - width(moved), moved + text]
            if not lines[index][1]:
                del lines[index]
                continue
        extra, text = lines[index]
        while extra < -0.5 and len(text) > 1:
            # Too wide (a hung mark, or a character pushed in above): move the end down, keeping
            # closing marks together with the character before them.
            trail = 0
            while trail < 2 and trail < len(text) - 1 and text[-1 - trail] in NO_LINE_START:
                trail += 1
            tail = text[-(trail + 1) :]
            if len(tail) == len(text):
                break
            text, extra = text[: -len(tail)], extra + width(tail)
            if index + 1 < len(lines):
                lines[index + 1] = [lines[index + 1][0] - width(tail), tail + lines[index + 1][1]]
            else:
                lines.append([_capacity(maxWidths, index + 1) - width(tail), tail])
        lines[index] = [extra, text]
        index += 1
    return lines


def _chinese_line_breaking() -> None:
    # reportlab's CJK wrap ("wordWrap='CJK'") hangs a character that may not start a line into
    # the right margin instead of moving it down, but its list lacks the full-width comma,
    # semicolon, colon and closing quotes of Chinese text. textsplit.py (single-run paragraphs)
    # and paragraph.py (mixed runs) read their module-level copies at wrap time, so extending
    # both is enough.
    for module in (_rl_textsplit, _rl_paragraph):
        current = module.ALL_CANNOT_START
        missing = "".join(c for c in NO_LINE_START if c not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing
    _rl_paragraph.wordSplit = _word_split_hanging


@lru_cache(maxsize=1)
def styles() -> Styles:
    """Return the report's paragraph styles (fonts are registered on first use)."""
    font = register_fonts()
    _chinese_line_breaking()

    def make(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": font,
            "fontSize": 10.5,
            "leading": 17,
            "textColor": INK,
            "wordWrap": "CJK",
            "alignment": TA_JUSTIFY,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = make("cell", fontSize=9, leading=12.5, alignment=TA_LEFT)
    return Styles(
        font=font,
        body=make("body", spaceAfter=4),
        body_indent=make("body_indent", firstLineIndent=21, spaceAfter=4),
        note=make("note", fontSize=9, leading=13, textColor=MUTED, spaceBefore=2, spaceAfter=6),
        cell=cell,
        cell_center=make("cell_center", fontSize=9, leading=12.5, alignment=TA_CENTER),
        cell_head=make("cell_head", fontSize=9, leading=12, alignment=TA_CENTER, textColor=INK),
        formula=make("formula", fontSize=8.5, leading=11.5, alignment=TA_LEFT),
        h1=make("h1", fontSize=16, leading=24, textColor=ACCENT, spaceBefore=6, spaceAfter=10, alignment=TA_LEFT),
        h2=make("h2", fontSize=13, leading=20, textColor=ACCENT, spaceBefore=10, spaceAfter=6, alignment=TA_LEFT),
        h3=make("h3", fontSize=11, leading=17, textColor=INK, spaceBefore=6, spaceAfter=4, alignment=TA_LEFT),
        caption=make(
            "caption", fontSize=9, leading=13, alignment=TA_CENTER, textColor=MUTED, spaceBefore=3, spaceAfter=8
        ),
        title=make("title", fontSize=26, leading=38, alignment=TA_CENTER, textColor=INK),
        subtitle=make("subtitle", fontSize=20, leading=30, alignment=TA_CENTER, textColor=ACCENT),
        cover_line=make("cover_line", fontSize=13, leading=24, alignment=TA_LEFT),
    )


def table_style(
    *,
    header_rows: int = 1,
    center_cols: tuple[int, ...] = (),
    banded: bool = True,
) -> list[tuple[object, ...]]:
    """Return the common table commands: light grid, shaded header, optional banding.

    Args:
        header_rows: Rows at the top that are shaded (and repeated across pages by the caller).
        center_cols: Columns whose content is centred (marks, scores).
        banded: Shade every other body row very lightly.
    """
    font = styles().font
    cmds: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LEADING", (0, 0), (-1, -1), 12),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if banded:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, BAND_FILL]))
    for col in center_cols:
        cmds.append(("ALIGN", (col, header_rows), (col, -1), "CENTER"))
    return cmds

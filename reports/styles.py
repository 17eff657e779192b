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

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

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
GROUP_FILL = colors.HexColor("#EEF2F7")
BAND_FILL = colors.HexColor("#F8FAFC")
WATERMARK = colors.Color(0.85, 0.1, 0.1, alpha=0.13)

VERDICT_COLOURS = {
    "符合": colors.HexColor("#2E7D32"),
    "部分符合": colors.HexColor("#B26A00"),
    "不符合": colors.HexColor("#C62828"),
    "不适用": colors.HexColor("#6B7280"),
}


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the report (build once with :func:`styles`)."""

    font: str
    body: ParagraphStyle
    body_indent: ParagraphStyle
    small: ParagraphStyle
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
    toc_title: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    """Return the report's paragraph styles (fonts are registered on first use)."""
    font = register_fonts()

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
        small=make("small", fontSize=9, leading=13, textColor=MUTED),
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
        toc_title=make("toc_title", fontSize=16, leading=24, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=12),
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

"""Cell styling shared by the Excel sheets (openpyxl)."""

from __future__ import annotations

from collections.abc import Container, Sequence
from copy import copy
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FONT = "等线"
"""Excel/WPS default CJK UI font; the viewer substitutes when absent."""

THIN = Side(style="thin", color="A9B2BC")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
RESULT_FILL = PatternFill("solid", fgColor="E8F5E9")
TITLE_FONT = Font(name=FONT, size=14, bold=True, color="1F4E79")
HEADER_FONT = Font(name=FONT, size=10, bold=True)
BODY_FONT = Font(name=FONT, size=10)
NOTE_FONT = Font(name=FONT, size=9, color="5F6670")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

SCORE_FORMAT = "0.0000"
TOTAL_FORMAT = "0.00"


def title(ws: Worksheet, text: str, row: int = 1, note: str = "") -> int:
    """Write a sheet title (and an optional note below); return the next free row."""
    ws.cell(row=row, column=1, value=text).font = TITLE_FONT
    ws.row_dimensions[row].height = 24
    if note:
        ws.cell(row=row + 1, column=1, value=note).font = NOTE_FONT
        return row + 3
    return row + 2


def header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    """Write a shaded header row."""
    for col, label in enumerate(labels, start=1):
        c = ws.cell(row=row, column=col, value=label)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = CENTER


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    number_format: str | None = None,
    center: bool = False,
    fill: PatternFill | None = None,
) -> None:
    """Write one body cell with border and wrapping."""
    c = ws.cell(row=row, column=col, value=value)
    styles = _BODY_STYLES.setdefault(ws.parent, {})
    key = (center, number_format, None if fill is None else (fill.patternType, fill.fgColor.rgb, fill.bgColor.rgb))
    style = styles.get(key)
    if style is not None:
        c._style = copy(style)
        return
    c.font = BODY_FONT
    c.border = BORDER
    c.alignment = CENTER if center else WRAP
    if number_format:
        c.number_format = number_format
    if fill is not None:
        c.fill = fill
    styles[key] = copy(c._style)


_BODY_STYLES: WeakKeyDictionary[Workbook, dict[tuple[bool, str | None, object], StyleArray]] = WeakKeyDictionary()
"""Per workbook: the style of a body cell, by how it is styled, once it has been set on one cell.

Setting font, border and alignment on a cell hashes each style object to find its index in
the workbook (≈5 look-ups per cell, most of the Excel export's time); every further body cell
styled the same way copies the indices (openpyxl's own cell copy does the same).
"""


def put_row(
    ws: Worksheet,
    row: int,
    values: Sequence[Any],
    *,
    center: Container[int] = (),
    number_format: str | None = None,
    formatted: Container[int] = (),
) -> None:
    """Write ``values`` as body cells from column 1; ``center`` and ``formatted`` are 1-based columns."""
    for col, value in enumerate(values, start=1):
        put(ws, row, col, value, center=col in center, number_format=number_format if col in formatted else None)


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    """Set column widths (in Excel character units)."""
    for index, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

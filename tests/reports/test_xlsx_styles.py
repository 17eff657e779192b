"""Body cells reuse their workbook's style indices: the same look as styling each cell, a fraction of the look-ups."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill, styleable

from app.mipin.bundle import bundle_from_data
from reports.model import build_model
from reports.xlsx import build_workbook
from reports.xlsx_style import BODY_FONT, BORDER, CENTER, INPUT_FILL, RESULT_FILL, SCORE_FORMAT, WRAP, put
from tests.reports.casefactory import make_large_case


def _indices(cell: object) -> tuple[int, ...]:
    """The cell's style indices in its workbook (font, fill, border, number format, …)."""
    return tuple(cell._style)  # type: ignore[attr-defined]


def test_a_body_cell_looks_the_same_whether_styled_first_or_copied() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    variants: list[dict[str, Any]] = [
        {},
        {"center": True},
        {"number_format": SCORE_FORMAT},
        {"center": True, "number_format": SCORE_FORMAT, "fill": RESULT_FILL},
        {"center": True, "fill": INPUT_FILL},
    ]
    for row in (1, 2, 3):  # row 1 styles each variant, rows 2 and 3 copy it
        for col, options in enumerate(variants, start=1):
            put(ws, row, col, f"{row}-{col}", **options)
    for col, options in enumerate(variants, start=1):
        first = ws.cell(1, col)
        assert _indices(ws.cell(2, col)) == _indices(ws.cell(3, col)) == _indices(first)
        assert first.font == BODY_FONT and first.border == BORDER
        assert first.alignment == (CENTER if options.get("center") else WRAP)
        assert first.number_format == options.get("number_format", "General")
        assert first.fill == options.get("fill", PatternFill())
    assert len({_indices(ws.cell(1, col)) for col in range(1, len(variants) + 1)}) == len(variants)
    other = Workbook().active  # another workbook has style indices of its own
    assert other is not None
    put(other, 1, 1, "x", fill=RESULT_FILL)
    assert other.cell(1, 1).fill == RESULT_FILL and other.cell(1, 1).font == BODY_FONT


def test_the_workbook_sets_styles_a_few_hundred_times_not_once_per_cell(monkeypatch) -> None:
    """Guards the Excel export's speed (issue 9): setting a style hashes it, ≈4 per cell before."""
    calls = [0]
    original = styleable.StyleDescriptor.__set__

    def counting(self: object, instance: object, value: object) -> None:
        calls[0] += 1
        original(self, instance, value)

    monkeypatch.setattr(styleable.StyleDescriptor, "__set__", counting)
    model = build_model(bundle_from_data(make_large_case(units=41, objects=300)))
    wb = build_workbook(model)[0]
    cells = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.has_style)
    assert cells > 5000
    assert calls[0] < cells / 5, (calls[0], cells)

"""Table and paragraph helpers: escaped text cells, repeated headers, grouped long tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from reports.styles import FRAME_WIDTH, HEADER_FILL, MUTED, styles, table_style

Cell = Any
"""A table cell: a plain string (not wrapped; for short values) or a flowable."""


def text(value: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A wrapped paragraph of plain text (XML special characters escaped)."""
    return Paragraph(escape(value), style or styles().body)


def body(value: str) -> Paragraph:
    """A body paragraph with a first-line indent of two characters."""
    return Paragraph(escape(value), styles().body_indent)


def cell(value: str | None, *, center: bool = False) -> Paragraph:
    """A wrapped table cell (``—`` for empty)."""
    st = styles()
    return Paragraph(escape(value) if value else "—", st.cell_center if center else st.cell)


def lines(*parts: str, center: bool = False) -> Paragraph:
    """A table cell with one line per part (each part escaped, joined by line breaks)."""
    st = styles()
    return Paragraph("<br/>".join(escape(p) for p in parts), st.cell_center if center else st.cell)


def head(value: str) -> Paragraph:
    """A header cell (wrapped, centred)."""
    return Paragraph(escape(value), styles().cell_head)


def widths(*mms: float) -> list[float]:
    """Column widths given in mm; the last ``0`` takes what is left of the frame width."""
    out = [w * mm for w in mms]
    if 0 in mms:
        rest = FRAME_WIDTH - sum(out)
        out = [rest if w == 0 else w for w in out]
    return out


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    *,
    center_cols: tuple[int, ...] = (),
    extra: Sequence[tuple[object, ...]] = (),
    group_labels: Sequence[str | None] | None = None,
    banded: bool = True,
) -> Table:
    """A full-width table whose header row repeats on every page.

    Args:
        header: Column titles.
        rows: Body rows.
        col_widths: Widths in points (see :func:`widths`).
        center_cols: Columns centred in the body.
        extra: More table style commands.
        group_labels: Per body row, the label put into the empty first cell when the row
            starts a continuation page (see :class:`GroupedTable`).
        banded: Shade every other body row.
    """
    data: list[list[Cell]] = [[head(h) for h in header], *([*r] for r in rows)]
    style = TableStyle([*table_style(center_cols=center_cols, banded=banded), *extra])
    if group_labels is None:
        return Table(data, colWidths=list(col_widths), repeatRows=1, style=style, hAlign="LEFT")
    return GroupedTable(
        data, colWidths=list(col_widths), repeatRows=1, style=style, hAlign="LEFT", group_of=[None, *group_labels]
    )


class GroupedTable(Table):  # type: ignore[misc]
    """A table of grouped rows (a unit and its objects) that relabels continuation pages.

    The group's name is printed only on its first row. When the table splits inside a group,
    the first row of the new page gets the group's continuation label (``NC-1（续）``), so a
    reader of a printed page always knows which unit the rows belong to.

    Args:
        data: Rows, header included.
        group_of: Per row (header included), the continuation label or None.
        **kwargs: Passed to :class:`~reportlab.platypus.Table`.
    """

    def __init__(self, data: Any, *args: Any, group_of: Sequence[str | None] | None = None, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.group_of: list[str | None] = list(group_of or [])

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split as a normal table, then label the continuation's first row."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not self.group_of:
            return parts
        first, rest = parts
        repeat = int(self.repeatRows)
        n = len(first._cellvalues)
        first.group_of = self.group_of[:n]
        rest.group_of = self.group_of[:repeat] + self.group_of[n:]
        label = self.group_of[n] if n < len(self.group_of) else None
        if label and len(rest._cellvalues) > repeat and _is_empty(rest._cellvalues[repeat][0]):
            row = list(rest._cellvalues[repeat])
            row[0] = Paragraph(escape(label), _continued_style())
            rest._cellvalues[repeat] = row
        return parts


def _is_empty(value: Any) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, Paragraph) and not value.getPlainText().strip()


@lru_cache(maxsize=1)
def _continued_style() -> ParagraphStyle:
    return ParagraphStyle("continued", parent=styles().cell, textColor=MUTED)


def kv_table(pairs: Sequence[tuple[str, str]], *, label_width: float = 38 * mm) -> Table:
    """A label/value table (basic information), one pair per row."""
    rows = [[head(label), cell(value)] for label, value in pairs]
    # Label cells are shaded like headers; there is no header row as such.
    cmds = [c for c in table_style(banded=False) if c[0] not in ("BACKGROUND", "LINEBELOW")]
    cmds.append(("BACKGROUND", (0, 0), (0, -1), HEADER_FILL))
    return Table(rows, colWidths=[label_width, FRAME_WIDTH - label_width], style=TableStyle(cmds), hAlign="LEFT")

"""Targeted ``dataChanged``: tell views only about rows whose content really changed.

After an edit the whole case is re-scored, but usually only one object, its unit and its layer
show different values; repainting (and re-measuring wrapped rows of) everything else is what
would make an edit feel slow on a 1,000-object case.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex


def changed_rows(old: Sequence[object], new: Sequence[object]) -> list[int]:
    """Rows (of equally long sequences) whose value differs."""
    return [row for row, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def emit_rows_changed(
    model: QAbstractItemModel,
    rows: list[int],
    parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
) -> None:
    """Emit ``dataChanged`` once per run of consecutive ``rows`` (all columns)."""
    if not rows:
        return
    last_column = model.columnCount(parent) - 1
    start = prev = rows[0]
    for row in [*rows[1:], None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        model.dataChanged.emit(model.index(start, 0, parent), model.index(prev, last_column, parent))
        if row is not None:
            start = prev = row

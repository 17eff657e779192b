"""Keyset paging of the record lists: pages newest first, cursors sealed to their owner.

A cursor is the (date, id) of the last row of a page, sealed with :class:`~app.h5.crypto.RefSealer`
to the session's archive, so a cursor of somebody else's list (or a forged one) is refused
like any malformed one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from app.h5.crypto import RefSealer
from app.h5.errors import H5Error

Row = TypeVar("Row")


def open_cursor(refs: RefSealer, archive_id: int, cursor: str | None) -> tuple[date, int] | None:
    """The (date, id) a page starts after, or None for the first page.

    Raises:
        H5Error: INVALID_FIELD (``cursor``) when it is not one of this archive's cursors.
    """
    if not cursor:
        return None
    text = refs.open_text("c", cursor, archive_id)
    try:
        day, rid = (text or "").split("|")
        return date.fromisoformat(day), int(rid)
    except ValueError:
        raise H5Error("INVALID_FIELD", field="cursor") from None


def page(
    refs: RefSealer,
    archive_id: int,
    rows: Sequence[Row],
    size: int,
    item: Callable[[Row], dict[str, Any]],
    key: Callable[[Row], tuple[date, int]],
) -> dict[str, Any]:
    """One page's body from up to ``size + 1`` rows (the extra one only says that more follow).

    Args:
        refs: Seals the next cursor.
        archive_id: The owner the cursor is sealed to.
        rows: The rows read with ``limit=size + 1``, newest first.
        size: The page size.
        item: One row's list entry.
        key: One row's (date, id), the keyset order.
    """
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more and rows:
        day, rid = key(rows[-1])
        next_cursor = refs.seal_text("c", f"{day.isoformat()}|{rid}", archive_id)
    return {"items": [item(r) for r in rows], "nextCursor": next_cursor}

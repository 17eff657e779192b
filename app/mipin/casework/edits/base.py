"""The base of every case edit, and the few state changes several edits share.

A case edit is an :class:`app.core.edits.Edit` over the in-memory case
(:class:`~app.mipin.casework.session.CaseSession`) and the stored rows
(:class:`~app.mipin.casework.rows.StoredCase`); both are a :class:`~app.mipin.casework.view.CaseView`,
which is what ``validate`` sees. Where an edit creates a unit entry or an object entry on the way
(the first result typed into a unit), its inverse removes it again, so an undo leaves the case
exactly as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from app.core.edits import Batch, Command, Edit
from app.core.errors import InputError
from app.mipin.casework.state import UnitState

if TYPE_CHECKING:
    from app.mipin.casework.rows import StoredCase
    from app.mipin.casework.session import CaseSession


class CaseEdit(Edit["CaseSession", "StoredCase"]):
    """One edit of a case (see :mod:`app.core.edits`); ``validate`` takes a :class:`CaseView`."""


CaseCommand: TypeAlias = "Command[CaseSession, StoredCase]"
"""A case edit or a batch of them."""

NOOP: Batch[CaseSession, StoredCase] = Batch(())
"""The edit that changes nothing (what an edit returns as its inverse when it changed nothing)."""


def batch(*edits: CaseCommand | None) -> CaseCommand:
    """Several edits as one (``None`` entries skipped); a single edit stays itself."""
    kept = tuple(e for e in edits if e is not None and not e.empty)
    return kept[0] if len(kept) == 1 else Batch(kept)


def unit_for_edit(session: CaseSession, unit_id: str) -> tuple[UnitState, bool]:
    """The unit's in-memory entry, created blank (last) if it has none; and whether it was created."""
    state = session.units.get(unit_id)
    if state is not None:
        return state, False
    return add_unit(session, unit_id), True


def add_unit(session: CaseSession, unit_id: str, index: int | None = None) -> UnitState:
    """A new blank entry for ``unit_id`` at ``index`` of the unit order (last by default)."""
    definition = session.catalogue.find_unit(unit_id)
    state = UnitState(id=unit_id, has_objects=definition is not None and definition.is_technical)
    items = list(session.units.items())
    items.insert(len(items) if index is None else index, (unit_id, state))
    session.units = dict(items)
    session.touch(unit_id)
    return state


def check_index(index: object) -> None:
    """An insertion index: None (last) or a non-negative whole number."""
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise InputError("index", "must be a position (0, 1, 2 …) or empty")


def at(items: list[Any], index: int | None) -> int:
    """Where ``index`` inserts into ``items`` (None or past the end: last)."""
    return len(items) if index is None else min(index, len(items))

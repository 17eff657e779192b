"""Per-unit memo of scoring work, so that re-scoring after one edit costs about one unit.

A :class:`ScoreMemo` remembers, for each unit, the engine's per-unit results (object scores
before compensation, the unit score with its explanation lines, the unit's high-risk candidates)
together with the :class:`~app.mipin.engine.case.UnitInput` they were computed from. A result is
reused only when the case hands in *the very same* ``UnitInput`` object (identity, not equality:
equal Decimals such as ``0.5`` and ``0.50`` print differently), for the same catalogue and level.
``UnitInput`` is a frozen dataclass of tuples, strings and Decimals, so an object that is the same
cannot have changed; an edited unit gets a new object and is recomputed. One entry is kept per
unit and kind, so the memo never grows beyond the catalogue.

:class:`~app.mipin.casework.session.CaseSession` keeps one memo and reuses the unit inputs of
unchanged units; everything across units (compensation, layers, total, conclusion) is always
recomputed. A memo is not thread-safe: use one per session (the session scores on one thread).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from app.mipin.engine.case import UnitInput
from app.mipin.engine.catalogue import Catalogue


class ScoreMemo:
    """Per-unit results of earlier scorings, reused for unit inputs that are the same object."""

    def __init__(self) -> None:
        self._catalogue: Catalogue | None = None
        self._level: int | None = None
        self._entries: dict[tuple[str, str, Hashable], tuple[UnitInput, Any]] = {}
        self.hits = 0
        self.misses = 0

    def bind(self, catalogue: Catalogue, level: int) -> None:
        """Forget everything unless the catalogue (the same object) and the level are unchanged."""
        if catalogue is not self._catalogue or level != self._level:
            self._entries.clear()
            self._catalogue = catalogue
            self._level = level

    def get(self, kind: str, unit: UnitInput, extra: Hashable = None) -> Any | None:
        """The ``kind`` result stored for ``unit`` (this very object) and ``extra``, or None."""
        entry = self._entries.get((kind, unit.id, extra))
        if entry is not None and entry[0] is unit:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, kind: str, unit: UnitInput, value: Any, extra: Hashable = None) -> None:
        """Store the ``kind`` result of ``unit`` (replacing the unit's previous one)."""
        self._entries[(kind, unit.id, extra)] = (unit, value)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()

"""Collecting input errors in one pass (every problem, in document order, then one raise)."""

from __future__ import annotations

import json
import math

from app.core.errors import InputError, InputErrors


class Problems:
    """A list of :class:`InputError` filled during validation."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def add(self, field: str, reason: str) -> None:
        """Record one problem."""
        self.errors.append(InputError(field, reason))

    def raise_if_any(self) -> None:
        """Raise everything recorded as one :class:`InputErrors`.

        Raises:
            InputErrors: At least one problem was recorded.
        """
        if self.errors:
            raise InputErrors(list(self.errors))


def show(value: object) -> str:
    """A short rendering of a bad value for a message (JSON-like, at most 60 characters)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def is_number(value: object) -> bool:
    """A JSON number that is finite (``true``/``false`` are not numbers)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_int(value: object) -> bool:
    """A JSON integer (``1.0`` and ``true`` are not integers)."""
    return isinstance(value, int) and not isinstance(value, bool)

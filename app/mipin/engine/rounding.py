"""Decimal rounding and number formatting shared by the scoring modules.

The 2023 rules round half-up at every stage: object, unit and layer scores to 4 decimal
places, the total to 2. Python's ``round()`` rounds half to even and floats cannot hold
0.7 exactly, so every score is a :class:`~decimal.Decimal` and is rounded with
``ROUND_HALF_UP`` explicitly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_Q4 = Decimal("0.0001")
_Q2 = Decimal("0.01")


def q4(value: Decimal) -> Decimal:
    """Round half-up to 4 decimal places (object, unit and layer scores)."""
    return value.quantize(_Q4, rounding=ROUND_HALF_UP)


def q2(value: Decimal) -> Decimal:
    """Round half-up to 2 decimal places (the total)."""
    return value.quantize(_Q2, rounding=ROUND_HALF_UP)


def plain(value: Decimal | int) -> str:
    """Format a weight or factor without trailing zeros or exponent: ``0.7``, ``1``, ``10``."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return text


def equals(value: Decimal) -> str:
    """Render ``= 48.0000`` for an unrounded intermediate, or ``≈ 50.1667`` when rounding changed it."""
    rounded = q4(value)
    return f"= {rounded}" if rounded == value else f"≈ {rounded}"

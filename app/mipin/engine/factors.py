"""The rule for explicit Ra and Rk values (量化评估规则 2023, tables 2 and 3).

An object may override the derived correction factors with ``ra`` and ``rk``. The allowed values
are data (``resources/catalogue/rules.json`` → ``ra.allowed`` and ``rk.allowed``):

* ``ra``: 1, 0.5 or 0.2 at every level;
* ``rk``: 1 at levels 1–2, 1 or 1.2 at level 3, 1 or 1.5 at level 4.

:func:`factor_error` is the one rule. The case parser (``mipin-case/1``) and the casework edit
validation both call it, so a value a file may not contain cannot be typed in either, and the
message is the same: ``第3级只允许 1 或 1.2``. :func:`factor_conflicts` lists the explicit values that
a change of the protection level would make invalid.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from app.core.errors import InputError
from app.mipin.engine.case import CaseInput
from app.mipin.engine.catalogue import Catalogue, load_catalogue
from app.mipin.engine.rounding import plain

Factor = Literal["ra", "rk"]
FACTORS: tuple[Factor, ...] = ("ra", "rk")


def allowed_values(kind: Factor, level: int | None, catalogue: Catalogue | None = None) -> tuple[Decimal, ...]:
    """The values an explicit ``ra`` or ``rk`` may take at ``level`` (None: the level is not known)."""
    rules = (catalogue or load_catalogue()).rules
    return rules.ra_allowed if kind == "ra" else rules.allowed_rk(level)


def _listed(values: tuple[Decimal, ...]) -> str:
    texts = [plain(v) for v in values]
    if len(texts) == 1:
        return texts[0]
    return "、".join(texts[:-1]) + " 或 " + texts[-1]


def rule_text(kind: Factor, level: int | None, catalogue: Catalogue | None = None) -> str:
    """The rule in words: ``第3级只允许 1 或 1.2``, ``只允许 1、0.5 或 0.2``."""
    values = _listed(allowed_values(kind, level, catalogue))
    if kind == "rk" and level is not None:
        return f"第{level}级只允许 {values}"
    return f"只允许 {values}"


def factor_error(
    kind: Factor, value: Decimal | None, level: int | None, catalogue: Catalogue | None = None
) -> str | None:
    """Check one explicit Ra or Rk.

    Args:
        kind: ``ra`` or ``rk``.
        value: The value as an exact decimal; None when what was given is not a number at all.
        level: The case's protection level (None when it is not known: every level's values are allowed).
        catalogue: Default :func:`~app.mipin.engine.catalogue.load_catalogue`.

    Returns:
        None when the value is allowed, else the reason (:func:`rule_text`).
    """
    if value is not None and value.is_finite() and value in allowed_values(kind, level, catalogue):
        return None
    return rule_text(kind, level, catalogue)


def check_factor(
    kind: Factor, value: Decimal | None, level: int | None, field: str, catalogue: Catalogue | None = None
) -> Decimal | None:
    """Return ``value`` when it is absent (None) or allowed.

    Raises:
        InputError: Naming ``field``, e.g. ``units[4].objects[0].rk: 第3级只允许 1 或 1.2``.
    """
    if value is None:
        return None
    reason = factor_error(kind, value, level, catalogue)
    if reason is not None:
        raise InputError(field, reason)
    return value


def parse_factor_text(kind: Factor, text: object, level: int | None, field: str = "") -> Decimal | None:
    """Check a value typed by an assessor (a number or its text; empty or None clears the override).

    Raises:
        InputError: Not a number, or not allowed at ``level``.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    value: Decimal | None
    if isinstance(text, bool):
        value = None
    elif isinstance(text, int | float | Decimal | str):
        try:
            value = Decimal(str(text).strip())
        except ArithmeticError:
            value = None
    else:
        value = None
    reason = factor_error(kind, value, level)
    if reason is not None:
        raise InputError(field or kind, reason)
    return value


def factor_conflicts(case: CaseInput, level: int, catalogue: Catalogue | None = None) -> tuple[InputError, ...]:
    """The explicit Ra/Rk values of ``case`` that are not allowed at ``level`` (e.g. before the level changes).

    Each error names the field as the exchange file would: ``units[4].objects[0].rk``.
    """
    out: list[InputError] = []
    for i, unit in enumerate(case.units):
        for j, obj in enumerate(unit.objects):
            pairs: tuple[tuple[Factor, Decimal | None], ...] = (("ra", obj.ra), ("rk", obj.rk))
            for kind, value in pairs:
                reason = None if value is None else factor_error(kind, value, level, catalogue)
                if reason is not None:
                    out.append(InputError(f"units[{i}].objects[{j}].{kind}", reason))
    return tuple(out)

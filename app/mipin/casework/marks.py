"""Keeping an object's D/A/K marks consistent as the assessor types them (the object table's helper)."""

from __future__ import annotations

from app.core.errors import InputError
from app.mipin.casework.state import ObjectState
from app.mipin.engine.case import FAIL, NA, PASS

MARK_KEYS = {"1": PASS, "2": FAIL, "3": NA}
"""Keyboard shortcuts of the D/A/K cells: 1 = √, 2 = ×, 3 = /."""


def mark_change(obj: ObjectState | None, indicator: str, mark: str | None) -> dict[str, str | None]:
    """The D/A/K fields to set so that entering ``mark`` keeps the object's marks consistent.

    D="/" makes A and K "/" too (the object does not apply); D=√ clears an A or K of "/"; A or
    K of √/× on an excluded object makes D untested again. A or K "/" while D=√ is refused.

    Raises:
        InputError: A or K "/" while D is √.
    """
    d, a, k = (obj.d, obj.a, obj.k) if obj else (None, None, None)
    out: dict[str, str | None] = {indicator: mark}
    if indicator == "D":
        if mark == NA:
            out.update(A=NA, K=NA)
        elif mark == PASS or mark is None:
            out.update({key: None for key, value in (("A", a), ("K", k)) if value == NA})
        return out
    other = "K" if indicator == "A" else "A"
    if mark == NA and d == PASS:
        raise InputError(indicator, f"D 为 √ 时 {indicator} 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）")
    if mark in (PASS, FAIL) and d == NA:
        out["D"] = None
        if (a if other == "A" else k) == NA:
            out[other] = None
    return out

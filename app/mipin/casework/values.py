"""Checking and canonicalising the values an assessor enters (marks, results, object fields, names).

Pure functions of the value (and the catalogue): the edits in :mod:`app.mipin.casework.edits`
call them from their one ``validate``, so the in-memory case and the store accept exactly the
same values. Each raises :class:`~app.core.errors.InputError` naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal

from app.core.errors import InputError
from app.mipin.engine import Catalogue
from app.mipin.engine.factors import parse_factor_text, rule_text

MARKS = {"√": "√", "×": "×", "/": "/", "pass": "√", "fail": "×", "na": "/"}
RESULTS = {
    "符合": "符合",
    "部分符合": "部分符合",
    "不符合": "不符合",
    "不适用": "不适用",
    "pass": "符合",
    "partial": "部分符合",
    "fail": "不符合",
    "na": "不适用",
}
DECISIONS = ("confirmed", "mitigated", "dismissed", "added")
OBJECT_FIELDS = ("D", "A", "K", "algorithms", "protocols", "module_level", "key_hazards", "ra", "rk", "record")
_COLUMN = {"D": "d", "A": "a", "K": "k"}


def normalise_mark(value: object, field: str) -> str | None:
    """√/×// (or pass/fail/na in any case); None or "" clears the mark."""
    if value is None or value == "":
        return None
    mark = MARKS.get(value.strip().lower()) if isinstance(value, str) else None
    if mark is None:
        raise InputError(field, f"must be √, × or / (or pass, fail, na), got {value!r}")
    return mark


def normalise_result(value: object, field: str = "result") -> str | None:
    """符合/部分符合/不符合/不适用 or pass/partial/fail/na; None clears."""
    if value is None or value == "":
        return None
    result = RESULTS.get(value.strip().lower()) if isinstance(value, str) else None
    if result is None:
        raise InputError(field, f"must be 符合, 部分符合, 不符合 or 不适用, got {value!r}")
    return result


def _factor(kind: Literal["ra", "rk"], value: object, level: int | None, catalogue: Catalogue) -> float | None:
    """An explicit Ra/Rk, by the engine's one rule (:func:`app.mipin.engine.factors.factor_error`)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InputError(kind, rule_text(kind, level, catalogue))
    number = parse_factor_text(kind, value, level, kind)  # InputError: "第3级只允许 1 或 1.2"
    return None if number is None else float(number)


def _names(value: object, field: str, lookup: Callable[[str, str], Any]) -> list[str]:
    if isinstance(value, str):
        value = [part for part in (p.strip() for p in value.replace("，", ",").split(",")) if part]
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InputError(field, "must be a list of names")
    names: list[str] = []
    for index, name in enumerate(value):
        if not isinstance(name, str):
            raise InputError(f"{field}[{index}]", "must be a name")
        canonical = str(lookup(name, f"{field}[{index}]").name)
        if canonical not in names:
            names.append(canonical)
    return names


def _module_level(value: object, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or str(value) not in ("1", "2", "3", "4"):
        raise InputError(field, f"must be 1–4, got {value!r}")
    return int(value)


def _hazards(value: object, field: str) -> list[str]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InputError(field, "must be a list of hazard ids")
    for index, hazard in enumerate(value):
        if not isinstance(hazard, str) or not hazard.strip():
            raise InputError(f"{field}[{index}]", "must be a non-empty text")
    return list(value)


def _record(value: object, field: str) -> str:
    if value is not None and not isinstance(value, str):
        raise InputError(field, "must be text")
    return value or ""


def normalise_object_value(catalogue: Catalogue, field: str, value: object, level: int | None = None) -> Any:
    """Validate and canonicalise one object field (algorithm and protocol names become catalogue names).

    Args:
        catalogue: The indicator catalogue.
        field: ``D``, ``A``, ``K``, ``algorithms``, … (:data:`OBJECT_FIELDS`).
        value: What was entered.
        level: The case's protection level: ``ra``/``rk`` must be allowed at it (``第3级只允许 1 或 1.2``).
    """
    if field in _COLUMN:
        return normalise_mark(value, field)
    if field == "algorithms":
        return _names(value, field, catalogue.algorithm)
    if field == "protocols":
        return _names(value, field, catalogue.protocol)
    if field == "module_level":
        return _module_level(value, field)
    if field == "key_hazards":
        return _hazards(value, field)
    if field == "ra":
        return _factor("ra", value, level, catalogue)
    if field == "rk":
        return _factor("rk", value, level, catalogue)
    if field == "record":
        return _record(value, field)
    raise InputError(str(field), f"unknown object field; fields: {', '.join(OBJECT_FIELDS)}")


def field_value(obj: Any, field: str) -> Any:
    """One field (``D``, ``algorithms`` …) of a stored or in-memory object entry; lists are copied."""
    value = getattr(obj, _COLUMN.get(field, field))
    return list(value) if isinstance(value, list) else value


def set_field_value(obj: Any, field: str, value: Any) -> None:
    """Set one field of a stored or in-memory object entry to an already normalised value."""
    setattr(obj, _COLUMN.get(field, field), list(value) if isinstance(value, list) else value)


def normalise_text(value: object, field: str) -> str:
    """A text field (``None`` is refused: the edit must say what it sets)."""
    if not isinstance(value, str):
        raise InputError(field, "must be text")
    return value


def normalise_object_name(name: object, field: str = "name") -> str:
    """A test object's name, stripped; raises :class:`InputError` if it is empty or no text."""
    if not isinstance(name, str):
        raise InputError(field, "对象名称必须是文本")
    name = name.strip()
    if not name:
        raise InputError(field, "对象名称不能为空")
    return name


def normalise_na_reason(applicable: object, reason: object) -> str:
    """The 不适用 reason to store: required (stripped) for a unit marked 不适用, empty otherwise."""
    if not isinstance(applicable, bool):
        raise InputError("applicable", "must be true or false")
    if applicable:
        return ""
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("na_reason", "标记为不适用必须填写理由")
    return reason.strip()


def normalise_checklist(ticked: object) -> list[int]:
    """The ticked 测评实施 items as sorted, distinct item numbers."""
    if not isinstance(ticked, Sequence) or isinstance(ticked, str):
        raise InputError("checklist", "must be a list of item numbers")
    for index, item in enumerate(ticked):
        if isinstance(item, bool) or not isinstance(item, int) or item < 0:
            raise InputError(f"checklist[{index}]", "must be an item number (0, 1, 2 …)")
    return sorted(set(ticked))


def validate_risk_decision(catalogue: Catalogue, item: str, unit: str, decision: str | None, reason: object) -> None:
    """Check a decision on a high-risk candidate (``None`` removes one and needs no check)."""
    if decision is None:
        return
    if decision not in DECISIONS:
        raise InputError("decision", f"must be one of {', '.join(DECISIONS)}")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError("reason", "每项高风险判定都必须填写理由")
    hr = catalogue.find_high_risk_item(item) if isinstance(item, str) else None
    if hr is None:
        raise InputError("item", f"unknown high-risk item {item!r}")
    if hr.unit is not None and hr.unit != unit:
        raise InputError("unit", f"高风险项 {hr.item} 属于测评单元 {hr.unit}，不是 {unit}")
    if decision == "mitigated" and not hr.mitigable:
        raise InputError("decision", f"item {item} cannot be mitigated")

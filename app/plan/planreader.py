"""Typed, path-naming access to decoded JSON for the ``mipin-plan/1`` parser (:mod:`app.plan.planformat`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from app.core.errors import InputError

T = TypeVar("T")


class FieldReader:
    """Typed access to a decoded JSON object that records errors with their field path.

    Attributes:
        errors: What is wrong so far, each naming its field.
    """

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def fail(self, field: str, reason: str) -> None:
        """Record that ``field`` is wrong for ``reason``."""
        self.errors.append(InputError(field, reason))

    def obj(self, value: Any, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        """``value`` as a JSON object (``{}`` when it is not one); keys not in ``allowed`` are recorded."""
        if not isinstance(value, dict):
            self.fail(field, "应为 JSON 对象")
            return {}
        for key in value:
            if key not in allowed:
                self.fail(f"{field}.{key}" if field else key, "未知字段")
        return value

    def text(self, raw: dict[str, Any], key: str, field: str, *, required: bool = False, limit: int = 20000) -> str:
        """``raw[key]`` as a string (``""`` when absent or not one); empty-but-required and too long are recorded."""
        value = raw.get(key)
        path = f"{field}.{key}" if field else key
        if value is None:
            if required:
                self.fail(path, "不能为空")
            return ""
        if not isinstance(value, str):
            self.fail(path, "应为字符串")
            return ""
        if required and not value.strip():
            self.fail(path, "不能为空")
        if len(value) > limit:
            self.fail(path, f"过长（超过 {limit} 字）")
        return value

    def strings(self, raw: dict[str, Any], key: str, field: str) -> tuple[str, ...]:
        """``raw[key]`` as an array of strings (``()`` when absent or wrong)."""
        value = raw.get(key)
        path = f"{field}.{key}" if field else key
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path, "应为字符串数组")
            return ()
        return tuple(value)

    def date(self, raw: dict[str, Any], key: str, field: str) -> date | None:
        """``raw[key]`` as a ``YYYY-MM-DD`` date (None when absent or wrong)."""
        value = raw.get(key)
        if value is None:
            return None
        path = f"{field}.{key}" if field else key
        try:
            return date.fromisoformat(value) if isinstance(value, str) else _bad(TypeError)
        except (TypeError, ValueError):
            self.fail(path, "应为 YYYY-MM-DD 格式的日期")
            return None

    def int_(self, raw: dict[str, Any], key: str, field: str, low: int, high: int, default: int | None) -> int | None:
        """``raw[key]`` as an integer from ``low`` to ``high`` (``default`` when absent or wrong)."""
        value = raw.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"{field}.{key}" if field else key, f"应为 {low}–{high} 的整数")
            return default
        return value

    def flag(self, raw: dict[str, Any], key: str, field: str, default: bool) -> bool:
        """``raw[key]`` as a boolean (``default`` when absent or wrong)."""
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{field}.{key}", "应为 true 或 false")
            return default
        return value

    def choice(self, raw: dict[str, Any], key: str, field: str, allowed: tuple[str, ...], default: str) -> str:
        """``raw[key]`` as one of ``allowed`` (``default`` when absent or wrong)."""
        value = raw.get(key, default)
        if value not in allowed:
            self.fail(f"{field}.{key}", f"应为 {'、'.join(allowed)} 之一")
            return default
        return str(value)

    def array(self, raw: dict[str, Any], key: str, parse: Callable[[Any, str], T]) -> tuple[T, ...]:
        """``raw[key]`` as an array, each element parsed by ``parse(value, path)`` (``()`` when absent)."""
        value = raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, "应为数组")
            return ()
        return tuple(parse(v, f"{key}[{n}]") for n, v in enumerate(value))


def _bad(exc: type[Exception]) -> Any:
    raise exc

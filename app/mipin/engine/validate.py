"""Helpers for validating decoded JSON while collecting every error with its field path."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.core.errors import InputError, InputErrors
from app.mipin.engine.case import Notice

_TIME_HELP = "应为带时区的 ISO 8601 时间（例如 2026-03-20T15:30:00+08:00）"


class Checker:
    """Accumulates :class:`InputError` and :class:`Notice` entries during one validation pass.

    Attributes:
        errors: Problems found so far, in document order.
        notices: Non-fatal remarks found so far.
    """

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.notices: list[Notice] = []

    def error(self, field: str, reason: str) -> None:
        """Record an error at ``field``."""
        self.errors.append(InputError(field, reason))

    def notice(self, field: str, message: str) -> None:
        """Record a non-fatal remark at ``field``."""
        self.notices.append(Notice(field, message))

    def raise_errors(self) -> None:
        """Raise :class:`InputErrors` if anything was recorded."""
        if self.errors:
            raise InputErrors(self.errors)

    @staticmethod
    def show(value: object) -> str:
        """Render an offending value for a message (JSON spelling, Chinese quotes for strings)."""
        if isinstance(value, str):
            return f"“{value}”"
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = repr(value)
        return text if len(text) <= 40 else text[:37] + "…"

    def unknown_keys(self, raw: Mapping[str, Any], known: frozenset[str], path: str) -> None:
        """Note keys of ``raw`` that the format does not define (they are ignored)."""
        if known.issuperset(raw):  # the usual case, checked in one step
            return
        for key in raw:
            if key not in known:
                where = f"{path}.{key}" if path else str(key)
                self.notice(where, "未知字段，已忽略")

    def optional_text(self, raw: Mapping[str, Any], key: str, path: str) -> str | None:
        """Return ``raw[key]`` if it is a string; None if absent or null; error otherwise."""
        value = raw.get(key)
        if value is None or isinstance(value, str):
            return value
        self.error(f"{path}.{key}" if path else key, f"应为字符串，而不是 {self.show(value)}")
        return None

    def optional_stripped(self, raw: Mapping[str, Any], key: str, path: str) -> str | None:
        """Like :meth:`optional_text`, stripped; an empty or blank string counts as absent."""
        value = self.optional_text(raw, key, path)
        return value.strip() or None if value is not None else None

    def required_text(self, raw: Mapping[str, Any], key: str, path: str) -> str | None:
        """Return the stripped, non-empty string ``raw[key]``; record an error otherwise."""
        value = raw.get(key)
        where = f"{path}.{key}"
        if value is None:
            self.error(where, "缺少必填字段")
            return None
        if not isinstance(value, str):
            self.error(where, f"应为字符串，而不是 {self.show(value)}")
            return None
        value = value.strip()
        if not value:
            self.error(where, "不能为空")
            return None
        return value

    def day(self, raw: object, path: str) -> date | None:
        """A ``YYYY-MM-DD`` date (None when absent or null)."""
        if raw is None:
            return None
        if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            try:
                return date.fromisoformat(raw.strip())
            except ValueError:  # e.g. 2026-02-30
                pass
        self.error(path, f"应为 YYYY-MM-DD 格式的日期，而不是 {self.show(raw)}")
        return None

    def moment(self, raw: object, path: str) -> datetime | None:
        """A timezone-aware ISO 8601 time (None when absent or null)."""
        if raw is None:
            return None
        value = None
        if isinstance(raw, str):
            try:
                value = datetime.fromisoformat(raw.strip())
            except ValueError:
                value = None
        if value is None or value.tzinfo is None or value.utcoffset() is None:
            self.error(path, f"{_TIME_HELP}，而不是 {self.show(raw)}")
            return None
        return value

    @staticmethod
    def number(value: object) -> Decimal | None:
        """Return a JSON number as an exact Decimal (None for non-numbers, booleans included)."""
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            # str() gives the shortest repr, so 0.2 becomes Decimal("0.2"), not the binary value.
            return Decimal(str(value)) if math.isfinite(value) else None
        if isinstance(value, Decimal):
            return value if value.is_finite() else None
        return None

    def string_list(self, raw: object, path: str) -> list[tuple[str, str]]:
        """Return ``(path[i], stripped text)`` for a list of non-empty strings (null = empty)."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(path, f"应为字符串数组，而不是 {self.show(raw)}")
            return []
        out = []
        for i, item in enumerate(raw):
            where = f"{path}[{i}]"
            if not isinstance(item, str) or not item.strip():
                self.error(where, f"应为非空字符串，而不是 {self.show(item)}")
                continue
            out.append((where, item.strip()))
        return out

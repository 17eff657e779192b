"""Strict reading of UTF-8 JSON files (shared by every exchange format).

Duplicate keys, ``NaN``/``Infinity`` and pathological nesting are refused; problems become an
:class:`~app.core.errors.InputError` whose field is ``file:line:column`` where one is known.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.errors import InputError
from app.core.jsonerrors import json_error_reason
from app.core.oserrors import os_error_text


def loads_strict(text: str) -> object:
    """Decode JSON text strictly (no duplicate keys, no NaN).

    Raises:
        json.JSONDecodeError: Not JSON.
        ValueError: A duplicate key (:class:`DuplicateKeyError`) or a NaN/Infinity constant.
        RecursionError: Nesting too deep.
    """
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def read_json_file(path: str | Path) -> object:
    """Decode a UTF-8 JSON file strictly (no duplicate keys, no NaN, bounded nesting).

    Raises:
        InputError: Unreadable, not UTF-8 or not JSON; the field is ``file:line:column``.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"无法读取文件（{os_error_text(exc)}）") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{path}:{line}:{column}", "不是有效的 UTF-8 编码") from None
    if not text.strip():
        raise InputError(f"{path}:1:1", "文件为空，不是 JSON")
    try:
        data = loads_strict(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}", json_error_reason(exc)) from None
    except DuplicateKeyError as exc:
        raise InputError(str(path), f"JSON 对象中有重复的键 “{exc.key}”") from None
    except RecursionError:  # e.g. 100,000 nested "[" (found by fuzzing)
        raise InputError(str(path), "不是有效的 JSON（嵌套层级过深）") from None
    except ValueError as exc:  # NaN/Infinity (_no_constants), whose message is Chinese already
        raise InputError(str(path), f"不是有效的 JSON（{exc}）") from None
    return data


class DuplicateKeyError(ValueError):
    """A JSON object repeats a key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"不允许使用 {name}")

"""The typed registry of user preferences.

Every preference is declared once in :data:`SETTINGS` with its type, default and a translatable
label; reading an undeclared key is a bug. Preferences are stored as JSON in the data folder so
the headless CLI sees the same values as the GUI. Window geometry and other UI *state* are not
preferences: ``ui/`` keeps them in QSettings.

Nothing the user set is lost silently: a settings file that cannot be parsed is kept aside as
``settings.json.corrupt-<time>`` before defaults apply (the next save would overwrite it), and a
stored value that is no longer valid is named; both become :attr:`SettingsRegistry.notices`,
which the GUI shows and the CLI prints as a warning.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.core import clock


@dataclass(frozen=True)
class Setting:
    """One declared preference.

    Attributes:
        key: Stable storage key.
        type: ``bool``, ``int``, ``float`` or ``str``.
        default: Value used when nothing is stored.
        label: Chinese label shown in the Settings dialog.
        choices: Allowed values for a ``str`` setting (empty means free text).
        minimum: Lower bound for numbers.
        maximum: Upper bound for numbers.
    """

    key: str
    type: type
    default: Any
    label: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def validate(self, value: Any) -> Any:
        """Return ``value`` coerced to this setting's type, or raise ValueError naming the key."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{self.key}: expected true/false")
            return value
        if self.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{self.key}: expected a number")
            number = self.type(value)
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise ValueError(f"{self.key}: must be between {self.minimum} and {self.maximum}")
            return number
        if not isinstance(value, str):
            raise ValueError(f"{self.key}: expected text")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: must be one of {', '.join(self.choices)}")
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("language", str, "zh_CN", "界面语言", choices=("zh_CN", "en")),
    Setting("assessor_org", str, "", "默认测评机构名称"),
    Setting("default_threshold", float, 60.0, "量化评估阈值（基本符合的最低分）", minimum=0, maximum=100),
    Setting("report_copies", int, 3, "报告份数（一式N份）", minimum=1, maximum=9),
    Setting("backup_interval_minutes", int, 30, "自动备份间隔（分钟）", minimum=5, maximum=240),
    Setting("backup_keep_recent", int, 10, "保留最近备份数", minimum=1, maximum=100),
    Setting("backup_keep_daily_days", int, 14, "按天保留备份天数", minimum=0, maximum=365),
    Setting("evidence_confirm_mb", int, 200, "证据文件超过此大小（MB）时确认", minimum=1, maximum=100_000),
    Setting("confirm_deletes", bool, True, "删除前确认"),
)


class SettingsBackend(Protocol):
    """Where preference values are persisted."""

    notices: list[str]
    """What went wrong while loading (shown to the user); empty normally."""

    def load(self) -> dict[str, Any]:
        """Return all stored values."""

    def save(self, values: Mapping[str, Any]) -> None:
        """Persist all values atomically."""


class JsonSettingsBackend:
    """Stores preferences in a JSON file, written atomically and owner-only.

    Args:
        path: The JSON file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []

    def load(self) -> dict[str, Any]:
        """Return the stored values; a missing file is empty, a corrupt one is kept aside first.

        A file that is no JSON object is renamed to ``settings.json.corrupt-<time>`` (so the next
        save cannot overwrite what the user had) and a notice says so; defaults apply.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                return self._keep_aside("不是 UTF-8 文本")
            self.notices.append(f"无法读取设置文件 {self.path}（{exc.strerror or exc}），本次使用默认设置")
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return self._keep_aside(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列")
        except ValueError:  # e.g. a number too long to convert
            return self._keep_aside("JSON 格式错误")
        if not isinstance(data, dict):
            return self._keep_aside("内容不是 JSON 对象")
        return data

    def _keep_aside(self, why: str) -> dict[str, Any]:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{clock.now():%Y%m%d-%H%M%S}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            self.notices.append(f"设置文件已损坏（{why}），且无法另存（{exc.strerror or exc}）；本次使用默认设置")
            return {}
        self.notices.append(f"设置文件已损坏（{why}），已另存为 {aside.name}，现使用默认设置")
        return {}

    def save(self, values: Mapping[str, Any]) -> None:
        """Write all values to a temporary file and rename it over the old one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(dict(values), fh, ensure_ascii=False, indent=2, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class MemorySettingsBackend:
    """Keeps preferences in memory (tests)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.notices: list[str] = []

    def load(self) -> dict[str, Any]:
        """Return a copy of the stored values."""
        return dict(self.values)

    def save(self, values: Mapping[str, Any]) -> None:
        """Replace the stored values."""
        self.values = dict(values)


class SettingsRegistry:
    """Typed access to the declared preferences.

    Args:
        backend: Where values are persisted.
        declared: The declarations (defaults to :data:`SETTINGS`).
    """

    def __init__(self, backend: SettingsBackend, declared: tuple[Setting, ...] = SETTINGS) -> None:
        self._backend = backend
        self._declared = {s.key: s for s in declared}
        self._values: dict[str, Any] = {}
        invalid: list[str] = []
        for key, raw in backend.load().items():
            setting = self._declared.get(key)
            if setting is None:
                continue  # a key from another version: ignore it rather than fail
            try:
                self._values[key] = setting.validate(raw)
            except ValueError:
                invalid.append(f"{setting.label}（{key}）")
        self.notices: list[str] = list(backend.notices)
        """Problems found while loading, for the user (see the module docstring)."""
        if invalid:
            self.notices.append(f"设置中的值无效，已改用默认值：{'、'.join(invalid)}")

    @property
    def declared(self) -> tuple[Setting, ...]:
        """All declarations, in display order."""
        return tuple(self._declared.values())

    def get(self, key: str) -> Any:
        """Return the value of ``key`` (its default if unset). Unknown keys raise KeyError."""
        return self._values.get(key, self._declared[key].default)

    def set(self, key: str, value: Any) -> None:
        """Validate and persist one value. Unknown keys raise KeyError; bad values ValueError."""
        self._values[key] = self._declared[key].validate(value)
        self._backend.save(self._values)

    def update(self, values: Mapping[str, Any]) -> None:
        """Validate all values first, then persist them together (all or nothing)."""
        checked = {key: self._declared[key].validate(value) for key, value in values.items()}
        self._values.update(checked)
        self._backend.save(self._values)

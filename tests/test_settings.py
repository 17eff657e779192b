from __future__ import annotations

import json

import pytest

from app.core.settings import JsonSettingsBackend, MemorySettingsBackend, SettingsRegistry


def test_defaults_and_typed_values(tmp_path) -> None:
    path = tmp_path / "settings.json"
    reg = SettingsRegistry(JsonSettingsBackend(path))
    assert reg.get("language") == "zh_CN"
    assert reg.get("report_copies") == 3
    reg.set("report_copies", 4)
    assert json.loads(path.read_text(encoding="utf-8"))["report_copies"] == 4
    assert SettingsRegistry(JsonSettingsBackend(path)).get("report_copies") == 4


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("language", "fr"),
        ("report_copies", 0),
        ("report_copies", "3"),
        ("confirm_deletes", 1),
        ("default_threshold", 101),
    ],
)
def test_bad_values_are_rejected_with_the_key(key, value) -> None:
    reg = SettingsRegistry(MemorySettingsBackend())
    with pytest.raises(ValueError, match=key):
        reg.set(key, value)


def test_update_is_all_or_nothing() -> None:
    backend = MemorySettingsBackend()
    reg = SettingsRegistry(backend)
    with pytest.raises(ValueError):
        reg.update({"report_copies": 5, "language": "xx"})
    assert reg.get("report_copies") == 3 and backend.values == {}


def test_unknown_keys_raise() -> None:
    reg = SettingsRegistry(MemorySettingsBackend())
    with pytest.raises(KeyError):
        reg.get("no_such_setting")


def test_corrupt_file_falls_back_to_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert SettingsRegistry(JsonSettingsBackend(path)).get("language") == "zh_CN"

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


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\ufeff{", "\udcff"])
def test_a_corrupt_file_is_kept_aside_and_the_user_is_told(tmp_path, content) -> None:
    path = tmp_path / "settings.json"
    raw = content.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    reg = SettingsRegistry(JsonSettingsBackend(path))
    assert reg.get("language") == "zh_CN"  # defaults apply
    (aside,) = tmp_path.glob("settings.json.corrupt-*")
    assert aside.read_bytes() == raw  # what the user had is kept, byte for byte
    assert not path.exists()
    (notice,) = reg.notices
    assert "已损坏" in notice and aside.name in notice
    reg.set("report_copies", 2)  # the next save writes a fresh file and leaves the copy alone
    assert json.loads(path.read_text(encoding="utf-8")) == {"report_copies": 2}
    assert aside.read_bytes() == raw


def test_invalid_values_are_named(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"report_copies": 99, "language": "en", "from_a_newer_version": 1}), encoding="utf-8")
    reg = SettingsRegistry(JsonSettingsBackend(path))
    assert reg.get("language") == "en" and reg.get("report_copies") == 3
    assert reg.notices == ["设置中的值无效，已改用默认值：报告份数（一式N份）（report_copies）"]
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_good_or_missing_file_gives_no_notice(tmp_path) -> None:
    path = tmp_path / "settings.json"
    assert SettingsRegistry(JsonSettingsBackend(path)).notices == []
    path.write_text('{"language": "en"}', encoding="utf-8")
    assert SettingsRegistry(JsonSettingsBackend(path)).notices == []


def test_the_cli_prints_the_notice_as_one_warning_line(tmp_path, capsys) -> None:
    from app.cli.main import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text("{oops", encoding="utf-8")
    from app.bootstrap import CliContext

    ctx = CliContext(data_dir=str(data))
    assert ctx.settings.get("report_copies") == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("workbench: warning: 设置文件已损坏")
    ctx.close()
    assert main(["--data-dir", str(data), "audit", "verify"]) == 0  # no settings read: no warning
    assert "warning" not in capsys.readouterr().err

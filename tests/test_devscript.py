"""scripts/dev.py: the README's two commands (checked without actually installing anything)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dev():
    spec = importlib.util.spec_from_file_location("devscript", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_package_without_root_prints_one_apt_line_and_stops(dev, monkeypatch, capsys) -> None:
    monkeypatch.setattr(dev, "missing_debs", lambda names: ["poppler-utils", "postgresql"])
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    with pytest.raises(SystemExit) as info:
        dev.ensure_debs(["poppler-utils", "postgresql"])
    assert info.value.code == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "apt-get" in line]
    assert len(lines) == 1
    assert "apt-get install -y --no-install-recommends poppler-utils postgresql" in lines[0]


def test_nothing_missing_installs_nothing(dev, monkeypatch) -> None:
    monkeypatch.setattr(dev, "missing_debs", lambda names: [])
    monkeypatch.setattr(dev.subprocess, "call", lambda *a, **k: pytest.fail("should not run apt-get"))
    dev.ensure_debs(["poppler-utils"])


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.splitlines() if line.startswith("python3 ")]
    assert commands == ["python3 scripts/dev.py run", "python3 scripts/dev.py test"]
    assert "exec python3 scripts/dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_venv_stamp_follows_pyproject(dev, tmp_path, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(dev, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(dev, "PY", tmp_path / ".venv" / "bin" / "python")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()

    def call(cmd, **_kwargs):
        calls.append(cmd)
        return 0

    monkeypatch.setattr(dev.subprocess, "call", call)
    dev.ensure_venv("dev")
    dev.ensure_venv("dev")  # second run: stamp present, nothing to do
    assert len([c for c in calls if "pip" in c]) == 1


def test_a_changed_pyproject_recreates_the_venv(dev, tmp_path, monkeypatch) -> None:
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / ".installed-dev-0000000000000000").touch()
    (venv / "stale-wheel-marker").touch()
    monkeypatch.setattr(dev, "VENV", venv)
    monkeypatch.setattr(dev, "PY", venv / "bin" / "python")

    def fake_call(cmd, **kwargs):
        if "venv" in cmd:
            (venv / "bin").mkdir(parents=True, exist_ok=True)
            (venv / "bin" / "python").touch()
        return 0

    monkeypatch.setattr(dev.subprocess, "call", fake_call)
    dev.ensure_venv("dev")
    assert not (venv / "stale-wheel-marker").exists()
    assert not (venv / ".installed-dev-0000000000000000").exists()


@pytest.mark.parametrize(("command", "marker"), [("test", None), ("check", "not slow")])
def test_check_is_the_test_command_without_the_slow_tests(dev, monkeypatch, command, marker) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_debs", lambda names: None)
    monkeypatch.setattr(dev, "ensure_venv", lambda extra: None)
    monkeypatch.setattr(dev, "build_translations", lambda: None)

    def call(cmd, **_kwargs):
        ran.append(cmd)
        return 0

    monkeypatch.setattr(dev.subprocess, "call", call)
    assert dev.main.__globals__["cmd_" + command]([]) == 0
    assert {"ruff", "mypy", "lint-imports"} <= {Path(c[0]).name for c in ran}
    pytest_cmd = next(c for c in ran if "pytest" in c)
    assert pytest_cmd[pytest_cmd.index("pytest") + 1 :] == (["-q", "-m", marker] if marker else ["-q"])

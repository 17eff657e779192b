"""The ``workbench`` command: version, help, one-line errors, no Qt in headless commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"workbench {__version__}"


def test_help_lists_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("gui", "screenshot", "demo", "backup"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        ["no-such-command"],
        ["screenshot", "--tab", "测评检查表"],
        ["screenshot", "--tab", "x", "-o", "a.png", "--size", "huge"],
        ["screenshot", "--tab", "x", "-o", "a.jpg"],
        ["backup", "restore", "no-such-backup.sqlite3"],
    ],
)
def test_bad_input_is_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_headless_commands_never_import_qt(tmp_path) -> None:
    script = (
        "import sys\n"
        "from app.cli.main import main\n"
        "for argv in (['demo'], ['backup', 'list'], ['score', 'resources/demo/demo-case.json'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "assert not qt, qt\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"WORKBENCH_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_entry_point_is_installed() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("workbench") == "app.cli.main:main"

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


def _parsers() -> list[tuple[str, object]]:
    """Every parser of ``workbench``: the top level, each command and each action, with its name."""
    import argparse

    from app.cli.main import build_parser

    top, _ = build_parser()
    found: list[tuple[str, object]] = []
    pending: list[tuple[str, argparse.ArgumentParser]] = [("workbench", top)]
    while pending:
        name, parser = pending.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending += [(f"{name} {n}", p) for n, p in action.choices.items()]
    return found


@pytest.mark.parametrize(("name", "parser"), _parsers(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_help_text_is_chinese(name: str, parser: object) -> None:
    import argparse
    import re

    assert isinstance(parser, argparse.ArgumentParser)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for action in parser._actions:
        if action.help in (None, argparse.SUPPRESS):
            continue
        assert cjk.search(str(action.help)), f"{name} {action.option_strings or action.dest}: {action.help}"
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert cjk.search(str(choice.help)), f"{name} {choice.dest}: {choice.help}"
    text = parser.format_help()
    for english in ("usage:", "options:", "positional arguments", "show this help", "show program's"):
        assert english not in text, f"{name}: {english}"
    assert text.startswith("用法：")


def test_argparse_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, expected in (
        (["report", "--copies", "x", "-o", "a.pdf"], "workbench: error: 参数 --copies：无效的整数值 'x'\n"),
        (["backup", "nope"], "workbench: error: 参数 ACTION：无效的取值 'nope'（可选：'list', 'create', 'restore'）\n"),
        (["score"], "workbench: error: 缺少必需的参数：CASE.json\n"),
        (["score", "a.json", "b.json"], "workbench: error: 无法识别的参数：b.json\n"),
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        assert capsys.readouterr().err == expected

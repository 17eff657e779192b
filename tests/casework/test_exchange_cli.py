"""``workbench case export -o case.json`` / ``workbench case import case.json`` (issue #10, 2.3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data_dir), *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data_dir = tmp_path / "d"
    assert run(capsys, data_dir, "demo")[0] == 0
    return data_dir


def test_export_writes_the_exchange_file_and_import_reads_it(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "case.json"
    code, text, err = run(capsys, seeded, "case", "export", "--case", "1", "-o", str(out))
    assert (code, err) == (0, "") and "mipin-case/1 交换文件" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "mipin-case/1" and data["risk_ratings"] and len(data["phases"]) == 4
    # the same validation as `workbench score`
    code, _, err = run(capsys, seeded, "score", str(out))
    assert code == 0 and err == ""
    code, text, err = run(capsys, seeded, "case", "import", str(out))
    assert code == 0
    assert text == f"已导入测评项目 #2“梧州市全民健康信息平台（2）”（交换文件 {out}）\n"
    name = "梧州市全民健康信息平台"
    assert err == f"workbench: warning: system.name: 已有名为 “{name}” 的测评项目，导入为 “{name}（2）”\n"
    again = tmp_path / "again.json"
    assert run(capsys, seeded, "case", "export", "--case", "2", "-o", str(again))[0] == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8").replace(
        '"name": "梧州市全民健康信息平台"', '"name": "梧州市全民健康信息平台（2）"', 1
    )


def test_import_refuses_a_bad_file_with_one_line_and_writes_nothing(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "case.json"
    run(capsys, seeded, "case", "export", "--case", "1", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    data["units"][4]["objects"][0]["rk"] = 1.5
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text, err = run(capsys, seeded, "case", "import", str(bad))
    assert (code, text) == (2, "")
    assert err == "workbench: error: units[4].objects[0].rk: 第3级只允许 1 或 1.2\n"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "mipin-case/1",\n "units": [,]}', encoding="utf-8")
    code, _, err = run(capsys, seeded, "case", "import", str(broken))
    assert code == 2 and err.startswith(f"workbench: error: {broken}:2:12: JSON 语法错误（第 2 行第 12 列）：")
    code, listing, _ = run(capsys, seeded, "case", "list")
    assert len(listing.splitlines()) == 1  # nothing was imported


def test_wbcase_names_keep_meaning_a_package(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "case.wbcase"
    code, text, _ = run(capsys, seeded, "case", "export", "--case", "1", "-o", str(package))
    assert code == 0 and "（未加密）" in text
    assert package.read_bytes()[:2] == b"PK"
    code, text, _ = run(capsys, seeded, "case", "import", str(package), "--as-copy")
    assert code == 0 and text.startswith("已作为副本导入测评项目")


def test_export_options_that_need_a_package(seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, seeded, "case", "export", "--case", "1", "-o", str(tmp_path / "c.json"), "--encrypt")
    assert (
        code == 2
        and err == "workbench: error: --encrypt: 只有案例包（.wbcase）可以加密；交换文件（.json）是明文 JSON\n"
    )
    code, _, err = run(capsys, seeded, "case", "export", "--case", "1", "-o", str(tmp_path / "c.txt"))
    assert code == 2 and "文件名应以 .json（交换文件）或 .wbcase（案例包）结尾" in err
    code, _, err = run(capsys, seeded, "case", "export", "--case", "9", "-o", str(tmp_path / "c.json"))
    assert code == 2 and not (tmp_path / "c.json").exists()
    code, _, err = run(capsys, seeded, "case", "import", str(tmp_path / "none.json"))
    assert code == 2 and err == f"workbench: error: {tmp_path / 'none.json'}: 无法读取文件（文件或目录不存在）\n"

"""``workbench case list|export|import`` and ``workbench audit verify|list`` from the command line."""

from __future__ import annotations

import io
import sqlite3

import pytest

from app.cli.main import main
from app.mipin.cases import CaseHeader, create_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import DefineObject, SetObjectField, SetUnitRecord

PASS = "梧州-密评-2026!"


def _run(argv: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_case_list_export_import_round_trip(store, rich_case, tmp_path, capsys) -> None:
    code, out, _ = _run(["case", "list"], capsys)
    assert code == 0 and f"{rich_case}\t梧州市全民健康信息平台" in out
    package = tmp_path / "out.wbcase"
    code, out, err = _run(["case", "export", "--case", str(rich_case), "-o", str(package)], capsys)
    assert code == 0, err
    assert "未加密" in out and package.exists()
    code, _, err = _run(["case", "import", str(package)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "--as-copy" in err and "--replace" in err
    code, out, err = _run(["case", "import", str(package), "--as-copy"], capsys)
    assert code == 0, err
    assert "已作为副本导入" in out
    code, out, err = _run(["case", "import", str(package), "--replace"], capsys)
    assert code == 0 and "已替换" in out and "before-replace" in out, err


def test_encrypted_export_and_import_with_passphrase_on_stdin(store, rich_case, tmp_path, capsys, monkeypatch):
    package = tmp_path / "sealed.wbcase"
    argv = ["case", "export", "--case", str(rich_case), "-o", str(package), "--encrypt", "--passphrase-stdin"]
    code, out, err = _run(argv, capsys, stdin=PASS + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert "加密" in out and PASS not in out + err
    code, _, err = _run(
        ["case", "import", str(package), "--passphrase-stdin"], capsys, "wrong passphrase\n", monkeypatch
    )
    assert code == 2 and "口令错误" in err and len(err.strip().splitlines()) == 1
    code, out, err = _run(
        ["case", "import", str(package), "--as-copy", "--passphrase-stdin"], capsys, PASS + "\n", monkeypatch
    )
    assert code == 0 and "已作为副本导入" in out, err
    log = (store.paths.log_dir / "workbench.log").read_text(encoding="utf-8")
    assert PASS not in log


def test_export_with_getpass_asks_twice(store, rich_case, tmp_path, capsys, monkeypatch) -> None:
    answers = iter([PASS, PASS + "typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = _run(
        ["case", "export", "--case", str(rich_case), "-o", str(tmp_path / "x.wbcase"), "--encrypt"], capsys
    )
    assert code == 2 and "不一致" in err
    assert not (tmp_path / "x.wbcase").exists()


def test_tampered_package_is_one_line_exit_2(store, rich_case, tmp_path, capsys) -> None:
    package = tmp_path / "out.wbcase"
    _run(["case", "export", "--case", str(rich_case), "-o", str(package)], capsys)
    raw = bytearray(package.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    package.write_bytes(bytes(raw))
    code, _, err = _run(["case", "import", str(package), "--as-copy"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "改动" in err or "损坏" in err


def test_unknown_case_is_exit_2(capsys, tmp_path) -> None:
    code, _, err = _run(["case", "export", "--case", "999", "-o", str(tmp_path / "x.wbcase")], capsys)
    assert code == 2 and "999" in err


# ---------------------------------------------------------------------- audit


@pytest.fixture
def edited_case(store) -> int:
    case_id = create_case(store, CaseHeader(system_name="审计测试系统", level=3))
    editor = CaseEditor(store, actor="assessor-a")
    editor.apply(case_id, DefineObject("VPN 网关", kind="网络设备"))
    editor.apply(case_id, SetObjectField("NC-1", "VPN 网关", "D", "√"))
    editor.apply(case_id, SetObjectField("NC-1", "VPN 网关", "A", "×"))
    editor.apply(case_id, SetUnitRecord("NC-1", "已核查"))
    return case_id


def test_audit_verify_intact_and_list(edited_case, capsys) -> None:
    code, out, _ = _run(["audit", "verify", "--case", str(edited_case)], capsys)
    assert code == 0 and "完好" in out and "5 条" in out
    code, out, _ = _run(["audit", "list", "--case", str(edited_case)], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 5
    assert "create_case" in lines[0]
    assert "assessor-a" in lines[2] and "set_object_field" in lines[2] and '"√"' in lines[2]


def test_audit_verify_detects_an_edited_record(store, paths, edited_case, capsys) -> None:
    with sqlite3.connect(paths.db_file) as conn:
        conn.execute(
            "UPDATE audit_events SET new_value = '\"√\"' WHERE id = (SELECT id FROM audit_events "
            "WHERE case_id = ? AND action = 'set_object_field' ORDER BY id DESC LIMIT 1)",
            (edited_case,),
        )
    code, out, _ = _run(["audit", "verify", "--case", str(edited_case)], capsys)
    assert code == 1 and "篡改" in out and "edited" in out and "position 4" in out


def test_audit_verify_detects_a_removed_record(store, paths, edited_case, capsys) -> None:
    with sqlite3.connect(paths.db_file) as conn:
        conn.execute(
            "DELETE FROM audit_events WHERE id = "
            "(SELECT id FROM audit_events WHERE case_id = ? ORDER BY id LIMIT 1 OFFSET 1)",
            (edited_case,),
        )
    code, out, _ = _run(["audit", "verify", "--case", str(edited_case)], capsys)
    assert code == 1 and "link to the previous record is broken" in out and "records removed" in out


def test_audit_verify_detects_the_newest_record_removed(store, paths, edited_case, capsys) -> None:
    with sqlite3.connect(paths.db_file) as conn:
        conn.execute(
            "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events WHERE case_id = ?)", (edited_case,)
        )
    code, out, _ = _run(["audit", "verify", "--case", str(edited_case)], capsys)
    assert code == 1 and "expected 5 records, found 4" in out


def test_audit_of_an_unknown_case_is_exit_2(capsys) -> None:
    code, _, err = _run(["audit", "verify", "--case", "4242"], capsys)
    assert code == 2 and "4242" in err


def test_case_and_audit_commands_never_import_qt(tmp_path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from app.cli.main import main\n"
        "out = sys.argv[1]\n"
        "for argv in (['case', 'list'], ['audit', 'verify', '--case', '1'], ['audit', 'list', '--case', '1'],\n"
        "             ['case', 'export', '--case', '1', '-o', out], ['case', 'import', out, '--as-copy']):\n"
        "    assert main(argv) in (0, 2), argv\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "assert not qt, qt\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "x.wbcase")],
        capture_output=True, text=True, check=False,
        env={"WORKBENCH_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

"""``workbench sla evaluate|import|report|verify|contracts`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from app.cli.main import main
from app.ops.tables import TicketEvent
from tests.ops.helpers import doc, ev, ticket


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, document: Any, name: str = "tickets.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


SAMPLE = doc(
    ticket(
        "T-001",
        level=1,
        events=[
            ev("reported", "2026-03-02T09:00:00+08:00", channel="phone", by="李"),
            ev("acknowledged", "2026-03-02T09:20:00+08:00"),
        ],
    ),
    ticket("T-002", level=4, events=[ev("reported", "2026-03-02T09:00:00+08:00")]),
)


def test_evaluate_json_is_ops_sla_1(tmp_path, capsys) -> None:
    code, out, err = run(
        ["sla", "evaluate", str(write(tmp_path, SAMPLE)), "--at", "2026-03-02T09:40:00+08:00", "--json"], capsys
    )
    assert code == 0, err
    data = json.loads(out)
    assert data == {
        "format": "ops-sla/1",
        "at": "2026-03-02T09:40:00+08:00",
        "tickets": [
            {
                "id": "T-001",
                "level": 1,
                "clocks": {
                    "response": {
                        "target_minutes": 30,
                        "due": "2026-03-02T09:30:00+08:00",
                        "elapsed_minutes": 20.0,
                        "status": "met",
                    },
                    "restore": {
                        "target_minutes": 240,
                        "due": "2026-03-02T13:00:00+08:00",
                        "elapsed_minutes": 40.0,
                        "status": "pending",
                    },
                    "fix": {
                        "target_minutes": 720,
                        "due": "2026-03-02T21:00:00+08:00",
                        "elapsed_minutes": 40.0,
                        "status": "pending",
                    },
                },
            },
            {
                "id": "T-002",
                "level": 4,
                "clocks": {
                    "response": {
                        "target_minutes": 30,
                        "due": "2026-03-02T09:30:00+08:00",
                        "elapsed_minutes": 40.0,
                        "status": "breached",
                    }
                },
            },
        ],
        "summary": {"met": 1, "breached": 1, "pending": 2, "compliance": 50.0},
    }


def test_evaluate_text_and_at_without_offset(tmp_path, capsys) -> None:
    code, out, _err = run(["sla", "evaluate", str(write(tmp_path, SAMPLE)), "--at", "2026-03-02T09:40"], capsys)
    assert code == 0
    assert "T-001" in out and "响应" in out and "达标" in out and "超时" in out
    assert "达标率 50.00%" in out


def test_unverified_year_is_flagged_in_text_and_json(tmp_path, capsys) -> None:
    policy = {"clocks": {"resolve": {"levels": [4, 5], "from": "reported", "to": "resolved", "working_minutes": 960}}}
    path = write(tmp_path, doc(ticket(level=4, events=[ev("reported", "2027-03-01T09:00:00+08:00")]), policy=policy))
    code, out, _ = run(["sla", "evaluate", str(path), "--at", "2027-03-01T12:00:00+08:00"], capsys)
    assert code == 0 and "日历未核实" in out and "2027" in out
    code, out, _ = run(["sla", "evaluate", str(path), "--at", "2027-03-01T12:00:00+08:00", "--json"], capsys)
    assert json.loads(out)["tickets"][0]["clocks"]["resolve"]["calendar"] == "unverified"


@pytest.mark.parametrize(
    ("document", "needles"),
    [
        (
            doc(
                ticket("T-7", events=[ev("reported", "2026-03-02T09:00:00"), ev("acknowledged", "2026-03-02T08:00:00")])
            ),
            ["T-7", "events[1]"],
        ),
        (
            doc(ticket("T-7", events=[ev("reported", "2026-03-02T09:00:00"), ev("wat", "2026-03-02T09:10:00")])),
            ["T-7", "events[1]", "wat"],
        ),
        (doc(ticket("T-7", level=6)), ["T-7", "level"]),
        (doc(ticket("T-7", kind="security", category="未知类别")), ["T-7", "category"]),
        (
            doc(ticket("T-7", events=[ev("reported", "2026-03-02T09:00:00"), ev("resumed", "2026-03-02T09:10:00")])),
            ["T-7", "events[1]", "resumed"],
        ),
        (
            doc(ticket("T-7", events=[ev("reported", "2026-03-02T09:00:00"), ev("reopened", "2026-03-02T09:10:00")])),
            ["T-7", "events[1]", "reopened"],
        ),
        (doc(ticket("T-7"), ticket("T-7")), ["T-7", "tickets[1]"]),
        (doc(ticket("T-7"), policy={"clocks": {"response": {"minutes": 0}}}), ["policy.clocks.response.minutes"]),
    ],
)
def test_input_errors_are_one_line_exit_2(tmp_path, capsys, document: Any, needles: list[str]) -> None:
    code, out, err = run(["sla", "evaluate", str(write(tmp_path, document)), "--at", "2026-03-03T00:00"], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


@pytest.mark.parametrize(
    "argv",
    [
        ["sla", "evaluate", "missing.json"],
        ["sla", "evaluate"],
        ["sla", "evaluate", "x.json", "--contract", "1"],
        ["sla", "evaluate", "--contract", "999"],
        ["sla", "report", "--month", "2026-13", "-o", "r.pdf"],
        ["sla", "report", "--month", "2026-03", "-o", "r.docx"],
        ["sla", "import", "nothing.txt"],
    ],
)
def test_bad_command_lines_are_one_line_exit_2(argv: list[str], capsys) -> None:
    code, _out, err = run(argv, capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err


def test_bad_at(tmp_path, capsys) -> None:
    code, _out, err = run(["sla", "evaluate", str(write(tmp_path, SAMPLE)), "--at", "tomorrow"], capsys)
    assert code == 2 and "--at" in err


def test_evaluate_a_stored_contract(ctx, capsys) -> None:
    code, out, err = run(["--data-dir", ctx.data_dir, "sla", "evaluate", "--contract", "1", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["format"] == "ops-sla/1" and len(data["tickets"]) > 100
    assert data["summary"]["breached"] > 0


def test_import_json_then_evaluate_the_contract(ctx, tmp_path, capsys) -> None:
    run(["--data-dir", ctx.data_dir, "demo"], capsys)
    code, out, err = run(
        ["--data-dir", ctx.data_dir, "sla", "import", str(write(tmp_path, SAMPLE)), "--contract", "1"], capsys
    )
    assert code == 0, err and "已导入 2 个工单" in out
    code, out, _ = run(
        [
            "--data-dir",
            ctx.data_dir,
            "sla",
            "evaluate",
            "--contract",
            "1",
            "--json",
            "--at",
            "2026-03-02T09:40:00+08:00",
        ],
        capsys,
    )
    ids = {t["id"]: t for t in json.loads(out)["tickets"]}
    assert ids["T-001"]["clocks"]["response"]["status"] == "met"
    code, out, err = run(
        ["--data-dir", ctx.data_dir, "sla", "import", str(write(tmp_path, SAMPLE)), "--contract", "1"], capsys
    )
    assert code == 2 and "T-001" in err and "T-002" in err and "未导入" in err


def test_a_file_with_one_bad_ticket_imports_nothing(ctx, tmp_path, capsys) -> None:
    run(["--data-dir", ctx.data_dir, "demo"], capsys)
    _code, before, _ = run(["--data-dir", ctx.data_dir, "sla", "contracts"], capsys)
    bad = doc(ticket("N-1"), ticket("N-2", level=9), ticket("N-3"))
    code, _out, err = run(["--data-dir", ctx.data_dir, "sla", "import", str(write(tmp_path, bad))], capsys)
    assert code == 2 and "N-2" in err
    _code, after, _ = run(["--data-dir", ctx.data_dir, "sla", "contracts"], capsys)
    assert after == before


def test_import_into_an_empty_store_creates_a_contract_with_the_files_policy(tmp_path, capsys) -> None:
    data = tmp_path / "empty"
    policy = {"clocks": {"response": {"minutes": 20}}}
    path = write(
        tmp_path,
        doc(
            ticket(level=5, events=[ev("reported", "2026-03-02T09:00:00"), ev("acknowledged", "2026-03-02T09:25:00")]),
            policy=policy,
        ),
    )
    from app.bootstrap import CliContext
    from app.bootstrap.demo import SEEDED_KEY
    from app.store import audit
    from app.store.base import AppMeta

    c = CliContext(data_dir=str(data), seed_demo=False)

    def _seeded(s: Any) -> None:  # as if the user had deleted the demo
        s.add(AppMeta(key=SEEDED_KEY, value="x"))
        audit.append(s, None, "test_setup", "app_meta", None, {SEEDED_KEY: "x"})

    c.store.write(_seeded)
    c.close()
    code, _out, err = run(["--data-dir", str(data), "sla", "import", str(path)], capsys)
    assert code == 0, err
    code, out, _ = run(
        ["--data-dir", str(data), "sla", "evaluate", "--contract", "1", "--json", "--at", "2026-03-02T10:00:00"], capsys
    )
    assert json.loads(out)["tickets"][0]["clocks"]["response"]["status"] == "breached"  # 25 > 20


def test_verify_detects_tampering(ctx, capsys) -> None:
    code, out, _ = run(["--data-dir", ctx.data_dir, "sla", "verify"], capsys)
    assert code == 0 and "完好" in out
    with ctx.store.engine.begin() as conn:
        conn.execute(update(TicketEvent).where(TicketEvent.id == 5).values(at="2026-01-01T00:00:00+08:00"))
    code, out, _ = run(["--data-dir", ctx.data_dir, "sla", "verify"], capsys)
    assert code == 1 and "篡改" in out and "工单 YW-" in out and "事件" in out


def test_report_pdf_and_xlsx(ctx, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    from tests.reports.conftest import pdf_fonts, pdf_pages

    pdf = tmp_path / "r.pdf"
    code, _out, err = run(
        [
            "--data-dir",
            ctx.data_dir,
            "sla",
            "report",
            "--month",
            "2026-10",
            "-o",
            str(pdf),
            "--at",
            "2026-12-01T09:00:00+08:00",
        ],
        capsys,
    )
    assert code == 0, err
    fonts = pdf_fonts(pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    text = "\n".join(pdf_pages(pdf))
    for heading in (
        "工单概况",
        "SLA 达标情况",
        "MTTA",
        "超时明细",
        "故障处理评定汇总",
        "近 12 个月趋势",
        "服务义务完成情况",
        "非法访问",
        "软件的故障",
        "进度落后",
    ):
        assert heading in text, heading
    xlsx = tmp_path / "r.xlsx"
    code, _out, err = run(["--data-dir", ctx.data_dir, "sla", "report", "--month", "2026-10", "-o", str(xlsx)], capsys)
    assert code == 0, err
    book = load_workbook(xlsx)
    assert book.sheetnames == ["概况", "SLA达标", "超时明细", "评定汇总", "趋势", "服务义务"]
    assert book["SLA达标"]["A5"].value == "响应" and str(book["SLA达标"]["G5"].value).startswith("=IF(")


def test_sla_commands_never_import_qt(tmp_path) -> None:
    path = write(tmp_path, SAMPLE)
    script = (
        "import sys\n"
        "from app.cli.main import main\n"
        f"for argv in (['sla', 'evaluate', {str(path)!r}, '--json'], ['sla', 'verify'], ['sla', 'contracts'],\n"
        f"             ['sla', 'report', '--month', '2026-10', '-o', {str(tmp_path / 'r.pdf')!r}]):\n"
        "    main(argv)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "assert not qt, qt\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"WORKBENCH_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr

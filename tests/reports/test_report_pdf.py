"""The report PDF, checked with the real poppler tools: structure, copies, numbering, fonts, failures."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from app.mipin.engine import parse_case, score_case
from reports.copies import distribution_sentence, plan_copies
from tests.reports.casefactory import demo_case_data
from tests.reports.conftest import Report, pdf_fonts, pdf_page_count, pdf_pages, run_cli, write_case

FRONT_HEADINGS = [
    "目    录",
    "声    明",
    "被测信息系统基本信息表",
    "商用密码应用安全性评估结论",
    "总体评价",
    "安全问题及改进建议",
]
CHAPTERS = [
    "1 测评项目概述",
    "1.1 测评目的",
    "1.2 测评依据",
    "1.3 测评过程",
    "1.4 报告分发范围",
    "2 被测系统情况",
    "2.4 系统资产",
    "3 测评范围与方法",
    "3.1 测评指标",
    "3.1.3 不适用指标",
    "4 单元测评",
    "4.1 密码技术应用要求",
    "4.2 安全管理",
    "5 整体测评",
    "5.1 测评结果修正",
    "5.2 整体测评结果和量化评估",
    "6 风险分析",
    "7 评估结论",
    "附录A 测评结果记录",
    *[f"A-{i}" for i in range(1, 9)],
    "附录B 密评活动有效性证明记录",
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _has(text: str, heading: str) -> bool:
    # pdftotext renders the two-space gap after a section number as one or more spaces.
    pattern = r"\s*".join(re.escape(part) for part in heading.split())
    return re.search(pattern, text) is not None


def check_copies(report: Report) -> int:
    """Every copy is complete: headings, copy marks, recipients, 第 X 页 共 Y 页. Returns pages per copy."""
    pages = pdf_pages(report.pdf)
    count = pdf_page_count(report.pdf)
    assert len(pages) == count
    assert count % report.copies == 0
    per_copy = count // report.copies
    for info in plan_copies(report.copies):
        chunk = pages[(info.number - 1) * per_copy : info.number * per_copy]
        assert info.mark in chunk[0] and info.recipient_text in chunk[0], "cover carries the copy mark"
        for index, page in enumerate(chunk[1:], start=2):
            assert info.mark in page, f"copy {info.number} page {index}: header copy mark"
            assert f"第 {index} 页 共 {per_copy} 页" in page, f"copy {info.number} page {index}: footer"
            assert "报告编号" in page
        whole = "\n".join(chunk)
        for heading in [*FRONT_HEADINGS, *CHAPTERS]:
            assert _has(whole, heading), f"copy {info.number}: missing {heading}"
        assert distribution_sentence(report.copies) in _squash(whole).replace(" ", "")
    return per_copy


def check_fonts(path: Path) -> None:
    rows = pdf_fonts(path)
    assert rows, "no fonts"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes", row["line"]
        assert "WenQuanYi" in row["name"], row["line"]


def test_demo_report_three_copies(demo_report: Report) -> None:
    total = score_case(parse_case(demo_report.data)).total
    per_copy = check_copies(demo_report)
    assert pdf_page_count(demo_report.pdf) == 3 * per_copy
    text = "\n".join(pdf_pages(demo_report.pdf)).replace(" ", "")
    assert f"综合得分为{total}分" in text.replace("\n", "")
    check_fonts(demo_report.pdf)


def test_demo_report_metadata_carries_the_fingerprint(demo_report: Report) -> None:
    from pypdf import PdfReader

    from app.mipin.fingerprint import case_fingerprint

    meta = PdfReader(demo_report.pdf).metadata
    assert meta is not None
    assert str(meta["/Keywords"]) == f"mipin-case-sha256:{case_fingerprint(parse_case(demo_report.data))}"
    assert "商用密码应用安全性评估报告" in str(meta["/Title"])


def test_the_report_states_the_engine_numbers(demo_report: Report) -> None:
    result = score_case(parse_case(demo_report.data))
    text = _squash("\n".join(pdf_pages(demo_report.pdf)[: pdf_page_count(demo_report.pdf) // 3]))
    flat = text.replace(" ", "")
    assert f"综合得分为{result.total}分" in flat
    assert f"符合项{result.counts.conform}项" in flat
    assert f"部分符合项{result.counts.partial}项" in flat
    assert f"不适用项{result.counts.not_applicable}项" in flat
    for layer in result.layers:
        if layer.score is not None:
            assert str(layer.score) in text
    # The full calculation trace of chapter 5 (every explanation line is a table row).
    assert f"S={result.total}" in flat.replace("（", "(")
    assert result.conclusion in text


@pytest.mark.slow  # three full reports
def test_split_writes_one_file_per_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = write_case(tmp_path / "case.json", demo_case_data())
    out = tmp_path / "report.pdf"
    result = run_cli(["report", str(case_file), "-o", str(out), "--copies", "3", "--split"], tmp_path / "d", capsys)
    assert result.code == 0, result.err
    assert not out.exists()
    files = [tmp_path / f"report-{n}of3.pdf" for n in (1, 2, 3)]
    counts = {pdf_page_count(f) for f in files}
    assert len(counts) == 1
    for info, path in zip(plan_copies(3), files, strict=True):
        pages = pdf_pages(path)
        assert info.mark in pages[0] and info.recipient_text in pages[0]
        assert all(info.mark in p for p in pages)
        assert f"第 2 页 共 {len(pages)} 页" in pages[1]
        check_fonts(path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "case.json",
        "report-1of3.pdf",
        "report-2of3.pdf",
        "report-3of3.pdf",
    ]


def _untested(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["units"] = [u for u in data["units"] if u["id"] != "ER-3"]
    return data


def test_untested_case_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = write_case(tmp_path / "case.json", _untested(demo_case_data()))
    out = tmp_path / "report.pdf"
    result = run_cli(["report", str(case_file), "-o", str(out)], tmp_path / "d", capsys)
    assert result.code == 2
    assert "未测" in result.err and "ER-3" in result.err and "--draft" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["case.json"]


def test_draft_has_a_watermark_on_every_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = write_case(tmp_path / "case.json", _untested(demo_case_data()))
    out = tmp_path / "draft.pdf"
    result = run_cli(["report", str(case_file), "-o", str(out), "--draft", "--copies", "2"], tmp_path / "d", capsys)
    assert result.code == 0, result.err
    pages = pdf_pages(out)
    assert len(pages) == pdf_page_count(out)
    assert all("草稿" in p for p in pages)
    text = "\n".join(pages)
    assert "尚有 1 个未测" in text and "ER-3" in text
    check_fonts(out)


def test_final_report_has_no_watermark(demo_report: Report) -> None:
    assert not any("DRAFT" in p for p in pdf_pages(demo_report.pdf))


def test_engine_failure_passes_the_error_on_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _all_technical_na(demo_case_data())
    case_file = write_case(tmp_path / "case.json", data)
    with pytest.raises(Exception) as info:
        score_case(parse_case(data))
    engine_message = str(info.value)
    result = run_cli(["report", str(case_file), "-o", str(tmp_path / "r.pdf"), "--draft"], tmp_path / "d", capsys)
    assert result.code == 2
    assert engine_message in result.err
    assert "Traceback" not in result.err
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["case.json"]


def _all_technical_na(data: dict[str, Any]) -> dict[str, Any]:
    units = []
    for unit in data["units"]:
        if unit["id"][:2] in ("PE", "NC", "DC", "AD"):
            units.append({"id": unit["id"], "applicable": False, "na_reason": "测试：技术层面全部不适用"})
        else:
            units.append(unit)
    data["units"] = units
    data["compensations"] = []
    data["risk_decisions"] = [
        d for d in data.get("risk_decisions", []) if d["unit"][:2] not in ("PE", "NC", "DC", "AD")
    ]
    return data


def test_verify_report_matches_then_fails_after_the_case_changes(
    demo_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = run_cli(["verify-report", str(demo_report.pdf), str(demo_report.case_file)], tmp_path / "d", capsys)
    assert ok.code == 0, ok.out + ok.err
    assert "一致" in ok.out
    changed = copy.deepcopy(demo_report.data)
    target = next(u for u in changed["units"] if u.get("result"))
    target["result"] = "不符合" if target["result"] != "不符合" else "符合"
    changed_file = write_case(tmp_path / "changed.json", changed)
    bad = run_cli(["verify-report", str(demo_report.pdf), str(changed_file)], tmp_path / "d", capsys)
    assert bad.code == 1
    assert "不一致" in bad.out


def test_fingerprint_ignores_spelling_and_key_order(
    demo_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(demo_report.data)
    for unit in data["units"]:
        for obj in unit.get("objects", []):
            for key in ("D", "A", "K"):
                if obj.get(key) == "√":
                    obj[key] = "pass"
    reordered = {key: data[key] for key in reversed(list(data))}
    case_file = write_case(tmp_path / "aliases.json", reordered)
    result = run_cli(["verify-report", str(demo_report.pdf), str(case_file)], tmp_path / "d", capsys)
    assert result.code == 0, result.out


def test_verify_report_of_a_foreign_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_report: Report
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    foreign = tmp_path / "foreign.pdf"
    canvas = Canvas(str(foreign))
    canvas.drawString(100, 100, "hello")
    canvas.save()
    result = run_cli(["verify-report", str(foreign), str(demo_report.case_file)], tmp_path / "d", capsys)
    assert result.code == 1 and "没有案例指纹" in result.out
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("not a pdf")
    result = run_cli(["verify-report", str(not_pdf), str(demo_report.case_file)], tmp_path / "d", capsys)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1


def test_report_and_verify_from_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.bootstrap import CliContext
    from app.bootstrap.demo import SEEDED_KEY
    from app.mipin.cases import import_case
    from app.store.base import AppMeta

    data_dir = tmp_path / "store"
    ctx = CliContext(data_dir=str(data_dir), seed_demo=False)
    case_id = import_case(ctx.store, demo_case_data())
    from app.store import audit

    def mark_seeded(session) -> None:  # later commands must not seed the demo into this store
        session.merge(AppMeta(key=SEEDED_KEY, value="test"))
        audit.append(session, None, "test_setup", "app_meta:demo_seeded")

    ctx.store.write(mark_seeded)
    from app.mipin.casework.editor import CaseEditor
    from app.mipin.casework.edits import SetUnitRecord

    CaseEditor(ctx.store, actor="assessor-a").apply(case_id, SetUnitRecord("MS-1", "已访谈安全管理员，制度齐全"))
    ctx.close()
    out = tmp_path / "from-store.pdf"
    result = run_cli(["report", "--case", str(case_id), "-o", str(out), "--copies", "1"], data_dir, capsys)
    assert result.code == 0, result.err
    pages = pdf_pages(out)
    assert "第1份/共1份" in pages[0] and "密评机构留存" in pages[0]
    appendix = "".join(pages)
    assert "B.11 测评记录审计日志摘要" in appendix.replace("  ", " ") and "assessor-a" in appendix
    assert "完整，未发现修改或删除的记录" in appendix
    ok = run_cli(["verify-report", str(out), "--case", str(case_id)], data_dir, capsys)
    assert ok.code == 0, ok.out + ok.err
    missing = run_cli(["report", "--case", "999", "-o", str(tmp_path / "x.pdf")], data_dir, capsys)
    assert missing.code == 2 and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "-o", "x.pdf"], "CASE.json"),
        (["report", "{case}", "-o", "x.pdf", "--copies", "0"], "--copies"),
        (["report", "{case}", "-o", "no-such-dir/x.pdf"], "输出目录不存在"),
        (["report", "{case}", "-o", "x.pdf", "--date", "2026-13-01"], "--date"),
        (["report", "no-such-case.json", "-o", "x.pdf"], "no-such-case.json"),
    ],
)
def test_bad_report_arguments_are_one_line_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    case_file = write_case(tmp_path / "case.json", demo_case_data())
    argv = [a.replace("{case}", str(case_file)) for a in argv]
    result = run_cli(argv, tmp_path / "d", capsys)
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_large_report_three_copies(large_report: Report) -> None:
    per_copy = check_copies(large_report)
    assert pdf_page_count(large_report.pdf) == 3 * per_copy
    assert per_copy > 100
    check_fonts(large_report.pdf)
    text = "\n".join(pdf_pages(large_report.pdf)[:per_copy])
    # Long appendix tables continue across pages with the unit's continuation label.
    assert "（续）" in text
    result = score_case(parse_case(large_report.data))
    assert f"综合得分为{result.total}分" in text.replace(" ", "").replace("\n", "")


@pytest.mark.slow
def test_large_report_verify(large_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = run_cli(["verify-report", str(large_report.pdf), str(large_report.case_file)], tmp_path / "d", capsys)
    assert ok.code == 0
    changed = copy.deepcopy(large_report.data)
    first = next(o for u in changed["units"] for o in u.get("objects", []) if o.get("D") == "√")
    first["record"] = (first.get("record") or "") + "（复核后补充）"
    bad = run_cli(
        ["verify-report", str(large_report.pdf), str(write_case(tmp_path / "c.json", changed))], tmp_path / "d", capsys
    )
    assert bad.code == 1


def test_copy_rule() -> None:
    assert [c.recipient_text for c in plan_copies(3)] == ["提交密码管理部门", "提交委托单位", "密评机构留存"]
    assert [c.recipient_text for c in plan_copies(5)][3:] == ["密评机构留存", "密评机构留存"]
    assert plan_copies(1)[0].recipient_text == "密评机构留存"
    assert distribution_sentence(3) == "本报告一式3份，其中1份提交密码管理部门，1份提交委托单位，1份由密评机构留存。"
    assert distribution_sentence(5) == "本报告一式5份，其中1份提交密码管理部门，1份提交委托单位，3份由密评机构留存。"
    with pytest.raises(ValueError):
        plan_copies(10)

"""The plan's DOCX (python-docx), PDF (pdftotext, pdffonts), the review report, the CLI and the store."""

from __future__ import annotations

import json
import subprocess

import docx
import pytest

from app.cli.main import main
from app.core.paths import resource_path
from app.mipin.engine import load_case_file
from app.plan.demo import demo_plan
from app.plan.plandump import dump_plan
from reports.plan_content import plan_document
from reports.plan_docx import write_docx
from reports.plan_pdf import write_pdf

DEMO = resource_path("demo", "demo-case.json")
CHAPTERS = (
    "1 背景",
    "2 系统概述",
    "3 密码应用需求分析",
    "4 设计目标及原则",
    "5 密码应用技术方案",
    "6 密钥管理",
    "7 部署与产品清单",
    "8 安全与合规性分析",
    "9 安全管理方案",
    "10 实施保障方案",
)


@pytest.fixture(scope="module")
def demo():
    case = load_case_file(DEMO)
    return case, demo_plan(case)


@pytest.fixture
def demo_file(tmp_path, demo):
    """The demo case as an exchange file carrying its plan."""
    _case, plan = demo
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["plan"] = dump_plan(plan)
    path = tmp_path / "case-with-plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_docx_has_heading_styles_toc_field_and_tables(tmp_path, demo):
    case, plan = demo
    path = write_docx(plan_document(case, plan), tmp_path / "plan.docx")
    document = docx.Document(str(path))
    h1 = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert tuple(h1) == CHAPTERS
    h2 = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert {"5.2 物理和环境安全", "5.5 应用和数据安全", "10.4 经费概算"} <= set(h2)
    xml = document.element.xml
    assert 'TOC \\o "1-3"' in xml and 'w:fldCharType="begin"' in xml
    headers = [tuple(c.text for c in t.rows[0].cells) for t in document.tables]
    products = ("序号", "产品名称", "部署位置", "算法", "数量", "认证证书编号", "有效期", "模块等级")
    assert products in headers
    assert ("环节", "管理措施") in headers
    product_table = document.tables[
        headers.index(("序号", "产品名称", "部署位置", "算法", "数量", "认证证书编号", "有效期", "模块等级"))
    ]
    assert "（示例）" in product_table.rows[1].cells[5].text
    # The tables stay editable: a client can change a cell and save.
    product_table.rows[1].cells[1].text = "某型号服务器密码机"
    document.save(str(tmp_path / "edited.docx"))
    assert docx.Document(str(tmp_path / "edited.docx")).tables[headers.index(headers[-1])] is not None


def test_pdf_text_and_fonts(tmp_path, demo):
    case, plan = demo
    path, pages = write_pdf(plan_document(case, plan), tmp_path / "plan.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for chapter in CHAPTERS:
        assert chapter in text
    assert "示例" in text and "经费合计" in text and "GB/T 37092" in text
    assert "草稿" not in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and "WenQuanYi" in fonts
    assert pages > 10


def test_cli_plan_export_json_and_final_refusal(tmp_path, demo_file, capsys):
    assert main(["plan", str(demo_file), "-o", str(tmp_path / "p.docx")]) == 0
    assert (tmp_path / "p.docx").exists()
    capsys.readouterr()
    assert main(["plan", str(demo_file), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["current"]["total"] == 67.32 and out["projected"]["conclusion"] == "符合"
    assert out["cost"]["unknown"] == [] and len(out["items"]) == 30
    # A case file without a plan: generated on the fly, 不适用 not argued → no final export.
    assert main(["plan", str(DEMO), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "不能导出正式方案" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_optimise(demo_file, capsys):
    assert main(["plan", "optimise", str(demo_file), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["feasible"] and out["proved_optimal"] and out["chosen"] == ["obj:AD-5/医学影像文件"]
    assert out["projected"]["conclusion"] == "基本符合" and "HiGHS" in out["solver"]
    assert main(["plan", "optimise", str(demo_file), "--target", "符合"]) == 0
    assert "已证明最优" in capsys.readouterr().out
    assert main(["plan", "optimise", str(demo_file), "--target", "合格"]) == 2


def test_cli_review_exit_codes(tmp_path, demo_file, capsys):
    assert main(["plan-review", str(demo_file), "-o", str(tmp_path / "r.pdf"), "--reviewer", "张工"]) == 0
    cmd = ["pdftotext", str(tmp_path / "r.pdf"), "-"]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert "评估结论：通过" in text
    capsys.readouterr()
    assert main(["plan-review", str(DEMO)]) == 1
    out = capsys.readouterr().out
    assert "需修改" in out and "level-filing" in out and "budget" in out


def test_store_round_trip_is_audited(store, demo):
    from dataclasses import replace
    from decimal import Decimal

    from app.mipin.cases import import_case
    from app.plan.costs import Price
    from app.plan.repository import load_plan, load_prices, save_plan, save_prices
    from app.store import audit

    _case, plan = demo
    case_id = import_case(store, json.loads(DEMO.read_text(encoding="utf-8")))
    assert load_plan(store, case_id)[1] is None
    save_plan(store, case_id, plan)
    assert load_plan(store, case_id)[1] == plan
    edited = replace(plan, items=(replace(plan.items[0], owner="李工", edited=True), *plan.items[1:]))
    save_plan(store, case_id, edited)
    save_plan(store, case_id, edited)  # nothing changed: no record
    records = [r for r in audit.records(store, case_id) if r.action == "plan.save"]
    assert len(records) == 2
    assert f"items[{plan.items[0].key}].owner" in (records[-1].new_value or "")
    assert audit.verify(store, case_id).ok
    save_prices(store, (Price("服务器密码机", Decimal("25.5")),))
    assert load_prices(store)[0].unit_price == Decimal("25.5")

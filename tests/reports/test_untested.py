"""Untested is not 不符合 (issue #10, 2.1): the report's risk table, Appendix A, the Excel record, the wording."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.mipin.bundle import bundle_from_data
from app.mipin.engine.caserecord import RiskRatingInput
from reports.appendices import _mgmt_rows, _tech_rows
from reports.frontmatter import conclusion_sentence
from reports.model import ReportModel, build_model
from reports.xlsx import write_xlsx
from tests.reports.casefactory import demo_case_data
from tests.reports.conftest import pdf_pages, run_cli, write_case


def _first_seven_units() -> dict[str, Any]:
    """The demo case with only PE-1 … NC-4 entered: 34 of 41 units untested."""
    data = demo_case_data()
    data["units"] = data["units"][:7]
    ids = {u["id"] for u in data["units"]}
    data["compensations"] = [c for c in data["compensations"] if c["unit"] in ids and c["from_unit"] in ids]
    data["risk_decisions"] = [d for d in data["risk_decisions"] if d["unit"] in ids]
    return data


def _half_tested() -> dict[str, Any]:
    """NC-4 has a D=× object and one still untested; MS-3 has no result; ER-3 is missing."""
    data = demo_case_data()
    for unit in data["units"]:
        if unit["id"] == "NC-4":
            unit["objects"].append({"name": "核心交换机访问控制列表", "record": "待现场测评。"})
        if unit["id"] == "MS-3":
            unit.pop("result")
    data["units"] = [u for u in data["units"] if u["id"] != "ER-3"]
    return data


def _model(data: dict[str, Any], ratings: tuple[RiskRatingInput, ...] = ()) -> ReportModel:
    return build_model(replace(bundle_from_data(data), risk_ratings=ratings), draft=True)


def test_untested_units_get_no_default_risk_rating() -> None:
    model = _model(_first_seven_units())
    assert model.result.counts.untested == 34
    listed = {r.unit for r in model.risks}
    assert listed <= {"PE-1", "PE-2", "PE-3", "NC-1", "NC-2", "NC-3", "NC-4"}  # no row for the 34 untested
    assert len(model.unassessed_units) == 34
    assert all(not r.pending for r in model.risks)


def test_an_unfinished_unit_with_a_problem_is_listed_unrated() -> None:
    model = _model(_half_tested())
    nc4 = next(r for r in model.risks if r.unit == "NC-4")
    assert (nc4.verdict, nc4.likelihood, nc4.impact, nc4.risk, nc4.rated) == ("未测", "—", "—", "未评定", False)
    assert nc4.problem.startswith("尚未测完") and "核心交换机访问控制列表" in nc4.problem
    assert {"MS-3", "ER-3"}.isdisjoint(r.unit for r in model.risks)  # nothing found there yet
    rated = _model(_half_tested(), (RiskRatingInput("NC-4", "高", "中", "已评估"),))
    nc4 = next(r for r in rated.risks if r.unit == "NC-4")
    assert (nc4.likelihood, nc4.impact, nc4.rated, nc4.basis) == ("高", "中", True, "已评估")


def test_appendix_a_shows_untested_not_na() -> None:
    model = _model(_half_tested())
    rows, _, _ = _tech_rows(model, model.layer_units("NC"))
    texts = [[getattr(c, "text", c) for c in row] for row in rows]
    untested_object = next(r for r in texts if "核心交换机访问控制列表" in str(r[1]))
    assert untested_object[3:6] == ["未测", "—", "—"]
    missing = _model(_first_seven_units())
    rows, _, _ = _tech_rows(missing, missing.layer_units("DC"))
    for row in rows:
        assert row[3:6] == ["未测", "—", "—"], row  # never "/ / /" (the legend's 不适用)
    mgmt = _mgmt_rows(missing, missing.layer_units("MS"))
    assert all(row[4] == "—" for row in mgmt)  # no 0.0000 "score" for an untested management unit


def test_draft_wording_states_how_many_units_are_tested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = _model(_first_seven_units())
    assert model.result.conclusion == "暂不下结论"
    sentence = conclusion_sentence(model)
    assert "41 个测评单元中已完成 7 个，尚有 34 个未测" in sentence and sentence.endswith("暂不下结论。")
    case_file = write_case(tmp_path / "case.json", _first_seven_units())
    pdf = tmp_path / "draft.pdf"
    result = run_cli(["report", str(case_file), "-o", str(pdf), "--draft", "--copies", "1"], tmp_path / "d", capsys)
    assert result.code == 0, result.err
    text = "".join("".join(p.split()) for p in pdf_pages(pdf))
    assert "已完成41项测评项" not in text
    assert "评估共选取41项测评项，已完成其中7项的测评工作，尚有34项未测" in text
    assert "另有34个测评单元尚未测评，未进行风险分析" in text
    assert "暂不下结论" in text


def test_excel_record_shows_untested_and_chinese_decisions(tmp_path: Path) -> None:
    model = _model(_half_tested())
    path = write_xlsx(model, tmp_path / "record.xlsx")
    book = load_workbook(path)
    er = [[c.value for c in row] for row in book["A-8"].iter_rows(min_row=5)]
    er3 = next(r for r in er if r[0] == "ER-3")
    assert er3[4] == "未测" and er3[5] in ("", None)
    nc = [[c.value for c in row] for row in book["A-2"].iter_rows(min_row=5)]
    pending = next(r for r in nc if r[2] == "核心交换机访问控制列表")
    assert pending[4] == "未测" and pending[9] == "未测"
    decisions = {row[8].value for row in book["高风险"].iter_rows(min_row=4) if row[8].value}
    assert decisions and decisions <= {"确认", "缓解", "排除", "新增"}
    assert "mitigated" not in decisions


def test_excel_decision_labels_cover_every_decision() -> None:
    from app.mipin.engine.case import DECISIONS
    from reports.textblocks import DECISION_LABELS

    assert set(DECISION_LABELS) == set(DECISIONS)
    assert DECISION_LABELS == {"confirmed": "确认", "mitigated": "缓解", "dismissed": "排除", "added": "新增"}

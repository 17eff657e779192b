"""The Excel workbook: sheets, and live formulas that recompute the engine's scores (``formulas``)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.mipin.bundle import bundle_from_data
from app.mipin.engine import parse_case, score_case
from reports.model import build_model
from reports.xlsx import build_workbook, write_xlsx
from tests.reports.casefactory import ROOT, demo_case_data, make_large_case
from tests.reports.conftest import run_cli, write_case

CASES = ROOT / "tests" / "data" / "cases"
SHEETS = ["说明", *(f"A-{i}" for i in range(1, 9)), "量化评估", "高风险", "风险分析"]


def _case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


def _is_partial(path: Path) -> bool:
    expected = path.with_name(path.stem + ".expected.json")
    return expected.exists() and "range" in json.loads(expected.read_text(encoding="utf-8"))


class Evaluated:
    """A workbook recalculated by the ``formulas`` package."""

    def __init__(self, path: Path) -> None:
        import formulas

        self.name = path.name
        self.solution = formulas.ExcelModel().loads(str(path)).finish().calculate()

    def value(self, sheet: str, cell: str) -> Any:
        raw = self.solution[f"'[{self.name}]{sheet.upper()}'!{cell}"].value[0, 0]
        return raw.item() if hasattr(raw, "item") else raw

    def number(self, sheet: str, cell: str) -> Decimal | None:
        raw = self.value(sheet, cell)
        if raw == "" or raw is None:
            return None
        return Decimal(repr(float(raw)))


def _check_against_engine(data: dict[str, Any], path: Path, *, draft: bool = False) -> None:
    model = build_model(bundle_from_data(data), draft=draft)
    write_xlsx(model, path)
    _, cells, risk_cells = build_workbook(model)
    book = Evaluated(path)
    result = model.result
    assert book.number("量化评估", cells.total) == result.total
    assert book.value("量化评估", cells.conclusion) == result.conclusion
    for layer in result.layers:
        got = book.number("量化评估", cells.layers[layer.code])
        assert got == (None if layer.score is None else layer.score), layer.code
    for unit in result.units:
        got = book.number("量化评估", cells.units[unit.unit])
        assert got == (None if unit.score is None else unit.score), unit.unit
        verdict_cell = "K" + cells.units[unit.unit][1:]
        assert book.value("量化评估", verdict_cell) == unit.verdict, unit.unit  # 未测 is never 不符合
    for unit in result.units:
        for obj in unit.objects:
            got = book.number("量化评估", cells.objects[(obj.unit, obj.name)])
            assert got == obj.score, obj.key
    for row in model.risks:
        assert book.value("风险分析", risk_cells[row.unit]) == row.risk, row.unit


@pytest.mark.slow  # the formulas library evaluates the whole workbook (seconds per file)
def test_demo_workbook_formulas_equal_the_engine(tmp_path: Path) -> None:
    _check_against_engine(demo_case_data(), tmp_path / "demo.xlsx")


@pytest.mark.slow  # as above, once per case file
@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_case_files_formulas_equal_the_engine(path: Path, tmp_path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    _check_against_engine(data, tmp_path / "case.xlsx", draft=_is_partial(path))


@pytest.mark.slow
def test_large_case_formulas_equal_the_engine(tmp_path: Path) -> None:
    _check_against_engine(make_large_case(units=41, objects=1000), tmp_path / "large.xlsx")


def test_sheets_and_live_formulas(tmp_path: Path) -> None:
    model = build_model(bundle_from_data(demo_case_data()))
    path = write_xlsx(model, tmp_path / "record.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    _, cells, _ = build_workbook(model)
    quant = book["量化评估"]
    assert str(quant[cells.total].value).startswith("=ROUND(")
    for cell in [*cells.layers.values(), *cells.units.values(), *cells.objects.values()]:
        assert str(quant[cell].value).startswith("="), cell
    assert book["A-1"]["A1"].value.startswith("表A-1")
    assert book.calculation.fullCalcOnLoad


@pytest.mark.slow  # the formulas library evaluates the workbook twice
def test_editing_a_mark_in_excel_moves_the_total_like_the_engine(tmp_path: Path) -> None:
    data = demo_case_data()
    model = build_model(bundle_from_data(data))
    path = write_xlsx(model, tmp_path / "record.xlsx")
    _, cells, _ = build_workbook(model)
    # Turn the first fully conforming object into D=× in the sheet and in the case.
    book = load_workbook(path)
    quant = book["量化评估"]
    target = next(o for u in model.result.units for o in u.objects if o.score == 1)
    row = int(cells.objects[(target.unit, target.name)][1:])
    quant[f"C{row}"] = "×"
    book.save(path)
    changed = copy.deepcopy(data)
    unit = next(u for u in changed["units"] if u["id"] == target.unit)
    obj = next(o for o in unit["objects"] if o["name"] == target.name)
    obj.update({"D": "×"})
    expected = score_case(parse_case(changed)).total
    assert expected != model.result.total
    assert Evaluated(path).number("量化评估", cells.total) == expected


def test_export_xlsx_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = write_case(tmp_path / "case.json", demo_case_data())
    out = tmp_path / "record.xlsx"
    result = run_cli(["export-xlsx", str(case_file), "-o", str(out)], tmp_path / "d", capsys)
    assert result.code == 0, result.err
    assert load_workbook(out).sheetnames == SHEETS
    untested = copy.deepcopy(demo_case_data())
    untested["units"] = untested["units"][:-1]
    bad_file = write_case(tmp_path / "untested.json", untested)
    bad = run_cli(["export-xlsx", str(bad_file), "-o", str(tmp_path / "u.xlsx")], tmp_path / "d", capsys)
    assert bad.code == 2 and not (tmp_path / "u.xlsx").exists()
    draft = run_cli(["export-xlsx", str(bad_file), "-o", str(tmp_path / "u.xlsx"), "--draft"], tmp_path / "d", capsys)
    assert draft.code == 0 and (tmp_path / "u.xlsx").exists()

import json
from pathlib import Path

import pytest

from app.core.paths import resource_path
from app.mipin.engine import load_case_file, score_case, score_json

from .conftest import CliRun

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
INVALID = sorted((CASES / "invalid").glob("*.json"))


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 10
    assert len(INVALID) >= 10
    levels = {json.loads(p.read_text(encoding="utf-8"))["system"]["level"] for p in CASE_FILES}
    assert levels == {1, 2, 3, 4}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_through_the_cli(cli: CliRun, path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    args = ["score", str(path), "--json"] + (["--partial"] if "range" in expected else [])
    code, out, _ = cli(*args)
    assert code == 0
    assert json.loads(out) == expected


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case_file(cli: CliRun, path: Path) -> None:
    expected = path.with_name(path.stem + ".expected.txt").read_text(encoding="utf-8").replace("{path}", str(path))
    code, out, err = cli("score", str(path), "--json")
    assert code == 2 and out == ""
    assert err == expected
    assert err.count("\n") == 1 and "Traceback" not in err


def test_demo_case() -> None:
    path = resource_path("demo", "demo-case.json")
    case = load_case_file(path)
    assert case.system.name == "梧州市全民健康信息平台" and case.level == 3
    assert case.system.client == "梧州市卫生健康委员会"
    assert case.system.report_no is not None and case.system.report_no.startswith("示例-")
    assert case.system.assessor is not None and "示例" in case.system.assessor
    result = score_case(case)
    expected = json.loads(resource_path("demo", "demo-case.expected.json").read_text(encoding="utf-8"))
    assert score_json(result) == expected
    assert 65 <= result.total <= 80
    statuses = {(r.item, r.status) for r in result.high_risks}
    assert ("6.1", "mitigated") in statuses and ("9.3", "high") in statuses
    assert result.counts.not_applicable >= 1 and result.counts.partial and result.counts.nonconform
    assert result.warnings == ()
    for unit in case.units:
        assert unit.record or unit.na_reason or all(o.record for o in unit.objects)


def test_demo_case_through_the_cli(cli: CliRun) -> None:
    code, out, err = cli("score", str(resource_path("demo", "demo-case.json")), "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == json.loads(resource_path("demo", "demo-case.expected.json").read_text(encoding="utf-8"))

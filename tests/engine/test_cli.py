import json
from pathlib import Path
from typing import Any

from .conftest import CliRun, build_case, obj


def write(tmp_path: Path, data: Any, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_json_output_shape(cli: CliRun, tmp_path: Path) -> None:
    decision = {"item": "8.2", "unit": "DC-2", "object": "运维通道", "decision": "mitigated", "reason": "带外管理"}
    data = build_case(units={"DC-2": [obj("运维通道", d="×")]}, decisions=[decision])
    code, out, err = cli("score", write(tmp_path, data), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert list(result) == ["format", "level", "total", "conclusion", "layers", "units", "high_risks", "counts"]
    assert result["format"] == "mipin-score/1" and result["level"] == 3
    assert result["total"] == 97.44 and result["conclusion"] == "基本符合"
    assert list(result["layers"]) == ["PE", "NC", "DC", "AD", "MS", "PM", "BO", "ER"]
    assert len(result["units"]) == 41 and result["units"]["DC-2"] == 0.0 and result["units"]["PE-1"] == 1.0
    assert result["high_risks"] == [{"item": "8.2", "unit": "DC-2", "object": "运维通道", "status": "mitigated"}]
    assert result["counts"] == {"符合": 40, "部分符合": 0, "不符合": 1, "不适用": 0}
    assert "\\u" not in out and "符合" in out
    assert '"total": 97.44' in out


def test_na_is_null_and_numbers_are_numbers(cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = cli("score", write(tmp_path, build_case(na=["PE-1", "PE-2", "PE-3"])), "--json")
    result = json.loads(out)
    assert code == 0 and result["layers"]["PE"] is None and result["units"]["PE-3"] is None
    assert isinstance(result["total"], float) and result["total"] == 100.0
    assert result["conclusion"] == "符合"


def test_readable_summary(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(units={"DC-2": [obj("运维通道", d="×")], "MS-2": "部分符合"})
    code, out, err = cli("score", write(tmp_path, data))
    assert code == 0 and err == ""
    assert out.startswith("测试系统 — 商用密码应用安全性评估量化评分（第三级）\n")
    assert "综合得分：" in out and "评估结论：不符合（存在 1 项未缓解的高风险）" in out
    assert "DC 设备和计算安全（权重 10）" in out
    assert "[高风险] 8.2 设备和计算安全—远程管理通道安全 · DC-2 运维通道" in out
    assert "测评单元 41 项：符合 39 项，部分符合 1 项，不符合 1 项，不适用 0 项" in out


def test_warnings_go_to_stderr(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(decisions=[{"item": "8.2", "unit": "DC-2", "decision": "mitigated", "reason": "x"}])
    data["unknown"] = True
    code, out, err = cli("score", write(tmp_path, data), "--json")
    assert code == 0 and json.loads(out)["total"] == 100.0
    assert err.splitlines() == [
        "workbench: warning: unknown: 未知字段，已忽略",
        "workbench: warning: risk_decisions[0]: 没有匹配的高风险候选项（8.2 DC-2），该决定未生效",
    ]


def test_input_error_is_one_line_exit_2(cli: CliRun, tmp_path: Path) -> None:
    data = build_case()
    data["units"][3]["objects"][0]["A"] = "/"
    data["units"][5]["objects"][0]["D"] = "?"
    code, out, err = cli("score", write(tmp_path, data), "--json")
    assert code == 2 and out == ""
    reason = "D 为 √ 时 A 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）"
    assert err == f"workbench: error: units[3].objects[0].A: {reason} (and 1 more)\n"
    assert "Traceback" not in err


def test_bad_json_names_the_position(cli: CliRun, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "mipin-case/1",\n "units": [,]}', encoding="utf-8")
    code, out, err = cli("score", str(path))
    assert code == 2 and out == ""
    assert err == (
        f"workbench: error: {path}:2:12: JSON 语法错误（第 2 行第 12 列）："
        "此处应为一个值（对象、数组、带双引号的字符串、数字、true、false 或 null）\n"
    )


def test_missing_file(cli: CliRun, tmp_path: Path) -> None:
    code, _, err = cli("score", str(tmp_path / "nope.json"))
    assert code == 2 and err.startswith("workbench: error: ") and "无法读取文件" in err and err.count("\n") == 1


def test_untested_requires_partial(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(missing=["PE-3"], units={"NC-1": [obj("互联网边界", d=None)]})
    path = write(tmp_path, data)
    code, out, err = cli("score", path, "--json")
    assert code == 2 and out == ""
    assert err == "workbench: error: units: 有 2 项未测：PE-3、NC-1/互联网边界；如需按未测计分请使用 --partial\n"
    code, out, err = cli("score", path, "--json", "--partial")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["units"]["PE-3"] == 0.0 and result["units"]["NC-1"] == 0.0
    assert result["range"] == {"min": result["total"], "max": 100.0}
    assert list(result)[-1] == "range"
    code, out, _ = cli("score", path, "--partial")
    assert code == 0 and "分数区间：" in out and "未测项：PE-3、NC-1/互联网边界" in out


def test_partial_always_adds_range(cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = cli("score", write(tmp_path, build_case()), "--json", "--partial")
    assert code == 0 and json.loads(out)["range"] == {"min": 100.0, "max": 100.0}


def test_wholly_na_group_exit_2(cli: CliRun, tmp_path: Path, cat: Any) -> None:
    na = [u.id for u in cat.units_for_level(3) if not u.is_technical]
    code, _, err = cli("score", write(tmp_path, build_case(na=na)))
    assert code == 2 and err.startswith("workbench: error: units: 密码应用管理部分的所有层面均不适用")


def test_usage_errors(cli: CliRun) -> None:
    code, _, err = cli("score")
    assert code == 2 and "CASE.json" in err
    code, _, err = cli("score", "x.json", "--bogus")
    assert code == 2 and err.startswith("workbench: error:")


def test_help_lists_score(cli: CliRun) -> None:
    code, out, _ = cli("--help")
    assert code == 0 and "score" in out


def test_ra_assumed_is_a_warning_of_the_score_output(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(units={"AD-1": [obj("登录（证书未经认证）", a="×")]})
    index = [u["id"] for u in data["units"]].index("AD-1")
    for extra in ((), ("--json",)):
        code, _, err = cli("score", write(tmp_path, data), *extra)
        assert code == 0
        assert err == f"workbench: warning: units[{index}].objects[0].A: A 为 × 但未列出非合规算法，按 Ra = 1 计\n"


def test_rk_not_allowed_at_the_level_exits_2(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(units={"NC-2": [obj("互联网边界", k="×", rk=1.5)]})
    assert [u["id"] for u in data["units"]].index("NC-2") == 4
    code, out, err = cli("score", write(tmp_path, data))
    assert (code, out) == (2, "")
    assert err == "workbench: error: units[4].objects[0].rk: 第3级只允许 1 或 1.2\n"


def test_partial_json_separates_untested_units(cli: CliRun, tmp_path: Path) -> None:
    data = build_case(missing=["PE-3"], units={"NC-1": [obj("a"), obj("b", d=None)], "MS-2": {"record": "待测"}})
    code, out, _ = cli("score", write(tmp_path, data), "--json", "--partial")
    assert code == 0
    result = json.loads(out)
    assert result["counts"] == {"符合": 38, "部分符合": 0, "不符合": 0, "不适用": 0, "未测": 3}
    assert result["untested"] == ["PE-3", "NC-1", "MS-2"]
    # total and the 0-filled units stay the minimum; range is unchanged
    assert result["units"]["PE-3"] == 0.0 and result["units"]["NC-1"] == 0.5 and result["units"]["MS-2"] == 0.0
    assert result["total"] == result["range"]["min"] and result["range"]["max"] == 100.0
    assert result["conclusion"] == "暂不下结论"  # NC-1 can still raise 7.1, and the maximum is 100
    assert list(result) == [
        "format", "level", "total", "conclusion", "layers", "units", "high_risks", "counts", "untested", "range"
    ]  # fmt: skip


def test_partial_json_of_a_tested_case(cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = cli("score", write(tmp_path, build_case()), "--json", "--partial")
    result = json.loads(out)
    assert code == 0 and result["counts"]["未测"] == 0 and result["untested"] == []
    assert result["conclusion"] == "符合" and result["range"] == {"min": 100.0, "max": 100.0}


def test_summary_counts_untested_units(cli: CliRun, tmp_path: Path) -> None:
    code, out, _ = cli("score", write(tmp_path, build_case(missing=["PE-3"])), "--partial")
    assert code == 0
    assert "测评单元 41 项：符合 40 项，部分符合 0 项，不符合 0 项，不适用 0 项，未测 1 项" in out
    assert "评估结论：基本符合" not in out

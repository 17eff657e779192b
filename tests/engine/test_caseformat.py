# ruff: noqa: E501  (tables of exact expected messages read best one per line)
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import InputError, InputErrors
from app.mipin.engine import CaseInput, dump_case, load_case_file, parse_case

from .conftest import build_case, obj


def errors_of(data: Any) -> list[str]:
    with pytest.raises(InputErrors) as err:
        parse_case(data)
    return [str(e) for e in err.value.errors]


def first_error(data: Any) -> str:
    return errors_of(data)[0]


def unit_index(data: dict[str, Any], unit_id: str) -> int:
    return next(i for i, u in enumerate(data["units"]) if u["id"] == unit_id)


def test_parse_minimal_valid_case() -> None:
    case = parse_case(build_case())
    assert isinstance(case, CaseInput)
    assert case.level == 3 and case.threshold == 60
    assert len(case.units) == 41
    assert case.notices == ()


def test_aliases_are_normalised() -> None:
    data = build_case(
        units={
            "NC-1": [
                obj("边界", d="PASS", a="Fail", k="pass", algorithms=["rsa1024", "aes_256"], protocols=["TLSv1.2"])
            ],
            "DC-4": [obj("终端", d="na", a="NA", k=None)],
            "MS-1": "partial",
            "MS-2": "FAIL",
            "MS-3": " pass ",
            "PE-3": {"result": "na", "na_reason": "无视频监控"},
            "BO-1": {"result": "不适用", "na_reason": "x"},
        }
    )
    case = parse_case(data)
    nc1 = case.unit("NC-1")
    assert nc1 is not None
    o = nc1.objects[0]
    assert (o.d, o.a, o.k) == ("√", "×", "√")
    assert o.algorithms == ("RSA-1024", "AES-256") and o.protocols == ("TLS 1.2",)
    dc4 = case.unit("DC-4")
    assert dc4 is not None and (dc4.objects[0].d, dc4.objects[0].a, dc4.objects[0].k) == ("/", "/", "/")
    assert [case.unit(u).result for u in ("MS-1", "MS-2", "MS-3")] == ["部分符合", "不符合", "符合"]  # type: ignore[union-attr]
    pe3, bo1 = case.unit("PE-3"), case.unit("BO-1")
    assert pe3 is not None and not pe3.applicable and pe3.result is None
    assert bo1 is not None and not bo1.applicable and bo1.result is None


def test_unit_ids_are_case_insensitive() -> None:
    data = build_case()
    data["units"][0]["id"] = " pe-1 "
    assert parse_case(data).units[0].id == "PE-1"


def test_dump_is_canonical_and_round_trips() -> None:
    data = build_case(
        units={
            "NC-1": [obj("边界", d="pass", a="fail", k="√", algorithms=["rsa2048"], protocols=["tlsv1.2"], module_level=2,
                         key_hazards=["A.3.3"], ra=0.5, rk=1.2, record="记录")],
            "DC-4": [obj("终端", d="/", a=None, k=None)],
            "MS-2": {"result": "na"},
        },
        threshold=65.5,
        compensations=[{"unit": "NC-3", "object": "对象", "from_unit": "AD-4", "from_object": "对象"}],
        decisions=[{"item": 8.2, "unit": "dc-2", "decision": "Dismissed", "reason": " r "}],
    )  # fmt: skip
    case = parse_case(data)
    dumped = dump_case(case)
    assert parse_case(dumped) == case
    assert dump_case(parse_case(dumped)) == dumped
    assert json.loads(json.dumps(dumped, ensure_ascii=False)) == dumped
    nc1 = dumped["units"][unit_index(dumped, "NC-1")]["objects"][0]
    assert nc1 == {
        "name": "边界", "D": "√", "A": "×", "K": "√", "algorithms": ["RSA-2048"], "protocols": ["TLS 1.2"],
        "module_level": 2, "key_hazards": ["A.3.3"], "ra": 0.5, "rk": 1.2, "record": "记录",
    }  # fmt: skip
    assert dumped["units"][unit_index(dumped, "DC-4")]["objects"][0] == {"name": "终端", "D": "/", "A": "/", "K": "/"}
    assert dumped["units"][unit_index(dumped, "MS-2")] == {"id": "MS-2", "applicable": False}
    assert dumped["threshold"] == 65.5
    assert dumped["risk_decisions"] == [{"item": "8.2", "unit": "DC-2", "decision": "dismissed", "reason": "r"}]
    assert dumped["format"] == "mipin-case/1"


def test_dump_of_every_data_case_is_idempotent() -> None:
    root = Path(__file__).resolve().parents[1] / "data" / "cases"
    paths = [p for p in root.glob("*.json") if not p.name.endswith(".expected.json")]
    assert len(paths) >= 10
    for path in paths:
        case = load_case_file(path)
        assert parse_case(dump_case(case)) == case, path.name


def test_threshold_default_and_integer_dump() -> None:
    case = parse_case(build_case(threshold=70))
    assert case.threshold == Decimal(70)
    assert dump_case(case)["threshold"] == 70
    assert dump_case(parse_case(build_case()))["threshold"] == 60


# -- every invalid input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda c: c.pop("format"), "format: 缺少必填字段（应为 “mipin-case/1”）"),
        (lambda c: c.update(format="mipin-case/0"), "format: 不支持的格式 “mipin-case/0”，应为 “mipin-case/1”"),
        (lambda c: c.pop("system"), "system: 缺少必填字段"),
        (lambda c: c.update(system=[]), "system: 必须是 JSON 对象"),
        (lambda c: c["system"].pop("level"), "system.level: 缺少必填字段（1–4）"),
        (lambda c: c["system"].update(level=0), "system.level: 应为 1–4 的整数，而不是 0"),
        (lambda c: c["system"].update(level=3.0), "system.level: 应为 1–4 的整数，而不是 3.0"),
        (lambda c: c["system"].update(level=True), "system.level: 应为 1–4 的整数，而不是 true"),
        (lambda c: c["system"].update(name=5), "system.name: 应为字符串，而不是 5"),
        (lambda c: c.update(threshold=-1), "threshold: 应为 0–100 之间的数，而不是 -1"),
        (lambda c: c.update(threshold="60"), "threshold: 应为 0–100 之间的数，而不是 “60”"),
        (lambda c: c.pop("units"), "units: 缺少必填字段"),
        (lambda c: c.update(units={}), "units: 必须是数组"),
        (lambda c: c["units"].__setitem__(0, "PE-1"), "units[0]: 必须是 JSON 对象"),
        (lambda c: c["units"][0].pop("id"), "units[0].id: 缺少必填字段"),
        (lambda c: c["units"][0].update(id=7), "units[0].id: 应为字符串，而不是 7"),
        (lambda c: c["units"][0].update(id="PE-9"), "units[0].id: 未知的测评单元 “PE-9”"),
        (lambda c: c["units"][0].update(applicable="no"), "units[0].applicable: 应为 true 或 false，而不是 “no”"),
        (lambda c: c["units"][0].update(na_reason=1), "units[0].na_reason: 应为字符串，而不是 1"),
        (lambda c: c["units"][0].update(objects="x"), "units[0].objects: 必须是数组"),
        (lambda c: c["units"][0].update(result="符合"), "units[0].result: 技术测评单元 PE-1 按测评对象的 D/A/K 评价，不使用 result"),
        (lambda c: c["units"][22].update(result="good"), "units[22].result: 取值 “good” 无效，应为 符合、部分符合、不符合、不适用（或 pass、partial、fail、na）"),
        (lambda c: c["units"][22].update(applicable=False), "units[22].result: 与 \"applicable\": false 矛盾"),
        (lambda c: c["units"][22].update(objects=[{"name": "x"}]), "units[22].objects: 管理测评单元 MS-1 不使用测评对象，请用 result 给出判定"),
        (lambda c: c["units"][0]["objects"].__setitem__(0, 1), "units[0].objects[0]: 必须是 JSON 对象"),
        (lambda c: c["units"][0]["objects"][0].pop("name"), "units[0].objects[0].name: 缺少必填字段"),
        (lambda c: c["units"][0]["objects"][0].update(name="  "), "units[0].objects[0].name: 不能为空"),
        (lambda c: c["units"][0]["objects"][0].update(D="Y"), "units[0].objects[0].D: 取值 “Y” 无效，应为 √、×、/（或 pass、fail、na）"),
        (lambda c: c["units"][0]["objects"][0].update(K=1), "units[0].objects[0].K: 取值 1 无效，应为 √、×、/（或 pass、fail、na）"),
        (lambda c: c["units"][3]["objects"][0].update(A="/"), "units[3].objects[0].A: D 为 √ 时 A 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）"),
        (lambda c: c["units"][3]["objects"][0].update(K="na"), "units[3].objects[0].K: D 为 √ 时 K 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）"),
        (lambda c: c["units"][3]["objects"][0].update(D="/"), "units[3].objects[0].A: D 为 “/” 时 A 也必须为 “/”（对象不适用）"),
        (lambda c: c["units"][0]["objects"][0].update(algorithms="SM4"), "units[0].objects[0].algorithms: 应为字符串数组，而不是 “SM4”"),
        (lambda c: c["units"][0]["objects"][0].update(algorithms=["SM4", ""]), "units[0].objects[0].algorithms[1]: 应为非空字符串，而不是 “”"),
        (lambda c: c["units"][0]["objects"][0].update(algorithms=["SM4", "RC4"]), "units[0].objects[0].algorithms[1]: 未知的密码算法 “RC4”"),
        (lambda c: c["units"][0]["objects"][0].update(protocols=["TLS 1.4"]), "units[0].objects[0].protocols[0]: 未知的密码协议 “TLS 1.4”"),
        (lambda c: c["units"][0]["objects"][0].update(module_level=5), "units[0].objects[0].module_level: 应为 1–4 的整数（GB/T 37092 安全等级），而不是 5"),
        (lambda c: c["units"][0]["objects"][0].update(key_hazards=[3]), "units[0].objects[0].key_hazards[0]: 应为非空字符串，而不是 3"),
        (lambda c: c["units"][0]["objects"][0].update(ra=0.25), "units[0].objects[0].ra: 只允许 1、0.5 或 0.2"),
        (lambda c: c["units"][0]["objects"][0].update(rk=True), "units[0].objects[0].rk: 第3级只允许 1 或 1.2"),
        (lambda c: c["units"][0]["objects"][0].update(record=["x"]), "units[0].objects[0].record: 应为字符串，而不是 [\"x\"]"),
        (lambda c: c["units"][0]["objects"].append(obj()), "units[0].objects[1].name: 同一测评单元内对象名称 “对象” 重复（见 units[0].objects[0]）"),
        (lambda c: c["units"].append({"id": "ER-3", "result": "符合"}), "units[41].id: 测评单元 ER-3 重复（已在 units[40] 出现）"),
        (lambda c: c.update(compensations={}), "compensations: 必须是数组"),
        (lambda c: c.update(compensations=[1]), "compensations[0]: 必须是 JSON 对象"),
        (lambda c: c.update(risk_decisions="x"), "risk_decisions: 必须是数组"),
        (lambda c: c.update(risk_decisions=[[]]), "risk_decisions[0]: 必须是 JSON 对象"),
    ],
)  # fmt: skip
def test_invalid_input_messages(mutate: Any, expected: str) -> None:
    data = build_case()
    mutate(data)
    assert first_error(data) == expected


def test_unit_not_in_level() -> None:
    data = build_case(level=2)
    data["units"].append({"id": "PE-3", "objects": [obj()]})
    assert first_error(data) == f"units[{len(data['units']) - 1}].id: 测评单元 PE-3 不属于第二级的测评指标"


def test_root_must_be_object() -> None:
    assert first_error([1]) == "案例必须是 JSON 对象（mipin-case/1）"


@pytest.mark.parametrize(
    ("compensation", "expected"),
    [
        ({"unit": "NC-1", "object": "对象", "from_unit": "AD-1", "from_object": "对象"},
         "compensations[0]: 只允许 NC-2↔AD-6、NC-3↔AD-4 之间的弥补，不允许由 AD-1 弥补 NC-1"),
        ({"unit": "NC-3", "object": "对象", "from_unit": "AD-6", "from_object": "对象"},
         "compensations[0]: 只允许 NC-2↔AD-6、NC-3↔AD-4 之间的弥补，不允许由 AD-6 弥补 NC-3"),
        ({"unit": "NC-3", "object": "没有", "from_unit": "AD-4", "from_object": "对象"},
         "compensations[0].object: 测评单元 NC-3 中没有名为 “没有” 的测评对象"),
        ({"unit": "NC-3", "object": "对象", "from_unit": "AD-4", "from_object": "没有"},
         "compensations[0].from_object: 测评单元 AD-4 中没有名为 “没有” 的测评对象"),
        ({"unit": "NC-3", "object": "对象", "from_unit": "AD-4"}, "compensations[0].from_object: 缺少必填字段"),
        ({"unit": "XX-3", "object": "对象", "from_unit": "AD-4", "from_object": "对象"},
         "compensations[0].unit: 未知的测评单元 “XX-3”"),
    ],
)  # fmt: skip
def test_invalid_compensations(compensation: dict[str, str], expected: str) -> None:
    assert first_error(build_case(compensations=[compensation])) == expected


def test_compensation_with_missing_na_or_excluded_objects() -> None:
    comp = [{"unit": "NC-3", "object": "对象", "from_unit": "AD-4", "from_object": "对象"}]
    assert (
        first_error(build_case(missing=["AD-4"], compensations=comp))
        == "compensations[0].from_unit: 案例中没有测评单元 AD-4"
    )
    assert (
        first_error(build_case(na=["NC-3"], compensations=comp))
        == "compensations[0].unit: 测评单元 NC-3 不适用，不能参与弥补"
    )
    data = build_case(units={"AD-4": [obj(d="/", a="/", k="/"), obj("其他")]}, compensations=comp)
    assert (
        first_error(data) == "compensations[0].from_object: 测评对象 AD-4/对象 不适用（D、A、K 均为 “/”），不能参与弥补"
    )


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ({"item": "7.1", "unit": "NC-1", "decision": "mitigated"},
         "risk_decisions[0].decision: 高风险项 7.1 没有可用的缓解措施，不能判为 mitigated（可缓解项：6.1、7.2、8.1、8.2、9.1、9.2、9.4、10.2）"),
        ({"item": "8.2", "unit": "DC-2", "decision": "dismissed"}, "risk_decisions[0].reason: dismissed 决定必须说明理由"),
        ({"item": "8.2", "unit": "DC-2", "decision": "dismissed", "reason": "  "}, "risk_decisions[0].reason: dismissed 决定必须说明理由"),
        ({"item": "8.2", "unit": "DC-2", "decision": "added"}, "risk_decisions[0].reason: added 决定必须说明理由"),
        ({"item": "8.2", "unit": "DC-2", "decision": "confirmed"}, "risk_decisions[0].reason: confirmed 决定必须说明理由"),
        ({"item": "8.2", "unit": "DC-2", "decision": "ok", "reason": "r"},
         "risk_decisions[0].decision: 取值 “ok” 无效，应为 mitigated、dismissed、added 或 confirmed"),
        ({"item": "8.2", "unit": "DC-2", "reason": "r"}, "risk_decisions[0].decision: 缺少必填字段（mitigated、dismissed、added 或 confirmed）"),
        ({"unit": "DC-2", "decision": "dismissed", "reason": "r"}, "risk_decisions[0].item: 缺少必填字段（5.1…10.2）"),
        ({"item": "4.1", "unit": "DC-2", "decision": "dismissed", "reason": "r"}, "risk_decisions[0].item: 未知的高风险项 “4.1”（应为 5.1…10.2）"),
        ({"item": "8.2", "decision": "dismissed", "reason": "r"}, "risk_decisions[0].unit: 缺少必填字段"),
        ({"item": "8.2", "unit": "DC-1", "decision": "dismissed", "reason": "r"}, "risk_decisions[0].unit: 高风险项 8.2 属于测评单元 DC-2，不是 DC-1"),
        ({"item": "5.1", "unit": "QQ-1", "decision": "dismissed", "reason": "r"}, "risk_decisions[0].unit: 未知的测评单元 “QQ-1”"),
    ],
)  # fmt: skip
def test_invalid_decisions(decision: dict[str, Any], expected: str) -> None:
    assert first_error(build_case(decisions=[decision])) == expected


@pytest.mark.parametrize("item", ["5.1", "5.2", "5.3", "7.1", "7.3", "9.3", "9.5", "10.1"])
def test_mitigated_rejected_for_every_non_mitigable_item(cat: Any, item: str) -> None:
    unit = cat.high_risk_item(item).unit or "AD-1"
    errors = errors_of(build_case(level=4, decisions=[{"item": item, "unit": unit, "decision": "mitigated"}]))
    assert errors == [errors[0]] and f"高风险项 {item} 没有可用的缓解措施" in errors[0]


@pytest.mark.parametrize("item", ["6.1", "7.2", "8.1", "8.2", "9.1", "9.2", "9.4", "10.2"])
def test_mitigated_accepted_for_every_mitigable_item(cat: Any, item: str) -> None:
    unit = cat.high_risk_item(item).unit
    case = parse_case(build_case(decisions=[{"item": item, "unit": unit, "decision": "mitigated"}]))
    assert case.risk_decisions[0].decision == "mitigated"


def test_all_errors_are_collected_in_document_order() -> None:
    data = build_case()
    data["format"] = "x"
    data["units"][3]["objects"][0]["A"] = "/"
    data["units"][5]["objects"][0]["algorithms"] = ["nope"]
    data["units"][30]["result"] = "?"
    data["risk_decisions"] = [{"item": "8.2", "unit": "DC-2", "decision": "dismissed"}]
    with pytest.raises(InputErrors) as err:
        parse_case(data)
    fields = [e.field for e in err.value.errors]
    assert fields == [
        "format",
        "units[3].objects[0].A",
        "units[5].objects[0].algorithms[0]",
        "units[30].result",
        "risk_decisions[0].reason",
    ]
    assert isinstance(err.value, InputError)
    assert err.value.user_message().startswith("format: ") and err.value.user_message().endswith("(and 4 more)")


def test_notices() -> None:
    data = build_case(units={"NC-4": {"objects": []}, "AD-3": {"applicable": False}})
    data["extra"] = 1
    data["units"][0]["objects"][0]["colour"] = "red"
    data["units"][unit_index(data, "NC-5")] = {"id": "NC-5"}
    case = parse_case(data)
    notes = [str(n) for n in case.notices]
    assert notes == [
        "extra: 未知字段，已忽略",
        "units[0].objects[0].colour: 未知字段，已忽略",
        "units[6].objects: 测评单元 NC-4 没有测评对象，按不适用处理",
        "units[7].objects: 测评单元 NC-5 没有测评对象，按不适用处理",
        "units[16].na_reason: 不适用的测评单元应说明理由",
    ]


def test_d_fail_allows_any_a_k_and_untested_object_needs_nothing() -> None:
    case = parse_case(build_case(units={"NC-1": [obj("a", d="×", a="/", k=None), obj("b", d=None, a=None, k=None)]}))
    nc1 = case.unit("NC-1")
    assert nc1 is not None
    assert [(o.d, o.a, o.k) for o in nc1.objects] == [("×", "/", None), (None, None, None)]


# -- files -----------------------------------------------------------------------------------------


def write(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "case.json"
    path.write_bytes(raw)
    return path


def test_load_case_file_ok_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(build_case(), ensure_ascii=False).encode())
    assert load_case_file(path).level == 3


EXPECTING_VALUE = "此处应为一个值（对象、数组、带双引号的字符串、数字、true、false 或 null）"


def test_every_json_message_has_a_chinese_text() -> None:
    from app.core.jsonerrors import json_error_text

    # Every message Python's decoder (json/decoder.py, _json.c) can raise is translated.
    broken = ['{"a" 1}', '{"a": 1 "b": 2}', "[1,", "{'a': 1}", '"abc', '"a\tb"', r'"\q"', r'"\u12"', "1 2", "["]
    for text in broken:
        with pytest.raises(json.JSONDecodeError) as err:
            json.loads(text)
        assert json_error_text(err.value.msg) != "语法错误", err.value.msg


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        (b'{\n  "a": 1,\n  "b": }', ":3:8", f"JSON 语法错误（第 3 行第 8 列）：{EXPECTING_VALUE}"),
        (b"", ":1:1", "文件为空，不是 JSON"),
        (b'{"a": 1 "b": 2}', ":1:9", "JSON 语法错误（第 1 行第 9 列）：缺少逗号 “,”，或者括号不配对"),
        (b'{\n "a" 1}', ":2:6", "JSON 语法错误（第 2 行第 6 列）：键名之后缺少冒号 “:”"),
        (
            b"{'a': 1}",
            ":1:2",
            "JSON 语法错误（第 1 行第 2 列）：此处应为用双引号括起的键名（可能多了一个逗号，或键名用了单引号）",
        ),
        (b'{"a": "x', ":1:7", "JSON 语法错误（第 1 行第 7 列）：字符串缺少结尾的双引号"),
        (b'{"a": 1} x', ":1:10", "JSON 语法错误（第 1 行第 10 列）：JSON 内容结束之后还有多余的字符"),
        ('{"a": "梧州"}'.encode("gbk"), ":1:8", "不是有效的 UTF-8 编码"),
        (b'{"a": 1,\n "a": 2}', "", "JSON 对象中有重复的键 “a”"),
        (b'{"threshold": NaN}', "", "不是有效的 JSON（不允许使用 NaN）"),
        (b"[]", "", "案例必须是 JSON 对象（mipin-case/1）"),
    ],
)
def test_load_case_file_errors(tmp_path: Path, raw: bytes, field: str, reason: str) -> None:
    path = write(tmp_path, raw)
    with pytest.raises(InputError) as err:
        load_case_file(path)
    assert err.value.field == f"{path}{field}"
    assert err.value.reason == reason


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法读取文件") as err:
        load_case_file(tmp_path / "none.json")
    assert err.value.field.endswith("none.json")


def test_d_pass_with_a_missing_is_untested_not_an_error() -> None:
    from app.mipin.engine import find_untested, parse_case
    from tests.bench.casegen import make_large_case

    data = make_large_case(units=41, objects=41)
    unit = next(u for u in data["units"] if u.get("objects"))
    obj = unit["objects"][0]
    obj["D"], obj["K"] = "√", "√"
    obj.pop("A", None)
    case = parse_case(data)
    untested = find_untested(case)
    assert [u.field.rsplit(".", 1)[-1] for u in untested] == ["A"]

"""The record-keeping fields of ``mipin-case/1`` (issue #10, 2.3): parsing, canonical form, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from app.core.errors import InputErrors
from app.mipin.engine import dump_case, parse_case
from app.mipin.engine.caserecord import ObjectDefinition, Span

from .conftest import build_case, obj

SHA = "ab" * 32


def full_case() -> dict[str, Any]:
    data = build_case(units={"NC-1": [obj("互联网边界", d="×")], "MS-2": {"result": "部分符合", "checklist": [0]}})
    data["period"] = {"start": "2026-09-01", "end": "2026-10-16"}
    data["phases"] = {"现场测评": {"start": "2026-09-15", "end": "2026-09-26"}, "测评准备": {"start": "2026-09-01"}}
    nc1 = next(u for u in data["units"] if u["id"] == "NC-1")
    nc1["checklist"] = [2, 0, 2]
    data["risk_decisions"] = [
        {"item": "7.1", "unit": "NC-1", "decision": "confirmed", "reason": "明文", "decided_at": "2026-09-20T07:30:00Z"}
    ]
    data["objects"] = [{"name": "互联网边界", "kind": "网络及安全设备"}, {"name": "备用线路", "note": "尚未测评"}]
    data["risk_ratings"] = [
        {"unit": "MS-2", "likelihood": "低", "impact": "中"},
        {"unit": "NC-1", "likelihood": "高", "impact": "高", "note": "互联网暴露"},
    ]
    data["evidence"] = [
        {"file": "抓包.pcap", "sha256": SHA.upper(), "reliability": 2, "method": "工具测试", "kind": "capture",
         "unit": "NC-1", "object": "互联网边界", "size": 12, "added_at": "2026-09-16T10:00:00+08:00",
         "details": {"observed": {"D": "×"}}},
    ]  # fmt: skip
    return data


def test_the_record_fields_are_parsed() -> None:
    case = parse_case(full_case())
    assert case.notices == ()
    assert case.period == Span(date(2026, 9, 1), date(2026, 10, 16))
    assert [(p.phase, p.span) for p in case.phases] == [
        ("测评准备", Span(date(2026, 9, 1), None)),  # phase order, not file order
        ("现场测评", Span(date(2026, 9, 15), date(2026, 9, 26))),
    ]
    nc1 = case.unit("NC-1")
    assert nc1 is not None and nc1.checklist == (0, 2)  # sorted, duplicates dropped
    assert case.risk_decisions[0].decided_at == datetime(2026, 9, 20, 7, 30, tzinfo=UTC)
    assert case.objects == (
        ObjectDefinition("互联网边界", "网络及安全设备"),
        ObjectDefinition("备用线路", "", "尚未测评"),
    )
    assert [r.unit for r in case.risk_ratings] == ["NC-1", "MS-2"]  # catalogue order
    (ref,) = case.evidence
    assert (ref.file, ref.sha256, ref.reliability, ref.unit, ref.object) == ("抓包.pcap", SHA, 2, "NC-1", "互联网边界")
    assert ref.added_at == datetime(2026, 9, 16, 2, 0, tzinfo=UTC)


def test_canonical_form_of_the_record_fields() -> None:
    dumped = dump_case(parse_case(full_case()))
    assert dumped["period"] == {"start": "2026-09-01", "end": "2026-10-16"}
    assert list(dumped["phases"]) == ["测评准备", "现场测评"]
    assert dumped["risk_decisions"][0]["decided_at"] == "2026-09-20T15:30:00+08:00"  # times in UTC+8
    assert dumped["objects"][1] == {"name": "备用线路", "note": "尚未测评"}  # empty fields left out
    assert dumped["risk_ratings"][0] == {"unit": "NC-1", "likelihood": "高", "impact": "高", "note": "互联网暴露"}
    assert dumped["evidence"][0]["sha256"] == SHA and dumped["evidence"][0]["added_at"] == "2026-09-16T10:00:00+08:00"
    assert next(u for u in dumped["units"] if u["id"] == "NC-1")["checklist"] == [0, 2]
    assert parse_case(dumped) == parse_case(full_case())
    assert dump_case(parse_case(dumped)) == dumped
    assert list(dumped) == [
        "format", "system", "threshold", "period", "phases", "units", "compensations", "risk_decisions", "objects",
        "risk_ratings", "evidence",
    ]  # fmt: skip


def test_a_case_without_record_fields_is_unchanged() -> None:
    data = build_case()
    dumped = dump_case(parse_case(data))
    assert set(dumped) == {"format", "system", "threshold", "units", "compensations", "risk_decisions"}


def test_objects_that_only_repeat_the_units_are_no_definitions() -> None:
    data = build_case(units={"NC-1": [obj("甲")], "NC-2": [obj("乙"), obj("甲")]})
    names = list(dict.fromkeys(o["name"] for u in data["units"] for o in u.get("objects", [])))
    data["objects"] = [{"name": n} for n in names]
    assert parse_case(data).objects == ()
    data["objects"] = [{"name": n} for n in reversed(names)]  # another order is information
    assert len(parse_case(data).objects) == len(names)


EVIDENCE = {"file": "a", "sha256": SHA, "reliability": 1, "unit": "NC-1"}
DECISION = {"item": "6.1", "unit": "PE-1", "decision": "dismissed", "reason": "x", "decided_at": "2026-09-20 10:00"}
RATING = {"unit": "NC-1", "likelihood": "高", "impact": "中"}
BAD_RECORDS: list[tuple[Any, str]] = [
    (lambda c: c.update(period={"start": "2026-9-1"}), "period.start: 应为 YYYY-MM-DD 格式的日期，而不是 “2026-9-1”"),
    (
        lambda c: c.update(period={"start": "2026-02-30"}),
        "period.start: 应为 YYYY-MM-DD 格式的日期，而不是 “2026-02-30”",
    ),
    (
        lambda c: c.update(period={"start": "2026-10-02", "end": "2026-10-01"}),
        "period.end: 结束日期 2026-10-01 早于开始日期 2026-10-02",
    ),
    (
        lambda c: c.update(phases={"测评": {}}),
        "phases.测评: 未知的测评阶段（应为 测评准备、方案编制、现场测评、分析与报告编制）",
    ),
    (lambda c: c["units"][0].update(checklist=[3]), "units[0].checklist[0]: 应为测评实施条目的序号 0–2，而不是 3"),
    (
        lambda c: c["units"][0].update(checklist=[True]),
        "units[0].checklist[0]: 应为测评实施条目的序号 0–2，而不是 true",
    ),
    (
        lambda c: c.update(risk_decisions=[DECISION]),
        "risk_decisions[0].decided_at: 应为带时区的 ISO 8601 时间（例如 2026-03-20T15:30:00+08:00），"
        "而不是 “2026-09-20 10:00”",
    ),
    (
        lambda c: c.update(risk_ratings=[{**RATING, "likelihood": "很高"}]),
        "risk_ratings[0].likelihood: 应为 高、中、低 之一，而不是 “很高”",
    ),
    (
        lambda c: c.update(risk_ratings=[RATING, RATING]),
        "risk_ratings[1].unit: 测评单元 NC-1 的风险评定重复（见 risk_ratings[0]）",
    ),
    (
        lambda c: c.update(objects=[{"name": "甲"}, {"name": "甲"}]),
        "objects[1].name: 测评对象 “甲” 重复（见 objects[0]）",
    ),
    (lambda c: c.update(evidence=[{**EVIDENCE, "sha256": "xyz"}]), "evidence[0].sha256: 应为 64 位十六进制的 SHA-256"),
    (
        lambda c: c.update(evidence=[{**EVIDENCE, "reliability": 4}]),
        "evidence[0].reliability: 应为 1、2 或 3，而不是 4",
    ),
    (
        lambda c: c.update(evidence=[{k: v for k, v in EVIDENCE.items() if k != "unit"}]),
        "evidence[0]: 证据必须附加到测评单元（unit）或测评对象（object）",
    ),
    (
        lambda c: c.update(evidence=[{k: v for k, v in EVIDENCE.items() if k != "file"}]),
        "evidence[0].file: 缺少必填字段",
    ),
    (
        lambda c: c.update(evidence=[EVIDENCE, EVIDENCE]),
        "evidence[1]: 与 evidence[0] 重复（同一文件、测评单元和测评对象）",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD_RECORDS, ids=[m.split(":")[0] for _, m in BAD_RECORDS])
def test_bad_record_fields_name_the_field(change: Any, message: str) -> None:
    data = build_case()
    change(data)
    with pytest.raises(InputErrors) as err:
        parse_case(data)
    assert str(err.value.errors[0]) == message


def test_times_in_any_zone_are_the_same_instant() -> None:
    base = build_case(decisions=[{"item": "6.1", "unit": "PE-1", "decision": "dismissed", "reason": "x"}])
    moments = ["2026-09-20T10:00:00+08:00", "2026-09-20T02:00:00+00:00", "2026-09-19T21:00:00-05:00"]
    dumped = set()
    for text in moments:
        base["risk_decisions"][0]["decided_at"] = text
        case = parse_case(base)
        assert case.risk_decisions[0].decided_at == datetime(2026, 9, 20, 10, tzinfo=timezone(timedelta(hours=8)))
        dumped.add(dump_case(case)["risk_decisions"][0]["decided_at"])
    assert dumped == {"2026-09-20T10:00:00+08:00"}


def test_unknown_record_keys_are_warnings() -> None:
    data = build_case()
    data["risk_ratings"] = [{"unit": "NC-1", "likelihood": "高", "impact": "中", "impcat": "低"}]
    case = parse_case(data)
    assert [str(n) for n in case.notices] == ["risk_ratings[0].impcat: 未知字段，已忽略"]

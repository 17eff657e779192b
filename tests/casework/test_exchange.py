"""The exchange file carries the whole case (issue #10, 2.3): export → import → export, names, warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from app.core.errors import InputErrors
from app.mipin.cases import export_case, import_case, list_cases
from app.mipin.demo import seed_demo_case as seed_in
from app.mipin.engine import dump_case, parse_case
from app.mipin.exchange import exchange_text, import_exchange, read_exchange_file, write_exchange_file
from app.store.store import Store

from .exchangecases import whole_cases


def seed_demo_case(store: Store) -> int:
    """The demo case, seeded in one audited transaction."""
    return store.write(seed_in)


ROUND_TRIP = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@ROUND_TRIP
@given(whole_cases())
def test_export_import_export_is_byte_identical(store: Store, data: dict[str, Any]) -> None:
    first = export_case(store, import_case(store, data))
    again = export_case(store, import_case(store, first))
    assert exchange_text(again) == exchange_text(first)
    # nothing the file said is lost on the way through the store
    original = dump_case(parse_case(data))
    for key in ("period", "phases", "risk_ratings", "objects"):
        assert first.get(key) == original.get(key), key
    assert [e["sha256"] for e in first.get("evidence", [])] == [e["sha256"] for e in original.get("evidence", [])]
    for ours, theirs in zip(first["units"], original["units"], strict=True):
        assert ours.get("checklist") == theirs.get("checklist")
    for ours, theirs in zip(first["risk_decisions"], original["risk_decisions"], strict=True):
        assert ours["decided_at"] == theirs.get("decided_at", ours["decided_at"])  # the store dates new ones


def test_demo_case_round_trip_keeps_everything(store: Store, tmp_path: Path) -> None:
    case_id = seed_demo_case(store)
    first = export_case(store, case_id)
    assert first["period"] and len(first["phases"]) == 4 and first["risk_ratings"]
    assert all("decided_at" in d for d in first["risk_decisions"])
    path = write_exchange_file(tmp_path / "case.json", first)
    outcome = import_exchange(store, read_exchange_file(path))
    second = export_case(store, outcome.case_id)
    second["system"]["name"] = first["system"]["name"]
    assert exchange_text(second) == path.read_text(encoding="utf-8")


def test_an_imported_name_that_exists_gets_a_suffix(store: Store) -> None:
    case_id = seed_demo_case(store)
    data = export_case(store, case_id)
    names = [import_exchange(store, data).system_name for _ in range(2)]
    assert names == ["梧州市全民健康信息平台（2）", "梧州市全民健康信息平台（3）"]
    listed = sorted(c.system_name for c in list_cases(store))
    assert len(set(listed)) == len(listed) == 3
    outcome = import_exchange(store, {**data, "system": {**data["system"], "name": "新系统"}})
    assert outcome.system_name == "新系统" and not any(n.field == "system.name" for n in outcome.notices)


def test_import_warnings_are_data(store: Store) -> None:
    data = export_case(store, seed_demo_case(store))
    data["units"][0]["algoritms"] = ["SM4"]
    data["evidence"] = [{"file": "网关证书.pem", "sha256": "cd" * 32, "reliability": 2, "method": "工具测试",
                         "kind": "certificate", "unit": "NC-1"}]  # fmt: skip
    outcome = import_exchange(store, data)
    assert [str(n) for n in outcome.notices] == [
        "units[0].algoritms: 未知字段，已忽略",
        "system.name: 已有名为 “梧州市全民健康信息平台” 的测评项目，导入为 “梧州市全民健康信息平台（2）”",
        "evidence[0]: 证据文件 “网关证书.pem” 不在本机的证据库中：只导入了引用（证据文件随案例包 .wbcase 导入）",
    ]


def test_evidence_references_follow_the_stores_rules(store: Store) -> None:
    data = export_case(store, seed_demo_case(store))
    data["evidence"] = [{"file": "a.png", "sha256": "ef" * 32, "reliability": 1, "method": "工具测试", "unit": "NC-1"}]
    before = len(list_cases(store))
    with pytest.raises(InputErrors) as err:
        import_exchange(store, data)
    assert str(err.value.errors[0]) == "evidence[0].reliability: 取证方式 “工具测试” 属于第 2 类"
    assert len(list_cases(store)) == before  # nothing written


def test_written_file_is_the_canonical_text(tmp_path: Path, store: Store) -> None:
    data = export_case(store, seed_demo_case(store))
    path = write_exchange_file(tmp_path / "case.json", data)
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert not list(tmp_path.glob(".case.json.*"))  # no temporary file left behind


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_round_trip_on_both_databases(backend: str, paths: Any, request: pytest.FixtureRequest) -> None:
    url = None if backend == "sqlite" else request.getfixturevalue("pg_url")
    store = Store.open(paths, url)
    try:
        first = export_case(store, seed_demo_case(store))
        ref = {"file": "抓包.pcap", "sha256": "ab" * 32, "reliability": 2, "method": "工具测试", "kind": "capture"}
        ref.update(unit="NC-1", size=10, added_at="2026-09-16T10:00:00.250000+08:00", details={"observed": {"D": "×"}})
        first["evidence"] = [ref]
        first["units"][3]["checklist"] = [0, 2]
        again = export_case(store, import_case(store, first))
        assert exchange_text(again) == exchange_text(dump_case(parse_case(first)))
    finally:
        store.close()

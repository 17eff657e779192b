"""The case fingerprint covers everything the report prints (issue #10, 2.2)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.mipin.cases import export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import AddEvidence, SetRiskRating, UpdateObject
from app.mipin.demo import seed_demo_case
from app.mipin.engine import parse_case
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.exchange import write_exchange_file
from app.mipin.fingerprint import case_fingerprint
from app.store.store import Store
from tests.reports.conftest import run_cli

Change = Callable[[dict[str, Any]], None]


def _unit(data: dict[str, Any], unit_id: str) -> dict[str, Any]:
    return next(u for u in data["units"] if u["id"] == unit_id)


def _first_object(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(u for u in data["units"] if u.get("objects"))["objects"][0]
    return found


def _management(data: dict[str, Any]) -> dict[str, Any]:
    return next(u for u in data["units"] if u.get("result"))


def _flip(value: str) -> str:
    return "×" if value == "√" else "√"


def _other(rating: str) -> str:
    return "低" if rating == "高" else "高"


# Every field the report prints, changed in turn (header, dates and phases, units, objects,
# records, decisions, risk ratings, evidence list).
PRINTED: dict[str, Change] = {
    "system.name": lambda d: d["system"].update(name="另一个系统"),
    "system.client": lambda d: d["system"].update(client="另一委托单位"),
    "system.assessor": lambda d: d["system"].update(assessor="另一测评机构"),
    "system.report_no": lambda d: d["system"].update(report_no="示例-2026-MP-9999"),
    "system.level": lambda d: d["system"].update(level=4),
    "threshold": lambda d: d.update(threshold=65),
    "period.start": lambda d: d["period"].update(start="2026-08-31"),
    "period.end": lambda d: d["period"].update(end="2026-10-17"),
    "phases.start": lambda d: d["phases"]["方案编制"].update(start="2026-09-07"),
    "phases.end": lambda d: d["phases"]["现场测评"].update(end="2026-09-27"),
    "unit.result": lambda d: _management(d).update(result="不符合" if _management(d)["result"] != "不符合" else "符合"),
    "unit.record": lambda d: _management(d).update(record="改写后的结果记录"),
    "unit.na_reason": lambda d: next(u for u in d["units"] if u.get("applicable") is False).update(na_reason="新理由"),
    "object.D": lambda d: _first_object(d).update(D=_flip(_first_object(d)["D"])),
    "object.record": lambda d: _first_object(d).update(record="改写后的对象记录"),
    "object.algorithms": lambda d: _first_object(d).update(algorithms=["SM4", "MD5"]),
    "object.name": lambda d: _first_object(d).update(name="改名的对象"),
    "object.kind": lambda d: d["objects"][0].update(kind="密码产品"),
    "object.note": lambda d: d["objects"][0].update(note="新的备注"),
    "decision.reason": lambda d: d["risk_decisions"][0].update(reason="新的理由"),
    "decision.mitigation": lambda d: d["risk_decisions"][0].update(mitigation="新的缓解措施"),
    "decision.decision": lambda d: d["risk_decisions"][0].update(decision="confirmed", reason="复核后确认"),
    "rating.likelihood": lambda d: d["risk_ratings"][0].update(likelihood=_other(d["risk_ratings"][0]["likelihood"])),
    "rating.impact": lambda d: d["risk_ratings"][0].update(impact=_other(d["risk_ratings"][0]["impact"])),
    "rating.note": lambda d: d["risk_ratings"][0].update(note="重新评定"),
    "rating.added": lambda d: d["risk_ratings"].append({"unit": "MS-1", "likelihood": "低", "impact": "低"}),
    "evidence.file": lambda d: d["evidence"][0].update(file="改名.png"),
    "evidence.sha256": lambda d: d["evidence"][0].update(sha256="0" * 64),
    "evidence.unit": lambda d: d["evidence"][0].update(unit="NC-2"),
    "evidence.object": lambda d: d["evidence"][0].update(object="另一对象"),
    "evidence.kind": lambda d: d["evidence"][0].update(kind="document"),
    "evidence.method": lambda d: d["evidence"][0].update(method="访谈", reliability=1),
    "evidence.note": lambda d: d["evidence"][0].update(note="签到表"),
    "evidence.added_at": lambda d: d["evidence"][0].update(added_at="2026-09-17T10:00:00+08:00"),
    "evidence.removed": lambda d: d.update(evidence=[]),
}  # fmt: skip


@pytest.fixture
def stored(store: Store) -> tuple[Store, int]:
    case_id = store.write(seed_demo_case)
    record = EvidenceRecord(
        sha256="ab" * 32, original_name="网关配置.png", size=1234, kind="screenshot", method="配置检查",
        reliability=2, unit_id="NC-1", object_name=None, note="现场截图",
        added_at=datetime(2026, 9, 16, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    editor = CaseEditor(store)
    editor.apply(case_id, AddEvidence(record))
    first = export_case(store, case_id)["units"][0]["objects"][0]["name"]
    editor.apply(case_id, UpdateObject(first, kind="物理环境"))
    return store, case_id


@pytest.mark.parametrize("field", sorted(PRINTED))
def test_every_printed_field_changes_the_fingerprint(stored: tuple[Store, int], field: str) -> None:
    store, case_id = stored
    data = export_case(store, case_id)
    assert data["evidence"] and data["risk_ratings"] and data["phases"] and data["objects"]
    before = case_fingerprint(parse_case(data))
    changed = copy.deepcopy(data)
    PRINTED[field](changed)
    assert case_fingerprint(parse_case(changed)) != before


def test_verify_report_sees_a_changed_risk_rating(
    stored: tuple[Store, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, case_id = stored
    data_dir = store.paths.data_dir
    pdf = tmp_path / "report.pdf"
    made = run_cli(["report", "--case", str(case_id), "-o", str(pdf), "--copies", "1"], data_dir, capsys)
    assert made.code == 0, made.err
    ok = run_cli(["verify-report", str(pdf), "--case", str(case_id)], data_dir, capsys)
    assert ok.code == 0 and ok.out.startswith("一致")
    # the exported exchange file is the same case: the report verifies against it too
    exported = write_exchange_file(tmp_path / "case.json", export_case(store, case_id))
    assert run_cli(["verify-report", str(pdf), str(exported)], data_dir, capsys).code == 0
    rating = export_case(store, case_id)["risk_ratings"][0]
    CaseEditor(store).apply(case_id, SetRiskRating(rating["unit"], _other(rating["likelihood"]), rating["impact"]))
    changed = run_cli(["verify-report", str(pdf), "--case", str(case_id)], data_dir, capsys)
    assert changed.code == 1 and changed.out.startswith("不一致")


def test_a_report_from_the_exported_file_is_the_same_report(
    stored: tuple[Store, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.reports.conftest import pdf_pages

    store, case_id = stored
    data_dir = store.paths.data_dir
    exported = write_exchange_file(tmp_path / "case.json", export_case(store, case_id))
    from_store, from_file = tmp_path / "store.pdf", tmp_path / "file.pdf"
    one = ["--copies", "1", "--date", "2026-10-16"]
    assert run_cli(["report", "--case", str(case_id), "-o", str(from_store), *one], data_dir, capsys).code == 0
    assert run_cli(["report", str(exported), "-o", str(from_file), *one], data_dir, capsys).code == 0
    store_pages, file_pages = pdf_pages(from_store), pdf_pages(from_file)
    # Everything printed comes from the case; only the store's audit summary (appendix B.11, also
    # listed in the contents) is extra.
    cut = next(i for i, p in enumerate(store_pages) if "B.11" in p and "审计日志摘要" in p)
    assert store_pages[0] == file_pages[0]  # the cover with the fingerprint
    assert store_pages[2:cut] == file_pages[2:cut]
    assert "网关配置.png" in "".join(file_pages) and "2026年9月1日" in "".join(file_pages)

"""The single write path: CaseEditor edits, their validation, and the audit chain."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.errors import InputError, NotFoundError
from app.mipin.bundle import load_bundle
from app.mipin.cases import CaseHeader, create_case, delete_case, duplicate_case, export_case, import_case, list_cases
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import (
    AssignObject,
    DefineObject,
    DeleteObject,
    SetApplicable,
    SetCompensation,
    SetObjectField,
    SetObjectFields,
    SetRiskDecision,
    SetUnitRecord,
    SetUnitResult,
    UpdateCase,
    UpdateObject,
)
from app.mipin.engine import score_case
from app.store import audit
from app.store.base import AppMeta, AuditEvent


@pytest.fixture
def editor(store):
    return CaseEditor(store, actor="tester")


@pytest.fixture
def case_id(store, editor):
    cid = create_case(store, CaseHeader(system_name="编辑测试系统", level=3))
    editor.apply(cid, DefineObject("互联网边界", kind="网络边界"))
    editor.apply(cid, AssignObject("NC-1", "互联网边界"))
    return cid


def test_dak_edits_reach_the_engine(store, editor, case_id) -> None:
    (change,) = editor.apply(case_id, SetObjectField("NC-1", "互联网边界", "D", "pass"))
    assert (change.old, change.new) == (None, "√")
    editor.apply(case_id, SetObjectField("NC-1", "互联网边界", "A", "×"))
    editor.apply(case_id, SetObjectField("NC-1", "互联网边界", "K", "√"))
    editor.apply(case_id, SetObjectField("NC-1", "互联网边界", "algorithms", "rsa1024, AES-256"))
    bundle = load_bundle(store, case_id)
    entry = bundle.case.unit("NC-1")
    assert entry is not None
    obj = entry.objects[0]
    assert (obj.d, obj.a, obj.k) == ("√", "×", "√")
    assert obj.algorithms == ("RSA-1024", "AES-256")
    result = score_case(bundle.case, partial=True)
    nc1 = next(u for u in result.units if u.unit == "NC-1")
    assert str(nc1.score) == "0.2500"  # 0.5 × Ra(RSA-1024 = 80 bits → 0.5)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("D", "maybe", "D"),
        ("algorithms", ["NOT-AN-ALGO"], "algorithms[0]"),
        ("protocols", ["TLS 9"], "protocols[0]"),
        ("module_level", 7, "module_level"),
        ("ra", 0.7, "ra"),
        ("rk", "2", "rk"),
        ("colour", "red", "colour"),
    ],
)
def test_bad_values_name_the_field_and_write_nothing(store, editor, case_id, field, value, message) -> None:
    before = len(audit.records(store, case_id))
    with pytest.raises(InputError) as info:
        editor.apply(case_id, SetObjectField("NC-1", "互联网边界", field, value))
    assert info.value.field.startswith(message)
    assert len(audit.records(store, case_id)) == before


def test_not_applicable_needs_a_reason(editor, case_id, store) -> None:
    with pytest.raises(InputError, match="理由"):
        editor.apply(case_id, SetApplicable("PE-3", False, "  "))
    editor.apply(case_id, SetApplicable("PE-3", False, "机房无视频监控系统，由云服务商负责"))
    unit = load_bundle(store, case_id).case.unit("PE-3")
    assert unit is not None and not unit.applicable and "视频监控" in (unit.na_reason or "")


def test_management_result_and_undo_by_writing_back(editor, case_id, store) -> None:
    assert editor.apply(case_id, SetUnitResult("MS-1", "partial"))[0].old is None
    old = editor.apply(case_id, SetUnitResult("MS-1", "不符合"))[0].old
    assert old == "部分符合"
    editor.apply(case_id, SetUnitResult("MS-1", old))
    ms1 = load_bundle(store, case_id).case.unit("MS-1")
    assert ms1 is not None and ms1.result == "部分符合"
    with pytest.raises(InputError, match="technical"):
        editor.apply(case_id, SetUnitResult("NC-1", "符合"))


def test_risk_decisions_are_validated(editor, case_id) -> None:
    with pytest.raises(InputError, match="reason"):
        editor.apply(case_id, SetRiskDecision("8.2", "DC-2", "运维通道", "mitigated", ""))
    with pytest.raises(InputError, match="cannot be mitigated"):
        editor.apply(case_id, SetRiskDecision("9.3", "AD-5", None, "mitigated", "有理由"))
    with pytest.raises(InputError, match="属于测评单元 DC-2"):
        editor.apply(case_id, SetRiskDecision("8.2", "NC-1", None, "confirmed", "有理由"))
    assert editor.apply(case_id, SetRiskDecision("8.2", "DC-2", "运维通道", "mitigated", "带外管理网络"))[0].old is None
    old = editor.apply(case_id, SetRiskDecision("8.2", "DC-2", "运维通道", None))[0].old
    assert old["decision"] == "mitigated"


def test_compensation_pairs(editor, case_id) -> None:
    with pytest.raises(InputError):
        editor.apply(case_id, SetCompensation("NC-1", "互联网边界", "AD-1", "登录", True))
    with pytest.raises(InputError, match="没有名为") as info:  # the objects must be in those units
        editor.apply(case_id, SetCompensation("NC-3", "互联网边界", "AD-4", "业务数据传输", True))
    assert info.value.field == "object"
    editor.apply(case_id, DefineObject("业务数据传输"))
    editor.apply(case_id, AssignObject("NC-3", "互联网边界"))
    editor.apply(case_id, AssignObject("AD-4", "业务数据传输"))
    assert editor.apply(case_id, SetCompensation("NC-3", "互联网边界", "AD-4", "业务数据传输", True))[0].old is False


def test_a_rename_to_a_name_still_referenced_is_refused(editor, case_id) -> None:
    """A deleted object's decision keeps its name; renaming another object to it could never be undone apart."""
    editor.apply(case_id, DefineObject("旧网关"))
    editor.apply(case_id, AssignObject("NC-1", "旧网关"))
    editor.apply(case_id, SetRiskDecision("7.1", "NC-1", "旧网关", "confirmed", "未使用密码技术"))
    editor.apply(case_id, DeleteObject("旧网关"))
    with pytest.raises(InputError, match="仍被已删除对象") as info:
        editor.apply(case_id, UpdateObject("互联网边界", new_name="旧网关"))
    assert info.value.field == "name"


def test_rename_object_follows_references(editor, case_id, store) -> None:
    editor.apply(case_id, SetRiskDecision("7.1", "NC-1", "互联网边界", "confirmed", "未使用密码技术"))
    editor.apply(case_id, UpdateObject("互联网边界", new_name="互联网出口"))
    data = export_case(store, case_id)
    assert data["units"][0]["objects"][0]["name"] == "互联网出口"
    assert data["risk_decisions"][0]["object"] == "互联网出口"


def test_unknown_case(editor) -> None:
    with pytest.raises(NotFoundError):
        editor.apply(999, SetUnitRecord("MS-1", "x"))


def test_audit_chain_detects_edits_and_removals(store, editor, case_id) -> None:
    editor.apply(case_id, SetObjectField("NC-1", "互联网边界", "D", "√"))
    editor.apply(case_id, SetUnitRecord("MS-1", "已建立制度"))
    report = audit.verify(store, case_id)
    assert report.ok and report.records == 5
    assert [r.action for r in audit.records(store, case_id)] == [
        "create_case", "define_object", "assign_object", "set_object_field", "set_unit_record"
    ]  # fmt: skip
    rec = audit.records(store, case_id)[2]
    assert rec.actor == "tester" and rec.action == "assign_object"

    def tamper(s):
        ev = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)).all()[1]
        ev.new_value = '"篡改"'

    store.write(tamper)
    assert not audit.verify(store, case_id).ok


def test_audit_detects_removal_of_the_last_record(store, editor, case_id) -> None:
    editor.apply(case_id, SetUnitRecord("MS-1", "x"))

    def remove_last(s):
        last = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id.desc())).first()
        s.delete(last)

    store.write(remove_last)
    report = audit.verify(store, case_id)
    assert not report.ok and any("removed" in p for p in report.problems)

    def drop_head(s):
        s.delete(s.get(AppMeta, f"audit_head:{case_id}"))

    store.write(drop_head)
    assert not audit.verify(store, case_id).ok


def test_duplicate_and_delete_with_backup(store, editor, case_id, paths) -> None:
    editor.apply(case_id, SetObjectFields("NC-1", "互联网边界", {"D": "√", "A": "√", "K": "√"}))
    editor.apply(case_id, UpdateCase({"phases": {"现场测评": ["2026-09-15", "2026-09-26"]}}))
    copy_id = duplicate_case(store, case_id, "编辑测试系统（2027复评）")
    assert export_case(store, copy_id)["units"] == export_case(store, case_id)["units"]
    assert load_bundle(store, copy_id).phases["现场测评"][0] == date(2026, 9, 15)
    backup = delete_case(store, case_id)
    assert backup is not None and backup.exists()
    assert [c.id for c in list_cases(store)] == [copy_id]
    assert audit.records(store, case_id)[-1].action == "delete_case"


def test_export_import_roundtrip_is_exact(store, editor, case_id) -> None:
    editor.apply(case_id, SetObjectFields("NC-1", "互联网边界", {"D": "√", "A": "√", "K": "×", "module_level": 1}))
    editor.apply(case_id, SetUnitResult("MS-1", "符合"))
    data = export_case(store, case_id)
    again = export_case(store, import_case(store, data))
    assert again == data


def test_management_units_take_no_objects(store, editor, case_id) -> None:
    """The store refuses what the session refuses: MS-1 is a management unit (the case stays exportable)."""
    with pytest.raises(InputError, match="管理测评单元"):
        editor.apply(case_id, AssignObject("MS-1", "互联网边界"))
    with pytest.raises(InputError, match="管理测评单元"):
        editor.apply(case_id, SetObjectField("MS-1", "互联网边界", "D", "√"))
    export_case(store, case_id)  # still a valid mipin-case/1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"period_start": "2026-10-01", "period_end": "2026-09-01"}, "period"),
        ({"threshold": "sixty"}, "threshold"),
        ({"threshold": float("nan")}, "threshold"),
        ({"threshold": True}, "threshold"),
        ({"level": 5}, "system.level"),
        ({"system_name": "  "}, "system.name"),
        ({"phases": {"现场测评": ["2026-09-26", "2026-09-15"]}}, "phases.现场测评"),
        ({"phases": {"收尾": [None, None]}}, "phases.收尾"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_header_edits_are_validated_once(store, editor, case_id, values, field) -> None:
    before = export_case(store, case_id)
    with pytest.raises(InputError) as info:
        editor.apply(case_id, UpdateCase(values))
    assert info.value.field == field
    assert export_case(store, case_id) == before


def test_a_period_end_before_the_stored_start_is_refused(store, editor, case_id) -> None:
    editor.apply(case_id, UpdateCase({"period_start": "2026-09-10"}))
    with pytest.raises(InputError) as info:
        editor.apply(case_id, UpdateCase({"period_end": "2026-09-01"}))
    assert info.value.field == "period"


def test_a_level_change_drops_blank_units_and_refuses_results(store, editor, case_id) -> None:
    editor.apply(case_id, SetUnitRecord("PE-3", "视频监控"))
    with pytest.raises(InputError, match="PE-3") as info:
        editor.apply(case_id, UpdateCase({"level": 2}))
    assert info.value.field == "system.level"
    editor.apply(case_id, SetUnitRecord("PE-3", ""))  # blank again: the entry stays, empty
    editor.apply(case_id, UpdateCase({"level": 2}))
    data = export_case(store, case_id)
    assert data["system"]["level"] == 2 and "PE-3" not in [u["id"] for u in data["units"]]


def test_a_batch_is_one_transaction_all_or_nothing(store, editor, case_id) -> None:
    from app.mipin.casework.edits import Batch

    before, records = export_case(store, case_id), len(audit.records(store, case_id))
    bad = Batch((SetUnitRecord("MS-1", "第一步"), SetObjectField("NC-1", "互联网边界", "D", "maybe")))
    with pytest.raises(InputError) as info:
        editor.apply(case_id, bad)
    assert info.value.field == "D"
    assert export_case(store, case_id) == before and len(audit.records(store, case_id)) == records
    good = Batch((SetUnitRecord("MS-1", "第一步"), SetObjectField("NC-1", "互联网边界", "D", "√")))
    assert [c.action for c in editor.apply(case_id, good)] == ["set_unit_record", "set_object_field"]
    assert len(audit.records(store, case_id)) == records + 2 and audit.verify(store, case_id).ok

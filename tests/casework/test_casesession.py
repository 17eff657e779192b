"""The in-memory case session mirrors the store exactly, scores like the exported case, and undoes."""

from __future__ import annotations

import json
import random
from dataclasses import asdict

import pytest

from app.core.errors import InputError
from app.core.paths import resource_path
from app.mipin.cases import CaseHeader, create_case, export_case, import_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import (
    NOOP,
    AddEvidence,
    AssignObject,
    CaseCommand,
    DefineObject,
    SetApplicable,
    SetObjectField,
    SetObjectFields,
    SetRiskDecision,
    SetRiskRating,
    SetUnitRecord,
    SetUnitResult,
    UnassignObject,
    UpdateObject,
)
from app.mipin.casework.marks import mark_change
from app.mipin.casework.session import CaseSession, ObjectState, load_session
from app.mipin.engine import parse_case, score_case
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.explain import as_text, explain


def snapshot(session: CaseSession) -> dict:
    """Everything the session holds, comparable across sessions (positions and times aside)."""
    units = {
        uid: {**asdict(u), "objects": sorted((asdict(o) for o in u.objects), key=lambda o: o["name"])}
        for uid, u in session.units.items()
    }
    return {
        "header": asdict(session.header),
        "objects": sorted((o.name, o.kind) for o in session.objects),
        "units": units,
        "decisions": sorted(
            (d.item, d.unit, d.object or "", d.decision, d.reason, d.mitigation) for d in session.decisions
        ),
        "ratings": {k: asdict(v) for k, v in session.ratings.items()},
        "evidence": sorted(
            (e.key, e.method, e.reliability, e.note, json.dumps(e.details, sort_keys=True)) for e in session.evidence
        ),
    }


@pytest.fixture
def demo_id(store):
    data = json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))
    return import_case(store, data)


def test_loaded_session_scores_like_the_exported_case(store, demo_id) -> None:
    session = load_session(store, demo_id)
    exported = score_case(parse_case(export_case(store, demo_id)), partial=True)
    result = session.score()
    assert result is not None
    assert (result.total, result.conclusion, result.counts, result.high_risks) == (
        exported.total, exported.conclusion, exported.counts, exported.high_risks,
    )  # fmt: skip


def test_incomplete_object_is_kept_and_counts_as_untested(store) -> None:
    case_id = create_case(store, CaseHeader(system_name="半途系统", level=3))
    editor = CaseEditor(store)
    session = load_session(store, case_id)
    for op in (DefineObject("网关", ""), AssignObject("NC-1", "网关"), SetObjectField("NC-1", "网关", "D", "√")):
        session.apply(op)
        editor.apply(case_id, op)
    unit = session.unit("NC-1")
    obj = unit.object("网关") if unit else None
    assert obj is not None and obj.d == "√" and obj.incomplete
    result = session.score()
    assert result is not None and result.unit("NC-1").objects[0].status == "untested"
    assert any(item.unit == "NC-1" and item.object == "网关" for item in result.untested)
    reloaded = load_session(store, case_id).unit("NC-1")  # the store keeps the entry as typed
    assert reloaded is not None and reloaded.objects[0].d == "√"


def _random_op(rng: random.Random, session: CaseSession) -> CaseCommand:
    names = [o.name for o in session.objects]
    technical = ["NC-1", "NC-3", "AD-4", "DC-1", "PE-1"]
    unit = rng.choice(technical)
    choice = rng.randrange(12)
    if choice == 0 or not names:
        return DefineObject(f"对象{rng.randrange(30)}", rng.choice(["", "堡垒机", "数据库管理系统"]))
    name = rng.choice(names)
    if choice == 1:
        return AssignObject(unit, name)
    if choice == 2:
        return UnassignObject(unit, name)
    if choice == 3:
        state = session.unit(unit)
        obj = state.object(name) if state else None
        indicator = rng.choice("DAK")
        try:
            changes = mark_change(obj, indicator, rng.choice(["√", "×", "/", None]))
        except InputError:
            return NOOP
        return SetObjectFields(unit, name, changes)
    if choice == 4:
        return SetObjectField(unit, name, "algorithms", rng.sample(["SM2", "SM3", "RSA-1024", "AES-256"], 2))
    if choice == 5:
        return SetUnitResult(rng.choice(["MS-1", "PM-2", "ER-3"]), rng.choice(["符合", "部分符合", "不符合", None]))
    if choice == 6:
        return SetApplicable(rng.choice([*technical, "MS-1"]), rng.random() < 0.5, "测试理由")
    if choice == 7:
        return SetRiskDecision("9.2", "AD-4", name, rng.choice(["confirmed", "dismissed", None]), "理由", "")
    if choice == 8:
        return SetRiskRating(unit, rng.choice("高中低"), rng.choice("高中低"), "说明")
    if choice == 9:
        sha = rng.choice(["a", "b"]) * 64
        return AddEvidence(EvidenceRecord(sha, "x.png", 1, "screenshot", "配置检查", 2, unit, name))
    if choice == 10:
        return UpdateObject(name, kind=rng.choice(["", "密码设备"]))
    return SetUnitRecord(unit, rng.choice(["", "记录一", "记录二"]))


def test_random_edits_mirror_the_store_and_undo_completely(store) -> None:
    case_id = create_case(store, CaseHeader(system_name="随机编辑系统", level=3))
    editor = CaseEditor(store)
    session = load_session(store, case_id)
    start = snapshot(session)
    rng = random.Random(4)
    undo: list[CaseCommand] = []
    for _ in range(160):
        op = _random_op(rng, session)
        try:
            inverse = session.apply(op)
        except InputError:
            continue  # refused locally, exactly like the editor would refuse it
        editor.apply(case_id, op)
        undo.append(inverse)
    assert len(undo) > 100
    assert snapshot(load_session(store, case_id)) == snapshot(session)
    result = session.score()
    exported = score_case(parse_case(export_case(store, case_id)), partial=True)
    assert result is not None and result.total == exported.total and result.range == exported.range
    for inverse in reversed(undo):
        editor.apply(case_id, inverse)
        session.apply(inverse)
    final = snapshot(load_session(store, case_id))
    assert final == snapshot(session) == start  # undo leaves nothing behind, not even an empty unit entry


def test_rename_follows_into_decisions_and_evidence(store, demo_id) -> None:
    editor = CaseEditor(store)
    session = load_session(store, demo_id)
    record = EvidenceRecord("c" * 64, "cap.pcap", 5, "capture", "工具测试", 2, "PE-1", "机房电子门禁系统")
    for op in (AddEvidence(record), UpdateObject("机房电子门禁系统", new_name="机房门禁")):
        session.apply(op)
        editor.apply(demo_id, op)
    assert session.decisions[0].object == "机房门禁"
    assert session.evidence[0].object_name == "机房门禁"
    assert snapshot(load_session(store, demo_id)) == snapshot(session)


@pytest.mark.parametrize(
    ("marks", "indicator", "mark", "expected"),
    [
        ((None, None, None), "D", "/", {"D": "/", "A": "/", "K": "/"}),
        (("/", "/", "/"), "D", "√", {"D": "√", "A": None, "K": None}),
        (("/", "/", "/"), "A", "×", {"A": "×", "D": None, "K": None}),
        (("×", "/", "×"), "K", "√", {"K": "√"}),
        (("√", "√", None), "K", "×", {"K": "×"}),
    ],
)
def test_mark_changes_keep_dak_consistent(marks, indicator, mark, expected) -> None:
    obj = ObjectState("x", *marks)
    assert mark_change(obj, indicator, mark) == expected


def test_a_slash_with_d_pass_is_refused() -> None:
    with pytest.raises(InputError, match="D 为 √"):
        mark_change(ObjectState("x", "√"), "A", "/")


def test_explanations_lead_from_object_to_total(store, demo_id) -> None:
    result = load_session(store, demo_id).score()
    assert result is not None
    text = as_text(explain(result, "object", "AD-5/医学影像文件"))
    assert "S(AD-5/医学影像文件)" in text and "S(AD-5) =" in text and "S(AD) =" in text
    assert "S = " in text and "结论" in text
    assert "S(PE) =" in as_text(explain(result, "layer", "PE"))
    assert "PM-4" in as_text(explain(result, "verdict", "不符合"))


def test_find(store, demo_id) -> None:
    session = load_session(store, demo_id)
    hits = session.find("ssl vpn")
    assert {h.unit_id for h in hits} >= {"NC-1", "DC-2"}
    assert session.find("   ") == []

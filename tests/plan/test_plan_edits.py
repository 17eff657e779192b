"""The plan's typed edits (validate once, apply → inverse, write → audit) and its travel with the case."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from app.cli.main import main
from app.core.edits import Batch, apply_edit
from app.core.errors import InputError
from app.core.paths import resource_path
from app.mipin.cases import import_case
from app.mipin.engine import load_case_file
from app.plan.demo import demo_plan
from app.plan.edits import PlanState, ReplacePlan, SetItemField, SetRow, write_plan_edit
from app.plan.model import ComplianceRow
from app.plan.plandump import dump_plan
from app.plan.repository import load_plan, save_plan
from app.plan.travel import PLAN_SECTION, export_exchange, import_exchange
from app.store import audit

DEMO = resource_path("demo", "demo-case.json")
OWNER, SHARED = "obj:AD-5/医学影像文件", "risk:9.3:AD-5/医学影像文件"


@pytest.fixture(scope="module")
def plan():
    return demo_plan(load_case_file(DEMO))


def test_item_edit_applies_and_its_inverse_restores(plan):
    state = PlanState(plan)
    inverse = apply_edit(SetItemField("unit:PM-4", "cost", Decimal("2.5")), state)
    item = state.item("unit:PM-4")
    assert item.cost == Decimal("2.5") and item.edited  # regeneration now keeps it
    apply_edit(inverse, state)
    assert state.plan == plan
    apply_edit(SetItemField("unit:PM-4", "selected", False), state)
    assert not state.item("unit:PM-4").selected and not state.item("unit:PM-4").edited  # a toggle is no edit


def test_owner_targets_carry_over_and_shared_items_refuse_own_cost_or_targets(plan):
    state = PlanState(plan)
    inverse = apply_edit(SetItemField(OWNER, "target_k", "×"), state)
    assert state.item(SHARED).target_k == "×"  # one measure: one target
    apply_edit(inverse, state)
    assert state.item(SHARED).target_k == "√" and state.plan == plan
    with pytest.raises(InputError, match="只计一次"):
        apply_edit(SetItemField(SHARED, "cost", Decimal(1)), state)
    with pytest.raises(InputError, match="目标随该条目变化"):
        apply_edit(SetItemField(SHARED, "target_d", "×"), state)
    with pytest.raises(InputError, match=r"items\[unit:PM-4\]\.target_d"):
        apply_edit(SetItemField("unit:PM-4", "target_d", "√"), state)
    with pytest.raises(InputError, match="phase"):
        apply_edit(
            Batch((SetItemField("unit:PM-4", "cost", Decimal(1)), SetItemField("unit:PM-4", "phase", "x"))), state
        )
    assert state.plan == plan  # all or nothing


def test_rows_and_whole_plan(plan):
    state = PlanState(plan)
    row = ComplianceRow("PM-4", "不适用", reason="系统不涉及", alternative="以制度替代")
    n = len(plan.compliance)
    undo_add = apply_edit(SetRow("compliance", n, row), state)
    assert state.plan.compliance[-1] == row
    undo_change = apply_edit(SetRow("compliance", 0, row), state)
    undo_remove = apply_edit(SetRow("compliance", 0, None), state)
    for inverse in (undo_remove, undo_change, undo_add):
        apply_edit(inverse, state)
    assert state.plan == plan
    with pytest.raises(InputError, match="没有此行"):
        apply_edit(SetRow("compliance", n + 1, row), state)
    inverse = apply_edit(ReplacePlan(replace(plan, title="新标题"), "generate"), state)
    apply_edit(inverse, state)
    assert state.plan == plan


def test_write_is_one_audited_transaction(store, plan):
    case_id = import_case(store, json.loads(DEMO.read_text(encoding="utf-8")))
    save_plan(store, case_id, plan)
    command = Batch((SetItemField("unit:PM-4", "cost", Decimal("3.5")), SetItemField("unit:PM-4", "selected", False)))
    written = write_plan_edit(store, case_id, command)
    stored = load_plan(store, case_id)[1]
    assert stored == written and stored is not None
    assert stored.item("unit:PM-4") == replace(plan.item("unit:PM-4"), cost=Decimal("3.5"), selected=False, edited=True)
    records = [r for r in audit.records(store, case_id) if r.action == "plan.set_item_field"]
    assert [r.target for r in records] == ["items[unit:PM-4].cost", "items[unit:PM-4].selected"]
    assert json.loads(records[0].new_value or "null") == "3.5"
    with pytest.raises(InputError):
        write_plan_edit(store, case_id, SetItemField("unit:PM-4", "cost", Decimal(-1)))
    assert load_plan(store, case_id)[1] == stored  # nothing written
    before = len(audit.records(store, case_id))
    write_plan_edit(store, case_id, SetItemField("unit:PM-4", "cost", Decimal("3.5")))  # no change: no record
    assert len(audit.records(store, case_id)) == before and audit.verify(store, case_id).ok


def test_exchange_file_round_trip(store, plan):
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["plan"] = dump_plan(plan)
    case_id = import_exchange(store, data).case_id
    assert load_plan(store, case_id)[1] == plan
    exported = export_exchange(store, case_id)
    assert exported["plan"] == dump_plan(plan)
    again = import_exchange(store, exported).case_id
    assert export_exchange(store, again)["plan"] == exported["plan"]
    bad = json.loads(json.dumps(exported, ensure_ascii=False))
    bad["plan"]["items"][0]["cost"] = "-1"
    from app.mipin.cases import list_cases

    before = len(list_cases(store))
    with pytest.raises(InputError, match=r"plan\.items\[0\]\.cost"):
        import_exchange(store, bad)
    assert len(list_cases(store)) == before  # nothing written


def test_a_case_and_its_plan_land_in_one_transaction(store, plan, monkeypatch):
    from app.mipin.cases import list_cases

    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["plan"] = dump_plan(plan)
    before = len(list_cases(store))

    def crash(*_args: object) -> None:
        raise OSError("disk gone while the plan was written")

    monkeypatch.setattr(PLAN_SECTION, "apply", crash)
    with pytest.raises(OSError, match="disk gone"):
        import_exchange(store, data)
    assert len(list_cases(store)) == before  # no case without its plan


def test_package_round_trip_carries_the_plan(store, plan, tmp_path):
    from app.mipin.packages import export_package, import_package

    case_id = import_case(store, json.loads(DEMO.read_text(encoding="utf-8")))
    save_plan(store, case_id, plan)
    first = tmp_path / "a.wbcase"
    export_package(store, case_id, first, plan=PLAN_SECTION)
    imported = import_package(store, first, on_conflict="copy", plan=PLAN_SECTION)
    assert load_plan(store, imported.case_id)[1] == plan
    assert any(r.action == "plan.import" for r in audit.records(store, imported.case_id))
    second = tmp_path / "b.wbcase"
    export_package(store, imported.case_id, second, plan=PLAN_SECTION)
    replaced = import_package(store, second, on_conflict="replace", plan=PLAN_SECTION)
    assert load_plan(store, replaced.case_id)[1] == plan
    from app.mipin.packages import PackageError

    with pytest.raises(PackageError, match="密改方案"):
        import_package(store, second, on_conflict="copy")  # a caller that cannot write the plan: refused


def test_cli_exchange_and_package_carry_the_plan(tmp_path, plan, capsys):
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["plan"] = dump_plan(plan)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["case", "import", str(source)]) == 0
    out = capsys.readouterr().out
    case_id = out.split("#", 1)[1].split("“", 1)[0]
    assert main(["case", "export", "--case", case_id, "-o", str(tmp_path / "out.json")]) == 0
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["plan"] == data["plan"]
    assert main(["case", "export", "--case", case_id, "-o", str(tmp_path / "out.wbcase")]) == 0
    assert main(["case", "import", str(tmp_path / "out.wbcase"), "--as-copy"]) == 0
    capsys.readouterr()
    assert main(["plan", "--case", str(int(case_id) + 1), "--json"]) == 0  # the copy has the plan
    assert len(json.loads(capsys.readouterr().out)["items"]) == len(plan.active_items)


def test_review_results_only_on_the_latest_review(plan):
    from app.plan.edits import SetReviewResult
    from app.plan.review import review_plan

    case = load_case_file(DEMO)
    reviewed, first = review_plan(case, plan)
    reviewed, second = review_plan(case, reviewed)
    state = PlanState(reviewed)
    check = second.results[0]
    with pytest.raises(InputError, match="最近一次"):
        apply_edit(SetReviewResult(1, check.check, "需修改", "理由"), state)
    with pytest.raises(InputError, match="评估意见"):
        apply_edit(SetReviewResult(2, check.check, "需修改" if check.passed else "符合"), state)
    inverse = apply_edit(SetReviewResult(2, check.check, "需修改", "缺少备案证明"), state)
    last = state.plan.last_review
    assert last is not None and last.results[0].result == "需修改" and last.results[0].note == "缺少备案证明"
    if check.grade == "must":
        assert last.conclusion == "需修改"
    assert state.plan.reviews[0] == first  # the history is untouched
    apply_edit(inverse, state)
    assert state.plan == reviewed

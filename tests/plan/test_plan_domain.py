"""Plan items from the demo findings, merging, what-if against a hand-edited case file, review, format."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from decimal import Decimal

import pytest

from app.core.errors import InputError
from app.core.paths import resource_path
from app.mipin.engine import load_case_file, parse_case, score_case
from app.plan.costs import Price, effective_cost, item_costs, prices_from_csv, prices_to_csv, selection_cost
from app.plan.demo import demo_plan
from app.plan.generate import generate_items, merge_items
from app.plan.model import Plan
from app.plan.plandump import dump_plan
from app.plan.planformat import parse_plan
from app.plan.projection import project_case, score, what_if
from app.plan.review import review_plan
from app.plan.service import build_plan

DEMO = resource_path("demo", "demo-case.json")


@pytest.fixture
def demo_data():
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.fixture
def demo_case():
    return load_case_file(DEMO)


def test_items_from_the_demo_findings(demo_case):
    items = generate_items(demo_case, score(demo_case))
    keys = [i.key for i in items]
    # 19 objects and 9 management units are not 符合, and there are two high risks (6.1 mitigated,
    # 9.3 open): one item each, as issue 13 says — 30 items.
    assert len(items) == 30 and len(set(keys)) == 30
    risk = next(i for i in items if i.key == "risk:9.3:AD-5/医学影像文件")
    assert risk.priority == "P1" and risk.removes == ("9.3:AD-5/医学影像文件",) and risk.kind == "risk"
    # It lies on a finding with its own item: the same measure, costed there (no products of its own).
    assert risk.shared_with == "obj:AD-5/医学影像文件" and risk.products == () and risk.measure_key == risk.shared_with
    assert keys.index(risk.key) == keys.index("obj:AD-5/医学影像文件") + 1
    assert (
        next(i for i in items if i.key == "risk:6.1:PE-1/机房电子门禁系统").shared_with == "obj:PE-1/机房电子门禁系统"
    )
    ad5 = next(i for i in items if i.key == "obj:AD-5/医学影像文件")
    assert ad5.priority == "P1" and ad5.removes == ("9.3:AD-5/医学影像文件",)
    assert "D=×" in ad5.problem and "医学影像文件" in ad5.problem
    assert (ad5.target_d, ad5.target_a, ad5.target_k) == ("√", "√", "√")
    assert ad5.products and ad5.products[0].type == "服务器密码机"
    pe1 = next(i for i in items if i.key == "obj:PE-1/机房电子门禁系统")
    assert pe1.priority == "P1" and "已缓解" in pe1.problem  # mitigated risks count too
    assert next(i for i in items if i.key == "unit:PM-4").priority == "P2"  # 应 unit
    assert next(i for i in items if i.key == "obj:PE-2/门禁记录数据").priority == "P3"  # 宜 unit
    assert all(i.phase == ("中远期" if i.priority == "P3" else "近期") for i in items)


def _item(plan, key):
    item = plan.item(key)
    assert item is not None, key
    return item


def test_regeneration_merges_and_flags(demo_data):
    case = parse_case(demo_data)
    plan, _ = build_plan(case)
    edited = replace(_item(plan, "unit:PM-4"), measure="自定义措施", edited=True)
    plan = replace(plan, items=tuple(edited if i.key == "unit:PM-4" else i for i in plan.items))
    changed = copy.deepcopy(demo_data)
    for unit in changed["units"]:
        if unit["id"] == "PM-4":
            unit["result"] = "符合"  # finding disappears
        if unit["id"] == "AD-8":
            unit["objects"][0]["K"] = "×"  # new finding
        if unit["id"] == "ER-3":
            unit["record"] = "新的结果记录"  # finding text changes
    new_case = parse_case(changed)
    merged, report = merge_items(plan, generate_items(new_case, score(new_case)))
    assert report.added == ("obj:AD-8/电子病历签名",)
    assert report.flagged == ("unit:PM-4",)
    pm4 = _item(merged, "unit:PM-4")
    assert pm4.stale and pm4.measure == "自定义措施"  # flagged, never deleted or overwritten
    assert "新的结果记录" in _item(merged, "unit:ER-3").problem
    assert "unit:ER-3" in report.refreshed
    # The finding comes back: the edited item is kept as the user left it.
    again, report2 = merge_items(merged, generate_items(case, score(case)))
    assert again.item("unit:PM-4") == replace(pm4, stale=False) and report2.unflagged == ("unit:PM-4",)


def test_what_if_equals_scoring_a_hand_edited_file(demo_data, demo_case):
    items = [i for i in generate_items(demo_case, score(demo_case)) if i.key in ("obj:AD-5/医学影像文件", "unit:PM-4")]
    result = what_if(demo_case, items, {i.key: Decimal(3) for i in items})
    edited = copy.deepcopy(demo_data)
    for unit in edited["units"]:
        if unit["id"] == "AD-5":
            obj = unit["objects"][1]
            obj.update({"D": "√", "A": "√", "K": "√", "algorithms": ["SM4"]})
        if unit["id"] == "PM-4":
            unit["result"] = "符合"
    expected = score_case(parse_case(edited))
    assert result.projected.total == expected.total
    assert [x.score for x in result.projected.layers] == [x.score for x in expected.layers]
    assert result.projected.conclusion == expected.conclusion == "基本符合"
    assert result.remaining_risks == () and result.known_cost == Decimal(6)
    assert result.current.total == Decimal("67.32")


def test_dependencies_say_what_basically_conform_depends_on(demo_case):
    items = generate_items(demo_case, score(demo_case))
    result = what_if(demo_case, items, {}, dependencies=True)
    needed = [d.key for d in result.dependencies if d.needed]
    # Either of the two items of the 9.3 measure removes the risk, but dropping the measure drops both.
    assert needed == ["obj:AD-5/医学影像文件", "risk:9.3:AD-5/医学影像文件"]
    dep = next(d for d in result.dependencies if d.key == "obj:AD-5/医学影像文件")
    assert "9.3" in dep.reason(Decimal(60))


def test_a_shared_measure_is_costed_once_and_follows_its_owner(demo_data, demo_case):
    items = generate_items(demo_case, score(demo_case))
    owner = next(i for i in items if i.key == "obj:AD-5/医学影像文件")
    risk = next(i for i in items if i.key == "risk:9.3:AD-5/医学影像文件")
    prices = {p.product_type: p for p in prices_from_csv("产品类型,单价（万元）,备注\n服务器密码机,10,\n")}
    costs = item_costs(items, prices)
    assert costs[risk.key] == costs[owner.key] == Decimal(10) * owner.products[0].quantity
    assert effective_cost(risk, prices, items) == (costs[owner.key], "shared")
    assert selection_cost([owner, risk], costs) == (costs[owner.key], ())  # paid once
    assert selection_cost([risk], costs) == (costs[owner.key], ())  # the risk's item alone buys the measure
    assert what_if(demo_case, [owner, risk], costs).known_cost == costs[owner.key]
    # A kept edit of the owner's targets carries over to the item that shares its measure.
    plan, _ = build_plan(demo_case)
    edited = replace(_item(plan, owner.key), target_k="×", edited=True)
    plan = replace(plan, items=tuple(edited if i.key == owner.key else i for i in plan.items))
    merged, _ = merge_items(plan, generate_items(demo_case, score(demo_case)))
    assert _item(merged, risk.key).target_k == "×" and _item(merged, owner.key).target_k == "×"


def test_costs_user_then_price_list_then_unknown(demo_case):
    item = next(i for i in generate_items(demo_case, score(demo_case)) if i.key == "obj:AD-5/医学影像文件")
    assert effective_cost(item, {}) == (None, "unknown")
    prices = {p.product_type: p for p in prices_from_csv("产品类型,单价（万元）,备注\n服务器密码机,25.5,询价\n")}
    assert effective_cost(item, prices) == (Decimal("25.5000"), "price_list")
    assert effective_cost(replace(item, cost=Decimal(3)), prices) == (Decimal(3), "user")
    text = prices_to_csv([Price("服务器密码机", Decimal("25.5"), "询价")])
    assert prices_from_csv("\ufeff" + text)[0].unit_price == Decimal("25.5")
    with pytest.raises(InputError, match="第 2 行 单价"):
        prices_from_csv("产品类型,单价（万元）,备注\n服务器密码机,-1,\n")


def test_review_incomplete_is_needs_changes_complete_passes(demo_case):
    plan, _ = build_plan(demo_case)
    plan, review = review_plan(demo_case, plan)
    assert review.conclusion == "需修改"
    failing = {r.check for r in review.results if not r.passed and r.grade == "must"}
    assert {"level-filing", "indicators", "products", "schedule", "budget"} <= failing
    complete, second = review_plan(demo_case, replace(demo_plan(demo_case), reviews=plan.reviews), reviewer="张工")
    assert second.conclusion == "通过" and second.number == 2
    assert [r.conclusion for r in complete.reviews] == ["需修改", "通过"]  # history kept


def test_review_override_needs_a_note(demo_case):
    plan = demo_plan(demo_case)
    with pytest.raises(InputError, match="评估意见"):
        review_plan(demo_case, plan, overrides={"important-data": ("需修改", "")})
    _, review = review_plan(demo_case, plan, overrides={"important-data": ("需修改", "未列出影像元数据")})
    assert review.conclusion == "需修改"


def test_high_risk_check_fails_without_the_risk_item(demo_case):
    plan = demo_plan(demo_case)
    measure = "obj:AD-5/医学影像文件"
    only_risk_item = replace(plan, items=tuple(replace(i, selected=i.key != measure) for i in plan.items))
    _, review = review_plan(demo_case, only_risk_item)  # the risk's own item suffices
    assert next(r for r in review.results if r.check == "high-risk").passed
    plan = replace(plan, items=tuple(replace(i, selected=i.measure_key != measure) for i in plan.items))
    _, review = review_plan(demo_case, plan)
    result = next(r for r in review.results if r.check == "high-risk")
    assert not result.passed and "9.3" in result.findings[0]


def test_plan_format_round_trip_and_field_errors(demo_case):
    plan = demo_plan(demo_case)
    data = json.loads(json.dumps(dump_plan(plan), ensure_ascii=False))
    assert parse_plan(data, demo_case) == plan
    bad = copy.deepcopy(data)
    bad["items"][0]["target"]["D"] = "?"
    with pytest.raises(InputError, match=r"items\[0\]\.target"):
        parse_plan(bad)
    bad = copy.deepcopy(data)
    bad["items"][2]["object"] = "没有这个对象"
    with pytest.raises(InputError, match=r"items\[2\]\.object"):
        parse_plan(bad, demo_case)
    with pytest.raises(InputError, match="format"):
        parse_plan({"format": "x"})
    assert parse_plan(dump_plan(Plan())) == Plan()


def test_projection_leaves_the_case_valid(demo_case):
    items = generate_items(demo_case, score(demo_case))
    projected = project_case(demo_case, items)
    from app.mipin.engine import dump_case

    assert parse_case(dump_case(projected)) == projected
    assert score_case(projected).total == Decimal("100.00")

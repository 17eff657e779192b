"""The 密改方案 tab driven by pytest-qt: generate, edit with undo, what-if, 最省方案, review, export, prices."""

from __future__ import annotations

import json
from decimal import Decimal

import docx
import pytest

from PySide6.QtCore import Qt

from app.core.paths import resource_path
from app.mipin.cases import import_case
from app.plan.repository import load_plan, load_prices
from ui.features.plan.models import C_COST, C_LAYER, C_SELECTED, KEY_ROLE

DEMO = resource_path("demo", "demo-case.json")
AD5, AD5_RISK = "obj:AD-5/医学影像文件", "risk:9.3:AD-5/医学影像文件"


@pytest.fixture
def plan_window(qtbot, bare_ctx):
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    case_id = import_case(bare_ctx.store, json.loads(DEMO.read_text(encoding="utf-8")))
    window = build_window(bare_ctx, SyncRunner(), case_id=case_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_tab("plan")
    window.case_id_for_test = case_id  # type: ignore[attr-defined]
    return window


def _tab(window):
    tab = window.tab_widget("plan")
    tab.refresh()  # the debounce timer, settled at once
    return tab


def _row(tab, key):
    model = tab.model
    return next(r for r in range(model.rowCount()) if model.items[r].key == key)


def _stored(window):
    return load_plan(window.feature("plan").host.services.store, window.case_id_for_test)[1]


def test_generate_then_undo(plan_window, qtbot):
    tab = _tab(plan_window)
    assert "还没有密改方案" in tab.info.text() and not tab.docx_button.isEnabled()
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    tab.refresh()
    assert tab.model.rowCount() == 30 and tab.docx_button.isEnabled()
    assert len(_stored(plan_window).items) == 30  # written through the audited edit
    table = tab.whatif.table
    assert table.item(0, 1).text() == "67.32" and table.item(0, 2).text() == "100.00"
    # The decision rows (score, conclusion, open high risks, cost) come before the layer detail.
    assert [table.item(r, 0).text() for r in range(4)] == ["总分", "结论", "未消除的高风险", "费用"]
    assert "AD-5/医学影像文件" in tab.whatif.depends.text()
    assert "基本符合依赖此项" in tab.model.index(_row(tab, AD5), 13).data()
    plan_window.feature("plan").host.controller.undo_stack.undo()
    tab.refresh()
    assert tab.model.rowCount() == 0 and _stored(plan_window).items == ()


def test_cell_edits_are_typed_undoable_and_validated(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    row = _row(tab, "unit:PM-4")
    index = tab.model.index(row, C_COST)
    assert tab.model.data(index) == "未知"  # no price list, no entry: unknown, never invented
    assert tab.model.setData(index, "3.5")
    assert _stored(plan_window).item("unit:PM-4").cost == Decimal("3.5")
    assert tab.model.items[row].edited
    host = plan_window.feature("plan").host
    host.controller.undo_stack.undo()
    assert _stored(plan_window).item("unit:PM-4").cost is None
    assert not tab.model.setData(index, "-2")  # refused: the status bar names the field
    assert "cost" in host.status.message() and _stored(plan_window).item("unit:PM-4").cost is None
    shared = tab.model.index(_row(tab, AD5_RISK), C_COST)
    assert not tab.model.flags(shared) & Qt.ItemFlag.ItemIsEditable  # the measure is costed on its owner


def test_toggles_drive_the_what_if(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    for key in (AD5, AD5_RISK):
        index = tab.model.index(_row(tab, key), C_SELECTED)
        assert tab.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    tab.refresh()
    table = tab.whatif.table
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert "9.3" in rows["未消除的高风险"] and rows["结论"] == "不符合"
    assert not _stored(plan_window).item(AD5).selected
    plan_window.feature("plan").host.controller.undo_stack.undo()  # one toggle back: either item suffices
    tab.refresh()
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["未消除的高风险"] == "无"


def test_filter_and_group_by_layer(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    tab.filter.setText("AD-5")
    keys = [tab.proxy.index(r, 0).data(KEY_ROLE) for r in range(tab.proxy.rowCount())]
    assert AD5 in keys and AD5_RISK in keys and all("AD-5" in k for k in keys)
    tab.filter.setText("")
    tab.layer.setCurrentIndex(tab.layer.findText("管理制度"))
    layers = {tab.proxy.index(r, C_LAYER).data() for r in range(tab.proxy.rowCount())}
    assert layers == {"管理制度"}
    tab.layer.setCurrentIndex(0)
    tab.group.setChecked(True)
    grouped = [tab.proxy.index(r, C_LAYER).data() for r in range(tab.proxy.rowCount())]
    assert grouped == sorted(grouped) and tab.proxy.rowCount() == 30


def test_cheapest_plan_runs_with_progress_and_can_be_adopted(plan_window, qtbot):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    progress: list[int] = []
    tab.optimum.progress.valueChanged.connect(progress.append)
    qtbot.mouseClick(tab.optimum.run_button, Qt.MouseButton.LeftButton)
    result = tab.optimum.result
    assert result is not None and result.feasible and result.proved_optimal
    assert "已证明最优" in tab.optimum.summary.text() and progress
    assert tab.optimum.model.rowCount() == len(result.chosen) >= 1
    assert all(tab.optimum.model.rows[r][2] for r in range(tab.optimum.model.rowCount()))  # why each is needed
    qtbot.mouseClick(tab.optimum.adopt, Qt.MouseButton.LeftButton)
    stored = _stored(plan_window)
    assert {i.key for i in stored.items if i.selected} == set(result.chosen)
    plan_window.feature("plan").host.controller.undo_stack.undo()
    assert all(i.selected for i in _stored(plan_window).items)


def test_review_keeps_its_history(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.run_review()
    tab.refresh()
    assert "需修改" in tab.review.conclusion.text()  # a fresh draft lacks the filing, products, schedule …
    assert tab.review.history.count() == 1
    failing = [tab.review.model.rows[r][0] for r in range(tab.review.model.rowCount())]
    assert failing
    tab.run_review()
    tab.refresh()
    assert tab.review.history.count() == 2 and len(_stored(plan_window).reviews) == 2


def test_export_docx_and_pdf_from_the_tab(plan_window, tmp_path):
    tab = _tab(plan_window)
    tab.generate()
    tab.export("docx", str(tmp_path / "plan.docx"))
    document = docx.Document(str(tmp_path / "plan.docx"))
    assert any(p.style is not None and p.style.name == "Heading 1" for p in document.paragraphs)
    tab.export("pdf", str(tmp_path / "plan.pdf"))
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_price_list_import_and_costs(plan_window, tmp_path):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    feature = plan_window.feature("plan")
    dialog = feature.edit_prices()  # opens 设置 at 价格表
    assert dialog.current_page_id() == "prices" and dialog.isVisible()
    page = dialog.page("prices")
    assert page.table.rowCount() >= 1  # the plan's product types, to fill in
    assert not page.is_modified()  # rows without a price are not a change
    bad = tmp_path / "bad.csv"
    bad.write_text("产品类型,单价（万元）,备注\n服务器密码机,abc,\n", encoding="utf-8")
    good = tmp_path / "prices.csv"
    good.write_text("\ufeff产品类型,单价（万元）,备注\n服务器密码机,25.5,询价\n", encoding="utf-8")
    from PySide6.QtWidgets import QLabel, QMessageBox, QTableWidgetItem

    shown: list[str] = []
    original = QMessageBox.warning

    def warning(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        shown.append(str(args[2]))
        return QMessageBox.StandardButton.Ok

    QMessageBox.warning = warning  # type: ignore[method-assign]
    try:
        assert not page.import_file(bad) and "第 2 行" in shown[0]
    finally:
        QMessageBox.warning = original  # type: ignore[method-assign]
    assert page.import_file(good)
    assert page.is_modified() and dialog.apply_button.isEnabled()
    page.table.insertRow(0)  # a row without a price is left out of the list
    page.table.setItem(1, 1, QTableWidgetItem("abc"))  # a typo in the table: its row is named, nothing saved
    dialog.on_buttons_accepted()
    error = dialog.findChild(QLabel, "settings_error")
    assert dialog.isVisible() and error is not None and "价格表：第 2 行 单价（万元）" in error.text()
    assert load_prices(feature.host.services.store) == ()
    page.table.setItem(1, 1, QTableWidgetItem("25.5"))
    assert page.export_file(tmp_path / "out.csv")
    dialog.on_buttons_accepted()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert load_prices(feature.host.services.store)[0].unit_price == Decimal("25.5")
    tab.refresh()
    cost = tab.model.data(tab.model.index(_row(tab, AD5), C_COST))
    assert "价格表" in cost
    feature.host.controller.undo_stack.undo()  # the price list is an undoable edit too
    assert load_prices(feature.host.services.store) == () and tab.session.prices == ()
    feature.host.controller.undo_stack.redo()
    assert load_prices(feature.host.services.store)[0].unit_price == Decimal("25.5")
    assert "服务器密码机,25.5,询价" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_plan_tables_edit_with_undo_and_validation(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    host = plan_window.feature("plan").host
    sections = tab.sections
    assert sections.lifecycle.columnCount() == 11  # key type, units and the nine stages
    stage = sections.lifecycle.index(0, 2)  # 生成
    assert sections.lifecycle.setData(stage, "由服务器密码机生成（新）")
    assert _stored(plan_window).key_lifecycle[0].stage("生成") == "由服务器密码机生成（新）"
    row = 0
    date_cell = sections.products.index(row, 6)
    assert not sections.products.setData(date_cell, "2027-02-30")  # refused, named, nothing stored
    assert "valid_until" in host.status.message()
    assert sections.products.setData(date_cell, "2030-12-31")
    assert str(_stored(plan_window).products[row].valid_until) == "2030-12-31"
    verdict = sections.compliance.index(0, 1)
    assert not sections.compliance.setData(verdict, "也许")  # only 符合 / 不适用 / 不符合
    assert sections.compliance.setData(verdict, "不符合")
    tab.refresh()
    from app.plan.sections import compliance_blockers

    assert compliance_blockers(_stored(plan_window))  # a final export is now refused (draft only)
    for _ in range(3):
        host.controller.undo_stack.undo()
    stored = _stored(plan_window)
    assert (
        stored.products[row].valid_until is None and stored.key_lifecycle[0].stage("生成") != "由服务器密码机生成（新）"
    )


def test_reviewer_sets_results_with_notes_and_the_conclusion_follows(plan_window):
    tab = _tab(plan_window)
    tab.generate()
    tab.run_review()
    tab.refresh()
    model = tab.review.model
    host = plan_window.feature("plan").host
    failing = [r for r, c in enumerate(model.records) if c.grade == "must" and not c.passed]
    assert failing and "需修改" in tab.review.conclusion.text()
    row = failing[0]
    assert not model.setData(model.index(row, 3), "符合")  # a changed result needs the reviewer's note first
    assert "评估意见" in host.status.message()
    assert model.setData(model.index(row, 4), "已当面核实，材料后补")
    assert model.setData(model.index(row, 3), "符合")
    stored = _stored(plan_window).last_review
    assert stored is not None and stored.results[row].result == "符合" and stored.results[row].note
    for r in failing[1:]:
        model.setData(model.index(r, 4), "已核实")
        model.setData(model.index(r, 3), "符合")
    tab.refresh()
    assert _stored(plan_window).last_review.conclusion == "通过" and "通过" in tab.review.conclusion.text()
    host.controller.undo_stack.undo()
    assert _stored(plan_window).last_review.conclusion == "需修改"
    tab.run_review()  # a second review: the first one stays in the history, unchangeable
    assert len(_stored(plan_window).reviews) == 2


def test_cheapest_plan_says_how_unknown_costs_were_counted(plan_window):
    tab = _tab(plan_window)
    tab.generate()  # a fresh draft: no costs entered, no price list — every cost is unknown
    tab.refresh()
    tab.optimum.unknown.setCurrentIndex(tab.optimum.unknown.findData("avoid"))
    tab.optimum.run_button.click()
    result = tab.optimum.result
    assert result is not None and result.feasible and result.unknown_mode == "avoid"
    assert result.unknown_cost and "费用未知" in tab.optimum.summary.text()


def test_targets_edit_as_marks_and_drive_the_projection(plan_window):
    from ui.features.plan.models import C_TARGET

    tab = _tab(plan_window)
    tab.generate()
    tab.refresh()
    cell = tab.model.index(_row(tab, AD5), C_TARGET)
    assert tab.model.setData(cell, "×√√")  # one undo step for the three marks
    stored = _stored(plan_window)
    assert (stored.item(AD5).target_d, stored.item(AD5).target_a, stored.item(AD5).target_k) == ("×", "√", "√")
    assert stored.item(AD5_RISK).target_d == "×"  # the risk's item is the same measure
    assert not tab.model.setData(cell, "√?")  # refused, named, nothing stored
    assert "target_d" in plan_window.feature("plan").host.status.message()
    unit = tab.model.index(_row(tab, "unit:PM-4"), C_TARGET)
    assert tab.model.setData(unit, "部分符合")
    assert _stored(plan_window).item("unit:PM-4").target_result == "部分符合"
    shared = tab.model.index(_row(tab, AD5_RISK), C_TARGET)
    assert not tab.model.flags(shared) & Qt.ItemFlag.ItemIsEditable
    plan_window.feature("plan").host.controller.undo_stack.undo()
    plan_window.feature("plan").host.controller.undo_stack.undo()
    assert _stored(plan_window).item(AD5).target_d == "√"


def test_the_projection_waits_until_the_tab_is_shown(qtbot, bare_ctx):
    from app.plan.demo import demo_plan
    from app.plan.repository import save_plan
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    case_id = import_case(bare_ctx.store, json.loads(DEMO.read_text(encoding="utf-8")))
    from app.mipin.engine import load_case_file

    save_plan(bare_ctx.store, case_id, demo_plan(load_case_file(DEMO)))
    window = build_window(bare_ctx, SyncRunner(), case_id=case_id)
    qtbot.addWidget(window)
    window.show()
    window.show_tab("checklist")
    tab = _tab(window)
    assert tab.model.rowCount() == 30 and tab.whatif.result is None  # no work for a hidden tab
    window.show_tab("plan")
    qtbot.waitUntil(lambda: tab.whatif.result is not None, timeout=5000)

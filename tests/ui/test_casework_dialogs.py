"""Case management, import errors, objects, find, evidence edge cases, explanations, record typing."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from app.core.paths import resource_path
from app.mipin.cases import PHASES, CaseHeader, create_case, import_case, list_cases
from app.mipin.casework.edits import AddEvidence
from app.mipin.evidence.records import EvidenceRecord
from ui.features.cases.case_list import CaseListDialog
from ui.features.cases.new_case import NewCaseDialog
from ui.features.checklist.dialogs.objects import ObjectsDialog
from ui.features.checklist.models.object_matrix import FIRST_UNIT_COLUMN
from ui.features.checklist.models.unit_tree import UnitIdRole


@pytest.fixture
def demo_window(main_window, bare_ctx):
    data = json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))
    case_id = import_case(bare_ctx.store, data)
    main_window.reload_cases()
    main_window.select_case(case_id)
    return main_window


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def test_new_case_dialog_validates_and_keeps_phases(qtbot, warnings) -> None:
    dialog = NewCaseDialog("示例测评机构", 60.0)
    qtbot.addWidget(dialog)
    assert dialog.assessor.text() == "示例测评机构" and dialog.level.currentData() == 3
    dialog.accept()
    assert warnings and "被测系统名称不能为空" in warnings[-1][1]
    dialog.system_name.setText("梧州市妇幼保健信息系统")
    start, end = dialog.phase_edits[PHASES[2]]
    start.setDate(QDate(2026, 9, 20))
    end.setDate(QDate(2026, 9, 10))
    dialog.accept()
    assert "结束日期早于开始日期" in warnings[-1][1]
    end.setDate(QDate(2026, 9, 26))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    header = dialog.header()
    assert header.phases == {PHASES[2]: (QDate(2026, 9, 20).toPython(), QDate(2026, 9, 26).toPython())}


def _selected_id(dialog: CaseListDialog) -> int | None:
    selected = dialog.selected()
    return selected.id if selected is not None else None


def _record(controller, unit_id: str) -> str:
    unit = controller.session.unit(unit_id)
    assert unit is not None
    return unit.record or ""


def test_case_list_duplicate_archive_delete(demo_window, bare_ctx, qtbot, monkeypatch) -> None:
    store = bare_ctx.store
    demo_id = demo_window.current_case_id
    dialog = CaseListDialog(demo_window.services, demo_id, demo_window)
    qtbot.addWidget(dialog)
    assert _selected_id(dialog) == demo_id
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("梧州市全民健康信息平台（2027 复测）", True))
    with qtbot.waitSignal(dialog.cases_changed):
        dialog.duplicate_button.click()
    copy = next(c for c in list_cases(store) if "2027" in c.system_name)
    assert _selected_id(dialog) == copy.id
    dialog.archive_button.click()
    assert copy.id not in [c.id for c in list_cases(store)]
    dialog.show_archived.setChecked(True)
    dialog.select(copy.id)
    assert dialog.archive_button.text() == "取消归档"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.delete_button.click()
    assert copy.id in [c.id for c in list_cases(store, include_archived=True)]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete_button.click()
    assert copy.id not in [c.id for c in list_cases(store, include_archived=True)]
    assert dialog.last_backup is not None and dialog.last_backup.exists()
    with qtbot.waitSignal(dialog.open_requested) as opened:
        dialog.select(demo_id)
        dialog.open_button.click()
    assert opened.args == [demo_id]


def test_import_with_errors_lists_every_field_and_imports_nothing(main_window, bare_ctx, tmp_path, warnings) -> None:
    before = len(list_cases(bare_ctx.store, include_archived=True))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "mipin-case/1", "system": {"name": "x", "level": 3}, "units": [
        {"id": "NC-1", "objects": [{"name": "a", "D": "maybe"}]},
        {"id": "ZZ-9"},
        {"id": "MS-1", "result": "great"},
    ]}), encoding="utf-8")  # fmt: skip
    assert main_window.feature("cases").import_case_file(bad) is None
    title, text = warnings[-1]
    assert "未导入任何内容" in title
    for field in ("units[0].objects[0].D", "units[1].id", "units[2].result"):
        assert field in text
    assert len(list_cases(bare_ctx.store, include_archived=True)) == before


def test_objects_matrix_defines_assigns_and_deletes(main_window, monkeypatch, qtbot) -> None:
    tab = main_window.feature("checklist").tab
    controller = main_window.controller
    seen = {}

    def fake_exec(dialog: ObjectsDialog) -> int:
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("数据库服务器", True))
        dialog.define_requested.emit()
        model = dialog.model
        row = next(r for r in range(model.rowCount()) if model.name_at(r) == "数据库服务器")
        assert model.setData(model.index(row, 1), "数据库管理系统")
        dc = [c for c in range(FIRST_UNIT_COLUMN, model.columnCount()) if model.unit_at(c) in ("DC-1", "DC-3")]
        seen["suggested"] = [model.index(row, c).data(Qt.ItemDataRole.UserRole + 2) for c in dc]
        for column in dc:
            assert model.setData(model.index(row, column), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        seen["units"] = controller.session.units_of("数据库服务器")
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog.delete_requested.emit("数据库服务器")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ObjectsDialog, "exec", fake_exec)
    tab.unit_panel.manage_button.click()
    assert seen["suggested"] == [True, True]
    assert seen["units"] == ["DC-1", "DC-3"]
    assert controller.session.object_def("数据库服务器") is None
    main_window.undo_action.trigger()  # the delete comes back with its assignments
    assert controller.session.units_of("数据库服务器") == ["DC-1", "DC-3"]


def test_find_jumps_to_the_match(demo_window, qtbot) -> None:
    demo_window.feature("checklist").find_action.trigger()
    dialog = demo_window.feature("checklist").find_dialog
    dialog.query.setText("医学影像")
    dialog.run_search()
    assert dialog.model.rowCount() >= 2
    row = next(i for i, h in enumerate(dialog.model.hits) if h.unit_id == "AD-7")
    dialog.on_table_activated(dialog.model.index(row, 0))
    tab = demo_window.feature("checklist").tab
    assert demo_window.current_tab_id() == "checklist" and tab.unit_id == "AD-7"
    assert tab.unit_panel.table.current_object() == "医学影像文件"


def test_big_evidence_asks_first(demo_window, bare_ctx, tmp_path, monkeypatch) -> None:
    bare_ctx.settings.set("evidence_confirm_mb", 1)
    big = tmp_path / "capture.pcapng"
    big.write_bytes(b"\0" * (2 * 1024 * 1024))
    tab = demo_window.feature("checklist").tab
    tab.select_unit("AD-4", "居民健康档案数据传输")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(big)], ""))
    asked = []

    def answer(_parent, _title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    tab.evidence_panel.attach_button.click()
    assert asked and "2 MB" in asked[0] and not demo_window.controller.session.evidence
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.evidence_panel.attach_button.click()
    (record,) = demo_window.controller.session.evidence
    assert record.kind == "capture" and record.method == "工具测试" and record.reliability == 2


def test_unreadable_certificate_is_reported_and_kept(demo_window, tmp_path, monkeypatch, warnings) -> None:
    junk = tmp_path / "gateway.crt"
    junk.write_bytes(b"this is not a certificate")
    tab = demo_window.feature("checklist").tab
    tab.select_unit("NC-1", "政务外网边界 IPSec VPN")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(junk)], ""))
    tab.evidence_panel.attach_button.click()
    assert warnings and warnings[-1][0] == "证书无法解析"
    (record,) = demo_window.controller.session.evidence
    assert "certificate_error" in record.details


def test_conflicting_evidence_warns(demo_window) -> None:
    controller = demo_window.controller
    tab = demo_window.feature("checklist").tab
    tab.select_unit("AD-5", "居民健康档案数据")
    for sha, method, cls, mark in (("1", "访谈", 1, "√"), ("2", "主动测试（篡改/重放）", 3, "×")):
        record = EvidenceRecord(sha * 64, f"{method}.txt", 1, "document", method, cls, "AD-5", "居民健康档案数据",
                                details={"observed": {"D": mark}})  # fmt: skip
        assert controller.edit(AddEvidence(record), "add")
    label = tab.evidence_panel.conflicts_label
    assert not label.isHidden() and "以可靠性更高的证据为准（D=×）" in label.text()
    assert "录入的是 √" in label.text()
    assert "⚠" not in (tab.object_model.index(0, 8).data() or "")  # the count column shows a warning icon instead
    assert tab.object_model.index(0, 8).data(Qt.ItemDataRole.DecorationRole) is not None


def test_clicking_numbers_explains_them(demo_window) -> None:
    tab = demo_window.feature("checklist").tab
    tab.score_panel.on_label_link_activated("total:")
    assert "S = " in tab.explain_dialog.plain_text and "结论" in tab.explain_dialog.plain_text
    tab.score_panel.on_label_link_activated("layer:AD")
    assert "S(AD) =" in tab.explain_dialog.plain_text
    tab.select_unit("AD-5")
    tab.unit_panel.table.score_clicked.emit("医学影像文件")
    text = tab.explain_dialog.plain_text
    assert text.index("S(AD-5/医学影像文件)") < text.index("S(AD-5) =") < text.index("S(AD) =") < text.index("S = ")


def test_record_typing_is_saved_and_undone_as_one_step(demo_window, bare_ctx, qtbot) -> None:
    tab = demo_window.feature("checklist").tab
    controller = demo_window.controller
    tab.select_unit("MS-2")
    editor = tab.unit_panel.record_editor
    editor.text.setFocus()
    old = controller.session.unit("MS-2").record
    qtbot.keyClicks(editor.text, " OK")  # typed keys (QTest types ASCII only) …
    editor.text.insertPlainText("密钥管理规则已发布")  # … and Chinese as an input method inserts it
    qtbot.waitUntil(lambda: not editor._dirty, timeout=3000)  # saved after a short pause
    editor.text.insertPlainText("，并有执行记录")
    editor.flush()
    assert _record(controller, "MS-2").endswith("密钥管理规则已发布，并有执行记录")
    from app.mipin.bundle import load_bundle

    stored = load_bundle(bare_ctx.store, controller.case_id).case.unit("MS-2")
    assert stored is not None and (stored.record or "").endswith("并有执行记录")
    controller.undo_stack.undo()
    assert controller.session.unit("MS-2").record == old
    assert editor.text.toPlainText() == old


def test_management_na_via_keys_and_back(demo_window, qtbot, monkeypatch) -> None:
    tab = demo_window.feature("checklist").tab
    controller = demo_window.controller
    tab.select_unit("BO-4")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("系统于 2019 年投入运行（FAQ 27）", True))
    qtbot.keyClick(tab.unit_panel.result_selector, "4")
    unit = controller.session.unit("BO-4")
    assert (unit.applicable, unit.result) == (False, None)
    assert controller.result.unit("BO-4").verdict == "不适用"
    qtbot.keyClick(tab.unit_panel.result_selector, "2")
    assert (unit.applicable, unit.result) == (True, "部分符合")


def test_filter_and_unit_navigation(demo_window, qtbot) -> None:
    tab = demo_window.feature("checklist").tab
    tab.filter_combo.setCurrentIndex(2)  # 仅部分符合/不符合
    proxy = tab.tree_proxy
    shown = [proxy.index(r, 0, proxy.index(layer, 0)).data(UnitIdRole)
             for layer in range(proxy.rowCount()) for r in range(proxy.rowCount(proxy.index(layer, 0)))]  # fmt: skip
    assert "PE-1" in shown and "AD-8" not in shown and "MS-1" not in shown
    tab.select_unit("PE-2")
    tab.step_unit(1)
    assert tab.unit_id == "PE-3"
    tab.step_unit(-1)
    assert tab.unit_id == "PE-2"


def test_new_case_uses_settings(main_window, bare_ctx, monkeypatch) -> None:
    bare_ctx.settings.set("assessor_org", "示例商用密码测评机构")
    seen = {}

    def fake_exec(dialog: NewCaseDialog) -> int:
        seen["assessor"] = dialog.assessor.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(NewCaseDialog, "exec", fake_exec)
    main_window.feature("cases").new_case_action.trigger()
    assert seen["assessor"] == "示例商用密码测评机构"
    assert create_case(bare_ctx.store, CaseHeader(system_name="x", level=2)) > 0


def test_edit_case_header_is_an_undoable_edit(demo_window, bare_ctx, monkeypatch) -> None:
    controller = demo_window.controller

    def fake_exec(dialog: NewCaseDialog) -> int:
        assert dialog.system_name.text() == "梧州市全民健康信息平台"
        dialog.report_no.setText("WZ-2026-MP-0099")
        dialog.phase_edits[PHASES[0]][0].setDate(QDate(2026, 9, 1))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCaseDialog, "exec", fake_exec)
    demo_window.feature("cases").edit_case_action.trigger()
    assert controller.session.header.report_no == "WZ-2026-MP-0099"
    assert next(c for c in list_cases(bare_ctx.store) if c.id == controller.case_id).report_no == "WZ-2026-MP-0099"
    assert controller.session.header.phases == {PHASES[0]: ["2026-09-01", None]}
    from ui.casework.controller import header_of

    assert header_of(controller.session).phases[PHASES[0]][0] == QDate(2026, 9, 1).toPython()
    demo_window.undo_action.trigger()
    assert controller.session.header.report_no == "示例-2026-MP-0001"


def test_open_risk_proxy(qtmodeltester, demo_window) -> None:
    risks = demo_window.feature("risks")
    demo_window.show_tab("risks")
    qtmodeltester.check(risks.proxy)
    risks.open_only.setChecked(True)
    assert risks.proxy.rowCount() == 1
    qtmodeltester.check(risks.proxy)


def test_names_editor_completes_the_name_being_typed(qtbot) -> None:
    from ui.features.checklist.widgets.object_view import catalogue_names
    from ui.widgets.delegates import NamesEditor

    editor = NamesEditor(catalogue_names("algorithms"))
    qtbot.addWidget(editor)
    editor.show()
    editor.setText("SM2, ")
    qtbot.keyClicks(editor, "hmac")
    completer = editor._completer
    assert completer.completionPrefix() == "hmac"
    assert completer.completionCount() >= 2  # HMAC-SM3, HMAC-SHA1, HMAC-SHA256
    editor.on_completer_activated("HMAC-SM3")
    assert editor.text() == "SM2, HMAC-SM3, "


def test_slash_on_d_excludes_the_object_and_moves_to_the_next(demo_window, qtbot) -> None:
    from ui.features.checklist.models.object_table import COL_D

    tab = demo_window.feature("checklist").tab
    tab.select_unit("DC-1", "堡垒机")
    table = tab.unit_panel.table
    table.setFocus()
    qtbot.keyClick(table, "3")
    obj = demo_window.controller.session.unit("DC-1").object("堡垒机")
    assert (obj.d, obj.a, obj.k) == ("/", "/", "/")
    assert table.current_object() == "应用服务器" and table.currentIndex().column() == COL_D
    assert tab.object_model.index(0, 7).data() == "—"  # excluded from the mean
    table.select_object("堡垒机", COL_D)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert (obj.d, obj.a, obj.k) == (None, None, None)


def test_switching_cases_commits_typing_to_the_case_it_belongs_to(demo_window, bare_ctx) -> None:
    from app.mipin.bundle import load_bundle

    tab = demo_window.feature("checklist").tab
    demo_id = demo_window.current_case_id
    tab.select_unit("ER-2")
    editor = tab.unit_panel.record_editor
    editor.text.setPlainText("应急处置记录已核查")  # typed, not yet saved (the pause has not elapsed)
    other = next(c.id for c in list_cases(bare_ctx.store) if c.id != demo_id)
    demo_window.select_case(other)
    assert demo_window.controller.case_id == other
    saved = load_bundle(bare_ctx.store, demo_id).case.unit("ER-2")
    assert saved is not None and saved.record == "应急处置记录已核查"
    assert load_bundle(bare_ctx.store, other).case.unit("ER-2") is None


def test_list_columns_give_way_to_object_names_on_a_narrow_pane() -> None:
    from ui.features.checklist.widgets.object_view import _NAME_MIN, _WIDTHS, list_widths

    fixed = sum(_WIDTHS.values())
    wide = list_widths(2000)
    assert wide == list_widths(fixed + _NAME_MIN + 246)  # exactly room for all: the full widths
    narrow = list_widths(700)  # about the object pane of a 1366-pixel laptop screen
    assert sum(narrow.values()) < sum(wide.values())
    assert fixed + sum(narrow.values()) + _NAME_MIN <= 700 + 1
    tiny = list_widths(300)  # no room at all: the list columns stop at their narrowest
    assert tiny == list_widths(100)
    assert all(tiny[c] < narrow[c] <= wide[c] for c in wide)

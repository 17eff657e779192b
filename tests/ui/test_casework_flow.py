"""The assessor's whole flow on real widgets (issue 4 "Done when").

Create a case, define objects, enter D/A/K by keyboard, watch the score and the conclusion,
undo, mark a unit N/A (a reason is required), attach a certificate and accept its algorithms,
decide a high risk, then export and re-import the case with an identical score.
"""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from app.mipin.cases import export_case
from app.mipin.engine import parse_case, score_case
from app.mipin.tables import RiskDecision
from tests.certgen import openssl_certificate
from ui.features.cases.new_case import NewCaseDialog
from ui.features.checklist.dialogs.add_object import AddObjectDialog
from ui.features.checklist.models.object_table import COL_D
from ui.features.risks.dialogs import RiskDecisionDialog


def _accept_new_case(monkeypatch, name: str) -> None:
    def fake_exec(dialog: NewCaseDialog) -> int:
        dialog.system_name.setText(name)
        dialog.client.setText("梧州市卫生健康委员会")
        dialog.report_no.setText("T-2026-001")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCaseDialog, "exec", fake_exec)


def _add_new_object(monkeypatch, tab, name: str) -> None:
    def fake_exec(dialog: AddObjectDialog) -> int:
        dialog.name_edit.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddObjectDialog, "exec", fake_exec)
    tab.unit_panel.add_button.click()


def _type_marks(qtbot, table, keys: str) -> None:
    for key in keys:
        qtbot.keyClick(table, key)


@pytest.fixture
def flow(main_window, monkeypatch, qtbot):
    _accept_new_case(monkeypatch, "梧州市测评流程系统")
    main_window.feature("cases").new_case_action.trigger()
    tab = main_window.feature("checklist").tab
    return main_window, tab


def test_full_assessor_flow(flow, monkeypatch, qtbot, tmp_path, bare_ctx) -> None:
    window, tab = flow
    controller = window.controller
    assert "梧州市测评流程系统" in window.windowTitle()
    case_id = window.current_case_id
    assert controller.case_id == case_id
    # a new case: everything untested, range 0 – 100, no conclusion yet
    assert len(controller.result.untested) == 41
    assert "41 项未测" in tab.score_panel.conclusion_label.text()

    # define objects and assign them to NC-1
    tab.select_unit("NC-1")
    _add_new_object(monkeypatch, tab, "互联网边界 SSL VPN")
    _add_new_object(monkeypatch, tab, "政务外网 IPSec VPN")
    assert [o.name for o in controller.session.unit("NC-1").objects] == ["互联网边界 SSL VPN", "政务外网 IPSec VPN"]
    assert len(controller.session.objects) == 2

    # enter D/A/K by keyboard: 1 = √, 2 = ×; the cursor moves D → A → K → next object
    table = tab.unit_panel.table
    table.setFocus()
    table.select_object("互联网边界 SSL VPN", COL_D)
    qtbot.keyClick(table, "1")
    obj = controller.session.unit("NC-1").object("互联网边界 SSL VPN")
    assert obj.d == "√" and obj.incomplete  # D=√ without A and K: kept, scored as untested
    assert controller.result.unit("NC-1").objects[0].status == "untested"
    _type_marks(qtbot, table, "21")
    assert (obj.d, obj.a, obj.k) == ("√", "×", "√")
    assert table.currentIndex().row() == 1 and table.currentIndex().column() == COL_D
    _type_marks(qtbot, table, "111")
    nc1 = controller.result.unit("NC-1")
    assert str(nc1.score) == "0.7500"  # (0.5 × Ra(1) + 1) / 2
    assert "0.7500" in tab.tree_model.index_of("NC-1").siblingAtColumn(3).data()
    before = controller.result.range

    # the store has every keystroke already (no Save button)
    stored = score_case(parse_case(export_case(bare_ctx.store, case_id)), partial=True)
    assert stored.total == controller.result.total

    # undo the last mark: K of the second object
    window.undo_action.trigger()
    second = controller.session.unit("NC-1").object("政务外网 IPSec VPN")
    assert second.k is None
    assert controller.result.range != before
    window.redo_action.trigger()
    assert controller.session.unit("NC-1").object("政务外网 IPSec VPN").k == "√"
    assert controller.result.range == before

    # a management unit by keyboard, then the conclusion with everything else tested
    tab.select_unit("MS-1")
    qtbot.keyClick(tab.unit_panel.result_selector, "1")
    assert controller.session.unit("MS-1").result == "符合"

    # N/A needs a reason
    tab.select_unit("AD-8")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("  ", True))
    tab.unit_panel.na_button.click()
    assert controller.session.unit("AD-8") is None or controller.session.unit("AD-8").applicable
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("本系统不涉及法律责任认定", True))
    tab.unit_panel.na_button.click()
    assert controller.session.unit("AD-8").applicable is False
    assert controller.result.unit("AD-8").verdict == "不适用"
    assert "不涉及法律责任认定" in tab.unit_panel.subtitle.text()

    # attach a sha1WithRSA-1024 certificate to the SSL VPN and accept the proposed algorithms
    cert = openssl_certificate(tmp_path, "rsa1024-sha1")
    tab.select_unit("NC-1", "互联网边界 SSL VPN")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(cert)], ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.evidence_panel.target.setCurrentIndex(0)  # the object in this unit
    tab.evidence_panel.attach_button.click()
    record = controller.session.evidence[0]
    assert record.kind == "certificate" and record.object_name == "互联网边界 SSL VPN"
    assert record.details["certificate"]["key_size"] == 1024
    assert set(obj.algorithms) == {"SHA-1", "RSA-1024"}
    assert (bare_ctx.paths.evidence_dir / record.sha256[:2] / record.sha256).read_bytes() == cert.read_bytes()
    # Ra follows (A=×: the weakest, SHA-1 at 63 bits → Ra 0.2; 0.5 × 0.2) and item 5.1 is raised
    assert str(controller.result.unit("NC-1").objects[0].score) == "0.1000"
    candidates = [r for r in controller.result.high_risks if r.item == "5.1"]
    assert candidates and candidates[0].status == "high"
    assert tab.evidence_model.rowCount() == 1

    # decide the 5.1 risk on the 高风险判定 tab (a reason is required)
    window.show_tab("risks")
    risks = window.feature("risks")
    row = risks.candidates.row_of("5.1", "NC-1", "互联网边界 SSL VPN")
    risks.table.selectRow(risks.proxy.mapFromSource(risks.candidates.index(row, 0)).row())
    assert not risks.mitigate_button.isEnabled()  # 5.1 cannot be mitigated

    def fake_decision(dialog: RiskDecisionDialog) -> int:
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # no reason yet
        dialog.reason.setPlainText("证书仅用于测试环境，生产网关已更换为 SM2 证书（见证据 2）")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RiskDecisionDialog, "exec", fake_decision)
    open_before = len(controller.result.open_high_risks)
    risks.dismiss_button.click()
    assert len(controller.result.open_high_risks) == open_before - 1
    decided = next(r for r in controller.result.high_risks if r.item == "5.1")
    assert decided.status == "dismissed"
    with bare_ctx.store.read() as s:
        row_ = s.query(RiskDecision).filter_by(case_id=case_id, item="5.1").one()
        assert row_.decided_at is not None and row_.reason.startswith("证书仅用于测试环境")
    assert "已排除" in risks.candidates.index(row, 0).data()

    # a risk rating for a 部分符合 unit
    rating_row = next(
        r for r in range(risks.ratings.rowCount()) if risks.ratings.index(r, 0).data(Qt.ItemDataRole.EditRole) == "NC-1"
    )
    assert risks.ratings.setData(risks.ratings.index(rating_row, 3), "高")
    assert risks.ratings.index(rating_row, 5).data() == "高"  # 高 × 中 (default impact) → 高

    # export and re-import: identical score
    out = tmp_path / "export.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.feature("cases").export_action.trigger()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "mipin-case/1"
    original = controller.result
    notices: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: notices.append(text))
    new_id = window.feature("cases").import_case_file(out)
    assert notices and "导入为 “梧州市测评流程系统（2）”" in notices[0]  # the name was taken: a suffix, said so
    assert new_id is not None and new_id != case_id
    assert window.current_case_id == new_id
    again = controller.result
    assert (again.total, again.conclusion, again.range, again.counts) == (
        original.total, original.conclusion, original.range, original.counts,
    )  # fmt: skip
    assert score_case(parse_case(data), partial=True).total == original.total
    again_data = export_case(bare_ctx.store, new_id)
    assert again_data["system"].pop("name") == "梧州市测评流程系统（2）"  # the CLI's import: a distinguishing suffix
    data["system"].pop("name")
    assert again_data == data


def test_write_failure_reverts_and_reports(flow, monkeypatch, qtbot) -> None:
    window, tab = flow
    controller = window.controller
    from app.core.errors import StoreError

    errors = []
    monkeypatch.setattr("ui.host.window.handle_error", lambda parent, exc: errors.append(exc))
    tab.select_unit("MS-2")

    def broken(*args, **kwargs):
        raise StoreError("磁盘空间已满，本次修改未保存")

    monkeypatch.setattr(controller.editor, "apply", broken)
    tab.unit_panel.result_selector.chosen.emit("符合")
    assert errors and "磁盘空间已满" in str(errors[0])
    assert controller.session.unit("MS-2") is None or controller.session.unit("MS-2").result is None
    assert controller.result.unit("MS-2").tested is False
    # once the writer queue is empty the case is reloaded from the store and the history cleared
    qtbot.waitUntil(lambda: controller.undo_stack.count() == 0, timeout=2000)
    monkeypatch.undo()
    tab.select_unit("MS-2")
    tab.unit_panel.result_selector.chosen.emit("符合")
    assert controller.session.unit("MS-2").result == "符合" and controller.undo_stack.count() == 1

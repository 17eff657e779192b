"""Issue 10 part 3: a new assessor's first day, end to end on the real window, asserting what they see.

Create a case, add objects and enter D/A/K by keys, mark a unit N/A with a reason, decide a
high risk, attach an SM2 certificate, export the PDF and the Excel file, close and reopen.
Dialogs the user would answer are patched to answer (never driven); everything else is the
real window, the real store and the real report builders.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from tests.certgen import openssl_certificate
from tests.ui.fakes import answering
from ui.features.cases.new_case import NewCaseDialog
from ui.features.checklist.dialogs.add_object import AddObjectDialog
from ui.features.checklist.models.object_table import COL_D, COL_SCORE
from ui.features.risks.dialogs import RiskDecisionDialog

NAME = "梧州市妇幼保健院信息系统"
REPORT_NO = "WZ-2026-MP-0042"


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ")


def _keys(qtbot: Any, keys: str) -> None:
    for key in keys:
        qtbot.keyClick(QApplication.focusWidget(), key)


def _add_object(monkeypatch: pytest.MonkeyPatch, tab: Any, name: str) -> None:
    def fake_exec(dialog: AddObjectDialog) -> int:
        dialog.name_edit.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddObjectDialog, "exec", fake_exec)
    tab.unit_panel.add_button.click()


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_first_day(main_window, monkeypatch, qtbot, tmp_path, bare_ctx) -> None:
    window = main_window
    controller = window.controller
    tab = window.feature("checklist").tab
    risks = window.feature("risks")
    window.activateWindow()

    # 1. create the case: it opens on the 测评检查表, everything untested, no conclusion yet
    def new_case(dialog: NewCaseDialog) -> int:
        dialog.system_name.setText(NAME)
        dialog.client.setText("梧州市妇幼保健院")
        dialog.report_no.setText(REPORT_NO)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewCaseDialog, "exec", new_case)
    window.feature("cases").new_case_action.trigger()
    assert NAME in window.windowTitle()
    shown = window.tabs.currentWidget()
    assert shown is tab or shown.isAncestorOf(tab)  # the new case opens on the 测评检查表
    panel = tab.score_panel
    conclusion = _plain(panel.conclusion_label.text())
    assert "暂不下结论" in conclusion and "41 项未测" in conclusion
    assert "未测 41" in _plain(panel.counts_label.text())

    # 2. objects and D/A/K by keys: the new object's D cell has the focus at once
    tab.select_unit("NC-1")
    _add_object(monkeypatch, tab, "互联网边界 SSL VPN")
    table = tab.unit_panel.table
    assert table.hasFocus() and table.currentIndex().column() == COL_D
    _keys(qtbot, "111")
    _add_object(monkeypatch, tab, "政务外网 VPN")
    _keys(qtbot, "121")  # A = × without a non-approved algorithm listed
    nc1 = controller.session.unit("NC-1")
    assert [(o.d, o.a, o.k) for o in nc1.objects] == [("√", "√", "√"), ("√", "×", "√")]
    scope = tab.unit_panel.record_editor.scope
    assert {"对象：互联网边界 SSL VPN", "对象：政务外网 VPN"} <= {scope.itemText(i) for i in range(scope.count())}
    table.select_object("政务外网 VPN", COL_SCORE)
    assert "按 Ra = 1 计" in table.currentIndex().data(3)  # the score's tooltip says why
    assert "未测 40" in _plain(panel.counts_label.text())

    # 3. N/A with a reason
    tab.select_unit("AD-8")
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("本系统不涉及电子签名", True))
    tab.unit_panel.na_button.click()
    assert controller.result.unit("AD-8").verdict == "不适用"
    assert "不涉及电子签名" in tab.unit_panel.subtitle.text()

    # 4. a high risk: MS-1 不符合 raises 10.1; header and panel say 不符合 together; confirm it
    tab.select_unit("MS-1")
    tab.unit_panel.result_selector.setFocus()
    qtbot.keyClick(tab.unit_panel.result_selector, "3")
    assert controller.session.unit("MS-1").result == "不符合"
    assert "不符合" in _plain(panel.conclusion_label.text())
    assert "未处置 1 项" in _plain(panel.risks_label.text())
    window.show_tab("risks")
    assert "结论 不符合" in _plain(risks.summary.text())
    row = risks.candidates.row_of("10.1", "MS-1", None)
    risks.table.selectRow(risks.proxy.mapFromSource(risks.candidates.index(row, 0)).row())

    def confirm(dialog: RiskDecisionDialog) -> int:
        assert dialog.reason.toPlainText() == ""
        dialog.reason.setPlainText("未发布密码应用管理制度，现场访谈确认")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RiskDecisionDialog, "exec", confirm)
    risks.confirm_button.click()
    assert risks.candidates.index(row, 5).data() == "确认"
    assert "未发布密码应用管理制度" in risks.candidates.index(row, 6).data()
    assert "（未处置 0）" in _plain(risks.summary.text())

    # 5. an SM2 certificate on the SSL VPN
    window.show_tab("checklist")
    tab.select_unit("NC-1", "互联网边界 SSL VPN")
    cert = openssl_certificate(tmp_path, "sm2-sm3")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(cert)], ""))
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Yes))
    tab.evidence_panel.target.setCurrentIndex(0)
    tab.evidence_panel.attach_button.click()
    tab.evidence_panel.table.selectRow(0)
    assert "SM2" in tab.evidence_panel.cert_label.text()
    assert controller.session.evidence[0].details["certificate"]["key_size"] == 256
    assert "证据（1）" in tab.unit_panel.bottom.tabText(1)

    # 6. export PDF and Excel: names from the report number, the draft question once per export
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Yes, asked, arg=2))
    proposed: list[str] = []

    def save_as(_parent: Any, _title: str, name: str, _filters: str) -> tuple[str, str]:
        proposed.append(Path(name).name)
        return (str(tmp_path / Path(name).name), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    reports = window.feature("reports")
    reports.export_pdf_action.trigger()
    pdf = tmp_path / f"{REPORT_NO} {NAME}-商用密码应用安全性评估报告.pdf"
    qtbot.waitUntil(pdf.exists, timeout=120_000)
    reports.export_xlsx_action.trigger()
    xlsx = tmp_path / f"{REPORT_NO} {NAME}-测评记录与量化评估.xlsx"
    qtbot.waitUntil(xlsx.exists, timeout=120_000)
    assert proposed == [pdf.name, xlsx.name]
    assert len(asked) == 2 and all("--draft" not in text for text in asked)
    text = _pdf_text(pdf)
    assert NAME in text and REPORT_NO in text and "草稿" in text
    assert "已导出" in window.statusBar().currentMessage()

    # 7. close and reopen: the same case, every result, decision and certificate still there
    case_id = window.current_case_id
    before = (controller.result.total, controller.result.conclusion, controller.result.counts)
    window.close()
    from ui.builder import build_window
    from ui.tasks import SyncRunner

    again = build_window(bare_ctx, SyncRunner())
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.current_case_id == case_id and NAME in again.windowTitle()
    result = again.controller.result
    assert result is not None
    assert (result.total, result.conclusion, result.counts) == before
    assert result.unit("AD-8").verdict == "不适用"
    decided = next(r for r in result.high_risks if r.item == "10.1")
    assert decided.decision == "confirmed" and decided.reason == "未发布密码应用管理制度，现场访谈确认"
    tab2: Any = again.feature("checklist")
    tab2 = tab2.tab
    assert "不符合" in _plain(tab2.score_panel.conclusion_label.text())
    tab2.select_unit("NC-1", "互联网边界 SSL VPN")
    tab2.evidence_panel.table.selectRow(0)
    assert "SM2" in tab2.evidence_panel.cert_label.text()

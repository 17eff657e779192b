"""Issue 10, the UI half: what a new assessor ran into, each point on the real window (pytest-qt).

Every test drives the window the fixture builds (``main_window``: one empty level-3 case) and
asserts what the user sees: label texts, dialogs asked, focus, file names.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QFileDialog, QLabel, QMessageBox

from app.mipin.casework.edits import AssignObject, Batch, DefineObject, SetObjectFields, SetRiskDecision, SetUnitResult
from app.mipin.explain import RA_ASSUMED_NOTE
from tests.ui.fakes import answering
from ui.features.checklist.dialogs.add_object import AddObjectDialog
from ui.features.checklist.models.object_table import COL_D, COL_MODULE, COL_SCORE
from ui.features.risks.dialogs import RiskDecisionDialog


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&nbsp;", " ")


def _panel_conclusion(tab: Any) -> str:
    return _plain(tab.score_panel.conclusion_label.text())


def _header_conclusion(risks: Any) -> str:
    text = _plain(risks.summary.text())
    return text.split("结论", 1)[1].split()[0]


def _add_object(monkeypatch: pytest.MonkeyPatch, tab: Any, name: str) -> None:
    def fake_exec(dialog: AddObjectDialog) -> int:
        dialog.name_edit.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddObjectDialog, "exec", fake_exec)
    tab.unit_panel.add_button.click()


def _object(controller: Any, unit: str, name: str, marks: dict[str, str]) -> None:
    ops = (DefineObject(name, ""), AssignObject(unit, name), SetObjectFields(unit, name, marks))
    assert controller.edit(Batch(ops), "test")


# -- 1.3 the formula popup says why Ra = 1 ---------------------------------------------------------


def test_formula_popup_and_tooltip_note_a_failed_without_algorithms(main_window) -> None:
    tab = main_window.feature("checklist").tab
    _object(main_window.controller, "NC-1", "VPN 网关", {"D": "√", "A": "×", "K": "√"})
    tab.select_unit("NC-1")
    table = tab.unit_panel.table
    table.select_object("VPN 网关", COL_SCORE)
    tooltip = table.currentIndex().data(Qt.ItemDataRole.ToolTipRole)
    assert RA_ASSUMED_NOTE in tooltip
    table.score_clicked.emit("VPN 网关")
    assert tab.explain_dialog is not None
    assert RA_ASSUMED_NOTE in tab.explain_dialog.plain_text
    assert RA_ASSUMED_NOTE == "A 为 × 但未列出非合规算法，按 Ra = 1 计"


# -- 2.1 / 2.5 one conclusion, 未测 apart ----------------------------------------------------------------


def test_score_panel_counts_untested_units_apart(main_window) -> None:
    tab = main_window.feature("checklist").tab
    counts = _plain(tab.score_panel.counts_label.text())
    assert "未测 41" in counts and "不符合 0" in counts  # a new case: 41 units untested, none 不符合
    assert "暂不下结论" in _panel_conclusion(tab)
    _object(main_window.controller, "NC-1", "VPN 网关", {"D": "√", "A": "√", "K": "×"})
    counts = _plain(tab.score_panel.counts_label.text())
    assert "未测 40" in counts and "部分符合 1" in counts


def test_header_and_panel_always_show_the_one_conclusion(main_window) -> None:
    controller = main_window.controller
    tab = main_window.feature("checklist").tab
    risks = main_window.feature("risks")

    def agree() -> str:
        conclusion = controller.result.conclusion
        assert conclusion in _panel_conclusion(tab)
        assert _header_conclusion(risks) == conclusion  # the 高风险判定 header, even while hidden
        return conclusion

    assert agree() == "暂不下结论"
    assert controller.edit(SetUnitResult("MS-1", "不符合"), "test")  # raises 10.1: an open high risk
    assert agree() == "不符合"  # untested units left, but an open high risk decides already
    assert "暂不下结论" not in _panel_conclusion(tab)
    main_window.show_tab("risks")
    assert agree() == "不符合"
    assert controller.edit(SetUnitResult("MS-1", "符合"), "test")
    assert agree() == "暂不下结论"
    main_window.show_tab("checklist")
    assert agree() == "暂不下结论"


# -- 2.4 re-deciding starts with an empty reason -----------------------------------------------------


def test_redeciding_starts_empty_with_the_previous_reason_read_only(main_window, monkeypatch) -> None:
    controller = main_window.controller
    assert controller.edit(SetUnitResult("MS-1", "不符合"), "test")
    main_window.show_tab("risks")
    risks = main_window.feature("risks")
    row = risks.candidates.row_of("10.1", "MS-1", None)
    risks.table.selectRow(risks.proxy.mapFromSource(risks.candidates.index(row, 0)).row())
    seen: list[RiskDecisionDialog] = []

    def decide(reason: str) -> Any:
        def fake_exec(dialog: RiskDecisionDialog) -> int:
            seen.append(dialog)
            assert dialog.reason.toPlainText() == ""  # never the old text to append to
            dialog.reason.setPlainText(reason)
            return QDialog.DialogCode.Accepted

        return fake_exec

    monkeypatch.setattr(RiskDecisionDialog, "exec", decide("制度未发布，现场确认"))
    risks.confirm_button.click()
    assert seen[0].previous_reason is None
    monkeypatch.setattr(RiskDecisionDialog, "exec", decide("复核后：制度已于 11 月发布"))
    risks.dismiss_button.click()
    previous = seen[1].previous_reason
    assert previous is not None and previous.isReadOnly()
    assert previous.toPlainText() == "制度未发布，现场确认"
    risk = next(r for r in controller.result.high_risks if r.item == "10.1")
    assert risk.decision == "dismissed" and risk.reason == "复核后：制度已于 11 月发布"
    assert "制度未发布" not in risks.candidates.index(row, 6).data()


# -- 2.6 keyboard -------------------------------------------------------------------------------------


def test_after_adding_an_object_its_d_cell_has_the_focus(main_window, monkeypatch, qtbot) -> None:
    tab = main_window.feature("checklist").tab
    main_window.activateWindow()
    tab.select_unit("NC-1")
    tab.unit_panel.add_button.setFocus()
    _add_object(monkeypatch, tab, "VPN 网关")
    table = tab.unit_panel.table
    assert table.hasFocus()
    assert table.currentIndex().column() == COL_D
    for key in "121":  # straight away, no click
        qtbot.keyClick(QApplication.focusWidget(), key)
    obj = main_window.controller.session.unit("NC-1").object("VPN 网关")
    assert (obj.d, obj.a, obj.k) == ("√", "×", "√")


def _alt(widget: Any, key: Qt.Key, qtbot: Any) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def test_alt_arrows_stay_in_an_open_combo(main_window, qtbot) -> None:
    tab = main_window.feature("checklist").tab
    _object(main_window.controller, "NC-1", "VPN 网关", {"D": "√", "A": "√", "K": "√"})
    main_window.activateWindow()
    tab.select_unit("NC-1")
    table = tab.unit_panel.table
    table.setFocus()
    table.select_object("VPN 网关", COL_MODULE)
    table.edit(table.currentIndex())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox)
    _alt(editor, Qt.Key.Key_Down, qtbot)
    assert tab.unit_id == "NC-1"  # still on the unit: the key went to the combo
    editor.hidePopup()
    _alt(editor, Qt.Key.Key_Up, qtbot)
    assert tab.unit_id == "NC-1"
    table.setFocus()  # outside a combo Alt+↓ goes to the next unit
    _alt(table, Qt.Key.Key_Down, qtbot)
    assert tab.unit_id != "NC-1"


def test_alt_arrow_shortcut_override_is_taken_by_combos(qapp) -> None:
    from ui.widgets.keys import keep_alt_arrows

    combo = keep_alt_arrows(QComboBox())
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    event.ignore()
    QApplication.sendEvent(combo, event)
    assert event.isAccepted()
    plain = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F6, Qt.KeyboardModifier.NoModifier)
    plain.ignore()
    QApplication.sendEvent(combo, plain)
    assert not plain.isAccepted()


# -- 2.7 no stale panels ----------------------------------------------------------------------------------


def test_record_selector_lists_a_new_object_at_once(main_window, monkeypatch) -> None:
    tab = main_window.feature("checklist").tab
    tab.select_unit("NC-1")
    scope = tab.unit_panel.record_editor.scope
    assert [scope.itemText(i) for i in range(scope.count())] == ["（本测评单元）"]
    _add_object(monkeypatch, tab, "VPN 网关")
    assert "对象：VPN 网关" in [scope.itemText(i) for i in range(scope.count())]
    assert scope.currentData() == "VPN 网关"  # the record follows the new current object
    main_window.undo_action.trigger()
    assert [scope.itemText(i) for i in range(scope.count())] == ["（本测评单元）"]


def test_switching_case_leaves_no_certificate_or_formulas_of_the_previous_one(
    main_window, monkeypatch, tmp_path, bare_ctx
) -> None:
    from app.mipin.cases import CaseHeader, create_case
    from tests.certgen import openssl_certificate

    tab = main_window.feature("checklist").tab
    first = main_window.current_case_id
    _object(main_window.controller, "NC-1", "VPN 网关", {"D": "√", "A": "√", "K": "√"})
    tab.select_unit("NC-1", "VPN 网关")
    cert = openssl_certificate(tmp_path, "sm2-sm3")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(cert)], ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tab.evidence_panel.attach_button.click()
    tab.evidence_panel.table.selectRow(0)
    panel = tab.evidence_panel
    assert not panel.cert_label.isHidden() and "SM2" in panel.cert_label.text()
    tab.on_explain_requested("total", "")
    assert tab.explain_dialog is not None and tab.explain_dialog.isVisible()
    explain = tab.explain_dialog

    other = create_case(bare_ctx.store, CaseHeader(system_name="第二个系统", level=3))
    main_window.reload_cases(select=other)
    assert main_window.current_case_id == other != first
    tab.select_unit("NC-1")
    assert panel.cert_label.isHidden() and panel.add_algorithms_button.isHidden()
    assert not panel.open_button.isEnabled() and not panel.delete_button.isEnabled()
    assert tab.evidence_model.rowCount() == 0
    assert not explain.isVisible() and tab.explain_dialog is None


# -- 2.3 GUI import: the CLI's warnings and suffixes ---------------------------------------------------


def test_gui_import_shows_the_cli_warnings_and_suffixes_names(main_window, monkeypatch, tmp_path, bare_ctx) -> None:
    from app.mipin.cases import export_case
    from app.mipin.exchange import import_exchange

    cases = main_window.feature("cases")
    _object(main_window.controller, "NC-1", "VPN 网关", {"D": "√", "A": "√", "K": "√"})
    data = export_case(bare_ctx.store, main_window.current_case_id)
    data["units"][0]["objects"][0]["algoritms"] = ["SM2"]  # misspelled: an unknown field
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: shown.append(f"{title}\n{text}"))
    first = cases.import_case_file(path)
    assert first is not None and shown, "the warnings are shown"
    cli = import_exchange(bare_ctx.store, json.loads(path.read_text(encoding="utf-8")))  # what the CLI prints
    typo = [str(n) for n in cli.notices if "algoritms" in str(n)]
    assert typo and typo[0] in shown[0]
    second = cases.import_case_file(path)
    assert second is not None
    from app.mipin.cases import list_cases

    names = [c.system_name for c in list_cases(bare_ctx.store)]
    assert len(names) == len(set(names)), names  # no two identical lines in the selector
    assert "梧州市测试系统（4）" in names
    assert "梧州市测试系统（4）" in main_window.windowTitle()


# -- 2.8 the draft question, once, in words --------------------------------------------------------------


def test_the_untested_question_is_asked_once_per_export_in_words(main_window, monkeypatch, qtbot, tmp_path) -> None:
    actions = main_window.feature("reports")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.Yes, asked, arg=2))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), ""))
    actions.export_pdf_action.trigger()
    qtbot.waitUntil((tmp_path / "r.pdf").exists, timeout=60_000)
    assert len(asked) == 1
    assert "--draft" not in asked[0] and "41 个测评单元" in asked[0] and "草稿" in asked[0]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.xlsx"), ""))
    actions.export_xlsx_action.trigger()
    qtbot.waitUntil((tmp_path / "r.xlsx").exists, timeout=60_000)
    assert len(asked) == 2
    # the preview asks once; regenerating it with another number of copies does not ask again
    dialog = actions.preview()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    dialog.start(2)
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.copies == 2, timeout=60_000)
    assert len(asked) == 3 and dialog.draft is True
    dialog.close()


def test_declining_the_draft_generates_nothing(main_window, monkeypatch, tmp_path) -> None:
    actions = main_window.feature("reports")
    jobs: list[object] = []
    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.No))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "r.pdf"), ""))
    monkeypatch.setattr(main_window.services.runner, "run", lambda fn, **_kw: jobs.append(fn))
    actions.export_pdf_action.trigger()
    assert jobs == [] and actions.last_progress is None


# -- 2.9 Qt's own dialogs in Chinese --------------------------------------------------------------------


def test_qt_dialogs_are_in_chinese(qapp) -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    from ui.i18n import install_translators, qt_translation

    qm = qt_translation("qtbase_zh_CN.qm")
    assert qm is not None and "PySide6" in str(qm)
    install_translators(qapp, "zh_CN")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QLocale().name() == "zh_CN"
    dialog = QFileDialog(None, "导入")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "查找范围" in texts and "文件类型" in texts
    dialog.deleteLater()


def test_chinese_dates_in_qt_widgets_on_a_c_locale_machine(monkeypatch) -> None:
    from ui.i18n import use_system_dates

    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    use_system_dates("en")
    assert "LC_TIME" not in os.environ
    use_system_dates("zh_CN")
    assert os.environ["LC_TIME"] == "zh_CN.UTF-8"  # read by Qt when the application starts
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("LC_TIME")
    use_system_dates("zh_CN")
    assert "LC_TIME" not in os.environ  # an explicit LC_ALL is the user's choice


# -- 2.10 small things ----------------------------------------------------------------------------------


def test_an_empty_date_opens_its_calendar_at_today(qtbot) -> None:
    from app.core import clock
    from ui.features.cases.new_case import NewCaseDialog

    dialog = NewCaseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.period_end  # a new case has a start date (today) but no end date yet
    assert edit.text() == "未填写"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))  # the arrow
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    today = clock.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert edit.text() == "未填写"  # opening the calendar does not fill the date in
    edit.setDate(QDate(2026, 3, 9))
    assert str(dialog.header().period_end) == "2026-03-09"


def test_report_preview_fits_a_1366_by_768_screen(main_window, monkeypatch) -> None:
    from ui.features.reports.preview import PREVIEW_SIZE

    monkeypatch.setattr(QMessageBox, "question", answering(QMessageBox.StandardButton.No))
    dialog = main_window.feature("reports").preview()
    assert dialog is not None
    assert dialog.width() <= 1366 and dialog.height() <= 728  # a task bar takes 40 px of 768
    assert PREVIEW_SIZE.width() <= 1366 and PREVIEW_SIZE.height() <= 728
    dialog.close()


def test_export_names_default_to_the_report_number_and_name(main_window, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answering(("", ""), asked, arg=2))
    reports = main_window.feature("reports")
    reports.export_pdf_action.trigger()
    reports.export_xlsx_action.trigger()
    main_window.feature("cases").export_action.trigger()
    main_window.feature("packages").export_action.trigger()
    names = [Path(a).name for a in asked]
    assert names == [
        "T-001 梧州市测试系统-商用密码应用安全性评估报告.pdf",
        "T-001 梧州市测试系统-测评记录与量化评估.xlsx",
        "T-001 梧州市测试系统.json",
        "T-001 梧州市测试系统.wbcase",
    ]


def test_file_dialogs_remember_the_last_folder(main_window, monkeypatch, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    asked: list[str] = []

    def save(_parent, _title, proposed, _filters):
        asked.append(proposed)
        return (str(folder / "x.json"), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    cases = main_window.feature("cases")
    cases.export_action.trigger()
    assert (folder / "x.json").exists()
    cases.export_action.trigger()
    assert Path(asked[1]).parent == folder  # the second dialog opens where the first one saved
    opened: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answering(("", ""), opened, arg=2))
    cases.import_action.trigger()
    assert opened == [str(folder)]
    assert main_window.state.value("files/exchange") == str(folder)


def test_help_has_an_offline_guide_and_the_shortcuts(main_window) -> None:
    help_ = main_window.feature("help")
    help_menu = main_window.menu("help")
    assert [a.objectName() for a in help_menu.actions()] == ["user_guide", "keyboard_shortcuts", "about"]
    assert help_.guide_action.shortcut().toString() == "F1"
    dialog = help_.show_page("guide")
    assert dialog.isVisible()
    assert "第一天" in dialog.browser.toPlainText()
    assert {"guide", "shortcuts", "casework", "reports", "format"} <= set(dialog.page_ids())
    help_.shortcuts_action.trigger()
    text = dialog.browser.toPlainText()
    for expected in ("Ctrl+N", "新建测评项目", "Ctrl+P", "Alt+↑ / Alt+↓", "1 / 2 / 3", "F1"):
        assert expected in text, expected
    dialog.show_page("casework")
    assert "测评检查表" in dialog.browser.toPlainText()
    dialog.close()


def test_undecided_means_no_decision_yet(main_window, monkeypatch) -> None:
    controller = main_window.controller
    tab = main_window.feature("checklist").tab
    risks = main_window.feature("risks")
    assert controller.edit(SetUnitResult("MS-1", "不符合"), "test")
    assert "未处置 1 项" in _plain(tab.score_panel.risks_label.text())
    assert "（未处置 1）" in _plain(risks.summary.text())
    assert controller.edit(SetRiskDecision("10.1", "MS-1", None, "confirmed", "现场确认"), "test")
    # confirmed: decided (not 未处置) but still a high risk
    panel = _plain(tab.score_panel.risks_label.text())
    assert "仍为高风险 1 项" in panel and "未处置 0 项" in panel
    assert "（未处置 0）" in _plain(risks.summary.text())
    main_window.show_tab("risks")
    risks.open_only.setChecked(True)
    assert risks.proxy.rowCount() == 0  # 只看未处置: only risks without a decision
    risks.open_only.setChecked(False)
    assert risks.proxy.rowCount() == 1

"""The window host: one feature list behind tabs, menus and the self-check; features plug in through it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from ui.features import FEATURES
from ui.host.menus import HostMenu, make_action
from ui.host.protocol import Feature, TabSpec, WindowHost, tab_specs
from ui.tasks import SyncRunner

ROOT = Path(__file__).resolve().parents[2]


def _names(menu: HostMenu) -> list[str]:
    return [a.objectName() or ("—" if a.isSeparator() else a.text()) for a in menu.menu.actions()]


def test_the_feature_list_declares_the_tabs_in_order(main_window) -> None:
    assert [t.id for t in tab_specs(FEATURES)] == ["checklist", "risks", "plan", "sla", "h5"]
    assert main_window.tab_ids() == [t.id for t in tab_specs(FEATURES)]
    assert main_window.tab_names() == [t.display_title() for t in tab_specs(FEATURES)]
    for feature in FEATURES:
        assert main_window.feature(feature.name) is not None
        for tab in feature.tabs:
            assert main_window.tab_widget(tab.id) is not None


def test_menus_keep_their_order_and_sections(main_window) -> None:
    bar = [a.text() for a in main_window.menuBar().actions()]
    assert bar == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "报告(&R)", "帮助(&H)"]
    file_menu = main_window.menu("file")
    assert file_menu.sections() == ["case", "exchange", "quit"]
    assert _names(file_menu) == [
        "new_case", "case_list", "edit_case", "—",
        "import_case", "export_case", "import_package", "export_package", "—",
        "quit",
    ]  # fmt: skip
    assert _names(main_window.menu("edit")) == ["undo", "redo", "—", "find"]
    assert _names(main_window.menu("tools")) == [
        "settings", "—",
        "sla_new_action", "sla_import_action", "sla_obligations_action", "sla_report_action", "sla_refresh_action", "—",
        "backup_problem", "backup_now", "restore_backup",
    ]  # fmt: skip
    assert [a.text() for a in main_window.menu("view").actions()] == main_window.tab_names()
    with pytest.raises(KeyError, match="menus: file, edit, view, tools, help, report"):
        main_window.menu("nope")


def test_a_new_section_goes_before_the_pinned_ones(qapp) -> None:
    menu = HostMenu(QMenu(), pinned_last=("quit",))
    menu.add_action(QAction("退出", menu.menu), "quit")
    menu.add_action(QAction("甲", menu.menu), "a")
    menu.add_action(QAction("乙", menu.menu), "b")
    menu.add_action(QAction("丙", menu.menu), "a")
    assert menu.sections() == ["a", "b", "quit"]
    assert _names(menu) == ["甲", "丙", "—", "乙", "—", "退出"]


class _DemoFeature:
    """A feature as a later engineer writes one: a tab, a menu entry, a reaction to the case."""

    def __init__(self, host: WindowHost) -> None:
        self.label = QLabel("演示", host.window())
        host.add_tab("demo", self.label, ready=lambda: self.label.setText("就绪"))
        self.action = make_action(host.window(), "演示操作", lambda: host.status.show_message("演示"), name="demo")
        host.menu("tools").add_action(self.action, "demo")
        self.cases: list[object] = []
        host.case_changed.connect(self.cases.append)


DEMO = Feature("demo", _DemoFeature, tabs=(TabSpec("demo", str(QT_TRANSLATE_NOOP("MainWindow", "演示"))),))


def test_a_feature_plugs_in_through_the_host(qtbot, bare_ctx) -> None:
    from app.mipin.cases import CaseHeader, create_case
    from ui.builder import build_window

    case_id = create_case(bare_ctx.store, CaseHeader(system_name="演示系统", level=2))
    window = build_window(bare_ctx, SyncRunner(), features=(*FEATURES, DEMO))
    qtbot.addWidget(window)
    demo = window.feature("demo")
    assert isinstance(demo, _DemoFeature)
    assert window.tab_ids()[-1] == "demo" and window.tab_widget("demo") is demo.label
    assert window.show_tab("演示")
    window.settle_current_tab()
    assert demo.label.text() == "就绪"
    demo.action.trigger()
    assert window.status.message() == "演示"
    assert demo.cases == [case_id]  # the first case was shown after the features were installed


def test_a_feature_must_add_the_tabs_it_declares(qtbot, bare_ctx) -> None:
    from ui.builder import build_window

    forgetful = Feature("forgetful", lambda host: None, tabs=(TabSpec("forgotten", "遗忘"),))
    with pytest.raises(RuntimeError, match=r"forgetful.*forgotten"):
        build_window(bare_ctx, SyncRunner(), features=(*FEATURES, forgetful))
    twice = Feature("twice", lambda host: None, tabs=(TabSpec("checklist", "重复"),))
    with pytest.raises(ValueError, match="declared twice"):
        build_window(bare_ctx, SyncRunner(), features=(*FEATURES, twice))


def test_qtwebengine_is_imported_only_inside_the_h5_feature_and_only_lazily() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {
            id(node)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(fn)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            if not any("QtWebEngine" in name for name in names):
                continue
            where = path.relative_to(ROOT).as_posix()
            if not where.startswith("ui/features/h5/") or id(node) not in functions:
                offenders.append(f"{where}:{node.lineno}")
    assert not offenders, f"QtWebEngine imported outside the H5 feature or at module level: {offenders}"


def test_the_h5_page_is_built_only_when_its_tab_opens(main_window, h5_demo) -> None:
    """A lazy tab of the host: nothing of the preview (nor QtWebEngine) exists until the tab is shown."""
    slot = main_window._slot("h5")
    feature = main_window.feature("h5")
    before = (slot.filled, slot.content, feature.preview)
    main_window.show_tab("h5")
    assert before == (True, None, None)  # declared and added, not built
    from ui.features.h5.preview import H5Preview  # imported by now (the start-up itself: test_lazy_start.py)

    assert isinstance(slot.content, H5Preview) and slot.content is feature.preview
    assert slot.content.isVisible()
    assert main_window.ensure_tab("h5") is slot.content  # built once, kept


def test_goto_unit_in_the_risks_tab_shows_it_in_the_checklist(main_window, bare_ctx) -> None:
    """Two independent features talk through the shared controller: 高风险判定 → 测评检查表."""
    from app.mipin.cases import import_case
    from tests.reports.casefactory import demo_case_data

    case_id = import_case(bare_ctx.store, demo_case_data())
    main_window.reload_cases()
    assert main_window.select_case(case_id)
    risks = main_window.feature("risks")
    main_window.show_tab("risks")
    risks.wait_until_ready()
    risk = risks.current_risk()
    assert risk is not None
    risks.goto_button.click()
    assert main_window.current_tab_id() == "checklist"
    checklist = main_window.feature("checklist").tab
    assert checklist.unit_id == risk.unit
    if risk.object:
        assert checklist.unit_panel.table.current_object() == risk.object


@pytest.mark.parametrize("saved", [False, True], ids=["default size", "saved on a large monitor"])
def test_the_window_fits_the_screen(qtbot, bare_ctx, saved: bool) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QMainWindow

    from ui.builder import build_window, ui_state

    if saved:
        big = QMainWindow()
        big.setGeometry(QRect(-500, -300, 4000, 3000))  # partly off-screen too
        state = ui_state(bare_ctx)
        state.setValue("main/geometry", big.saveGeometry())
        state.sync()
    window = build_window(bare_ctx, SyncRunner())
    qtbot.addWidget(window)
    screen = window.screen()
    assert screen is not None
    area = screen.availableGeometry()
    assert area.width() < 1440  # the offscreen screen is smaller than the default size
    assert area.contains(window.geometry()), (window.geometry(), area)

"""The centre of the 测评检查表: the selected unit's header, its objects or its result, record and evidence."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.session import CaseSession
from app.mipin.engine import ScoreResult
from ui.features.checklist.models.object_table import ObjectFilterProxy, ObjectTableModel
from ui.features.checklist.models.procedure import ProcedureModel
from ui.features.checklist.models.unit_tree import unit_status
from ui.features.checklist.widgets.evidence_panel import EvidencePanel
from ui.features.checklist.widgets.object_view import ObjectTableView
from ui.features.checklist.widgets.record_editor import RecordEditor
from ui.icons import COLORS, INCOMPLETE, UNTESTED

RESULTS = ("符合", "部分符合", "不符合", "不适用")


class ResultSelector(QFrame):
    """符合 / 部分符合 / 不符合 / 不适用 for a management unit; keys 1–4 choose."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result_selector")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("测评结果："), self))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        for number, result in enumerate(RESULTS, start=1):
            button = QRadioButton(f"{result}（&{number}）", self)
            button.setStyleSheet(f"color: {COLORS[result].name()}; font-weight: bold;")
            self.group.addButton(button, number)
            self.buttons[result] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idClicked.connect(self.on_group_id_clicked)

    def set_result(self, result: str | None) -> None:
        """Show the stored result (None: untested)."""
        self.group.setExclusive(False)
        for name, button in self.buttons.items():
            button.setChecked(name == result)
        self.group.setExclusive(True)

    @Slot(int)
    def on_group_id_clicked(self, number: int) -> None:
        """Report the chosen result."""
        self.chosen.emit(RESULTS[number - 1])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1–4 choose a result."""
        if event.text() in ("1", "2", "3", "4"):
            self.chosen.emit(RESULTS[int(event.text()) - 1])
            return
        super().keyPressEvent(event)


class UnitPanel(QWidget):
    """Shows one unit; the owner (the tab) wires the requests of its parts."""

    na_requested = Signal(bool)
    add_object_requested = Signal()
    remove_object_requested = Signal()
    manage_objects_requested = Signal()
    explain_requested = Signal(str, str)

    def __init__(
        self,
        objects: ObjectTableModel,
        procedure: ProcedureModel,
        evidence: EvidencePanel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.unit_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self._build_head(layout)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._technical_page(objects))
        self.stack.addWidget(self._management_page())
        self.bottom = QTabWidget(self)
        self.bottom.setObjectName("unit_bottom_tabs")
        self.bottom.addTab(self._record_page(procedure), self.tr("结果记录与测评实施"))
        self.evidence_panel = evidence
        self.bottom.addTab(evidence, self.tr("证据"))
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

    def _build_head(self, layout: QVBoxLayout) -> None:
        """The unit's title (its score opens the formula), the 不适用 button and the subtitle."""
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("unit_title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.linkActivated.connect(lambda link: self.explain_requested.emit("unit", link))
        head.addWidget(self.title, 1)
        self.na_button = QPushButton(self.tr("不适用…"), self)
        self.na_button.setObjectName("na_button")
        self.na_button.setCheckable(True)
        self.na_button.setToolTip(self.tr("将本测评单元标记为不适用（须填写理由）"))
        self.na_button.clicked.connect(self.on_na_button_clicked)
        head.addWidget(self.na_button)
        layout.addLayout(head)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("unit_subtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: #5f6670;")
        layout.addWidget(self.subtitle)

    def _technical_page(self, objects: ObjectTableModel) -> QWidget:
        """A technical unit: the object buttons, the keyboard hint and the object table."""
        technical = QWidget(self)
        tech_layout = QVBoxLayout(technical)
        tech_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加测评对象…"), technical)
        self.add_button.setObjectName("add_object")
        self.add_button.clicked.connect(self.add_object_requested.emit)
        self.remove_button = QPushButton(self.tr("移出本单元"), technical)
        self.remove_button.setObjectName("remove_object")
        self.remove_button.clicked.connect(self.remove_object_requested.emit)
        self.manage_button = QPushButton(self.tr("测评对象管理…"), technical)
        self.manage_button.clicked.connect(self.manage_objects_requested.emit)
        for widget in (self.add_button, self.remove_button, self.manage_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self._keyboard_hint(technical))
        tech_layout.addLayout(bar)
        self.proxy = ObjectFilterProxy(self)
        self.proxy.setSourceModel(objects)
        self.table = ObjectTableView(technical)
        self.table.setModel(self.proxy)
        self.table.score_clicked.connect(self.on_table_score_clicked)
        tech_layout.addWidget(self.table)
        return technical

    def _keyboard_hint(self, parent: QWidget) -> QLabel:
        hint = QLabel(self.tr("键盘：1 = √　2 = ×　3 = /　Delete 清除　Enter 编辑"), parent)
        hint.setToolTip(
            self.tr(
                "D/A/K 单元格：1 = √，2 = ×，3 = /，输入后自动跳到下一格（D → A → K → 下一对象）\n"
                "Delete 清除；Enter 或 F2 编辑；算法、协议输入时自动补全\n"
                "Alt+↑ / Alt+↓ 上一个/下一个测评单元；F6 在单元列表、对象表、结果记录之间切换\n"
                "Insert 添加测评对象；Ctrl+E 附加证据；Ctrl+Z / Ctrl+Shift+Z 撤销/重做；Ctrl+F 查找"
            )
        )
        hint.setStyleSheet("color: #8a8f98;")
        return hint

    def _management_page(self) -> QWidget:
        """A management unit: its result (符合 … 不适用) and its fixed test objects."""
        management = QWidget(self)
        man_layout = QVBoxLayout(management)
        man_layout.setContentsMargins(0, 0, 0, 0)
        self.result_selector = ResultSelector(management)
        man_layout.addWidget(self.result_selector)
        self.fixed_objects = QLabel(management)
        self.fixed_objects.setWordWrap(True)
        self.fixed_objects.setStyleSheet("color: #5f6670;")
        man_layout.addWidget(self.fixed_objects)
        man_layout.addStretch(1)
        return management

    def _record_page(self, procedure: ProcedureModel) -> QWidget:
        """The 结果记录 editor beside the unit's 测评实施 checklist."""
        record_page = QSplitter(Qt.Orientation.Horizontal, self)
        self.record_editor = RecordEditor(record_page)
        procedure_box = QWidget(record_page)
        proc_layout = QVBoxLayout(procedure_box)
        proc_layout.setContentsMargins(0, 0, 0, 0)
        self.procedure_label = QLabel(self.tr("测评实施（勾选已完成的检查）"), procedure_box)
        proc_layout.addWidget(self.procedure_label)
        self.procedure_view = QListView(procedure_box)
        self.procedure_view.setObjectName("procedure_list")
        self.procedure_view.setModel(procedure)
        self.procedure_view.setWordWrap(True)
        self.procedure_view.setAlternatingRowColors(True)
        proc_layout.addWidget(self.procedure_view)
        record_page.addWidget(self.record_editor)
        record_page.addWidget(procedure_box)
        record_page.setSizes([420, 380])
        return record_page

    @Slot(str)
    def on_table_score_clicked(self, name: str) -> None:
        """Explain an object's score."""
        if self.unit_id:
            self.explain_requested.emit("object", f"{self.unit_id}/{name}")

    @Slot(bool)
    def on_na_button_clicked(self, checked: bool) -> None:
        """Ask the owner to mark the unit 不适用 (checked) or applicable again."""
        self.na_button.setChecked(not checked)  # the state follows the stored case, not the click
        self.na_requested.emit(checked)

    def show_unit(self, session: CaseSession | None, result: ScoreResult | None, unit_id: str | None) -> None:
        """Show ``unit_id`` of the open case."""
        self.unit_id = unit_id
        if session is None or unit_id is None:
            self.title.setText(self.tr("<b>请选择左侧的测评单元</b>"))
            self.subtitle.setText("")
            self.stack.setEnabled(False)
            self.na_button.setEnabled(False)
            return
        self.stack.setEnabled(True)
        self.na_button.setEnabled(True)
        cat = session.catalogue
        definition = cat.unit(unit_id)
        req = definition.at_level(session.level)
        state = session.unit(unit_id)
        score = result.unit(unit_id) if result else None
        status = unit_status(session, result, unit_id)
        value = "—" if score is None or score.score is None else f"{score.score:.4f}"
        color = COLORS.get(status, COLORS[UNTESTED]).name()
        score_link = f'<a href="{unit_id}" style="color:{color}; text-decoration:none;">{escape(value)}</a>'
        self.title.setText(
            f"<span style='font-size:13pt;'><b>{escape(unit_id)} {escape(definition.name_zh)}</b></span>"
            f"　<span style='color:{color}; font-weight:bold;'>{escape(status)}</span>　"
            + self.tr("得分 ") + score_link
        )  # fmt: skip
        layer = cat.layer(definition.layer).name_zh
        parts = [
            layer,
            f"{req.requirement if req else ''}",
            self.tr("权重 %1").replace("%1", str(req.weight if req else "")),
        ]
        parts.append(f"GB/T 39786 {definition.gbt39786_clause} · GB/T 43206 {definition.gbt43206_clause}")
        text = " · ".join(parts)
        not_applicable = state is not None and (not state.applicable or state.result == "不适用")
        if not_applicable and state is not None:
            text += "\n" + self.tr("不适用理由：%1").replace("%1", state.na_reason or self.tr("（未填写）"))
        elif definition.is_technical and state is not None and state.has_objects and not state.objects:
            text += "\n" + self.tr("本单元尚无测评对象：按量化规则视为不适用。请添加测评对象或标记不适用并说明理由。")
        elif status == INCOMPLETE:
            text += "\n" + self.tr("尚未测完：未测或待补全的对象按 0 计入当前得分")
        self.subtitle.setText(text)
        self.na_button.setChecked(not_applicable)
        self.stack.setCurrentIndex(0 if definition.is_technical else 1)
        if not definition.is_technical:
            self.result_selector.set_result("不适用" if not_applicable else (state.result if state else None))
            self.fixed_objects.setText(self.tr("测评对象：") + "；".join(definition.test_object_types))
        self.remove_button.setEnabled(bool(state and state.objects))

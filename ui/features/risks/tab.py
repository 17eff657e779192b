"""The 高风险判定 tab: candidates with the guide's text and decisions, manual risks, risk analysis."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.mipin.casework.edits import SetRiskDecision
from app.mipin.casework.session import CaseSession
from app.mipin.engine import HighRisk, ScoreResult
from app.mipin.engine.caserecord import RiskRatingInput
from app.mipin.riskmatrix import LEVELS
from ui.casework.controller import CaseController
from ui.casework.verdict import conclusion_html, risk_counts, total_text
from ui.features.risks.dialogs import AddRiskDialog, RiskDecisionDialog
from ui.features.risks.models import (
    C_CONDITION,
    C_DECIDED,
    C_DECISION,
    C_ITEM,
    C_OBJECT,
    C_REASON,
    C_STATUS,
    C_UNIT,
    R_IMPACT,
    R_LIKELIHOOD,
    R_NOTE,
    R_RISK,
    R_SCORE,
    R_UNIT,
    R_VERDICT,
    RiskCandidateModel,
    RiskRatingModel,
    RiskRole,
)
from ui.models.table_base import ModeFilterProxy
from ui.widgets.delegates import ChoiceDelegate

_ALL, _OPEN = "all", "open"


def system_risk(session: CaseSession, result: ScoreResult) -> str:
    """The system's risk 高/中/低 by the rule the report states (chapter 6, :mod:`reports.analysis`)."""
    from reports.analysis import risk_rows, system_risk_level

    ratings = [RiskRatingInput(unit, r.likelihood, r.impact, r.note) for unit, r in session.ratings.items()]
    return system_risk_level(result, risk_rows(result, ratings, session.catalogue))


class OpenRiskProxy(ModeFilterProxy):
    """Optionally shows only the candidates without a decision (未处置 means exactly that)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_ALL, parent)

    def set_open_only(self, value: bool) -> None:
        """Show only the risks without a decision yet."""
        self.set_mode(_OPEN if value else _ALL)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        """Every risk, or only those without a decision yet (未处置)."""
        if self.mode == _ALL:
            return True
        risk = self.sourceModel().index(source_row, 0, source_parent).data(RiskRole)
        return bool(risk is not None and risk.decision is None)


class RisksTab(QWidget):
    """High-risk judgement of the open case (shares the controller with the 测评检查表)."""

    status_message = Signal(str)
    unit_requested = Signal(str, str)

    def __init__(self, controller: CaseController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risks_tab")
        self.controller = controller
        self.candidates = RiskCandidateModel(self)
        self.proxy = OpenRiskProxy(self)
        self.proxy.setSourceModel(self.candidates)
        self.ratings = RiskRatingModel(controller.edit, self)
        self._build()
        self._stale = True
        controller.case_loaded.connect(self.on_controller_changed)
        controller.changed.connect(self.on_controller_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("risk_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(self.summary, 1)
        self.open_only = QCheckBox(self.tr("只看未处置"), self)
        self.open_only.toggled.connect(self.proxy.set_open_only)
        top.addWidget(self.open_only)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        upper = QWidget(splitter)
        upper_layout = QHBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView(upper)
        self.table.setObjectName("risk_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # conditions and reasons are sentences: show them whole
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(26)
        header = self.table.horizontalHeader()
        for column, width in (
            (C_STATUS, 80),
            (C_ITEM, 200),
            (C_UNIT, 58),
            (C_OBJECT, 160),
            (C_DECISION, 52),
            (C_REASON, 240),
            (C_DECIDED, 96),
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(C_CONDITION, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)
        self.table.doubleClicked.connect(lambda _i: self.on_goto_clicked())
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self._detail_box(upper))
        splitter.addWidget(upper)
        splitter.addWidget(self._analysis_box(splitter))
        splitter.setSizes([380, 380])
        layout.addWidget(splitter, 1)
        self.on_table_current_row_changed(QModelIndex(), QModelIndex())

    def _detail_box(self, parent: QWidget) -> QWidget:
        box = QGroupBox(self.tr("判定"), parent)
        box.setFixedWidth(360)
        col = QVBoxLayout(box)
        self.detail = QTextBrowser(box)
        self.detail.setObjectName("risk_detail")
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setStyleSheet("background: transparent;")
        col.addWidget(self.detail, 1)
        self.confirm_button = QPushButton(self.tr("确认为高风险…"), box)
        self.mitigate_button = QPushButton(self.tr("已有缓解措施…"), box)
        self.dismiss_button = QPushButton(self.tr("排除…"), box)
        self.clear_button = QPushButton(self.tr("撤销判定"), box)
        self.goto_button = QPushButton(self.tr("转到测评单元"), box)
        self.add_button = QPushButton(self.tr("添加高风险项…"), box)
        self.add_button.setObjectName("add_risk")
        self.confirm_button.clicked.connect(lambda: self.on_decide_clicked("confirmed"))
        self.mitigate_button.clicked.connect(lambda: self.on_decide_clicked("mitigated"))
        self.dismiss_button.clicked.connect(lambda: self.on_decide_clicked("dismissed"))
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self.goto_button.clicked.connect(self.on_goto_clicked)
        self.add_button.clicked.connect(self.on_add_clicked)
        grid = QGridLayout()
        buttons = (self.confirm_button, self.mitigate_button, self.dismiss_button, self.clear_button)
        for number, button in enumerate((*buttons, self.goto_button, self.add_button)):
            grid.addWidget(button, number // 2, number % 2)
        col.addLayout(grid)
        return box

    def _analysis_box(self, parent: QWidget) -> QWidget:
        box = QGroupBox(self.tr("风险分析（报告第6章）：每个部分符合/不符合的测评单元评定可能性与影响"), parent)
        col = QVBoxLayout(box)
        self.rating_table = QTableView(box)
        self.rating_table.setObjectName("rating_table")
        self.rating_table.setModel(self.ratings)
        self.rating_table.verticalHeader().setVisible(False)
        self.rating_table.verticalHeader().setDefaultSectionSize(26)
        self.rating_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        levels = ChoiceDelegate(LEVELS, self.rating_table)
        self.rating_table.setItemDelegateForColumn(R_LIKELIHOOD, levels)
        self.rating_table.setItemDelegateForColumn(R_IMPACT, levels)
        for column, width in (
            (R_UNIT, 330),
            (R_VERDICT, 80),
            (R_SCORE, 72),
            (R_LIKELIHOOD, 72),
            (R_IMPACT, 72),
            (R_RISK, 72),
        ):
            self.rating_table.setColumnWidth(column, width)
        self.rating_table.horizontalHeader().setSectionResizeMode(R_NOTE, QHeaderView.ResizeMode.Stretch)
        col.addWidget(self.rating_table)
        self.rating_summary = QLabel(box)
        self.rating_summary.setObjectName("rating_summary")
        self.rating_summary.setWordWrap(True)
        col.addWidget(self.rating_summary)
        return box

    # ------------------------------------------------------------------ refresh
    def wait_until_ready(self) -> None:
        """Select the first candidate so the screenshot shows its guide text."""
        self.refresh()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.selectRow(0)

    @Slot()
    def on_controller_changed(self) -> None:
        """Repaint now if visible; otherwise when the tab is shown (keeps edits elsewhere fast)."""
        self._stale = True
        if self.isVisible():
            self.refresh()
        else:  # the header agrees with the score panel at every moment; the tables catch up when shown
            self.show_summary()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with edits made while another tab was shown."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Repaint from the controller's current score."""
        session, result = self.controller.session, self.controller.result
        keep = self.current_risk()
        self._stale = False
        changed = self.candidates.refresh(session, result)
        if changed is None:
            self.table.resizeRowsToContents()
        else:
            for row in changed:
                self.table.resizeRowToContents(self.proxy.mapFromSource(self.candidates.index(row, 0)).row())
        self.ratings.refresh(session, result)
        if keep is not None:
            row = self.candidates.row_of(keep.item, keep.unit, keep.object)
            if row >= 0:
                self.table.selectRow(self.proxy.mapFromSource(self.candidates.index(row, 0)).row())
        self.on_table_current_row_changed(self.table.currentIndex(), QModelIndex())
        self.show_summary()

    def show_summary(self) -> None:
        """The header: total, the one conclusion (:mod:`ui.casework.verdict`), high risks, system risk."""
        session, result = self.controller.session, self.controller.result
        if result is None:
            self.summary.setText(self.tr("未打开测评项目"))
            self.rating_summary.setText("")
            return
        counts = risk_counts(result)
        level = system_risk(session, result) if session is not None else "—"
        self.summary.setText(
            f"<span style='font-size:12pt;'>{self.tr('总分')} <b>{escape(total_text(result))}</b>　{self.tr('结论')} "
            f"{conclusion_html(result)}　{self.tr('仍为高风险')} "
            f"<b style='color:{'#c62828' if counts.open else '#2e7d32'};'>{counts.open}</b> / {counts.total}"
            f"（{self.tr('未处置')} {counts.undecided}）　"
            f"{self.tr('系统面临的风险')} <b style='color:{'#c62828' if level == '高' else '#333'};'>{level}</b></span>"
        )
        self.summary.setToolTip(result.conclusion_reason)
        unrated = self.ratings.unrated()
        text = (
            self.tr("共 %1 项风险（= 部分符合 + 不符合单元数），尚未评定 %2 项。")
            .replace("%1", str(self.ratings.rowCount()))
            .replace("%2", str(unrated))
        )
        if counts.open:
            text += self.tr("存在未缓解的高风险项，系统面临高风险，结论为不符合。")
        self.rating_summary.setText(text)

    def current_risk(self) -> HighRisk | None:
        """The selected candidate."""
        index = self.table.currentIndex()
        risk = index.data(RiskRole) if index.isValid() else None
        return risk if isinstance(risk, HighRisk) else None

    @Slot(QModelIndex, QModelIndex)
    def on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the guide's text and mitigations; enable the decisions that apply."""
        data = current.data(RiskRole) if current.isValid() else None
        risk = data if isinstance(data, HighRisk) else None
        has = risk is not None
        auto = risk is not None and risk.origin == "auto"
        self.confirm_button.setEnabled(auto)
        self.mitigate_button.setEnabled(auto and risk is not None and bool(risk.mitigations))
        self.dismiss_button.setEnabled(auto)
        self.clear_button.setEnabled(risk is not None and risk.decision is not None)
        self.clear_button.setText(self.tr("删除人工高风险") if has and not auto else self.tr("撤销判定"))
        self.goto_button.setEnabled(has)
        if risk is None:
            self.detail.setHtml(self.tr("选择一项高风险候选项以查看指引原文并作出判定。"))
            return
        mitigations = (
            "".join(f"<li>{escape(m)}</li>" for m in risk.mitigations)
            or f"<li>{self.tr('（指引未列出缓解措施，不可缓解）')}</li>"
        )
        decided = ""
        if risk.decision:
            decided = f"<p><b>{self.tr('判定理由：')}</b>{escape(risk.reason or '')}</p>"
        self.detail.setHtml(
            f"<p><b>{escape(risk.item)} {escape(risk.title)}</b></p><p>{escape(risk.guide)}</p>"
            f"<p><b>{self.tr('触发：')}</b>{escape(risk.condition)}</p>"
            f"<p><b>{self.tr('可能的缓解措施：')}</b></p><ul>{mitigations}</ul>{decided}"
        )

    # ------------------------------------------------------------------ decisions
    def on_decide_clicked(self, decision: str) -> None:
        """Ask for the reason (and mitigation) and record the decision."""
        risk = self.current_risk()
        if risk is None:
            return
        dialog = RiskDecisionDialog(risk, decision, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, mitigation = dialog.values()
        self.decide(risk, decision, reason, mitigation)

    def decide(self, risk: HighRisk, decision: str | None, reason: str = "", mitigation: str = "") -> bool:
        """Record a decision on ``risk`` (None removes it); the conclusion follows at once."""
        where = f"{risk.item} {risk.unit}" + (f" {risk.object}" if risk.object else "")
        text = (
            self.tr("高风险判定 %1").replace("%1", where)
            if decision
            else self.tr("撤销高风险判定 %1").replace("%1", where)
        )
        return self.controller.edit(
            SetRiskDecision(risk.item, risk.unit, risk.object, decision, reason, mitigation), text
        )

    @Slot()
    def on_clear_clicked(self) -> None:
        """Withdraw the decision (or delete a manual high risk)."""
        risk = self.current_risk()
        if risk is not None:
            self.decide(risk, None)

    @Slot()
    def on_add_clicked(self) -> None:
        """Add a manual high risk."""
        session = self.controller.session
        if session is None:
            return
        current = self.current_risk()
        dialog = AddRiskDialog(session, current.unit if current else None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        item, unit, obj, reason = dialog.values()
        self.controller.edit(
            SetRiskDecision(item, unit, obj, "added", reason, ""),
            self.tr("添加高风险 %1 %2").replace("%1", item).replace("%2", unit),
        )

    @Slot()
    def on_goto_clicked(self) -> None:
        """Show the candidate's unit and object in the 测评检查表."""
        risk = self.current_risk()
        if risk is not None:
            self.unit_requested.emit(risk.unit, risk.object or "")

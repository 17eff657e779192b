"""The 密改方案 tab: the items table, the what-if panel beside it, and the plan's panels below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.edits import Batch
from app.plan.edits import PlanCommand, ReplacePlan, SetItemField
from app.plan.optimise import Optimum
from app.plan.projection import WhatIf
from ui.features.plan.models import (
    C_MEASURE,
    C_PRIORITY,
    C_PROBLEM,
    C_SELECTED,
    C_WHERE,
    CHOICES,
    PlanItemsModel,
    PlanItemsProxy,
)
from ui.features.plan.panels import OptimumPanel, ReviewPanel, SectionsPanel
from ui.features.plan.session import PlanSession
from ui.features.plan.whatif import WhatIfPanel
from ui.host.protocol import WindowHost
from ui.widgets.delegates import ChoiceDelegate


class PlanTab(QWidget):
    """The tab; everything it shows comes from its :class:`PlanSession`."""

    def __init__(self, host: WindowHost, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.session = session
        self.setObjectName("plan_tab")
        self._whatif_job = 0
        self._whatif_pending = False
        self._build()
        session.changed.connect(self._schedule_refresh)
        session.loaded.connect(self._on_loaded)
        session.rejected.connect(lambda text: host.status.show_message(text, 8000))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)

    # ------------------------------------------------------------------ layout
    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.generate_button = self._button(self.tr("从测评结果生成"), "plan_generate", self.generate)
        self.docx_button = self._button(self.tr("导出 DOCX…"), "plan_export_docx", lambda: self.export("docx"))
        self.pdf_button = self._button(self.tr("导出 PDF…"), "plan_export_pdf", lambda: self.export("pdf"))
        self.filter = QLineEdit(self)
        self.filter.setObjectName("plan_filter")
        self.filter.setPlaceholderText(self.tr("筛选条目…"))
        self.layer = QComboBox(self)
        self.layer.setObjectName("plan_layer")
        self.group = QCheckBox(self.tr("按层面分组"), self)
        self.group.setObjectName("plan_group")
        self.info = QLabel(self)
        self.info.setObjectName("plan_info")
        bar = QHBoxLayout()
        for widget in (self.generate_button, self.docx_button, self.pdf_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.layer)
        bar.addWidget(self.group)

        self.model = PlanItemsModel(self._edit_item, parent=self)
        self.layer.addItem(self.tr("全部层面"), "")
        for name in self.model.layers.values():
            self.layer.addItem(name, name)
        self.proxy = PlanItemsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("plan_items")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(90)
        self.view.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((C_SELECTED, 44), (C_PRIORITY, 52), (C_WHERE, 150), (C_PROBLEM, 260), (C_MEASURE, 220)):
            header.resizeSection(column, width)
        for column, choices in CHOICES.items():
            self.view.setItemDelegateForColumn(column, ChoiceDelegate(choices, self.view))
        self.filter.textChanged.connect(self._apply_filter)
        self.layer.currentIndexChanged.connect(self._apply_filter)
        self.group.toggled.connect(self.proxy.set_grouped)

        self.whatif = WhatIfPanel(self)
        self.optimum = OptimumPanel(self)
        self.optimum.run_requested.connect(self.optimise)
        self.optimum.adopt_requested.connect(self.adopt_optimum)
        self.sections = SectionsPanel(self, self.session.edit, lambda text: self.host.status.show_message(text, 8000))
        self.review = ReviewPanel(self.session.edit, lambda text: self.host.status.show_message(text, 8000), self)
        self.review.review_requested.connect(self.run_review)
        self.panels = QTabWidget(self)
        self.panels.setObjectName("plan_panels")
        self.panels.addTab(self.optimum, self.tr("最省方案"))
        self.panels.addTab(self.sections.lifecycle_view, self.tr("密钥管理"))
        self.panels.addTab(self.sections.products_view, self.tr("部署与产品清单"))
        self.panels.addTab(self.sections.compliance_view, self.tr("安全与合规性分析"))
        self.panels.addTab(self.review, self.tr("方案评估"))

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.view)
        top.addWidget(self.whatif)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(top)
        body.addWidget(self.panels)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.info)
        layout.addWidget(body, 1)

    # ------------------------------------------------------------------ showing
    def _titles(self) -> dict[str, str]:
        plan = self.session.plan
        if plan is None:
            return {}
        return {
            i.key: i.unit + (f"/{i.object}" if i.object else "") + ("（高风险）" if i.kind == "risk" else "")
            for i in plan.items
        }

    @Slot()
    def _on_loaded(self) -> None:
        self.optimum.model.set_rows([])
        self.optimum.adopt.setEnabled(False)
        self.optimum.result = None

    @Slot()
    def _schedule_refresh(self) -> None:
        """Repaint at once; the what-if follows when the edits pause."""
        self.show_plan()
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Repaint from the session and recompute the what-if (off the GUI thread)."""
        self._timer.stop()
        if not self.show_plan():
            return
        if not self.isVisible():  # another tab is open: project when this one is shown
            self._whatif_pending = True
            return
        self._whatif_pending = False
        self._start_whatif()

    def showEvent(self, event: QShowEvent) -> None:
        """Compute the what-if deferred while the tab was hidden."""
        super().showEvent(event)
        if self._whatif_pending:
            self._timer.start()

    def show_plan(self) -> bool:
        """Repaint the tables from the session; False when there is nothing to project."""
        plan, case = self.session.plan, self.session.case
        has_plan = plan is not None and bool(plan.items)
        self.model.set_plan(plan, self.session.price_map(), self.model.needed)
        self.sections.show_plan(plan, case)
        self.review.show_plan(plan)
        for widget in (self.docx_button, self.pdf_button, self.optimum.run_button, self.review.run_button):
            widget.setEnabled(has_plan)
        self.generate_button.setEnabled(case is not None)
        if case is None:
            self.info.setText(self.tr("请先选择一个测评项目。"))
            self.whatif.clear()
            return False
        if not has_plan:
            self.info.setText(self.tr("此测评项目还没有密改方案：点击“从测评结果生成”，从测评结果起草方案条目。"))
            self.whatif.clear()
            return False
        assert plan is not None
        active = plan.active_items
        stale = sum(1 for i in plan.items if i.stale)
        text = self.tr("共 %1 项条目，选用 %2 项").replace("%1", str(len(plan.items))).replace("%2", str(len(active)))
        if stale:
            text += self.tr("；%1 项的测评问题已不存在（灰色，未删除）").replace("%1", str(stale))
        text += self.tr("。双击单元格编辑；勾选“选用”即可测算；编辑 → 撤销可撤销。")
        self.info.setText(text)
        return True

    def _start_whatif(self) -> None:
        plan, case = self.session.plan, self.session.case
        if plan is None or case is None:
            return
        active = plan.active_items
        self._whatif_job += 1
        job = self._whatif_job
        costs = self.session.costs()

        def compute() -> WhatIf:
            from app.plan.projection import what_if

            return what_if(case, active, costs, dependencies=True)

        self.host.services.runner.run(
            compute,
            on_success=lambda result: self._on_whatif(job, result),
            on_error=lambda exc: self.host.status.show_message(str(exc), 8000),
        )

    def _on_whatif(self, job: int, result: object) -> None:
        if job != self._whatif_job or not isinstance(result, WhatIf):
            return  # a newer computation is under way
        self.whatif.show_result(result, self._titles())
        needed = {d.key: d.reason(result.current.threshold) for d in result.dependencies if d.needed}
        self.model.set_needed(needed)

    def wait_until_ready(self) -> None:
        """Settle before a screenshot: the pending refresh and the what-if are done."""
        if self._timer.isActive():
            self.refresh()
        self.host.services.runner.wait()

    @Slot()
    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.filter.text(), str(self.layer.currentData() or ""))

    # ------------------------------------------------------------------ actions
    def _edit_item(self, op: SetItemField, text: str) -> bool:
        return self.session.edit(op, text)

    def edit(self, op: PlanCommand, text: str) -> bool:
        """Apply a plan edit (undoable)."""
        return self.session.edit(op, text)

    @Slot()
    def generate(self) -> None:
        """从测评结果生成: new items merged in, edited items kept, vanished findings flagged."""
        case = self.session.case
        if case is None:
            return
        from app.plan.service import build_plan

        plan, report = build_plan(case, self.session.plan)
        if self.session.edit(ReplacePlan(plan, "generate"), self.tr("从测评结果生成")):
            self.host.status.show_message(self.tr("已从测评结果生成：") + report.summary(), 8000)

    @Slot(str, str)
    def optimise(self, target: str, unknown: str = "zero") -> None:
        """最省方案 on a worker, with progress; the result shows with the reasons per item."""
        plan, case = self.session.plan, self.session.case
        if plan is None or case is None:
            return
        candidates = [i for i in plan.items if not i.stale]
        costs = self.session.costs()
        self.optimum.running(True)
        self.panels.setCurrentWidget(self.optimum)

        def solve(progress: Any) -> Optimum:
            from app.plan.optimise import optimise

            return optimise(case, candidates, costs, target=target, unknown=unknown, progress=progress)

        def failed(exc: BaseException) -> None:
            from ui.crash import handle_error

            self.optimum.running(False)
            handle_error(self.host.window(), exc)

        self.host.services.runner.run(
            solve,
            on_success=lambda result: self.optimum.show_result(result, case.threshold, self._titles(), costs),
            on_error=failed,
            on_progress=self.optimum.set_progress,
        )

    @Slot()
    def adopt_optimum(self) -> None:
        """Select exactly the chosen items (one undo step)."""
        result, plan = self.optimum.result, self.session.plan
        if result is None or plan is None or not result.feasible:
            return
        chosen = set(result.chosen)
        edits = tuple(
            SetItemField(i.key, "selected", i.key in chosen) for i in plan.items if i.selected != (i.key in chosen)
        )
        if edits:
            self.session.edit(Batch(edits), self.tr("采用最省方案"))

    @Slot()
    def run_review(self) -> None:
        """方案评估: append a review to the plan's history (undoable)."""
        plan, case = self.session.plan, self.session.case
        if plan is None or case is None:
            return
        from app.plan.review import review_plan

        reviewed, review = review_plan(case, plan, self.session.price_map())
        if self.session.edit(ReplacePlan(reviewed, "review"), self.tr("方案评估")):
            self.panels.setCurrentWidget(self.review)
            self.host.status.show_message(self.tr("方案评估结论：") + review.conclusion, 8000)

    def export(self, suffix: str, path: str | None = None) -> None:
        """Export the plan as DOCX or PDF (a plan with a 不符合 only as a marked draft)."""
        plan, case = self.session.plan, self.session.case
        if plan is None or case is None:
            return
        from app.plan.sections import compliance_blockers

        blockers = compliance_blockers(plan)
        draft = bool(blockers)
        if path is None:
            if draft:
                answer = QMessageBox.question(
                    self.host.window(),
                    self.tr("只能导出草稿"),
                    self.tr("安全与合规性分析中仍有问题，正式方案不能导出：\n%1\n\n导出标有“草稿”的方案？").replace(
                        "%1", "\n".join(blockers[:5])
                    ),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            filters = {"docx": self.tr("Word 文档 (*.docx)"), "pdf": self.tr("PDF 文件 (*.pdf)")}
            path, _ = QFileDialog.getSaveFileName(
                self.host.window(), self.tr("导出密改方案"), f"密改方案.{suffix}", filters[suffix]
            )
            if not path:
                return
        prices = self.session.price_map()
        target = Path(path)

        def write() -> Path:
            from reports.plan_content import plan_document

            document = plan_document(case, plan, prices, draft=draft)
            if suffix == "docx":
                from reports.plan_docx import write_docx

                return write_docx(document, target)
            from reports.plan_pdf import write_pdf

            return write_pdf(document, target)[0]

        def done(result: object) -> None:
            self.host.status.show_message(self.tr("已导出密改方案：%1").replace("%1", str(result)), 8000)

        def failed(exc: BaseException) -> None:
            from ui.crash import handle_error

            handle_error(self.host.window(), exc)

        self.host.services.runner.run(write, on_success=done, on_error=failed)

    def titles(self) -> dict[str, str]:
        """Short labels of the items (tests)."""
        return self._titles()

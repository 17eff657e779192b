"""The lower panels of the 密改方案 tab: 最省方案, key lifecycle, products, compliance, the review."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.mipin.engine import CaseInput
from app.plan.costs import format_amount
from app.plan.model import STAGES, Plan
from app.plan.optimise import Optimum
from app.plan.sections import product_warnings
from ui.features.plan.models import RowsModel
from ui.icons import CONCLUSION_COLORS

STAGE_TITLES = (
    QT_TRANSLATE_NOOP("PlanItemsModel", "生成"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "存储"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "分发"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "导入导出"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "使用"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "备份"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "恢复"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "归档"),
    QT_TRANSLATE_NOOP("PlanItemsModel", "销毁"),
)
"""The lifecycle stages as column titles (the same texts as :data:`app.plan.model.STAGES`)."""
assert STAGE_TITLES == STAGES
WARN = "#b26a00"
BAD = "#c62828"


def table(model: RowsModel, name: str, parent: QWidget) -> QTableView:
    """A read-only, sortable view of ``model``."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    return view


class OptimumPanel(QWidget):
    """最省方案: target, run (off the GUI thread, with progress), the result with reasons, adopt it."""

    run_requested = Signal(str)
    adopt_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = QComboBox(self)
        self.target.setObjectName("plan_optimise_target")
        self.target.addItems(["基本符合", "符合"])
        self.run_button = QPushButton(self.tr("求最省方案"), self)
        self.run_button.setObjectName("plan_optimise_run")
        self.run_button.clicked.connect(lambda: self.run_requested.emit(self.target.currentText()))
        self.adopt = QPushButton(self.tr("采用此方案（只选用这些条目）"), self)
        self.adopt.setObjectName("plan_optimise_adopt")
        self.adopt.setEnabled(False)
        self.adopt.clicked.connect(self.adopt_requested)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("plan_optimise_progress")
        self.progress.setVisible(False)
        self.summary = QLabel(self.tr("求使总分达到阈值且不留高风险的费用最低的条目组合（精确求解，非贪心）。"), self)
        self.summary.setObjectName("plan_optimise_summary")
        self.summary.setWordWrap(True)
        self.model = RowsModel(
            (
                QT_TRANSLATE_NOOP("PlanItemsModel", "条目"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "费用（万元）"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "为何需要"),
            ),
            self,
        )
        self.view = table(self.model, "plan_optimise_table", self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("目标结论："), self))
        top.addWidget(self.target)
        top.addWidget(self.run_button)
        top.addWidget(self.progress, 1)
        top.addStretch()
        top.addWidget(self.adopt)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.result: Optimum | None = None

    def running(self, on: bool) -> None:
        """Show the progress bar while the solver runs; no second run meanwhile."""
        self.run_button.setEnabled(not on)
        self.progress.setVisible(on)
        if on:
            self.progress.setValue(0)
            self.adopt.setEnabled(False)

    def set_progress(self, percent: int, text: str) -> None:
        """A progress report from the worker."""
        self.progress.setValue(percent)
        self.progress.setFormat(f"{text} %p%")

    def show_result(
        self, result: Optimum, threshold: Decimal, titles: Mapping[str, str], costs: Mapping[str, Decimal | None]
    ) -> None:
        """The chosen items, their cost and why each is needed; whether it is proved optimal."""
        self.result = result
        self.running(False)
        if not result.feasible:
            self.summary.setText(result.message or self.tr("没有条目组合能达到目标结论"))
            self.model.set_rows([])
            return
        proved = self.tr("已证明最优") if result.proved_optimal else self.tr("未能证明最优（求解超时）")
        cost = format_amount(result.cost) + self.tr(" 万元")
        if result.unknown_cost:
            cost += self.tr("（另有 %1 项措施费用未知，按 0 计）").replace("%1", str(len(result.unknown_cost)))
        total = result.projected.total if result.projected is not None else ""
        text = (
            self.tr("达到%1的最省方案：%2 项，费用 %3，%4；实施后总分 %5。求解器：%6")
            .replace("%1", result.target)
            .replace("%2", str(len(result.chosen)))
            .replace("%3", cost)
            .replace("%4", proved)
            .replace("%5", str(total))
            .replace("%6", result.solver)
        )
        if result.message:
            text += "\n" + result.message
        self.summary.setText(text)
        reasons = {d.key: d.reason(threshold, result.target) for d in result.reasons}
        self.model.set_rows(
            [(titles.get(k, k), format_amount(costs.get(k)), reasons.get(k, "")) for k in result.chosen]
        )
        self.view.resizeColumnsToContents()
        self.adopt.setEnabled(bool(result.chosen))


class SectionsPanel:
    """The three tables of the plan: 密钥管理 lifecycle, 产品清单 (with warnings), 安全与合规性分析."""

    def __init__(self, parent: QWidget) -> None:
        self.lifecycle = RowsModel(
            (QT_TRANSLATE_NOOP("PlanItemsModel", "密钥类型"), QT_TRANSLATE_NOOP("PlanItemsModel", "适用单元")), parent
        )
        self.products = RowsModel(
            (
                QT_TRANSLATE_NOOP("PlanItemsModel", "产品"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "类型"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "部署位置"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "算法"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "数量"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "证书编号"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "有效期至"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "模块等级"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "提示"),
            ),
            parent,
        )
        self.compliance = RowsModel(
            (
                QT_TRANSLATE_NOOP("PlanItemsModel", "测评单元"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "结论"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "密码技术应用点"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "措施"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "不适用理由"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "替代措施"),
            ),
            parent,
        )
        self.lifecycle_view = table(self.lifecycle, "plan_lifecycle", parent)
        self.products_view = table(self.products, "plan_products", parent)
        self.compliance_view = table(self.compliance, "plan_compliance", parent)

    def show_plan(self, plan: Plan | None, case: CaseInput | None) -> None:
        """Fill the three tables."""
        if plan is None:
            for model in (self.lifecycle, self.products, self.compliance):
                model.set_rows([])
            return
        self.lifecycle.set_rows(
            [(r.key_type, "、".join(r.units), *(r.stage(s) for s in STAGES)) for r in plan.key_lifecycle]
        )
        warnings: dict[int, list[str]] = {}
        if case is not None:
            for index, text in product_warnings(plan, case.system.level):
                warnings.setdefault(index, []).append(text)
        self.products.set_rows(
            [
                (
                    p.name,
                    p.type,
                    p.location,
                    "、".join(p.algorithms),
                    str(p.quantity),
                    p.certificate_no,
                    p.valid_until.isoformat() if p.valid_until else "",
                    str(p.module_level or ""),
                    "；".join(warnings.get(n, [])),
                )
                for n, p in enumerate(plan.products)
            ],
            [WARN if n in warnings else None for n in range(len(plan.products))],
        )
        self.compliance.set_rows(
            [(r.unit, r.verdict, r.point, r.measure, r.reason, r.alternative) for r in plan.compliance],
            [BAD if r.verdict == "不符合" else None for r in plan.compliance],
        )


class ReviewPanel(QWidget):
    """方案评估: run a review, its checks (must/should, 符合/需修改, findings), the conclusion, the history."""

    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_button = QPushButton(self.tr("进行方案评估"), self)
        self.run_button.setObjectName("plan_review_run")
        self.run_button.clicked.connect(self.review_requested)
        self.conclusion = QLabel(self.tr("尚未评估"), self)
        self.conclusion.setObjectName("plan_review_conclusion")
        self.model = RowsModel(
            (
                QT_TRANSLATE_NOOP("PlanItemsModel", "检查项"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "要求"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "结果"),
                QT_TRANSLATE_NOOP("PlanItemsModel", "发现的问题 / 评估意见"),
            ),
            self,
        )
        self.view = table(self.model, "plan_review_table", self)
        self.history = QListWidget(self)
        self.history.setObjectName("plan_review_history")
        self.history.setMaximumWidth(260)
        top = QHBoxLayout()
        top.addWidget(self.run_button)
        top.addWidget(self.conclusion, 1)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def show_plan(self, plan: Plan | None) -> None:
        """The last review's checks and the history of every review."""
        self.history.clear()
        review = plan.last_review if plan is not None else None
        if plan is None or review is None:
            self.conclusion.setText(self.tr("尚未评估"))
            self.model.set_rows([])
            return
        for r in plan.reviews:
            when = r.at.astimezone().strftime("%Y-%m-%d %H:%M")
            self.history.addItem(f"#{r.number} {when} {r.conclusion} {r.reviewer}".strip())
        color = CONCLUSION_COLORS["符合" if review.conclusion == "通过" else "不符合"]
        failing = [c.title for c in review.failing]
        text = self.tr("第 %1 次评估结论：").replace("%1", str(review.number))
        text += f"<b style='color:{color}'>{review.conclusion}</b>"
        if failing:
            text += self.tr("（需修改：%1）").replace("%1", "、".join(failing))
        self.conclusion.setText(text)
        self.conclusion.setTextFormat(Qt.TextFormat.RichText)
        self.model.set_rows(
            [
                (
                    c.title,
                    "必须" if c.grade == "must" else "建议",
                    c.result,
                    "；".join((*c.findings, c.note)).strip("；"),
                )
                for c in review.results
            ],
            [None if c.passed else (BAD if c.grade == "must" else WARN) for c in review.results],
        )
        self.view.resizeColumnToContents(0)

"""The lower panels of the 密改方案 tab: 最省方案, key lifecycle, products, compliance, the review."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

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

from app.core.errors import InputError
from app.mipin.engine import CaseInput
from app.plan.costs import format_amount
from app.plan.model import COMPLIANCE_VERDICTS, REVIEW_FIX, REVIEW_PASS, STAGES, KeyLifecycleRow, Plan
from app.plan.optimise import Optimum
from app.plan.sections import product_warnings
from ui.features.plan.rowmodels import Getter, RowsModel, SectionModel, Setter
from ui.icons import CONCLUSION_COLORS
from ui.widgets.delegates import ChoiceDelegate

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

    run_requested = Signal(str, str)
    adopt_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = QComboBox(self)
        self.target.setObjectName("plan_optimise_target")
        self.target.addItems(["基本符合", "符合"])
        self.run_button = QPushButton(self.tr("求最省方案"), self)
        self.run_button.setObjectName("plan_optimise_run")
        self.unknown = QComboBox(self)
        self.unknown.setObjectName("plan_optimise_unknown")
        self.unknown.addItem(self.tr("费用未知的按 0 计（结果为下界）"), "zero")
        self.unknown.addItem(self.tr("尽量少选费用未知的条目"), "avoid")
        self.run_button.clicked.connect(
            lambda: self.run_requested.emit(self.target.currentText(), str(self.unknown.currentData()))
        )
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
        top.addWidget(self.unknown)
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
            cost += self.tr("（另有 %1 项措施费用未知，未计入）").replace("%1", str(len(result.unknown_cost)))
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


def _text_setter(name: str) -> Setter:
    return lambda row, text: replace(row, **{name: text})


def _names(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.replace("，", "、").replace(",", "、").split("、") if x.strip())


def _date(row: Any, text: str) -> Any:
    if not text:
        return replace(row, valid_until=None)
    try:
        return replace(row, valid_until=date.fromisoformat(text))
    except ValueError:
        raise InputError("valid_until", f"应为日期 YYYY-MM-DD，而不是 “{text[:20]}”") from None


def _int(name: str, low: int, high: int, optional: bool) -> Setter:
    def setter(row: Any, text: str) -> Any:
        if not text and optional:
            return replace(row, **{name: None})
        if not text.isdigit() or not low <= int(text) <= high:
            raise InputError(name, f"应为 {low} 到 {high} 的整数")
        return replace(row, **{name: int(text)})

    return setter


def _stage(stage: str) -> Setter:
    def setter(row: KeyLifecycleRow, text: str) -> KeyLifecycleRow:
        stages = dict(row.stages)
        stages[stage] = text
        return replace(row, stages=tuple((s, stages.get(s, "")) for s in STAGES))

    return setter


LIFECYCLE_COLUMNS: list[tuple[object, Getter, Setter | None]] = [
    (QT_TRANSLATE_NOOP("PlanItemsModel", "密钥类型"), lambda r: r.key_type, _text_setter("key_type")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "适用单元"), lambda r: "、".join(r.units), None),
    *[
        (title, (lambda r, s=stage: r.stage(s)), _stage(stage))
        for title, stage in zip(STAGE_TITLES, STAGES, strict=True)
    ],
]
PRODUCT_COLUMNS: list[tuple[object, Getter, Setter | None]] = [
    (QT_TRANSLATE_NOOP("PlanItemsModel", "产品"), lambda r: r.name, _text_setter("name")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "类型"), lambda r: r.type, None),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "部署位置"), lambda r: r.location, _text_setter("location")),
    (
        QT_TRANSLATE_NOOP("PlanItemsModel", "算法"),
        lambda r: "、".join(r.algorithms),
        lambda r, t: replace(r, algorithms=_names(t)),
    ),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "数量"), lambda r: str(r.quantity), _int("quantity", 1, 9999, False)),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "证书编号"), lambda r: r.certificate_no, _text_setter("certificate_no")),
    (
        QT_TRANSLATE_NOOP("PlanItemsModel", "有效期至"),
        lambda r: r.valid_until.isoformat() if r.valid_until else "",
        _date,
    ),
    (
        QT_TRANSLATE_NOOP("PlanItemsModel", "模块等级"),
        lambda r: str(r.module_level or ""),
        _int("module_level", 1, 4, True),
    ),
]
COMPLIANCE_COLUMNS: list[tuple[object, Getter, Setter | None]] = [
    (QT_TRANSLATE_NOOP("PlanItemsModel", "测评单元"), lambda r: r.unit, None),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "结论"), lambda r: r.verdict, _text_setter("verdict")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "密码技术应用点"), lambda r: r.point, _text_setter("point")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "措施"), lambda r: r.measure, _text_setter("measure")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "不适用理由"), lambda r: r.reason, _text_setter("reason")),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "替代措施"), lambda r: r.alternative, _text_setter("alternative")),
]


class SectionsPanel:
    """The three tables of the plan, editable: 密钥管理 lifecycle, 产品清单 (with warnings), 安全与合规性分析.

    Args:
        parent: The tab.
        edit: The tab's undoable edit (a :class:`~app.plan.edits.SetRow` per changed cell).
        reject: Shows why a typed value was refused.
    """

    def __init__(self, parent: QWidget, edit: Callable[[Any, str], bool], reject: Callable[[str], None]) -> None:
        self.lifecycle = SectionModel("key_lifecycle", LIFECYCLE_COLUMNS, edit, reject, parent)
        product_columns = [*PRODUCT_COLUMNS, (QT_TRANSLATE_NOOP("PlanItemsModel", "提示"), lambda r: "", None)]
        self.products = SectionModel("products", product_columns, edit, reject, parent)
        self.compliance = SectionModel("compliance", COMPLIANCE_COLUMNS, edit, reject, parent)
        self.lifecycle_view = table(self.lifecycle, "plan_lifecycle", parent)
        self.products_view = table(self.products, "plan_products", parent)
        self.compliance_view = table(self.compliance, "plan_compliance", parent)
        for view in (self.lifecycle_view, self.products_view, self.compliance_view):
            view.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            )
        self.compliance_view.setItemDelegateForColumn(1, ChoiceDelegate(COMPLIANCE_VERDICTS, parent))

    def show_plan(self, plan: Plan | None, case: CaseInput | None) -> None:
        """Fill the three tables (product warnings in the last column and in colour)."""
        if plan is None:
            for model in (self.lifecycle, self.products, self.compliance):
                model.set_records([])
            return
        self.lifecycle.set_records(plan.key_lifecycle)
        warnings: dict[int, list[str]] = {}
        if case is not None:
            for index, text in product_warnings(plan, case.system.level):
                warnings.setdefault(index, []).append(text)
        self.products.set_records(plan.products, [WARN if n in warnings else None for n in range(len(plan.products))])
        for n in range(len(plan.products)):  # the warnings column shows the computed warnings
            self.products.rows[n] = (*self.products.rows[n][:-1], "；".join(warnings.get(n, [])))
        self.compliance.set_records(plan.compliance, [BAD if r.verdict == "不符合" else None for r in plan.compliance])


REVIEW_COLUMNS: list[tuple[object, Getter, Setter | None]] = [
    (QT_TRANSLATE_NOOP("PlanItemsModel", "检查项"), lambda r: r.title, None),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "要求"), lambda r: "必须" if r.grade == "must" else "建议", None),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "自动结果"), lambda r: r.auto, None),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "结果"), lambda r: r.result, lambda r, t: replace(r, result=t)),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "评估意见"), lambda r: r.note, lambda r, t: replace(r, note=t)),
    (QT_TRANSLATE_NOOP("PlanItemsModel", "发现的问题"), lambda r: "；".join(r.findings), None),
]


class ReviewPanel(QWidget):
    """方案评估: run a review, set each check's 结果 and 评估意见, see the conclusion and the history.

    Only the latest review is editable; the earlier ones are its history.
    """

    review_requested = Signal()

    def __init__(
        self, edit: Callable[[Any, str], bool], reject: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.run_button = QPushButton(self.tr("进行方案评估"), self)
        self.run_button.setObjectName("plan_review_run")
        self.run_button.clicked.connect(self.review_requested)
        self.conclusion = QLabel(self.tr("尚未评估"), self)
        self.conclusion.setObjectName("plan_review_conclusion")
        self.conclusion.setTextFormat(Qt.TextFormat.RichText)
        self.number = 0
        self.model = SectionModel("reviews", REVIEW_COLUMNS, edit, reject, self, make_edit=self._edit_for)
        self.view = table(self.model, "plan_review_table", self)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setItemDelegateForColumn(3, ChoiceDelegate((REVIEW_PASS, REVIEW_FIX), self))
        self.view.setToolTip(self.tr("双击“结果”或“评估意见”修改；改变自动结果时须先填写评估意见。"))
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

    def _edit_for(self, _row: int, result: Any) -> Any:
        from app.plan.edits import SetReviewResult

        return SetReviewResult(self.number, result.check, result.result, result.note)

    def show_plan(self, plan: Plan | None) -> None:
        """The latest review's checks and the history of every review."""
        self.history.clear()
        review = plan.last_review if plan is not None else None
        if plan is None or review is None:
            self.number = 0
            self.conclusion.setText(self.tr("尚未评估"))
            self.model.set_records([])
            return
        self.number = review.number
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
        self.model.set_records(
            review.results, [None if c.passed else (BAD if c.grade == "must" else WARN) for c in review.results]
        )
        self.view.resizeColumnToContents(0)

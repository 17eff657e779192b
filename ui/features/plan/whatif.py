"""The what-if panel: the current case and the case after the selected items, side by side."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.mipin.engine import ScoreResult
from app.plan.costs import format_amount
from app.plan.projection import WhatIf
from ui.icons import CONCLUSION_COLORS


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}"


class WhatIfPanel(QGroupBox):
    """总分、各层面得分、剩余高风险、结论与费用：当前 vs 实施后; below it, what 基本符合 depends on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("测算：实施所选措施后"), parent)
        self.setObjectName("plan_whatif")
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("plan_whatif_table")
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("当前"), self.tr("实施后")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # The label column fits its text; 当前 and 实施后 share the rest equally, so a long list of
        # high risks in one column never pushes the other out of view (the full text is the tooltip).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.depends = QLabel(self)
        self.depends.setObjectName("plan_depends")
        self.depends.setWordWrap(True)
        self.depends.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.depends, 1)
        self.result: WhatIf | None = None

    def clear(self, text: str = "") -> None:
        """No case or no plan."""
        self.result = None
        self.table.setRowCount(0)
        self.depends.setText(text)

    def show_result(self, result: WhatIf, titles: Mapping[str, str]) -> None:
        """Fill the table from ``result`` (``titles``: item key → short label for the reasons)."""
        self.result = result
        cur, new = result.current, result.projected
        cost = format_amount(result.known_cost) + self.tr(" 万元")
        if result.unknown_cost:
            cost += self.tr("（另有 %1 项措施费用未知）").replace("%1", str(len(result.unknown_cost)))
        # The rows a decision rests on come first, so they stay in view on a 1366×768 laptop;
        # the layer scores follow as the detail.
        rows: list[tuple[str, str, str, str | None]] = [
            (self.tr("总分"), _score(cur.total), _score(new.total), None),
            (self.tr("结论"), cur.conclusion, new.conclusion, new.conclusion),
            (self.tr("未消除的高风险"), self._risks(cur), self._risks(new), None),
            (self.tr("费用"), "—", cost, None),
        ]
        projected = {x.code: x.score for x in new.layers}
        for layer in cur.layers:
            rows.append((f"  {layer.name_zh}", _score(layer.score), _score(projected.get(layer.code)), None))
        self.table.setRowCount(len(rows))
        for r, (label, before, after, conclusion) in enumerate(rows):
            for c, text in enumerate((label, before, after)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if c == 2 and conclusion in CONCLUSION_COLORS:
                    cell.setForeground(QBrush(QColor(CONCLUSION_COLORS[conclusion])))
                self.table.setItem(r, c, cell)
        self.depends.setText(self._depends_text(result, titles))

    def _risks(self, result: ScoreResult) -> str:
        open_risks = result.open_high_risks
        if not open_risks:
            return self.tr("无")
        return "、".join(f"{r.item}（{r.unit}{'/' + r.object if r.object else ''}）" for r in open_risks)

    def _depends_text(self, result: WhatIf, titles: Mapping[str, str]) -> str:
        needed = [d for d in result.dependencies if d.needed]
        if not result.dependencies:
            return ""
        if not needed:
            if result.projected.conclusion in ("基本符合", "符合"):
                return self.tr("所选措施中没有单独一项是达到基本符合所必需的。")
            return self.tr("所选措施实施后仍达不到基本符合。")
        lines = [self.tr("达到基本符合依赖以下措施（去掉其一即达不到）：")]
        threshold = result.current.threshold
        for dep in needed:
            lines.append(f"• {titles.get(dep.key, dep.key)}：{dep.reason(threshold)}")
        return "\n".join(lines)

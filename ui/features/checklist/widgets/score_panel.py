"""The live score panel: total, conclusion or range, a bar per layer, counts, open high risks.

Every number is a link; clicking it emits ``explain_requested(scope, key)`` and the owner shows
the engine's formulas for it (:mod:`app.mipin.explain`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.mipin.engine import ScoreResult
from ui.casework.verdict import conclusion_html, risk_counts, total_text
from ui.icons import COLORS

_VERDICTS = ("符合", "部分符合", "不符合", "不适用")


def _link(scope: str, key: str, text: str, color: str = "#1f5fae") -> str:
    return f'<a href="{scope}:{escape(key)}" style="color:{color}; text-decoration:none;">{escape(text)}</a>'


class ScorePanel(QFrame):
    """Shows a :class:`ScoreResult`; emits what the assessor clicked."""

    explain_requested = Signal(str, str)
    risks_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#score_panel { background: #fafbfc; }"
            "QLabel[role='heading'] { color: #5f6670; font-weight: bold; margin-top: 6px; }"
            "QProgressBar { border: 1px solid #d0d4da; border-radius: 3px; background: #eef0f3; height: 10px; }"
            "QProgressBar::chunk { background: #4f7fc0; border-radius: 2px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addWidget(self._heading(self.tr("量化评分")))
        self.total_label = self._label("total_label")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.conclusion_label = self._label("conclusion_label")
        self.detail_label = self._label("detail_label")
        self.detail_label.setWordWrap(True)
        for widget in (self.total_label, self.conclusion_label, self.detail_label):
            layout.addWidget(widget)
        layout.addWidget(self._heading(self.tr("层面得分")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        self.layer_rows: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        self._grid = grid
        layout.addLayout(grid)
        self.groups_label = self._label("groups_label")
        layout.addWidget(self.groups_label)
        layout.addWidget(self._heading(self.tr("测评单元判定")))
        self.counts_label = self._label("counts_label")
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        layout.addWidget(self._heading(self.tr("高风险")))
        self.risks_label = self._label("risks_label")
        self.risks_label.setWordWrap(True)
        layout.addWidget(self.risks_label)
        layout.addWidget(self._heading(self.tr("测评进度")))
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setFixedHeight(10)
        self.progress_bar.setTextVisible(False)
        layout.addWidget(self.progress_bar)
        self.progress_label = self._label("progress_label")
        self.progress_label.setWordWrap(True)
        layout.addWidget(self.progress_label)
        self.notes_label = self._label("notes_label")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #8a6d3b;")
        layout.addWidget(self.notes_label)
        layout.addStretch(1)
        self.footer_label = self._label("footer_label")
        self.footer_label.setStyleSheet("color: #8a8f98;")
        self.footer_label.setWordWrap(True)
        layout.addWidget(self.footer_label)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setProperty("role", "heading")
        return label

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        label.linkActivated.connect(self.on_label_link_activated)
        return label

    @Slot(str)
    def on_label_link_activated(self, link: str) -> None:
        """Turn a clicked number into a request for its explanation (or for the risk tab)."""
        scope, _, key = link.partition(":")
        if scope == "risks":
            self.risks_requested.emit()
        else:
            self.explain_requested.emit(scope, key)

    def _layer_row(self, code: str, name: str) -> tuple[QLabel, QProgressBar, QLabel]:
        if code not in self.layer_rows:
            row = len(self.layer_rows)
            title = QLabel(name, self)
            bar = QProgressBar(self)
            bar.setRange(0, 10000)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            value = self._label(f"layer_{code}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(52)
            self._grid.addWidget(title, row, 0)
            self._grid.addWidget(bar, row, 1)
            self._grid.addWidget(value, row, 2)
            self._grid.setColumnStretch(1, 1)
            self.layer_rows[code] = (title, bar, value)
        return self.layer_rows[code]

    def show_result(self, result: ScoreResult | None, error: str = "") -> None:
        """Display ``result`` (None: no case open, or ``error`` when the total is undefined)."""
        if result is None:
            self.total_label.setText('<span style="font-size:26pt; color:#8a8f98;">—</span>')
            self.conclusion_label.setText(escape(error) if error else self.tr("未打开测评项目"))
            self.progress_bar.setValue(0)
            for text in (
                self.detail_label, self.groups_label, self.counts_label, self.risks_label, self.notes_label,
                self.progress_label,
            ):  # fmt: skip
                text.setText("")
            for _title, bar, value in self.layer_rows.values():
                bar.setValue(0)
                value.setText("")
            self.footer_label.setText("")
            return
        self._show_total(result)
        for layer in result.layers:
            _title, bar, value = self._layer_row(layer.code, layer.name_zh)
            if layer.score is None:
                bar.setValue(0)
                bar.setEnabled(False)
                value.setText('<span style="color:#8a8f98;">不适用</span>')
            else:
                bar.setEnabled(True)
                bar.setValue(int(layer.score * 10000))
                value.setText(_link("layer", layer.code, f"{layer.score:.4f}"))
        groups = []
        for group in result.groups:
            groups.append(
                f"{escape(group.name_zh)} " + _link("group", group.code, f"{group.value:.2f}") + f" / {group.points}"
            )
        self.groups_label.setText("<br>".join(groups))
        self._show_counts(result)
        self._show_risks(result)
        self._show_progress(result)
        notes = [str(n) for n in result.warnings][:3]
        self.notes_label.setText("<br>".join(escape(n) for n in notes))
        self.footer_label.setText(
            self.tr("第%1级 · 阈值 %2 · 未测按 0 计")
            .replace("%1", str(result.level))
            .replace("%2", f"{result.threshold}")
        )

    def _show_total(self, result: ScoreResult) -> None:
        untested = len(result.untested)
        conclusion = conclusion_html(result, badge=True)
        if untested and result.range is not None:
            self.total_label.setText(
                f'<span style="font-size:22pt;">{_link("range", "", total_text(result), "#1f2933")}</span>'
            )
            self.conclusion_label.setText(
                conclusion
                + f' <span style="color:{COLORS["未测"].name()};">'
                + self.tr("尚有 %1 项未测").replace("%1", str(untested))
                + "</span>"
            )
            self.detail_label.setText(
                escape(result.conclusion_reason) + "<br>"
                + self.tr("当前得分（未测按 0 计）：") + _link("total", "", f"{result.total}")
            )  # fmt: skip
            return
        self.total_label.setText(
            f'<span style="font-size:28pt;">{_link("total", "", f"{result.total}", "#1f2933")}</span>'
        )
        self.conclusion_label.setText(conclusion)
        self.detail_label.setText(escape(result.conclusion_reason))

    def _show_counts(self, result: ScoreResult) -> None:
        counts = result.counts.as_dict()
        parts = []
        for verdict in _VERDICTS:
            color = COLORS[verdict].name()
            parts.append(
                f'<span style="color:{color};">■</span> {verdict}&nbsp;'
                + _link("verdict", verdict, str(counts[verdict]))
            )
        if counts.get("未测"):
            parts.append(
                f'<span style="color:{COLORS["未测"].name()};">○</span> 未测&nbsp;'
                + _link("range", "", str(counts["未测"]))
            )
        rows = "".join(
            "<tr>" + "".join(f"<td style='padding-right:14px;'>{cell}</td>" for cell in parts[i : i + 2]) + "</tr>"
            for i in range(0, len(parts), 2)
        )
        self.counts_label.setText(f"<table>{rows}</table>")

    def _show_progress(self, result: ScoreResult) -> None:
        units = len(result.units)
        done = sum(1 for u in result.units if u.tested or not u.applicable)
        objects = [o for u in result.units for o in u.objects if o.status != "unit_na"]
        tested = sum(1 for o in objects if o.status != "untested")
        self.progress_bar.setRange(0, max(1, units))
        self.progress_bar.setValue(done)
        self.progress_label.setText(
            self.tr("测评单元 %1 / %2 已完成 · 测评对象 %3 / %4 已测")
            .replace("%1", str(done))
            .replace("%2", str(units))
            .replace("%3", str(tested))
            .replace("%4", str(len(objects)))
        )

    def _show_risks(self, result: ScoreResult) -> None:
        counts = risk_counts(result)
        if not counts.total:
            self.risks_label.setText(self.tr("未发现高风险"))
            return
        color = "#c62828" if counts.open else "#2e7d32"
        lines = [
            f'<span style="color:{color}; font-weight:bold;">'
            + self.tr("仍为高风险 %1 项").replace("%1", str(counts.open))
            + "</span>"
            + self.tr("（未处置 %1 项，已缓解或排除 %2 项）")
            .replace("%1", str(counts.undecided))
            .replace("%2", str(counts.handled))
            + " "
            + _link("risks", "", self.tr("查看 ›"))
        ]
        open_risks = result.open_high_risks
        for risk in open_risks[:5]:
            where = f"{risk.unit} {risk.object}" if risk.object else risk.unit
            lines.append(f"• {escape(risk.item)} {escape(risk.title.split('—')[-1])}：{escape(where)}")
        if len(open_risks) > 5:
            lines.append(self.tr("……另有 %1 项").replace("%1", str(len(open_risks) - 5)))
        self.risks_label.setText("<br>".join(lines))

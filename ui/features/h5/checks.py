"""The 智桂通H5预览's checks panel: what ``resources/h5-service/page-checks.js`` measured in the rendered page.

The report (a dict from the page) has the smallest font size, the lowest contrast, the smallest
tap target and any unmasked name or certificate number; :func:`check_lines` turns it into the
panel's lines, each passed or failed, and :class:`ChecksPanel` shows them in colour with the page
and the CSS viewport they were measured on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

PASS_COLOUR = "#1a7f37"
FAIL_COLOUR = "#c62828"
STANDARD_MIN_FONT_PX = 14
ELDER_MIN_FONT_PX = 18


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksPanel", text)


def check_lines(report: dict[str, Any]) -> list[tuple[bool, str]]:
    """The checks panel's lines for one report: (passed, text)."""
    elder = bool(report.get("elder"))
    font = report.get("minFontPx")
    contrast = report.get("minContrast")
    need = report.get("tapTarget", 60 if elder else 44)
    font_ok = font is not None and font >= (ELDER_MIN_FONT_PX if elder else STANDARD_MIN_FONT_PX)
    rule = _tr("长辈版需 ≥ 18 px") if elder else _tr("标准版")
    unmasked = report.get("unmasked") or []
    return [
        (font_ok, _tr("最小字号 %1 px（%2）").replace("%1", f"{font}").replace("%2", rule)),
        (
            not report.get("contrastFailures") and contrast is not None,
            _tr("最低对比度 %1:1（需 ≥ 4.5:1）").replace("%1", f"{contrast}"),
        ),
        (
            not report.get("tapFailures"),
            _tr("最小点击区域 %1 px（需 ≥ %2 px）").replace("%1", f"{report.get('minTap')}").replace("%2", f"{need}"),
        ),
        (
            not unmasked,
            _tr("页面上没有未脱敏的姓名或证件号码")
            if not unmasked
            else _tr("发现未脱敏信息：%1").replace("%1", "、".join(unmasked)),
        ),
    ]


def passed(report: dict[str, Any] | None) -> bool:
    """Whether a report has no failed line."""
    return report is not None and all(ok for ok, _ in check_lines(report))


class ChecksPanel(QGroupBox):
    """The list of checks with the page they were measured on, and a button to measure again.

    Args:
        parent: Parent widget.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("页面检查（适老化与脱敏）"), parent)
        layout = QVBoxLayout(self)
        self.where = QLabel(self.tr("尚未检查"), self)
        self.where.setObjectName("h5CheckedPage")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.list = QListWidget(self)
        self.list.setObjectName("h5Checks")
        self.list.setAccessibleName(self.tr("页面检查结果"))
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(120)
        self.list.setMaximumHeight(170)
        layout.addWidget(self.list)
        rules = QLabel(
            self.tr(
                "标准版：文字 ≥ 14 px，点击区域 ≥ 44 × 44 px；长辈版：文字 ≥ 18 px，点击区域 ≥ 60 × 60 px；"
                "文字与背景对比度 ≥ 4.5:1（WCAG 2）；页面上不得出现完整的姓名或证件号码。"
            ),
            self,
        )
        rules.setWordWrap(True)
        rules.setObjectName("h5CheckRules")
        rules.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(rules)
        self.button = QPushButton(self.tr("重新检查当前页面"), self)
        self.button.setEnabled(False)
        layout.addWidget(self.button)

    def show_report(self, report: dict[str, Any], page: str) -> None:
        """Show one report, measured on ``page`` (the route after ``#``)."""
        viewport = report.get("viewport") or []
        size = f"{viewport[0]} × {viewport[1]}" if len(viewport) == 2 else "?"
        self.where.setText(self.tr("页面 %1 · 视口 %2 CSS px").replace("%1", page or "/").replace("%2", size))
        self.list.clear()
        for ok, text in check_lines(report):
            self._add(ok, text)

    def show_failure(self, text: str) -> None:
        """Show that nothing could be measured."""
        self.list.clear()
        self._add(False, text)

    def _add(self, ok: bool, text: str) -> None:
        item = QListWidgetItem(("✔ " if ok else "✘ ") + text)
        item.setData(Qt.ItemDataRole.UserRole, ok)
        item.setForeground(QBrush(QColor(PASS_COLOUR if ok else FAIL_COLOUR)))
        self.list.addItem(item)

    def lines(self) -> list[str]:
        """The texts shown (tests)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

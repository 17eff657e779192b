"""Builds the main window's tabs, in display order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.services import UiServices
from ui.tabs.base import WorkbenchTab
from ui.tabs.placeholder import PlaceholderTab

TAB_IDS = ("checklist", "risks", "plan", "sla", "h5")


def build_tabs(services: UiServices, parent: QWidget) -> list[WorkbenchTab]:
    """Create one widget per tab; a feature's own issue replaces its placeholder."""
    del services  # placeholders need no services yet

    return [
        PlaceholderTab(
            "checklist",
            QCoreApplication.translate("MainWindow", "测评检查表"),
            QCoreApplication.translate(
                "MainWindow", "按层面、测评单元录入测评对象的 D/A/K 结果与管理项符合情况，实时计算量化评分。"
            ),
            parent,
        ),
        PlaceholderTab(
            "risks",
            QCoreApplication.translate("MainWindow", "高风险判定"),
            QCoreApplication.translate(
                "MainWindow", "依据《信息系统密码应用高风险判定指引》列出高风险候选项，记录确认、缓解或排除的理由。"
            ),
            parent,
        ),
        PlaceholderTab(
            "plan",
            QCoreApplication.translate("MainWindow", "密改方案"),
            QCoreApplication.translate(
                "MainWindow", "依据 GB/T 43207-2023 附录A 模板，从测评结果生成密码应用改造方案草稿。"
            ),
            parent,
        ),
        PlaceholderTab(
            "sla",
            QCoreApplication.translate("MainWindow", "运维SLA看板"),
            QCoreApplication.translate("MainWindow", "按运维合同的响应、恢复时限核对故障工单，显示超时与达标率。"),
            parent,
        ),
        PlaceholderTab(
            "h5",
            QCoreApplication.translate("MainWindow", "智桂通H5预览"),
            QCoreApplication.translate(
                "MainWindow", "预览居民在“智桂通”APP中查看本人健康档案的 H5 页面（使用虚拟居民数据）。"
            ),
            parent,
        ),
    ]

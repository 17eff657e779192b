"""Builds the main window's tabs, in display order."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from ui.casework.controller import CaseController
from ui.features.checklist.tab import ChecklistTab
from ui.features.risks.tab import RisksTab
from ui.services import UiServices
from ui.tabs.base import WorkbenchTab
from ui.widgets.placeholder import PlaceholderTab


def build_tabs(
    services: UiServices, parent: QWidget, controller: CaseController, state: QSettings | None = None
) -> list[WorkbenchTab]:
    """Create one widget per tab; a feature's own issue replaces its placeholder.

    The 测评检查表 and 高风险判定 tabs share ``controller`` (the open case and its undo stack).
    """
    return [
        ChecklistTab(services, controller, state, parent),
        RisksTab(controller, parent),
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

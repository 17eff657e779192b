"""The About dialog: product name, versions, data location and keyring backend."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import APP_DISPLAY_NAME, __version__
from ui.crash import version_text
from ui.services import UiServices


class AboutDialog(QDialog):
    """Shows versions and where the data lives."""

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于"))
        layout = QVBoxLayout(self)
        db = services.store.db_file or services.store.engine.url.render_as_string(hide_password=True)
        text = (
            f"<h3>{html.escape(APP_DISPLAY_NAME)} {__version__}</h3>"
            f"<p>{self.tr('面向梧州市卫健委信息化项目：商用密码应用安全性评估（密评）测评与报告、运维SLA看板、智桂通H5预览。')}</p>"
            f"<p><b>{self.tr('版本')}</b>：{html.escape(version_text())}</p>"
            f"<p><b>{self.tr('数据位置')}</b>：{html.escape(str(db))}</p>"
            f"<p><b>{self.tr('密钥环')}</b>：{html.escape(services.secrets.backend_name)}</p>"
            f"<p>{self.tr('界面字体：文泉驿微米黑（Apache-2.0）。')}</p>"
        )
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(560, 320)

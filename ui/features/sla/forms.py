"""Small form helpers shared by the SLA dialogs: times, the classification helper, choices."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ops import timeutil as tu
from app.ops.contract import classify, facts

SHANGHAI_ZONE = QTimeZone(b"Asia/Shanghai")
KINDS = (("fault", "故障"), ("outage", "宕机"), ("security", "安全事件"))


def to_qt(us: int) -> QDateTime:
    """An instant as a QDateTime in Asia/Shanghai."""
    return QDateTime.fromMSecsSinceEpoch(us // 1000, SHANGHAI_ZONE)


def from_qt(value: QDateTime) -> int:
    """A QDateTime as microseconds since the epoch."""
    return int(value.toMSecsSinceEpoch()) * 1000


def time_edit(us: int, parent: QWidget | None = None) -> QDateTimeEdit:
    """A date-time editor in Beijing time showing ``us``."""
    edit = QDateTimeEdit(to_qt(us), parent)
    edit.setTimeZone(SHANGHAI_ZONE)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    return edit


class NowEdit(QDateTimeEdit):
    """The time of a new event: it follows "now" until the user changes it (then it is back-dated).

    A dialog left open for ten minutes still records its event at the moment of the click, never
    at the moment the dialog was opened (which would need a 补录 reason).
    """

    def __init__(self, now: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTimeZone(SHANGHAI_ZONE)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setCalendarPopup(True)
        self.following = True
        self._setting = False
        self.dateTimeChanged.connect(self._changed)
        self.follow_now(now)

    def follow_now(self, now: int) -> None:
        """Show ``now`` and follow it again."""
        self._setting = True
        try:
            self.setDateTime(to_qt(now))
        finally:
            self._setting = False
        self.following = True

    def tick(self, now: int) -> None:
        """The clock moved: show the new "now" unless the user chose a time."""
        if self.following:
            self.follow_now(now)

    def chosen(self) -> int | None:
        """The time the user chose, or None for "now"."""
        return None if self.following else from_qt(self.dateTime())

    def _changed(self, *_args: object) -> None:
        if not self._setting:
            self.following = False


def local_text(us: int) -> str:
    """``2026-03-02 09:00`` in Beijing time."""
    return f"{tu.from_us(us):%Y-%m-%d %H:%M}"


def level_combo(parent: QWidget | None = None) -> QComboBox:
    """一级故障 … 五级故障 with the level as data."""
    box = QComboBox(parent)
    for row in facts().levels:
        box.addItem(f"{row.name}（{row.priority}）", row.level)
    return box


def channel_combo(parent: QWidget | None = None) -> QComboBox:
    """The contact channels, by key."""
    box = QComboBox(parent)
    box.addItem("—", "")
    for key, name in facts().channels.items():
        box.addItem(name, key)
    return box


def contact_text(level: int) -> str:
    """The channel the contract prescribes for a level (1.1.3 反馈方式)."""
    row = facts().level(level)
    names = "、".join(facts().channel_name(c) for c in row.channels)
    return f"{row.name}：{row.contact}（{names}）"


class ClassifyDialog(QDialog):
    """The contract's level table with a tick for each aspect; the most severe ticked level wins."""

    def __init__(self, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("故障分级助手"))
        self.setObjectName("sla_classify")
        layout = QVBoxLayout(self)
        note = self.tr("故障可能在多方面体现影响：勾选每个方面符合的描述，综合等级取其中最严重者（合同 1.1.3）。")
        hint = QLabel(note)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        grid = QGridLayout()
        self.ticks: list[QCheckBox] = []
        for row_no, row in enumerate(facts().levels):
            tick = QCheckBox(f"{row.name}（{row.priority}）")
            tick.setObjectName(f"sla_classify_{row.level}")
            tick.toggled.connect(self._update)
            text = row.description
            if row.interrupted_minutes:
                text += self.tr("（业务中断 %1 分钟）").replace("%1", str(row.interrupted_minutes))
            label = QLabel(text)
            label.setWordWrap(True)
            grid.addWidget(tick, row_no, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row_no, 1)
            self.ticks.append(tick)
        layout.addLayout(grid)
        self.result_label = QLabel()
        self.result_label.setObjectName("sla_classify_result")
        layout.addWidget(self.result_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ticks[current - 1].setChecked(True)
        self._update()

    def level(self) -> int | None:
        """The overall level (None when nothing is ticked)."""
        return classify([i + 1 for i, tick in enumerate(self.ticks) if tick.isChecked()])

    def _update(self) -> None:
        level = self.level()
        if level is None:
            self.result_label.setText(self.tr("请至少勾选一项"))
            return
        self.result_label.setText(self.tr("综合等级：") + contact_text(level))


def naive_now_text(us: int) -> str:
    """A file-name friendly timestamp."""
    return datetime.fromtimestamp(us / 1_000_000, tu.CST).strftime("%Y%m%d-%H%M")

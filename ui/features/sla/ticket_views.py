"""The ticket dialog's read-only views: the clock table with its 日历未核实 note, and the timeline.

The dialog builds these widgets here and refills them after every read (:func:`show_clocks` on
each tick of the board's timer, :func:`show_timeline` after a write). Their texts keep the
translation context of the dialog they are shown in, ``TicketDialog``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from app.ops import timeutil as tu
from app.ops.boardview import colour, duration_text
from app.ops.clocks import ClockEngine
from app.ops.contract import EVENT_NAMES, facts
from app.ops.ledger import EventRecord
from app.ops.tickets import Ticket
from ui.features.sla.forms import local_text
from ui.features.sla.model import TINTS

STATUS_TEXT = {"met": "达标", "breached": "超时", "pending": "计时中", "at_risk": "临近超时"}
RECORD_NAMES = {**EVENT_NAMES, "updated": "修改基本信息", "evaluated": "处理评定", "void": "撤销"}
"""The timeline's names: the contract's event types and the ledger's own records (app.ops.ledger)."""


def _read_only_table(name: str, headers: list[str]) -> QTableWidget:
    """A read-only table with these (translated) column headers and no row header."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def clock_table() -> QTableWidget:
    """The 概况与时钟 tab's table, one row per clock of the ticket (filled by :func:`show_clocks`)."""
    headers = [
        QCoreApplication.translate("TicketDialog", "时钟"),
        QCoreApplication.translate("TicketDialog", "目标"),
        QCoreApplication.translate("TicketDialog", "已用"),
        QCoreApplication.translate("TicketDialog", "剩余"),
        QCoreApplication.translate("TicketDialog", "截止"),
        QCoreApplication.translate("TicketDialog", "状态"),
    ]
    table = _read_only_table("sla_ticket_clocks", headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def calendar_note() -> QLabel:
    """The 日历未核实 note above the clocks; its link (to 设置 → 工作日历) is the dialog's to connect."""
    note = QLabel()
    note.setObjectName("sla_ticket_calendar")
    note.setStyleSheet("background: #FFF3CD; padding: 4px;")
    note.setWordWrap(True)
    note.setTextFormat(Qt.TextFormat.RichText)
    return note


def show_clocks(table: QTableWidget, note: QLabel, engine: ClockEngine, ticket: Ticket, now: int) -> None:
    """Evaluate the ticket's clocks at ``now`` into ``table``; ``note`` names the unverified calendar years.

    Args:
        table: A :func:`clock_table`.
        note: A :func:`calendar_note`, hidden while every year the clocks touched is verified.
        engine: The board's clock engine (the contract's policy and calendar).
        ticket: The ticket as last read.
        now: "Now" in microseconds.
    """
    result = engine.evaluate(ticket, now)
    names = {c.key: c.name for c in engine.policy.clocks}
    table.setRowCount(len(result.clocks))
    years: set[int] = set()
    for r, c in enumerate(result.clocks):
        left = c.target - c.elapsed
        cells = [
            names.get(c.key, c.key),
            duration_text(c.target, working=c.working),
            duration_text(c.elapsed, working=c.working),
            "—" if c.stopped else (("超 " if left < 0 else "") + duration_text(left, working=c.working)),
            local_text(c.due) if c.due is not None else "—",
            STATUS_TEXT[c.status] + (QCoreApplication.translate("TicketDialog", "（挂起）") if c.paused else ""),
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col == 5:
                item.setForeground(TINTS[colour(c)])
            table.setItem(r, col, item)
        years.update(c.unverified_years)
    note.setVisible(bool(years))
    if years:
        text = QCoreApplication.translate(
            "TicketDialog", "日历未核实：%1 年的节假日安排尚未录入（%2），按工作时间计的时钟按周末推算。"
        )
        link = '<a href="calendar">' + QCoreApplication.translate("TicketDialog", "设置 → 工作日历") + "</a>"
        note.setText(text.replace("%1", "、".join(str(y) for y in sorted(years))).replace("%2", link))


def timeline_table() -> QTableWidget:
    """The 时间线与事件 tab's table, one row per ledger record (filled by :func:`show_timeline`)."""
    headers = [
        QCoreApplication.translate("TicketDialog", "序号"),
        QCoreApplication.translate("TicketDialog", "时间"),
        QCoreApplication.translate("TicketDialog", "事件"),
        QCoreApplication.translate("TicketDialog", "内容"),
        QCoreApplication.translate("TicketDialog", "记录"),
        QCoreApplication.translate("TicketDialog", "说明"),
    ]
    table = _read_only_table("sla_ticket_timeline", headers)
    header = table.horizontalHeader()
    for column in (0, 1, 2, 4):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


def show_timeline(table: QTableWidget, history: Sequence[EventRecord]) -> None:
    """Show the ticket's ledger in ``table``, row n being ``history[n]``; corrected records are greyed.

    Args:
        table: A :func:`timeline_table`.
        history: The ticket's ledger records in order, corrections and withdrawals included.
    """
    corrected_by = {r.corrects: r.seq for r in history if r.corrects is not None}
    table.setRowCount(len(history))
    for row, r in enumerate(history):
        content = _content(r)
        notes = []
        if r.corrects is not None:
            notes.append(QCoreApplication.translate("TicketDialog", "更正 #%1").replace("%1", str(r.corrects)))
        if r.seq in corrected_by:
            notes.append(
                QCoreApplication.translate("TicketDialog", "已被 #%1 更正或撤销").replace(
                    "%1", str(corrected_by[r.seq])
                )
            )
        for key, label in (
            ("backdate_reason", QCoreApplication.translate("TicketDialog", "补录：")),
            ("correction_reason", QCoreApplication.translate("TicketDialog", "原因：")),
        ):
            if r.data.get(key):
                notes.append(label + str(r.data[key]))
        cells = [
            str(r.seq),
            local_text(tu.to_us(tu.parse_instant(r.at))),
            RECORD_NAMES.get(r.type, r.type),
            content,
            f"{r.actor} {r.recorded_at[:16].replace('T', ' ')}",
            "；".join(notes),
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if r.seq in corrected_by:
                item.setForeground(QColor("#9AA5B1"))
            table.setItem(row, col, item)


def _content(r: EventRecord) -> str:
    d = r.data
    parts = []
    if r.type in ("reported", "updated"):
        for key in ("title", "assignee", "category"):
            if d.get(key):
                parts.append(str(d[key]))
    if "level" in d and r.type in ("reported", "level_changed"):
        parts.append(facts().level(int(d["level"])).name)
    for key in ("reason", "text", "by"):
        if d.get(key):
            parts.append(str(d[key]))
    if d.get("channel"):
        parts.append(facts().channel_name(str(d["channel"])))
    if r.type == "evaluated":
        marks = d.get("evaluation") or {}
        parts.append("、".join(f"{c.name}{marks[c.key]['mark']}" for c in facts().criteria if c.key in marks))
    return "；".join(parts)

"""Tickets from spreadsheets (.xlsx, .csv) through a column mapping, into ``ops-tickets/1``.

Two layouts, mixable in one file:

* **one row per event** – a ticket-id column, an event-type column and a time column (plus the
  event's reason, new level, channel, person, note); consecutive rows with the same id form a
  ticket, and its header columns (title, level, kind …) are read from its first row;
* **one row per ticket** – time columns per event type (``reported.at``, ``acknowledged.at`` …),
  e.g. 报告时间, 响应时间, 恢复时间, 解决时间 of an older ticket list.

The mapping (``--mapping M.json``) names the file's columns and translates values::

    {"columns": {"单号": "id", "级别": "level", "报告": "reported.at", "处理人": "assignee"},
     "values": {"level": {"紧急": 1}, "event.type": {"暂停": "paused"}}}

Without a mapping, field names (``id``, ``level``, ``event.type`` …) and the Chinese headers in
:data:`DEFAULT_COLUMNS` are recognised. Values accept the Chinese names too (``一级``, ``宕机``,
``挂起``, ``是``). Every problem is reported with its row number; the caller imports nothing
unless the whole file is valid.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.core.errors import InputError, InputErrors
from app.core.jsonfile import read_json_file
from app.ops import timeutil as tu
from app.ops.contract import EVENT_NAMES, EVENT_TYPES
from app.ops.policy import Policy
from app.ops.ticketformat import parse_tickets
from app.ops.tickets import FORMAT, TicketFile

HEADER_FIELDS = ("id", "title", "level", "kind", "onsite_required", "category", "assignee")
EVENT_FIELDS = ("event.type", "event.at", "event.reason", "event.level", "event.channel", "event.by", "event.text")
DEFAULT_COLUMNS = {
    "工单编号": "id",
    "工单号": "id",
    "编号": "id",
    "标题": "title",
    "故障描述": "title",
    "等级": "level",
    "故障等级": "level",
    "类型": "kind",
    "工单类型": "kind",
    "需现场服务": "onsite_required",
    "安全事件类别": "category",
    "负责人": "assignee",
    "事件": "event.type",
    "事件类型": "event.type",
    "时间": "event.at",
    "事件时间": "event.at",
    "原因": "event.reason",
    "新等级": "event.level",
    "渠道": "event.channel",
    "反馈方式": "event.channel",
    "人员": "event.by",
    "说明": "event.text",
    "报告时间": "reported.at",
    "响应时间": "acknowledged.at",
    "要求现场时间": "onsite_requested.at",
    "到场时间": "onsite_arrived.at",
    "恢复时间": "restored.at",
    "解决时间": "resolved.at",
    "方案提交时间": "plan_submitted.at",
    "关闭时间": "closed.at",
}
_LEVEL_WORDS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "五级": 5}
_KIND_WORDS = {"故障": "fault", "宕机": "outage", "安全事件": "security", "安全": "security"}
_TRUE = {"true", "1", "是", "y", "yes", "需要", "√"}
_FALSE = {"false", "0", "否", "n", "no", "不需要", ""}
_WIDE = re.compile(r"^([a-z_]+)\.at$")


def _cells(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header and data rows (with their 1-based row numbers) of a .xlsx or .csv file."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(path)
    if suffix == ".csv":
        return _csv(path)
    raise InputError(str(path), "只支持 .json、.xlsx 和 .csv 文件")


def _xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(str(path), f"无法读取 Excel 文件（{type(exc).__name__}）") from None
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        raise InputError(str(path), "工作表为空")
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    return header, [(i + 2, list(r)) for i, r in enumerate(rows[1:]) if any(c not in (None, "") for c in r)]


def _csv(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    raw = path.read_bytes() if path.exists() else None
    if raw is None:
        raise InputError(str(path), "文件不存在")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte sequence
        raise InputError(str(path), "无法识别的文字编码")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(str(path), "文件为空")
    header = [c.strip() for c in rows[0]]
    return header, [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c.strip() for c in r)]


def load_mapping(path: str | None) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Read a mapping file (or the defaults): column → field, and per-field value translations.

    Raises:
        InputError: A bad mapping file (naming the field).
    """
    columns: dict[str, str] = dict(DEFAULT_COLUMNS)
    columns.update({f: f for f in (*HEADER_FIELDS, *EVENT_FIELDS)})
    columns.update({"type": "event.type", "at": "event.at"})
    columns.update({f"{t}.at": f"{t}.at" for t in EVENT_TYPES})
    values: dict[str, dict[str, Any]] = {}
    if path is None:
        return columns, values
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise InputError(path, '映射文件必须是 JSON 对象 {"columns": {…}, "values": {…}}')
    known = {*HEADER_FIELDS, *EVENT_FIELDS, *(f"{t}.at" for t in EVENT_TYPES)}
    for column, target in (data.get("columns") or {}).items():
        if target not in known:
            raise InputError(f"{path}: columns.{column}", f"未知的字段 “{target}”（可用：{'、'.join(sorted(known))}）")
        columns[str(column).strip()] = target
    for target, table in (data.get("values") or {}).items():
        if target not in known or not isinstance(table, dict):
            raise InputError(f"{path}: values.{target}", "应为 字段 → {原值: 新值} 的对象")
        values[target] = {str(k).strip(): v for k, v in table.items()}
    for key in data:
        if key not in ("columns", "values"):
            raise InputError(f"{path}: {key}", "未知的映射字段（可用：columns、values）")
    return columns, values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _time(value: Any) -> str:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=tu.SHANGHAI)
        return tu.iso_dt(aware)
    if isinstance(value, date):
        return f"{value.isoformat()}"  # a date without a time: the parser reports it
    return _text(value)


class _Rows:
    def __init__(self, header: list[str], columns: dict[str, str], values: dict[str, dict[str, Any]]) -> None:
        self.index = {columns[h]: i for i, h in enumerate(header) if h in columns}
        self.values = values
        if "id" not in self.index:
            raise InputError("columns", "找不到工单编号列（id / 工单编号），请用 --mapping 指定")
        self.wide = [(f, m.group(1)) for f in self.index if (m := _WIDE.match(f)) and m.group(1) in EVENT_TYPES]
        if "event.type" not in self.index and not self.wide:
            raise InputError("columns", "找不到事件列（event.type 与 event.at，或 报告时间、响应时间 等时间列）")

    def get(self, row: list[Any], field: str) -> Any:
        i = self.index.get(field)
        value = row[i] if i is not None and i < len(row) else None
        table = self.values.get(field)
        key = _text(value)
        if table is not None and key in table:
            return table[key]
        return value


def _level(value: Any) -> Any:
    text = _text(value)
    if text in _LEVEL_WORDS:
        return _LEVEL_WORDS[text]
    if re.fullmatch(r"[1-5](级)?", text):
        return int(text[0])
    return value if isinstance(value, int) else text or None


def _kind(value: Any) -> Any:
    text = _text(value)
    return _KIND_WORDS.get(text, text or "fault")


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


def _event_type(value: Any) -> Any:
    text = _text(value)
    by_name = {name: key for key, name in EVENT_NAMES.items()}
    return by_name.get(text, text)


def _header(rows: _Rows, row: list[Any]) -> dict[str, Any]:
    category = _text(rows.get(row, "category")) or None
    return {
        "id": _text(rows.get(row, "id")),
        "title": _text(rows.get(row, "title")),
        "level": _level(rows.get(row, "level")),
        "kind": _kind(rows.get(row, "kind")),
        "onsite_required": _flag(rows.get(row, "onsite_required")),
        "category": category,
        "assignee": _text(rows.get(row, "assignee")),
        "events": [],
    }


def _events(rows: _Rows, row: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if "event.type" in rows.index:
        etype = _event_type(rows.get(row, "event.type"))
        if etype:
            event: dict[str, Any] = {"type": etype, "at": _time(rows.get(row, "event.at"))}
            for key in ("reason", "channel", "by", "text"):
                value = _text(rows.get(row, f"event.{key}"))
                if value:
                    event[key] = value
            if etype == "level_changed":
                event["level"] = _level(rows.get(row, "event.level"))
            out.append(event)
    for field, etype in rows.wide:
        value = rows.get(row, field)
        if _text(value):
            out.append({"type": etype, "at": _time(value)})
    return out


def _sort_key(event: dict[str, Any]) -> tuple[int, int]:
    try:
        return tu.to_us(tu.parse_instant(event["at"])), 0 if event["type"] == "reported" else 1
    except tu.BadTime:
        return 0, 0  # left in place; the parser names the bad time


def read_table(path: str | Path, mapping: str | None = None) -> tuple[TicketFile, Policy]:
    """Read a spreadsheet into validated tickets.

    Raises:
        InputErrors: Every bad row, as ``第 N 行``, in row order.
    """
    path = Path(path)
    header, data = _cells(path)
    columns, values = load_mapping(mapping)
    rows = _Rows(header, columns, values)
    tickets: list[dict[str, Any]] = []
    rows_of: list[list[int]] = []  # per ticket, the source row of each event
    first_row: list[int] = []
    by_id: dict[str, int] = {}
    for number, row in data:
        head = _header(rows, row)
        index = by_id.get(head["id"]) if head["id"] else None
        if index is None:
            index = len(tickets)
            tickets.append(head)
            rows_of.append([])
            first_row.append(number)
            if head["id"]:
                by_id[head["id"]] = index
        for event in _events(rows, row):
            tickets[index]["events"].append((event, number))
    for i, t in enumerate(tickets):
        ordered = sorted(t["events"], key=lambda pair: _sort_key(pair[0]))
        t["events"] = [e for e, _n in ordered]
        rows_of[i] = [n for _e, n in ordered]
    try:
        return parse_tickets({"format": FORMAT, "policy": {}, "tickets": tickets})
    except InputErrors as exc:
        raise InputErrors(_by_row(exc.errors, rows_of, first_row)) from None


_FIELD = re.compile(r"^tickets\[(\d+)\](?:\.events\[(\d+)\])?(?:\.(\w+))?")


def _by_row(errors: Iterable[InputError], rows_of: list[list[int]], first_row: list[int]) -> list[InputError]:
    located: list[tuple[int, InputError]] = []
    for e in errors:
        m = _FIELD.match(e.field)
        if m is None:
            located.append((0, e))
            continue
        ticket, event = int(m.group(1)), m.group(2)
        row = rows_of[ticket][int(event)] if event is not None and int(event) < len(rows_of[ticket]) else None
        number = row if row is not None else first_row[ticket]
        located.append((number, InputError(f"第 {number} 行", e.reason)))
    located.sort(key=lambda pair: pair[0])
    return [e for _n, e in located]

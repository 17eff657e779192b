"""Importing tickets from Excel and CSV through a column mapping; every bad row is reported."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.core.errors import InputError, InputErrors
from app.ops import timeutil as tu
from app.ops.tabular import read_table


def naive(text: str) -> datetime:
    """A naive local time, as the old ticket columns and Excel cells hold them."""
    return datetime.fromisoformat(text)


EVENT_ROWS = [
    ["工单编号", "标题", "等级", "类型", "安全事件类别", "事件", "时间", "原因", "新等级"],
    ["T-1", "登录失败", "一级", "故障", "", "报告", "2026-03-02 09:00", "", ""],
    ["T-1", "", "", "", "", "响应", "2026-03-02 09:20", "", ""],
    ["T-1", "", "", "", "", "挂起", "2026-03-02 09:30", "等待医院", ""],
    ["T-1", "", "", "", "", "resumed", "2026-03-02 10:30", "", ""],
    ["T-1", "", "", "", "", "等级变更", "2026-03-02 10:40", "", "2"],
    ["S-1", "异常登录", "4", "安全事件", "非法访问", "reported", "2026-03-03T08:00:00+08:00", "", ""],
]


def write_csv(tmp_path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text("\n".join(",".join(r) for r in rows), encoding=encoding)
    return path


def test_csv_one_row_per_event_with_chinese_headers_and_values(tmp_path) -> None:
    parsed, _ = read_table(write_csv(tmp_path, EVENT_ROWS))
    t1, s1 = parsed.tickets
    assert (t1.id, t1.level, t1.kind, t1.title) == ("T-1", 1, "fault", "登录失败")
    assert [e.type for e in t1.events] == ["reported", "acknowledged", "paused", "resumed", "level_changed"]
    assert t1.events[2].reason == "等待医院" and t1.events[4].level == 2
    assert t1.events[0].at == tu.to_us(tu.parse_instant("2026-03-02T09:00:00+08:00"))
    assert (s1.kind, s1.category, s1.level) == ("security", "非法访问", 4)


def test_gbk_csv_from_excel(tmp_path) -> None:
    parsed, _ = read_table(write_csv(tmp_path, EVENT_ROWS, encoding="gb18030"))
    assert parsed.tickets[0].title == "登录失败"


def test_every_bad_row_is_reported_with_its_number(tmp_path) -> None:
    rows = [r[:] for r in EVENT_ROWS]
    rows[2][6] = "2026-03-02 08:00"  # acknowledged before reported (row 3)
    rows[6][2] = "七级"  # unknown level (row 7)
    rows.append(["T-9", "x", "3", "故障", "", "飞走", "2026-03-04 09:00", "", ""])  # unknown type (row 8)
    with pytest.raises(InputErrors) as info:
        read_table(write_csv(tmp_path, rows))
    fields = [e.field for e in info.value.errors]
    assert "第 3 行" in fields and "第 7 行" in fields and "第 8 行" in fields
    assert fields == sorted(fields, key=lambda f: int(f.split()[1]))


def test_one_row_per_ticket_with_a_mapping(tmp_path) -> None:
    rows = [
        ["单号", "描述", "级别", "报告", "响应", "恢复", "解决", "处理人"],
        [
            "A-1",
            "无法上报",
            "紧急",
            "2026-03-02 09:00",
            "2026-03-02 09:10",
            "2026-03-02 11:00",
            "2026-03-02 12:00",
            "黄工",
        ],
        ["A-2", "页面错位", "低", "2026-03-02 10:00", "2026-03-02 10:40", "", "", ""],
    ]
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    "单号": "id",
                    "描述": "title",
                    "级别": "level",
                    "报告": "reported.at",
                    "响应": "acknowledged.at",
                    "恢复": "restored.at",
                    "解决": "resolved.at",
                    "处理人": "assignee",
                },
                "values": {"level": {"紧急": 1, "低": 5}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    parsed, _ = read_table(write_csv(tmp_path, rows), str(mapping))
    a1, a2 = parsed.tickets
    assert [e.type for e in a1.events] == ["reported", "acknowledged", "restored", "resolved"]
    assert a1.level == 1 and a1.assignee == "黄工"
    assert [e.type for e in a2.events] == ["reported", "acknowledged"] and a2.level == 5


def test_bad_mapping_names_the_field(tmp_path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"columns": {"单号": "identifier"}}), encoding="utf-8")
    with pytest.raises(InputError, match="identifier"):
        read_table(write_csv(tmp_path, EVENT_ROWS), str(mapping))


def test_missing_id_column(tmp_path) -> None:
    with pytest.raises(InputError, match="工单编号"):
        read_table(write_csv(tmp_path, [["名称", "事件"], ["x", "报告"]]))


def test_xlsx_with_real_datetime_cells(tmp_path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["id", "level", "event.type", "event.at", "event.reason"])
    ws.append(["X-1", 3, "reported", naive("2026-10-09T16:00"), None])
    ws.append(["X-1", None, "acknowledged", naive("2026-10-09T16:05"), None])
    ws.append(["X-1", None, "paused", naive("2026-10-09T16:30"), "等待"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    parsed, _ = read_table(path)
    t = parsed.tickets[0]
    assert t.level == 3 and [e.type for e in t.events] == ["reported", "acknowledged", "paused"]
    assert tu.iso(t.events[0].at) == "2026-10-09T16:00:00+08:00"


def test_cli_import_of_a_bad_xlsx_imports_nothing(ctx, tmp_path, capsys) -> None:
    from app.cli.main import main
    from app.ops.repository import OpsRepository

    book = Workbook()
    ws = book.active
    ws.append(["id", "level", "event.type", "event.at"])
    ws.append(["X-1", 3, "reported", naive("2026-10-09T16:00")])
    ws.append(["X-2", 3, "reported", naive("2026-10-09T16:00")])
    ws.append(["X-2", None, "resumed", naive("2026-10-09T16:05")])
    ws.append(["X-3", 8, "reported", naive("2026-10-09T16:00")])
    path = tmp_path / "t.xlsx"
    book.save(path)
    before = len(OpsRepository(ctx.store).tickets(1))
    assert main(["--data-dir", ctx.data_dir, "sla", "import", str(path), "--contract", "1"]) == 2
    err = capsys.readouterr().err
    assert "第 4 行" in err and "第 5 行" in err and "未导入" in err
    assert len(OpsRepository(ctx.store).tickets(1)) == before

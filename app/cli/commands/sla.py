"""``workbench sla evaluate|import|report|verify``: the operations contract's SLA clocks."""

from __future__ import annotations

import argparse
import json
import sys

from app.bootstrap import CliContext

NAME = "sla"
HELP = "运维 SLA：evaluate 计算各工单的 SLA 时钟、import 导入工单、report 生成月度报告、verify 校验工单事件哈希链"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the sla actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    ev = actions.add_parser("evaluate", help="计算 SLA 时钟（ops-tickets/1 文件或已保存的合同）")
    ev.add_argument("file", nargs="?", help="ops-tickets/1 JSON 文件")
    ev.add_argument("--contract", type=int, help="已保存的运维合同编号（见 `workbench sla contracts`）")
    ev.add_argument("--at", help="计算时刻，ISO 8601（默认：现在；不带时区按北京时间）")
    ev.add_argument("--json", action="store_true", help="输出 ops-sla/1 JSON")

    im = actions.add_parser("import", help="导入工单（JSON、.xlsx 或 .csv；任一行有误则全部不导入）")
    im.add_argument("file", help="ops-tickets/1 JSON、.xlsx 或 .csv 文件")
    im.add_argument("--mapping", help="Excel/CSV 列映射 JSON 文件（列名 → 字段）")
    im.add_argument("--contract", type=int, help="导入到的运维合同编号（默认：唯一的合同）")

    rp = actions.add_parser("report", help="生成月度运维报告（PDF 或 Excel）")
    rp.add_argument("--month", required=True, help="报告月份，如 2026-03")
    rp.add_argument("--contract", type=int, help="运维合同编号（默认：唯一的合同）")
    rp.add_argument("--at", help="SLA 计算时刻，ISO 8601（默认：现在）")
    rp.add_argument("-o", "--output", required=True, help="输出文件 report.pdf 或 report.xlsx")

    actions.add_parser("verify", help="校验每个工单事件的哈希链（完好退出码 0，被篡改 1）")
    actions.add_parser("contracts", help="列出运维合同")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Dispatch to the action."""
    from app.cli.commands._sla_actions import ACTIONS

    return ACTIONS[args.action](args, ctx)


def print_json(value: object) -> None:
    """Write a JSON document to stdout (UTF-8, not ASCII-escaped)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

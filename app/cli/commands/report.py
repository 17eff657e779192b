"""``workbench report CASE.json|--case ID -o report.pdf [--copies N] [--split] [--draft]``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from app.cli.commands._caseargs import add_case_source, load_case_bundle
from app.core.errors import InputError

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "report"
HELP = "生成商用密码应用安全性评估报告 PDF（一式 N 份，每份独立编页，可按份拆分）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the report command's arguments."""
    add_case_source(parser)
    parser.add_argument("-o", "--output", required=True, metavar="REPORT.pdf", help="输出的 PDF 文件")
    parser.add_argument("--copies", type=int, metavar="N", help="份数 1–9（默认取设置“报告份数”，通常为 3）")
    parser.add_argument("--split", action="store_true", help="每份单独输出一个文件：REPORT-1of3.pdf …")
    parser.add_argument("--draft", action="store_true", help="允许未测项（按 0 分计），每页加“草稿”水印")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="封面报告日期（默认取分析与报告编制阶段结束日，否则今天）")


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--date", f"应为 YYYY-MM-DD 格式的日期，而不是 “{text}”") from None


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Generate the report; warnings go to stderr, the written files to stdout."""
    import sys

    from reports.service import generate_pdf

    bundle = load_case_bundle(args, ctx)
    copies = args.copies if args.copies is not None else int(ctx.settings.get("report_copies"))
    report_date = _date(args.date)
    result = generate_pdf(
        bundle,
        args.output,
        copies=copies,
        split=args.split,
        draft=args.draft,
        assessor=str(ctx.settings.get("assessor_org") or ""),
        report_date=report_date,
    )
    for notice in bundle.case.notices:
        sys.stderr.write(f"workbench: warning: {notice}\n")
    pages = result.pages_per_copy
    for path in result.paths:
        sys.stdout.write(f"{path}\n")
    total = pages * copies
    sys.stdout.write(f"已生成{'草稿' if args.draft else ''}报告：一式 {copies} 份，每份 {pages} 页，共 {total} 页\n")
    return 0

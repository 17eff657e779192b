"""``workbench export-xlsx CASE.json|--case ID -o record.xlsx [--draft]``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.commands._caseargs import add_case_source, load_case_bundle

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "export-xlsx"
HELP = "导出测评记录与量化评估 Excel 工作簿（表A-1…A-8、实时公式的量化评估、高风险与风险分析）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the export-xlsx command's arguments."""
    add_case_source(parser)
    parser.add_argument("-o", "--output", required=True, metavar="RECORD.xlsx", help="输出的 Excel 文件")
    parser.add_argument("--draft", action="store_true", help="允许未测项（按 0 分计）")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write the workbook and print its path."""
    import sys

    from reports.service import generate_xlsx

    bundle = load_case_bundle(args, ctx)
    path = generate_xlsx(bundle, args.output, draft=args.draft, assessor=str(ctx.settings.get("assessor_org") or ""))
    sys.stdout.write(f"{path}\n")
    return 0

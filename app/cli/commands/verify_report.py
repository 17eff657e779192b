"""``workbench verify-report REPORT.pdf CASE.json|--case ID``: exit 0 when they match, 1 when not."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.commands._caseargs import add_case_source, load_case_bundle

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "verify-report"
HELP = "核验报告 PDF 是否由该测评案例生成（比对案例指纹 SHA-256；一致退出码 0，不一致 1）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the verify-report command's arguments."""
    parser.add_argument("report", metavar="REPORT.pdf", help="workbench report 生成的报告")
    add_case_source(parser)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Compare fingerprints; print the verdict on stdout."""
    import sys

    from reports.service import verify_report

    bundle = load_case_bundle(args, ctx)
    outcome = verify_report(args.report, bundle.case)
    if outcome.matches:
        sys.stdout.write(f"一致：报告由该测评案例生成（案例指纹 {outcome.case}）\n")
        return 0
    if outcome.report is None:
        sys.stdout.write("不一致：报告中没有案例指纹（不是 workbench 生成的报告，或已被改写）\n")
    else:
        sys.stdout.write(f"不一致：报告指纹 {outcome.report}，案例指纹 {outcome.case}（报告生成后测评数据已改变）\n")
    return 1

"""``workbench score CASE.json [--json] [--partial]``: score a mipin-case/1 file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "score"
HELP = "按 2023 量化评估规则为 mipin-case/1 测评案例计分，给出高风险与评估结论"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the score command's arguments."""
    parser.add_argument("case_file", metavar="CASE.json", help="mipin-case/1 测评案例文件（UTF-8 JSON）")
    parser.add_argument("--json", action="store_true", help="输出 mipin-score/1 JSON，而不是可读摘要")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="允许未测的测评单元或对象：按 0 计分，并给出未测项按 0 与按 1 计时的分数区间",
    )


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Score the case and print the summary or JSON; warnings go to stderr."""
    import json
    import sys

    from app.mipin.engine import UntestedError, load_case_file, render_summary, score_case, score_json

    case = load_case_file(args.case_file)
    try:
        result = score_case(case, partial=args.partial)
    except UntestedError as exc:
        raise UntestedError(exc.items, hint="；如需按未测计分请使用 --partial") from None
    for notice in result.warnings:
        sys.stderr.write(f"workbench: warning: {notice}\n")
    if args.json:
        sys.stdout.write(json.dumps(score_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_summary(result, case.system))
    return 0

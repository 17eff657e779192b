"""``workbench plan-review CASE.json|--case ID -o review.pdf [--json]``: the 方案评估报告."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli.commands._plansource import add_plan_options, load_case_and_plan

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "plan-review"
HELP = "方案评估：按检查表评估密改方案并输出方案评估报告 PDF；通过时退出码 0，需修改时 1 并列出不符合项"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the plan-review command's arguments."""
    parser.add_argument("case_file", nargs="?", metavar="CASE.json", help="mipin-case/1 案例文件（可带 plan 键）")
    add_plan_options(parser)
    parser.add_argument("-o", "--output", metavar="REVIEW.pdf", help="输出的方案评估报告 PDF")
    parser.add_argument("--json", action="store_true", help="输出评估结果 JSON")
    parser.add_argument("--reviewer", default="", help="评估人")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Review the plan; 0 on 通过, 1 on 需修改 (the failing checks are named)."""
    from app.plan.model import PASSED
    from app.plan.plandump import dump_plan
    from app.plan.review import review_plan

    case, plan, prices = load_case_and_plan(args.case_file, args, ctx)
    plan, review = review_plan(case, plan, prices, reviewer=args.reviewer)
    if args.case_id is not None:
        from app.plan.repository import save_review

        save_review(ctx.store, args.case_id, plan)
    if args.output:
        from reports.plan_pdf import write_pdf
        from reports.plan_review_content import review_document

        path, _ = write_pdf(review_document(case, plan, review), args.output)
        if not args.json:
            sys.stdout.write(f"{path}\n")
    failing = [r for r in review.results if not r.passed]
    if args.json:
        out = dump_plan(plan)["reviews"][-1]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(f"评估结论：{review.conclusion}（第 {review.number} 次评估）\n")
        for r in failing:
            grade = "必须" if r.grade == "must" else "建议"
            sys.stdout.write(f"  需修改 [{grade}] {r.check} {r.title}：{'；'.join(r.findings)}\n")
    return 0 if review.conclusion == PASSED else 1

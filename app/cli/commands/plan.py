"""``workbench plan CASE.json|--case ID -o plan.docx|plan.pdf [--json]`` and ``workbench plan optimise …``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.cli.commands._plansource import add_plan_options, load_case_and_plan
from app.core.errors import InputError

if TYPE_CHECKING:
    from app.bootstrap import CliContext

NAME = "plan"
HELP = "密改方案：导出 DOCX/PDF（plan CASE.json -o 方案.docx），或求最省方案（plan optimise CASE.json）"
OPTIMISE_WORDS = ("optimise", "optimize")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the plan command's arguments."""
    parser.add_argument(
        "words",
        nargs="*",
        metavar="[optimise] CASE.json",
        help="mipin-case/1 案例文件（可带 plan 键）；前加 optimise 求达到目标结论的最省条目组合",
    )
    add_plan_options(parser)
    parser.add_argument(
        "-o", "--output", metavar="PLAN.docx|PLAN.pdf", help="导出的方案文件（按扩展名选择 DOCX 或 PDF）"
    )
    parser.add_argument(
        "--json", action="store_true", help="输出 JSON：当前与实施后的评分（mipin-score/1）、费用与条目"
    )
    parser.add_argument("--draft", action="store_true", help="允许导出仍含不符合项的方案（标注“草稿”）")
    parser.add_argument("--target", default="基本符合", help="optimise 的目标结论：基本符合（默认）或 符合")
    parser.add_argument(
        "--unknown-cost",
        choices=("zero", "avoid"),
        default="zero",
        help="optimise 时费用未知的条目：zero 按 0 计（结果为下界，默认）；avoid 尽量不选",
    )


def _split(args: argparse.Namespace) -> tuple[bool, str | None]:
    words = list(args.words)
    optimise = bool(words) and words[0] in OPTIMISE_WORDS
    if optimise:
        words = words[1:]
    if len(words) > 1:
        raise InputError("CASE.json", f"只能给出一个案例文件，多出了 “{words[1]}”")
    return optimise, (words[0] if words else None)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Export the plan, or optimise it."""
    optimise, case_file = _split(args)
    case, plan, prices = load_case_and_plan(case_file, args, ctx)
    if optimise:
        return _optimise(args, case, plan, prices)
    return _export(args, case, plan, prices)


def _optimise(args: argparse.Namespace, case: Any, plan: Any, prices: Any) -> int:
    from app.mipin.engine import score_json
    from app.plan.costs import format_amount, item_costs
    from app.plan.optimise import optimise

    candidates = [i for i in plan.items if not i.stale]
    costs = item_costs(plan.items, prices)
    result = optimise(case, candidates, costs, target=args.target, unknown=args.unknown_cost)
    if args.json:
        out = {
            "format": "mipin-plan-optimum/1",
            "target": result.target,
            "feasible": result.feasible,
            "chosen": list(result.chosen),
            "cost": float(result.cost),
            "unknown_cost": list(result.unknown_cost),
            "unknown_mode": result.unknown_mode,
            "proved_optimal": result.proved_optimal,
            "solver": result.solver,
            "message": result.message,
            "reasons": {d.key: d.reason(case.threshold, result.target) for d in result.reasons},
            "projected": score_json(result.projected) if result.projected else None,
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not result.feasible:
        sys.stdout.write(result.message + "\n")
        return 0
    proved = "已证明最优" if result.proved_optimal else "未能证明最优（求解超时）"
    cost = format_amount(result.cost) + " 万元"
    if result.unknown_cost:
        cost += f"（另有 {len(result.unknown_cost)} 项措施费用未知）"
    assert result.projected is not None
    sys.stdout.write(
        f"达到{result.target}的最省方案：{len(result.chosen)} 项，费用 {cost}，{proved}；"
        f"实施后总分 {result.projected.total}，结论 {result.projected.conclusion}\n"
    )
    by_key = {d.key: d for d in result.reasons}
    for key in result.chosen:
        known = costs.get(key)
        sys.stdout.write(f"  {key}  {format_amount(known)}  {by_key[key].reason(case.threshold, result.target)}\n")
    if result.message:
        sys.stdout.write(f"注：{result.message}\n")
    sys.stdout.write(f"求解器：{result.solver}\n")
    return 0


def _export(args: argparse.Namespace, case: Any, plan: Any, prices: Any) -> int:
    from app.mipin.engine import score_json
    from app.plan.costs import item_costs
    from app.plan.projection import what_if
    from app.plan.sections import compliance_blockers

    if args.output is None and not args.json:
        raise InputError("-o", "请用 -o 给出导出的 PLAN.docx 或 PLAN.pdf（或加 --json 只输出评分）")
    if args.output is not None:
        suffix = args.output.lower().rsplit(".", 1)[-1]
        if suffix not in ("docx", "pdf"):
            raise InputError("-o", "扩展名应为 .docx 或 .pdf")
        blockers = compliance_blockers(plan)
        if blockers and not args.draft:
            raise InputError("plan.compliance", "；".join(blockers[:3]) + "，不能导出正式方案（加 --draft 导出草稿）")
        from reports.plan_content import plan_document

        document = plan_document(case, plan, prices, draft=args.draft)
        if suffix == "docx":
            from reports.plan_docx import write_docx

            path = write_docx(document, args.output)
            note = ""
        else:
            from reports.plan_pdf import write_pdf

            path, pages = write_pdf(document, args.output)
            note = f"，共 {pages} 页"
        if not args.json:
            sys.stdout.write(f"{path}\n已导出{'草稿' if document.draft else ''}密改方案{note}\n")
    if args.json:
        items = plan.active_items
        costs = item_costs(plan.items, prices)
        result = what_if(case, items, costs)
        out = {
            "format": "mipin-plan-result/1",
            "current": score_json(result.current),
            "projected": score_json(result.projected),
            "cost": {"known": float(result.known_cost), "unknown": list(result.unknown_cost)},
            "items": list(result.items),
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0

"""Shared by ``plan`` and ``plan-review``: the case and its plan from a file or the store, the prices."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import InputError

if TYPE_CHECKING:
    from app.bootstrap import CliContext
    from app.mipin.engine import CaseInput
    from app.plan.costs import Price
    from app.plan.model import Plan


def add_plan_options(parser: argparse.ArgumentParser) -> None:
    """``--case ID`` and ``--prices FILE.csv``."""
    parser.add_argument(
        "--case", dest="case_id", type=int, metavar="ID", help="改用工作台数据库中编号为 ID 的测评项目及其方案"
    )
    parser.add_argument(
        "--prices",
        metavar="PRICES.csv",
        help="价格表 CSV（产品类型,单价（万元）,备注）；默认使用工作台中的价格表（仅 --case 时）",
    )


def load_case_and_plan(
    case_file: str | None, args: argparse.Namespace, ctx: CliContext
) -> tuple[CaseInput, Plan, dict[str, Price]]:
    """The case, its plan (the stored or embedded one, else freshly generated) and the price list."""
    from app.plan.costs import prices_from_csv
    from app.plan.service import build_plan, read_case_with_plan

    if (case_file is None) == (args.case_id is None):
        raise InputError("CASE.json", "请给出测评案例文件或 --case ID（二者选一）")
    prices: dict[str, Price] = {}
    if case_file is not None:
        loaded = read_case_with_plan(case_file)
        case, plan = loaded.case, loaded.plan
    else:
        from app.plan.repository import load_plan, load_prices

        case, plan = load_plan(ctx.store, args.case_id)
        prices = {p.product_type: p for p in load_prices(ctx.store)}
    if args.prices:
        try:
            text = Path(args.prices).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError("--prices", f"无法读取：{exc.strerror}") from None
        except UnicodeDecodeError:
            raise InputError("--prices", "不是 UTF-8 编码的 CSV") from None
        prices = {p.product_type: p for p in prices_from_csv(text)}
    if plan is None:
        plan, _ = build_plan(case)
    return case, plan, prices

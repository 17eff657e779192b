"""The actions of ``workbench sla`` (imported lazily by :mod:`app.cli.commands.sla`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.bootstrap import CliContext
from app.core.errors import InputError, InputErrors
from app.ops import timeutil as tu
from app.ops.clocks import AT_RISK, BREACHED, MET, PENDING, ClockEngine, TicketResult
from app.ops.contract import facts
from app.ops.evaluate import parse_at
from app.ops.policy import Policy
from app.ops.slaformat import dump_results, summarise
from app.ops.tickets import Ticket

STATUS_NAMES = {MET: "达标", BREACHED: "超时", PENDING: "计时中", AT_RISK: "临近超时"}


def _clock_names(policy: Policy) -> dict[str, str]:
    return {c.key: c.name for c in policy.clocks}


def _print_text(results: list[TicketResult], policy: Policy, at: int) -> None:
    names = _clock_names(policy)
    print(f"SLA 计算时刻：{tu.from_us(at):%Y-%m-%d %H:%M:%S}（北京时间）")
    for r in results:
        paused = "，挂起中" if r.paused else ""
        print(f"{r.id}  {facts().level(r.level).name}  {r.status}{paused}")
        for c in r.clocks:
            unit = "工作分钟" if c.working else "分钟"
            due = f"{tu.from_us(c.due):%m-%d %H:%M}" if c.due is not None else "—"
            flag = "  日历未核实" if c.unverified_years else ""
            print(
                f"  {names.get(c.key, c.key):<10}目标 {c.target:g} {unit}  已用 {c.elapsed:.2f}  截止 {due}  "
                f"{STATUS_NAMES[c.status]}{flag}"
            )
    s = summarise(results)
    counts = f"达标 {s.met}，超时 {s.breached}，计时中 {s.pending}（其中临近超时 {s.at_risk}）"
    print(f"汇总：{counts}，达标率 {s.compliance:.2f}%")
    unverified = sorted({y for r in results for c in r.clocks for y in c.unverified_years})
    if unverified:
        years = "、".join(str(y) for y in unverified)
        print(f"注意：{years} 年的节假日安排未核实（日历未核实），请在 设置 → 工作日历 中录入当年的休息日和调休上班日")


def _stored(ctx: CliContext, contract_id: int | None) -> tuple[list[Ticket], Policy, int]:
    from app.ops.repository import OpsRepository

    repo = OpsRepository(ctx.store)
    contract = repo.contract(contract_id)
    return [row.ticket for row in repo.tickets(contract.id)], repo.policy(contract.id), contract.id


def evaluate(args: argparse.Namespace, ctx: CliContext) -> int:
    """``sla evaluate``: the clocks of a file's or a stored contract's tickets."""
    from app.cli.commands.sla import print_json

    if (args.file is None) == (args.contract is None):
        raise InputError("FILE|--contract", "请给出一个 ops-tickets/1 文件，或用 --contract 指定已保存的合同（二选一）")
    at = parse_at(args.at)
    if args.file is not None:
        from app.ops.ticketformat import load_tickets_file

        ctx.seed_demo = False
        parsed, policy = load_tickets_file(args.file)
        tickets = list(parsed.tickets)
        for notice in parsed.notices:
            sys.stderr.write(f"workbench: 提示: {notice}\n")
    else:
        tickets, policy, _cid = _stored(ctx, args.contract)
    results = ClockEngine(policy).evaluate_all(tickets, at)
    if args.json:
        print_json(dump_results(results, at))
    else:
        _print_text(results, policy, at)
    return 0


def import_tickets(args: argparse.Namespace, ctx: CliContext) -> int:
    """``sla import``: validate the whole file, then add every ticket in one transaction."""
    from app.ops.importing import import_parsed, read_any
    from app.ops.repository import OpsRepository

    try:
        parsed, _policy = read_any(args.file, args.mapping)
        repo = OpsRepository(ctx.store)
        if repo.contracts():
            contract = repo.contract(args.contract)
            if parsed.policy and parsed.policy != contract.policy:
                sys.stderr.write("workbench: 提示: 文件中的 policy 未应用，合同继续使用自己的 SLA 策略\n")
        target, count = import_parsed(ctx.store, parsed, args.contract, Path(args.file).stem)
    except InputErrors as exc:
        for error in exc.errors:
            sys.stderr.write(f"workbench: error: {error}\n")
        sys.stderr.write(f"workbench: error: 共 {len(exc.errors)} 处错误，未导入任何工单\n")
        return 2
    print(f"已导入 {count} 个工单到运维合同 {target}")
    return 0


def verify(args: argparse.Namespace, ctx: CliContext) -> int:
    """``sla verify``: exit 0 when every ledger is intact, 1 on a break (naming ticket and event)."""
    from app.ops.verify import verify_ledgers

    ctx.seed_demo = False
    report = verify_ledgers(ctx.store)
    if report.ok:
        print(f"工单事件完好：{report.tickets} 个工单、{report.events} 个事件，哈希链无断裂")
        return 0
    print(f"工单事件已被篡改：发现 {len(report.problems)} 处问题")
    for problem in report.problems:
        print(f"  - {problem.line()}")
    return 1


def contracts(args: argparse.Namespace, ctx: CliContext) -> int:
    """``sla contracts``: list the contracts with their ticket counts."""
    from app.ops.repository import OpsRepository

    repo = OpsRepository(ctx.store)
    found = repo.contracts()
    if not found:
        print("（暂无运维合同）")
    for c in found:
        period = f"{c.start or '?'} 至 {c.end or '?'}"
        print(f"{c.id}\t{c.name}\t{period}\t{len(repo.tickets(c.id))} 个工单")
    return 0


def report(args: argparse.Namespace, ctx: CliContext) -> int:
    """``sla report``: the monthly report as PDF or Excel."""
    from app.ops.monthly import build_month, parse_month

    out = Path(args.output)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise InputError("-o", "输出文件应为 .pdf 或 .xlsx")
    year, month = parse_month(args.month)
    at = parse_at(args.at) if args.at else None
    from app.ops.repository import OpsRepository

    repo = OpsRepository(ctx.store)
    data = build_month(ctx.store, repo.contract(args.contract).id, year, month, at)
    if out.suffix.lower() == ".pdf":
        from reports.ops_monthly_pdf import write_monthly_pdf

        write_monthly_pdf(data, out)
    else:
        from reports.ops_monthly_xlsx import write_monthly_xlsx

        write_monthly_xlsx(data, out)
    print(f"已生成 {year} 年 {month} 月运维报告：{out}")
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace, CliContext], int]] = {
    "evaluate": evaluate,
    "import": import_tickets,
    "report": report,
    "verify": verify,
    "contracts": contracts,
}

"""``workbench audit verify [--case ID]|list --case ID``: check and show the hash-chained audit trails."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "audit"
HELP = "审计记录：verify 校验哈希链（不带 --case 时校验全部；完好退出码 0，被篡改 1）、list 列出记录"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the audit actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    text = "校验审计记录未被修改、插入或删除"
    verify = actions.add_parser("verify", help=text, description=text)
    verify.add_argument(
        "--case", type=int, metavar="ID", help="测评项目编号（见 workbench case list）；默认校验全部审计链"
    )
    listing = actions.add_parser("list", help="列出审计记录", description="列出审计记录")
    listing.add_argument("--case", type=int, required=True, metavar="ID", help="测评项目编号（见 workbench case list）")


def _require_case(ctx: CliContext, case_id: int, *, has_records: bool) -> None:
    """Refuse an id that names neither a case nor a deleted case's audit trail (a typo)."""
    if has_records:
        return
    from app.core.errors import NotFoundError
    from app.mipin.tables import Case

    with ctx.store.read() as s:
        if s.get(Case, case_id) is None:
            raise NotFoundError(f"case {case_id} does not exist and has no audit records")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Verify (exit 0 intact, 1 tampered) or list the audit records of one case."""
    from app.store import audit

    ctx.seed_demo = False
    if args.action == "list":
        records = audit.records(ctx.store, args.case)
        _require_case(ctx, args.case, has_records=bool(records))
        if not records:
            print("（暂无审计记录）")
        for r in records:
            print(f"{r.id}\t{r.at:%Y-%m-%d %H:%M:%S}\t{r.actor}\t{r.action}\t{r.target}\t{r.old_value} → {r.new_value}")
        return 0
    if args.case is None:
        return _verify_all(ctx)
    report = audit.verify(ctx.store, args.case)  # one read of the records, for the check and the count
    _require_case(ctx, args.case, has_records=report.records > 0)
    if report.ok:
        print(f"审计记录完好：测评项目 #{args.case} 共 {report.records} 条记录，哈希链无断裂")
        return 0
    print(f"审计记录已被篡改：测评项目 #{args.case}（{report.records} 条记录）")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def _verify_all(ctx: CliContext) -> int:
    """Verify every chain (each case's, deleted ones included, and the store-wide one)."""
    from app.store import audit

    reports = audit.verify_all(ctx.store)
    for report in reports:
        name = "全局（运维、H5 等）" if report.case_id is None else f"测评项目 #{report.case_id}"
        print(f"{name}：{report.records} 条记录，{'完好' if report.ok else '已被篡改'}")
        for problem in report.problems:
            print(f"  - {problem}")
    broken = [r for r in reports if not r.ok]
    if broken:
        print(f"审计记录已被篡改：{len(broken)} 条哈希链有问题（共 {len(reports)} 条）")
        return 1
    print(f"审计记录全部完好：共 {len(reports)} 条哈希链，{sum(r.records for r in reports)} 条记录")
    return 0

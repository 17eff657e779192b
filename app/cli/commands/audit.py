"""``workbench audit verify|list --case ID``: check and show a case's hash-chained audit trail."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "audit"
HELP = "审计记录：verify 校验哈希链（完好退出码 0，被篡改 1）、list 列出记录"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the audit actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("verify", "校验审计记录未被修改、插入或删除"), ("list", "列出审计记录")):
        action = actions.add_parser(name, help=text, description=text)
        action.add_argument(
            "--case", type=int, required=True, metavar="ID", help="测评项目编号（见 workbench case list）"
        )


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
    report = audit.verify(ctx.store, args.case)  # one read of the records, for the check and the count
    _require_case(ctx, args.case, has_records=report.records > 0)
    if report.ok:
        print(f"审计记录完好：测评项目 #{args.case} 共 {report.records} 条记录，哈希链无断裂")
        return 0
    print(f"审计记录已被篡改：测评项目 #{args.case}（{report.records} 条记录）")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1

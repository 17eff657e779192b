"""``workbench backup list|create|restore``: the store's rotating SQLite backups."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "backup"
HELP = "数据库备份：list 列出、create 立即备份、restore NAME 恢复（恢复前先备份当前状态）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the backup actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="列出备份（最新的在前）", description="列出备份（最新的在前）")
    create = actions.add_parser("create", help="立即备份", description="立即备份")
    create.add_argument("--reason", default="manual", metavar="TEXT", help="写入备份文件名的简短说明（默认 manual）")
    restore = actions.add_parser(
        "restore",
        help="按文件名恢复备份（恢复前先备份当前状态）",
        description="按文件名恢复备份（恢复前先备份当前状态）",
    )
    restore.add_argument("name", metavar="NAME", help="备份文件名（见 workbench backup list）")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Run one backup action."""
    from app.core.errors import NotFoundError
    from app.store import backup

    if args.action == "restore":
        # Check the name before opening (and possibly seeding) the store.
        if not (ctx.paths.backup_dir / args.name).is_file():
            raise NotFoundError(f"backup {args.name} does not exist (see `workbench backup list`)")
        ctx.seed_demo = False
        safety = backup.restore_backup(ctx.store, args.name)
        print(f"已恢复 {args.name}；恢复前的状态已备份为 {safety.name if safety else '—'}")
        return 0
    if args.action == "create":
        path = backup.create_backup(
            ctx.store,
            reason=args.reason,
            keep_recent=ctx.settings.get("backup_keep_recent"),
            keep_days=ctx.settings.get("backup_keep_daily_days"),
        )
        print(path if path else "服务器数据库由其服务器负责备份")
        return 0
    items = backup.list_backups(ctx.paths.backup_dir)
    if not items:
        print("（暂无备份）")
    for item in items:
        print(f"{item.name}\t{item.taken_at:%Y-%m-%d %H:%M:%S}\t{item.reason}\t{item.size / 1024:.0f} KiB")
    return 0

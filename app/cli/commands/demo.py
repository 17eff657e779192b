"""``workbench demo``: show or reseed the synthetic demo data."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "demo"
HELP = "演示数据：--reset 先备份再重新生成示例测评项目和运维合同（智桂通H5的虚拟居民见 workbench h5 serve --demo）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the demo options."""
    parser.add_argument("--reset", action="store_true", help="先备份，再删除演示数据并重新生成")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Seed or reseed the demo and print what is there."""
    from app.bootstrap import demo
    from app.mipin.cases import list_cases
    from app.store.backup import create_backup

    store = ctx.store
    if args.reset:
        backup = create_backup(store, reason="demo-reset")
        if backup is not None:
            print(f"已备份：{backup}")
        demo.reset(store)
        print("演示数据已重新生成")
    for case in list_cases(store, include_archived=True):
        if case.demo:
            print(f"示例测评项目 #{case.id}：{case.system_name}（第{case.level}级）")
    return 0

"""``workbench case list|export|import``: list cases and move them as case packages (``.wbcase``)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.bootstrap import CliContext
from app.core.errors import InputError

NAME = "case"
HELP = "测评项目：list 列出、export 导出案例包（可加密）、import 导入案例包"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the case actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    text = "列出测评项目（编号、被测系统、等级、报告编号）"
    listing = actions.add_parser("list", help=text, description=text)
    listing.add_argument("--all", action="store_true", help="包括已归档的测评项目")

    text = "导出测评项目及其证据为案例包"
    export = actions.add_parser("export", help=text, description=text)
    export.add_argument("--case", type=int, required=True, metavar="ID", help="测评项目编号（见 workbench case list）")
    export.add_argument("-o", "--output", required=True, metavar="FILE.wbcase", help="要写入的案例包文件")
    export.add_argument("--encrypt", action="store_true", help="用口令加密案例包（需输入两次口令）")
    export.add_argument(
        "--cipher",
        choices=("auto", "SM4-GCM", "AES-256-GCM"),
        default="auto",
        help="--encrypt 使用的加密算法（auto：本版本支持时用 SM4-GCM，否则用 AES-256-GCM）",
    )
    export.add_argument("--passphrase-stdin", action="store_true", help="从标准输入的第一行读取口令（用于脚本）")

    text = "校验并导入案例包（全部成功或全部不导入）"
    imp = actions.add_parser("import", help=text, description=text)
    imp.add_argument("file", metavar="FILE.wbcase", help="案例包文件")
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument("--as-copy", action="store_true", help="项目已存在时作为新副本导入")
    mode.add_argument("--replace", action="store_true", help="项目已存在时先备份再替换")
    imp.add_argument("--passphrase-stdin", action="store_true", help="从标准输入的第一行读取口令（用于脚本）")


def _passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """Read the passphrase; it is never logged, echoed or stored."""
    if args.passphrase_stdin:
        line = sys.stdin.readline()
        value = line[:-1] if line.endswith("\n") else line
        if not value:
            raise InputError("--passphrase-stdin", "标准输入中没有口令")
        return value
    value = getpass.getpass("案例包口令：")
    if confirm and getpass.getpass("再次输入口令：") != value:
        raise InputError("passphrase", "两次输入的口令不一致")
    return value


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Run one case action."""
    if args.action == "list":
        from app.mipin.cases import list_cases

        cases = list_cases(ctx.store, include_archived=args.all)
        if not cases:
            print("（暂无测评项目）")
        for c in cases:
            flags = "".join((" [已归档]" if c.archived else "", " [示例]" if c.demo else ""))
            print(f"{c.id}\t{c.system_name}\t第{c.level}级\t{c.report_no or '—'}\t{c.updated_at:%Y-%m-%d %H:%M}{flags}")
        return 0

    from app.mipin import packages

    if args.action == "export":
        passphrase = None
        if args.encrypt:
            from app.mipin.packages.crypto import check_passphrase_strength

            passphrase = _passphrase(args, confirm=True)
            check_passphrase_strength(passphrase)
        cipher = None if args.cipher == "auto" else args.cipher
        result = packages.export_package(ctx.store, args.case, args.output, passphrase=passphrase, cipher=cipher)
        sealed = f"，已用 {result.cipher} 加密" if result.encrypted else "（未加密）"
        print(
            f"已导出测评项目 #{result.case_id}“{result.system_name}”到 {result.path}{sealed}："
            f"{result.evidence_files} 个证据文件，共 {result.size / 1048576:.1f} MB"
        )
        return 0

    passphrase = None
    if packages.is_encrypted_package(args.file):
        passphrase = _passphrase(args, confirm=False)
    on_conflict = "copy" if args.as_copy else "replace" if args.replace else "ask"
    imported = packages.import_package(ctx.store, args.file, passphrase, on_conflict=on_conflict)
    how = {"new": "已导入", "copy": "已作为副本导入", "replace": "已替换"}[imported.mode]
    backup = f"；替换前的数据库已备份为 {imported.backup.name}" if imported.backup else ""
    print(
        f"{how}测评项目 #{imported.case_id}“{imported.system_name}”"
        f"（新增 {imported.evidence_files_added} 个证据文件）{backup}"
    )
    return 0

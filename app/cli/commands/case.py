"""``workbench case list|export|import``: list cases; move them as exchange files (``.json``) or packages (``.wbcase``).

The file name decides: ``-o case.json`` writes the ``mipin-case/1`` exchange file of the whole case
(evidence as references), ``-o case.wbcase`` a case package with the evidence files. ``import``
reads either, with the same validation as ``workbench score`` and the GUI.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.bootstrap import CliContext
from app.core.errors import InputError

NAME = "case"
HELP = "测评项目：list 列出、export 导出交换文件（.json）或案例包（.wbcase，可加密）、import 导入二者之一"

PACKAGE_SUFFIX = ".wbcase"
EXCHANGE_SUFFIX = ".json"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the case actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    text = "列出测评项目（编号、被测系统、等级、报告编号）"
    listing = actions.add_parser("list", help=text, description=text)
    listing.add_argument("--all", action="store_true", help="包括已归档的测评项目")

    text = (
        "导出测评项目：FILE.json 为 mipin-case/1 交换文件（整个案例，证据只含引用），FILE.wbcase 为含证据文件的案例包"
    )
    export = actions.add_parser("export", help=text, description=text)
    export.add_argument("--case", type=int, required=True, metavar="ID", help="测评项目编号（见 workbench case list）")
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="要写入的文件：FILE.json（交换文件）或 FILE.wbcase（案例包）",
    )
    export.add_argument("--encrypt", action="store_true", help="用口令加密案例包（需输入两次口令）")
    export.add_argument(
        "--cipher",
        choices=("auto", "SM4-GCM", "AES-256-GCM"),
        default="auto",
        help="--encrypt 使用的加密算法（auto：本版本支持时用 SM4-GCM，否则用 AES-256-GCM）",
    )
    export.add_argument("--passphrase-stdin", action="store_true", help="从标准输入的第一行读取口令（用于脚本）")

    text = "校验并导入交换文件（.json）或案例包（.wbcase），全部成功或全部不导入"
    imp = actions.add_parser("import", help=text, description=text)
    imp.add_argument("file", metavar="FILE", help="交换文件 FILE.json 或案例包 FILE.wbcase")
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument("--as-copy", action="store_true", help="案例包：项目已存在时作为新副本导入")
    mode.add_argument("--replace", action="store_true", help="案例包：项目已存在时先备份再替换")
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

    if args.action == "export":
        return _export(args, ctx)
    return _import(args, ctx)


def _is_package(path: str) -> bool:
    """A ``.wbcase`` name is a package; any other name is a package only if its content is one."""
    if path.lower().endswith(PACKAGE_SUFFIX):
        return True
    if path.lower().endswith(EXCHANGE_SUFFIX):
        return False
    from app.mipin import packages

    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return False  # the JSON reader names the file and the reason
    return head.startswith(b"PK") or packages.is_encrypted_package(path)


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    output = str(args.output)
    if output.lower().endswith(EXCHANGE_SUFFIX):
        if args.encrypt or args.passphrase_stdin or args.cipher != "auto":
            raise InputError("--encrypt", "只有案例包（.wbcase）可以加密；交换文件（.json）是明文 JSON")
        from app.mipin.exchange import write_exchange_file
        from app.plan.travel import export_exchange

        data = export_exchange(ctx.store, args.case)  # raises NotFoundError; the plan rides along
        path = write_exchange_file(output, data)
        evidence = len(data.get("evidence", []))
        print(
            f"已导出测评项目 #{args.case}“{data['system'].get('name', '')}”到 {path}（mipin-case/1 交换文件；"
            f"{evidence} 项证据只含引用，证据文件请用案例包 .wbcase 导出）"
        )
        return 0
    if not output.lower().endswith(PACKAGE_SUFFIX):
        raise InputError("-o", f"文件名应以 {EXCHANGE_SUFFIX}（交换文件）或 {PACKAGE_SUFFIX}（案例包）结尾：{output}")
    from app.mipin import packages

    passphrase = None
    if args.encrypt:
        from app.mipin.packages.crypto import check_passphrase_strength

        passphrase = _passphrase(args, confirm=True)
        check_passphrase_strength(passphrase)
    cipher = None if args.cipher == "auto" else args.cipher
    from app.plan.travel import PLAN_SECTION

    result = packages.export_package(
        ctx.store, args.case, output, passphrase=passphrase, cipher=cipher, plan=PLAN_SECTION
    )
    sealed = f"，已用 {result.cipher} 加密" if result.encrypted else "（未加密）"
    print(
        f"已导出测评项目 #{result.case_id}“{result.system_name}”到 {result.path}{sealed}："
        f"{result.evidence_files} 个证据文件，共 {result.size / 1048576:.1f} MB"
    )
    return 0


def _import(args: argparse.Namespace, ctx: CliContext) -> int:
    if not _is_package(args.file):
        if args.replace:
            raise InputError("--replace", "只适用于案例包（.wbcase）；交换文件总是导入为新的测评项目")
        from app.mipin.exchange import read_exchange_file
        from app.plan.travel import import_exchange

        outcome = import_exchange(ctx.store, read_exchange_file(args.file))
        for notice in outcome.notices:
            sys.stderr.write(f"workbench: warning: {notice}\n")
        print(f"已导入测评项目 #{outcome.case_id}“{outcome.system_name}”（交换文件 {args.file}）")
        return 0
    from app.mipin import packages

    passphrase = None
    if packages.is_encrypted_package(args.file):
        passphrase = _passphrase(args, confirm=False)
    on_conflict = "copy" if args.as_copy else "replace" if args.replace else "ask"
    from app.plan.travel import PLAN_SECTION

    imported = packages.import_package(ctx.store, args.file, passphrase, on_conflict=on_conflict, plan=PLAN_SECTION)
    how = {"new": "已导入", "copy": "已作为副本导入", "replace": "已替换"}[imported.mode]
    backup = f"；替换前的数据库已备份为 {imported.backup.name}" if imported.backup else ""
    print(
        f"{how}测评项目 #{imported.case_id}“{imported.system_name}”"
        f"（新增 {imported.evidence_files_added} 个证据文件）{backup}"
    )
    return 0

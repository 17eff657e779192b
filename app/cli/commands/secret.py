"""``workbench secret``: keep the shared database password in the OS keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.bootstrap import CliContext

NAME = "secret"
HELP = "在系统密钥环中保存或删除共享数据库（PostgreSQL）口令"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the secret actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    texts = {
        "set-db-password": "保存 --db / WORKBENCH_DB_URL 所指服务器的数据库口令",
        "delete-db-password": "删除 --db / WORKBENCH_DB_URL 所指服务器的数据库口令",
    }
    for action, text in texts.items():
        sp = actions.add_parser(action, help=text, description=text)
        sp.add_argument("--stdin", action="store_true", help="从标准输入读取口令（仅用于 set-db-password）")
    actions.add_parser("status", help="显示正在使用的系统密钥环", description="显示正在使用的系统密钥环")


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Store, delete or describe; the password is never echoed or logged."""
    from app.core.errors import InputError, SecretStoreError
    from app.store.credentials import db_secret_key

    secrets = ctx.secrets
    if args.action == "status":
        print(secrets.backend_name)
        warning = secrets.backend_warning()
        if warning:
            print(warning)
        return 0
    url = ctx.effective_db_url
    if not url:
        raise InputError("--db", "give the server URL with --db or WORKBENCH_DB_URL")
    if not secrets.available:
        raise SecretStoreError(secrets.backend_warning() or "no keyring")
    key = db_secret_key(url)
    if args.action == "delete-db-password":
        secrets.delete(key)
        print("已删除")
        return 0
    password = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("数据库口令：")
    if not password:
        raise InputError("password", "empty password")
    secrets.set(key, password)
    print("已保存到系统密钥环")
    return 0

"""``workbench``: start the GUI (no argument) or run a headless subcommand."""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from app import __version__
from app.bootstrap import CliContext
from app.cli import commands as commands_pkg
from app.cli.parser import OneLineArgumentParser
from app.core.errors import WorkbenchError

log = logging.getLogger(__name__)


def _command_modules() -> list[ModuleType]:
    modules = []
    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        modules.append(importlib.import_module(f"{commands_pkg.__name__}.{info.name}"))
    return modules


def build_parser() -> tuple[OneLineArgumentParser, dict[str, ModuleType]]:
    """Build the top-level parser with one subparser per discovered command module."""
    parser = OneLineArgumentParser(
        prog="workbench",
        description="梧州卫健IT项目工作台 — 密评测评、报告、运维SLA与智桂通H5预览。不带子命令时启动图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}", help="显示版本号并退出")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="用户数据目录（默认为系统的用户数据目录；环境变量 WORKBENCH_DATA_DIR）",
    )
    parser.add_argument(
        "--db",
        dest="db_url",
        metavar="URL",
        help="数据库 URL，例如 postgresql+psycopg://…（环境变量 WORKBENCH_DB_URL）",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="在标准错误输出调试日志")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineArgumentParser)
    registry: dict[str, ModuleType] = {}
    for module in _command_modules():
        sp = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(sp)
        registry[module.NAME] = module
    return parser, registry


def main(argv: Sequence[str] | None = None) -> int:
    """Run the workbench command line and return the process exit code."""
    if os.name == "posix":
        # Findings of a level-3 system are sensitive: everything we create is owner-only
        # (database, backups, evidence, logs, exports), as Vorta does.
        os.umask(0o077)
    parser, registry = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    command = args.command or "gui"
    ctx = CliContext(data_dir=args.data_dir, db_url=args.db_url)
    from app.core.logsetup import setup_logging

    try:
        setup_logging(ctx.paths.log_dir, verbose=args.verbose)
        if args.command is None:
            # `workbench` with no argument starts the GUI with its defaults.
            args = parser.parse_args(["gui"])
            args.data_dir, args.db_url = ctx.data_dir, ctx.db_url
        return int(registry[command].run(args, ctx) or 0)
    except WorkbenchError as exc:
        log.info("command %s failed: %s", command, exc.user_message())
        sys.stderr.write(f"workbench: error: {exc.user_message()}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("workbench: interrupted\n")
        return 130
    except Exception as exc:  # a bug: log the traceback, tell the user where it is, one line
        log.exception("unexpected error in %s", command)
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        sys.stderr.write(
            f"workbench: internal error ({type(exc).__name__}); details in {ctx.paths.log_dir / 'workbench.log'}\n"
        )
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""``workbench gui``: start the desktop application (also what ``workbench`` alone does)."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "gui"
HELP = "启动图形界面（不带子命令时的默认行为）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the GUI options."""
    parser.add_argument("--case", type=int, metavar="ID", help="打开编号为 ID 的测评项目")
    parser.add_argument("--tab", metavar="NAME", help="启动后显示的标签页（例如 测评检查表）")
    parser.add_argument("--self-check", action="store_true", help="启动并检查主窗口，输出 OK 后退出")
    parser.add_argument("--no-crash-dialog", action="store_true", help="意外错误只写入日志，不弹出对话框（用于 CI）")


def _register_report_fonts() -> None:
    # Imported here, not at the top of run(): reportlab must not delay the first paint.
    from reports.fonts import register_fonts

    register_fonts()


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Start the Qt application; Qt is imported only here."""
    from ui.app import run_gui

    # The same bundled font for reportlab as for Qt, registered at start-up — on a worker thread
    # once the window is loaded, because parsing the 5 MB TTC takes ≈0.2 s.
    return run_gui(
        ctx,
        case_id=args.case,
        tab=args.tab,
        self_check=args.self_check,
        crash_dialog=not args.no_crash_dialog,
        after_start=[_register_report_fonts],
    )

"""``workbench gui``: start the desktop application (also what ``workbench`` alone does)."""

from __future__ import annotations

import argparse

from app.bootstrap import CliContext

NAME = "gui"
HELP = "启动图形界面（不带子命令时的默认行为）"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the GUI options."""
    parser.add_argument("--case", type=int, help="open this case id")
    parser.add_argument("--tab", help="start on this tab (e.g. 测评检查表)")
    parser.add_argument("--self-check", action="store_true", help="start, verify the main window, print OK and quit")
    parser.add_argument("--no-crash-dialog", action="store_true", help="log unexpected errors without a dialog (CI)")


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

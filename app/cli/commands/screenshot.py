"""``workbench screenshot``: render the main window offscreen on one tab and save a PNG."""

from __future__ import annotations

import argparse
import re

from app.bootstrap import CliContext
from app.core.errors import InputError

NAME = "screenshot"
HELP = "离屏渲染主窗口的某个标签页并保存为 PNG"


def _size(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,5})x(\d{3,5})", value)
    if not match:
        raise argparse.ArgumentTypeError(f"应为 宽x高，例如 1440x900，而不是 “{value}”")
    return int(match.group(1)), int(match.group(2))


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the screenshot options."""
    parser.add_argument("--tab", required=True, metavar="NAME", help="标签页名称，例如 测评检查表")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.png", help="输出的 PNG 文件")
    parser.add_argument("--case", type=int, metavar="ID", help="显示的测评项目编号（默认最近修改的项目）")
    parser.add_argument(
        "--size", type=_size, default=(1440, 900), metavar="WxH", help="窗口尺寸 宽x高（默认 1440x900）"
    )


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    """Render and save; Qt is imported only here."""
    if not args.output.lower().endswith(".png"):
        raise InputError("--output", "must be a .png file")
    from ui.screenshot import take_screenshot

    path = take_screenshot(ctx, tab=args.tab, output=args.output, case_id=args.case, size=args.size)
    print(path)
    return 0

"""An argparse parser that speaks Chinese and reports errors in one line with exit code 2.

argparse's own texts are English (``usage:``, ``options:``, ``show this help message and exit``,
``the following arguments are required``). :class:`OneLineArgumentParser` replaces them, so every
``--help`` and every command-line error of ``workbench`` is in one language.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

_TYPE_NAMES = {"int": "整数", "float": "数", "str": "文本"}

# argparse's error messages (Python 3.11–3.13) and their Chinese form; the groups are kept.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^the following arguments are required: (.+)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.+)$", r"无法识别的参数：\1"),
        (r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$", r"参数 \1：无效的取值 \2（可选：\3）"),
        (r"^argument (.+?): invalid (\w+) value: (.+)$", r"参数 \1：无效的\2值 \3"),
        (r"^argument (.+?): expected one argument$", r"参数 \1：需要给出一个值"),
        (r"^argument (.+?): expected at least one argument$", r"参数 \1：至少需要给出一个值"),
        (r"^argument (.+?): expected (\d+) arguments?$", r"参数 \1：需要给出 \2 个值"),
        (r"^argument (.+?): not allowed with argument (.+)$", r"参数 \1：不能与 \2 同时使用"),
        (r"^argument (.+?): ignored explicit argument (.+)$", r"参数 \1：不接受值 \2"),
        (r"^one of the arguments (.+) is required$", r"参数 \1 必须给出其中之一"),
        (r"^ambiguous option: (.+?) could match (.+)$", r"选项 \1 有歧义，可能是 \2"),
        (r"^argument (.+?): (.+)$", r"参数 \1：\2"),  # a type function's own (Chinese) message
    )
)


def translate_error(message: str) -> str:
    """Return argparse's English error message in Chinese (unchanged when it is not one of argparse's)."""
    for pattern, text in _ERRORS:
        match = pattern.match(message)
        if match:
            out = match.expand(text)
            for english, chinese in _TYPE_NAMES.items():
                out = out.replace(f"无效的{english}值", f"无效的{chinese}值")
            return out
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """``用法：`` instead of ``usage:``."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Add the usage line with a Chinese prefix."""
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class OneLineArgumentParser(argparse.ArgumentParser):
    """ArgumentParser in Chinese whose errors are a single ``workbench: error: …`` line (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # added below with a Chinese help text
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示此帮助信息并退出")

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and exit with status 2."""
        sys.stderr.write(f"workbench: error: {translate_error(message)}\n")
        raise SystemExit(2)

"""JSON syntax errors in Chinese, with line and column (for every importer of a JSON exchange file).

Python's decoder reports its problems in English (``Expecting ',' delimiter``). :func:`json_error_reason`
turns a :class:`json.JSONDecodeError` into what the CLI and the GUI show, e.g.
``JSON 语法错误（第 3 行第 25 列）：此处应为用双引号括起的键名（可能多了一个逗号，或键名用了单引号）``.
"""

from __future__ import annotations

import json

# Python's messages (json/decoder.py and the C scanner), most specific first.
_MESSAGES = (
    (
        "Expecting property name enclosed in double quotes",
        "此处应为用双引号括起的键名（可能多了一个逗号，或键名用了单引号）",
    ),
    ("Expecting ':' delimiter", "键名之后缺少冒号 “:”"),
    ("Expecting ',' delimiter", "缺少逗号 “,”，或者括号不配对"),
    ("Expecting value", "此处应为一个值（对象、数组、带双引号的字符串、数字、true、false 或 null）"),
    ("Unterminated string starting at", "字符串缺少结尾的双引号"),
    ("Invalid control character", "字符串中有未转义的控制字符（例如换行符应写作 \\n）"),
    ("Invalid \\uXXXX escape", "无效的 \\uXXXX 转义（\\u 之后应为 4 位十六进制数）"),
    ("Invalid \\escape", '无效的转义（反斜杠 \\ 之后只能是 " \\ / b f n r t u）'),
    ("Extra data", "JSON 内容结束之后还有多余的字符"),
    ("Illegal trailing comma", "最后一项之后多了一个逗号"),
)


def json_error_text(message: str) -> str:
    """The Chinese meaning of one of Python's JSON decoder messages (a generic one when unknown)."""
    for english, chinese in _MESSAGES:
        if message.startswith(english):
            return chinese
    return "语法错误"


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """``JSON 语法错误（第 L 行第 C 列）：…`` for ``exc``."""
    return f"JSON 语法错误（第 {exc.lineno} 行第 {exc.colno} 列）：{json_error_text(exc.msg)}"

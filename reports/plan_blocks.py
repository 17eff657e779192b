"""The neutral blocks of the plan documents (密改方案 and 方案评估报告): headings, paragraphs, tables.

:mod:`reports.plan_content` and :mod:`reports.plan_review_content` decide what the documents say
as these blocks; :mod:`reports.plan_docx` and :mod:`reports.plan_pdf` only lay them out, so the
two formats never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 chapter, 2 section, 3 subsection."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph (``note`` ones are smaller and muted)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; widths in mm (the last 0 takes the rest)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""


Block = Heading | Para | Table


@dataclass(frozen=True)
class Document:
    """A whole document: cover lines, draft flag and the blocks of its body."""

    title: str
    subtitle: str
    cover_lines: tuple[str, ...]
    running_title: str
    blocks: tuple[Block, ...]
    draft: bool = False
    keywords: tuple[str, ...] = field(default=())

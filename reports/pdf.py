"""Assemble and write the report PDF: one layout, N copies, optional one file per copy.

Files are written atomically: everything goes to temporary files next to the target and is
renamed into place only when every file is complete, so a failure never leaves a partial or
half-split report behind.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from app import APP_DISPLAY_NAME, __version__
from app.mipin.fingerprint import FINGERPRINT_PREFIX
from reports.appendices import appendix_a, appendix_b
from reports.chapters_overview import chapter1, chapter2
from reports.chapters_results import chapter5, chapter6, chapter7
from reports.chapters_scope import chapter3, chapter4
from reports.copies import CopyInfo, plan_copies
from reports.doctemplate import Heading, ReportDocTemplate, front_pages
from reports.frontmatter import cover_painter, front_matter
from reports.model import ReportModel
from reports.pagecanvas import CopyCanvas, LayoutRecord, PageMarks, toc_layout

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class PdfResult:
    """What was written.

    Attributes:
        paths: The files written (one, or one per copy with ``split``).
        pages_per_copy: Pages of one copy.
        copies: How many copies the report has.
    """

    paths: tuple[Path, ...]
    pages_per_copy: int
    copies: int


ORPHAN_ROOM = (45 * mm, 32 * mm, 26 * mm)
"""Space a heading of level 0/1/2 needs below it; with less, it starts a new page."""


def _no_orphans(story: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, Heading) and out and not isinstance(out[-1], PageBreak):
            out.append(CondPageBreak(ORPHAN_ROOM[min(flowable.level, 2)]))
        out.append(flowable)
    return out


def build_story(model: ReportModel, copies: int) -> tuple[list[Flowable], tuple[int, float]]:
    """Return the report's flowables, and the contents pages reserved in them with their line pitch."""
    body: list[Flowable] = [
        *front_matter(model),
        *chapter1(model, copies),
        *chapter2(model),
        *chapter3(model),
        *chapter4(model),
        *chapter5(model),
        *chapter6(model),
        *chapter7(model),
        *appendix_a(model),
        *appendix_b(model),
    ]
    toc_entries = sum(1 for f in body if isinstance(f, Heading) and f.in_toc)
    toc = toc_layout(toc_entries)
    return [*front_pages(toc[0]), *_no_orphans(body)], toc


def _expected_pages(model: ReportModel) -> int:
    objects = sum(len(u.objects) for u in model.result.units)
    return 30 + (3 * objects + len(model.result.explanation)) // 30


def render(
    model: ReportModel,
    target: str | Path | BinaryIO,
    copies: Sequence[CopyInfo],
    *,
    progress: Progress | None = None,
) -> int:
    """Lay the report out once and write ``copies`` of it into ``target``.

    Returns:
        The number of pages of one copy.
    """
    total = copies[0].total if copies else 1
    story, (toc_pages, toc_line) = build_story(model, total)
    record = LayoutRecord()
    expected = _expected_pages(model)
    doc = _ProgressDoc(
        target,
        running_title=model.title,
        report_no=model.report_no,
        assessor=model.assessor,
        draft=model.draft,
        cover_painter=cover_painter(model),
        title=model.title + ("（草稿）" if model.draft else ""),
        author=model.assessor,
        subject=f"商用密码应用安全性评估报告 {model.report_no}",
        keywords=f"{FINGERPRINT_PREFIX}{model.fingerprint}",
        creator=f"{APP_DISPLAY_NAME} workbench {__version__}",
    )
    doc.on_page = (
        (lambda page: progress(min(88, 10 + 78 * page // expected), f"排版第 {page} 页")) if progress else None
    )
    maker = functools.partial(
        CopyCanvas, copies=copies, record=record, marks=PageMarks(model.report_no, toc_pages, toc_line)
    )
    doc.build(story, canvasmaker=maker)
    return len(record.page_kinds)


class _ProgressDoc(ReportDocTemplate):
    on_page: Callable[[int], None] | None = None

    def afterPage(self) -> None:
        """Report layout progress."""
        if self.on_page is not None:
            self.on_page(self.page)


def split_path(output: Path, copy: CopyInfo) -> Path:
    """``report.pdf`` → ``report-1of3.pdf``."""
    return output.with_name(f"{output.stem}-{copy.number}of{copy.total}{output.suffix or '.pdf'}")


def write_pdf(
    model: ReportModel,
    output: str | Path,
    *,
    copies: int = 3,
    split: bool = False,
    progress: Progress | None = None,
) -> PdfResult:
    """Write the report: all copies into ``output``, or with ``split`` one file per copy.

    Args:
        model: The report content.
        output: The PDF path (with ``split``, the per-copy files are named after it).
        copies: How many copies (1–9).
        split: One file per copy (``report-1of3.pdf`` …) instead of one file.
        progress: ``progress(percent, text)`` callback.

    Raises:
        ValueError: ``copies`` is outside 1–9.
        OSError: The files cannot be written (nothing is left behind).
    """
    output = Path(output)
    plan = plan_copies(copies)
    jobs: list[tuple[Path, Sequence[CopyInfo]]] = (
        [(split_path(output, c), [c]) for c in plan] if split else [(output, plan)]
    )
    temps: list[tuple[Path, Path]] = []
    pages = 0
    try:
        for index, (final, chunk) in enumerate(jobs):
            sub = _sub_progress(progress, index, len(jobs))
            fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
            temps.append((Path(name), final))
            with os.fdopen(fd, "wb") as stream:
                pages = render(model, stream, chunk, progress=sub)
        for temp, final in temps:
            os.replace(temp, final)
    except BaseException:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    if progress:
        progress(100, "完成")
    return PdfResult(tuple(final for _, final in temps), pages, copies)


def _sub_progress(progress: Progress | None, index: int, count: int) -> Progress | None:
    if progress is None:
        return None
    outer = progress

    def report(percent: int, message: str) -> None:
        outer(min(99, (index * 100 + percent) // count), message)

    return report

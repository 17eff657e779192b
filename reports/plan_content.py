"""The content of the 密改方案 as neutral blocks (:mod:`reports.plan_blocks`), rendered to DOCX and PDF.

One builder decides what the document says (chapters 1–10 of GB/T 43207-2023 Annex A:
:mod:`reports.plan_chapters_situation` and :mod:`reports.plan_chapters_design`);
:mod:`reports.plan_docx` and :mod:`reports.plan_pdf` only lay the blocks out, so the two formats
never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.mipin.engine import CaseInput, load_catalogue
from app.mipin.engine.catalogue import LEVEL_NAMES
from app.plan.costs import Price
from app.plan.model import Plan
from app.plan.projection import project_case, score
from app.plan.sections import compliance_blockers
from reports.plan_blocks import Block, Document
from reports.plan_chapters_design import (
    chapter_assurance,
    chapter_compliance,
    chapter_keys,
    chapter_management,
    chapter_products,
    chapter_technical,
)
from reports.plan_chapters_situation import chapter_background, chapter_goals, chapter_needs, chapter_overview
from reports.plan_context import PlanContext, date_text

_CHAPTERS = (
    chapter_background,
    chapter_overview,
    chapter_needs,
    chapter_goals,
    chapter_technical,
    chapter_keys,
    chapter_products,
    chapter_compliance,
    chapter_management,
    chapter_assurance,
)
"""Chapters 1–10 of GB/T 43207 Annex A, in order."""


def plan_document(
    case: CaseInput, plan: Plan, prices: Mapping[str, Price] | None = None, *, draft: bool = False
) -> Document:
    """The 密码应用改造方案 of ``case`` as blocks (chapters 1–10 of GB/T 43207 Annex A)."""
    cat = load_catalogue()
    prices = prices or {}
    items = plan.active_items
    current = score(case, cat)
    projected = score(project_case(case, items, cat), cat)
    system = case.system.name or "被测信息系统"
    level = LEVEL_NAMES[case.level]
    b: list[Block] = []
    texts = dict(plan.texts)
    c = PlanContext(case, plan, prices, cat, items, current, projected, system, level, texts)
    for chapter in _CHAPTERS:
        chapter(c, b)

    blockers = compliance_blockers(plan)
    return Document(
        title=plan.title or f"{system}商用密码应用改造方案",
        subtitle="商用密码应用改造方案（依据 GB/T 43207—2023 附录 A）",
        cover_lines=(
            f"编制单位：{plan.organisation or '—'}",
            f"版本：{plan.version}",
            f"日期：{date_text(plan.issued)}",
        ),
        running_title=plan.title or f"{system}商用密码应用改造方案",
        blocks=tuple(b),
        draft=draft or bool(blockers),
        keywords=("密改方案", "GB/T 43207-2023"),
    )

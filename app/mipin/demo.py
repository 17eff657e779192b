"""The demo 密评 case: a level-3 system with plausible findings, phases and chapter-6 ratings.

Everything is clearly synthetic (names carry a 示例 marker where shown, organisations are fictional).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.core.paths import resource_path
from app.mipin.cases import PHASES, canonical_case, insert_case, remove_case
from app.mipin.tables import Case, RiskRating

DEMO_CASE_FILE = ("demo", "demo-case.json")
DEMO_PHASES = {
    "测评准备": ("2026-09-01", "2026-09-05"),
    "方案编制": ("2026-09-08", "2026-09-12"),
    "现场测评": ("2026-09-15", "2026-09-26"),
    "分析与报告编制": ("2026-09-28", "2026-10-16"),
}


def seed_demo_case(s: Session) -> int:
    """Add the demo case with its phases and ratings in the caller's transaction (audited); returns its id."""
    data = json.loads(resource_path(*DEMO_CASE_FILE).read_text(encoding="utf-8"))
    case = insert_case(s, canonical_case(data), "seed_demo", {"source": "/".join(DEMO_CASE_FILE)}, demo=True)
    case.phases = {p: list(DEMO_PHASES[p]) for p in PHASES}
    case.period_start = date.fromisoformat(DEMO_PHASES["测评准备"][0])
    case.period_end = date.fromisoformat(DEMO_PHASES["分析与报告编制"][1])
    for unit_id, (likelihood, impact, note) in _demo_ratings(data).items():
        s.add(RiskRating(case_id=case.id, unit_id=unit_id, likelihood=likelihood, impact=impact, note=note))
    return case.id


def delete_demo_cases(s: Session) -> None:
    """Delete the demo cases, each with its audit record (user-created cases are not touched)."""
    from sqlalchemy import select

    for case in list(s.scalars(select(Case).where(Case.demo.is_(True)))):
        remove_case(s, case, {"reason": "demo-reset"})


def _demo_ratings(data: Any) -> dict[str, tuple[str, str, str]]:
    """Plausible chapter-6 ratings for the demo's 部分符合/不符合 units (an assessor's typical call)."""
    from app.mipin.engine import parse_case, score_case

    result = score_case(parse_case(data))
    ratings: dict[str, tuple[str, str, str]] = {}
    for unit in result.units:
        if unit.verdict not in ("部分符合", "不符合"):
            continue
        heavy = unit.weight >= 1
        if unit.verdict == "不符合":
            rating = ("中", "高" if heavy else "中", "示例评定：未采用密码技术保护，威胁可直接利用")
        elif unit.score is not None and unit.score < Decimal("0.6"):
            rating = ("中", "中" if heavy else "低", "示例评定：部分对象未采用合规密码技术")
        else:
            rating = ("低", "中" if heavy else "低", "示例评定：已采用密码技术，存在合规性或密钥管理不足")
        ratings[unit.unit] = rating
    return ratings

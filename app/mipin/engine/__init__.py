"""The 密评 engine: catalogue, case format, 2023 quantitative scoring, high risk, conclusion.

Pure Python (no Qt, no database). The public API::

    from app.mipin.engine import load_catalogue, load_case_file, parse_case, dump_case, score_case, score_json

    case = load_case_file("case.json")          # or parse_case(json_value); InputErrors lists all problems
    result = score_case(case)                    # ScoreResult; UntestedError unless partial=True
    result.total, result.conclusion              # Decimal("73.20"), "基本符合"
    for line in result.explanation:              # "S(AD-5) = (1.0000 + 0.5000) / 2 = 0.7500", …
        print(line.text)
    score_json(result)                           # the mipin-score/1 dict

Modules: :mod:`~app.mipin.engine.catalogue` (indicator data), :mod:`~app.mipin.engine.algorithms` (name
matching), :mod:`~app.mipin.engine.case` and :mod:`~app.mipin.engine.caseformat` (``mipin-case/1``),
:mod:`~app.mipin.engine.objectscore` and :mod:`~app.mipin.engine.scoring` (numbers),
:mod:`~app.mipin.engine.risk` (high risk), :mod:`~app.mipin.engine.conclusion`, :mod:`~app.mipin.engine.results`
(result types), :mod:`~app.mipin.engine.scorejson` (``mipin-score/1``), :mod:`~app.mipin.engine.summary`
(plain-text summary). The format and every rule are documented in ``docs/mipin-case-format.md``.
"""

from app.core.jsonfile import read_json_file
from app.mipin.engine.algorithms import AlgorithmDef, ProtocolDef, normalise_name
from app.mipin.engine.case import (
    CaseInput,
    Compensation,
    Notice,
    ObjectInput,
    RiskDecision,
    SystemInfo,
    UnitInput,
)
from app.mipin.engine.caseformat import dump_case, load_case_file, parse_case
from app.mipin.engine.catalogue import (
    Catalogue,
    GroupDef,
    HighRiskItem,
    KeyHazard,
    LayerDef,
    LevelRequirement,
    UnitDef,
    load_catalogue,
)
from app.mipin.engine.conclusion import BASICALLY_CONFORM, CONCLUSIONS, PENDING, decide_conclusion
from app.mipin.engine.memo import ScoreMemo
from app.mipin.engine.results import (
    Counts,
    Explanation,
    GroupScore,
    HighRisk,
    LayerScore,
    ObjectScore,
    ScoreRange,
    ScoreResult,
    UnitScore,
    UntestedError,
    UntestedItem,
)
from app.mipin.engine.scorejson import score_json
from app.mipin.engine.scoring import find_untested, score_case
from app.mipin.engine.summary import render_summary

__all__ = [
    "BASICALLY_CONFORM",
    "CONCLUSIONS",
    "PENDING",
    "AlgorithmDef",
    "CaseInput",
    "Catalogue",
    "Compensation",
    "Counts",
    "Explanation",
    "GroupDef",
    "GroupScore",
    "HighRisk",
    "HighRiskItem",
    "KeyHazard",
    "LayerDef",
    "LayerScore",
    "LevelRequirement",
    "Notice",
    "ObjectInput",
    "ObjectScore",
    "ProtocolDef",
    "RiskDecision",
    "ScoreMemo",
    "ScoreRange",
    "ScoreResult",
    "SystemInfo",
    "UnitDef",
    "UnitInput",
    "UnitScore",
    "UntestedError",
    "UntestedItem",
    "decide_conclusion",
    "dump_case",
    "find_untested",
    "load_case_file",
    "load_catalogue",
    "normalise_name",
    "parse_case",
    "read_json_file",
    "render_summary",
    "score_case",
    "score_json",
]

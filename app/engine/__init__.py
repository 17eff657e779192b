"""The 密评 engine: catalogue, case format, 2023 quantitative scoring, high risk, conclusion.

Pure Python (no Qt, no database). The public API::

    from app.engine import load_catalogue, load_case_file, parse_case, dump_case, score_case, score_json

    case = load_case_file("case.json")          # or parse_case(json_value); InputErrors lists all problems
    result = score_case(case)                    # ScoreResult; UntestedError unless partial=True
    result.total, result.conclusion              # Decimal("73.20"), "基本符合"
    for line in result.explanation:              # "S(AD-5) = (1.0000 + 0.5000) / 2 = 0.7500", …
        print(line.text)
    score_json(result)                           # the mipin-score/1 dict

Modules: :mod:`~app.engine.catalogue` (indicator data), :mod:`~app.engine.algorithms` (name
matching), :mod:`~app.engine.case` and :mod:`~app.engine.caseformat` (``mipin-case/1``),
:mod:`~app.engine.objectscore` and :mod:`~app.engine.scoring` (numbers),
:mod:`~app.engine.risk` (high risk), :mod:`~app.engine.conclusion`, :mod:`~app.engine.results`
(result types), :mod:`~app.engine.scorejson` (``mipin-score/1``), :mod:`~app.engine.summary`
(plain-text summary). The format and every rule are documented in ``docs/mipin-case-format.md``.
"""

from app.engine.algorithms import AlgorithmDef, ProtocolDef, normalise_name
from app.engine.case import (
    CaseInput,
    Compensation,
    Notice,
    ObjectInput,
    RiskDecision,
    SystemInfo,
    UnitInput,
)
from app.engine.caseformat import dump_case, load_case_file, parse_case, read_json_file
from app.engine.catalogue import (
    Catalogue,
    GroupDef,
    HighRiskItem,
    KeyHazard,
    LayerDef,
    LevelRequirement,
    UnitDef,
    load_catalogue,
)
from app.engine.conclusion import decide_conclusion
from app.engine.results import (
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
from app.engine.scorejson import score_json
from app.engine.scoring import find_untested, score_case
from app.engine.summary import render_summary

__all__ = [
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

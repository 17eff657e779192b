"""Generate large, valid ``mipin-case/1`` cases for benchmarks and tests.

``make_large_case()`` returns a level-3 case with all 41 units and 1,000 technical test objects
(deterministic: the same arguments always give the same case). It exercises every scoring
path: Ra from algorithm strengths, Rk from module levels, excluded objects, compensations,
high-risk candidates and risk decisions.
"""

from __future__ import annotations

import random
from typing import Any

from app.mipin.engine import load_catalogue

_MARKS = (
    ("√", "√", "√"),
    ("√", "×", "√"),
    ("√", "√", "×"),
    ("√", "×", "×"),
    ("×", "×", "×"),
    ("/", "/", "/"),
)
_ALGORITHM_SETS = (
    ["SM2", "SM3", "SM4"],
    ["AES-256", "RSA-2048"],
    ["3DES-2KEY", "SHA-256"],
    ["ECDSA-P192", "AES-128"],
    ["HMAC-SHA256"],
    ["SM4", "HMAC-SM3"],
)
_PROTOCOLS: tuple[list[str], ...] = (["TLCP"], ["IPSec"], ["TLS 1.2"], ["SSH-2"], [])
_RESULTS = ("符合", "符合", "部分符合", "不符合")


def make_large_case(units: int = 41, objects: int = 1000, *, level: int = 3, seed: int = 2026) -> dict[str, Any]:
    """Return a valid mipin-case/1 dict.

    Args:
        units: How many of the level's units are tested (the rest are 不适用 with a reason).
            At least one technical and one management unit are always tested.
        objects: Total number of technical test objects, spread over the tested technical units.
        level: Protection level (1–4).
        seed: Seed of the deterministic pseudo-random mix of results.
    """
    rng = random.Random(seed)
    catalogue = load_catalogue()
    definitions = catalogue.units_for_level(level)
    technical = [d for d in definitions if d.is_technical]
    management = [d for d in definitions if not d.is_technical]
    # Interleave the groups so that any ``units`` >= 2 tests both of them.
    order: list[Any] = []
    for i in range(max(len(technical), len(management))):
        order.extend(d for d in (technical[i : i + 1] + management[i : i + 1]))
    tested = {d.id for d in order[: max(2, units)]}
    tested_technical = [d for d in technical if d.id in tested]
    per_unit = {d.id: objects // len(tested_technical) for d in tested_technical}
    for d in tested_technical[: objects % len(tested_technical)]:
        per_unit[d.id] += 1
    out_units: list[dict[str, Any]] = []
    for d in definitions:
        if d.id not in tested:
            out_units.append({"id": d.id, "applicable": False, "na_reason": "基准测试生成：不适用"})
        elif not d.is_technical:
            out_units.append({"id": d.id, "result": rng.choice(_RESULTS), "record": "基准测试生成"})
        else:
            objs = []
            for n in range(per_unit[d.id]):
                dak = rng.choice(_MARKS) if n else ("√", "√", "√")  # keep one applicable object per unit
                obj: dict[str, Any] = {"name": f"{d.id} 对象 {n + 1:04d}", "D": dak[0], "A": dak[1], "K": dak[2]}
                obj["algorithms"] = rng.choice(_ALGORITHM_SETS)
                obj["protocols"] = rng.choice(_PROTOCOLS)
                obj["module_level"] = rng.choice((1, 2, 2, 3))
                obj["record"] = "基准测试生成的测评记录"
                objs.append(obj)
            out_units.append({"id": d.id, "objects": objs})
    case: dict[str, Any] = {
        "format": "mipin-case/1",
        "system": {"name": "基准测试系统（合成数据）", "level": level, "report_no": "示例-BENCH-0001"},
        "threshold": 60,
        "units": out_units,
        "compensations": [],
        "risk_decisions": [],
    }
    by_id = {u["id"]: u for u in out_units}
    for target, source in (("NC-3", "AD-4"), ("AD-6", "NC-2")):
        if target in by_id and source in by_id and by_id[target].get("objects") and by_id[source].get("objects"):
            case["compensations"].append(
                {
                    "unit": target,
                    "object": by_id[target]["objects"][0]["name"],
                    "from_unit": source,
                    "from_object": by_id[source]["objects"][0]["name"],
                }
            )
    if "DC-2" in by_id and by_id["DC-2"].get("objects"):
        case["risk_decisions"].append(
            {"item": "8.2", "unit": "DC-2", "decision": "mitigated", "reason": "基准测试：带外管理网络"}
        )
    return case

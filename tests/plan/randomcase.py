"""Random small cases with findings, for the optimiser's brute-force comparison and benchmarks."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from app.mipin.engine import load_catalogue, parse_case
from app.plan.generate import generate_items
from app.plan.model import PlanItem, sync_shared
from app.plan.projection import score

ALGORITHMS = (["SM2", "SM3", "SM4"], ["AES-256"], ["RSA-2048", "SHA-256"], ["MD5"], ["HMAC-SHA256"], ["DES"])
MARKS = ("√", "×")


def random_case(rng: random.Random, *, technical: int = 5, management: int = 3, max_objects: int = 3) -> dict[str, Any]:
    """A level-3 case with a few technical and management units (the rest stay untested = 0)."""
    cat = load_catalogue()
    tech = [u.id for u in cat.units_for_level(3) if u.is_technical]
    mgmt = [u.id for u in cat.units_for_level(3) if not u.is_technical]
    pairs = [("NC-2", "AD-6"), ("NC-3", "AD-4")]
    chosen = rng.sample(tech, technical)
    if rng.random() < 0.5:
        pair = rng.choice(pairs)
        chosen = list(dict.fromkeys([*pair, *chosen]))[: max(technical, 2)]
    units: list[dict[str, Any]] = []
    for uid in sorted(chosen, key=cat.unit_order):
        objects = []
        for k in range(rng.randint(1, max_objects)):
            d = rng.choice(MARKS)
            obj: dict[str, Any] = {"name": f"对象{k + 1}", "D": d, "A": rng.choice(MARKS), "K": rng.choice(MARKS)}
            obj["algorithms"] = rng.choice(ALGORITHMS)
            if rng.random() < 0.3:
                obj["module_level"] = rng.choice((1, 2))
            if d == "√" and obj["A"] == "√":
                obj["algorithms"] = ["SM2", "SM3", "SM4"]
            objects.append(obj)
        units.append({"id": uid, "objects": objects})
    for uid in sorted(rng.sample(mgmt, management), key=cat.unit_order):
        units.append({"id": uid, "result": rng.choice(("符合", "部分符合", "不符合"))})
    ids = {u["id"] for u in units}
    compensations = []
    for a, b in pairs:
        if a in ids and b in ids and rng.random() < 0.7:
            src, dst = (a, b) if rng.random() < 0.5 else (b, a)
            compensations.append({"unit": dst, "object": "对象1", "from_unit": src, "from_object": "对象1"})
    decisions = []
    if rng.random() < 0.3:
        technical_ids = sorted(i for i in ids if cat.unit(i).is_technical)
        uid = rng.choice(technical_ids)
        decisions.append({"item": "5.3", "unit": uid, "object": None, "decision": "added", "reason": "测评人员判定"})
    return {
        "format": "mipin-case/1",
        "system": {"name": "随机案例", "level": 3},
        "threshold": rng.choice((10, 20, 30, 40)),
        "units": units,
        "compensations": compensations,
        "risk_decisions": decisions,
    }


def random_instance(
    rng: random.Random, *, max_items: int = 16, exclusions: bool = False
) -> tuple[Any, list[PlanItem], dict[str, Decimal | None]]:
    """A parsed random case, its generated items (at most ``max_items``) and random costs."""
    from dataclasses import replace

    from app.plan.projection import project_case

    while True:
        data = random_case(rng, technical=rng.randint(2, 6), management=rng.randint(1, 4))
        case = parse_case(data)
        items = list(generate_items(case, score(case)))
        if 1 <= len(items) <= max_items:
            break
    # A threshold between today's total and what every item together reaches, so that most
    # instances are feasible and need a real choice (and a few, above the maximum, are not).
    low = score(case).total
    high = score(project_case(case, items)).total
    cents = rng.randint(int(low * 100), int(high * 100) + 50)
    data["threshold"] = float(Decimal(cents) / 100)
    case = parse_case(data)
    if exclusions:
        for n, item in enumerate(items):
            if item.object is not None and rng.random() < 0.25:
                items[n] = replace(item, target_d="/", target_a="/", target_k="/")
        items = list(sync_shared(tuple(items)))  # an item sharing a measure achieves what its owner does
    costs: dict[str, Decimal | None] = {}
    for item in items:
        roll = rng.random()
        costs[item.key] = None if roll < 0.1 else Decimal(rng.randint(0, 40)) / 2
    for item in items:  # an item sharing a measure has that measure's cost (app.plan.costs.item_costs)
        if item.shared_with is not None:
            costs[item.key] = costs[item.shared_with]
    return case, items, costs

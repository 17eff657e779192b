"""Hypothesis properties of the scoring pipeline, checked against an independent reference.

The reference below recomputes the 2023 formulas directly with ``fractions.Fraction`` and its own
half-up rounding, sharing nothing with the engine but the catalogue weights.
"""

import copy
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.mipin.engine import load_catalogue, parse_case, score_case
from tests.hypo import examples

pytestmark = pytest.mark.slow  # Hypothesis budgets of minutes: the full test command runs it, `dev.py check` does not

CAT = load_catalogue()
MARKS = [
    ("√", "√", "√"),
    ("√", "×", "√"),
    ("√", "√", "×"),
    ("√", "×", "×"),
    ("×", "√", "√"),
    ("×", "×", "×"),
    ("×", "√", "×"),
    ("/", "/", "/"),
]
# Strength in bits of the non-approved algorithms used below (None = approved).
STRENGTH: dict[str, int | None] = {
    "SM4": None, "SM3": None, "AES-256": 256, "RSA-2048": 112, "RSA-1024": 80, "3DES-2KEY": 80,
    "ECDSA-P192": 80, "MD5": 18, "DES": 56,
}  # fmt: skip
PAIRS = [("NC-3", "AD-4"), ("AD-4", "NC-3"), ("NC-2", "AD-6"), ("AD-6", "NC-2")]
RK_ALLOWED: dict[int, list[float]] = {1: [1], 2: [1], 3: [1, 1.2], 4: [1, 1.5]}
LAYER_W = {"PE": 10, "NC": 20, "DC": 10, "AD": 30, "MS": 8, "PM": 8, "BO": 8, "ER": 6}
SETTINGS = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def half_up(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(int(x * scale + Fraction(1, 2)), scale)  # x ≥ 0, so int() floors


def ref_object(o: dict[str, Any], level: int) -> Fraction | None:
    d, a, k = o["D"], o.get("A"), o.get("K")
    if d == "/":
        return None
    if d == "×":
        return Fraction(0)
    ra = Fraction(1)
    if a == "×":
        if "ra" in o:
            ra = Fraction(str(o["ra"]))
        else:
            bits = [b for n in o.get("algorithms", []) if (b := STRENGTH[n]) is not None]
            weakest = min(bits) if bits else 999
            ra = Fraction(1) if weakest >= 112 else Fraction(1, 2) if weakest >= 80 else Fraction(1, 5)
    rk = Fraction(1)
    if k == "×" and "rk" in o:
        rk = Fraction(str(o["rk"]))
    elif k == "×":
        ml, hazards = o.get("module_level"), o.get("key_hazards")
        if level == 3 and ml == 1 and not hazards:
            rk = Fraction(6, 5)
        elif level == 4 and ml == 2 and not hazards:
            rk = Fraction(3, 2)
    if a == "√" and k == "√":
        return Fraction(1)
    if a == "×" and k == "√":
        return half_up(Fraction(1, 2) * ra, 4)
    if a == "√":
        return half_up(Fraction(1, 2) * rk, 4)
    return half_up(Fraction(1, 4) * ra * rk, 4)


def ref_total(case: dict[str, Any]) -> Fraction | None:
    """The total by the book, or None when a whole group is N/A."""
    level = case["system"]["level"]
    units = {u["id"]: u for u in case["units"]}
    raw: dict[tuple[str, str], Fraction | None] = {}
    for u in case["units"]:
        if u.get("applicable", True):
            for o in u.get("objects", []):
                raw[(u["id"], o["name"])] = ref_object(o, level)
    final = dict(raw)
    sources: dict[tuple[str, str], list[Fraction]] = {}
    for c in case.get("compensations", []):
        pa = raw[(c["from_unit"], c["from_object"])]
        assert pa is not None
        sources.setdefault((c["unit"], c["object"]), []).append(pa)
    for target, lowest in sources.items():
        pb = raw[target]
        assert pb is not None
        final[target] = max(pb, half_up(Fraction(1, 2) * min(lowest), 4))  # the lowest source (FAQ 30)
    unit_score: dict[str, Fraction | None] = {}
    for d in CAT.units_for_level(level):
        u = units[d.id]
        if not u.get("applicable", True):
            unit_score[d.id] = None
        elif d.is_technical:
            values = [final[(d.id, o["name"])] for o in u["objects"]]
            counted = [v for v in values if v is not None]
            unit_score[d.id] = half_up(sum(counted, Fraction(0)) / len(counted), 4) if counted else None
        else:
            unit_score[d.id] = {"符合": Fraction(1), "部分符合": Fraction(1, 2), "不符合": Fraction(0)}[u["result"]]
    layer: dict[str, Fraction | None] = {}
    for code in LAYER_W:
        members = [
            (Fraction(str(CAT.weight(d.id, level))), unit_score[d.id])
            for d in CAT.units_for_level(level)
            if d.layer == code
        ]
        applicable = [(w, s) for w, s in members if s is not None]
        den = sum((w for w, _ in applicable), Fraction(0))
        layer[code] = half_up(sum((w * s for w, s in applicable), Fraction(0)) / den, 4) if applicable else None
    total = Fraction(0)
    for points, codes in ((70, ("PE", "NC", "DC", "AD")), (30, ("MS", "PM", "BO", "ER"))):
        scored = [(LAYER_W[c], layer[c]) for c in codes if layer[c] is not None]
        if not scored:
            return None
        total += points * sum((w * s for w, s in scored if s is not None), Fraction(0)) / sum(w for w, _ in scored)
    return half_up(total, 2)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    level = draw(st.integers(1, 4))
    units: list[dict[str, Any]] = []
    for d in CAT.units_for_level(level):
        if draw(st.integers(0, 11)) == 0:
            units.append({"id": d.id, "applicable": False, "na_reason": "生成：不适用"})
        elif d.is_technical:
            objects = []
            for i in range(draw(st.integers(1, 3))):
                dak = draw(st.sampled_from(MARKS))
                o: dict[str, Any] = {"name": f"o{i}", "D": dak[0], "A": dak[1], "K": dak[2]}
                o["algorithms"] = draw(st.lists(st.sampled_from(sorted(STRENGTH)), max_size=3, unique=True))
                module_level = draw(st.sampled_from([None, 1, 2, 3]))
                if module_level is not None:
                    o["module_level"] = module_level
                if draw(st.integers(0, 5)) == 0:
                    o["key_hazards"] = ["A.3.3"]
                if draw(st.integers(0, 5)) == 0:
                    o["ra"] = draw(st.sampled_from([1, 0.5, 0.2]))
                if draw(st.integers(0, 5)) == 0:
                    o["rk"] = draw(st.sampled_from(RK_ALLOWED[level]))
                objects.append(o)
            units.append({"id": d.id, "objects": objects})
        else:
            units.append({"id": d.id, "result": draw(st.sampled_from(["符合", "部分符合", "不符合"]))})
    by_id = {u["id"]: u for u in units}
    compensations = []
    for target, source in PAIRS:
        t, s = by_id.get(target), by_id.get(source)
        if t and s and t.get("applicable", True) and s.get("applicable", True) and draw(st.booleans()):
            t_obj = t["objects"][0]
            # one or several sources for the target (one flow over several channels, and the reverse)
            sources = [o for o in s["objects"] if o["D"] != "/"]
            chosen = []
            if sources:
                chosen = draw(st.lists(st.sampled_from(sources), min_size=1, unique_by=lambda o: o["name"]))
            if t_obj["D"] != "/":
                compensations += [
                    {"unit": target, "object": t_obj["name"], "from_unit": source, "from_object": s_obj["name"]}
                    for s_obj in chosen
                ]
    case = {"format": "mipin-case/1", "system": {"level": level}, "units": units, "compensations": compensations}
    assume(ref_total(case) is not None)
    return case


def total_of(case: dict[str, Any]) -> Fraction:
    return Fraction(str(score_case(parse_case(case), partial=True).total))


@SETTINGS
@given(cases())
def test_total_is_within_0_and_100_and_matches_the_reference(case: dict[str, Any]) -> None:
    total = total_of(case)
    assert 0 <= total <= 100
    assert total == ref_total(case)


@SETTINGS
@given(cases(), st.data())
def test_turning_a_cross_into_a_tick_never_lowers_the_total(case: dict[str, Any], data: st.DataObject) -> None:
    spots: list[tuple[int, int | None, str]] = []
    for i, u in enumerate(case["units"]):
        if not u.get("applicable", True):
            continue
        if "result" in u:
            if u["result"] != "符合":
                spots.append((i, None, "result"))
            continue
        for j, o in enumerate(u["objects"]):
            spots.extend((i, j, key) for key in ("D", "A", "K") if o[key] == "×")
    assume(spots)
    unit_at, object_at, key = data.draw(st.sampled_from(spots))
    better = copy.deepcopy(case)
    if object_at is None:
        better["units"][unit_at]["result"] = "符合"
    else:
        better["units"][unit_at]["objects"][object_at][key] = "√"
    assert total_of(better) >= total_of(case)


@SETTINGS
@given(cases(), st.data())
def test_marking_a_unit_na_renormalises(case: dict[str, Any], data: st.DataObject) -> None:
    candidates = [i for i, u in enumerate(case["units"]) if u.get("applicable", True)]
    i = data.draw(st.sampled_from(candidates))
    unit_id = case["units"][i]["id"]
    changed = copy.deepcopy(case)
    changed["units"][i] = {"id": unit_id, "applicable": False, "na_reason": "改为不适用"}
    changed["compensations"] = [c for c in changed["compensations"] if unit_id not in (c["unit"], c["from_unit"])]
    expected = ref_total(changed)
    assume(expected is not None)
    result = score_case(parse_case(changed))
    assert Fraction(str(result.total)) == expected
    assert result.unit(unit_id).score is None
    layer = result.layer(CAT.unit(unit_id).layer)
    others = [u for u in result.units if u.layer == layer.code and u.score is not None]
    assert unit_id not in [u.unit for u in others]
    if others:
        weights = sum((u.weight for u in others), Decimal(0))
        weighted = sum((u.weight * u.score for u in others if u.score is not None), Decimal(0))
        assert layer.score is not None
        assert layer.score == (weighted / weights).quantize(layer.score, rounding="ROUND_HALF_UP")
    else:
        assert layer.score is None


@SETTINGS
@given(cases())
def test_dump_parse_round_trip(case: dict[str, Any]) -> None:
    from app.mipin.engine import dump_case

    parsed = parse_case(case)
    assert parse_case(dump_case(parsed)) == parsed

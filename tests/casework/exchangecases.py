"""Random whole cases for the exchange-file tests: results and every record-keeping field (§1.6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from app.mipin.engine import load_catalogue
from app.mipin.engine.caserecord import PHASES
from app.mipin.evidence.records import KINDS, METHODS

CAT = load_catalogue()
MARKS = [("√", "√", "√"), ("√", "×", "√"), ("√", "√", "×"), ("×", "×", "×"), ("/", "/", "/"), (None, None, None)]
ALGORITHMS = ["SM2", "SM3", "SM4", "AES-256", "RSA-1024", "3DES-2KEY", "MD5"]
PROTOCOLS = ["TLCP", "TLS 1.2", "TLS 1.0", "IPSec"]
RESULTS = ["符合", "部分符合", "不符合", None]
# Readable text without lone surrogates (not storable) or leading/trailing blanks (stripped by the parser).
TEXT = st.text(
    alphabet=st.sampled_from(list("测评对象记录证据网络边界数据库 abcXYZ012-_/（）。；")), min_size=1, max_size=12
).map(lambda t: t.strip() or "记录")
ZONES = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]


def _time(draw: st.DrawFn) -> str:
    zone = draw(st.sampled_from(ZONES))
    # naive bounds are what hypothesis takes; the drawn time is in ``zone``
    first, last = datetime(2020, 1, 1), datetime(2035, 12, 31)  # noqa: DTZ001
    return draw(st.datetimes(min_value=first, max_value=last, timezones=st.just(zone))).isoformat()


def _day(draw: st.DrawFn) -> date:
    return draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))


def _span(draw: st.DrawFn) -> dict[str, str]:
    start = _day(draw)
    out = {}
    if draw(st.booleans()):
        out["start"] = start.isoformat()
    if draw(st.booleans()):
        out["end"] = (start + timedelta(days=draw(st.integers(0, 90)))).isoformat()
    return out


def _objects(draw: st.DrawFn, level: int, names: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 3))):
        mark = draw(st.sampled_from(MARKS))
        name = draw(st.sampled_from(names)) if draw(st.booleans()) else f"对象{i}"
        if any(o["name"] == name for o in out):
            continue
        o: dict[str, Any] = {"name": name}
        o.update({k: v for k, v in zip(("D", "A", "K"), mark, strict=True) if v is not None})
        o["algorithms"] = draw(st.lists(st.sampled_from(ALGORITHMS), max_size=2, unique=True))
        o["protocols"] = draw(st.lists(st.sampled_from(PROTOCOLS), max_size=1, unique=True))
        if draw(st.booleans()):
            o["module_level"] = draw(st.integers(1, 4))
        if draw(st.integers(0, 4)) == 0:
            o["ra"] = draw(st.sampled_from([1, 0.5, 0.2]))
        if draw(st.integers(0, 4)) == 0:
            allowed: dict[int, list[float]] = {1: [1], 2: [1], 3: [1, 1.2], 4: [1, 1.5]}
            o["rk"] = draw(st.sampled_from(allowed[level]))
        if draw(st.booleans()):
            o["record"] = draw(TEXT)
        out.append(o)
    return out


@st.composite
def whole_cases(draw: st.DrawFn) -> dict[str, Any]:  # noqa: C901 - one generator, read top to bottom
    """A valid ``mipin-case/1`` value with random results and record-keeping fields."""
    level = draw(st.integers(1, 4))
    names = ["互联网边界", "数据库服务器", "业务应用"]
    units: list[dict[str, Any]] = []
    for d in CAT.units_for_level(level):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # untested: missing
        entry: dict[str, Any] = {"id": d.id}
        if choice == 1:
            entry.update(applicable=False, na_reason=draw(TEXT))
        elif d.is_technical:
            entry["objects"] = _objects(draw, level, names)
        else:
            result = draw(st.sampled_from(RESULTS))
            if result:
                entry["result"] = result
        if draw(st.integers(0, 3)) == 0:
            entry["record"] = draw(TEXT)
        if draw(st.integers(0, 2)) == 0:
            entry["checklist"] = draw(st.lists(st.integers(0, len(d.test_procedure) - 1), max_size=3))
        units.append(entry)
    data: dict[str, Any] = {
        "format": "mipin-case/1",
        "system": {"name": "随机系统", "level": level, "client": draw(TEXT), "report_no": draw(TEXT)},
        "threshold": draw(st.sampled_from([60, 70, 55.5])),
        "units": units,
    }
    if draw(st.booleans()):
        data["period"] = _span(draw)
    if draw(st.booleans()):
        data["phases"] = {p: _span(draw) for p in draw(st.lists(st.sampled_from(PHASES), unique=True, max_size=4))}
    unit_ids = [u["id"] for u in units]
    tested = {o["name"] for u in units for o in u.get("objects", [])}
    if draw(st.booleans()):
        data["objects"] = [
            {"name": n, "kind": draw(st.sampled_from(["", "网络及安全设备", "数据库管理系统"])), "note": draw(TEXT)}
            for n in draw(st.permutations([*sorted(tested), "未分配的对象"]))
        ]
    decisions: list[dict[str, Any]] = []
    for unit in units:
        item = CAT.unit(unit["id"]).high_risk
        if item is not None and draw(st.integers(0, 3)) == 0:
            decision = {"item": item.item, "unit": unit["id"], "decision": "dismissed", "reason": draw(TEXT)}
            if draw(st.booleans()):
                decision["decided_at"] = _time(draw)
            decisions.append(decision)
    data["risk_decisions"] = decisions
    rate: bool = draw(st.booleans())
    if unit_ids and rate:
        rated = draw(st.lists(st.sampled_from(unit_ids), unique=True, max_size=4))
        data["risk_ratings"] = [
            {"unit": u, "likelihood": draw(st.sampled_from("高中低")), "impact": draw(st.sampled_from("高中低")),
             "note": draw(st.sampled_from(["", "已评估"]))}
            for u in rated
        ]  # fmt: skip
    evidence: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 3))):
        method = draw(st.sampled_from(sorted(METHODS)))
        ref: dict[str, Any] = {
            "file": f"证据{i}.{draw(st.sampled_from(['png', 'pcap', 'pem']))}",
            "sha256": draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
            "reliability": METHODS[method],
            "method": method,
            "kind": draw(st.sampled_from(sorted(KINDS))),
            "unit": draw(st.sampled_from(unit_ids)) if unit_ids else None,
            "object": draw(st.sampled_from([None, *sorted(tested)])),
            "size": draw(st.integers(0, 10**9)),
            "note": draw(st.sampled_from(["", "现场截图"])),
            "details": draw(st.sampled_from([{}, {"observed": {"D": "×"}}, {"observed": {"A": "√", "K": "×"}}])),
        }
        if ref["unit"] is None and ref["object"] is None:
            ref["object"] = "互联网边界"
        if draw(st.booleans()):
            ref["added_at"] = _time(draw)
        if all(
            (e["sha256"], e.get("unit"), e.get("object")) != (ref["sha256"], ref["unit"], ref["object"])
            for e in evidence
        ):
            evidence.append({k: v for k, v in ref.items() if v is not None})
    data["evidence"] = evidence
    return data

"""The synthetic people of the demo: Wuzhou addresses, names, valid GB 11643 numbers, one identity per scenario.

:func:`build_residents` is deterministic from its seed. Besides the ordinary residents it makes one
identity per matching outcome, so every page of the H5 (and every error row of the API) can be
reached through the simulator: no archive, name mismatch, duplicate archives, a moved-away
(inactive) archive, a legacy 15-digit number, a minority name whose middle dot 智桂通 writes
differently, a rare character stored as a private-use code point, a lower-case ``x``, and an
unsupported certificate type.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from app.core.identity import make_id_number
from app.h5.identity import cert_types

DEMO_TODAY = date(2026, 11, 30)
"""The demo's fixed "today": records run up to it, so the data does not depend on the clock."""

REGIONS = {
    "450403": ("万秀区", ("城东街道社区卫生服务中心", "城南街道社区卫生服务中心", "夏郢镇卫生院")),
    "450405": ("长洲区", ("长洲镇卫生院", "倒水镇卫生院", "大塘街道社区卫生服务中心")),
    "450406": ("龙圩区", ("龙圩镇卫生院", "大坡镇卫生院", "广平镇卫生院")),
    "450421": ("苍梧县", ("石桥镇卫生院", "沙头镇卫生院", "京南镇卫生院")),
    "450422": ("藤县", ("藤州镇卫生院", "塘步镇卫生院", "太平镇卫生院")),
    "450423": ("蒙山县", ("蒙山镇卫生院", "西河镇卫生院")),
    "450481": ("岑溪市", ("岑城镇卫生院", "南渡镇卫生院", "筋竹镇卫生院")),
}
SURNAMES = "李黄陈梁覃韦莫蒙卢罗廖林周吴何邓冯甘钟谭苏杨胡蒋庞"
GIVEN = (
    "建华", "秀英", "志强", "桂兰", "伟", "丽娟", "海燕", "永福", "玉梅", "国平", "春花", "明", "小红", "德才",
    "金凤", "日新", "少英", "家豪", "桂芳", "振宇", "月娥", "汉文", "美玲", "承志", "秋菊", "树林", "雪梅", "炳坤",
)  # fmt: skip
DOCTORS = ("覃晓峰", "黄丽萍", "莫振华", "陈少红", "梁永健", "韦秋霞", "李德明", "蒙春燕", "罗家宁", "甘月华")
ETHNICITIES = {"汉族": 0.86, "壮族": 0.1, "瑶族": 0.04}


@dataclass(frozen=True)
class DemoIdentity:
    """An identity the simulator can log in as.

    Attributes:
        key: A stable handle (``r00001``, ``no-archive`` …) used by the preview's picker.
        name: The name as 智桂通 would return it.
        cert_type: 智桂通's certificate-type code.
        cert_no: The certificate number as 智桂通 would return it (synthetic).
        scenario: ``normal`` or the matching outcome this identity demonstrates.
        note: A short Chinese description for the picker.
    """

    key: str
    name: str
    cert_type: str
    cert_no: str
    scenario: str
    note: str


@dataclass
class ResidentSpec:
    """One synthetic resident before it is written (plaintext; encrypted on insert)."""

    id: int
    phr_id: str
    name: str
    cert_no: str
    sex: str
    birth: date
    region: str
    org: str
    doctor: str
    status: str = "ACTIVE"
    kinds: tuple[str, ...] = ("HTN",)
    height_m: float = 1.65
    weight: float = 62.0
    extra: dict[str, Any] = field(default_factory=dict)


KIND_NAMES = {"HTN": "高血压", "T2DM": "2型糖尿病"}


def demo_age(birth: date, today: date = DEMO_TODAY) -> int:
    """Full years of age on the demo's fixed today."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class _Numbers:
    """Unique synthetic ID numbers from the seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, region: str, birth: date, sex: str) -> str:
        while True:
            seq = self.rng.randint(0, 99) * 10 + self.rng.choice((1, 3, 5, 7, 9) if sex == "1" else (0, 2, 4, 6, 8))
            number = make_id_number(region, birth, seq)
            if number not in self.used:
                self.used.add(number)
                return number


def _resident(rng: random.Random, numbers: _Numbers, rid: int) -> ResidentSpec:
    region = rng.choice(list(REGIONS))
    age = min(92, max(35, int(rng.triangular(35, 92, 70))))
    birth = DEMO_TODAY - timedelta(days=age * 365 + rng.randint(0, 364))
    sex = rng.choice(("1", "2"))
    org = REGIONS[region][0] + rng.choice(REGIONS[region][1])
    r = rng.random()
    kinds = ("HTN",) if r < 0.55 else ("T2DM",) if r < 0.8 else ("HTN", "T2DM")
    height = rng.gauss(1.68 if sex == "1" else 1.57, 0.05)
    weight = max(40.0, rng.gauss(24.5, 3.2) * height**2)
    return ResidentSpec(
        id=rid,
        phr_id=f"{region}{rng.randint(1, 12):03d}{rng.randint(1, 30):03d}{rid:05d}"[:17],
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        cert_no=numbers.make(region, birth, sex),
        sex=sex,
        birth=birth,
        region=region,
        org=org,
        doctor=rng.choice(DOCTORS),
        kinds=kinds,
        height_m=round(height, 2),
        weight=round(weight, 1),
    )


def _legacy_15(number18: str) -> str:
    return number18[:6] + number18[8:17]


def build_residents(count: int, seed: int) -> tuple[list[ResidentSpec], list[DemoIdentity]]:
    """The demo's residents and the simulator's identities, deterministic from ``seed``.

    Args:
        count: How many ordinary residents (the scenario archives come on top).
        seed: The generator's seed.
    """
    rng = random.Random(seed)
    numbers = _Numbers(rng)
    residents = [_resident(rng, numbers, i) for i in range(1, count + 1)]
    zgt_id = cert_types().source_code("ZGT", "RESIDENT_ID")
    identities = [
        DemoIdentity(
            f"r{r.id:05d}",
            r.name,
            zgt_id,
            r.cert_no,
            "normal",
            f"{r.org} · {'/'.join(KIND_NAMES[k] for k in r.kinds)}",
        )
        for r in residents
    ]
    next_id = count + 1

    def special(name: str, **kw: Any) -> ResidentSpec:
        nonlocal next_id
        spec = _resident(rng, numbers, next_id)
        next_id += 1
        spec.name = name
        for k, v in kw.items():
            setattr(spec, k, v)
        residents.append(spec)
        return spec

    # Name mismatch: 智桂通 reports another name for an existing archive's number.
    victim = residents[1]
    identities.append(
        DemoIdentity(
            "name-mismatch",
            "王" + victim.name[1:],
            zgt_id,
            victim.cert_no,
            "NAME_MISMATCH",
            "证件号码有档案，但姓名不一致",
        )
    )
    # No archive: a valid number that no archive carries.
    birth = date(1968, 5, 17)
    identities.append(
        DemoIdentity(
            "no-archive", "黎小梅", zgt_id, numbers.make("450403", birth, "2"), "ARCHIVE_NOT_FOUND", "尚未建档的居民"
        )
    )
    # Duplicate archives: two archives carry the same number.
    dup = special("钟美玲", sex="2")
    special("钟美玲", sex="2", cert_no=dup.cert_no, birth=dup.birth, region=dup.region)
    identities.append(
        DemoIdentity("duplicate", dup.name, zgt_id, dup.cert_no, "ARCHIVE_DUPLICATE", "同一证件号码有两份档案")
    )
    # Inactive: the archive was moved away (迁出).
    moved = special("苏汉文", status="MOVED")
    identities.append(DemoIdentity("inactive", moved.name, zgt_id, moved.cert_no, "ARCHIVE_INACTIVE", "档案已迁出"))
    # Legacy 15-digit number in the 公卫 database; 智桂通 returns the 18-digit one.
    old = special("蒋树林", birth=date(1948, 3, 9), sex="1")
    old.cert_no = numbers.make(old.region, old.birth, "1")
    old.extra["stored_cert_no"] = _legacy_15(old.cert_no)
    identities.append(DemoIdentity("legacy-15", old.name, zgt_id, old.cert_no, "normal", "公卫系统中为 15 位旧号码"))
    # Minority name: stored with U+00B7, 智桂通 writes the katakana middle dot.
    dot = special("阿依古丽\u00b7买买提", sex="2")
    identities.append(
        DemoIdentity(
            "minority-dot", "阿依古丽\u30fb买买提", zgt_id, dot.cert_no, "normal", "少数民族姓名（间隔点写法不同）"
        )
    )
    # Rare character: 公卫 stored a private-use code point, 智桂通 has the real (Ext. B) character.
    rare = special("邓\ue000华", sex="1")
    identities.append(
        DemoIdentity(
            "rare-char", "邓\U00020bb7华", zgt_id, rare.cert_no, "MATCHED_FUZZY", "生僻字（公卫系统以造字存储）"
        )
    )
    # Lower-case x from 智桂通.
    x_res = next((r for r in residents[:count] if r.cert_no.endswith("X")), None)
    if x_res is not None:
        identities.append(
            DemoIdentity("lowercase-x", x_res.name, zgt_id, x_res.cert_no[:-1] + "x", "normal", "证件号码末位为小写 x")
        )
    # Unsupported certificate type (passport).
    identities.append(
        DemoIdentity(
            "passport",
            "陈家豪",
            cert_types().source_code("ZGT", "PASSPORT"),
            "E12345678",
            "CERT_TYPE_UNSUPPORTED",
            "以护照实名的用户",
        )
    )
    return residents, identities

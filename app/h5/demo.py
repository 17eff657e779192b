"""The synthetic residents of the H5 preview: valid GB 11643 numbers from a fixed seed, never real people."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.core.identity import make_id_number
from app.h5.tables import Resident
from app.store import audit

_REGIONS = ("450403", "450405", "450406", "450421", "450422", "450423", "450481")
_ORGS = (
    "万秀区城东街道社区卫生服务中心",
    "长洲区长洲镇卫生院",
    "龙圩区龙圩镇卫生院",
    "苍梧县石桥镇卫生院",
    "藤县藤州镇卫生院",
    "岑溪市岑城镇卫生院",
)
_SURNAMES = "李黄陈梁覃韦莫蒙卢罗廖林周吴何邓"
_GIVEN = ("建华", "秀英", "志强", "桂兰", "伟", "丽娟", "海燕", "永福", "玉梅", "国平", "春花", "明", "小红", "德才")


def seed_demo_residents(s: Session) -> None:
    """Add the synthetic residents in the caller's transaction (audited in the store-wide chain, counts only)."""
    count = _seed_residents(s)
    audit.append(s, None, "seed_demo", "residents", None, {"synthetic_residents": count})


def delete_demo_residents(s: Session) -> None:
    """Delete the synthetic residents (audited in the store-wide chain, counts only)."""
    result = s.execute(delete(Resident).where(Resident.synthetic.is_(True)))
    audit.append(s, None, "delete_demo", "residents", {"synthetic_residents": result.rowcount}, None)  # type: ignore[attr-defined]


def _seed_residents(s: Session) -> int:
    rng = random.Random(450400)
    used: set[str] = set()
    for n in range(30):
        birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 60))
        sex = "男" if n % 2 == 0 else "女"
        seq = rng.randint(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if sex == "男" else rng.choice((0, 2, 4, 6, 8)))
        id_number = make_id_number(rng.choice(_REGIONS), birth, seq)
        if id_number in used:
            continue
        used.add(id_number)
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        tags = []
        age = 2026 - birth.year
        if age >= 65:
            tags.append("老年人")
        if rng.random() < 0.4:
            tags.append("高血压")
        if rng.random() < 0.2:
            tags.append("2型糖尿病")
        s.add(
            Resident(
                name=name,
                id_number=id_number,
                sex=sex,
                birth_date=birth,
                phr_id=f"45040{n:012d}",
                org_name=rng.choice(_ORGS),
                records={"synthetic": True, "health_tags": tags},
                synthetic=True,
            )
        )
    return len(used)

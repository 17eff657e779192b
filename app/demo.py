"""The demo data seeded on first start: a level-3 密评 case, an ops contract, residents.

Everything is clearly synthetic: names carry a 示例 marker where shown, organisations are
fictional, and resident ID numbers are generated with valid GB 11643 check characters from a
fixed seed so the demo is the same on every machine.
"""

from __future__ import annotations

import json
import logging
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.identity import make_id_number
from app.paths import resource_path
from app.store.cases import PHASES, import_case
from app.store.models import AppMeta, Case, OpsContract, Resident, RiskRating, Ticket
from app.store.store import Store

log = logging.getLogger(__name__)

SEEDED_KEY = "demo_seeded"
DEMO_CASE_FILE = ("demo", "demo-case.json")
DEMO_OPS_FILE = ("demo", "ops-demo.json")
DEMO_PHASES = {
    "测评准备": ("2026-09-01", "2026-09-05"),
    "方案编制": ("2026-09-08", "2026-09-12"),
    "现场测评": ("2026-09-15", "2026-09-26"),
    "分析与报告编制": ("2026-09-28", "2026-10-16"),
}
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


def _load(parts: tuple[str, str]) -> Any:
    return json.loads(resource_path(*parts).read_text(encoding="utf-8"))


def is_seeded(store: Store) -> bool:
    """True once the demo has been seeded into this store (even if the user deleted it since)."""
    with store.read() as s:
        return s.get(AppMeta, SEEDED_KEY) is not None


def seed_if_empty(store: Store) -> bool:
    """Seed the demo on the very first start; returns True when it seeded."""
    if is_seeded(store):
        return False
    seed(store)
    return True


def seed(store: Store) -> None:
    """Insert the demo case, the ops contract with tickets, and the synthetic residents."""
    data = _load(DEMO_CASE_FILE)
    case_id = import_case(store, data, demo=True)
    ratings = _demo_ratings(data)

    def _rest(s: Session) -> None:
        case = s.get(Case, case_id)
        assert case is not None
        case.phases = {p: list(DEMO_PHASES[p]) for p in PHASES}
        case.period_start = date.fromisoformat(DEMO_PHASES["测评准备"][0])
        case.period_end = date.fromisoformat(DEMO_PHASES["分析与报告编制"][1])
        for unit_id, (likelihood, impact, note) in ratings.items():
            s.add(RiskRating(case_id=case_id, unit_id=unit_id, likelihood=likelihood, impact=impact, note=note))
        _seed_ops(s)
        _seed_residents(s)
        s.merge(AppMeta(key=SEEDED_KEY, value=datetime.now().isoformat(timespec="seconds")))

    store.write(_rest)
    log.info("demo data seeded (case %s)", case_id)


def _demo_ratings(data: Any) -> dict[str, tuple[str, str, str]]:
    """Plausible chapter-6 ratings for the demo's 部分符合/不符合 units (an assessor's typical call)."""
    from app.engine import parse_case, score_case

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


def reset(store: Store) -> None:
    """Delete the demo case, contract and residents, then seed them again.

    The caller makes a backup first (destructive action); user-created cases are not touched.
    """

    def _clear(s: Session) -> None:
        for case in s.scalars(select(Case).where(Case.demo.is_(True))):
            s.delete(case)
        for contract in s.scalars(select(OpsContract).where(OpsContract.demo.is_(True))):
            s.delete(contract)
        s.execute(delete(Resident).where(Resident.synthetic.is_(True)))
        s.execute(delete(AppMeta).where(AppMeta.key == SEEDED_KEY))

    store.write(_clear)
    seed(store)


def _seed_ops(s: Session) -> None:
    data = _load(DEMO_OPS_FILE)
    c = data["contract"]
    contract = OpsContract(
        name=c["name"],
        client=c["client"],
        vendor=c["vendor"],
        start=date.fromisoformat(c["start"]),
        end=date.fromisoformat(c["end"]),
        sla=c["sla"],
        demo=True,
    )
    s.add(contract)
    rng = random.Random(20261126)
    levels = c["sla"]["levels"]
    base = datetime(2026, 9, 1, 8, 0)
    for n in range(48):
        tpl = rng.choice(data["ticket_templates"])
        target = levels[tpl["level"]]
        reported = base + timedelta(days=rng.randint(0, 80), minutes=rng.randint(0, 600))
        # Most tickets meet the SLA; a few breach response or restore targets, as in real life.
        late = rng.random() < 0.15
        respond = timedelta(minutes=rng.randint(3, target["response_minutes"] * (3 if late else 1)))
        restore = timedelta(minutes=rng.randint(20, int(target["restore_minutes"] * (1.8 if late else 0.9))))
        open_ticket = n >= 44
        s.add(
            Ticket(
                contract=contract,
                ticket_no=f"YW-2026-{n + 1:04d}",
                title=tpl["title"],
                priority=tpl["level"],
                category=tpl["category"],
                channel=tpl["channel"],
                status="处理中" if open_ticket else "已关闭",
                reported_at=reported,
                responded_at=reported + respond,
                arrived_at=None,
                resolved_at=None if open_ticket else reported + respond + restore,
                details={"synthetic": True},
            )
        )


def _seed_residents(s: Session) -> None:
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

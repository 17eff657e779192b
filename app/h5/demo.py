"""Synthetic residents for ``workbench h5 serve --demo``: deterministic from a seed, never real people.

Every resident has hypertension and/or type-2 diabetes follow-ups (quarterly, 1–4 years) and
annual health exams, with the fields of the national forms (:mod:`app.h5.demo_forms`). ID
numbers are valid GB 11643 numbers with Wuzhou address codes, names are drawn from common
surnames and given names; every row is flagged ``synthetic`` and the page shows a 演示数据 banner.

Besides the ordinary residents, the demo holds one identity per matching outcome, so every
page of the H5 (and every error row of the API) can be reached through the simulator:
no archive, name mismatch, duplicate archives, a moved-away (inactive) archive, a legacy
15-digit number, a minority name whose middle dot 智桂通 writes differently, a rare character
stored as a private-use code point, a lower-case ``x``, and an unsupported certificate type.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from app.core.identity import make_id_number
from app.h5.crypto import FieldCipher
from app.h5.db import writer
from app.h5.demo_forms import exam_payload, followup_payload
from app.h5.identity import cert_types, normalize_id_number
from app.h5.tables import gw_archives, gw_exams, gw_followups, h5_meta

DEMO_TODAY = date(2026, 11, 30)
"""The demo's fixed "today": records run up to it, so the data does not depend on the clock."""
SEEDED_KEY = "demo_seeded"
IDENTITIES_KEY = "demo_identities"

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


def _age(birth: date, today: date = DEMO_TODAY) -> int:
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
            f"{r.org} · {'/'.join(_KIND_NAMES[k] for k in r.kinds)}",
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


_KIND_NAMES = {"HTN": "高血压", "T2DM": "2型糖尿病"}
_TAGS = {"HTN": ("HTN", "高血压", "慢病"), "T2DM": ("T2DM", "2型糖尿病", "慢病")}


def _tags(spec: ResidentSpec) -> list[dict[str, str]]:
    tags = []
    if _age(spec.birth) >= 65:
        tags.append({"code": "ELDERLY", "name": "老年人", "category": "重点人群"})
    for kind in spec.kinds:
        code, name, category = _TAGS[kind]
        tags.append({"code": code, "name": name, "category": category})
    bmi = spec.weight / spec.height_m**2
    if bmi >= 28:
        tags.append({"code": "OBESE", "name": "肥胖", "category": "体重状况"})
    elif bmi >= 24:
        tags.append({"code": "OVERWEIGHT", "name": "超重", "category": "体重状况"})
    return tags


def _basic(rng: random.Random, spec: ResidentSpec) -> dict[str, Any]:
    diseases = [
        {"name": _KIND_NAMES[k], "diagnosedOn": f"{DEMO_TODAY.year - rng.randint(1, 12)}-{rng.randint(1, 12):02d}"}
        for k in spec.kinds
    ]
    family: dict[str, list[str]] = {"father": [], "mother": [], "siblings": [], "children": []}
    for who in ("father", "mother", "siblings"):
        if rng.random() < 0.3:
            family[who].append(rng.choice(("高血压", "糖尿病", "脑卒中", "冠心病")))
    return {
        "ethnicity": rng.choices(list(ETHNICITIES), weights=list(ETHNICITIES.values()))[0],
        "residenceType": "户籍" if rng.random() < 0.9 else "非户籍",
        "education": rng.choice(("小学", "初中", "高中/技校/中专", "大学专科及以上", "文盲及半文盲")),
        "occupation": rng.choice(
            ("农、林、牧、渔、水利业生产人员", "商业、服务业人员", "生产、运输设备操作人员及有关人员", "无职业")
        ),
        "maritalStatus": rng.choice(("已婚", "已婚", "已婚", "丧偶", "离婚")),
        "paymentMethods": ["城乡居民基本医疗保险"] if rng.random() < 0.8 else ["城镇职工基本医疗保险"],
        "allergies": [] if rng.random() < 0.8 else [rng.choice(("青霉素", "磺胺", "链霉素", "头孢类"))],
        "exposure": [],
        "pastHistory": {
            "diseases": diseases,
            "surgeries": [] if rng.random() < 0.85 else [{"name": "阑尾切除术", "date": "2008-06"}],
            "traumas": [],
            "transfusions": [],
        },
        "familyHistory": family,
        "geneticHistory": "无",
        "disabilities": ["无残疾"] if rng.random() < 0.95 else [rng.choice(("听力残疾", "肢体残疾", "视力残疾"))],
        "address": REGIONS[spec.region][0] + spec.org.replace(REGIONS[spec.region][0], "")[:3] + "（街道/乡镇）",
    }


def _phone(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17")) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _records(rng: random.Random, spec: ResidentSpec) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    followups: list[dict[str, Any]] = []
    age = _age(spec.birth)
    start = DEMO_TODAY - timedelta(days=rng.randint(365, 4 * 365))
    last_drugs: list[dict[str, Any]] = []
    for kind in spec.kinds:
        day = start + timedelta(days=rng.randint(0, 60))
        while day <= DEMO_TODAY:
            nxt = day + timedelta(days=90)
            lost = rng.random() < 0.02
            payload = followup_payload(
                rng, kind=kind, visit=day, next_visit=nxt, height_m=spec.height_m,
                weight=spec.weight + rng.uniform(-1.5, 1.5), age=age, org=spec.org, doctor=spec.doctor, lost=lost,
            )  # fmt: skip
            last_drugs = payload.get("medications", last_drugs)
            followups.append(
                {
                    "archive_id": spec.id,
                    "kind": kind,
                    "visit_date": day,
                    "visit_way": payload["visitWay"],
                    "visit_class": payload["visitClass"],
                    "sbp": payload.get("sbp"),
                    "dbp": payload.get("dbp"),
                    "fbg": payload.get("fbg"),
                    "next_visit_date": nxt,
                    "org_name": spec.org,
                    "doctor_name": spec.doctor,
                    "outcome": "LOST" if lost else "DONE",
                    "payload": payload,
                }
            )
            day = nxt + timedelta(days=rng.randint(-12, 12))
    exams: list[dict[str, Any]] = []
    for year in range(start.year, DEMO_TODAY.year + 1):
        day = date(year, rng.randint(3, 10), rng.randint(1, 28))
        if day > DEMO_TODAY or day < start:
            continue
        payload = exam_payload(
            rng, day=day, sex=spec.sex, age=age, height_m=spec.height_m, weight=spec.weight,
            diabetic="T2DM" in spec.kinds, hypertensive="HTN" in spec.kinds, org=spec.org, doctor=spec.doctor,
            drugs=last_drugs,
        )  # fmt: skip
        abnormal = payload["assessment"]["abnormal"]
        exams.append(
            {
                "archive_id": spec.id,
                "exam_date": day,
                "org_name": spec.org,
                "doctor_name": spec.doctor,
                "assessment": "NORMAL" if payload["assessment"]["normal"] else "ABNORMAL",
                "abnormal_count": len(abnormal),
                "abnormal_summary": abnormal,
                "payload": payload,
            }
        )
    return followups, exams


def archive_row(rng: random.Random, spec: ResidentSpec, cipher: FieldCipher) -> dict[str, Any]:
    """The ``gw_archives`` row of one resident: personal fields encrypted, the number blind-indexed."""
    stored_no = spec.extra.get("stored_cert_no", spec.cert_no)
    rid = spec.id
    contact_phone = _phone(rng)
    return {
        "id": rid,
        "phr_id": spec.phr_id,
        "cert_type": cert_types().source_code("GW", "RESIDENT_ID"),
        # The index is computed on the normalised number (15-digit rows upgraded), so legacy rows match.
        "cert_index": cipher.blind_index("RESIDENT_ID", normalize_id_number(stored_no)),
        "cert_cipher": cipher.encrypt(stored_no, f"gw_archives.cert_no|{rid}"),
        "name_cipher": cipher.encrypt(spec.name, f"gw_archives.name|{rid}"),
        "sex": spec.sex,
        "birth_date": spec.birth,
        "status": spec.status,
        "org_name": spec.org,
        "responsible_doctor": spec.doctor,
        "family_doctor": spec.doctor if rng.random() < 0.7 else rng.choice(DOCTORS),
        "doctor_phone": f"0774-{rng.randint(2000000, 6999999)}",
        "signed": rng.random() < 0.75,
        "blood_abo": rng.choices(("A", "B", "O", "AB", "不详"), weights=(28, 24, 38, 8, 2))[0],
        "blood_rh": "阴性" if rng.random() < 0.004 else "阳性",
        "health_tags": _tags(spec),
        "basic": _basic(rng, spec),
        "phone_cipher": cipher.encrypt(_phone(rng), f"gw_archives.phone|{rid}"),
        "contact_name_cipher": cipher.encrypt(
            rng.choice(SURNAMES) + rng.choice(GIVEN), f"gw_archives.contact_name|{rid}"
        ),
        "contact_phone_cipher": cipher.encrypt(contact_phone, f"gw_archives.contact_phone|{rid}"),
        "created_on": DEMO_TODAY - timedelta(days=rng.randint(400, 3650)),
        "updated_at": datetime.combine(DEMO_TODAY, datetime.min.time(), UTC) + timedelta(hours=rng.randint(1, 10)),
        "synthetic": True,
    }


def iter_rows(
    residents: list[ResidentSpec], cipher: FieldCipher, seed: int
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
    """Archive, follow-up and exam rows per resident (deterministic from ``seed``)."""
    for spec in residents:
        rng = random.Random(seed * 1_000_003 + spec.id)
        row = archive_row(rng, spec, cipher)
        followups, exams = _records(rng, spec)
        yield row, followups, exams


def is_seeded(engine: Engine) -> dict[str, Any] | None:
    """The demo's seed parameters when it is in the database, else None."""
    with engine.connect() as conn:
        value = conn.execute(select(h5_meta.c.value).where(h5_meta.c.key == SEEDED_KEY)).scalar()
    return json.loads(value) if value else None


def seed_demo(engine: Engine, cipher: FieldCipher, *, residents: int, seed: int) -> bool:
    """Fill the read model with synthetic residents unless the same demo is there already.

    Returns:
        True when it seeded (False: the same seed and size were seeded before).
    """
    wanted = {"residents": residents, "seed": seed, "today": DEMO_TODAY.isoformat(), "version": 1}
    if is_seeded(engine) == wanted:
        return False
    specs, identities = build_residents(residents, seed)
    eng = writer(engine)
    with eng.begin() as conn:
        for table in (gw_followups, gw_exams, gw_archives):
            conn.execute(delete(table))
        conn.execute(delete(h5_meta).where(h5_meta.c.key.in_((SEEDED_KEY, IDENTITIES_KEY))))
    batch: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]] = ([], [], [])
    for row, followups, exams in iter_rows(specs, cipher, seed):
        batch[0].append(row)
        batch[1].extend(followups)
        batch[2].extend(exams)
        if len(batch[0]) >= 500:
            _flush(eng, batch)
            batch = ([], [], [])
    _flush(eng, batch)
    blob = cipher.encrypt(json.dumps([asdict(i) for i in identities], ensure_ascii=False), "h5_meta.demo_identities")
    with eng.begin() as conn:
        conn.execute(insert(h5_meta), [{"key": IDENTITIES_KEY, "value": blob.hex()}])
        conn.execute(insert(h5_meta), [{"key": SEEDED_KEY, "value": json.dumps(wanted)}])
    return True


def _flush(eng: Engine, batch: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    with eng.begin() as conn:
        for table, rows in zip((gw_archives, gw_followups, gw_exams), batch, strict=True):
            if rows:
                conn.execute(insert(table), rows)


def demo_identities(engine: Engine, cipher: FieldCipher) -> list[DemoIdentity]:
    """The simulator's identities (stored encrypted at seeding)."""
    with engine.connect() as conn:
        value = conn.execute(select(h5_meta.c.value).where(h5_meta.c.key == IDENTITIES_KEY)).scalar()
    if not value:
        return []
    data = json.loads(cipher.decrypt(bytes.fromhex(value), "h5_meta.demo_identities"))
    return [DemoIdentity(**item) for item in data]

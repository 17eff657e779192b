"""Synthetic residents for ``workbench h5 serve --demo``: deterministic from a seed, never real people.

Every resident has hypertension and/or type-2 diabetes follow-ups (quarterly, 1–4 years) and
annual health exams, with the fields of the national forms (:mod:`app.h5.demo_forms`). ID
numbers are valid GB 11643 numbers with Wuzhou address codes, names are drawn from common
surnames and given names; every row is flagged ``synthetic`` and the page shows a 演示数据 banner.
The people (and the one identity per matching scenario) come from :mod:`app.h5.demo_people`;
this module turns them into rows, encrypts what is personal and writes them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from app.h5.crypto import FieldCipher
from app.h5.db import writer
from app.h5.demo_forms import exam_payload, followup_payload
from app.h5.demo_people import (
    DEMO_TODAY,
    DOCTORS,
    ETHNICITIES,
    GIVEN,
    KIND_NAMES,
    REGIONS,
    SURNAMES,
    DemoIdentity,
    ResidentSpec,
    build_residents,
    demo_age,
)
from app.h5.identity import cert_types, normalize_id_number
from app.h5.tables import gw_archives, gw_exams, gw_followups, h5_meta

SEEDED_KEY = "demo_seeded"
IDENTITIES_KEY = "demo_identities"
__all__ = [
    "DEMO_TODAY",
    "DOCTORS",
    "GIVEN",
    "REGIONS",
    "SURNAMES",
    "DemoIdentity",
    "build_residents",
    "demo_identities",
    "seed_demo",
]


_TAGS = {"HTN": ("HTN", "高血压", "慢病"), "T2DM": ("T2DM", "2型糖尿病", "慢病")}


def _tags(spec: ResidentSpec) -> list[dict[str, str]]:
    tags = []
    if demo_age(spec.birth) >= 65:
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
        {"name": KIND_NAMES[k], "diagnosedOn": f"{DEMO_TODAY.year - rng.randint(1, 12)}-{rng.randint(1, 12):02d}"}
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
    age = demo_age(spec.birth)
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


def seed_demo(
    engine: Engine,
    cipher: FieldCipher,
    *,
    residents: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> bool:
    """Fill the read model with synthetic residents unless the same demo is there already.

    Args:
        engine: The H5 database.
        cipher: Encrypts the personal fields.
        residents: How many residents.
        seed: The seed the residents are made from.
        progress: Called with (residents written, residents in all) while seeding, the
            residents of the matching scenarios included; never when the same demo is there
            already (the preview tells a first start from an opening).

    Returns:
        True when it seeded (False: the same seed and size were seeded before).
    """
    wanted = {"residents": residents, "seed": seed, "today": DEMO_TODAY.isoformat(), "version": 1}
    if is_seeded(engine) == wanted:
        return False
    specs, identities = build_residents(residents, seed)
    report = progress or _no_progress
    report(0, len(specs))
    eng = writer(engine)
    with eng.begin() as conn:
        for table in (gw_followups, gw_exams, gw_archives):
            conn.execute(delete(table))
        conn.execute(delete(h5_meta).where(h5_meta.c.key.in_((SEEDED_KEY, IDENTITIES_KEY))))
    batch: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]] = ([], [], [])
    written = 0
    for row, followups, exams in iter_rows(specs, cipher, seed):
        batch[0].append(row)
        batch[1].extend(followups)
        batch[2].extend(exams)
        if len(batch[0]) >= 500:
            written += _flush(eng, batch)
            report(written, len(specs))
            batch = ([], [], [])
    written += _flush(eng, batch)
    report(written, len(specs))
    blob = cipher.encrypt(json.dumps([asdict(i) for i in identities], ensure_ascii=False), "h5_meta.demo_identities")
    with eng.begin() as conn:
        conn.execute(insert(h5_meta), [{"key": IDENTITIES_KEY, "value": blob.hex()}])
        conn.execute(insert(h5_meta), [{"key": SEEDED_KEY, "value": json.dumps(wanted)}])
    return True


def _no_progress(_done: int, _total: int) -> None:
    """No one watches the seeding."""


def _flush(eng: Engine, batch: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]) -> int:
    """Write one batch; returns the number of residents in it."""
    with eng.begin() as conn:
        for table, rows in zip((gw_archives, gw_followups, gw_exams), batch, strict=True):
            if rows:
                conn.execute(insert(table), rows)
    return len(batch[0])


def demo_identities(engine: Engine, cipher: FieldCipher) -> list[DemoIdentity]:
    """The simulator's identities (stored encrypted at seeding)."""
    with engine.connect() as conn:
        value = conn.execute(select(h5_meta.c.value).where(h5_meta.c.key == IDENTITIES_KEY)).scalar()
    if not value:
        return []
    data = json.loads(cipher.decrypt(bytes.fromhex(value), "h5_meta.demo_identities"))
    return [DemoIdentity(**item) for item in data]

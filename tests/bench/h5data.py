"""A cached H5 database with 1,000,000 synthetic archives for the H5 benchmarks.

Built once into ``$TMPDIR/wb-bench-h5-<version>/`` (about 0.6 GB) and reused by later runs. The schema
comes from the service's own migrations; the rows are written with ``sqlite3.executemany`` in large
transactions (journal off while loading, WAL afterwards). Every archive gets its certificate number
and name SM4-GCM-encrypted and blind-indexed exactly like the demo (``app.h5.crypto``). Every
:data:`WITH_RECORDS`-th archive (and the first :data:`IDENTITIES`, the ones the benchmark logs in
as) gets a hypertension or diabetes follow-up and an exam, drawn from a pool of pre-serialised
national forms (:mod:`app.h5.demo_forms`): full forms for all 1,000,000 would take ≈ 7 GB, and the
lookups the benchmark measures go through indexes whose depth hardly depends on that.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.core.identity import make_id_number
from app.h5 import db
from app.h5.crypto import FieldCipher, H5Keys
from app.h5.demo import DEMO_TODAY, DOCTORS, GIVEN, IDENTITIES_KEY, REGIONS, SEEDED_KEY, SURNAMES, DemoIdentity
from app.h5.demo_forms import exam_payload, followup_payload
from app.h5.keys import new_master_key, read_key_file, write_key_file

VERSION = 1
SEED = 20261201
POOL = 400
CHUNK = 25_000
IDENTITIES = 2000
WITH_RECORDS = 20


def folder() -> Path:
    """Where the cached database lives."""
    return Path(tempfile.gettempdir()) / f"wb-bench-h5-v{VERSION}"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pools(rng: random.Random) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    followups, exams = [], []
    regions = list(REGIONS)
    for i in range(POOL):
        kind = "HTN" if i % 3 else "T2DM"
        region = regions[i % len(regions)]
        org = REGIONS[region][0] + REGIONS[region][1][i % len(REGIONS[region][1])]
        doctor = DOCTORS[i % len(DOCTORS)]
        day = DEMO_TODAY - timedelta(days=rng.randint(1, 300))
        height, weight = rng.uniform(1.52, 1.78), rng.uniform(50, 85)
        f = followup_payload(
            rng, kind=kind, visit=day, next_visit=day + timedelta(days=90), height_m=height, weight=weight,
            age=rng.randint(40, 88), org=org, doctor=doctor,
        )  # fmt: skip
        followups.append(
            (kind, day.isoformat(), f["visitWay"], f["visitClass"], f.get("sbp"), f.get("dbp"), f.get("fbg"),
             (day + timedelta(days=90)).isoformat(), org, doctor, "DONE", _json(f))
        )  # fmt: skip
        e = exam_payload(
            rng, day=day - timedelta(days=30), sex=rng.choice("12"), age=rng.randint(40, 88), height_m=height,
            weight=weight, diabetic=kind == "T2DM", hypertensive=kind == "HTN", org=org, doctor=doctor,
            drugs=f["medications"],
        )  # fmt: skip
        abnormal = e["assessment"]["abnormal"]
        verdict = "NORMAL" if not abnormal else "ABNORMAL"
        exams.append(
            ((day - timedelta(days=30)).isoformat(), org, doctor, verdict, len(abnormal), _json(abnormal), _json(e))
        )  # fmt: skip
    return followups, exams


def _archives(args: tuple[int, int, bytes]) -> tuple[list[tuple[Any, ...]], list[tuple[str, str]]]:
    start, stop, master = args
    cipher = FieldCipher(H5Keys.derive(master))
    regions = list(REGIONS)
    basic = json.dumps(
        {"allergies": [], "pastHistory": {"diseases": []}, "familyHistory": {}, "disabilities": ["无残疾"]}
    )
    tags = json.dumps([{"code": "HTN", "name": "高血压", "category": "慢病"}], ensure_ascii=False)
    updated = datetime.combine(DEMO_TODAY, datetime.min.time(), UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows, ids = [], []
    for rid in range(start, stop):
        region = regions[rid % len(regions)]
        birth = date(1935, 1, 1) + timedelta(days=rid % 20000)
        # Unique by construction: the archive id picks the birth date and the sequence.
        number = make_id_number(region, birth, (rid // 20000) % 1000)
        name = SURNAMES[rid % len(SURNAMES)] + GIVEN[(rid // 7) % len(GIVEN)]
        org = REGIONS[region][0] + REGIONS[region][1][0]
        doctor = DOCTORS[rid % len(DOCTORS)]
        rows.append(
            (rid, f"{region}{rid:011d}", "01", cipher.blind_index("RESIDENT_ID", number),
             cipher.encrypt(number, f"gw_archives.cert_no|{rid}"), cipher.encrypt(name, f"gw_archives.name|{rid}"),
             "1" if rid % 2 else "2", birth.isoformat(), "ACTIVE", org, doctor, doctor,
             "0774-3829100", 1, "A", "阳性", tags, basic, None, None, None, "2020-01-01", updated, 1)
        )  # fmt: skip
        if rid <= IDENTITIES:
            ids.append((name, number))
    return rows, ids


def _with_records(rid: int) -> bool:
    return rid <= IDENTITIES or rid % WITH_RECORDS == 0


def build(target: Path, residents: int, *, progress: bool = True) -> float:
    """Build the benchmark database into ``target`` (a folder); returns the seconds it took."""
    started = time.monotonic()
    tmp = target.with_name(target.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    key_file = tmp / "master.key"
    write_key_file(key_file, new_master_key())
    master = read_key_file(key_file)
    db_file = tmp / "h5.sqlite3"
    engine = db.make_engine(f"sqlite+pysqlite:///{db_file}")
    db.migrate(engine)
    engine.dispose()
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB
    # The blind index is random: build it once after loading instead of row by row.
    conn.execute("DROP INDEX ix_gw_archives_cert_index")
    rng = random.Random(SEED)
    followups, exams = _pools(rng)
    identities: list[tuple[str, str]] = []
    chunks = [(s, min(s + CHUNK, residents + 1), master) for s in range(1, residents + 1, CHUNK)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        for n, (rows, ids) in enumerate(pool.imap(_archives, chunks)):
            identities += ids
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO gw_archives VALUES ({','.join('?' * 24)})", rows)
            conn.executemany(
                "INSERT INTO gw_followups (archive_id, kind, visit_date, visit_way, visit_class, sbp, dbp, fbg,"
                " next_visit_date, org_name, doctor_name, outcome, payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(r[0], *followups[r[0] % POOL]) for r in rows if _with_records(r[0])],
            )
            conn.executemany(
                "INSERT INTO gw_exams (archive_id, exam_date, org_name, doctor_name, assessment, abnormal_count,"
                " abnormal_summary, payload) VALUES (?,?,?,?,?,?,?,?)",
                [(r[0], *exams[r[0] % POOL]) for r in rows if _with_records(r[0])],
            )
            conn.execute("COMMIT")
            if progress and n % 8 == 0:
                print(f"  h5 bench data: {rows[-1][0]:,} archives", flush=True)
    cipher = FieldCipher(H5Keys.derive(master))
    people = [
        DemoIdentity(f"r{i + 1:05d}", name, "111", number, "normal", "") for i, (name, number) in enumerate(identities)
    ]
    blob = cipher.encrypt(json.dumps([p.__dict__ for p in people], ensure_ascii=False), "h5_meta.demo_identities")
    wanted = {"residents": residents, "seed": SEED, "today": DEMO_TODAY.isoformat(), "version": 1}
    conn.execute("CREATE INDEX ix_gw_archives_cert_index ON gw_archives (cert_index)")
    conn.execute("INSERT INTO h5_meta VALUES (?, ?)", (IDENTITIES_KEY, blob.hex()))
    conn.execute("INSERT INTO h5_meta VALUES (?, ?)", (SEEDED_KEY, json.dumps(wanted)))
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return time.monotonic() - started


def ensure(residents: int = 1_000_000) -> tuple[Path, float | None]:
    """The cached database folder (``h5.sqlite3``, ``master.key``) and the build time if it was built now."""
    target = folder()
    marker = target / f"ready-{residents}"
    if marker.exists():
        return target, None
    seconds = build(target, residents)
    marker.touch()
    return target, seconds

"""``workbench h5``: serve --demo as a real process (≥ 2,000 synthetic residents), self-assess, keys, errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.cli.main import main
from app.h5.demo import build_residents
from tests.h5.servers import Server

API = "/api/h5/v1"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    data = tmp_path_factory.mktemp("h5-cli")
    server = Server(data, "--demo").wait_ready()
    try:
        yield server, data
    finally:
        assert server.stop() in (0, -15)


@pytest.mark.slow
def test_serve_demo_has_2000_residents_with_records(demo_server: tuple[Server, Path]) -> None:
    server, data = demo_server
    listing = httpx.get(f"{server.url}/sim/zgt/users", timeout=30).json()
    assert listing["total"] >= 2000 and listing["synthetic"] is True
    users = listing["items"]
    assert {"name", "certType", "certNo"} <= set(users[0])
    normal = [u for u in users if u["key"][1:].isdigit()]
    assert len(normal) >= 2000
    for u in normal[:: len(normal) // 25]:  # a spread of residents: each has follow-ups and exams
        token = httpx.post(f"{server.url}/sim/zgt/login", json={k: u[k] for k in ("name", "certType", "certNo")}).json()
        r = httpx.post(f"{server.url}{API}/auth/zgt/exchange", json={"zgtToken": token["token"]})
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['sessionToken']}"}
        s = httpx.get(f"{server.url}{API}/me/summary", headers=headers).json()
        assert s["counts"]["followups"] >= 1 and s["counts"]["exams"] >= 1
        assert {t["code"] for t in s["healthTags"]} & {"HTN", "T2DM"}
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and "/sim/zgt/shim.js" in page.text and 'data-demo="1"' in page.text
    # The default demo database lives in the data folder; it holds no plaintext number.
    db_file = data / "h5" / "h5-demo.sqlite3"
    raw = b"".join(p.read_bytes() for p in (db_file, Path(f"{db_file}-wal")) if p.exists())
    assert not any(u["certNo"].encode() in raw for u in users[:300])
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"[1-9]\d{16}[\dXx]", log)


def test_demo_is_deterministic_and_has_the_form_fields() -> None:
    a_res, a_ids = build_residents(50, 7)
    b_res, b_ids = build_residents(50, 7)
    _, c_ids = build_residents(50, 8)
    assert a_ids == b_ids and [r.cert_no for r in a_res] == [r.cert_no for r in b_res]
    assert [i.cert_no for i in a_ids] != [i.cert_no for i in c_ids]
    scenarios = {i.key for i in a_ids if not i.key[1:].isdigit()}
    assert scenarios >= {
        "no-archive",
        "name-mismatch",
        "duplicate",
        "inactive",
        "legacy-15",
        "minority-dot",
        "passport",
    }


def test_demo_forms_carry_the_national_fields() -> None:
    from app.h5.crypto import FieldCipher, H5Keys
    from app.h5.demo import iter_rows

    residents, _ = build_residents(30, 3)
    rows = list(iter_rows(residents, FieldCipher(H5Keys.derive(bytes(32))), 3))
    htn = next(f["payload"] for _, fs, _ in rows for f in fs if f["kind"] == "HTN" and f["outcome"] == "DONE")
    dm = next(f["payload"] for _, fs, _ in rows for f in fs if f["kind"] == "T2DM" and f["outcome"] == "DONE")
    exam = rows[0][2][0]["payload"]
    htn_fields = {
        "visitWay", "symptoms", "sbp", "dbp", "weight", "weightTarget", "bmi", "heartRate", "smokePerDay",
        "drinkPerDay", "exerciseTimesPerWeek", "saltIntake", "psychAdjust", "complianceBehavior",
        "medAdherence", "adverseReaction", "visitClass", "medications", "nextVisitDate", "doctorName",
    }  # fmt: skip
    assert htn_fields <= set(htn)
    assert {"fbg", "hba1c", "hypoglycemia", "stapleFoodGramsPerDay", "dorsalisPedisPulse", "insulin"} <= set(dm)
    assert {"header", "symptoms", "general", "lifestyle", "organFunction", "physical", "labs", "problems",
            "hospitalizations", "medications", "vaccinations", "assessment", "guidance"} <= set(exam)  # fmt: skip
    assert htn["visitClass"] in ("控制满意", "控制不满意", "不良反应", "并发症")
    assert all(r[0]["synthetic"] for r in rows)


def test_self_assess_writes_a_case_that_scores_partially(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h5-case.json"
    assert main(["--data-dir", str(tmp_path / "d"), "h5", "self-assess", "-o", str(out)]) == 0
    case = json.loads(out.read_text(encoding="utf-8"))
    assert case["format"] == "mipin-case/1" and case["system"]["level"] == 3
    units = {u["id"]: u for u in case["units"]}
    assert units["AD-5"]["objects"][0]["D"] == "√" and "SM4" in units["AD-5"]["objects"][0]["algorithms"]
    assert units["AD-7"]["objects"][0]["algorithms"] == ["HMAC-SM3"]
    capsys.readouterr()
    assert main(["score", str(out), "--partial", "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    text = json.dumps(scored, ensure_ascii=False)
    assert "AD-5" in text
    assert main(["score", str(out)]) == 2  # untested units: a full score is refused, --partial is needed


def test_self_assess_command_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    env_cmd = [sys.executable, "-m", "app.cli.main", "--data-dir", str(tmp_path), "h5", "self-assess", "-o", str(out)]
    assert subprocess.run(env_cmd, capture_output=True, check=False, timeout=120).returncode == 0
    score = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "score", str(out), "--partial"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert score.returncode == 0 and "AD 应用和数据安全" in score.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["h5", "serve", "--port", "0"], "--port"),
        (["h5", "serve", "--workers", "0"], "--workers"),
        (["h5", "serve"], "zgt.url"),  # production mode needs the 智桂通 endpoint
        (["h5", "serve", "--demo", "--db", "mysql://x/y"], "--db"),
    ],
)
def test_bad_serve_options_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["--data-dir", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[limits]\nsession_per_minute = 0\n", "limits.session_per_minute"),
        ("[nonsense]\n", "nonsense"),
        ('[zgt]\nmode = "simulator"\n', "zgt.mode"),
        ('[keys]\nsource = "file"\n', "keys.key_file"),
        ("not toml = = =", "--config"),
    ],
)
def test_bad_config_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, field: str) -> None:
    cfg = tmp_path / "h5.toml"
    cfg.write_text(body, encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "h5", "serve", "--config", str(cfg)]) == 2
    assert field in capsys.readouterr().err


def test_keygen_and_audit_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "k.key"
    assert main(["--data-dir", str(tmp_path), "h5", "keygen", "--key-file", str(key)]) == 0
    assert (key.stat().st_mode & 0o777) == 0o600
    assert main(["--data-dir", str(tmp_path), "h5", "keygen", "--key-file", str(key)]) == 2
    assert main(["--data-dir", str(tmp_path), "h5", "keygen", "--keyring"]) == 0
    assert main(["--data-dir", str(tmp_path), "h5", "keygen", "--keyring"]) == 2  # never overwritten
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "h5", "audit-verify", "--demo"]) == 2  # nothing served yet
    assert "不存在" in capsys.readouterr().err
    # Serve once (in-process, the same paths and keyring as the command), then verify.
    from fastapi.testclient import TestClient

    from app.core.secrets import SecretStore
    from app.h5.api import create_app
    from app.h5.config import build_config
    from app.h5.runtime import open_runtime

    folder = tmp_path / "h5"
    config = build_config(
        {"demo": {"residents": 20}}, demo=True, db_url=None,
        default_db_url=f"sqlite+pysqlite:///{folder / 'h5-demo.sqlite3'}", demo_key_file=folder / "demo-master.key",
    )  # fmt: skip
    runtime = open_runtime(config, SecretStore())
    with TestClient(create_app(runtime, purge=False)) as client:
        client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": "nope"})
    runtime.close()
    assert main(["--data-dir", str(tmp_path), "h5", "audit-verify", "--demo"]) == 0
    assert "1 条记录" in capsys.readouterr().out

"""The H5 API end to end (TestClient): the whole flow and every error row of issue 12."""

from __future__ import annotations

import json
import re

import pytest

from tests.h5.conftest import API, H5App

ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")


def test_whole_flow_summary_lists_and_details(h5: H5App) -> None:
    r = h5.exchange("r00001")
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"sessionToken", "expiresIn", "matchStatus", "profile"}
    assert body["matchStatus"] == "MATCHED" and body["expiresIn"] == 900 and body["needConsent"] is True
    user = h5.user("r00001")
    assert body["profile"]["certNoMasked"] == user["certNo"][:3] + "*" * 11 + user["certNo"][-4:]
    assert body["profile"]["nameMasked"][0] == user["name"][0] and "*" in body["profile"]["nameMasked"]
    headers = {"Authorization": f"Bearer {body['sessionToken']}"}

    summary = h5.client.get(f"{API}/me/summary", headers=headers)
    assert summary.status_code == 200
    s = summary.json()
    assert s["certNoMasked"] == body["profile"]["certNoMasked"]
    assert s["counts"]["followups"] > 0 and s["counts"]["exams"] > 0
    assert {t["code"] for t in s["healthTags"]} & {"HTN", "T2DM"}
    assert s["latestVitals"]["bp"] and s["nextFollowups"]

    basic = h5.client.get(f"{API}/me/basic-info", headers=headers).json()
    assert {"bloodType", "allergies", "pastHistory", "familyHistory", "disabilities"} <= set(basic)
    assert basic["phoneMasked"] and "****" in basic["phoneMasked"]

    followups = h5.client.get(f"{API}/me/followups", headers=headers).json()
    assert followups["items"] and all("ref" in i for i in followups["items"])
    assert len(followups["items"]) == min(20, s["counts"]["followups"])
    first = followups["items"][0]
    detail = h5.client.get(f"{API}/me/followups/{first['ref']}", headers=headers)
    assert detail.status_code == 200
    d = detail.json()
    assert d["visitDate"] == first["visitDate"] and d["type"] in ("HTN", "T2DM")
    assert {"medAdherence", "visitClass", "medications", "nextVisitDate"} <= set(d) or d["visitClass"] == "失访"

    exams = h5.client.get(f"{API}/me/exams", headers=headers).json()
    assert exams["items"] and all("ref" in i for i in exams["items"])
    exam = h5.client.get(f"{API}/me/exams/{exams['items'][0]['ref']}", headers=headers).json()
    assert {"general", "labs", "assessment", "guidance"} <= set(exam)
    assert len(exam["assessment"]["abnormal"]) == min(4, exams["items"][0]["abnormalCount"])
    assert exam["assessmentCode"] == exams["items"][0]["assessment"]
    assert all({"itemName", "value", "unit", "refRange"} <= set(lab) for lab in exam["labs"])

    assert h5.client.post(f"{API}/auth/logout", headers=headers).json() == {"ok": True}
    after = h5.client.get(f"{API}/me/summary", headers=headers)
    assert after.status_code == 401 and after.json()["code"] == "SESSION_EXPIRED"


def test_followups_filter_by_type_and_year_and_page_with_cursor(h5: H5App) -> None:
    headers = h5.session("r00001")
    full = h5.client.get(f"{API}/me/followups", params={"size": 50}, headers=headers).json()
    types = {t["type"] for t in full["facets"]["types"]}
    kind = sorted(types)[0]
    only = h5.client.get(f"{API}/me/followups", params={"type": kind, "size": 50}, headers=headers).json()
    assert only["items"] and {i["type"] for i in only["items"]} == {kind}
    year = full["facets"]["years"][0]
    in_year = h5.client.get(f"{API}/me/followups", params={"year": year, "size": 50}, headers=headers).json()
    assert in_year["items"] and all(i["visitDate"].startswith(str(year)) for i in in_year["items"])
    seen, cursor = [], None
    while True:
        params = {"size": 3, **({"cursor": cursor} if cursor else {})}
        page = h5.client.get(f"{API}/me/followups", params=params, headers=headers).json()
        seen += [(i["visitDate"], i["type"]) for i in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == sum(t["count"] for t in full["facets"]["types"])
    assert seen == sorted(seen, key=lambda x: x[0], reverse=True) or len({d for d, _ in seen}) < len(seen)
    bad = h5.client.get(f"{API}/me/followups", params={"type": "SMI"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "INVALID_FIELD"


@pytest.mark.parametrize(
    ("key", "status", "code"),
    [
        ("no-archive", 404, "ARCHIVE_NOT_FOUND"),
        ("name-mismatch", 409, "NAME_MISMATCH"),
        ("duplicate", 409, "ARCHIVE_DUPLICATE"),
        ("inactive", 410, "ARCHIVE_INACTIVE"),
        ("passport", 422, "CERT_TYPE_UNSUPPORTED"),
    ],
)
def test_matching_error_rows(h5: H5App, key: str, status: int, code: str) -> None:
    r = h5.exchange(key)
    assert r.status_code == status
    body = r.json()
    assert body["code"] == code and body["message"] and r.headers["x-request-id"]
    assert re.search(r"[\u4e00-\u9fff]", body["message"])
    assert "sessionToken" not in body


def test_name_mismatch_never_shows_the_stored_name(h5: H5App) -> None:
    stored = h5.user("r00002")["name"]  # the name-mismatch identity uses r00002's number
    r = h5.exchange("name-mismatch")
    assert r.status_code == 409
    assert stored not in r.text and stored[1:] not in r.text


@pytest.mark.parametrize("key", ["legacy-15", "minority-dot", "lowercase-x"])
def test_normalised_identities_match(h5: H5App, key: str) -> None:
    r = h5.exchange(key)
    assert r.status_code == 200, r.text
    assert r.json()["matchStatus"] == "MATCHED"


def test_rare_character_archive_matches_fuzzy(h5: H5App) -> None:
    r = h5.exchange("rare-char")
    assert r.status_code == 200 and r.json()["matchStatus"] == "MATCHED_FUZZY"


def test_invalid_checksum_from_zgt_finds_no_archive(h5: H5App) -> None:
    u = h5.user("r00001")
    wrong = u["certNo"][:-1] + ("0" if u["certNo"][-1] != "0" else "1")
    token = h5.client.post("/sim/zgt/login", json={"name": u["name"], "certType": "111", "certNo": wrong}).json()
    r = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token["token"]})
    assert r.status_code == 404 and r.json()["code"] == "ARCHIVE_NOT_FOUND"


def test_reused_token_is_refused(h5: H5App) -> None:
    token = h5.zgt_token("r00001")
    first = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
    assert first.status_code == 200
    again = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
    assert again.status_code == 401 and again.json()["code"] == "ZGT_TOKEN_INVALID"


def test_failed_exchange_still_spends_the_token(h5: H5App) -> None:
    token = h5.zgt_token("no-archive")
    assert h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token}).status_code == 404
    again = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
    assert again.status_code == 401 and again.json()["code"] == "ZGT_TOKEN_INVALID"


def test_unknown_and_expired_tokens(h5: H5App) -> None:
    r = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": "c30d0040-c40a-4d8e-9d62-000000000000"})
    assert r.status_code == 401 and r.json()["code"] == "ZGT_TOKEN_INVALID"
    token = h5.zgt_token("r00001")
    h5.clock.advance(minutes=5, seconds=1)
    late = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token})
    assert late.status_code == 401 and late.json()["code"] == "ZGT_TOKEN_INVALID"
    expired = h5.zgt_token("r00001", expired=True)
    r = h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": expired})
    assert r.status_code == 401 and r.json()["code"] == "ZGT_TOKEN_INVALID"


def test_token_only_in_a_post_body(h5: H5App) -> None:
    token = h5.zgt_token("r00001")
    assert h5.client.get(f"{API}/auth/zgt/exchange", params={"zgtToken": token}).status_code == 405
    r = h5.client.post(f"{API}/auth/zgt/exchange", params={"zgtToken": token}, json={})
    assert r.status_code in (400, 422)
    # The token was not spent by the refused requests.
    assert h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": token}).status_code == 200


def test_session_idle_and_absolute_expiry_with_a_fake_clock(h5: H5App) -> None:
    headers = h5.session("r00001")
    h5.clock.advance(minutes=14, seconds=59)
    assert h5.client.get(f"{API}/me/summary", headers=headers).status_code == 200
    h5.clock.advance(minutes=15, seconds=1)
    r = h5.client.get(f"{API}/me/summary", headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "SESSION_EXPIRED"

    headers = h5.session("r00001")
    for _ in range(8):  # active every 14 minutes (up to 112 min): the idle clock never runs out …
        h5.clock.advance(minutes=14)
        assert h5.client.get(f"{API}/me/summary", headers=headers).status_code == 200
    h5.clock.advance(minutes=14)  # … but at 126 min, 2 hours after the exchange, the session ends anyway
    r = h5.client.get(f"{API}/me/summary", headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "SESSION_EXPIRED"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer " + "A" * 43])
def test_me_routes_need_a_valid_session(h5: H5App, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    for path in ("summary", "basic-info", "followups", "exams", "feedback"):
        r = h5.client.get(f"{API}/me/{path}", headers=headers)
        assert r.status_code == 401 and r.json()["code"] == "SESSION_EXPIRED"


def test_idor_across_two_residents(h5: H5App) -> None:
    alice, bob = h5.session("r00001"), h5.session("r00003")
    a_follow = h5.client.get(f"{API}/me/followups", headers=alice).json()["items"][0]["ref"]
    a_exam = h5.client.get(f"{API}/me/exams", headers=alice).json()["items"][0]["ref"]
    b_follow = h5.client.get(f"{API}/me/followups", headers=bob).json()["items"][0]["ref"]
    missing = h5.client.get(f"{API}/me/followups/f_{'A' * 48}", headers=bob)
    foreign = h5.client.get(f"{API}/me/followups/{a_follow}", headers=bob)
    assert missing.status_code == foreign.status_code == 404
    strip = lambda b: {k: v for k, v in b.items() if k != "traceId"}  # noqa: E731
    assert (
        strip(missing.json())
        == strip(foreign.json())
        == {"code": "RECORD_NOT_FOUND", "message": foreign.json()["message"]}
    )
    assert h5.client.get(f"{API}/me/exams/{a_exam}", headers=bob).status_code == 404
    assert (
        h5.client.get(f"{API}/me/followups/{a_exam}", headers=alice).status_code == 404
    )  # an exam ref is no follow-up
    assert h5.client.get(f"{API}/me/followups/{b_follow}", headers=bob).status_code == 200
    # A changed character of a valid reference is a 404 as well (authenticated encryption).
    tampered = a_follow[:-2] + ("A" if a_follow[-2] != "A" else "B") + a_follow[-1]
    assert h5.client.get(f"{API}/me/followups/{tampered}", headers=alice).status_code == 404
    # Parameters naming a person are ignored: the person comes from the session only.
    bob_summary = h5.client.get(f"{API}/me/summary", headers=bob).json()
    alice_cert = h5.user("r00001")["certNo"]
    with_param = h5.client.get(f"{API}/me/summary", params={"certNo": alice_cert, "archiveId": 1}, headers=bob).json()
    assert with_param["certNoMasked"] == bob_summary["certNoMasked"] != alice_cert


def test_rate_limit_per_session(h5: H5App) -> None:
    headers = h5.session("r00001")
    limit = h5.runtime.config.limits.session_per_minute
    codes = [h5.client.get(f"{API}/me/summary", headers=headers).status_code for _ in range(limit + 1)]
    assert codes[:limit] == [200] * limit and codes[limit] == 429
    r = h5.client.get(f"{API}/me/summary", headers=headers)
    assert r.json()["code"] == "RATE_LIMITED" and 1 <= int(r.headers["retry-after"]) <= 60
    h5.clock.advance(seconds=61)
    assert h5.client.get(f"{API}/me/summary", headers=headers).status_code == 200


def test_rate_limit_per_ip_on_the_exchange(h5: H5App) -> None:
    limit = h5.runtime.config.limits.exchange_per_ip_per_minute
    codes = [
        h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": f"bogus-{i}"}).status_code
        for i in range(limit + 3)
    ]
    assert codes[:limit] == [401] * limit and set(codes[limit:]) == {429}
    h5.clock.advance(minutes=1)
    assert h5.client.post(f"{API}/auth/zgt/exchange", json={"zgtToken": "bogus-x"}).status_code == 401


def test_rate_limit_per_ip_on_me_routes_counts_every_session(tmp_path, h5_template) -> None:
    from tests.h5.conftest import open_app

    app = open_app(tmp_path / "h5", h5_template, limits={"ip_per_minute": 12, "session_per_minute": 100})
    try:
        sessions = [app.session(k) for k in ("r00001", "r00003", "r00004")]
        codes = [app.client.get(f"{API}/me/summary", headers=sessions[i % 3]).status_code for i in range(13)]
        assert codes[:12] == [200] * 12 and codes[12] == 429
    finally:
        app.client.close()
        app.runtime.close()


def test_bad_bodies(h5: H5App) -> None:
    url = f"{API}/auth/zgt/exchange"
    bad_json = h5.client.post(url, content=b"{zgtToken:", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 400 and bad_json.json()["code"] == "BAD_REQUEST"
    missing = h5.client.post(url, json={"token": "x"})
    assert missing.status_code == 422 and missing.json()["field"] == "zgtToken"
    wrong_type = h5.client.post(url, json={"zgtToken": 12})
    assert wrong_type.status_code == 422
    too_big = h5.client.post(
        url, content=b'{"zgtToken": "' + b"x" * 70_000 + b'"}', headers={"Content-Type": "application/json"}
    )
    assert too_big.status_code == 413 and too_big.json()["code"] == "BODY_TOO_LARGE"

    def chunks():
        for _ in range(80):
            yield b"x" * 1024

    chunked = h5.client.post(url, content=chunks(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert (
        h5.client.post(url, content=b"{}" + b" " * 60_000, headers={"Content-Type": "application/json"}).status_code
        == 422
    )


def test_headers_no_store_and_security(h5: H5App) -> None:
    headers = h5.session("r00001")
    for path in ("summary", "basic-info", "followups", "exams", "feedback"):
        r = h5.client.get(f"{API}/me/{path}", headers=headers)
        assert r.headers["cache-control"] == "no-store" and r.headers["pragma"] == "no-cache"
    page = h5.client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    assert "user-scalable=no" not in page.text and "maximum-scale" not in page.text


def test_errors_have_the_model_on_unknown_routes(h5: H5App) -> None:
    r = h5.client.get(f"{API}/nothing-here")
    assert r.status_code == 404 and r.json()["code"] == "NOT_FOUND"
    r = h5.client.delete(f"{API}/me/summary")
    assert r.status_code == 405 and r.json()["code"] == "METHOD_NOT_ALLOWED"


def test_consent_is_recorded_once_per_notice(h5: H5App) -> None:
    r = h5.exchange("r00001")
    assert r.json()["needConsent"] is True
    headers = {"Authorization": f"Bearer {r.json()['sessionToken']}"}
    version = r.json()["noticeVersion"]
    bad = h5.client.post(f"{API}/auth/consent", json={"noticeVersion": "1999-01"}, headers=headers)
    assert bad.status_code == 422
    assert h5.client.post(f"{API}/auth/consent", json={"noticeVersion": version}, headers=headers).json() == {
        "ok": True
    }
    assert h5.exchange("r00001").json()["needConsent"] is False
    assert h5.exchange("r00003").json()["needConsent"] is True


def test_feedback_submit_and_list(h5: H5App) -> None:
    alice, bob = h5.session("r00001"), h5.session("r00003")
    ref = h5.client.get(f"{API}/me/followups", headers=alice).json()["items"][0]["ref"]
    body = {
        "resourceType": "FOLLOWUP", "ref": ref, "issueType": "NOT_RECEIVED",
        "description": "这次随访我没有参加，请核实。", "contactPhone": "13800001234",
    }  # fmt: skip
    r = h5.client.post(f"{API}/me/feedback", json=body, headers=alice)
    assert r.status_code == 200 and r.json()["feedbackNo"].startswith("FK") and r.json()["status"] == "SUBMITTED"
    mine = h5.client.get(f"{API}/me/feedback", headers=alice).json()["items"]
    assert len(mine) == 1 and mine[0]["feedbackNo"] == r.json()["feedbackNo"]
    assert mine[0]["contactPhoneMasked"] == "138****1234" and "13800001234" not in json.dumps(mine)
    assert mine[0]["description"] == body["description"] and mine[0]["status"] == "SUBMITTED"
    assert h5.client.get(f"{API}/me/feedback", headers=bob).json()["items"] == []
    assert h5.client.post(f"{API}/me/feedback", json=body, headers=bob).status_code == 404  # alice's ref
    for broken in (
        {**body, "issueType": "WHATEVER"},
        {**body, "description": ""},
        {**body, "description": "长" * 501},
        {**body, "contactPhone": "call me"},
        {k: v for k, v in body.items() if k != "resourceType"},
    ):
        assert h5.client.post(f"{API}/me/feedback", json=broken, headers=alice).status_code == 422
    assert (
        h5.client.post(
            f"{API}/me/feedback", json={**body, "ref": None, "resourceType": "BASIC"}, headers=alice
        ).status_code
        == 200
    )


def test_simulator_users_by_key(h5: H5App) -> None:
    one = h5.client.get("/sim/zgt/users", params={"key": "r00007"}).json()["items"]
    assert [u["key"] for u in one] == ["r00007"]
    assert h5.client.get("/sim/zgt/users", params={"key": "nobody"}).json()["items"] == []
    assert len(h5.client.get("/sim/zgt/users", params={"limit": 3}).json()["items"]) == 3


def test_terms_dictionary(h5: H5App) -> None:
    r = h5.client.get(f"{API}/dict/terms")
    assert r.status_code == 200 and "max-age" in r.headers["cache-control"]
    data = r.json()
    assert any(t["term"] == "控制满意" for t in data["terms"])
    assert any(x["itemCode"] == "FBG" and x["unit"] == "mmol/L" for x in data["refRanges"])


def test_no_response_contains_a_full_certificate_number(h5: H5App) -> None:
    """Every API answer of a whole session, scanned for any 18-character ID number."""
    numbers = {u["certNo"].upper() for u in h5.users()}
    bodies = []
    for key in ("r00001", "minority-dot", "legacy-15", "name-mismatch", "no-archive", "duplicate"):
        r = h5.exchange(key)
        bodies.append(r.text)
        if r.status_code != 200:
            continue
        headers = {"Authorization": f"Bearer {r.json()['sessionToken']}"}
        for path in ("summary", "basic-info", "followups", "exams", "feedback"):
            bodies.append(h5.client.get(f"{API}/me/{path}", headers=headers).text)
        ref = h5.client.get(f"{API}/me/followups", headers=headers).json()["items"][0]["ref"]
        bodies.append(h5.client.get(f"{API}/me/followups/{ref}", headers=headers).text)
        ref = h5.client.get(f"{API}/me/exams", headers=headers).json()["items"][0]["ref"]
        bodies.append(h5.client.get(f"{API}/me/exams/{ref}", headers=headers).text)
    text = "\n".join(bodies)
    assert not ID_NUMBER.search(text)
    assert not any(n in text or n[:6] + n[8:17] in text for n in numbers)

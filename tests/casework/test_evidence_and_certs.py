"""Evidence files (content-addressed copies, editor records) and certificate parsing (RSA and SM2)."""

from __future__ import annotations

import os
import stat

import pytest

from app.core.errors import InputError
from app.mipin.bundle import load_bundle
from app.mipin.cases import CaseHeader, create_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import AddEvidence, DeleteEvidence, UpdateEvidence
from app.mipin.evidence.certs import parse_certificate
from app.mipin.evidence.records import EvidenceRecord, reconcile, store_file, stored_path
from app.store import audit
from tests.certgen import openssl_certificate


@pytest.mark.parametrize("der", [False, True])
def test_rsa_1024_sha1_proposes_sha1_and_rsa1024(tmp_path, der) -> None:
    info = parse_certificate(openssl_certificate(tmp_path, "rsa1024-sha1", der=der).read_bytes())
    assert set(info.proposed_algorithms) == {"SHA-1", "RSA-1024"}
    assert info.signature_algorithm == "sha1WithRSAEncryption"
    assert (info.key_algorithm, info.key_size) == ("RSA", 1024)
    assert "CN=vpn.example.test" in info.subject and "O=示例测评" in info.subject
    assert info.not_before < info.not_after


def test_sm2_certificate_is_read_through_asn1crypto(tmp_path) -> None:
    info = parse_certificate(openssl_certificate(tmp_path, "sm2-sm3", cn="国密网关").read_bytes())
    assert info.proposed_algorithms == ("SM2", "SM3")
    assert info.signature_algorithm == "SM3withSM2"
    assert (info.key_algorithm, info.curve, info.key_size) == ("SM2", "SM2", 256)
    assert "国密网关" in info.subject
    again = type(info).from_details(info.as_details())
    assert again == info


def test_rsa_2048_sha256(tmp_path) -> None:
    info = parse_certificate(openssl_certificate(tmp_path, "rsa2048-sha256").read_bytes())
    assert set(info.proposed_algorithms) == {"RSA-2048", "SHA-256"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"not a certificate at all", "无法识别的证书"),
        (b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n", "不是证书"),
    ],
)
def test_unreadable_certificates_are_reported_as_such(data, message) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_certificate(data)
    assert info.value.field == "certificate"


def test_store_file_is_content_addressed_and_owner_only(paths, tmp_path) -> None:
    source = tmp_path / "抓包.pcap"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    progress = []
    stored = store_file(paths, source, progress=lambda pct, _name: progress.append(pct))
    target = stored_path(paths, stored.sha256)
    assert target.read_bytes() == source.read_bytes()
    assert stored.size == source.stat().st_size and stored.original_name == "抓包.pcap"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert progress[-1] == 100 and progress == sorted(progress)
    assert store_file(paths, source).sha256 == stored.sha256  # same content, same file
    assert not list(paths.evidence_dir.glob(".incoming-*"))


def test_unreadable_source_names_the_file(paths, tmp_path) -> None:
    with pytest.raises(InputError) as info:
        store_file(paths, tmp_path / "missing.png")
    assert "missing.png" in info.value.field


def _record(sha: str, method: str, reliability: int, observed: dict, unit: str | None = "NC-1") -> EvidenceRecord:
    return EvidenceRecord(sha * 64, f"{method}.txt", 1, "document", method, reliability, unit, "网关",
                          details={"observed": observed})  # fmt: skip


def test_more_reliable_evidence_wins_and_warns() -> None:
    items = [_record("a", "访谈", 1, {"D": "√"}), _record("b", "主动测试（篡改/重放）", 3, {"D": "×"}, unit=None)]
    (conflict,) = reconcile(items, "NC-1", "网关", {"D": "√"})
    assert conflict.winner == "×" and conflict.indicator == "D"
    assert "可靠性更高" in conflict.message and "录入的是 √" in conflict.message
    assert reconcile(items, "NC-3", "网关", {"D": "×"}) == []  # only the object-wide item applies there


def test_equal_classes_leave_the_conflict_to_the_assessor() -> None:
    items = [_record("a", "工具测试", 2, {"K": "√"}), _record("b", "配置检查", 2, {"K": "×"})]
    (conflict,) = reconcile(items, "NC-1", "网关", {"K": None})
    assert conflict.winner is None and "需测评人员判定" in conflict.message


def test_entered_mark_against_evidence() -> None:
    (conflict,) = reconcile([_record("a", "工具测试", 2, {"A": "×"})], "NC-1", "网关", {"A": "√"})
    assert conflict.winner == "×" and "与证据不一致" in conflict.message


def test_editor_records_evidence_with_audit(store) -> None:
    editor = CaseEditor(store)
    case_id = create_case(store, CaseHeader(system_name="证据系统", level=3))
    record = _record("d", "工具测试", 2, {"D": "√"})
    editor.apply(case_id, AddEvidence(record))
    with pytest.raises(InputError, match="已附加"):
        editor.apply(case_id, AddEvidence(record))
    with pytest.raises(InputError, match="第 2 类"):
        editor.apply(case_id, AddEvidence(_record("e", "工具测试", 1, {})))
    (change,) = editor.apply(case_id, UpdateEvidence(*record.key, {"method": "访谈", "observed": {"D": "×"}}))
    assert change.old == {"method": "工具测试", "observed": {"D": "√"}}
    (item,) = load_bundle(store, case_id).evidence
    assert (item.method, item.reliability, item.details["observed"]) == ("访谈", 1, {"D": "×"})
    (removed,) = editor.apply(case_id, DeleteEvidence(*record.key))
    assert removed.old["sha256"] == record.sha256 and removed.new is None
    actions = [r.action for r in audit.records(store, case_id)]
    assert actions.count("add_evidence") == 1 and "update_evidence" in actions and "delete_evidence" in actions
    assert audit.verify(store, case_id).ok
    assert '"original_name": "工具测试.txt"' in (audit.records(store, case_id)[-1].old_value or "")


def _broken_certificates() -> list[bytes]:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "fuzz" / "certificate"
    good = (folder / "ok--rsa1024-sha1.der").read_bytes()
    refused = [p.read_bytes() for p in sorted(folder.glob("refused--*"))]
    crafted = [
        good[:50],  # truncated
        good + b"xx",  # trailing bytes
        b"\x30\x03\x02\x01\x01",  # a SEQUENCE that is no certificate
        b"\x04\x03abc",  # an OCTET STRING
        good.replace(b"\x06\x09", b"\x07\x09", 1),  # a broken algorithm identifier
        b"-----BEGIN CERTIFICATE-----\nMIIB\n",  # PEM without END
        b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
    ]
    return refused + crafted


@pytest.mark.parametrize("data", _broken_certificates(), ids=lambda d: d[:12].hex())
def test_certificate_errors_are_plain_words(data: bytes) -> None:
    import re

    with pytest.raises(InputError) as info:
        parse_certificate(data)
    reason = info.value.reason
    assert info.value.field == "certificate"
    for internal in ("ParseError", "kind", "ShortData", "Tag {", "asn1", "error", "{", "needed", "pem_bytes"):
        assert internal not in reason, reason
    # Chinese words, plus only the format names an assessor knows and the file's own PEM label (“…”)
    words = re.sub(r"PEM|DER|X\.509|BEGIN|END|Base64|PKCS#7|v1|v3|“[^”]*”", "", reason)
    assert not words.isascii() and re.fullmatch(r"[^a-zA-Z]*", words), reason


def test_truncated_certificate_says_so() -> None:
    from pathlib import Path

    good = (Path(__file__).resolve().parents[1] / "data" / "fuzz" / "certificate" / "ok--rsa1024-sha1.der").read_bytes()
    with pytest.raises(InputError) as info:
        parse_certificate(good[: len(good) // 2])
    assert (
        info.value.reason
        == "无法识别的证书：文件不是有效的 PEM 或 DER 格式 X.509 证书（证书数据不完整，文件可能被截断或未完整复制）"
    )


def test_certificate_with_an_overlong_country_name_is_still_read() -> None:
    """cryptography only warns about a 12-byte C= value; the pytest config turns warnings into errors."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.warns(UserWarning, match="length"):
        country = x509.NameAttribute(NameOID.COUNTRY_NAME, "CHINAMAINLND", _validate=False)
    name = x509.Name([country, x509.NameAttribute(NameOID.COMMON_NAME, "odd.example.test")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(7).not_valid_before(start).not_valid_after(start + dt.timedelta(days=30))
    pem = builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)
    info = parse_certificate(pem)
    assert "CN=odd.example.test" in info.subject

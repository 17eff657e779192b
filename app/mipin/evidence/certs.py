"""X.509 certificates attached as evidence: what they say, and which algorithms they imply.

:func:`parse_certificate` reads a PEM or DER certificate (SM2/SM3 certificates included) and
returns a :class:`CertificateInfo` with subject, issuer, validity, key algorithm and size or
curve, signature algorithm, and the catalogue algorithm names the certificate proves are in
use (``sha1WithRSAEncryption`` with a 1024-bit key → ``["SHA-1", "RSA-1024"]``; SM3withSM2 →
``["SM2", "SM3"]``). These feed an object's ``algorithms`` and so Ra and high-risk item 5.1.

``cryptography`` loads SM2 certificates but cannot build their public key (the SM2 curve is
not supported, see env-notes §10), so the key is always read from the SubjectPublicKeyInfo
with asn1crypto. Anything unreadable raises :class:`app.core.errors.InputError`.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.core.errors import InputError

if TYPE_CHECKING:
    from cryptography import x509

# cryptography and asn1crypto are imported by the parsing functions, not at module import: the
# evidence UI needs this module at start-up, the parsers only when a certificate is attached.

SM2_CURVE_OID = "1.2.156.10197.1.301"
_SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    # OID: (display name, catalogue hash names it implies)
    "1.2.156.10197.1.501": ("SM3withSM2", ("SM3",)),
    "1.2.840.113549.1.1.4": ("md5WithRSAEncryption", ("MD5",)),
    "1.2.840.113549.1.1.5": ("sha1WithRSAEncryption", ("SHA-1",)),
    "1.2.840.113549.1.1.14": ("sha224WithRSAEncryption", ("SHA-224",)),
    "1.2.840.113549.1.1.11": ("sha256WithRSAEncryption", ("SHA-256",)),
    "1.2.840.113549.1.1.12": ("sha384WithRSAEncryption", ("SHA-384",)),
    "1.2.840.113549.1.1.13": ("sha512WithRSAEncryption", ("SHA-512",)),
    "1.2.840.113549.1.1.10": ("RSASSA-PSS", ()),
    "1.2.840.10045.4.1": ("ecdsa-with-SHA1", ("SHA-1",)),
    "1.2.840.10045.4.3.1": ("ecdsa-with-SHA224", ("SHA-224",)),
    "1.2.840.10045.4.3.2": ("ecdsa-with-SHA256", ("SHA-256",)),
    "1.2.840.10045.4.3.3": ("ecdsa-with-SHA384", ("SHA-384",)),
    "1.2.840.10045.4.3.4": ("ecdsa-with-SHA512", ("SHA-512",)),
    "1.3.101.112": ("Ed25519", ()),
}
_CURVES = {
    SM2_CURVE_OID: ("SM2", "SM2"),
    "secp192r1": ("P-192", "ECDSA-P192"),
    "secp224r1": ("P-224", "ECDSA-P224"),
    "secp256r1": ("P-256", "ECDSA-P256"),
    "secp384r1": ("P-384", "ECDSA-P384"),
    "1.2.840.10045.3.1.1": ("P-192", "ECDSA-P192"),
    "1.2.840.10045.3.1.7": ("P-256", "ECDSA-P256"),
}
_RSA_SIZES = (512, 1024, 2048, 3072, 4096)
log = logging.getLogger(__name__)

NOT_A_CERTIFICATE = "无法识别的证书：文件不是有效的 PEM 或 DER 格式 X.509 证书"
# What the DER parser's error kinds mean, in words an assessor can act on (the parser's own
# text, e.g. "ParseError { kind: ShortData { needed: 290 } }", goes to the log only).
_PARSE_PROBLEMS = (
    ("ShortData", "证书数据不完整，文件可能被截断或未完整复制"),
    ("ExtraData", "证书数据之后还有多余的内容，文件可能混入了其他数据"),
    ("UnexpectedTag", "内容的编码结构不是证书，可能是其他类型的文件或已损坏"),
    ("InvalidTag", "内容的编码结构不是证书，可能是其他类型的文件或已损坏"),
    ("InvalidLength", "证书的编码长度有误，文件可能已损坏"),
    ("IntegerOverflow", "证书中的数值超出范围，文件可能已损坏"),
    ("OidTooLong", "证书中的算法标识有误，文件可能已损坏"),
)


_PEM_KINDS = {
    "PUBLIC KEY": "公钥",
    "RSA PUBLIC KEY": "公钥",
    "PRIVATE KEY": "私钥",
    "RSA PRIVATE KEY": "私钥",
    "EC PRIVATE KEY": "私钥",
    "ENCRYPTED PRIVATE KEY": "加密的私钥",
    "CERTIFICATE REQUEST": "证书请求",
    "NEW CERTIFICATE REQUEST": "证书请求",
    "X509 CRL": "证书吊销列表",
    "PKCS7": "证书链（PKCS#7）",
}


def plain_reason(exc: BaseException) -> str:
    """Why a certificate could not be read, in plain Chinese (never the parser's internals)."""
    text = str(exc)
    if "X509 version" in text or type(exc).__name__ == "InvalidVersion":
        return "无法识别的证书：证书版本号无效（只支持 X.509 v1 和 v3 证书）"
    for kind, meaning in _PARSE_PROBLEMS:
        if kind in text:
            return f"{NOT_A_CERTIFICATE}（{meaning}）"
    return NOT_A_CERTIFICATE


@dataclass(frozen=True)
class CertificateInfo:
    """What one certificate says.

    Attributes:
        subject: Subject DN (RFC 4514, Unicode).
        issuer: Issuer DN.
        serial: Serial number in hex.
        not_before: Start of validity (UTC).
        not_after: End of validity (UTC).
        key_algorithm: ``RSA``, ``SM2``, ``EC``, ``DSA``, ``Ed25519`` …
        key_size: Key size in bits (RSA/DSA/EC), if known.
        curve: Curve name for elliptic-curve keys (``SM2``, ``P-256`` …).
        signature_algorithm: Signature algorithm name (``sha1WithRSAEncryption``, ``SM3withSM2`` …).
        proposed_algorithms: Catalogue algorithm names in use (key algorithm first).
        fingerprint_sha256: SHA-256 of the DER encoding, hex.
    """

    subject: str
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime
    key_algorithm: str
    key_size: int | None
    curve: str | None
    signature_algorithm: str
    proposed_algorithms: tuple[str, ...]
    fingerprint_sha256: str

    @property
    def key_description(self) -> str:
        """``RSA 1024 位`` / ``SM2（256 位）`` / ``EC P-256``."""
        if self.curve:
            size = f"（{self.key_size} 位）" if self.key_size else ""
            return f"{self.curve}{size}" if self.key_algorithm == "SM2" else f"{self.key_algorithm} {self.curve}{size}"
        return f"{self.key_algorithm} {self.key_size} 位" if self.key_size else self.key_algorithm

    def expired_at(self, moment: datetime) -> bool:
        """Whether the certificate is outside its validity at ``moment`` (timezone-aware)."""
        return not self.not_before <= moment <= self.not_after

    def as_details(self) -> dict[str, Any]:
        """A JSON-ready dict, stored with the evidence item (``details["certificate"]``)."""
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": self.serial,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "key_algorithm": self.key_algorithm,
            "key_size": self.key_size,
            "curve": self.curve,
            "signature_algorithm": self.signature_algorithm,
            "proposed_algorithms": list(self.proposed_algorithms),
            "fingerprint_sha256": self.fingerprint_sha256,
        }

    @classmethod
    def from_details(cls, data: dict[str, Any]) -> CertificateInfo:
        """Rebuild from :meth:`as_details` output."""
        return cls(
            subject=str(data["subject"]),
            issuer=str(data["issuer"]),
            serial=str(data["serial"]),
            not_before=datetime.fromisoformat(data["not_before"]),
            not_after=datetime.fromisoformat(data["not_after"]),
            key_algorithm=str(data["key_algorithm"]),
            key_size=data.get("key_size"),
            curve=data.get("curve"),
            signature_algorithm=str(data["signature_algorithm"]),
            proposed_algorithms=tuple(data.get("proposed_algorithms", ())),
            fingerprint_sha256=str(data.get("fingerprint_sha256", "")),
        )


def _der(data: bytes) -> bytes:
    from asn1crypto import pem as asn1_pem

    if asn1_pem.detect(data):
        try:
            kind, _headers, der = asn1_pem.unarmor(data)
        except ValueError as exc:
            log.info("PEM not readable: %s", exc)
            raise InputError("certificate", "PEM 格式无法解析：缺少 BEGIN/END 行，或其间的 Base64 内容不完整") from None
        if kind != "CERTIFICATE":
            what = _PEM_KINDS.get(kind, "其他内容")
            raise InputError("certificate", f"PEM 文件中是{what}（“{kind}”），不是证书")
        return bytes(der)
    return data


def _rsa_name(bits: int | None) -> str | None:
    if bits is None:
        return None
    # Catalogue entries exist for the usual sizes; an odd size is rounded down to the band it is in.
    fitting = [size for size in _RSA_SIZES if size <= bits]
    return f"RSA-{fitting[-1]}" if fitting else "RSA-512"


def _public_key(der: bytes) -> tuple[str, int | None, str | None, str | None]:
    """(key algorithm, size, curve display name, catalogue name) from the SubjectPublicKeyInfo."""
    from asn1crypto import x509 as asn1_x509

    spki: Any = asn1_x509.Certificate.load(der)["tbs_certificate"]["subject_public_key_info"]
    algorithm = spki.algorithm
    if algorithm == "rsa":
        bits = int(spki.bit_size)
        return "RSA", bits, None, _rsa_name(bits)
    if algorithm == "ec":
        params = spki["algorithm"]["parameters"]
        curve_id = str(params.native) if params.name == "named" else ""
        dotted = params.chosen.dotted if params.name == "named" else ""
        display, catalogue = _CURVES.get(curve_id) or _CURVES.get(dotted) or (curve_id or "未知曲线", None)
        size = 256 if display == "SM2" else _ec_bits(spki)
        return ("SM2" if display == "SM2" else "EC"), size, display, catalogue
    if algorithm == "dsa":
        return "DSA", int(spki.bit_size), None, None
    if algorithm == "ed25519":
        return "Ed25519", 256, None, "Ed25519"
    return str(algorithm), None, None, None


def _ec_bits(spki: Any) -> int | None:
    try:
        return int(spki.bit_size)
    except (ValueError, KeyError, TypeError):
        return None


def _name(name: x509.Name) -> str:
    from cryptography.x509.oid import NameOID

    try:
        return name.rfc4514_string({NameOID.EMAIL_ADDRESS: "E"})
    except ValueError:  # pragma: no cover - defensive: exotic attribute types
        return str(name)


def parse_certificate(data: bytes) -> CertificateInfo:
    """Parse a PEM or DER X.509 certificate.

    Raises:
        InputError: The bytes are not a certificate that can be read (field ``certificate``).
    """
    from cryptography import x509

    if not data:
        raise InputError("certificate", "文件为空，不是证书")
    der = _der(data)
    try:
        with warnings.catch_warnings():
            # cryptography warns (not raises) about out-of-range attribute lengths, e.g. a 12-byte
            # country name; such certificates exist in the field and must still be read (found by fuzzing).
            warnings.simplefilter("ignore", UserWarning)
            cert = x509.load_der_x509_certificate(der)
            subject, issuer = _name(cert.subject), _name(cert.issuer)
        not_before, not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
        signature_oid = cert.signature_algorithm_oid.dotted_string
        serial = format(cert.serial_number, "x")
    except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is not a ValueError (found by fuzzing)
        log.info("certificate not readable: %s", exc)
        raise InputError("certificate", plain_reason(exc)) from None
    try:
        key_algorithm, key_size, curve, key_name = _public_key(der)
    except (ValueError, KeyError, TypeError) as exc:
        log.info("certificate public key not readable: %s", exc)
        raise InputError("certificate", "证书的公钥信息无法解析，文件可能已损坏或使用了不支持的密钥类型") from None
    signature, hashes = _SIGNATURES.get(signature_oid, (signature_oid, ()))
    proposed: list[str] = []
    if key_name:
        proposed.append(key_name)
    if signature == "SM3withSM2" and "SM2" not in proposed:
        proposed.insert(0, "SM2")
    for name in hashes:
        if name not in proposed:
            proposed.append(name)
    return CertificateInfo(
        subject=subject,
        issuer=issuer,
        serial=serial,
        not_before=not_before,
        not_after=not_after,
        key_algorithm=key_algorithm,
        key_size=key_size,
        curve=curve,
        signature_algorithm=signature,
        proposed_algorithms=tuple(proposed),
        fingerprint_sha256=hashlib.sha256(der).hexdigest(),
    )

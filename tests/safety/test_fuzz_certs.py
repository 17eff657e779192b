"""Fuzzing the certificate parser (``app.mipin.evidence.certs``): only ``InputError``, and parsed details can be stored.

Inputs: random bytes, random bytes wrapped as PEM, and bit flips, truncations and insertions
in real RSA-1024/SHA-1, RSA-2048/SHA-256 and SM2/SM3 certificates (DER and PEM) made with
``openssl`` at test time.
"""

from __future__ import annotations

import base64
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import InputError
from app.mipin.evidence import certs
from tests.safety.fuzzing import FUZZ

# openssl is a test dependency (scripts/dev.py installs it): no skip that could hide a missing tool.
pytestmark = pytest.mark.slow


@functools.cache
def real_certificates() -> tuple[bytes, ...]:
    from tests.certgen import openssl_certificate

    folder = Path(tempfile.mkdtemp(prefix="fuzz-certs-"))
    try:
        found = []
        for kind in ("rsa1024-sha1", "rsa2048-sha256", "sm2-sm3"):
            found.append(openssl_certificate(folder, kind).read_bytes())
            found.append(openssl_certificate(folder, kind, der=True).read_bytes())
        return tuple(found)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _parse_or_refuse(data: bytes) -> None:
    try:
        info = certs.parse_certificate(data)
    except InputError as exc:
        assert exc.field == "certificate"
        return
    # what the UI stores with the evidence item must be JSON and valid UTF-8
    json.dumps(info.as_details(), ensure_ascii=False).encode("utf-8")
    assert all(isinstance(name, str) and name for name in info.proposed_algorithms)


def test_the_real_certificates_parse() -> None:
    for data in real_certificates():
        info = certs.parse_certificate(data)
        assert info.proposed_algorithms


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data) -> None:
    _parse_or_refuse(data)


@FUZZ
@given(st.binary(min_size=0, max_size=2000), st.sampled_from(["CERTIFICATE", "PRIVATE KEY", "X509 CRL", ""]))
def test_random_pem(body, label) -> None:
    text = base64.encodebytes(body).decode("ascii")
    _parse_or_refuse(f"-----BEGIN {label}-----\n{text}-----END {label}-----\n".encode())


@FUZZ
@given(st.data())
def test_mutated_real_certificates(data) -> None:
    raw = bytearray(data.draw(st.sampled_from(real_certificates())))
    for _ in range(data.draw(st.integers(1, 6))):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw) - 1))
        op = data.draw(st.sampled_from(["flip", "truncate", "insert", "set"]))
        if op == "flip":
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        elif op == "truncate":
            del raw[at:]
        elif op == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        else:
            raw[at] = data.draw(st.sampled_from([0x00, 0x7F, 0x80, 0x81, 0x82, 0xFF]))
    _parse_or_refuse(bytes(raw))

"""国密 primitives: SM4 and SM3 against the standards' test vectors, HMAC-SM3 against the stdlib, GCM tamper checks."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.h5.crypto import (
    DecryptError,
    FieldCipher,
    H5Keys,
    HmacSm3,
    RefSealer,
    hmac_sm3,
    sm4_gcm_decrypt,
    sm4_gcm_encrypt,
)

KEYS = H5Keys.derive(bytes(range(32)))


def test_sm4_standard_vector() -> None:
    """GB/T 32907-2016 appendix A, example 1."""
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (enc.update(key) + enc.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm3_standard_vector() -> None:
    """GB/T 32905-2016 appendix A, example 1 ("abc")."""
    h = hashes.Hash(hashes.SM3())
    h.update(b"abc")
    assert h.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_hmac_sm3_agrees_with_the_standard_library() -> None:
    if "sm3" not in hashlib.algorithms_available:
        pytest.skip("the system OpenSSL has no SM3")
    for key, msg in [(b"k", b""), (b"k" * 100, b"message"), (bytes(32), "梧州".encode())]:
        assert hmac_sm3(key, msg) == hmac.new(key, msg, "sm3").digest()


def test_sm4_gcm_roundtrip_and_tamper() -> None:
    key = KEYS.field
    blob = sm4_gcm_encrypt(key, b"45040319800101123X", b"ctx")
    assert sm4_gcm_decrypt(key, blob, b"ctx") == b"45040319800101123X"
    assert blob != sm4_gcm_encrypt(key, b"45040319800101123X", b"ctx")  # fresh nonce each time
    for i in (0, 1, 13, len(blob) - 1):
        broken = bytearray(blob)
        broken[i] ^= 0x01
        with pytest.raises(DecryptError):
            sm4_gcm_decrypt(key, bytes(broken), b"ctx")
    with pytest.raises(DecryptError):
        sm4_gcm_decrypt(key, blob, b"other row")
    with pytest.raises(DecryptError):
        sm4_gcm_decrypt(key, blob[:20], b"ctx")


def test_field_cipher_binds_the_row_and_the_index_is_keyed() -> None:
    cipher = FieldCipher(KEYS)
    blob = cipher.encrypt("张三", "gw_archives.name|1")
    assert cipher.decrypt(blob, "gw_archives.name|1") == "张三"
    with pytest.raises(DecryptError):
        cipher.decrypt(blob, "gw_archives.name|2")  # copied into another row
    other = FieldCipher(H5Keys.derive(bytes(32)))
    number = "45040319800101123X"
    assert cipher.blind_index("RESIDENT_ID", number) == cipher.blind_index("RESIDENT_ID", number)
    assert cipher.blind_index("RESIDENT_ID", number) != other.blind_index("RESIDENT_ID", number)
    assert number not in cipher.blind_index("RESIDENT_ID", number)
    assert hashlib.sha256(number.encode()).hexdigest() != cipher.blind_index("RESIDENT_ID", number)


def test_sub_keys_are_distinct() -> None:
    values = [KEYS.field, KEYS.index, KEYS.audit, KEYS.token, KEYS.pseudonym, KEYS.ref, KEYS.binding, KEYS.check]
    assert len(set(values)) == len(values)
    with pytest.raises(ValueError):
        H5Keys.derive(b"short")


def test_refs_are_bound_to_their_owner() -> None:
    refs = RefSealer(KEYS)
    ref = refs.seal("f", 12345, owner=7)
    assert refs.open("f", ref, owner=7) == 12345
    assert refs.open("f", ref, owner=8) is None
    assert refs.open("e", ref, owner=7) is None
    assert refs.open("f", ref[:-1], owner=7) is None
    assert refs.open("f", "f_!!!", owner=7) is None
    assert "12345" not in ref


def test_binding_mac_changes_with_every_field() -> None:
    cipher = FieldCipher(KEYS)
    at = datetime(2026, 12, 1, tzinfo=UTC)
    base = cipher.binding_mac("h", 1, "p", at)
    assert base != cipher.binding_mac("h", 2, "p", at)
    assert base != cipher.binding_mac("h", 1, "q", at)
    assert base != cipher.binding_mac("h", 1, "p", at.replace(hour=1))


def test_sm3_standard_vector_two_blocks() -> None:
    """GB/T 32905-2016 appendix A, example 2 (64 bytes, two compressions with padding)."""
    h = hashes.Hash(hashes.SM3())
    h.update(b"abcd" * 16)
    assert h.finalize().hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_keyed_hmac_sm3_is_byte_identical_to_the_one_shot_form() -> None:
    """The precomputed-key HMAC (hot path) gives exactly the bytes of :func:`hmac_sm3` (and OpenSSL's)."""
    for key in (b"k", bytes(32), b"k" * 64, b"k" * 100):
        keyed = HmacSm3(key)
        for msg in (b"", b"message", "梧州".encode(), b"x" * 1000):
            assert keyed.digest(msg) == hmac_sm3(key, msg)
            if "sm3" in hashlib.algorithms_available:
                assert keyed.digest(msg) == hmac.new(key, msg, "sm3").digest()
        assert keyed.digest(b"a") != keyed.digest(b"b")  # the base state is never consumed


def test_field_cipher_macs_match_the_plain_hmac() -> None:
    """The purpose MACs of the cipher are HMAC-SM3 under the purpose keys (unchanged by the keyed form)."""
    cipher = FieldCipher(KEYS)
    assert cipher.token_hash("abc") == hmac_sm3(KEYS.token, b"token|abc").hex()
    assert cipher.pseudonym("ip", "10.0.0.1") == hmac_sm3(KEYS.pseudonym, b"ip|10.0.0.1").hex()[:32]
    assert cipher.blind_index("RESIDENT_ID", "1") == hmac_sm3(KEYS.index, b"cert|RESIDENT_ID|1").hex()

"""国密 primitives of the H5 service, all from ``cryptography`` (OpenSSL): SM4-GCM, HMAC-SM3, HKDF-SM3.

One 256-bit master key (from the OS keyring or a key file, never the database; see
:mod:`app.h5.keys`) is expanded with HKDF-SM3 into independent sub-keys, one per purpose:

* ``field``: SM4-GCM encryption of personal fields at rest (certificate numbers, names, phones,
  free text) — AD-5 storage confidentiality;
* ``index``: the HMAC-SM3 blind index by which certificate numbers are looked up (never by the
  plaintext);
* ``audit``: the HMAC-SM3 chain of the access audit log — DC-5 / AD-7 storage integrity;
* ``token``: HMAC-SM3 of session and 智桂通 tokens (only the hashes are stored);
* ``pseudonym``: HMAC-SM3 pseudonyms of people and client addresses in the audit log;
* ``ref``: SM4-GCM sealing of opaque record references and cursors;
* ``binding``: HMAC-SM3 of each session's binding to its archive (access-control information, AD-2).

Ciphertexts are ``version (1 byte) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`` with the purpose and
the row's context as associated data, so a ciphertext copied into another column or row fails.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac as std_hmac
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER_KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
VERSION = 1
_INFO = b"wz-h5/1 "


class DecryptError(ValueError):
    """A ciphertext or sealed reference failed authentication (changed, moved or foreign)."""


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC-SM3 (GB/T 32905 hash in the RFC 2104 construction), 32 bytes."""
    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


class HmacSm3:
    """HMAC-SM3 under one fixed key, for keys that MAC on every request.

    The keyed inner and outer hash states are computed once; each MAC copies them (the same
    bytes as :func:`hmac_sm3`, without hashing the padded key twice per call).

    Args:
        key: The MAC key.
    """

    __slots__ = ("_base",)

    def __init__(self, key: bytes) -> None:
        self._base = crypto_hmac.HMAC(key, hashes.SM3())

    def digest(self, data: bytes) -> bytes:
        """HMAC-SM3 of ``data``, 32 bytes."""
        mac = self._base.copy()
        mac.update(data)
        return mac.finalize()


@functools.lru_cache(maxsize=32)
def _sm4(key: bytes) -> algorithms.SM4:
    # The algorithm object only wraps the key; the purpose keys are few and fixed.
    return algorithms.SM4(key)


def sm4_gcm_encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt with SM4-GCM under a fresh random 96-bit nonce; returns version ‖ nonce ‖ ct ‖ tag."""
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(_sm4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    body = enc.update(plaintext) + enc.finalize()
    return bytes([VERSION]) + nonce + body + enc.tag


def sm4_gcm_decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Decrypt a :func:`sm4_gcm_encrypt` blob.

    Raises:
        DecryptError: Wrong version, truncated, or the tag does not verify.
    """
    if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or blob[0] != VERSION:
        raise DecryptError("ciphertext has the wrong format")
    nonce, body, tag = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
    dec = Cipher(_sm4(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(aad)
    try:
        return dec.update(body) + dec.finalize()
    except InvalidTag as exc:
        raise DecryptError("ciphertext does not authenticate") from exc


def _derive(master: bytes, purpose: str, length: int) -> bytes:
    return HKDF(hashes.SM3(), length, salt=None, info=_INFO + purpose.encode()).derive(master)


@dataclass(frozen=True)
class H5Keys:
    """The purpose-bound sub-keys derived from the master key (see the module docstring)."""

    field: bytes
    index: bytes
    audit: bytes
    token: bytes
    pseudonym: bytes
    ref: bytes
    binding: bytes
    check: bytes

    @classmethod
    def derive(cls, master: bytes) -> H5Keys:
        """Expand a 32-byte master key with HKDF-SM3.

        Raises:
            ValueError: The master key is not 32 bytes long.
        """
        if len(master) != MASTER_KEY_BYTES:
            raise ValueError("the H5 master key must be 32 bytes")
        return cls(
            field=_derive(master, "field sm4-gcm", 16),
            index=_derive(master, "blind index hmac-sm3", 32),
            audit=_derive(master, "audit chain hmac-sm3", 32),
            token=_derive(master, "token hash hmac-sm3", 32),
            pseudonym=_derive(master, "pseudonym hmac-sm3", 32),
            ref=_derive(master, "ref sm4-gcm", 16),
            binding=_derive(master, "session binding hmac-sm3", 32),
            check=_derive(master, "key check value", 16),
        )

    def key_check_value(self) -> str:
        """A public fingerprint of the key (stored in the database to refuse a wrong key)."""
        return hmac_sm3(self.check, b"wz-h5 key check").hex()[:32]


class FieldCipher:
    """SM4-GCM encryption of personal fields and the HMAC-SM3 blind index.

    Args:
        keys: The derived sub-keys.
    """

    def __init__(self, keys: H5Keys) -> None:
        self._keys = keys
        self._index = HmacSm3(keys.index)
        self._token = HmacSm3(keys.token)
        self._binding = HmacSm3(keys.binding)
        self._pseudonym = HmacSm3(keys.pseudonym)

    def encrypt(self, value: str, context: str) -> bytes:
        """Encrypt ``value``; ``context`` (e.g. ``gw_archives.cert_no``) is bound as associated data."""
        return sm4_gcm_encrypt(self._keys.field, value.encode("utf-8"), context.encode("utf-8"))

    def decrypt(self, blob: bytes, context: str) -> str:
        """Decrypt a value written by :meth:`encrypt` under the same ``context``."""
        return sm4_gcm_decrypt(self._keys.field, bytes(blob), context.encode("utf-8")).decode("utf-8")

    def blind_index(self, cert_type: str, number: str) -> str:
        """The lookup key of a (normalised) certificate number: hex HMAC-SM3, never the plaintext."""
        return self._index.digest(f"cert|{cert_type}|{number}".encode()).hex()

    def token_hash(self, token: str) -> str:
        """The stored form of a session or 智桂通 token."""
        return self._token.digest(b"token|" + token.encode("utf-8")).hex()

    def binding_mac(self, token_hash: str, archive_id: int, person: str, expires: datetime) -> str:
        """The HMAC-SM3 that protects a session's binding to its archive against changes in the database."""
        text = f"{token_hash}|{archive_id}|{person}|{expires.astimezone(UTC).isoformat(timespec='microseconds')}"
        return self._binding.digest(text.encode()).hex()

    def pseudonym(self, kind: str, value: str) -> str:
        """A keyed pseudonym (hex, 32 characters) of a person, address or user agent for the audit log."""
        return self._pseudonym.digest(f"{kind}|{value}".encode()).hex()[:32]


class RefSealer:
    """Opaque references: record ids sealed with SM4-GCM and bound to their owner.

    A reference minted for one archive fails to open for any other archive, and a forged or
    changed one fails authentication; both answer the same 404 as a record that does not exist.
    """

    def __init__(self, keys: H5Keys) -> None:
        self._key = keys.ref

    def seal(self, kind: str, record_id: int, owner: int) -> str:
        """Seal ``record_id`` of ``kind`` (``f`` follow-up, ``e`` exam, ``c`` cursor …) for ``owner``."""
        blob = sm4_gcm_encrypt(self._key, record_id.to_bytes(8, "big"), f"ref|{kind}|{owner}".encode())
        return kind + "_" + base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii")

    def open(self, kind: str, ref: str, owner: int) -> int | None:
        """The record id inside ``ref``, or None when it is malformed, foreign or forged."""
        prefix = kind + "_"
        if not ref.startswith(prefix) or len(ref) > 200:
            return None
        text = ref[len(prefix) :]
        try:
            blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            plain = sm4_gcm_decrypt(self._key, blob, f"ref|{kind}|{owner}".encode())
        except (binascii.Error, ValueError):
            return None
        if len(plain) != 8:
            return None
        return int.from_bytes(plain, "big")

    def seal_text(self, kind: str, text: str, owner: int) -> str:
        """Seal a short string (cursors) for ``owner``."""
        blob = sm4_gcm_encrypt(self._key, text.encode("utf-8"), f"ref|{kind}|{owner}".encode())
        return kind + "_" + base64.urlsafe_b64encode(blob).rstrip(b"=").decode("ascii")

    def open_text(self, kind: str, ref: str, owner: int) -> str | None:
        """The string inside a :meth:`seal_text` value, or None."""
        prefix = kind + "_"
        if not ref.startswith(prefix) or len(ref) > 400:
            return None
        text = ref[len(prefix) :]
        try:
            blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            return sm4_gcm_decrypt(self._key, blob, f"ref|{kind}|{owner}".encode()).decode("utf-8")
        except (binascii.Error, ValueError):
            return None


def constant_time_equal(a: str, b: str) -> bool:
    """Compare two hex digests without leaking where they differ."""
    return std_hmac.compare_digest(a.encode(), b.encode())

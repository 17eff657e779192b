"""Passphrase encryption of a whole case package, streamed in authenticated chunks.

Only the ``cryptography`` package does cryptography here; this module only frames its output.
The construction is the STREAM scheme of Hoang, Reyhanitabar, Rogaway and Vizár ("Online
authenticated-encryption and its nonce-reuse misuse-resistance", CRYPTO 2015), as used by
``age`` and Tink's streaming AEAD:

* ``master = scrypt(passphrase, salt, n, r, p)`` (32 bytes, random 16-byte salt);
  ``key = HKDF-SHA256(master, info="wbcase/1 key " + cipher)`` and
  ``check = HKDF-SHA256(master, info="wbcase/1 passphrase check")`` (16 bytes, stored in the
  header so a wrong passphrase is told apart from a changed file).
* The plaintext is cut into chunks of ``chunk_size`` bytes; the last chunk may be shorter (even
  empty). Chunk *i* is sealed with SM4-GCM or AES-256-GCM under the nonce
  ``nonce_prefix (7 random bytes) ‖ i (uint32, big-endian) ‖ final (0x01 for the last chunk,
  else 0x00)``, with the complete header as associated data, and stored as ciphertext ‖ 16-byte tag.

So any changed, removed, reordered, duplicated or appended byte, a truncation at a chunk
boundary, or a changed header fails authentication. The layout is documented in
``docs/case-package-format.md``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, CipherAlgorithm, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.mipin.packages import errors as e

MAGIC = b"WBCASE\x00E"
"""First 8 bytes of an encrypted package (a plain package starts with the zip signature ``PK``)."""
ENCRYPTED_FORMAT = "wbcase-encrypted/1"
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
NONCE_PREFIX_SIZE = 7
SALT_SIZE = 16
CHECK_SIZE = 16
MAX_HEADER = 4096
DEFAULT_SCRYPT_N = 1 << 17  # 128 MiB, ≈0.3 s on the build machines
MIN_SCRYPT_N = 1 << 14
MAX_SCRYPT_N = 1 << 20
MIN_PASSPHRASE = 8

ProgressFn = Callable[[int], None]


class Reader(Protocol):
    """Where encrypted bytes come from (a binary file, or a wrapper around one)."""

    def read(self, size: int, /) -> bytes:
        """Read up to ``size`` bytes (fewer only at the end)."""


class Writer(Protocol):
    """Where decrypted bytes go (a binary file, or a wrapper around one)."""

    def write(self, data: bytes, /) -> int:
        """Write ``data``."""


@dataclass(frozen=True)
class CipherSpec:
    """An AEAD cipher the package may be sealed with."""

    name: str
    key_size: int
    algorithm: Callable[[bytes], CipherAlgorithm]


CIPHERS = {
    "SM4-GCM": CipherSpec("SM4-GCM", 16, algorithms.SM4),
    "AES-256-GCM": CipherSpec("AES-256-GCM", 32, algorithms.AES),
}


def cipher_supported(name: str) -> bool:
    """Whether this ``cryptography``/OpenSSL build can run ``name`` (probed, not assumed)."""
    spec = CIPHERS.get(name)
    if spec is None:
        return False
    try:
        enc = Cipher(spec.algorithm(bytes(spec.key_size)), modes.GCM(bytes(12))).encryptor()
        enc.update(b"probe")
        enc.finalize()
    except (UnsupportedAlgorithm, ValueError):
        return False
    return True


def default_cipher() -> str:
    """SM4-GCM (GB/T 32907) when the build supports it, else AES-256-GCM."""
    return "SM4-GCM" if cipher_supported("SM4-GCM") else "AES-256-GCM"


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse passphrases too short to protect a level-3 system's findings.

    Raises:
        PackageError: Shorter than :data:`MIN_PASSPHRASE` characters.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise e.PackageError(e.INVALID_CONTENT, f"口令至少需要 {MIN_PASSPHRASE} 个字符")


def is_encrypted(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an encrypted package."""
    return head.startswith(MAGIC)


@dataclass(frozen=True)
class _Keys:
    key: bytes
    check: bytes


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int, cipher: CipherSpec) -> _Keys:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    master = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)
    key = HKDF(hashes.SHA256(), cipher.key_size, None, b"wbcase/1 key " + cipher.name.encode()).derive(master)
    check = HKDF(hashes.SHA256(), CHECK_SIZE, None, b"wbcase/1 passphrase check").derive(master)
    return _Keys(key, check)


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if final else b"\x00")


def _read_full(src: Reader, size: int) -> bytes:
    parts: list[bytes] = []
    left = size
    while left > 0:
        block = src.read(left)
        if not block:
            break
        parts.append(block)
        left -= len(block)
    return b"".join(parts)


def encrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    passphrase: str,
    *,
    cipher: str | None = None,
    scrypt_n: int = DEFAULT_SCRYPT_N,
    chunk_size: int = CHUNK_SIZE,
    progress: ProgressFn | None = None,
) -> str:
    """Encrypt everything readable from ``src`` into ``dst``; returns the cipher's name.

    Raises:
        PackageError: The cipher is not available in this build.
    """
    name = cipher or default_cipher()
    if name not in CIPHERS or not cipher_supported(name):
        raise e.PackageError(e.UNSUPPORTED, f"此版本的加密库不支持 {name}")
    spec = CIPHERS[name]
    salt, prefix = os.urandom(SALT_SIZE), os.urandom(NONCE_PREFIX_SIZE)
    r, p = 8, 1
    keys = _derive(passphrase, salt, scrypt_n, r, p, spec)
    header_json = json.dumps(
        {
            "format": ENCRYPTED_FORMAT,
            "cipher": name,
            "kdf": {"name": "scrypt", "salt": _b64(salt), "n": scrypt_n, "r": r, "p": p},
            "key_check": _b64(keys.check),
            "chunk_size": chunk_size,
            "nonce_prefix": _b64(prefix),
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode("utf-8")
    header = MAGIC + struct.pack(">I", len(header_json)) + header_json
    dst.write(header)
    index, done = 0, 0
    current = _read_full(src, chunk_size)
    while True:
        following = _read_full(src, chunk_size) if len(current) == chunk_size else b""
        final = not following
        enc = Cipher(spec.algorithm(keys.key), modes.GCM(_nonce(prefix, index, final))).encryptor()
        enc.authenticate_additional_data(header)
        dst.write(enc.update(current) + enc.finalize() + enc.tag)
        done += len(current)
        if progress is not None:
            progress(done)
        if final:
            return name
        index += 1
        if index >= 1 << 32:  # pragma: no cover - 4 PiB at the default chunk size
            raise e.PackageError(e.UNSUPPORTED, "案例包过大，无法加密")
        current = following


@dataclass(frozen=True)
class EncryptedHeader:
    """The parsed header of an encrypted package."""

    raw: bytes
    cipher: CipherSpec
    salt: bytes
    n: int
    r: int
    p: int
    key_check: bytes
    chunk_size: int
    nonce_prefix: bytes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object, size: int, what: str) -> bytes:
    if not isinstance(value, str):
        raise e.PackageError(e.DAMAGED, f"加密案例包的文件头已损坏或被改动（{what}）")
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise e.PackageError(e.DAMAGED, f"加密案例包的文件头已损坏或被改动（{what}）") from None
    if len(data) != size:
        raise e.PackageError(e.DAMAGED, f"加密案例包的文件头已损坏或被改动（{what}）")
    return data


def _int(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise e.PackageError(e.DAMAGED, f"加密案例包的文件头已损坏或被改动（{what}）")
    return value


def read_header(src: Reader) -> EncryptedHeader:
    """Read and check the header at the start of ``src`` (positioned after it on return).

    Raises:
        PackageError: Not an encrypted package, or the header is damaged or unsupported.
    """
    magic = _read_full(src, len(MAGIC))
    if magic != MAGIC:
        raise e.PackageError(e.NOT_PACKAGE, "不是加密的案例包")
    size_bytes = _read_full(src, 4)
    if len(size_bytes) != 4:
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头不完整（文件被截断）")
    (size,) = struct.unpack(">I", size_bytes)
    if not 0 < size <= MAX_HEADER:
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头已损坏或被改动（长度）")
    header_json = _read_full(src, size)
    if len(header_json) != size:
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头不完整（文件被截断）")
    try:
        data: Any = json.loads(header_json.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头已损坏或被改动（不是有效的 JSON）") from None
    if not isinstance(data, dict) or data.get("format") != ENCRYPTED_FORMAT:
        fmt = data.get("format") if isinstance(data, dict) else None
        if isinstance(fmt, str) and fmt.startswith("wbcase-encrypted/"):
            raise e.PackageError(e.UNSUPPORTED, f"加密格式 {fmt[:40]} 由更新版本的工作台写入，本版本无法打开")
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头已损坏或被改动（格式标记）")
    name = data.get("cipher")
    if not isinstance(name, str) or name not in CIPHERS:
        raise e.PackageError(e.UNSUPPORTED, f"未知的加密算法 {str(name)[:40]}")
    if not cipher_supported(name):
        raise e.PackageError(e.UNSUPPORTED, f"此版本的加密库不支持 {name}，无法解密")
    kdf = data.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise e.PackageError(e.UNSUPPORTED, "未知的口令派生算法")
    n = _int(kdf.get("n"), MIN_SCRYPT_N, MAX_SCRYPT_N, "scrypt n")
    if n & (n - 1):
        raise e.PackageError(e.DAMAGED, "加密案例包的文件头已损坏或被改动（scrypt n）")
    return EncryptedHeader(
        raw=magic + size_bytes + header_json,
        cipher=CIPHERS[name],
        salt=_unb64(kdf.get("salt"), SALT_SIZE, "salt"),
        n=n,
        r=_int(kdf.get("r"), 1, 16, "scrypt r"),
        p=_int(kdf.get("p"), 1, 4, "scrypt p"),
        key_check=_unb64(data.get("key_check"), CHECK_SIZE, "key_check"),
        chunk_size=_int(data.get("chunk_size"), 1 << 12, 1 << 24, "chunk_size"),
        nonce_prefix=_unb64(data.get("nonce_prefix"), NONCE_PREFIX_SIZE, "nonce_prefix"),
    )


def decrypt_stream(src: Reader, dst: Writer, passphrase: str, *, progress: ProgressFn | None = None) -> str:
    """Decrypt an encrypted package from ``src`` into ``dst``; returns the cipher's name.

    A chunk's plaintext is written only after its tag has been verified; if verification fails
    later, the caller discards ``dst``.

    Raises:
        PackageError: Damaged header, wrong passphrase, or any changed/truncated/appended byte.
    """
    header = read_header(src)
    keys = _derive(passphrase, header.salt, header.n, header.r, header.p, header.cipher)
    if not hmac.compare_digest(keys.check, header.key_check):
        raise e.PackageError(e.WRONG_PASSPHRASE, "口令错误，无法解密案例包")
    block = header.chunk_size + TAG_SIZE
    index, done = 0, 0
    current = _read_full(src, block)
    while True:
        following = _read_full(src, block) if len(current) == block else b""
        final = not following
        if len(current) < TAG_SIZE:
            raise e.PackageError(e.CHANGED, "案例包已被改动或截断（加密数据不完整）")
        body, tag = current[:-TAG_SIZE], current[-TAG_SIZE:]
        try:
            dec = Cipher(
                header.cipher.algorithm(keys.key), modes.GCM(_nonce(header.nonce_prefix, index, final), tag)
            ).decryptor()
            dec.authenticate_additional_data(header.raw)
            plain = dec.update(body) + dec.finalize()
        except InvalidTag:
            raise e.PackageError(
                e.CHANGED, f"案例包已被改动、截断或追加了内容（第 {index + 1} 个加密数据块校验失败）"
            ) from None
        dst.write(plain)
        done += len(plain)
        if progress is not None:
            progress(done)
        if final:
            return header.cipher.name
        index += 1
        if index >= 1 << 32:
            raise e.PackageError(e.DAMAGED, "加密案例包的数据块过多")
        current = following

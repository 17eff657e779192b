"""The layout of a ``wbcase/1`` package: member names, limits, path rules and the archive digest.

A package is a zip archive with exactly these members (see ``docs/case-package-format.md``):

* ``manifest.json`` — format, case identity, and the size and SHA-256 of every other member;
* ``case.json`` — the case as canonical ``mipin-case/1``;
* ``extras.json`` — the app's data that ``mipin-case/1`` does not hold (``wbcase-extras/1``);
* ``audit.json`` — the case's audit trail at export time;
* ``evidence/<sha256>`` — one member per evidence file, named by its SHA-256.

The zip comment is ``wbcase-sha256:<hex>``, the SHA-256 of every byte of the archive before
the comment, so a changed byte anywhere (also in zip headers or the manifest) is detected.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from app.mipin.packages import errors as e

FORMAT = "wbcase/1"
EXTRAS_FORMAT = "wbcase-extras/1"
AUDIT_FORMAT = "wbcase-audit/1"
SUFFIX = ".wbcase"

MANIFEST = "manifest.json"
CASE = "case.json"
EXTRAS = "extras.json"
AUDIT = "audit.json"
EVIDENCE_PREFIX = "evidence/"
JSON_MEMBERS = (CASE, EXTRAS, AUDIT)

DIGEST_PREFIX = b"wbcase-sha256:"
DIGEST_LENGTH = len(DIGEST_PREFIX) + 64
DIGEST_PLACEHOLDER = DIGEST_PREFIX + b"0" * 64

# Zip-bomb limits, checked on the declared sizes before anything is extracted and again while
# extracting (the bytes actually produced are counted).
MAX_MEMBERS = 100_000
MAX_JSON_BYTES = 256 << 20
MAX_TOTAL_BYTES = 64 << 30
MAX_RATIO = 100
RATIO_FLOOR = 1 << 20
"""Members whose declared size is below this are not ratio-checked (small JSON compresses well)."""

_EVIDENCE_NAME = re.compile(r"^evidence/[0-9a-f]{64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_sha256(value: object) -> bool:
    """Whether ``value`` is 64 lower-case hex digits."""
    return isinstance(value, str) and bool(_SHA256.match(value))


def evidence_member(sha256: str) -> str:
    """The member name of an evidence file."""
    return f"{EVIDENCE_PREFIX}{sha256}"


def is_evidence_member(name: str) -> bool:
    """Whether ``name`` is a well-formed evidence member name."""
    return bool(_EVIDENCE_NAME.match(name))


def check_member_name(name: str) -> None:
    """Refuse names that could escape the extraction folder or mean something else elsewhere.

    Raises:
        PackageError: ``..`` segments, absolute or drive paths, backslashes, control characters.
    """
    shown = name[:120].encode("unicode_escape").decode("ascii")
    if (
        not name
        or name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or "\\" in name
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in name)
    ):
        raise e.PackageError(e.UNSAFE_PATH, f"案例包含有不安全的路径“{shown}”（绝对路径或非法字符），已拒绝导入", name)
    parts = PurePosixPath(name).parts
    if ".." in parts or any(part in ("", ".") for part in name.split("/")[:-1]):
        raise e.PackageError(e.UNSAFE_PATH, f"案例包含有不安全的路径“{shown}”（含 ..），已拒绝导入", name)


def _hash_prefix(path: Path, length: int) -> hashlib._Hash:
    digest = hashlib.sha256()
    left = length
    with path.open("rb") as f:
        while left > 0:
            block = f.read(min(1 << 20, left))
            if not block:
                break
            digest.update(block)
            left -= len(block)
    return digest


def sha256_prefix(path: Path, length: int) -> str:
    """SHA-256 of the first ``length`` bytes of ``path``."""
    return _hash_prefix(path, length).hexdigest()


def seal_digest(path: Path) -> str:
    """Replace the placeholder comment at the end of a freshly written package with its digest."""
    size = path.stat().st_size
    body = size - DIGEST_LENGTH
    with path.open("r+b") as f:
        f.seek(body)
        if f.read(DIGEST_LENGTH) != DIGEST_PLACEHOLDER:  # pragma: no cover - our own writer
            raise RuntimeError("package comment placeholder not found")
        digest = sha256_prefix(path, body)
        f.seek(body)
        f.write(DIGEST_PREFIX + digest.encode("ascii"))
    return digest


def check_digest(path: Path, comment: bytes) -> str:
    """Check the archive digest in the zip ``comment`` against the bytes of ``path``.

    Returns:
        The SHA-256 of the whole file (read once for both).

    Raises:
        PackageError: The comment is missing or malformed, or any byte before it changed.
    """
    size = path.stat().st_size
    if len(comment) != DIGEST_LENGTH or not comment.startswith(DIGEST_PREFIX) or size < DIGEST_LENGTH:
        raise e.PackageError(e.CHANGED, "案例包的整体校验值缺失或已被改动，已拒绝导入")
    with path.open("rb") as f:
        f.seek(size - DIGEST_LENGTH)
        tail = f.read(DIGEST_LENGTH)
    if tail != comment:
        raise e.PackageError(e.CHANGED, "案例包末尾有多余或被改动的字节，已拒绝导入")
    expected = comment[len(DIGEST_PREFIX) :].decode("ascii", "replace")
    digest = _hash_prefix(path, size - DIGEST_LENGTH)
    if digest.hexdigest() != expected:
        raise e.PackageError(e.CHANGED, "案例包已被改动（整体 SHA-256 校验值不符），已拒绝导入")
    digest.update(tail)
    return digest.hexdigest()

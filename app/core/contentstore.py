"""Content-addressed files in the data folder's ``evidence`` directory (SHA-256 names).

Shared by the 密评 evidence of a case and the ops obligations' evidence: a file is copied in
chunks while its SHA-256 is computed, written to a temporary file, fsynced and renamed into
place as ``evidence/ab/abcdef…``, owner-only. The same content is stored once.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.errors import InputError, StoreError
from app.core.oserrors import os_error_text
from app.core.paths import AppPaths

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """A file copied into the evidence folder."""

    sha256: str
    size: int
    original_name: str


def stored_path(paths: AppPaths, sha256: str) -> Path:
    """Where the file with this hash lives in the evidence folder."""
    return paths.evidence_dir / sha256[:2] / sha256


def store_file(paths: AppPaths, source: Path, progress: Callable[[int, str], None] | None = None) -> StoredFile:
    """Copy ``source`` into the evidence folder under its SHA-256 name.

    The file is read once, in chunks, hashing while copying to a temporary file that is then
    renamed into place (an existing identical file is kept). Files and folders are owner-only.

    Raises:
        InputError: The source cannot be read.
        StoreError: The evidence folder cannot be written (e.g. disk full).
    """
    paths.evidence_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    try:
        total = source.stat().st_size
        handle = source.open("rb")
    except OSError as exc:
        raise InputError(str(source), f"无法读取文件（{os_error_text(exc)}）") from None
    fd, tmp_name = tempfile.mkstemp(dir=paths.evidence_dir, prefix=".incoming-")
    tmp = Path(tmp_name)
    size = 0
    try:
        with handle, os.fdopen(fd, "wb") as out:
            while chunk := _read(handle, source):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
                if progress is not None and total:
                    progress(min(99, size * 100 // total), source.name)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = stored_path(paths, sha)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        if target.exists() and target.stat().st_size == size:
            tmp.unlink()
        else:
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise StoreError("磁盘空间已满，证据文件未保存（之前保存的内容完好）。请释放磁盘空间后重试") from None
        raise StoreError(f"证据文件无法保存到 {paths.evidence_dir}（{os_error_text(exc)}）") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(100, source.name)
    return StoredFile(sha256=sha, size=size, original_name=source.name)


def _read(handle: Any, source: Path) -> bytes:
    try:
        data: bytes = handle.read(CHUNK)
    except OSError as exc:
        raise InputError(str(source), f"读取文件时出错（{os_error_text(exc)}）") from None
    return data

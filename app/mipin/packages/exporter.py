"""Writing a case package (``.wbcase``), optionally sealed with a passphrase.

The package is written to a temporary file next to the target and renamed into place only when
complete, so a full disk or a crash never leaves a half-written package behind. Evidence files
are streamed (and their SHA-256 re-checked on the way), so 100 MB of evidence needs no memory.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core import clock
from app.core.errors import NotFoundError
from app.mipin.cases import export_case
from app.mipin.evidence.records import stored_path
from app.mipin.packages import crypto, identity, layout
from app.mipin.packages import errors as e
from app.mipin.packages.evidence_files import fsync_file, workspace
from app.mipin.packages.extras import ExtrasSection, collect_extras
from app.mipin.tables import Case
from app.store import audit
from app.store.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
_BLOCK = 1 << 20


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_package` wrote."""

    path: Path
    case_id: int
    case_uuid: str
    system_name: str
    evidence_files: int
    evidence_bytes: int
    encrypted: bool
    cipher: str | None
    size: int


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def _zipinfo(name: str, when: datetime, stored: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _io_error(exc: OSError, what: str) -> e.PackageError:
    if exc.errno == errno.ENOSPC:
        return e.PackageError(e.NO_SPACE, f"磁盘空间已满，{what}未完成（没有留下不完整的文件）。请释放磁盘空间后重试")
    return e.PackageError(e.DAMAGED, f"{what}失败：{exc.strerror or exc}")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prepare(
    store: Store, case_id: int, plan: ExtrasSection | None = None
) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
    case_data = export_case(store, case_id)  # raises NotFoundError
    with store.read() as s:
        case_uuid = identity.get_uuid(s, case_id)
        extras = collect_extras(s, case_id, plan)

    def ensure(s: Any) -> str:
        if s.get(Case, case_id) is None:  # deleted meanwhile
            raise NotFoundError(f"case {case_id} does not exist")
        value = identity.ensure_uuid(s, case_id)
        audit.append(s, case_id, "assign_uuid", "case", None, {"uuid": value})
        return value

    if case_uuid is None:
        case_uuid = store.write(ensure)
    records, report = audit.trail(store, case_id)
    trail = {
        "format": layout.AUDIT_FORMAT,
        "intact": report.ok,
        "problems": list(report.problems),
        "records": [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "action": r.action,
                "target": r.target,
                "old_value": r.old_value,
                "new_value": r.new_value,
            }
            for r in records
        ],
    }
    return case_uuid, case_data, extras, trail


def _write_zip(
    target: Path,
    store: Store,
    case_uuid: str,
    case_data: dict[str, Any],
    extras: dict[str, Any],
    trail: dict[str, Any],
    progress: Progress | None,
) -> tuple[int, int]:
    now = clock.now_seconds()
    members: list[dict[str, Any]] = []
    shas = sorted({ev["sha256"] for ev in extras["evidence"]})
    sources = {sha: stored_path(store.paths, sha) for sha in shas}
    for sha, source in sources.items():
        if not source.is_file():
            raise e.PackageError(e.EVIDENCE_MISSING, f"证据文件缺失：{source}（SHA-256 {sha[:12]}…），案例包未导出")
    total = sum(p.stat().st_size for p in sources.values()) or 1
    done = 0
    with zipfile.ZipFile(target, "w", allowZip64=True) as zf:
        for name, value in ((layout.CASE, case_data), (layout.EXTRAS, extras), (layout.AUDIT, trail)):
            data = _json_bytes(value)
            zf.writestr(_zipinfo(name, now, stored=False), data, compresslevel=6)
            members.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
        for sha, source in sources.items():
            name = layout.evidence_member(sha)
            size = source.stat().st_size
            info = _zipinfo(name, now, stored=True)
            info.file_size = size
            digest = hashlib.sha256()
            written = 0
            with source.open("rb") as src, zf.open(info, "w", force_zip64=size >= 1 << 31) as dst:
                while block := src.read(_BLOCK):
                    digest.update(block)
                    dst.write(block)
                    written += len(block)
                    done += len(block)
                    if progress is not None:
                        progress(min(99, done * 100 // total), f"证据 {sha[:12]}…")
            if digest.hexdigest() != sha:
                raise e.PackageError(
                    e.CHANGED, f"证据文件 {source} 的内容与记录的 SHA-256 不符（已被改动或损坏），案例包未导出"
                )
            members.append({"path": name, "size": written, "sha256": sha})
        manifest = {
            "format": layout.FORMAT,
            "app": f"workbench {__version__}",
            "created_at": now.isoformat(),
            "case": {
                "uuid": case_uuid,
                "system_name": case_data["system"]["name"],
                "report_no": case_data["system"].get("report_no", ""),
                "level": case_data["system"]["level"],
            },
            "members": sorted(members, key=lambda m: m["path"]),
        }
        zf.writestr(_zipinfo(layout.MANIFEST, now, stored=False), _json_bytes(manifest), compresslevel=6)
        zf.comment = layout.DIGEST_PLACEHOLDER
    layout.seal_digest(target)
    return len(shas), sum(m["size"] for m in members if m["path"].startswith(layout.EVIDENCE_PREFIX))


def export_package(
    store: Store,
    case_id: int,
    output: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    cipher: str | None = None,
    scrypt_n: int = crypto.DEFAULT_SCRYPT_N,
    progress: Progress | None = None,
    plan: ExtrasSection | None = None,
) -> ExportResult:
    """Write case ``case_id`` with its extras, audit trail and evidence to ``output``.

    Args:
        store: The case store.
        case_id: The case to export.
        output: The package file to write (replaced atomically if it exists).
        passphrase: Seal the package with this passphrase (never logged or stored).
        cipher: ``SM4-GCM`` or ``AES-256-GCM``; default: SM4-GCM when the build supports it.
        scrypt_n: The scrypt cost (tests use a smaller one).
        progress: Called with (percent, text) while evidence is written.
        plan: The section that puts the case's 密改方案 into ``extras.plan``
            (:data:`app.plan.travel.PLAN_SECTION`; the composition root passes it).

    Raises:
        NotFoundError: No such case.
        PackageError: Evidence missing or changed, no space left, or a write failed; no
            output file is left behind.
    """
    target = Path(output)
    if passphrase is not None:
        crypto.check_passphrase_strength(passphrase)
    case_uuid, case_data, extras, trail = _prepare(store, case_id, plan)
    folder = target.parent  # Path(".") for a bare file name
    if not folder.is_dir():
        raise e.PackageError(e.DAMAGED, f"目标文件夹不存在：{folder}")
    fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    os.close(fd)
    partial = Path(partial_name)
    plain: Path | None = None
    cipher_name: str | None = None
    try:
        if passphrase is None:
            counts = _write_zip(partial, store, case_uuid, case_data, extras, trail, progress)
        else:
            with workspace(store.paths) as work:
                plain = work / "package.zip"
                counts = _write_zip(plain, store, case_uuid, case_data, extras, trail, progress)
                if progress is not None:
                    progress(99, "加密中…")
                with plain.open("rb") as src, partial.open("wb") as dst:
                    cipher_name = crypto.encrypt_stream(src, dst, passphrase, cipher=cipher, scrypt_n=scrypt_n)
        fsync_file(partial)
        os.chmod(partial, 0o600)
        partial.replace(target)
        _fsync_dir(folder)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise _io_error(exc, "导出案例包") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

    def record(s: Any) -> None:
        audit.append(
            s, case_id, "export_package", "case", None,
            {"file": target.name, "encrypted": passphrase is not None, "cipher": cipher_name},
        )  # fmt: skip

    store.write(record)
    log.info("case %s exported to a package (%s)", case_id, "encrypted" if passphrase is not None else "plain")
    return ExportResult(
        path=target,
        case_id=case_id,
        case_uuid=case_uuid,
        system_name=case_data["system"]["name"],
        evidence_files=counts[0],
        evidence_bytes=counts[1],
        encrypted=passphrase is not None,
        cipher=cipher_name,
        size=target.stat().st_size,
    )

"""Opening a case package: decrypt if needed, verify everything, parse the content; nothing is written.

:func:`open_package` decrypts (if needed) and checks the package completely before anything is
written: the archive with every member (:func:`app.mipin.packages.unpack.unpack_zip`), then the
content (``mipin-case/1`` through the engine, ``extras.json`` field by field) and that the
evidence files and the evidence records agree. The result is an :class:`OpenedPackage` in a
private workspace, for :func:`app.mipin.packages.importer.install_package`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from app.core.errors import InputError, InputErrors, NotFoundError
from app.core.paths import AppPaths
from app.mipin.caserows import check_storable
from app.mipin.engine import CaseInput, dump_case, parse_case
from app.mipin.packages import crypto, layout
from app.mipin.packages import errors as e
from app.mipin.packages.evidence_files import workspace
from app.mipin.packages.extras import Extras, parse_extras
from app.mipin.packages.unpack import unpack_zip, write_failed

_BLOCK = 1 << 20


@dataclass
class OpenedPackage:
    """A completely verified package, unpacked in a private workspace until :meth:`close`.

    Attributes:
        source: The package file.
        encrypted: Whether it was sealed with a passphrase.
        cipher: The cipher it was sealed with, if any.
        package_sha256: SHA-256 of the package file as given.
        case_uuid: The case's identity across laptops.
        system_name: 被测系统名称 (from the case).
        report_no: 报告编号 (from the case).
        manifest: The decoded manifest.
        case_data: The canonical ``mipin-case/1`` dictionary.
        case: The parsed case.
        extras: The validated extras.
        audit_trail: The exported audit trail (``audit.json``).
        evidence_files: Unpacked evidence files by SHA-256.
    """

    source: Path
    encrypted: bool
    cipher: str | None
    package_sha256: str
    case_uuid: str
    system_name: str
    report_no: str
    manifest: dict[str, Any]
    case_data: dict[str, Any]
    case: CaseInput
    extras: Extras
    audit_trail: dict[str, Any]
    evidence_files: dict[str, Path]
    _stack: ExitStack = field(repr=False)

    @property
    def evidence_bytes(self) -> int:
        """Total size of the evidence files."""
        return sum(ev.size for ev in {ev.sha256: ev for ev in self.extras.evidence}.values())

    def close(self) -> None:
        """Remove the workspace (decrypted and unpacked files)."""
        self._stack.close()

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def is_encrypted_package(path: str | Path) -> bool:
    """Whether the file is an encrypted package (so a passphrase is needed)."""
    try:
        with Path(path).open("rb") as f:
            return crypto.is_encrypted(f.read(len(crypto.MAGIC)))
    except OSError:
        return False


class _HashingReader:
    """Reads the encrypted package for decryption, hashing every byte (no second read for its SHA-256)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int, /) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        """SHA-256 of the whole file (anything the decryption left unread is read now)."""
        while self.read(_BLOCK):
            pass
        return self.digest.hexdigest()


def _decrypt(source: Path, passphrase: str, work: Path) -> tuple[Path, str, str]:
    """Decrypt ``source`` into the workspace; returns the zip, the cipher and the SHA-256 of ``source``."""
    target = work / "package.zip"
    free = shutil.disk_usage(work).free
    if source.stat().st_size > free:
        raise e.PackageError(e.NO_SPACE, "磁盘空间不足，无法解密案例包，未导入任何内容")
    with source.open("rb") as src:
        try:
            dst = target.open("wb")
        except OSError as exc:
            raise write_failed(exc) from exc
        reader = _HashingReader(src)
        with dst:
            cipher = crypto.decrypt_stream(reader, _GuardedWriter(dst), passphrase)
        return target, cipher, reader.hexdigest()


class _GuardedWriter:
    """Turns write errors (disk full) into PackageError while reading errors stay distinct."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        try:
            return self.raw.write(data)
        except OSError as exc:
            raise write_failed(exc) from exc


def _decode_json(member: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise e.PackageError(e.INVALID_CONTENT, f"{member} 不是有效的 UTF-8 JSON，已拒绝导入", member) from None


def _parse_case_member(data: bytes) -> tuple[dict[str, Any], CaseInput]:
    raw = _decode_json(layout.CASE, data)
    try:
        case = parse_case(raw)
    except InputErrors as exc:
        first = exc.errors[0]
        more = f"（另有 {len(exc.errors) - 1} 处错误）" if len(exc.errors) > 1 else ""
        where = f"{first.field}: " if first.field else ""
        raise e.PackageError(e.INVALID_CONTENT, f"case.json 无效：{where}{first.reason}{more}", layout.CASE) from None
    except InputError as exc:
        raise e.PackageError(e.INVALID_CONTENT, f"case.json 无效：{exc}", layout.CASE) from None
    canonical = dump_case(case)
    try:
        check_storable(canonical)
    except InputError as exc:
        raise e.PackageError(e.INVALID_CONTENT, f"case.json 无效：{exc}", layout.CASE) from None
    if not str(canonical["system"].get("name") or "").strip():
        raise e.PackageError(e.INVALID_CONTENT, "case.json 无效：system.name: 被测系统名称不能为空", layout.CASE)
    return canonical, case


def open_package(path: str | Path, paths: AppPaths, passphrase: str | None = None) -> OpenedPackage:
    """Decrypt (if needed) and verify a package completely; nothing is written to the store.

    Use the result as a context manager (or call ``close()``) to remove the workspace.

    Raises:
        PackageError: The package is refused; ``kind`` and the message say why.
        NotFoundError: The file does not exist.
    """
    source = Path(path)
    if not source.is_file():
        raise NotFoundError(f"案例包文件不存在：{source}")
    stack = ExitStack()
    try:
        work = stack.enter_context(workspace(paths))
        with source.open("rb") as f:
            head = f.read(len(crypto.MAGIC))
        encrypted = crypto.is_encrypted(head)
        cipher: str | None = None
        if encrypted:
            if passphrase is None:
                raise e.PackageError(e.PASSPHRASE_REQUIRED, "案例包已加密，需要口令")
            zip_path, cipher, package_sha256 = _decrypt(source, passphrase, work)
        else:
            zip_path = source
        unpacked = unpack_zip(zip_path, work, plain_source=not encrypted)
        if encrypted:
            zip_path.unlink()
        else:
            package_sha256 = unpacked.sha256  # the archive is the package
        manifest, json_members, evidence = unpacked.manifest, unpacked.json_members, unpacked.evidence
        case_data, case = _parse_case_member(json_members[layout.CASE])
        raw_extras = _decode_json(layout.EXTRAS, json_members[layout.EXTRAS])
        try:
            check_storable(raw_extras)
        except InputError as exc:
            raise e.PackageError(e.INVALID_CONTENT, f"extras.json 无效：{exc}", layout.EXTRAS) from None
        extras = parse_extras(raw_extras)
        trail = _decode_json(layout.AUDIT, json_members[layout.AUDIT])
        if not isinstance(trail, dict) or not isinstance(trail.get("records"), list):
            raise e.PackageError(e.INVALID_CONTENT, "audit.json 无效（应含 records 数组），已拒绝导入", layout.AUDIT)
        listed_evidence = {ev.sha256: ev for ev in extras.evidence}
        for sha, meta in listed_evidence.items():
            if sha not in evidence:
                raise e.PackageError(
                    e.MISSING_MEMBER,
                    f"extras.json 记录的证据 {sha[:12]}… 不在案例包中，已拒绝导入",
                    layout.evidence_member(sha),
                )
            if evidence[sha].stat().st_size != meta.size:
                raise e.PackageError(
                    e.INVALID_CONTENT, f"证据 {sha[:12]}… 的大小与 extras.json 记录不符", layout.EXTRAS
                )
        unreferenced = sorted(set(evidence) - set(listed_evidence))
        if unreferenced:
            member = layout.evidence_member(unreferenced[0])
            raise e.PackageError(e.EXTRA_MEMBER, f"案例包含有未被任何证据记录引用的文件 {member}，已拒绝导入", member)
        system = case_data["system"]
        return OpenedPackage(
            source=source,
            encrypted=encrypted,
            cipher=cipher,
            package_sha256=package_sha256,
            case_uuid=manifest["case"]["uuid"],
            system_name=system["name"],
            report_no=system.get("report_no", "") or "",
            manifest=manifest,
            case_data=case_data,
            case=case,
            extras=extras,
            audit_trail=trail,
            evidence_files=evidence,
            _stack=stack,
        )
    except BaseException:
        stack.close()
        raise

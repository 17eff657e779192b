"""Reading a case package: verify everything first, then write it in one transaction.

:func:`open_package` decrypts (if needed) and checks the package completely before anything is
written: paths, zip-bomb limits on the declared sizes, the member list against the manifest,
every member's size and SHA-256 (counted and hashed while extracting), the archive digest, and
the content (``mipin-case/1`` through the engine, ``extras.json`` field by field). The result
is an :class:`OpenedPackage` in a private workspace. :func:`install_package` then places the
evidence files and writes the case in one transaction; if that fails, the evidence files it
added are removed again, so an import is all or nothing.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import shutil
import struct
import zipfile
import zlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from app import audit
from app.engine import CaseInput, dump_case, parse_case
from app.errors import InputError, InputErrors, NotFoundError
from app.packages import crypto, identity, layout
from app.packages import errors as e
from app.packages.evidence_files import place_evidence, remove_files, workspace
from app.packages.extras import Extras, apply_extras, parse_extras
from app.paths import AppPaths
from app.store.backup import create_backup
from app.store.cases import _fill_case, check_storable
from app.store.models import Case
from app.store.store import Store

log = logging.getLogger(__name__)

_BLOCK = 1 << 20
# What the zipfile module raises on malformed archives; all of it means "damaged or changed".
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    KeyError,
    IndexError,
    OverflowError,
)
MODES = ("ask", "copy", "replace")


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


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _write_failed(exc: OSError) -> e.PackageError:
    if exc.errno == errno.ENOSPC:
        return e.PackageError(e.NO_SPACE, "磁盘空间已满，无法解开案例包，未导入任何内容。请释放磁盘空间后重试")
    return e.PackageError(e.DAMAGED, f"无法解开案例包：{exc.strerror or exc}")


def _decrypt(source: Path, passphrase: str, work: Path) -> tuple[Path, str]:
    target = work / "package.zip"
    free = shutil.disk_usage(work).free
    if source.stat().st_size > free:
        raise e.PackageError(e.NO_SPACE, "磁盘空间不足，无法解密案例包，未导入任何内容")
    with source.open("rb") as src:
        try:
            dst = target.open("wb")
        except OSError as exc:
            raise _write_failed(exc) from exc
        with dst:
            writer = _GuardedWriter(dst)
            cipher = crypto.decrypt_stream(src, writer, passphrase)
    return target, cipher


class _GuardedWriter:
    """Turns write errors (disk full) into PackageError while reading errors stay distinct."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, data: bytes) -> int:
        try:
            return self.raw.write(data)
        except OSError as exc:
            raise _write_failed(exc) from exc


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sink: BinaryIO | None) -> tuple[bytes, str, int]:
    """Stream one member, counting its bytes against the declared size; returns (data if no sink, sha, size)."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    size = 0
    try:
        with zf.open(info) as src:
            while True:
                block = src.read(_BLOCK)
                if not block:
                    break
                size += len(block)
                if size > info.file_size:
                    raise e.PackageError(
                        e.ZIP_BOMB,
                        f"成员 {info.filename} 解压后超过其声明的大小（疑似压缩炸弹），已拒绝导入",
                        info.filename,
                    )
                digest.update(block)
                if sink is None:
                    parts.append(block)
                else:
                    try:
                        sink.write(block)
                    except OSError as exc:
                        raise _write_failed(exc) from exc
    except e.PackageError:
        raise
    except (*_ZIP_ERRORS, OSError):  # reading only: write errors were turned into PackageError above
        raise e.PackageError(
            e.CHANGED, f"成员 {info.filename} 已损坏或被改动（数据校验失败），已拒绝导入", info.filename
        ) from None
    return b"".join(parts), digest.hexdigest(), size


def _check_infos(infos: list[zipfile.ZipInfo], work: Path) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > layout.MAX_MEMBERS:
        raise e.PackageError(
            e.ZIP_BOMB, f"案例包含有 {len(infos)} 个成员，超过上限 {layout.MAX_MEMBERS}（疑似压缩炸弹）"
        )
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        layout.check_member_name(info.orig_filename)
        if info.filename != info.orig_filename:
            layout.check_member_name(info.filename)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise e.PackageError(e.UNSAFE_PATH, f"案例包含有符号链接 {info.filename}，已拒绝导入", info.filename)
        if info.filename in by_name:
            raise e.PackageError(e.EXTRA_MEMBER, f"案例包含有重复的成员 {info.filename}，已拒绝导入", info.filename)
        by_name[info.filename] = info
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise e.PackageError(e.UNSUPPORTED, f"成员 {info.filename} 使用了 zip 自带的加密，不是本工作台写出的案例包")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise e.PackageError(e.UNSUPPORTED, f"成员 {info.filename} 使用了不支持的压缩方式 {info.compress_type}")
        declared, packed = info.file_size, info.compress_size
        if declared < 0 or packed < 0:
            raise e.PackageError(e.DAMAGED, f"成员 {info.filename} 的大小字段已损坏")
        if info.compress_type == zipfile.ZIP_STORED and declared != packed:
            raise e.PackageError(
                e.DAMAGED, f"成员 {info.filename} 的大小字段前后不一致（已损坏或被改动）", info.filename
            )
        if declared > layout.RATIO_FLOOR and declared > layout.MAX_RATIO * max(packed, 1):
            raise e.PackageError(
                e.ZIP_BOMB,
                f"成员 {info.filename} 的压缩比 {declared // max(packed, 1)}:1 超过上限 {layout.MAX_RATIO}:1"
                "（疑似压缩炸弹），已拒绝导入",
                info.filename,
            )
        if not layout.is_evidence_member(info.filename) and declared > layout.MAX_JSON_BYTES:
            raise e.PackageError(
                e.ZIP_BOMB, f"成员 {info.filename} 声明的大小 {declared} 字节超过上限（疑似压缩炸弹）", info.filename
            )
        total += declared
    if total > layout.MAX_TOTAL_BYTES:
        raise e.PackageError(e.ZIP_BOMB, f"案例包解压后共 {total} 字节，超过上限（疑似压缩炸弹），已拒绝导入")
    if total > shutil.disk_usage(work).free:
        raise e.PackageError(e.NO_SPACE, f"磁盘空间不足：解开案例包需要 {total // (1 << 20) + 1} MB，未导入任何内容")
    return by_name


def _parse_manifest(data: bytes) -> dict[str, Any]:
    def bad(reason: str) -> e.PackageError:
        return e.PackageError(e.DAMAGED, f"清单 manifest.json 无效（{reason}），已拒绝导入", layout.MANIFEST)

    try:
        manifest: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad("不是 UTF-8 JSON") from None
    if not isinstance(manifest, dict):
        raise bad("应为 JSON 对象")
    fmt = manifest.get("format")
    if fmt != layout.FORMAT:
        if isinstance(fmt, str) and fmt.startswith("wbcase/"):
            raise e.PackageError(e.UNSUPPORTED, f"案例包格式 {fmt[:40]} 由更新版本的工作台写出，本版本无法导入")
        raise bad("格式标记不是 wbcase/1")
    case = manifest.get("case")
    if not isinstance(case, dict) or not all(
        isinstance(case.get(k), str) for k in ("uuid", "system_name", "report_no")
    ):
        raise bad("case 字段")
    members = manifest.get("members")
    if not isinstance(members, list):
        raise bad("members 字段")
    seen: set[str] = set()
    for index, member in enumerate(members):
        if not isinstance(member, dict):
            raise bad(f"members[{index}]")
        path, size, sha = member.get("path"), member.get("size"), member.get("sha256")
        if not isinstance(path, str) or not layout.is_sha256(sha):
            raise bad(f"members[{index}]")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise bad(f"members[{index}].size")
        layout.check_member_name(path)
        if path in seen or path == layout.MANIFEST:
            raise bad(f"成员 {path[:80]} 重复")
        seen.add(path)
    return manifest


def _check_member_sets(manifest: dict[str, Any], by_name: dict[str, zipfile.ZipInfo]) -> dict[str, dict[str, Any]]:
    listed = {m["path"]: m for m in manifest["members"]}
    present = set(by_name) - {layout.MANIFEST}
    missing = sorted(set(listed) - present)
    if missing:
        more = f" 等 {len(missing)} 个" if len(missing) > 1 else ""
        raise e.PackageError(e.MISSING_MEMBER, f"案例包缺少成员 {missing[0]}{more}，已拒绝导入", missing[0])
    extra = sorted(present - set(listed))
    if extra:
        more = f" 等 {len(extra)} 个" if len(extra) > 1 else ""
        raise e.PackageError(e.EXTRA_MEMBER, f"案例包含有清单之外的成员 {extra[0]}{more}，已拒绝导入", extra[0])
    for required in layout.JSON_MEMBERS:
        if required not in listed:
            raise e.PackageError(e.MISSING_MEMBER, f"案例包缺少成员 {required}，已拒绝导入", required)
    for path in listed:
        if path not in layout.JSON_MEMBERS and not layout.is_evidence_member(path):
            raise e.PackageError(e.EXTRA_MEMBER, f"案例包含有未知成员 {path[:80]}，已拒绝导入", path)
    for path, member in listed.items():
        if by_name[path].file_size != member["size"]:
            raise e.PackageError(e.CHANGED, f"成员 {path} 的大小与清单不符（已被改动），已拒绝导入", path)
    return listed


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


def _verify_zip(
    zip_path: Path, work: Path, plain_source: bool
) -> tuple[dict[str, Any], dict[str, bytes], dict[str, Path]]:
    try:
        zf = zipfile.ZipFile(zip_path)
    except (*_ZIP_ERRORS, OSError) as exc:
        with zip_path.open("rb") as f:
            head = f.read(4)
        if plain_source and not head.startswith(b"PK"):
            raise e.PackageError(
                e.NOT_PACKAGE, "不是工作台案例包（.wbcase）：文件既不是 zip 也不是加密案例包"
            ) from None
        raise e.PackageError(
            e.DAMAGED, f"案例包已损坏或被改动（无法读取 zip 结构：{type(exc).__name__}），已拒绝导入"
        ) from None
    with zf:
        try:
            infos = zf.infolist()
            comment = zf.comment
        except _ZIP_ERRORS:
            raise e.PackageError(e.DAMAGED, "案例包已损坏或被改动（zip 目录无法读取），已拒绝导入") from None
        by_name = _check_infos(infos, work)
        if layout.MANIFEST not in by_name:
            if not set(by_name) & set(layout.JSON_MEMBERS):
                raise e.PackageError(e.NOT_PACKAGE, "不是工作台案例包：zip 中没有清单 manifest.json")
            raise e.PackageError(e.MISSING_MEMBER, "案例包缺少清单 manifest.json，已拒绝导入", layout.MANIFEST)
        manifest_bytes, _sha, _size = _read_member(zf, by_name[layout.MANIFEST], None)
        manifest = _parse_manifest(manifest_bytes)
        listed = _check_member_sets(manifest, by_name)
        json_members: dict[str, bytes] = {}
        evidence: dict[str, Path] = {}
        for path, member in sorted(listed.items()):
            info = by_name[path]
            if path in layout.JSON_MEMBERS:
                data, sha, size = _read_member(zf, info, None)
                json_members[path] = data
            else:
                target = work / path.removeprefix(layout.EVIDENCE_PREFIX)
                try:
                    sink = target.open("wb")
                except OSError as exc:
                    raise _write_failed(exc) from exc
                with sink:
                    _data, sha, size = _read_member(zf, info, sink)
                evidence[path.removeprefix(layout.EVIDENCE_PREFIX)] = target
                if sha != path.removeprefix(layout.EVIDENCE_PREFIX):
                    raise e.PackageError(
                        e.CHANGED, f"证据 {path} 的内容与其 SHA-256 名称不符（已被改动），已拒绝导入", path
                    )
            if size != member["size"] or sha != member["sha256"]:
                raise e.PackageError(e.CHANGED, f"成员 {path} 已被改动（SHA-256 与清单不符），已拒绝导入", path)
    layout.check_digest(zip_path, comment)
    return manifest, json_members, evidence


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
            zip_path, cipher = _decrypt(source, passphrase, work)
        else:
            zip_path = source
        manifest, json_members, evidence = _verify_zip(zip_path, work, plain_source=not encrypted)
        if encrypted:
            zip_path.unlink()
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
            package_sha256=_sha256_file(source),
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


# ---------------------------------------------------------------------- installing


@dataclass(frozen=True)
class ImportResult:
    """What :func:`install_package` did."""

    case_id: int
    mode: str
    system_name: str
    evidence_files_added: int
    backup: Path | None


def find_existing(store: Store, pkg: OpenedPackage) -> identity.Match | None:
    """The case in the store that the package matches, if any."""
    with store.read() as s:
        return identity.find_match(s, pkg.case_uuid, pkg.system_name, pkg.report_no)


def _new_case(pkg: OpenedPackage, now: datetime, system_name: str, case_id: int | None) -> Case:
    system = pkg.case_data["system"]
    case = Case(
        system_name=system_name,
        level=system["level"],
        client=system.get("client", ""),
        assessor=system.get("assessor", ""),
        report_no=system.get("report_no", ""),
        threshold=pkg.case_data.get("threshold", 60),
        phases={},
        system_extra={k: v for k, v in system.items() if k not in ("name", "level", "client", "assessor", "report_no")},
        archived=False,
        demo=False,
        created_at=pkg.extras.created_at or now,
        updated_at=now,
    )
    if case_id is not None:
        case.id = case_id
    return case


def install_package(store: Store, pkg: OpenedPackage, *, on_conflict: str = "ask") -> ImportResult:
    """Write a verified package into the store as one case.

    Args:
        store: The case store.
        pkg: From :func:`open_package`.
        on_conflict: What to do if the case already exists: ``ask`` (raise
            :class:`CaseExistsError`), ``copy`` (import as a new case, named …（副本）) or
            ``replace`` (back up the store, then replace the existing case, keeping its id).

    Raises:
        CaseExistsError: The case exists and ``on_conflict`` is ``ask``.
        StoreError: The backup or the write failed (disk full …); nothing was imported.
    """
    if on_conflict not in MODES:
        raise InputError("on_conflict", f"must be one of {', '.join(MODES)}")
    match = find_existing(store, pkg)
    if match is not None and on_conflict == "ask":
        raise e.CaseExistsError(match.case_id, match.system_name, match.matched_by)
    mode = "new" if match is None else on_conflict
    backup = None
    if mode == "replace":
        assert match is not None
        backup = create_backup(store, reason=f"before-replace-case-{match.case_id}")
    added = place_evidence(store.paths, pkg.evidence_files)
    system_name = pkg.system_name if mode != "copy" else f"{pkg.system_name}（副本）"

    def write(s: Session) -> int:
        now = datetime.now().replace(microsecond=0)
        keep_id = None
        if mode == "replace":
            assert match is not None
            old = s.get(Case, match.case_id)
            if old is not None:
                s.delete(old)
                s.flush()
                keep_id = match.case_id
        case = _new_case(pkg, now, system_name, keep_id)
        s.add(case)
        s.flush()
        _fill_case(s, case, pkg.case_data)
        apply_extras(s, case, pkg.extras)
        if mode == "copy":
            identity.ensure_uuid(s, case.id)
        else:
            identity.set_uuid(s, case.id, pkg.case_uuid)
        audit.append(
            s, case.id, "import_package", "case", None,
            {
                "file": pkg.source.name, "package_sha256": pkg.package_sha256, "mode": mode,
                "encrypted": pkg.encrypted, "source_uuid": pkg.case_uuid,
                "source_audit_records": len(pkg.audit_trail.get("records", [])),
                "source_audit_intact": pkg.audit_trail.get("intact"),
            },
        )  # fmt: skip
        return case.id

    try:
        case_id = store.write(write)
    except BaseException:
        remove_files(added)
        raise
    log.info("package imported as case %s (%s)", case_id, mode)
    return ImportResult(case_id, mode, system_name, len(added), backup)


def import_package(
    store: Store, path: str | Path, passphrase: str | None = None, *, on_conflict: str = "ask"
) -> ImportResult:
    """Verify and import a package in one call (see :func:`open_package`, :func:`install_package`)."""
    with open_package(path, store.paths, passphrase) as pkg:
        return install_package(store, pkg, on_conflict=on_conflict)

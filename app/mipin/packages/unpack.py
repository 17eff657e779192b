"""Unpacking a package's zip archive into a workspace, checking every member on the way.

:func:`unpack_zip` refuses unsafe paths and zip bombs on the declared sizes before anything is
extracted, checks the member list against the manifest, counts and hashes every member while
extracting it, and finally checks the archive digest (:func:`app.mipin.packages.layout.check_digest`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.mipin.packages import errors as e
from app.mipin.packages import layout

_BLOCK = 1 << 20
# What the zipfile module raises on a malformed archive; all of it means "damaged or changed". Only
# the zipfile calls themselves are guarded with it, and KeyError/IndexError are not in it: a bug in
# our own code must surface as a bug, not be reported to the user as a tampered package.
_ZIP_ERRORS = (
    zipfile.BadZipFile,  # also zipfile.LargeZipFile
    zlib.error,
    EOFError,
    ValueError,  # includes UnicodeDecodeError of a member name
    NotImplementedError,  # an unsupported compression method
    RuntimeError,  # zip encryption
    struct.error,
    OverflowError,
)


def write_failed(exc: OSError) -> e.PackageError:
    """The refusal for a failed write while unpacking (``no-space`` when the disk is full)."""
    if exc.errno == errno.ENOSPC:
        return e.PackageError(e.NO_SPACE, "磁盘空间已满，无法解开案例包，未导入任何内容。请释放磁盘空间后重试")
    return e.PackageError(e.DAMAGED, f"无法解开案例包：{exc.strerror or exc}")


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
                        raise write_failed(exc) from exc
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


@dataclass(frozen=True)
class UnpackedZip:
    """A verified archive: its manifest, the JSON members' bytes and the extracted evidence files.

    Attributes:
        manifest: The decoded ``manifest.json``.
        json_members: ``case.json``, ``extras.json`` and ``audit.json`` as bytes.
        evidence: Extracted evidence files by SHA-256.
        sha256: SHA-256 of the whole archive file.
    """

    manifest: dict[str, Any]
    json_members: dict[str, bytes]
    evidence: dict[str, Path]
    sha256: str


def unpack_zip(zip_path: Path, work: Path, plain_source: bool) -> UnpackedZip:
    """Extract and verify the archive at ``zip_path`` into ``work``.

    Args:
        zip_path: The archive (the package itself, or the decrypted package).
        work: The private workspace the evidence files are extracted to.
        plain_source: ``zip_path`` is the file the user chose (not a decrypted copy), so a file
            that is no zip at all is "not a package" rather than "damaged".

    Raises:
        PackageError: The archive is refused; ``kind`` says why.
    """
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
                    raise write_failed(exc) from exc
                with sink:
                    _data, sha, size = _read_member(zf, info, sink)
                evidence[path.removeprefix(layout.EVIDENCE_PREFIX)] = target
                if sha != path.removeprefix(layout.EVIDENCE_PREFIX):
                    raise e.PackageError(
                        e.CHANGED, f"证据 {path} 的内容与其 SHA-256 名称不符（已被改动），已拒绝导入", path
                    )
            if size != member["size"] or sha != member["sha256"]:
                raise e.PackageError(e.CHANGED, f"成员 {path} 已被改动（SHA-256 与清单不符），已拒绝导入", path)
    return UnpackedZip(manifest, json_members, evidence, layout.check_digest(zip_path, comment))

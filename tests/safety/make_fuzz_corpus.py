"""Write the replayed fuzz corpus in ``tests/data/fuzz/`` (run by hand: ``python -m tests.safety.make_fuzz_corpus``).

Each file's name says what the importer must do with it: ``ok--…`` is accepted, ``refused--…``
is refused with a typed error, and for packages the prefix is the expected
``PackageError.kind`` (``unsafe-path--zip-slip.wbcase``). The inputs are the ones fuzzing found
or that exercise a check directly; ``test_fuzz_corpus.py`` replays them all.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from app.core.paths import AppPaths
from app.mipin.packages import crypto, export_package, layout
from app.store.store import Store
from tests.safety.fuzzing import CORPUS
from tests.safety.helpers import make_rich_case, read_members, write_package

PASSPHRASE = "corpus-passphrase-2026"
MINIMAL = {"format": "mipin-case/1", "system": {"name": "语料系统", "level": 1}, "units": []}


def _case_corpus(folder: Path) -> None:
    base = json.loads((CORPUS.parents[1] / "data" / "cases" / "l1-basic.json").read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}

    def variant(name: str, change: object) -> None:
        data = json.loads(json.dumps(base))
        change(data)  # type: ignore[operator]
        files[name] = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    variant("refused--missing-system-name.json", lambda d: d["system"].pop("name"))
    variant("refused--blank-system-name.json", lambda d: d["system"].__setitem__("name", "   "))
    variant("refused--huge-level.json", lambda d: d["system"].__setitem__("level", 10**40))
    variant("refused--float-level.json", lambda d: d["system"].__setitem__("level", 3.0))
    text = json.dumps(base, ensure_ascii=True, indent=1)
    files["refused--lone-surrogate-in-record.json"] = text.replace("\\u666e", "\\ud800", 1).encode()
    files["refused--lone-surrogate-in-name.json"] = text.replace('"name": "', '"name": "\\udfff', 1).encode()
    files["ok--lone-surrogate-in-unknown-key.json"] = text.replace('"format"', '"x\\ud800": 1, "format"', 1).encode()
    files["refused--nan-threshold.json"] = text.replace('"units"', '"threshold": NaN, "units"', 1).encode()
    files["refused--overflowing-threshold.json"] = text.replace('"units"', '"threshold": 1e999, "units"', 1).encode()
    files["refused--deep-array.json"] = b"[" * 5000 + b"]" * 5000
    files["refused--deep-object.json"] = b'{"a":' * 5000 + b"1" + b"}" * 5000
    files["refused--empty.json"] = b""
    files["refused--bom-only.json"] = b"\xef\xbb\xbf"
    files["refused--utf16.json"] = json.dumps(MINIMAL, ensure_ascii=False).encode("utf-16")
    files["refused--duplicate-keys.json"] = b'{"format": "mipin-case/1", "format": "mipin-case/1"}'
    files["refused--top-level-array.json"] = b"[]"
    files["refused--null.json"] = b"null"
    files["ok--minimal.json"] = json.dumps(MINIMAL, ensure_ascii=False).encode("utf-8")
    for name, raw in files.items():
        (folder / name).write_bytes(raw)


def _flip(path: Path, offset: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))


def _package_corpus(folder: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    try:
        paths = AppPaths.resolve(work / "data")
        paths.ensure()
        store = Store.open(paths)
        case_id = make_rich_case(store, evidence_bytes=256)
        plain = folder / "ok--v1-plain.wbcase"
        export_package(store, case_id, plain)
        for cipher in ("SM4-GCM", "AES-256-GCM"):
            if crypto.cipher_supported(cipher):
                name = f"ok--v1-encrypted-{cipher.split('-')[0].lower()}.wbcase"
                export_package(store, case_id, folder / name, passphrase=PASSPHRASE, cipher=cipher,
                               scrypt_n=crypto.MIN_SCRYPT_N)  # fmt: skip
        export_package(store, case_id, folder / "wrong-passphrase--other-passphrase.wbcase",
                       passphrase="some other passphrase", scrypt_n=crypto.MIN_SCRYPT_N)  # fmt: skip
        store.close()
        members = read_members(plain)

        def rebuilt(name: str, changed: dict[str, bytes], listed: dict[str, bytes] | None = None) -> None:
            write_package(folder / name, changed, manifest_members=listed)

        target = folder / "changed--flipped-byte-in-member.wbcase"
        shutil.copyfile(plain, target)
        with zipfile.ZipFile(target) as zf:
            info = zf.getinfo("case.json")
        _flip(target, info.header_offset + 30 + len("case.json") + 40)
        target = folder / "changed--directory-timestamp.wbcase"
        shutil.copyfile(plain, target)
        raw = target.read_bytes()
        _flip(target, raw.index(b"PK\x01\x02") + 12)
        (folder / "damaged--truncated.wbcase").write_bytes(plain.read_bytes()[:-200])
        (folder / "not-package--text.wbcase").write_bytes("这不是案例包\n".encode())
        gone = sorted(n for n in members if n.startswith("evidence/"))[0]
        rebuilt("missing-member--dropped-evidence.wbcase", {k: v for k, v in members.items() if k != gone}, members)
        rebuilt("extra-member--smuggled-file.wbcase", {**members, "run.sh": b"#!/bin/sh\n"}, members)
        rebuilt("unsafe-path--zip-slip.wbcase", {**members, "../../.bashrc": b"evil"})
        rebuilt("unsafe-path--absolute.wbcase", {**members, "/etc/cron.d/evil": b"evil"})
        rebuilt("unsafe-path--backslash.wbcase", {**members, "..\\..\\evil.bat": b"evil"})
        bomb = bytes(8 << 20)
        rebuilt("zip-bomb--ratio.wbcase", {**members, layout.evidence_member(hashlib.sha256(bomb).hexdigest()): bomb})
        case = json.loads(members["case.json"])
        case["system"].pop("name")
        rebuilt("invalid-content--missing-system-name.wbcase", {**members, "case.json": json.dumps(case).encode()})
        text = members["case.json"].decode("utf-8")
        escaped = json.dumps(json.loads(text), ensure_ascii=True).replace("\\u7cfb", "\\ud800", 1)
        rebuilt("invalid-content--lone-surrogate.wbcase", {**members, "case.json": escaped.encode()})
        extras = json.loads(members["extras.json"])
        deep: object = 1
        for _ in range(200):
            deep = {"d": deep}
        extras["evidence"][0]["details"] = deep
        rebuilt("invalid-content--deep-details.wbcase", {**members, "extras.json": json.dumps(extras).encode()})
        with zipfile.ZipFile(work / "link.zip", "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
            info = zipfile.ZipInfo("evidence/link")
            info.external_attr = 0o120777 << 16
            zf.writestr(info, "/etc/passwd")
        shutil.copyfile(work / "link.zip", folder / "unsafe-path--symlink.wbcase")
        sealed = next(folder.glob("ok--v1-encrypted-*.wbcase"))
        target = folder / "changed--encrypted-chunk.wbcase"
        shutil.copyfile(sealed, target)
        _flip(target, target.stat().st_size - 40)
        target = folder / "damaged--encrypted-header-length.wbcase"
        shutil.copyfile(sealed, target)
        _flip(target, 9)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _certificate_corpus(folder: Path) -> None:
    from tests.certgen import openssl_certificate

    work = Path(tempfile.mkdtemp(prefix="corpus-certs-"))
    try:
        rsa = openssl_certificate(work, "rsa1024-sha1", der=True).read_bytes()
        sm2 = openssl_certificate(work, "sm2-sm3").read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the throw-away keys never leave the temp folder
    (folder / "ok--rsa1024-sha1.der").write_bytes(rsa)
    (folder / "ok--sm2-sm3.pem").write_bytes(sm2)
    bad_version = bytearray(rsa)
    at = bad_version.index(b"\xa0\x03\x02\x01\x02") + 4  # [0] EXPLICIT Version INTEGER 2 (v3)
    bad_version[at] = 3  # v4 does not exist: cryptography raises InvalidVersion (found by fuzzing)
    (folder / "refused--invalid-version.der").write_bytes(bytes(bad_version))
    (folder / "refused--truncated.der").write_bytes(rsa[: len(rsa) // 2])
    (folder / "refused--empty.bin").write_bytes(b"")
    (folder / "refused--public-key-label.pem").write_bytes(
        b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
    )
    (folder / "refused--garbage-pem.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")


def main() -> None:
    for kind, writer in (("case", _case_corpus), ("package", _package_corpus), ("certificate", _certificate_corpus)):
        folder = CORPUS / kind
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        writer(folder)
        print(f"{kind}: {len(list(folder.iterdir()))} files")


if __name__ == "__main__":
    main()

"""Shared helpers of the safety tests: a case with every kind of extra data, store snapshots, zips."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.core.clock import LOCAL_ZONE
from app.core.paths import resource_path
from app.mipin import tables as models
from app.mipin.cases import import_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import AddEvidence, DefineObject, SetChecklist, SetRiskRating, UpdateCase, UpdateObject
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.evidence.records import stored_path as evidence_path
from app.mipin.packages import layout
from app.store.base import AppMeta, AuditEvent
from app.store.store import Store

TABLES = (
    models.Case,
    models.CaseObject,
    models.UnitEntry,
    models.ObjectEntry,
    models.Compensation,
    models.RiskDecision,
    models.RiskRating,
    models.Evidence,
    AuditEvent,
    AppMeta,
)


def demo_case_data() -> dict[str, Any]:
    return json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))


def add_evidence(store: Store, case_id: int, content: bytes, name: str, unit_id: str | None, obj: str | None) -> str:
    """Store an evidence file under its SHA-256 name and record it (test set-up only)."""
    sha = hashlib.sha256(content).hexdigest()
    target = evidence_path(store.paths, sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)

    record = EvidenceRecord(
        sha256=sha, original_name=name, size=len(content), kind="screenshot", method="实地察看", reliability=1,
        unit_id=unit_id, object_name=obj, note="测试证据", details={"observed": {"D": "√"}},
        added_at=datetime(2026, 9, 16, 10, 30, tzinfo=LOCAL_ZONE),
    )  # fmt: skip
    CaseEditor(store, actor="tester").apply(case_id, AddEvidence(record))
    return sha


def make_rich_case(store: Store, evidence_bytes: int = 4096) -> int:
    """The demo case plus phases, object types, an unassigned object, ticks, a rating and evidence."""
    case_id = import_case(store, demo_case_data())
    editor = CaseEditor(store, actor="tester")
    phases = {"测评准备": ["2026-09-01", "2026-09-05"], "现场测评": ["2026-09-15", "2026-09-26"]}
    editor.apply(case_id, UpdateCase({"phases": phases}))
    editor.apply(case_id, UpdateObject("机房电子门禁系统", kind="物理设施"))
    editor.apply(case_id, DefineObject("尚未分配的服务器", kind="服务器", note="下周测评"))
    editor.apply(case_id, SetChecklist("PE-1", [0, 2]))
    editor.apply(case_id, SetRiskRating("PE-1", "高", "中", "门禁缺陷"))
    add_evidence(store, case_id, b"\x89PNG" + b"A" * evidence_bytes, "门禁截图.png", "PE-1", "机房电子门禁系统")
    sha = add_evidence(store, case_id, bytes(range(256)) * 8, "vpn.conf", "NC-1", None)
    add_evidence(store, case_id, bytes(range(256)) * 8, "vpn-copy.conf", "NC-2", None)
    assert sha
    return case_id


def snapshot(store: Store) -> dict[str, Any]:
    """Row counts of every case table plus the evidence folder's files (to prove nothing was written)."""
    with store.read() as s:
        counts = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}
    folder = store.paths.evidence_dir
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []
    return {"rows": counts, "evidence": files}


def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_package(
    path: Path,
    members: dict[str, bytes],
    *,
    manifest_members: dict[str, bytes] | None = None,
    compress: dict[str, int] | None = None,
) -> None:
    """Write a package with a freshly computed manifest and archive digest.

    ``members`` are written to the zip; the manifest lists ``manifest_members`` (default: the
    same members), so a test can make exactly one check fail.
    """
    stored = [zipfile.ZipInfo(name).filename for name in members]
    assert len(set(stored)) == len(stored), f"two members would get one name in the zip: {sorted(stored)}"
    listed = members if manifest_members is None else manifest_members
    try:
        old = json.loads(members.get(layout.MANIFEST, b"{}") or b"{}")
    except ValueError:  # the fuzzer replaced the manifest with random bytes
        old = {}
    if not isinstance(old, dict):  # … or with a JSON value that is not an object (b"0")
        old = {}
    manifest = {
        "format": layout.FORMAT,
        "app": "test",
        "created_at": "2026-11-26T10:00:00",
        "case": old.get("case", {"uuid": "00000000-0000-4000-8000-000000000000", "system_name": "x", "report_no": ""}),
        "members": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(listed.items())
            if name != layout.MANIFEST
        ],
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            if name == layout.MANIFEST:
                continue
            info = zipfile.ZipInfo(name, (2026, 11, 26, 10, 0, 0))
            info.compress_type = (compress or {}).get(name, zipfile.ZIP_DEFLATED)
            zf.writestr(info, data)
        zf.writestr(zipfile.ZipInfo(layout.MANIFEST, (2026, 11, 26, 10, 0, 0)), json.dumps(manifest).encode())
        zf.comment = layout.DIGEST_PLACEHOLDER
    layout.seal_digest(path)

"""Make the legacy database fixtures of the migration tests, with the code of an *old* commit.

The files in this folder were written by commit 0b57e73 (schema 0002, naive local timestamps,
audit hash version 1) on a machine in Asia/Shanghai, exactly as users' databases of that version
look. To make them again, export that commit and run this script with it first on the path::

    git archive 0b57e73 | tar -x -C /tmp/legacy
    cd /tmp/legacy && TZ=Asia/Shanghai PYTHONPATH=. python <this file> <this folder>

The current code cannot run this script (the old editor API is used on purpose), so mypy skips it.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import select

from app.bootstrap import CliContext
from app.core.paths import AppPaths
from app.mipin.cases import CaseHeader, create_case, delete_case, export_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.evidence.records import EvidenceRecord
from app.mipin.packages import export_package
from app.mipin.tables import Evidence, RiskDecision
from app.store import audit, migrate
from app.store.base import AuditEvent
from app.store.engine import make_engine, sqlite_url
from app.store.store import Store


def make_0002(folder: Path, work: Path) -> None:
    """A store at 0002: the demo, a worked case with every kind of data, and a deleted case."""
    ctx = CliContext(data_dir=str(work / "d2"))
    store = ctx.store  # seeds the demo (no audit records in this version)
    header = CaseHeader(
        system_name="旧版数据库中的系统", level=3, client="某卫健委", assessor="某测评机构", report_no="OLD-001",
        period_start=date(2026, 9, 1), period_end=date(2026, 9, 30),
        phases={"测评准备": (date(2026, 9, 1), date(2026, 9, 5))}, threshold=65.0,
    )  # fmt: skip
    case_id = create_case(store, header)
    editor = CaseEditor(store, actor="old-assessor")
    editor.define_object(case_id, "VPN 网关", kind="网络设备")
    editor.define_object(case_id, "数据库服务器", kind="数据库")
    editor.assign_object(case_id, "NC-2", "VPN 网关")
    editor.set_object_fields(case_id, "NC-2", "VPN 网关", {"D": "√", "A": "√", "K": "×", "algorithms": ["SM4"]})
    editor.assign_object(case_id, "AD-6", "数据库服务器")
    editor.set_object_fields(case_id, "AD-6", "数据库服务器", {"D": "√", "A": "√", "K": "√"})
    editor.set_compensation(case_id, "NC-2", "VPN 网关", "AD-6", "数据库服务器", True)
    editor.set_unit_result(case_id, "MS-1", "部分符合")
    editor.set_unit_record(case_id, "MS-1", "制度不全")
    editor.set_checklist(case_id, "MS-1", [0, 1])
    editor.set_applicable(case_id, "PE-3", False, "无视频监控")
    editor.set_risk_decision(case_id, "8.2", "DC-2", None, "mitigated", "带外管理网络")
    editor.set_risk_rating(case_id, "MS-1", "中", "高", "旧版评定")
    editor.update_case(case_id, client="梧州市卫生健康委员会")
    export_package(store, case_id, work / "old.wbcase")  # uuid + export_package record
    editor.add_evidence(
        case_id,
        EvidenceRecord(
            sha256="ab" * 32, original_name="旧截图.png", size=10, kind="screenshot", method="实地察看",
            reliability=1, unit_id="NC-2", object_name="VPN 网关", note="旧证据", details={},
        ),
    )  # fmt: skip
    doomed = create_case(store, CaseHeader(system_name="已删除的系统", level=2))
    editor.set_unit_record(doomed, "MS-1", "x")
    delete_case(store, doomed)
    with store.read() as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        decided = s.scalar(select(RiskDecision.decided_at).where(RiskDecision.case_id == case_id))
        added = s.scalar(select(Evidence.added_at).where(Evidence.case_id == case_id))
    expected = {
        "case_id": case_id,
        "deleted_case_id": doomed,
        "export": export_case(store, case_id),
        "audit": {str(c): audit.verify(store, c).records for c in (case_id, doomed)},
        "first_audit_at": events[0].at.isoformat(),
        "decided_at": decided.isoformat() if decided else None,
        "added_at": added.isoformat() if added else None,
    }
    db_file = ctx.paths.db_file
    ctx.close()
    (folder / "store-0002.sqlite3").write_bytes(db_file.read_bytes())
    (folder / "store-0002.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )


def make_0001(folder: Path, work: Path) -> None:
    """A store at 0001 whose highest case id was deleted (SQLite would hand it out again)."""
    paths = AppPaths.resolve(work / "d1")
    paths.ensure()
    engine = make_engine(sqlite_url(paths.db_file))
    command.upgrade(migrate.alembic_config(engine), "0001")
    engine.dispose()
    old = Store(make_engine(sqlite_url(paths.db_file)), paths)
    first = create_case(old, CaseHeader(system_name="保留", level=3))
    editor = CaseEditor(old, actor="t")
    editor.define_object(first, "机房")
    editor.assign_object(first, "PE-1", "机房")
    editor.set_object_fields(first, "PE-1", "机房", {"D": "√", "A": "√", "K": "√"})
    doomed = create_case(old, CaseHeader(system_name="将删除", level=3))
    editor.set_unit_record(doomed, "MS-1", "x")
    delete_case(old, doomed)
    expected = {"case_id": first, "deleted_case_id": doomed, "export": export_case(old, first)}
    old.close()
    (folder / "store-0001.sqlite3").write_bytes(paths.db_file.read_bytes())
    (folder / "store-0001.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    import tempfile

    target = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        make_0002(target, Path(tmp))
        make_0001(target, Path(tmp))

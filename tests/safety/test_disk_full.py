"""A full disk: the user gets a clear message, nothing committed is lost, and work resumes once space is freed.

Runs on a real, small tmpfs when the machine allows mounting (root), and always also with the
fallback that injects the failure (SQLite ``max_page_count`` and ENOSPC on file writes).
Covers edits, backups, evidence copying and case packages: none of them leaves a partial file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.errors import StoreError
from app.core.paths import AppPaths
from app.mipin.cases import CaseHeader, create_case
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import DefineObject, SetUnitRecord
from app.mipin.evidence import records as evidence
from app.mipin.packages import PackageError, export_package, import_package
from app.mipin.packages import errors as e
from app.mipin.tables import UnitEntry
from app.store import audit
from app.store.backup import create_backup, list_backups
from app.store.store import Store
from tests.safety.disks import InjectedDisk, TmpfsDisk, can_mount_tmpfs
from tests.safety.helpers import add_evidence, make_rich_case, snapshot

FULL = "磁盘空间已满"
_MOUNTABLE: dict[str, bool] = {}


@pytest.fixture(params=["tmpfs", "injected"])
def disk(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "tmpfs":
        if "ok" not in _MOUNTABLE:
            _MOUNTABLE["ok"] = can_mount_tmpfs(tmp_path / "probe")
        if not _MOUNTABLE["ok"]:
            pytest.skip("cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN); the injected variant runs instead")
        d: TmpfsDisk | InjectedDisk = TmpfsDisk(tmp_path / "small-disk", size_mb=16)
    else:
        d = InjectedDisk(tmp_path / "small-disk")
    try:
        yield d
    finally:
        d.close()


@pytest.fixture
def disk_store(disk):
    paths = AppPaths.resolve(disk.root / "data")
    paths.ensure()
    store = Store.open(paths)
    disk.watch(store)
    yield store
    store.close()


def _compact_wal(store: Store) -> None:
    """Checkpoint and truncate the WAL so that the next writes need new disk space."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def test_edits_on_a_full_disk_fail_clearly_and_lose_nothing(disk, disk_store) -> None:
    store = disk_store
    case_id = create_case(store, CaseHeader(system_name="磁盘已满测试", level=3))
    editor = CaseEditor(store, actor="tester")
    editor.apply(case_id, DefineObject("服务器", kind="服务器"))
    _compact_wal(store)
    disk.fill(leave=1 << 20)

    committed: dict[str, str] = {}
    failure: StoreError | None = None
    for n in range(2000):
        unit = ("PE-1", "PE-2", "PE-3", "NC-1")[n % 4]
        text = f"{n:05d} " + "测评记录" * 1000  # ≈ 12 KB, written three times (record, audit old and new)
        try:
            editor.apply(case_id, SetUnitRecord(unit, text))
        except StoreError as exc:
            failure = exc
            break
        committed[unit] = text
    assert failure is not None, "the disk never filled up"
    assert FULL in str(failure) and "之前保存的内容完好" in str(failure)
    assert committed, "some edits fit before the disk was full"
    print(f"{disk.mode}: {n} edits committed before the disk was full")

    def check(s: Store) -> None:
        assert s.integrity_ok()
        assert audit.verify(s, case_id).ok
        for unit, text in committed.items():
            with s.read() as session:
                stored = session.scalar(
                    select(UnitEntry.record).where(UnitEntry.case_id == case_id, UnitEntry.unit_id == unit)
                )
            assert stored == text, f"{unit}: a committed edit was lost"

    check(store)
    # the app still starts on the full disk (it only reads until the user edits)
    again = Store.open(store.paths)
    disk.watch(again)
    try:
        check(again)
        with pytest.raises(StoreError, match=FULL):
            CaseEditor(again).apply(case_id, SetUnitRecord("PE-1", "x" * 200_000))
    finally:
        again.close()
    check(store)

    disk.free()
    editor.apply(case_id, SetUnitRecord("PE-1", "空间释放后继续编辑"))
    committed["PE-1"] = "空间释放后继续编辑"
    check(store)


def test_a_backup_on_a_full_disk_fails_cleanly(disk, disk_store) -> None:
    store = disk_store
    create_case(store, CaseHeader(system_name="备份测试", level=3))
    first = create_backup(store, reason="before")
    before = sorted(p.name for p in store.paths.backup_dir.iterdir())
    disk.fill()
    with pytest.raises(StoreError) as info:
        create_backup(store, reason="full")
    assert str(info.value).startswith("备份失败：") and FULL in str(info.value)
    assert sorted(p.name for p in store.paths.backup_dir.iterdir()) == before, "no partial backup is left"
    disk.free()
    assert create_backup(store, reason="after") is not None
    assert len(list_backups(store.paths.backup_dir)) == 2 and first is not None


def test_copying_evidence_onto_a_full_disk_leaves_no_partial_file(disk, disk_store, tmp_path) -> None:
    source = tmp_path / "capture.pcap"
    source.write_bytes(os.urandom(2 << 20))
    paths = disk_store.paths
    disk.fill(leave=64 << 10)
    with pytest.raises(StoreError) as info:
        evidence.store_file(paths, source)
    assert "No space left" in str(info.value) or FULL in str(info.value)
    assert [p for p in paths.evidence_dir.rglob("*") if p.is_file()] == [], "no partial evidence file is left"
    disk.free()
    stored = evidence.store_file(paths, source)
    assert evidence.stored_path(paths, stored.sha256).read_bytes() == source.read_bytes()


def test_importing_a_package_onto_a_full_disk_writes_nothing(disk, disk_store, store, tmp_path) -> None:
    case_id = make_rich_case(store)
    add_evidence(store, case_id, os.urandom(3 << 20), "大截图.png", "PE-1", None)
    package = tmp_path / "case.wbcase"
    export_package(store, case_id, package)
    before = snapshot(disk_store)
    disk.fill(leave=512 << 10)
    with pytest.raises(PackageError) as info:
        import_package(disk_store, package)
    assert (info.value.kind == e.NO_SPACE and FULL in str(info.value)) or "磁盘空间不足" in str(info.value)
    assert snapshot(disk_store) == before
    assert not list((disk_store.paths.data_dir / "tmp").iterdir()), "the workspace is removed"
    disk.free()
    assert import_package(disk_store, package).mode == "new"


def test_exporting_a_package_onto_a_full_disk_leaves_no_file(disk, store) -> None:
    case_id = make_rich_case(store)
    add_evidence(store, case_id, os.urandom(3 << 20), "大截图.png", "PE-1", None)
    out_dir = disk.root / "usb-stick"
    out_dir.mkdir()
    disk.fill(leave=512 << 10)
    with pytest.raises(PackageError) as info:
        export_package(store, case_id, out_dir / "case.wbcase")
    assert info.value.kind == e.NO_SPACE and FULL in str(info.value)
    assert list(out_dir.iterdir()) == []
    disk.free()
    assert export_package(store, case_id, out_dir / "case.wbcase").size > 3 << 20

"""Installing a verified case package: one transaction, all or nothing.

:func:`install_package` takes an :class:`~app.mipin.packages.opener.OpenedPackage` (verified
completely by :func:`~app.mipin.packages.opener.open_package`, nothing written yet), places the
evidence files and writes the case in one transaction; if that fails, the evidence files it
added are removed again, so an import is all or nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.core.errors import InputError
from app.mipin.caserows import fill_case
from app.mipin.cases import add_case, case_row
from app.mipin.packages import errors as e
from app.mipin.packages import identity
from app.mipin.packages.evidence_files import place_evidence, remove_files
from app.mipin.packages.extras import ExtrasSection, apply_extras
from app.mipin.packages.layout import EXTRAS
from app.mipin.packages.opener import OpenedPackage, open_package
from app.mipin.tables import Case
from app.store.backup import create_backup
from app.store.store import Store

log = logging.getLogger(__name__)

MODES = ("ask", "copy", "replace")


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


def _new_case(pkg: OpenedPackage, system_name: str, case_id: int | None) -> Case:
    case = case_row(pkg.case_data, system_name=system_name)
    if pkg.extras.created_at is not None:
        case.created_at = pkg.extras.created_at
    if case_id is not None:
        case.id = case_id
    return case


def _details(pkg: OpenedPackage, mode: str) -> dict[str, Any]:
    """What the case's audit record says about the package it came from."""
    return {
        "file": pkg.source.name, "package_sha256": pkg.package_sha256, "mode": mode, "encrypted": pkg.encrypted,
        "source_uuid": pkg.case_uuid, "source_audit_records": len(pkg.audit_trail.get("records", [])),
        "source_audit_intact": pkg.audit_trail.get("intact"),
    }  # fmt: skip


def install_package(
    store: Store, pkg: OpenedPackage, *, on_conflict: str = "ask", plan: ExtrasSection | None = None
) -> ImportResult:
    """Write a verified package into the store as one case.

    Args:
        store: The case store.
        pkg: From :func:`open_package`.
        on_conflict: What to do if the case already exists: ``ask`` (raise
            :class:`CaseExistsError`), ``copy`` (import as a new case, named …（副本）) or
            ``replace`` (back up the store, then replace the existing case, keeping its id).
        plan: The section that writes ``extras.plan`` (the 密改方案); without it a package that
            carries a plan is refused rather than imported without it.

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
    if pkg.extras.plan is not None:
        if plan is None:
            raise e.PackageError(
                e.INVALID_CONTENT, "案例包含有密改方案，但本次导入无法写入它（未导入任何内容）", EXTRAS
            )
        plan.check(pkg.extras.plan)
    backup = None
    if mode == "replace":
        assert match is not None
        backup = create_backup(store, reason=f"before-replace-case-{match.case_id}")
    added = place_evidence(store.paths, pkg.evidence_files)
    system_name = pkg.system_name if mode != "copy" else f"{pkg.system_name}（副本）"

    def write(s: Session) -> int:
        keep_id = None
        if mode == "replace":
            assert match is not None
            old = s.get(Case, match.case_id)
            if old is not None:  # replaced in this transaction; the audit record below says so
                s.delete(old)
                s.flush()
                keep_id = match.case_id
        case = add_case(s, _new_case(pkg, system_name, keep_id), "import_package", _details(pkg, mode))
        fill_case(s, case, pkg.case_data)
        apply_extras(s, case, pkg.extras)
        if plan is not None and pkg.extras.plan is not None:
            plan.apply(s, case.id, pkg.extras.plan)
        if mode == "copy":
            identity.ensure_uuid(s, case.id)
        else:
            identity.set_uuid(s, case.id, pkg.case_uuid)
        return case.id

    try:
        case_id = store.write(write)
    except BaseException:
        remove_files(added)
        raise
    log.info("package imported as case %s (%s)", case_id, mode)
    return ImportResult(case_id, mode, system_name, len(added), backup)


def import_package(
    store: Store,
    path: str | Path,
    passphrase: str | None = None,
    *,
    on_conflict: str = "ask",
    plan: ExtrasSection | None = None,
) -> ImportResult:
    """Verify and import a package in one call (see :func:`open_package`, :func:`install_package`)."""
    with open_package(path, store.paths, passphrase) as pkg:
        return install_package(store, pkg, on_conflict=on_conflict, plan=plan)

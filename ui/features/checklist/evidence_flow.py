"""Evidence workflows: attach (confirm big files, copy and hash off the GUI thread), certificates.

A certificate's parsed details are shown and its algorithms offered to the object.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core import clock
from app.core.errors import InputError
from app.mipin.casework.edits import AddEvidence, Batch, CaseCommand, DeleteEvidence, SetObjectField
from app.mipin.evidence.certs import CertificateInfo, parse_certificate
from app.mipin.evidence.records import (
    DEFAULT_METHOD,
    METHODS,
    EvidenceRecord,
    StoredFile,
    guess_kind,
    store_file,
    stored_path,
)
from ui.casework.controller import CaseController
from ui.dialogs.files import ask_open_files
from ui.features.checklist.widgets.evidence_panel import TARGET_OBJECT, TARGET_OBJECT_ALL_UNITS
from ui.services import UiServices


class EvidenceActions(QObject):
    """The evidence workflows of the 测评检查表 (dialogs are parented to ``parent_widget``)."""

    message = Signal(str)

    def __init__(
        self, services: UiServices, controller: CaseController, parent_widget: QWidget, state: QSettings | None = None
    ) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.controller = controller
        self.parent_widget = parent_widget
        self.state = state

    # ------------------------------------------------------------------ attach
    def attach(self, unit_id: str, object_name: str | None, target: str) -> None:
        """Ask for files and attach each to the object (in this unit or all units) or the unit."""
        paths = ask_open_files(
            self.parent_widget, self.state, "evidence", self.tr("附加证据文件"), self.tr("所有文件 (*)")
        )
        for path in paths:
            if not self._size_ok(path):
                continue
            scope_unit = None if target == TARGET_OBJECT_ALL_UNITS else unit_id
            scope_object = object_name if target in (TARGET_OBJECT, TARGET_OBJECT_ALL_UNITS) else None
            self.attach_file(path, scope_unit, scope_object)

    def _size_ok(self, path: Path) -> bool:
        limit_mb = int(self.services.settings.get("evidence_confirm_mb"))
        try:
            size = path.stat().st_size
        except OSError as exc:
            self.message.emit(self.tr("无法读取 %1：%2").replace("%1", path.name).replace("%2", str(exc.strerror)))
            return False
        if size <= limit_mb * 1024 * 1024:
            return True
        answer = QMessageBox.question(
            self.parent_widget,
            self.tr("证据文件较大"),
            self.tr("“%1”有 %2 MB，超过 %3 MB。\n仍要复制到证据库吗？")
            .replace("%1", path.name)
            .replace("%2", f"{size / 1024 / 1024:.0f}")
            .replace("%3", str(limit_mb)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def attach_file(self, path: Path, unit_id: str | None, object_name: str | None) -> None:
        """Copy ``path`` into the evidence folder (writer pool) and record it."""
        paths = self.services.paths
        kind = guess_kind(path.name)

        def copy() -> tuple[StoredFile, CertificateInfo | None, str]:
            stored = store_file(paths, path)
            if kind != "certificate":
                return stored, None, ""
            try:  # parse the stored copy: the original is never opened again
                return stored, parse_certificate(stored_path(paths, stored.sha256).read_bytes()), ""
            except InputError as exc:
                return stored, None, exc.reason

        case_id = self.controller.case_id
        self.message.emit(self.tr("正在复制并计算 SHA-256：%1").replace("%1", path.name))
        self.controller.run_writer(copy, lambda result: self._record(result, kind, unit_id, object_name, case_id))

    def _record(
        self, result: object, kind: str, unit_id: str | None, object_name: str | None, case_id: int | None
    ) -> None:
        stored, info, problem = cast("tuple[StoredFile, CertificateInfo | None, str]", result)
        method = DEFAULT_METHOD[kind]
        details = {"certificate": info.as_details()} if info else ({"certificate_error": problem} if problem else {})
        record = EvidenceRecord(
            sha256=stored.sha256, original_name=stored.original_name, size=stored.size, kind=kind, method=method,
            reliability=METHODS[method], unit_id=unit_id, object_name=object_name, details=details,
            added_at=clock.now_seconds(),
        )  # fmt: skip
        op = AddEvidence(record)
        done = (
            self.tr("已附加证据 %1（SHA-256 %2…）")
            .replace("%1", stored.original_name)
            .replace("%2", stored.sha256[:12])
        )
        if case_id is not None and case_id != self.controller.case_id:
            # Another case was opened while the file was being copied: record it where it belongs.
            editor = self.controller.editor
            self.controller.run_writer(lambda: editor.apply(case_id, op), lambda _result: None)
            self.message.emit(done)
            return
        if not self.controller.edit(op, self.tr("附加证据 %1").replace("%1", stored.original_name)):
            return
        self.message.emit(done)
        if problem:
            QMessageBox.warning(
                self.parent_widget,
                self.tr("证书无法解析"),
                self.tr("“%1”已作为证据保存，但不是可读取的 X.509 证书：\n%2")
                .replace("%1", stored.original_name)
                .replace("%2", problem),
            )
        elif info is not None and object_name:
            self.offer_algorithms(record, info)

    def offer_algorithms(self, record: EvidenceRecord, info: CertificateInfo) -> None:
        """Show the certificate and offer to add its algorithms to the object."""
        text = "\n".join(
            (
                self.tr("主题：%1").replace("%1", info.subject),
                self.tr("颁发者：%1").replace("%1", info.issuer),
                self.tr("有效期：%1 至 %2")
                .replace("%1", f"{info.not_before:%Y-%m-%d}")
                .replace("%2", f"{info.not_after:%Y-%m-%d}"),
                self.tr("公钥：%1").replace("%1", info.key_description),
                self.tr("签名算法：%1").replace("%1", info.signature_algorithm),
                "",
                self.tr("将 %1 加入测评对象“%2”的密码算法？（Ra 与高风险 5.1 随之更新）")
                .replace("%1", "、".join(info.proposed_algorithms))
                .replace("%2", record.object_name or ""),
            )
        )
        answer = QMessageBox.question(
            self.parent_widget, self.tr("证书"), text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.add_algorithms(record)

    def add_algorithms(self, record: EvidenceRecord) -> None:
        """Add the certificate's algorithms to the object (in its unit, or all its units)."""
        session = self.controller.session
        data = record.details.get("certificate")
        if session is None or not data or not record.object_name:
            return
        proposed = CertificateInfo.from_details(data).proposed_algorithms
        units = [record.unit_id] if record.unit_id else session.units_of(record.object_name)
        ops: list[CaseCommand] = []
        for unit_id in units:
            state = session.unit(unit_id)
            obj = state.object(record.object_name) if state else None
            if obj is None:
                continue
            merged = obj.algorithms + [a for a in proposed if a not in obj.algorithms]
            if merged != obj.algorithms:
                ops.append(SetObjectField(unit_id, record.object_name, "algorithms", merged))
        if not ops:
            self.message.emit(self.tr("对象已包含证书涉及的算法"))
            return
        self.controller.edit(Batch(tuple(ops)), self.tr("加入证书算法 %1").replace("%1", "、".join(proposed)))

    # ------------------------------------------------------------------ others
    def delete(self, record: EvidenceRecord) -> None:
        """Remove an evidence item (undoable; the stored file is kept)."""
        self.controller.edit(DeleteEvidence(*record.key), self.tr("移除证据 %1").replace("%1", record.original_name))

    def open_copy(self, record: EvidenceRecord) -> None:
        """Open a read-only temporary copy of the stored file (the evidence itself stays untouched).

        The copy is made in the background: evidence files can be large.
        """
        source = stored_path(self.services.paths, record.sha256)
        if not source.exists():
            self.message.emit(self.tr("证据库中找不到该文件（%1）").replace("%1", record.sha256[:12]))
            return

        def copy() -> Path:
            target = Path(tempfile.mkdtemp(prefix="evidence-")) / Path(record.original_name).name
            shutil.copyfile(source, target)
            target.chmod(0o400)
            return target

        def show(path: object) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        self.services.runner.run(copy, on_success=show)

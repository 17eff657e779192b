"""文件 → 导出案例包 / 导入案例包: move a case with its evidence between laptops (``.wbcase``).

Export asks whether to seal the package with a passphrase (asked twice, never stored), then
writes it in the background. Import asks for the passphrase if the package is encrypted,
verifies the whole package in the background (nothing is written yet), asks "import as a copy"
or "replace (after a backup)" when the case already exists, then writes it in one transaction.
Every refusal is shown with the package's reason; nothing is imported then.

:mod:`app.mipin.packages` (and with it ``cryptography``) is imported when a package is exported or
imported, not at start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from app.core.errors import WorkbenchError
from ui.crash import handle_error
from ui.dialogs.files import ask_open_file, ask_save_file, case_file_name
from ui.host.protocol import WindowHost

if TYPE_CHECKING:
    from app.mipin.packages import ExportResult, ImportResult

log = logging.getLogger(__name__)

FILTER = "工作台案例包 (*.wbcase)"  # the file-dialog filter pattern stays as is in every language
_T = TypeVar("_T")


def _choose(
    parent: QWidget, title: str, text: str, details: str, recommended: tuple[str, _T], other: tuple[str, _T]
) -> _T | None:
    """Ask a question with a recommended answer (the default), another answer and Cancel (None)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setInformativeText(details)
    first = box.addButton(recommended[0], QMessageBox.ButtonRole.AcceptRole)
    second = box.addButton(other[0], QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(first)
    box.exec()
    clicked = box.clickedButton()
    if clicked is first:
        return recommended[1]
    if clicked is second:
        return other[1]
    return None


def ask_encrypt(parent: QWidget) -> bool | None:
    """Whether to seal the package: True (encrypt), False (plain), None (cancel)."""
    return _choose(
        parent,
        QCoreApplication.translate("PackageActions", "导出案例包"),
        QCoreApplication.translate("PackageActions", "案例包含有测评记录和全部证据文件。是否用口令加密？"),
        QCoreApplication.translate(
            "PackageActions", "加密后（SM4-GCM 或 AES-256-GCM），没有口令无法打开；存放在 U 盘或外发时请务必加密。"
        ),
        (QCoreApplication.translate("PackageActions", "加密（推荐）"), True),
        (QCoreApplication.translate("PackageActions", "不加密"), False),
    )


def ask_passphrase(parent: QWidget, *, confirm: bool) -> str | None:
    """Ask for the passphrase (twice when ``confirm``); None if cancelled or the two differ."""
    from app.mipin.packages.crypto import MIN_PASSPHRASE

    first, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("PackageActions", "案例包口令"),
        QCoreApplication.translate("PackageActions", "口令（至少 %1 个字符）：").replace("%1", str(MIN_PASSPHRASE))
        if confirm
        else QCoreApplication.translate("PackageActions", "口令："),
        QLineEdit.EchoMode.Password,
    )
    if not ok or not first:
        return None
    if not confirm:
        return str(first)
    second, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("PackageActions", "案例包口令"),
        QCoreApplication.translate("PackageActions", "再次输入口令："),
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return None
    if second != first:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("PackageActions", "案例包口令"),
            QCoreApplication.translate("PackageActions", "两次输入的口令不一致，未导出。"),
        )
        return None
    return str(first)


def ask_conflict(parent: QWidget, existing_id: int, system_name: str) -> str | None:
    """The case exists already: ``copy``, ``replace`` or None (cancel)."""
    return _choose(
        parent,
        QCoreApplication.translate("PackageActions", "测评项目已存在"),
        QCoreApplication.translate("PackageActions", "测评项目 #%1“%2”已在本机。")
        .replace("%1", str(existing_id))
        .replace("%2", system_name),
        QCoreApplication.translate(
            "PackageActions",
            "作为副本导入：保留现有项目，另建一个副本。\n替换现有项目：先备份数据库，再用案例包的内容替换。",
        ),
        (QCoreApplication.translate("PackageActions", "作为副本导入"), "copy"),
        (QCoreApplication.translate("PackageActions", "替换现有项目（先备份）"), "replace"),
    )


class PackageActions(QObject):
    """The 导出案例包 and 导入案例包 entries of the window's 文件 menu.

    Args:
        host: The window.
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        self.export_action = QAction(self.tr("导出案例包（.wbcase，含证据）…"), self)
        self.export_action.setObjectName("export_package")
        self.export_action.triggered.connect(self.on_export_triggered)
        self.import_action = QAction(self.tr("导入案例包（.wbcase）…"), self)
        self.import_action.setObjectName("import_package")
        self.import_action.triggered.connect(self.on_import_triggered)
        self.last_export: ExportResult | None = None
        self.last_import: ImportResult | None = None
        host.menu("file").add_actions([self.import_action, self.export_action], "exchange")
        host.case_changed.connect(self._update_enabled)
        self._update_enabled(host.current_case_id)

    @property
    def parent_widget(self) -> QWidget:
        """The parent of the dialogs."""
        return self.host.window()

    @Slot(object)
    def _update_enabled(self, case_id: object) -> None:
        self.export_action.setEnabled(case_id is not None)

    def _status(self, text: str) -> None:
        self.host.status.show_message(text, 10_000)

    # ------------------------------------------------------------------ export
    @Slot()
    def on_export_triggered(self) -> None:
        """Ask where and whether to encrypt, then export the current case in the background."""
        case_id = self.host.current_case_id
        if case_id is None:
            return
        summary = self.host.current_case()
        suggested = case_file_name(summary.report_no, summary.system_name, "", ".wbcase") if summary else "case.wbcase"
        parent = self.parent_widget
        path = ask_save_file(parent, self.host.state, "package", self.tr("导出案例包"), suggested, FILTER)
        if path is None:
            return
        target = path if path.suffix else path.with_suffix(".wbcase")
        encrypt = ask_encrypt(parent)
        if encrypt is None:
            return
        passphrase = ask_passphrase(parent, confirm=True) if encrypt else None
        if encrypt and passphrase is None:
            return
        self.export_to(case_id, target, passphrase)

    def export_to(self, case_id: int, target: Path, passphrase: str | None) -> None:
        """Export ``case_id`` to ``target`` in the background (finished writes go first)."""
        from app.mipin.packages import ExportResult, export_package
        from app.plan.travel import PLAN_SECTION

        store = self.host.services.store
        runner = self.host.services.runner
        self.host.flush_edits()  # the package holds every edit made so far
        self._status(self.tr("正在导出案例包…"))

        def done(result: object) -> None:
            if isinstance(result, ExportResult):
                self.last_export = result
                sealed = self.tr("（已加密）") if result.encrypted else self.tr("（未加密）")
                self._status(self.tr("已导出案例包：%1").replace("%1", str(result.path)) + sealed)

        runner.run(
            lambda: export_package(store, case_id, target, passphrase=passphrase, plan=PLAN_SECTION),
            on_success=done,
            on_error=lambda exc: handle_error(self.parent_widget, exc),
        )

    # ------------------------------------------------------------------ import
    @Slot()
    def on_import_triggered(self) -> None:
        """Pick a package, ask for its passphrase if needed, verify and import it."""
        path = ask_open_file(self.parent_widget, self.host.state, "package", self.tr("导入案例包"), FILTER)
        if path is not None:
            self.import_from(path)

    def import_from(self, source: Path) -> None:
        """Verify ``source`` in the background, then ask about conflicts and install it."""
        from app.mipin.packages import is_encrypted_package, open_package

        passphrase = None
        if is_encrypted_package(source):
            passphrase = ask_passphrase(self.parent_widget, confirm=False)
            if passphrase is None:
                return
        paths = self.host.services.paths
        self._status(self.tr("正在校验案例包…"))
        self.host.services.runner.run(
            lambda: open_package(source, paths, passphrase),
            on_success=self._on_verified,
            on_error=self._on_refused,
        )

    def _on_refused(self, exc: BaseException) -> None:
        if isinstance(exc, WorkbenchError):
            QMessageBox.warning(self.parent_widget, self.tr("导入失败，未导入任何内容"), exc.user_message())
            self._status(self.tr("案例包未导入"))
            return
        handle_error(self.parent_widget, exc)

    def _on_verified(self, result: object) -> None:
        from app.mipin.packages import OpenedPackage, find_existing, install_package
        from app.plan.travel import PLAN_SECTION

        if not isinstance(result, OpenedPackage):
            return
        pkg = result
        store = self.host.services.store
        try:
            match = find_existing(store, pkg)
            mode = "ask"
            if match is not None:
                choice = ask_conflict(self.parent_widget, match.case_id, match.system_name)
                if choice is None:
                    pkg.close()
                    self._status(self.tr("已取消导入"))
                    return
                mode = choice
        except BaseException:
            pkg.close()
            raise
        self.host.flush_edits()

        def install() -> ImportResult:
            try:
                return install_package(store, pkg, on_conflict=mode, plan=PLAN_SECTION)
            finally:
                pkg.close()

        self.host.services.runner.run(install, on_success=self._on_installed, on_error=self._on_refused, writer=True)

    def _on_installed(self, result: object) -> None:
        from app.mipin.packages import ImportResult

        if not isinstance(result, ImportResult):
            return
        self.last_import = result
        controller = self.host.controller
        replaced_open_case = result.mode == "replace" and controller.case_id == result.case_id
        self.host.reload_cases(select=result.case_id)
        if replaced_open_case:
            controller.reload()  # the open case was replaced underneath its undo stack
        how = {
            "new": self.tr("已导入案例包"),
            "copy": self.tr("已作为副本导入"),
            "replace": self.tr("已替换现有项目（替换前已备份）"),
        }[result.mode]
        self._status(f"{how}：{result.system_name}")

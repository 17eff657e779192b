"""The case entries of the 文件 menu: 新建, 测评项目列表, 测评项目信息, mipin-case/1 导入/导出."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from app.core.errors import InputError, InputErrors, WorkbenchError
from app.mipin import cases as case_repo
from ui.casework.controller import header_of, header_update
from ui.crash import handle_error
from ui.dialogs.files import ask_open_file, ask_save_file, case_file_name, remember_folder
from ui.features.cases.case_list import CaseListDialog
from ui.features.cases.new_case import NewCaseDialog
from ui.host.menus import make_action
from ui.host.protocol import WindowHost

MAX_LISTED_ERRORS = 50


class CasesFeature(QObject):
    """Creates, lists, edits, imports and exports cases for ``host``.

    Args:
        host: The window.
    """

    def __init__(self, host: WindowHost) -> None:
        super().__init__(host.window())
        self.host = host
        menu = host.menu("file")
        self.new_case_action = make_action(
            self, self.tr("新建测评项目…"), self.on_new_case_triggered, QKeySequence.StandardKey.New, "new_case"
        )
        self.case_list_action = make_action(
            self, self.tr("测评项目列表…"), self.on_case_list_triggered, "Ctrl+Shift+O", "case_list"
        )
        self.edit_case_action = make_action(
            self, self.tr("测评项目信息…"), self.on_edit_case_triggered, None, "edit_case"
        )
        menu.add_actions([self.new_case_action, self.case_list_action, self.edit_case_action], "case")
        self.import_action = make_action(
            self,
            self.tr("导入测评项目（mipin-case/1）…"),
            self.on_import_triggered,
            QKeySequence.StandardKey.Open,
            "import_case",
        )
        self.export_action = make_action(
            self,
            self.tr("导出测评项目（mipin-case/1）…"),
            self.on_export_triggered,
            QKeySequence.StandardKey.SaveAs,
            "export_case",
        )
        menu.add_actions([self.import_action, self.export_action], "exchange")

    @Slot()
    def on_new_case_triggered(self) -> None:
        """Create a case with the new-case dialog and open it."""
        host = self.host
        settings = host.services.settings
        dialog = NewCaseDialog(settings.get("assessor_org"), settings.get("default_threshold"), parent=host.window())
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        header, store = dialog.header(), host.services.store

        def created(case_id: object) -> None:
            host.reload_cases(select=int(str(case_id)))
            host.show_tab("checklist")
            host.status.show_message(self.tr("已新建：%1").replace("%1", header.system_name), 5000)

        host.services.runner.run(
            lambda: case_repo.create_case(store, header),
            on_success=created,
            on_error=lambda exc: handle_error(host.window(), exc),
            writer=True,
        )

    @Slot()
    def on_case_list_triggered(self) -> None:
        """Show the case list (open, duplicate, archive, delete)."""
        host = self.host
        host.flush_edits()
        dialog = CaseListDialog(host.services, host.current_case_id, host.window())
        dialog.open_requested.connect(lambda case_id: host.reload_cases(select=case_id))
        dialog.cases_changed.connect(host.reload_cases)
        dialog.failed.connect(lambda exc: handle_error(dialog, exc))
        dialog.exec()

    @Slot()
    def on_edit_case_triggered(self) -> None:
        """Edit the open case's header (system, client, report no., dates) as one undoable edit."""
        controller = self.host.controller
        session = controller.session
        if session is None:
            return
        dialog = NewCaseDialog(initial=header_of(session), parent=self.host.window())
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted:
            return
        op = header_update(session, dialog.header())
        if op is not None and controller.edit(op, self.tr("修改测评项目信息")):
            self.host.reload_cases()

    @Slot()
    def on_import_triggered(self) -> None:
        """Import a mipin-case/1 file; every error is listed and nothing is imported on error."""
        path = ask_open_file(
            self.host.window(), self.host.state, "exchange", self.tr("导入测评项目"), self.tr("密评项目 (*.json)")
        )
        if path is not None:
            self.import_case_file(path)

    def import_case_file(self, path: Path) -> int | None:
        """Import ``path`` and select the new case; returns its id, or None after showing the errors.

        The import is the CLI's (:func:`app.mipin.exchange.import_exchange`): the same validation,
        the same distinguishing suffix for a name that exists already, and the same warnings
        (unknown fields such as a misspelled ``algoritms``, evidence files not on this machine),
        which are shown after the import.
        """
        from app.mipin.exchange import read_exchange_file
        from app.plan.travel import import_exchange

        parent = self.host.window()
        try:
            data = read_exchange_file(path)  # strict: duplicate keys, NaN and deep nesting are refused
            outcome = import_exchange(self.host.services.store, data)  # with the 密改方案 it carries
        except InputErrors as exc:
            lines = "\n".join(str(e) for e in exc.errors[:MAX_LISTED_ERRORS])
            more = (
                ""
                if len(exc.errors) <= MAX_LISTED_ERRORS
                else self.tr("\n……共 %1 处错误").replace("%1", str(len(exc.errors)))
            )
            QMessageBox.warning(parent, self.tr("导入失败，未导入任何内容"), lines + more)
            return None
        except (InputError, WorkbenchError, OSError) as exc:
            QMessageBox.warning(parent, self.tr("导入失败，未导入任何内容"), str(exc))
            return None
        remember_folder(self.host.state, "exchange", path)
        self.host.reload_cases(select=outcome.case_id)
        self.host.status.show_message(
            self.tr("已导入：%1（%2）").replace("%1", outcome.system_name).replace("%2", path.name), 5000
        )
        if outcome.notices:
            notices = [str(n) for n in outcome.notices]
            listed = "\n".join(f"• {n}" for n in notices[:MAX_LISTED_ERRORS])
            if len(notices) > MAX_LISTED_ERRORS:
                listed += self.tr("\n……共 %1 条提示").replace("%1", str(len(notices)))
            QMessageBox.warning(
                parent,
                self.tr("已导入，但有 %1 条提示").replace("%1", str(len(notices))),
                self.tr("已导入“%1”。请核对以下提示（未识别的字段没有导入）：").replace("%1", outcome.system_name)
                + "\n\n"
                + listed,
            )
        return outcome.case_id

    @Slot()
    def on_export_triggered(self) -> None:
        """Export the current case as mipin-case/1 JSON."""
        host = self.host
        case_id = host.current_case_id
        if case_id is None:
            return
        host.flush_edits()
        summary = host.current_case()
        name = case_file_name(summary.report_no, summary.system_name, "", ".json") if summary else "case.json"
        chosen = ask_save_file(
            host.window(), host.state, "exchange", self.tr("导出测评项目"), name, self.tr("密评项目 (*.json)")
        )
        if chosen is None:
            return
        path = str(chosen if chosen.suffix.lower() == ".json" else chosen.with_suffix(".json"))
        store = host.services.store

        def export() -> None:
            from app.mipin.exchange import write_exchange_file
            from app.plan.travel import export_exchange

            # The CLI's one serialisation: the whole case and its 密改方案.
            write_exchange_file(path, export_exchange(store, case_id))

        host.services.runner.run(
            export,
            on_success=lambda _result: host.status.show_message(self.tr("已导出：%1").replace("%1", path), 5000),
            # shown as a message (expected) or routed to the crash dialog (bug)
            on_error=lambda exc: handle_error(host.window(), exc),
        )

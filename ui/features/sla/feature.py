"""The 运维SLA看板 feature: the board tab, its dialogs, the 工作日历 setting and the start-up check.

It plugs into the window only through the host (``docs/ui-host.md``): the tab, an entry in
工具 (设置 section), the status bar for breach notifications and persistent warnings, and
``started`` for the countdown timer and the ledger check (never in screenshots or tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog

from app.ops import timeutil as tu
from app.ops.boardview import months, next_ticket_no, unverified
from ui.features.sla.board import BreachNotifier, SlaBoard
from ui.features.sla.dialogs import CalendarDialog, NewTicketDialog, ObligationsDialog, ReportDialog
from ui.features.sla.ticket_dialog import TicketDialog

LEDGER_WARNING = "sla-ledger"


class SlaFeature(QObject):
    """Installs the board and wires its dialogs.

    Args:
        host: The window host (``ui.host.protocol.WindowHost``).
        clock: "Now" for the board (tests pass a fake clock).
    """

    def __init__(self, host: Any, clock: Any = tu.now_us) -> None:
        super().__init__(host.window())
        self.host = host
        services = host.services
        notifier = BreachNotifier(lambda text: host.status.show_message(text, 15_000), self)
        self.board = SlaBoard(services, host.window(), clock=clock, notifier=notifier)
        self.board.open_ticket.connect(self.open_ticket)
        self.board.new_ticket.connect(self.new_ticket)
        self.board.calendar_requested.connect(self.edit_calendar)
        self.board.obligations_requested.connect(self.edit_obligations)
        self.board.report_requested.connect(self.monthly_report)
        self.board.import_requested.connect(self.import_tickets)
        host.add_tab("sla", self.board, ready=self.board.wait_until_loaded)
        calendar = QAction(self.tr("工作日历…"), self)
        calendar.setObjectName("sla_calendar_action")
        calendar.triggered.connect(self.edit_calendar)
        host.menu("tools").add_action(calendar, "settings")
        host.started.connect(self.start)
        self.board.reload()

    def start(self) -> None:
        """An interactive session began: tick the countdowns and check every ledger once."""
        self.board.start_clock()
        from app.ops.verify import verify_ledgers

        store = self.host.services.store
        self.host.services.runner.run(lambda: verify_ledgers(store), on_success=self._ledger_checked)

    def _ledger_checked(self, report: Any) -> None:
        lines = [p.line() for p in report.problems]
        self.board.show_ledger_problems(lines)
        text = self.tr("工单事件校验失败：%1 处问题（workbench sla verify 查看）").replace("%1", str(len(lines)))
        self.host.status.set_warning(LEDGER_WARNING, text if lines else None, "\n".join(lines[:20]))

    def import_tickets(self) -> None:
        """Ask for an ops-tickets/1, .xlsx or .csv file and import it (all tickets or none)."""
        data = self.board.data
        name, _filter = QFileDialog.getOpenFileName(
            self.host.window(),
            self.tr("导入工单"),
            str(Path.home()),
            self.tr("工单文件 (*.json *.xlsx *.csv)"),
        )
        if name:
            self.import_file(Path(name), data.contract.id if data and data.contract else None)

    def import_file(self, path: Path, contract_id: int | None) -> None:
        """Validate the whole file, then add every ticket in one transaction; list every bad row."""
        from app.ops.importing import import_file

        store = self.host.services.store

        def done(count: Any) -> None:
            self.host.status.show_message(self.tr("已导入 %1 个工单").replace("%1", str(count)), 10_000)
            self.board.reload(contract_id)

        self.host.services.runner.run(
            lambda: import_file(store, path, None, contract_id),
            on_success=done,
            on_error=self._import_failed,
            writer=True,
        )

    def _import_failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.core.errors import InputErrors
        from ui.crash import handle_error

        if not isinstance(exc, InputErrors):
            handle_error(self.host.window(), exc)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("导入工单"),
            self.tr("文件有 %1 处错误，未导入任何工单。").replace("%1", str(len(exc.errors))),
            QMessageBox.StandardButton.Ok,
            self.host.window(),
        )
        box.setObjectName("sla_import_errors")
        box.setDetailedText("\n".join(str(e) for e in exc.errors))
        box.open()

    def open_ticket(self, pk: int) -> TicketDialog | None:
        """Open a ticket's dialog (returned for tests)."""
        if self.board.engine is None:
            return None
        dialog = TicketDialog(self.host.services, pk, self.board.engine, self.board.clock, self.host.window())
        dialog.changed.connect(self.board.reload)
        self.board.timer.timeout.connect(dialog.refresh_clocks)  # the board's one timer, no second one
        dialog.finished.connect(lambda _code: self.board.timer.timeout.disconnect(dialog.refresh_clocks))
        dialog.show()
        return dialog

    def new_ticket(self) -> NewTicketDialog | None:
        """Open the new-ticket dialog for the board's contract."""
        data = self.board.data
        if data is None or data.contract is None:
            return None
        number = next_ticket_no(data.rows, tu.from_us(self.board.clock()).year)
        dialog = NewTicketDialog(self.host.services, data.contract.id, number, self.board.clock, self.host.window())
        dialog.created.connect(lambda _pk: self.board.reload())
        dialog.show()
        return dialog

    def edit_calendar(self) -> CalendarDialog:
        """设置 → 工作日历, opened on the first unverified year (or this year)."""
        years = unverified(it.result for it in self.board.model.items)
        year = years[0] if years else tu.from_us(self.board.clock()).year
        dialog = CalendarDialog(self.host.services, year, self.host.window())
        dialog.saved.connect(self.board.reload)
        dialog.show()
        return dialog

    def edit_obligations(self) -> ObligationsDialog | None:
        """The obligations calendar of the board's contract."""
        data = self.board.data
        if data is None or data.contract is None:
            return None
        today = tu.from_us(self.board.clock()).date()
        dialog = ObligationsDialog(self.host.services, data.contract.id, today, self.host.window())
        dialog.changed.connect(self.board.reload)
        dialog.show()
        return dialog

    def monthly_report(self) -> None:
        """Ask for a month, a format and a file; write the report on a worker."""
        data = self.board.data
        if data is None or data.contract is None:
            return
        dialog = ReportDialog(months(data.rows), self.host.services.paths.data_dir, self.host.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        year, month, suffix = dialog.choice()
        name, _filter = QFileDialog.getSaveFileName(
            self.host.window(), self.tr("保存月度报告"), str(Path.home() / f"运维月报-{year}-{month:02d}{suffix}")
        )
        if name:
            self.write_report(data.contract.id, year, month, Path(name))

    def write_report(self, contract_id: int, year: int, month: int, path: Path) -> None:
        """Build and write the report on a worker; the status bar says when it is done."""
        from app.ops.monthly import build_month

        store, at = self.host.services.store, self.board.clock()

        def write() -> Path:
            report = build_month(store, contract_id, year, month, at)
            if path.suffix.lower() == ".xlsx":
                from reports.ops_monthly_xlsx import write_monthly_xlsx

                return write_monthly_xlsx(report, path)
            from reports.ops_monthly_pdf import write_monthly_pdf

            return write_monthly_pdf(report, path)

        from ui.crash import handle_error

        self.host.services.runner.run(
            write,
            on_success=lambda p: self.host.status.show_message(
                self.tr("已生成月度报告：%1").replace("%1", str(p)), 10_000
            ),
            on_error=lambda exc: handle_error(self.host.window(), exc),
        )

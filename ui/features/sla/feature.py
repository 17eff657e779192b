"""The 运维SLA看板 feature: the board tab, its dialogs, the 工作日历 setting and the start-up check.

It plugs into the window only through the host (``docs/ui-host.md``): the tab; the page 设置 →
工作日历 (the board's 工作日历… button and the 日历未核实 banner open 设置 at it); a section of its
own in 工具 (新建/导入运维工单…, 服务义务…, 运维月度报告…, 刷新 F5); the status bar for breach
notifications and persistent warnings; and ``started`` for the countdown timer and the ledger
check (never in screenshots or tests).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit

from app.ops import timeutil as tu
from ui.host.menus import make_action
from ui.host.protocol import SettingsPageSpec

if TYPE_CHECKING:
    from ui.features.sla.board import SlaBoard
    from ui.features.sla.calendar_page import CalendarPage
    from ui.features.sla.dialogs import NewTicketDialog, ObligationsDialog
    from ui.features.sla.ticket_dialog import TicketDialog
    from ui.host.protocol import WindowHost

LEDGER_WARNING = "sla-ledger"
CALENDAR_PAGE = "calendar"
"""The id of 设置 → 工作日历 (``ui.features.sla.calendar_page.PAGE_ID``, not imported at start-up)."""


class SlaFeature(QObject):
    """Installs the board and wires its dialogs.

    Args:
        host: The window host (``ui.host.protocol.WindowHost``).
        clock: "Now" for the board (tests pass a fake clock).
    """

    def __init__(self, host: WindowHost, clock: Callable[[], int] = tu.now_us) -> None:
        super().__init__(host.window())
        self.host = host
        self._clock = clock
        # The board (and the ops domain it loads) is built when the tab is first shown, or when
        # something needs it (a menu entry, 设置 → 工作日历, the session's countdown): not at start-up.
        host.add_lazy_tab("sla", self._build_board, ready=self._settle)
        host.add_settings_page(SettingsPageSpec(CALENDAR_PAGE, self.tr("工作日历"), self.calendar_page))
        self._menus(host)
        host.started.connect(self.start)

    @property
    def board(self) -> SlaBoard:
        """The board (built now if its tab was never shown)."""
        return cast("SlaBoard", self.host.ensure_tab("sla"))

    def _settle(self) -> None:
        self.board.wait_until_loaded()

    def _build_board(self) -> SlaBoard:
        from ui.features.sla.board import SlaBoard
        from ui.features.sla.notifier import BreachNotifier

        host = self.host
        notifier = BreachNotifier(lambda text: host.status.show_message(text, 15_000), self)
        board = SlaBoard(host.services, host.window(), clock=self._clock, notifier=notifier)
        board.open_ticket.connect(self.open_ticket)
        board.new_ticket.connect(self.new_ticket)
        board.calendar_requested.connect(self.edit_calendar)
        board.obligations_requested.connect(self.edit_obligations)
        board.report_requested.connect(self.monthly_report)
        board.import_requested.connect(self.import_tickets)
        board.reload()
        return board

    def _menus(self, host: WindowHost) -> None:
        host.menu("tools").add_actions(
            [
                make_action(self, self.tr("新建运维工单…"), self.new_ticket, name="sla_new_action"),
                make_action(self, self.tr("导入运维工单…"), self.import_tickets, name="sla_import_action"),
                make_action(self, self.tr("服务义务…"), self.edit_obligations, name="sla_obligations_action"),
                make_action(self, self.tr("运维月度报告…"), self.monthly_report, name="sla_report_action"),
                make_action(self, self.tr("刷新运维工单"), self.refresh, "F5", "sla_refresh_action"),
            ],
            "sla",
        )

    def refresh(self) -> None:
        """Reload the board (刷新, F5)."""
        self.board.reload()

    def set_clock(self, clock: Callable[[], int]) -> None:
        """Use another "now" for the board and the dialogs it opens (tests move a fake clock)."""
        self._clock = clock
        self.board.clock = clock

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
        from ui.features.sla.ticket_dialog import TicketDialog

        if self.board.engine is None:
            return None
        dialog = TicketDialog(self.host.services, pk, self.board.engine, self.board.clock, self.host.window())
        dialog.changed.connect(self.board.reload)
        dialog.calendar_requested.connect(self.edit_calendar)
        self.board.timer.timeout.connect(dialog.refresh_clocks)  # the board's one timer, no second one
        dialog.finished.connect(lambda _code: self.board.timer.timeout.disconnect(dialog.refresh_clocks))
        dialog.show()
        return dialog

    def new_ticket(self) -> NewTicketDialog | None:
        """Open the new-ticket dialog for the board's contract."""
        from app.ops.boardview import next_ticket_no
        from ui.features.sla.dialogs import NewTicketDialog

        data = self.board.data
        if data is None:
            return None
        if data.contract is None:
            self.create_contract()
            return None
        number = next_ticket_no(data.rows, tu.from_us(self.board.clock()).year)
        dialog = NewTicketDialog(self.host.services, data.contract.id, number, self.board.clock, self.host.window())
        dialog.created.connect(lambda _pk: self.board.reload())
        dialog.show()
        return dialog

    def create_contract(self, name: str | None = None) -> None:
        """No contract yet: ask for its name, create it (default SLA clocks) on the writer, show its board."""
        if name is None:
            name, ok = QInputDialog.getText(
                self.host.window(),
                self.tr("新建运维合同"),
                self.tr("还没有运维合同。合同名称（按合同默认的SLA时钟计时）："),
                QLineEdit.EchoMode.Normal,
                self.tr("运维服务合同"),
            )
            if not ok:
                return
        from app.ops.repository import OpsRepository
        from ui.crash import handle_error

        store, title = self.host.services.store, name
        self.host.services.runner.run(
            lambda: OpsRepository(store).create_contract(title),
            on_success=self.board.reload,
            on_error=lambda exc: handle_error(self.host.window(), exc),
            writer=True,
        )

    def calendar_page(self) -> CalendarPage:
        """The page 设置 → 工作日历, on the first unverified year of the board (or this year)."""
        from app.ops.boardview import unverified
        from ui.features.sla.calendar_page import CalendarPage

        years = unverified(it.result for it in self.board.model.items)
        year = years[0] if years else tu.from_us(self.board.clock()).year
        return CalendarPage(self.host.services, year, on_saved=self.board.reload)

    def edit_calendar(self) -> QDialog:
        """Open 设置 at 工作日历 (the board's button and the 日历未核实 banner)."""
        return self.host.open_settings(CALENDAR_PAGE)

    def edit_obligations(self) -> ObligationsDialog | None:
        """The obligations calendar of the board's contract."""
        from ui.features.sla.dialogs import ObligationsDialog

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
        from app.ops.boardview import months
        from ui.features.sla.dialogs import ReportDialog

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

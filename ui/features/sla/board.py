"""The 运维SLA看板 tab: a kanban by status or a table, filters, banners and one countdown timer.

The board loads a contract's tickets and evaluates their clocks on a worker. One ``QTimer``
drives every countdown: each tick re-evaluates only the tickets with a running clock, as of the
board's clock (the real time, or a fake one in tests), updates the rows that changed, and raises
one notification per clock that breaches (status bar and tray), never more. Every 15th tick it
also asks the store whether anyone else (another ops lead on the shared server) wrote, and
reloads if so.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.memory import collector_paused
from app.ops import timeutil as tu
from app.ops.boardload import LoadCache, load_and_evaluate
from app.ops.boardview import STATUS_COLUMNS, BoardData, Filters, assignees, unverified
from app.ops.clocks import BREACHED, ClockEngine, TicketResult
from app.ops.contract import facts
from ui.features.sla.delegates import CardDelegate, ChipsDelegate
from ui.features.sla.model import BoardItem, RowsProxy, TicketModel, accepted
from ui.features.sla.notifier import BreachNotifier
from ui.services import UiServices

POLL_EVERY_TICKS = 15
KANBAN_LIMIT = 500
"""Cards per kanban column (most urgent or newest first); the table shows every ticket."""
_ORDER = attrgetter("order")
KIND_LABELS = (("fault", "故障"), ("outage", "宕机"), ("security", "安全事件"))


class SlaBoard(QWidget):
    """The board.

    Args:
        services: Store and background runner.
        parent: The parent widget.
        clock: The board's "now" in microseconds (tests pass a fake clock).
        notifier: Where breaches are announced.
    """

    loaded = Signal()
    open_ticket = Signal(int)
    new_ticket = Signal()
    calendar_requested = Signal()
    obligations_requested = Signal()
    report_requested = Signal()
    import_requested = Signal()

    def __init__(
        self,
        services: UiServices,
        parent: QWidget | None = None,
        clock: Callable[[], int] = tu.now_us,
        notifier: BreachNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sla_board")
        self.services = services
        self.clock = clock
        self.notifier = notifier or BreachNotifier(parent=self)
        self.data: BoardData | None = None
        self.engine: ClockEngine | None = None
        self._cache = LoadCache()
        self.model = TicketModel(self)
        self.table_rows = RowsProxy(self)
        self.table_rows.setSourceModel(self.model)
        self.columns = [RowsProxy(self) for _ in STATUS_COLUMNS]
        for proxy in self.columns:
            proxy.setSourceModel(self.model)
        self.notified: set[tuple[int, str]] = set()
        self._live: list[int] = []
        self._pk_of_id: dict[str, int] = {}
        self._ticks = 0
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self._build()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("sla_title")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the window
        top.addWidget(self.title, 1)
        self.contract_box = QComboBox()
        self.contract_box.setObjectName("sla_contract")
        self.contract_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.contract_box.setMinimumContentsLength(12)
        self.contract_box.activated.connect(lambda _i: self.reload(self.contract_box.currentData()))
        self.contract_box.hide()
        top.addWidget(self.contract_box)
        for text, signal, name in (
            (self.tr("新建工单…"), self.new_ticket, "sla_new"),
            (self.tr("导入工单…"), self.import_requested, "sla_import"),
            (self.tr("月度报告…"), self.report_requested, "sla_report"),
            (self.tr("服务义务…"), self.obligations_requested, "sla_obligations"),
            (self.tr("工作日历…"), self.calendar_requested, "sla_calendar"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(signal.emit)
            top.addWidget(button)
        refresh = QPushButton(self.tr("刷新"))
        refresh.setObjectName("sla_refresh")
        refresh.clicked.connect(self.reload)
        top.addWidget(refresh)
        self.view_group = QButtonGroup(self)
        for index, text in enumerate((self.tr("看板"), self.tr("列表"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(index == 0)
            button.setObjectName(("sla_kanban", "sla_table")[index])
            self.view_group.addButton(button, index)
            top.addWidget(button)
        root.addLayout(top)
        root.addLayout(self._filters())
        self.calendar_banner = self._banner(
            "sla_calendar_banner", "#FFF3CD", self.tr("录入工作日历…"), self.calendar_requested.emit
        )
        self.obligations_banner = self._banner(
            "sla_obligations_banner", "#FDE2E1", self.tr("服务义务…"), self.obligations_requested.emit
        )
        self.ledger_banner = self._banner("sla_ledger_banner", "#F8D7DA", "", None)
        for banner in (self.calendar_banner, self.obligations_banner, self.ledger_banner):
            root.addWidget(banner)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._kanban())
        self.stack.addWidget(self._table())
        self.view_group.idClicked.connect(self.stack.setCurrentIndex)
        root.addWidget(self.stack, 1)
        self.summary = QLabel()
        self.summary.setObjectName("sla_summary")
        root.addWidget(self.summary)

    def _banner(self, name: str, fill: str, button_text: str, slot: Callable[[], None] | None) -> QFrame:
        frame = QFrame()
        frame.setObjectName(name)
        frame.setStyleSheet(f"QFrame#{name} {{ background: {fill}; border-radius: 4px; }}")
        layout = QHBoxLayout(frame)
        layout.setContentsMargins(8, 4, 8, 4)
        label = QLabel()
        label.setWordWrap(True)
        label.setObjectName(f"{name}_text")
        layout.addWidget(label, 1)
        if slot is not None:
            button = QPushButton(button_text)
            button.clicked.connect(slot)
            layout.addWidget(button)
        frame.hide()
        return frame

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()

        def combo(name: str, label: str) -> QComboBox:
            box = QComboBox()
            box.setObjectName(name)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(4)
            row.addWidget(QLabel(label))
            row.addWidget(box)
            return box

        self.level_filter = combo("sla_filter_level", self.tr("等级"))
        self.level_filter.addItem(self.tr("全部"), None)
        for lv in facts().levels:
            self.level_filter.addItem(lv.name, lv.level)
        self.kind_filter = combo("sla_filter_kind", self.tr("类型"))
        self.kind_filter.addItem(self.tr("全部"), None)
        for key, text in KIND_LABELS:
            self.kind_filter.addItem(self.tr(text), key)
        self.status_filter = combo("sla_filter_status", self.tr("状态"))
        self.status_filter.addItem(self.tr("全部"), None)
        for status in STATUS_COLUMNS:
            self.status_filter.addItem(status, status)
        self.assignee_filter = combo("sla_filter_assignee", self.tr("负责人"))
        self.month_filter = combo("sla_filter_month", self.tr("月份"))
        self.urgent_filter = QCheckBox(self.tr("仅超时或临近超时"))
        self.urgent_filter.setObjectName("sla_filter_urgent")
        self.urgent_filter.toggled.connect(self._filters_changed)
        for box in (self.level_filter, self.kind_filter, self.status_filter, self.assignee_filter, self.month_filter):
            box.currentIndexChanged.connect(self._filters_changed)
        row.addWidget(self.urgent_filter)
        row.addStretch(1)
        return row

    def _kanban(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.column_titles: list[QLabel] = []
        self.column_views: list[QListView] = []
        card = CardDelegate(self)
        for status, proxy in zip(STATUS_COLUMNS, self.columns, strict=True):
            column = QVBoxLayout()
            title = QLabel(status)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; padding: 3px;")
            view = QListView()
            view.setObjectName(f"sla_column_{status}")
            view.setModel(proxy)
            view.setItemDelegate(card)
            view.setUniformItemSizes(True)  # 50,000 closed tickets stay cheap to lay out
            view.setMinimumWidth(40)
            view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            # activated alone: Qt emits it for a double click (or the style's single click) and for
            # Enter; doubleClicked as well would open a second dialog under the first.
            view.activated.connect(lambda index, p=proxy: self._open(p, index.row()))
            column.addWidget(title)
            column.addWidget(view, 1)
            layout.addLayout(column, 1)
            self.column_titles.append(title)
            self.column_views.append(view)
        return page

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("sla_table_view")
        table.setModel(self.table_rows)
        table.setItemDelegateForColumn(TicketModel.CLOCKS_COLUMN, ChipsDelegate(self))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setDefaultSectionSize(26)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TicketModel.CLOCKS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 130)
        header.resizeSection(6, 130)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self._sort_by)
        table.doubleClicked.connect(lambda index: self._open(self.table_rows, index.row()))
        self.table = table
        return table

    # -- loading --------------------------------------------------------------------------------

    def reload(self, contract_id: int | None = None) -> None:
        """Read the board again on a worker (the current contract unless another is named)."""
        if self._loading:
            return
        self._loading = True
        cid = (
            contract_id
            if contract_id is not None
            else (self.data.contract.id if self.data and self.data.contract else None)
        )
        store, now, cache = self.services.store, self.clock(), self._cache
        self.summary.setText(self.tr("正在读取工单…"))
        self.services.runner.run(
            lambda: load_and_evaluate(store, cid, now, cache), on_success=self._show, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        from ui.crash import handle_error

        handle_error(self, exc)

    def _show(self, loaded: tuple[BoardData, list[TicketResult]]) -> None:
        with collector_paused():
            self._show_data(*loaded)

    def _show_data(self, data: BoardData, results: list[TicketResult]) -> None:
        self._loading = False
        # The first load of a contract learns its breaches silently; later loads announce new ones
        # (another lead's ticket, a back-dated event), so switching contracts never floods.
        before = self.data.contract.id if self.data is not None and self.data.contract is not None else None
        first = data.contract is None or before != data.contract.id
        self.data = data
        self.engine = data.engine()
        items = sorted((BoardItem(row, r) for row, r in zip(data.rows, results, strict=True)), key=_ORDER)
        self.model.set_items(items, data.names)
        self._pk_of_id = {row.ticket.id: row.pk for row in data.rows}
        self._live = [i for i, it in enumerate(items) if it.running]
        self._fill_filter(self.assignee_filter, assignees(data.rows))
        self._fill_filter(self.month_filter, sorted({it.month for it in items}, reverse=True))
        self._check_breaches(results, announce=not first)
        self._refresh_views()
        self._update_banners()
        if data.contract is None:
            self.title.setText(self.tr("还没有运维合同：导入工单（workbench sla import）或运行 workbench demo"))
        else:
            self.title.setText(f"{data.contract.name}  ·  {data.contract.client}")
        self.contract_box.blockSignals(True)
        self.contract_box.clear()
        for c in data.contracts:
            self.contract_box.addItem(c.name, c.id)
        if data.contract is not None:
            self.contract_box.setCurrentIndex(self.contract_box.findData(data.contract.id))
        self.contract_box.setVisible(len(data.contracts) > 1)
        self.contract_box.blockSignals(False)
        self.loaded.emit()

    def _fill_filter(self, box: QComboBox, values: list[str]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("全部"), None)
        for value in values:
            box.addItem(value, value)
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def filters(self) -> Filters:
        """The filters as chosen."""
        return Filters(
            level=self.level_filter.currentData(),
            kind=self.kind_filter.currentData(),
            status=self.status_filter.currentData(),
            assignee=self.assignee_filter.currentData(),
            month=self.month_filter.currentData(),
            urgent=self.urgent_filter.isChecked(),
        )

    def _filters_changed(self, *_args: object) -> None:
        self._refresh_views()

    def _refresh_views(self) -> None:
        """Apply the filters to the table and the kanban columns (one pass; the banners do not depend on them)."""
        rows = accepted(self.model.items, self.filters())
        self.table_rows.set_rows(rows)
        items = self.model.items
        buckets: dict[str, list[int]] = {status: [] for status in STATUS_COLUMNS}
        for i in rows:
            bucket = buckets.get(items[i].result.status)
            if bucket is not None:
                bucket.append(i)
        for status, proxy, title in zip(STATUS_COLUMNS, self.columns, self.column_titles, strict=True):
            mine = buckets[status]
            proxy.set_rows(mine[:KANBAN_LIMIT])
            shown = (
                f"{len(mine)}"
                if len(mine) <= KANBAN_LIMIT
                else self.tr("%1，显示前 %2 个").replace("%1", str(len(mine))).replace("%2", str(KANBAN_LIMIT))
            )
            title.setText(f"{status}（{shown}）")

    def _sort_by(self, column: int) -> None:
        header = self.table.horizontalHeader()
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.model.sort_items(column, descending)
        self._live = [i for i, it in enumerate(self.model.items) if it.running]
        self._refresh_views()

    def _open(self, proxy: RowsProxy, row: int) -> None:
        if 0 <= row < len(proxy.rows):
            self.open_ticket.emit(self.model.item(proxy.rows[row]).row.pk)

    # -- the countdown --------------------------------------------------------------------------

    def start_clock(self) -> None:
        """Start the one countdown timer (an interactive session only)."""
        self.timer.start()

    def tick(self) -> None:
        """Re-evaluate the running clocks as of now; announce new breaches; poll for other writers."""
        self._ticks += 1
        if self.engine is None:
            return
        now = self.clock()
        items = self.model.items
        fresh = {items[i].row.pk: self.engine.evaluate(items[i].row.ticket, now) for i in self._live}
        changed = self.model.update_results(fresh)
        if changed:
            self._check_breaches(list(fresh.values()), announce=True)
            self._live = [i for i in self._live if items[i].running]
            if self.filters().urgent or self.filters().status is not None:
                self._refresh_views()
            self._update_summary()
        if self._ticks % POLL_EVERY_TICKS == 0:
            self._poll()

    def _poll(self) -> None:
        if self.data is None or self._loading:
            return
        from app.ops.repository import OpsRepository

        repo = OpsRepository(self.services.store)
        token = self.data.token

        def changed(new: object) -> None:
            if new != token:
                self.reload()

        self.services.runner.run(repo.change_token, on_success=changed, on_error=self._poll_failed)

    def _poll_failed(self, exc: BaseException) -> None:
        """The shared store could not be asked for changes: say so on the board (it retries)."""
        from app.store.store import describe_storage_error

        self.summary.setText(
            self.tr("无法检查其他人的更新（%1），稍后自动重试").replace("%1", describe_storage_error(exc))
        )

    def _check_breaches(self, results: list[TicketResult], *, announce: bool) -> None:
        names = self.data.names if self.data else {}
        by_id = self._pk_of_id
        fresh: list[str] = []
        for r in results:
            pk = by_id.get(r.id)
            if pk is None:
                continue
            for c in r.clocks:
                key = (pk, c.key)
                if c.status == BREACHED and key not in self.notified:
                    self.notified.add(key)
                    if announce:
                        fresh.append(f"{r.id} {names.get(c.key, c.key)}")
        for text in fresh:
            self.notifier.notify(self.tr("SLA 超时：%1").replace("%1", text))

    # -- banners and the summary ----------------------------------------------------------------

    def _update_banners(self) -> None:
        years = unverified(it.result for it in self.model.items)
        label = self.calendar_banner.findChild(QLabel, "sla_calendar_banner_text")
        if years and label is not None:
            text = self.tr("日历未核实：%1 年的法定节假日和调休尚未录入，按工作时间计算的时钟暂按周末推算。")
            label.setText(text.replace("%1", "、".join(str(y) for y in years)))
        self.calendar_banner.setVisible(bool(years))
        behind = self.data.behind(tu.from_us(self.clock()).date()) if self.data else []
        label = self.obligations_banner.findChild(QLabel, "sla_obligations_banner_text")
        if label is not None:
            label.setText(self.tr("服务义务进度落后：") + "；".join(b.message for b in behind))
        self.obligations_banner.setVisible(bool(behind))
        self._update_summary()

    def _update_summary(self) -> None:
        from app.ops.slaformat import summarise

        s = summarise(it.result for it in self.model.items)
        text = self.tr("共 %1 个工单；时钟达标 %2、超时 %3、计时中 %4（临近超时 %5）；达标率 %6%")
        for n, value in enumerate(
            (len(self.model.items), s.met, s.breached, s.pending, s.at_risk, f"{s.compliance:.2f}"), start=1
        ):
            text = text.replace(f"%{n}", str(value))
        self.summary.setText(text)

    def show_ledger_problems(self, lines: list[str]) -> None:
        """Show (or hide, with no lines) the tamper warning from the start-up check."""
        label = self.ledger_banner.findChild(QLabel, "sla_ledger_banner_text")
        if label is not None:
            shown = "；".join(lines[:3]) + (f" …（共 {len(lines)} 处）" if len(lines) > 3 else "")
            label.setText(self.tr("工单事件校验失败（可能被篡改）：") + shown)
        self.ledger_banner.setVisible(bool(lines))

    def wait_until_loaded(self) -> None:
        """Settle before a screenshot: load now if nothing is loaded yet."""
        if self.data is None and not self._loading:
            self.reload()

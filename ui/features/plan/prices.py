"""设置 → 价格表: the user's unit price per certified product type (empty at first), CSV import/export.

A page of the 设置 dialog (:class:`ui.dialogs.settings_page.SettingsPage`): the table is edited
in place and 导入 CSV… only loads a file into it; 确定 / 应用 save the list through the plan
session's one write path (:meth:`ui.features.plan.session.PlanSession.save_prices`: the typed
edit ``SetPrices``, audited, undoable on the shared stack).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.errors import InputError
from app.plan.costs import CSV_HEADER, Price, prices_from_csv, prices_to_csv
from app.plan.priceedits import PriceState, SetPrices
from ui.dialogs.settings_page import SaveDone, SettingsPage

PAGE_ID = "prices"
"""The page's id: ``host.open_settings("prices")``."""


class PricesPage(SettingsPage):
    """Edit the price list as a table; 导入/导出 CSV (``产品类型,单价（万元）,备注``).

    The rows are validated as one CSV (the same rules as an imported file) and then by the
    ``SetPrices`` edit itself: a bad row is named and nothing is saved.

    Args:
        prices: The stored price list.
        product_types: The current plan's product types (rows to fill in).
        save_prices: The plan session's write path; returns False if it refused the list.
    """

    def __init__(
        self,
        prices: tuple[Price, ...],
        product_types: list[str],
        save_prices: Callable[[tuple[Price, ...]], bool],
    ) -> None:
        super().__init__()
        self.setObjectName("plan_prices_page")
        self.stored, self.save_prices = prices, save_prices
        note = QLabel(self.tr("单价由您自行维护（万元）；没有价格的条目费用显示为“未知”。本软件不提供任何报价。"), self)
        note.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("plan_prices_table")
        self.table.setHorizontalHeaderLabels([self.tr("产品类型"), self.tr("单价（万元）"), self.tr("备注")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        add = QPushButton(self.tr("添加行"), self)
        add.clicked.connect(lambda: self._add_row("", "", ""))
        remove = QPushButton(self.tr("删除行"), self)
        remove.clicked.connect(self._remove_row)
        load = QPushButton(self.tr("导入 CSV…"), self)
        load.setObjectName("plan_prices_import")
        load.clicked.connect(self._import)
        save = QPushButton(self.tr("导出 CSV…"), self)
        save.setObjectName("plan_prices_export")
        save.clicked.connect(self._export)
        row = QHBoxLayout()
        for b in (add, remove, load, save):
            row.addWidget(b)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.set_prices(prices)
        known = {p.product_type for p in prices}
        for name in product_types:  # the plan's product types, to fill in
            if name not in known:
                self._add_row(name, "", "")

    def _add_row(self, name: str, price: str, note: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, price, note)):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.changed.emit()

    def _remove_row(self) -> None:
        self.table.removeRow(self.table.currentRow())
        self.changed.emit()

    def set_prices(self, prices: tuple[Price, ...]) -> None:
        """Show ``prices`` in the table."""
        self.table.setRowCount(0)
        for p in prices:
            self._add_row(p.product_type, f"{p.unit_price.normalize():f}", p.note)

    def _text(self, row: int, column: int) -> str:
        cell = self.table.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def _csv_rows(self) -> tuple[str, list[int]]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        rows = []
        for row in range(self.table.rowCount()):
            cells = [self._text(row, c) for c in range(3)]
            if cells[1]:
                writer.writerow(cells)
                rows.append(row)
        return out.getvalue(), rows

    def table_csv(self) -> str:
        """The table as price-list CSV (rows without a price are left out)."""
        return self._csv_rows()[0]

    def parsed(self) -> tuple[Price, ...]:
        """The table's prices.

        Raises:
            InputError: Naming the table's row (as the user sees it, not the CSV line) and column.
        """
        text, rows = self._csv_rows()
        try:
            return prices_from_csv(text)
        except InputError as exc:
            line = re.match(r"第 (\d+) 行(.*)", exc.field)
            if line is None or not 2 <= int(line[1]) <= len(rows) + 1:
                raise
            raise InputError(f"第 {rows[int(line[1]) - 2] + 1} 行{line[2]}", exc.reason) from exc

    # ------------------------------------------------------------------ SettingsPage
    def is_modified(self) -> bool:
        """True when the table differs from the stored list (a row that does not parse counts)."""
        try:
            return self.parsed() != self.stored
        except InputError:
            return True

    def validate(self) -> None:
        """Every row parses, and the list passes the ``SetPrices`` edit's own checks."""
        SetPrices(self.parsed()).validate(PriceState(self.stored))

    def save(self, done: SaveDone) -> None:
        """Save through the plan session (audited, undoable); its writer reports a failed write."""
        try:
            prices = self.parsed()
        except InputError as exc:
            done(exc)
            return
        if not self.save_prices(prices):
            done(InputError("prices", self.tr("价格表未保存")))
            return
        self.stored = prices
        self.changed.emit()
        done(None)

    # ------------------------------------------------------------------ CSV
    def import_file(self, path: Path) -> bool:
        """Load a CSV file into the table (all or nothing); saved with 确定 or 应用."""
        try:
            prices = prices_from_csv(path.read_text(encoding="utf-8-sig"))
        except (InputError, OSError, UnicodeDecodeError) as exc:
            text = exc.user_message() if isinstance(exc, InputError) else str(exc)
            QMessageBox.warning(self, self.tr("导入失败，价格表未改变"), text)
            return False
        self.set_prices(prices)
        return True

    def export_file(self, path: Path) -> bool:
        """Write the table as CSV (UTF-8 with BOM, so that Excel opens it)."""
        try:
            prices = self.parsed()
            path.write_text("\ufeff" + prices_to_csv(prices), encoding="utf-8")
        except (InputError, OSError) as exc:
            text = exc.user_message() if isinstance(exc, InputError) else str(exc)
            QMessageBox.warning(self, self.tr("导出失败"), text)
            return False
        return True

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入价格表"), "", self.tr("CSV 文件 (*.csv)"))
        if path:
            self.import_file(Path(path))

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出价格表"), "价格表.csv", self.tr("CSV 文件 (*.csv)"))
        if path:
            self.export_file(Path(path))

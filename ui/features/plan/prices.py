"""设置 → 价格表: the user's unit price per certified product type (empty at first), CSV import/export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import InputError
from app.plan.costs import CSV_HEADER, Price, prices_from_csv, prices_to_csv


class PriceListDialog(QDialog):
    """Edit the price list as a table; 导入/导出 CSV (``产品类型,单价（万元）,备注``).

    The rows are validated as one CSV (the same rules as an imported file): a bad row is named
    and nothing is saved.
    """

    def __init__(self, prices: tuple[Price, ...], product_types: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_prices_dialog")
        self.setWindowTitle(self.tr("价格表"))
        self.resize(640, 420)
        note = QLabel(self.tr("单价由您自行维护（万元）；没有价格的条目费用显示为“未知”。本软件不提供任何报价。"), self)
        note.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("plan_prices_table")
        self.table.setHorizontalHeaderLabels([self.tr("产品类型"), self.tr("单价（万元）"), self.tr("备注")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        add = QPushButton(self.tr("添加行"), self)
        add.clicked.connect(lambda: self._add_row("", "", ""))
        remove = QPushButton(self.tr("删除行"), self)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        load = QPushButton(self.tr("导入 CSV…"), self)
        load.setObjectName("plan_prices_import")
        load.clicked.connect(self._import)
        save = QPushButton(self.tr("导出 CSV…"), self)
        save.setObjectName("plan_prices_export")
        save.clicked.connect(self._export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (add, remove, load, save):
            row.addWidget(b)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.prices: tuple[Price, ...] = prices
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

    def set_prices(self, prices: tuple[Price, ...]) -> None:
        """Show ``prices`` in the table."""
        self.table.setRowCount(0)
        for p in prices:
            self._add_row(p.product_type, f"{p.unit_price.normalize():f}", p.note)

    def _text(self, row: int, column: int) -> str:
        cell = self.table.item(row, column)
        return cell.text().strip() if cell is not None else ""

    def table_csv(self) -> str:
        """The table as price-list CSV (rows without a price are left out)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in range(self.table.rowCount()):
            cells = [self._text(row, c) for c in range(3)]
            if cells[1]:
                writer.writerow(cells)
        return out.getvalue()

    def parsed(self) -> tuple[Price, ...]:
        """The table's prices.

        Raises:
            InputError: Naming the row and column.
        """
        return prices_from_csv(self.table_csv())

    def accept(self) -> None:
        """Keep the prices if every row is valid; otherwise say which row is wrong."""
        try:
            self.prices = self.parsed()
        except InputError as exc:
            QMessageBox.warning(self, self.tr("价格表有误，未保存"), exc.user_message())
            return
        super().accept()

    def import_file(self, path: Path) -> bool:
        """Load a CSV file into the table (all or nothing)."""
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

"""The ticket dialog's 处理评定 tab: each criterion of the contract's evaluation form, 降级 or 升级 with a note.

The dialog keeps the form's widgets (:data:`Marks`), shows the stored evaluation in them after each
read and writes :func:`chosen_marks` through its audited write path. The texts keep the translation
context of the dialog, ``TicketDialog``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.ops.contract import facts
from app.ops.tickets import Mark

Marks = dict[str, tuple[QButtonGroup, QLineEdit]]
"""Criterion key → its three choices (button id 0 未评定, 1 降级, 2 升级) and its note."""


def evaluation_page(owner: QWidget, save: Callable[[], None]) -> tuple[QWidget, Marks]:
    """The 处理评定 tab: one row per criterion (its tooltip says what downgrades and upgrades it).

    Args:
        owner: The dialog, parent of the button groups.
        save: Called by the 保存评定 button.

    Returns:
        The page and its criteria's widgets, every criterion 未评定 until :func:`show_marks`.
    """
    page = QWidget()
    layout = QVBoxLayout(page)
    hint = QLabel(
        QCoreApplication.translate("TicketDialog", "按合同“故障处理评定报告依据”，每项评为降级或升级，并说明理由。")
    )
    hint.setWordWrap(True)
    layout.addWidget(hint)
    grid = QGridLayout()
    marks: Marks = {}
    choices = (
        QCoreApplication.translate("TicketDialog", "未评定"),
        QCoreApplication.translate("TicketDialog", "降级"),
        QCoreApplication.translate("TicketDialog", "升级"),
    )
    for row, criterion in enumerate(facts().criteria):
        name = QLabel(criterion.name)
        name.setToolTip(f"降级：{criterion.downgrade}\n升级：{criterion.upgrade}")
        group = QButtonGroup(owner)
        buttons = []
        for n, text in enumerate(choices):
            button = QRadioButton(text)
            button.setObjectName(f"sla_eval_{criterion.key}_{n}")
            group.addButton(button, n)
            buttons.append(button)
        buttons[0].setChecked(True)
        note = QLineEdit()
        note.setObjectName(f"sla_eval_{criterion.key}_note")
        note.setPlaceholderText(criterion.downgrade[:30] + "…")
        grid.addWidget(name, row, 0)
        for n, button in enumerate(buttons):
            grid.addWidget(button, row, n + 1)
        grid.addWidget(note, row, 4)
        marks[criterion.key] = (group, note)
    layout.addLayout(grid)
    save_button = QPushButton(QCoreApplication.translate("TicketDialog", "保存评定"))
    save_button.setObjectName("sla_eval_save")
    save_button.clicked.connect(save)
    layout.addWidget(save_button, 0, Qt.AlignmentFlag.AlignRight)
    layout.addStretch(1)
    return page, marks


def show_marks(marks: Marks, evaluation: Mapping[str, Mark]) -> None:
    """Show the stored evaluation; a criterion it does not mark is 未评定 with an empty note."""
    for key, (group, note) in marks.items():
        mark = evaluation.get(key)
        group.button(0 if mark is None else (1 if mark.mark == "降级" else 2)).setChecked(True)
        note.setText(mark.note if mark else "")


def chosen_marks(marks: Marks) -> dict[str, Mark]:
    """The evaluation as marked in the form: the criteria marked 降级 or 升级, with their notes."""
    form = {}
    for key, (group, note) in marks.items():
        choice = group.checkedId()
        if choice > 0:
            form[key] = Mark("降级" if choice == 1 else "升级", note.text())
    return form

"""The 高风险判定 tab's tables: high-risk candidates with decisions, and the ch.6 risk analysis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QColor

from app.mipin.casework.edits import CaseCommand, SetRiskRating
from app.mipin.casework.session import CaseSession
from app.mipin.engine import HighRisk, ScoreResult
from app.mipin.riskmatrix import load_risk_matrix
from ui.icons import COLORS, status_icon
from ui.models.rowdiff import changed_rows, emit_rows_changed
from ui.models.table_base import HeaderedTableModel, Index

EditFn = Callable[[CaseCommand, str], bool]
RiskRole = Qt.ItemDataRole.UserRole + 1

STATUS_TEXT = {
    "high": QT_TRANSLATE_NOOP("RiskCandidateModel", "高风险"),
    "mitigated": QT_TRANSLATE_NOOP("RiskCandidateModel", "已缓解"),
    "dismissed": QT_TRANSLATE_NOOP("RiskCandidateModel", "已排除"),
}
DECISION_TEXT = {
    "confirmed": QT_TRANSLATE_NOOP("RiskCandidateModel", "确认"),
    "mitigated": QT_TRANSLATE_NOOP("RiskCandidateModel", "缓解"),
    "dismissed": QT_TRANSLATE_NOOP("RiskCandidateModel", "排除"),
    "added": QT_TRANSLATE_NOOP("RiskCandidateModel", "人工添加"),
}
RISK_COLORS = {"高": QColor("#c62828"), "中": QColor("#b26a00"), "低": QColor("#2e7d32")}

(C_STATUS, C_ITEM, C_UNIT, C_OBJECT, C_CONDITION, C_DECISION, C_REASON, C_DECIDED) = range(8)


class RiskCandidateModel(HeaderedTableModel):
    """Every high risk the engine reports (automatic candidates and manual ones) with its decision."""

    HEADERS = (
        QT_TRANSLATE_NOOP("RiskCandidateModel", "状态"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "指引条目"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "测评单元"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "测评对象"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "触发条件"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "判定"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "理由 / 缓解措施"),
        QT_TRANSLATE_NOOP("RiskCandidateModel", "判定时间"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._risks: list[HighRisk] = []
        self._times: list[str] = []

    def refresh(self, session: CaseSession | None, result: ScoreResult | None) -> list[int] | None:
        """Show the current candidates; returns the changed rows, or None after a reset."""
        risks = list(result.high_risks) if result else []
        times = []
        for risk in risks:
            when = session.decision_time(risk.item, risk.unit, risk.object) if session and risk.decision else None
            times.append(f"{when:%Y-%m-%d %H:%M}" if when else "")
        same = [self._key(r) for r in risks] == [self._key(r) for r in self._risks]
        if not same:
            self.beginResetModel()
        old = list(zip(self._risks, self._times, strict=True))
        self._risks, self._times = risks, times
        if not same:
            self.endResetModel()
            return None
        changed = changed_rows(old, list(zip(risks, times, strict=True)))
        emit_rows_changed(self, changed)
        return changed

    @staticmethod
    def _key(risk: HighRisk) -> tuple[str, str, str | None, str]:
        return (risk.item, risk.unit, risk.object, risk.origin)

    def risk_at(self, row: int) -> HighRisk | None:
        """The risk of a row."""
        return self._risks[row] if 0 <= row < len(self._risks) else None

    def row_of(self, item: str, unit: str, obj: str | None) -> int:
        """The row of a candidate, or -1."""
        return next((i for i, r in enumerate(self._risks) if (r.item, r.unit, r.object) == (item, unit, obj)), -1)

    def row_items(self) -> list[Any]:
        """The rows."""
        return self._risks

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, status icon and colour, tooltips with the guide's text."""
        risk = self.risk_at(index.row()) if index.isValid() else None
        if risk is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            reason = risk.reason or ""
            if risk.mitigation:
                reason = f"{reason}（缓解措施：{risk.mitigation}）" if reason else risk.mitigation
            return (
                QCoreApplication.translate("RiskCandidateModel", str(STATUS_TEXT.get(risk.status, risk.status))),
                f"{risk.item} {risk.title}",
                risk.unit,
                risk.object or "—",
                risk.condition,
                QCoreApplication.translate("RiskCandidateModel", str(DECISION_TEXT.get(risk.decision or "", ""))),
                " ".join(reason.split()),
                self._times[index.row()],
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == C_STATUS:
            return status_icon(risk.status)
        if role == Qt.ItemDataRole.ForegroundRole and col == C_STATUS:
            return COLORS.get(risk.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (C_ITEM, C_CONDITION):
                return f"{risk.guide}\n\n触发：{risk.condition}"
            if col == C_REASON:
                return risk.reason
        if role == RiskRole:
            return risk
        return None


(R_UNIT, R_VERDICT, R_SCORE, R_LIKELIHOOD, R_IMPACT, R_RISK, R_NOTE) = range(7)


class RiskRatingModel(HeaderedTableModel):
    """Risk analysis (report ch.6): one row per 部分符合/不符合 unit; likelihood × impact → risk.

    Args:
        edit: Applies an edit (the controller's ``edit``).
        parent: Owner.
    """

    HEADERS = (
        QT_TRANSLATE_NOOP("RiskRatingModel", "测评单元"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "判定"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "得分"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "可能性"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "影响"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "风险值"),
        QT_TRANSLATE_NOOP("RiskRatingModel", "说明"),
    )

    def __init__(self, edit: EditFn, parent: Any = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._session: CaseSession | None = None
        self._rows: list[tuple[str, str, str, str]] = []  # unit id, name, verdict, score
        self._signatures: list[object] = []

    def refresh(self, session: CaseSession | None, result: ScoreResult | None) -> None:
        """One row per unit judged 部分符合 or 不符合."""
        rows = []
        if result is not None:
            for unit in result.units:
                if unit.verdict in ("部分符合", "不符合"):
                    rows.append(
                        (unit.unit, unit.name_zh, unit.verdict, "" if unit.score is None else f"{unit.score:.4f}")
                    )
        same = [r[0] for r in rows] == [r[0] for r in self._rows] and session is self._session
        signatures = [(row, session.rating(row[0]) if session else None) for row in rows]
        if not same:
            self.beginResetModel()
        self._session, self._rows = session, rows
        old, self._signatures = self._signatures, [(r, None if x is None else astuple(x)) for r, x in signatures]
        if not same:
            self.endResetModel()
        else:
            emit_rows_changed(self, changed_rows(old, self._signatures))

    def unrated(self) -> int:
        """Rows not rated yet."""
        return sum(1 for row in self._rows if not (self._session and self._session.rating(row[0])))

    def row_items(self) -> list[Any]:
        """The rows."""
        return self._rows

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Likelihood, impact and note are editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (R_LIKELIHOOD, R_IMPACT, R_NOTE) else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The unit, its verdict and score, the rating and the resulting risk value."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        unit_id, name, verdict, score = self._rows[index.row()]
        rating = self._session.rating(unit_id) if self._session else None
        col = index.column()
        risk = load_risk_matrix().risk(rating.likelihood, rating.impact) if rating else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == R_UNIT:
                return f"{unit_id} {name}" if role == Qt.ItemDataRole.DisplayRole else unit_id
            if not rating and role == Qt.ItemDataRole.DisplayRole and col in (R_LIKELIHOOD, R_IMPACT, R_RISK):
                return QCoreApplication.translate("RiskRatingModel", "未评定") if col != R_RISK else "—"
            return (None, verdict, score, rating.likelihood if rating else "", rating.impact if rating else "", risk,
                    rating.note if rating else "")[col]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in (R_LIKELIHOOD, R_IMPACT, R_RISK) and not rating:
                return QColor("#9aa0a6")
            if col == R_RISK and risk:
                return RISK_COLORS[risk]
            if col == R_VERDICT:
                return COLORS.get(verdict)
        if role == Qt.ItemDataRole.ToolTipRole and col in (R_LIKELIHOOD, R_IMPACT) and not rating:
            return QCoreApplication.translate("RiskRatingModel", "尚未评定：选择 高/中/低")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (R_VERDICT, R_SCORE, R_LIKELIHOOD, R_IMPACT, R_RISK):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rate likelihood or impact (the other defaults to the matrix default) or edit the note."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        unit_id = self._rows[index.row()][0]
        matrix = load_risk_matrix()
        rating = self._session.rating(unit_id) if self._session else None
        likelihood = rating.likelihood if rating else matrix.default_likelihood
        impact = rating.impact if rating else matrix.default_impact
        note = rating.note if rating else ""
        col = index.column()
        text = str(value or "").strip()
        if col == R_LIKELIHOOD:
            likelihood = text
        elif col == R_IMPACT:
            impact = text
        elif col == R_NOTE:
            note = text
        else:
            return False
        if rating and (rating.likelihood, rating.impact, rating.note) == (likelihood, impact, note):
            return False
        label = QCoreApplication.translate("RiskRatingModel", "风险评定 %1").replace("%1", unit_id)
        return self._edit(SetRiskRating(unit_id, likelihood, impact, note), label)

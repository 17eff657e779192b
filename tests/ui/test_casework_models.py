"""Every item model of the casework tabs passes qtmodeltester, on the demo case and on an empty one."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import Qt

from app.core.paths import resource_path
from app.mipin.cases import import_case, list_cases
from app.mipin.casework.edits import AddEvidence, CaseCommand, SetObjectFields
from app.mipin.casework.session import FindHit, load_session
from app.mipin.evidence.records import EvidenceRecord
from ui.features.checklist.dialogs.find import FindResultsModel
from ui.features.checklist.models.evidence_table import COL_OBS_D, EvidenceTableModel
from ui.features.checklist.models.object_matrix import FIRST_UNIT_COLUMN, ObjectMatrixModel
from ui.features.checklist.models.object_table import (
    COL_A,
    COL_ALGORITHMS,
    COL_D,
    COL_SCORE,
    ObjectFilterProxy,
    ObjectTableModel,
)
from ui.features.checklist.models.procedure import ProcedureModel
from ui.features.checklist.models.unit_tree import (
    FILTER_FAILED,
    FILTER_HIGH_RISK,
    FILTER_UNTESTED,
    UnitFilterProxy,
    UnitTreeModel,
)
from ui.features.risks.models import R_LIKELIHOOD, R_RISK, RiskCandidateModel, RiskRatingModel
from ui.models.case_table import CaseTableModel


class Recorder:
    """Applies edits to a session like the controller does (without Qt), remembering them."""

    def __init__(self, session) -> None:
        self.session = session
        self.ops: list[tuple[CaseCommand, str]] = []

    def __call__(self, op: CaseCommand, text: str, merge_key: str = "") -> bool:
        self.session.apply(op)
        self.ops.append((op, text))
        return True


@pytest.fixture
def demo(store, qapp):
    data = json.loads(resource_path("demo", "demo-case.json").read_text(encoding="utf-8"))
    case_id = import_case(store, data)
    session = load_session(store, case_id)
    return session, session.score()


def test_unit_tree(qtmodeltester, demo) -> None:
    session, result = demo
    model = UnitTreeModel()
    model.refresh(session, result)
    qtmodeltester.check(model)
    assert model.rowCount() == 8 and len(model.unit_ids()) == 41
    nc1 = model.index_of("NC-1")
    assert nc1.data() == "NC-1  身份鉴别" and nc1.siblingAtColumn(1).data() == "应"
    assert nc1.siblingAtColumn(3).data() == "0.8333"
    proxy = UnitFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_mode(FILTER_FAILED)
    shown = [
        proxy.index(r, 0, proxy.index(layer, 0)).data()
        for layer in range(proxy.rowCount())
        for r in range(proxy.rowCount(proxy.index(layer, 0)))
    ]
    assert "PE-1  身份鉴别" in shown and not any(s.startswith("AD-8") for s in shown)
    proxy.set_mode(FILTER_HIGH_RISK)
    assert proxy.rowCount() == 1  # AD-5 (9.3, open) only; PE-1's 6.1 is mitigated
    proxy.set_mode(FILTER_UNTESTED)
    assert proxy.rowCount() == 0
    model.refresh(None, None)
    assert model.rowCount() == 0


def test_object_table_and_filter(qtmodeltester, demo) -> None:
    session, result = demo
    edits = Recorder(session)
    model = ObjectTableModel(edits)
    model.refresh(session, result, "NC-1")
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(2, COL_SCORE).data() == "0.5000"
    assert model.index(0, COL_ALGORITHMS).data() == "SM2、SM3、SM4"
    # a mark edit becomes one op with the consistency rules applied
    assert model.setData(model.index(0, COL_D), "/")
    op, _text = edits.ops[-1]
    assert isinstance(op, SetObjectFields) and op.values == {"D": "/", "A": "/", "K": "/"}
    refused: list[str] = []
    model.refused.connect(refused.append)
    assert not model.setData(model.index(1, COL_A), "/")  # A "/" while D is √
    assert refused and "D 为 √" in refused[0]
    model.refresh(session, session.score(), "NC-1")
    assert model.index(0, COL_SCORE).data() == "—"
    proxy = ObjectFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_mode(FILTER_FAILED)
    assert proxy.rowCount() == 1
    model.refresh(session, result, None)
    assert model.rowCount() == 0


def test_procedure_checklist(qtmodeltester, demo) -> None:
    session, _ = demo
    edits = Recorder(session)
    model = ProcedureModel(edits)
    model.refresh(session, "DC-2")
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.setData(model.index(1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    model.refresh(session, "DC-2")
    assert session.unit("DC-2").checklist == [1]
    assert model.index(1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_evidence_table(qtmodeltester, demo) -> None:
    session, _ = demo
    edits = Recorder(session)
    for sha, method, mark in (("a" * 64, "访谈", "√"), ("b" * 64, "工具测试", "×")):
        session.apply(AddEvidence(EvidenceRecord(sha, f"{method}.txt", 10, "document", method,
                                                 1 if method == "访谈" else 2, "AD-4", "居民健康档案数据传输",
                                                 details={"observed": {"D": mark}})))  # fmt: skip
    model = EvidenceTableModel(edits)
    model.refresh(session, "AD-4", "居民健康档案数据传输")
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    # the class-1 item disagrees with the class-2 one and loses: it is flagged
    assert model.index(0, COL_OBS_D).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(1, COL_OBS_D).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.setData(model.index(0, COL_OBS_D), "2")
    assert session.evidence[0].observed == {"D": "×"}
    model.refresh(session, "AD-4", None)
    assert model.rowCount() == 2


def test_object_matrix(qtmodeltester, demo) -> None:
    session, _ = demo
    edits = Recorder(session)
    model = ObjectMatrixModel(edits)
    model.refresh(session)
    qtmodeltester.check(model)
    assert model.columnCount() == 2 + 22
    row = next(r for r in range(model.rowCount()) if model.name_at(r) == "堡垒机")
    dc1 = next(c for c in range(FIRST_UNIT_COLUMN, model.columnCount()) if model.unit_at(c) == "DC-1")
    dc5 = next(c for c in range(FIRST_UNIT_COLUMN, model.columnCount()) if model.unit_at(c) == "DC-5")
    assert model.index(row, dc1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(model.index(row, dc5), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert session.unit("DC-5").object("堡垒机") is not None


def test_case_table(qtmodeltester, store, demo) -> None:
    model = CaseTableModel()
    model.set_cases(list_cases(store, include_archived=True))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "梧州市全民健康信息平台"


def test_risk_tables(qtmodeltester, demo) -> None:
    session, result = demo
    candidates = RiskCandidateModel()
    candidates.refresh(session, result)
    qtmodeltester.check(candidates)
    assert candidates.rowCount() == 2
    assert candidates.index(0, 0).data() == "已缓解"
    edits = Recorder(session)
    ratings = RiskRatingModel(edits)
    ratings.refresh(session, result)
    qtmodeltester.check(ratings)
    assert ratings.rowCount() == result.counts.partial + result.counts.nonconform
    assert ratings.setData(ratings.index(0, R_LIKELIHOOD), "低")
    assert ratings.index(0, R_RISK).data() == "低"  # 低 × 中 (default impact)
    assert ratings.unrated() == ratings.rowCount() - 1


def test_find_results(qtmodeltester, demo) -> None:
    session, _ = demo
    model = FindResultsModel()
    hits = session.find("TLCP")
    model.set_hits(hits)
    qtmodeltester.check(model)
    assert hits and all(isinstance(h, FindHit) for h in hits)
    assert any(h.unit_id == "NC-1" and h.object_name == "互联网边界 SSL VPN（TLCP）" for h in hits)

"""从测评结果生成: plan items from the findings, and merging them into an existing plan.

One item is created for every test object or management unit that is not 符合, and one for
every high risk that is open or mitigated (the rule of issue 13, as written):

* the object or unit item ``removes`` the high risks of its finding (and is then P1);
* the risk item (``risk:<item>:<unit>/<object>``, P1) ``removes`` its risk. When the risk lies on
  a finding that has its own item, the risk item is *the same measure* seen from the risk: it
  takes that item's targets and ``shared_with`` names it, so it has no cost or products of its
  own and the measure is costed once (:func:`app.plan.costs.selection_cost`). Either item
  removes the risk. A risk on a finding without an item of its own (a 5.x item on a conforming
  object, a risk the assessor added for a whole unit) is a measure of its own.

Regenerating never overwrites an item the user has edited; new findings are appended; an item
whose finding disappeared is flagged ``stale`` and kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from app.mipin.engine import (
    CaseInput,
    Catalogue,
    HighRisk,
    ObjectInput,
    ObjectScore,
    ScoreResult,
    UnitDef,
    UnitInput,
    load_catalogue,
)
from app.mipin.engine.case import CONFORM, FAIL, PASS
from app.mipin.engine.results import STATUS_DISMISSED
from app.plan.catalogue import PlanCatalogue, load_plan_catalogue
from app.plan.model import (
    KIND_MANUAL,
    KIND_OBJECT,
    KIND_RISK,
    KIND_UNIT,
    PHASE_LATER,
    PHASE_NEAR,
    Plan,
    PlanItem,
    ProductNeed,
    sync_shared,
)

_MODULE_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def risk_key(risk: HighRisk) -> str:
    """The key by which items refer to a high risk: ``9.3:AD-5/医学影像文件`` or ``10.1:MS-1``."""
    return f"{risk.item}:{risk.unit}" + (f"/{risk.object}" if risk.object else "")


def object_key(unit: str, obj: str) -> str:
    """The key of the item for a test object."""
    return f"obj:{unit}/{obj}"


def unit_key(unit: str) -> str:
    """The key of the item for a management unit."""
    return f"unit:{unit}"


@dataclass(frozen=True)
class MergeReport:
    """What a regeneration changed (keys of the items)."""

    added: tuple[str, ...] = ()
    refreshed: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()
    unflagged: tuple[str, ...] = ()

    def summary(self) -> str:
        """One Chinese line for the status bar and the CLI."""
        return (
            f"新增 {len(self.added)} 项，更新 {len(self.refreshed)} 项，保留已编辑 {len(self.kept_edited)} 项，"
            f"标记失效 {len(self.flagged)} 项，恢复 {len(self.unflagged)} 项"
        )


def generate_items(
    case: CaseInput,
    result: ScoreResult,
    catalogue: Catalogue | None = None,
    plan_catalogue: PlanCatalogue | None = None,
) -> tuple[PlanItem, ...]:
    """Create the items for the findings of a scored case, in catalogue order."""
    return _Generator(case, result, catalogue or load_catalogue(), plan_catalogue or load_plan_catalogue()).items()


def merge_items(existing: Plan, generated: tuple[PlanItem, ...]) -> tuple[Plan, MergeReport]:
    """Merge freshly generated items into ``existing``.

    * an item the user edited is kept as it is (only its ``stale`` flag is cleared);
    * an unedited item is refreshed from the findings, keeping its selection;
    * an item whose finding disappeared is flagged ``stale`` (manual items never are);
    * new findings are appended in catalogue order;
    * an item that shares a measure takes its owner's targets (:func:`~app.plan.model.sync_shared`),
      so a kept edit of the owner carries over to it.
    """
    fresh = {item.key: item for item in generated}
    out: list[PlanItem] = []
    added: list[str] = []
    refreshed: list[str] = []
    kept: list[str] = []
    flagged: list[str] = []
    unflagged: list[str] = []
    for item in existing.items:
        new = fresh.pop(item.key, None)
        if item.kind == KIND_MANUAL:
            out.append(item)
        elif new is None:
            if not item.stale:
                flagged.append(item.key)
            out.append(replace(item, stale=True))
        elif item.edited:
            if item.stale:
                unflagged.append(item.key)
            kept.append(item.key)
            out.append(replace(item, stale=False))
        else:
            if item.stale:
                unflagged.append(item.key)
            if new != replace(item, stale=False):
                refreshed.append(item.key)
            out.append(replace(new, selected=item.selected))
    for key, item in fresh.items():
        added.append(key)
        out.append(item)
    report = MergeReport(tuple(added), tuple(refreshed), tuple(kept), tuple(flagged), tuple(unflagged))
    return replace(existing, items=sync_shared(tuple(out))), report


class _Generator:
    def __init__(self, case: CaseInput, result: ScoreResult, cat: Catalogue, pcat: PlanCatalogue) -> None:
        self.case = case
        self.result = result
        self.cat = cat
        self.pcat = pcat
        self.level = case.level
        self.risks = [r for r in result.high_risks if r.status != STATUS_DISMISSED]

    def items(self) -> tuple[PlanItem, ...]:
        out: list[PlanItem] = []
        done: set[str] = set()
        for unit_score in self.result.units:
            if not unit_score.applicable:
                continue
            definition = self.cat.unit(unit_score.unit)
            unit = self.case.unit(unit_score.unit)
            if unit is None:
                continue
            for item, risks in self._findings(definition, unit, unit_score.objects):
                out.append(item)
                out.extend(self._risk_item(r, item) for r in risks)
                done.update(risk_key(r) for r in risks)
        out.extend(self._risk_item(r) for r in self.risks if risk_key(r) not in done)
        return tuple(out)

    def _findings(
        self, definition: UnitDef, unit: UnitInput, objects: tuple[ObjectScore, ...]
    ) -> Iterator[tuple[PlanItem, list[HighRisk]]]:
        """The items of a unit's findings, each with the high risks located on its finding."""
        if definition.is_technical:
            for obj_score in objects:
                if obj_score.status != "scored" or obj_score.raw is None or obj_score.raw >= 1:
                    continue
                obj = unit.object(obj_score.name)
                assert obj is not None
                risks = [r for r in self.risks if r.unit == unit.id and r.object == obj.name]
                yield self._object_item(definition, obj, risks), risks
        elif unit.result is not None and unit.result != CONFORM:
            risks = [r for r in self.risks if r.unit == unit.id]
            yield self._unit_item(definition, unit.result, unit.record, risks), risks

    # -- sentences -------------------------------------------------------------------------

    def _where(self, definition: UnitDef) -> str:
        return f"{self.cat.layer(definition.layer).name_zh}·{definition.name_zh}（{definition.id}）"

    def _priority(self, definition: UnitDef, risks: list[HighRisk]) -> str:
        if risks:
            return "P1"
        requirement = definition.at_level(self.level)
        return "P2" if requirement is not None and requirement.requirement == "应" else "P3"

    def _non_approved(self, obj: ObjectInput) -> list[str]:
        out = []
        for name in obj.algorithms:
            algo = self.cat.algorithms.find(name)
            if algo is not None and not algo.approved:
                out.append(name)
        return out

    def _weak_protocols(self, obj: ObjectInput) -> list[str]:
        out = []
        for name in obj.protocols:
            proto = self.cat.protocols.find(name)
            if proto is not None and not proto.national_standard:
                out.append(name)
        return out

    @staticmethod
    def _risk_sentence(risks: list[HighRisk]) -> str:
        if not risks:
            return ""
        parts = []
        for r in risks:
            state = "已缓解" if r.status != "high" else "未缓解"
            parts.append(f"高风险 {r.item} {r.title}（{state}：{r.condition}）")
        return "；存在" + "、".join(parts)

    def _object_item(self, definition: UnitDef, obj: ObjectInput, risks: list[HighRisk]) -> PlanItem:
        unit_plan = self.pcat.unit(definition.id)
        remediation = definition.typical_remediations[0] if definition.typical_remediations else "采用合规的密码技术"
        faults: list[str] = []
        measures: list[str] = []
        weak = self._non_approved(obj)
        if obj.d == FAIL:
            faults.append("未采用密码技术，或密码技术实现机制不正确、无效（D=×）")
            measures.append(remediation)
        else:
            if obj.a == FAIL:
                used = f"，使用 {'、'.join(weak)}" if weak else ""
                faults.append(f"密码算法/技术不合规（A=×{used}）")
                targets = "/".join(unit_plan.algorithms) or "SM2/SM3/SM4"
                measures.append(
                    self.pcat.dak_measures["A"].format(algorithms="、".join(weak) or "现用算法", targets=targets)
                )
            if obj.k == FAIL:
                module = f"，密码模块为 GB/T 37092 {_MODULE_NAMES[obj.module_level]}" if obj.module_level else ""
                faults.append(f"密钥管理不满足要求（K=×{module}）")
                need = self.pcat.module_level_required.get(self.level, 2)
                measures.append(self.pcat.dak_measures["K"].format(module=_MODULE_NAMES.get(need, "二级")))
        measures.extend(self._risk_measures(risks))
        record = f"。结果记录：{obj.record}" if obj.record else ""
        risk_text = self._risk_sentence(risks)
        problem = f"{self._where(definition)}：测评对象“{obj.name}”{'；'.join(faults)}{risk_text}{record}"
        replace_algorithms = obj.d == FAIL or bool(weak) or any(r.item == "5.1" for r in risks)
        replace_protocols = bool(unit_plan.protocols) and (
            obj.d == FAIL or bool(self._weak_protocols(obj)) or any(r.item == "5.2" for r in risks)
        )
        priority = self._priority(definition, risks)
        return PlanItem(
            key=object_key(definition.id, obj.name),
            kind=KIND_OBJECT,
            unit=definition.id,
            object=obj.name,
            problem=problem,
            measure="；".join(dict.fromkeys(measures)),
            products=self._products(definition),
            standards=unit_plan.standards,
            target_d=PASS,
            target_a=PASS,
            target_k=PASS,
            target_algorithms=unit_plan.algorithms if replace_algorithms and unit_plan.algorithms else None,
            target_protocols=unit_plan.protocols if replace_protocols else None,
            removes=tuple(risk_key(r) for r in risks),
            priority=priority,
            phase=PHASE_LATER if priority == "P3" else PHASE_NEAR,
        )

    def _risk_measures(self, risks: list[HighRisk]) -> list[str]:
        out = []
        for r in risks:
            template = self.pcat.risk_measures.get(r.item)
            if template is None:
                continue
            weak = r.condition.removeprefix("使用了 ") if r.item in ("5.1", "5.2") else ""
            out.append(template.format(weak=weak or "相关"))
        return out

    def _products(self, definition: UnitDef) -> tuple[ProductNeed, ...]:
        if not definition.certified_product_types:
            return ()
        return (ProductNeed(definition.certified_product_types[0], 1),)

    def _unit_item(self, definition: UnitDef, result: str, record: str | None, risks: list[HighRisk]) -> PlanItem:
        remediation = definition.typical_remediations[0] if definition.typical_remediations else ""
        measures = [self.pcat.dak_measures["management"].format(remediation=remediation)]
        rec = f"。结果记录：{record}" if record else ""
        problem = f"{self._where(definition)}：判为{result}{self._risk_sentence(risks)}{rec}"
        priority = self._priority(definition, risks)
        return PlanItem(
            key=unit_key(definition.id),
            kind=KIND_UNIT,
            unit=definition.id,
            problem=problem,
            measure="；".join(measures),
            standards=self.pcat.unit(definition.id).standards,
            target_result=CONFORM,
            removes=tuple(risk_key(r) for r in risks),
            priority=priority,
            phase=PHASE_LATER if priority == "P3" else PHASE_NEAR,
        )

    def _risk_item(self, risk: HighRisk, finding: PlanItem | None = None) -> PlanItem:
        """The item of one high risk; on a finding with an item of its own, the same measure."""
        definition = self.cat.unit(risk.unit)
        unit_plan = self.pcat.unit(risk.unit)
        where = f"测评对象“{risk.object}”" if risk.object else "本测评单元"
        state = "已缓解" if risk.status != "high" else "未缓解"
        problem = f"{self._where(definition)}：{where}存在高风险 {risk.item} {risk.title}（{state}：{risk.condition}）"
        common = {
            "key": f"risk:{risk_key(risk)}",
            "kind": KIND_RISK,
            "unit": risk.unit,
            "object": risk.object,
            "problem": problem,
            "removes": (risk_key(risk),),
            "priority": "P1",
            "phase": PHASE_NEAR,
        }
        if finding is not None:
            label = finding.unit + (f"/{finding.object}" if finding.object else "")
            measure = "；".join(self._risk_measures([risk])) or finding.measure
            return replace(
                finding,
                measure=f"{measure}（与“{label}”条目为同一措施，费用只计一次）",
                products=(),
                shared_with=finding.key,
                **common,  # type: ignore[arg-type]
            )
        remediation = definition.typical_remediations[0] if definition.typical_remediations else "采用合规的密码技术"
        measures = self._risk_measures([risk])
        if not measures:
            template = self.pcat.risk_measures["added"]
            measures = [template.format(reason=risk.reason or risk.condition, remediation=remediation)]
        case_unit = self.case.unit(risk.unit)
        obj = case_unit.object(risk.object) if risk.object and case_unit is not None else None
        target: dict[str, object] = {}
        if definition.is_technical and obj is not None:
            target = {
                "target_d": PASS,
                "target_a": PASS,
                "target_k": PASS,
                "target_algorithms": unit_plan.algorithms if risk.item == "5.1" and unit_plan.algorithms else None,
                "target_protocols": unit_plan.protocols if risk.item == "5.2" and unit_plan.protocols else None,
            }
        elif not definition.is_technical:
            target = {"target_result": CONFORM}
        return PlanItem(
            measure="；".join(measures),
            products=self._products(definition) if definition.is_technical else (),
            standards=unit_plan.standards,
            **common,  # type: ignore[arg-type]
            **target,  # type: ignore[arg-type]
        )

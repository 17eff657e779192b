"""Validation of the parts of a case that refer to units and objects: compensations and risk decisions.

:class:`LinkChecker` is the base of :class:`app.mipin.engine.caseparse.CaseParser`; it also owns the
unit-id check both parts share.
"""

from __future__ import annotations

from app.mipin.engine import case as c
from app.mipin.engine.catalogue import LEVEL_NAMES, Catalogue
from app.mipin.engine.validate import Checker

_COMP_KEYS = frozenset({"unit", "object", "from_unit", "from_object"})
_DECISION_KEYS = frozenset({"item", "unit", "object", "decision", "reason", "mitigation", "decided_at"})


class LinkChecker(Checker):
    """Checks compensations and risk decisions against the catalogue and the parsed units.

    Args:
        catalogue: The catalogue to check against.

    Attributes:
        cat: The catalogue.
        level: The case's protection level once ``system`` has been validated.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.cat = catalogue
        self.level: int | None = None

    def unit_id(self, raw: object, path: str, *, in_level: bool = True) -> str | None:
        """Validate a unit id: known, and part of the case's level when ``in_level``."""
        if raw is None:
            self.error(path, "缺少必填字段")
            return None
        if not isinstance(raw, str):
            self.error(path, f"应为字符串，而不是 {self.show(raw)}")
            return None
        unit_id = raw.strip().upper()
        definition = self.cat.find_unit(unit_id)
        if definition is None:
            self.error(path, f"未知的测评单元 {self.show(raw)}")
            return None
        if in_level and self.level is not None and definition.at_level(self.level) is None:
            self.error(path, f"测评单元 {unit_id} 不属于{LEVEL_NAMES[self.level]}的测评指标")
            return None
        return unit_id

    def parse_compensations(self, raw: object, units: tuple[c.UnitInput, ...]) -> tuple[c.Compensation, ...]:
        """Validate ``compensations``: an allowed pair, existing and applicable objects."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("compensations", "必须是数组")
            return ()
        by_id = {u.id: u for u in units}
        out: list[c.Compensation] = []
        for i, entry in enumerate(raw):
            path = f"compensations[{i}]"
            if not isinstance(entry, dict):
                self.error(path, "必须是 JSON 对象")
                continue
            self.unknown_keys(entry, _COMP_KEYS, path)
            target = self.unit_id(entry.get("unit"), f"{path}.unit")
            target_obj = self.required_text(entry, "object", path)
            source = self.unit_id(entry.get("from_unit"), f"{path}.from_unit")
            source_obj = self.required_text(entry, "from_object", path)
            if target is None or source is None or target_obj is None or source_obj is None:
                continue
            if not self.cat.rules.compensation_allowed(target, source):
                self.error(
                    path, f"只允许 {self.cat.rules.describe_pairs()} 之间的弥补，不允许由 {source} 弥补 {target}"
                )
                continue
            ok = self.object_ref(by_id, target, target_obj, f"{path}.unit", f"{path}.object")
            ok = self.object_ref(by_id, source, source_obj, f"{path}.from_unit", f"{path}.from_object") and ok
            if ok:
                out.append(c.Compensation(unit=target, object=target_obj, from_unit=source, from_object=source_obj))
        return tuple(out)

    def object_ref(self, units: dict[str, c.UnitInput], unit_id: str, name: str, unit_path: str, path: str) -> bool:
        """Check that a compensation names an existing, applicable object."""
        unit = units.get(unit_id)
        if unit is None:
            self.error(unit_path, f"案例中没有测评单元 {unit_id}")
            return False
        if not unit.applicable:
            self.error(unit_path, f"测评单元 {unit_id} 不适用，不能参与弥补")
            return False
        obj = unit.object(name)
        if obj is None:
            self.error(path, f"测评单元 {unit_id} 中没有名为 “{name}” 的测评对象")
            return False
        if obj.excluded:
            self.error(path, f"测评对象 {unit_id}/{name} 不适用（D、A、K 均为 “/”），不能参与弥补")
            return False
        return True

    def parse_decisions(self, raw: object) -> tuple[c.RiskDecision, ...]:
        """Validate ``risk_decisions`` (item, unit and decision rules; matching is done when scoring)."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("risk_decisions", "必须是数组")
            return ()
        out: list[c.RiskDecision] = []
        for i, entry in enumerate(raw):
            decision = self.parse_decision(entry, f"risk_decisions[{i}]")
            if decision is not None:
                out.append(decision)
        return tuple(out)

    def parse_decision(self, raw: object, path: str) -> c.RiskDecision | None:
        """Validate one risk decision."""
        if not isinstance(raw, dict):
            self.error(path, "必须是 JSON 对象")
            return None
        self.unknown_keys(raw, _DECISION_KEYS, path)
        item_raw = raw.get("item")
        if isinstance(item_raw, float | int) and not isinstance(item_raw, bool):
            item_raw = str(item_raw)  # tolerate 8.2 written as a number
        item = self.cat.find_high_risk_item(item_raw.strip()) if isinstance(item_raw, str) else None
        if item_raw is None:
            self.error(f"{path}.item", "缺少必填字段（5.1…10.2）")
        elif item is None:
            self.error(f"{path}.item", f"未知的高风险项 {self.show(raw.get('item'))}（应为 5.1…10.2）")
        unit_id = self.unit_id(raw.get("unit"), f"{path}.unit")
        if item is not None and unit_id is not None and item.unit is not None and item.unit != unit_id:
            self.error(f"{path}.unit", f"高风险项 {item.item} 属于测评单元 {item.unit}，不是 {unit_id}")
            unit_id = None
        obj = self.optional_stripped(raw, "object", path)
        kind_raw = raw.get("decision")
        kind = kind_raw.strip().casefold() if isinstance(kind_raw, str) else None
        if kind_raw is None:
            self.error(f"{path}.decision", "缺少必填字段（mitigated、dismissed、added 或 confirmed）")
        elif kind not in c.DECISIONS:
            self.error(
                f"{path}.decision", f"取值 {self.show(kind_raw)} 无效，应为 mitigated、dismissed、added 或 confirmed"
            )
            kind = None
        reason = self.optional_stripped(raw, "reason", path)
        mitigation = self.optional_stripped(raw, "mitigation", path)
        if kind == c.MITIGATED and item is not None and not item.mitigable:
            mitigable = "、".join(h.item for h in self.cat.high_risk_items if h.mitigable)
            self.error(
                f"{path}.decision",
                f"高风险项 {item.item} 没有可用的缓解措施，不能判为 mitigated（可缓解项：{mitigable}）",
            )
        if kind in (c.DISMISSED, c.ADDED, c.CONFIRMED) and reason is None:
            self.error(f"{path}.reason", f"{kind} 决定必须说明理由")
        if kind == c.ADDED and item is not None and self.level is not None and self.level < item.from_level:
            self.notice(
                path, f"高风险项 {item.item} 自{LEVEL_NAMES[item.from_level]}起适用，本案按测评人员判定仍记为高风险"
            )
        decided_at = self.moment(raw.get("decided_at"), f"{path}.decided_at")
        if item is None or unit_id is None or kind is None:
            return None
        return c.RiskDecision(
            item=item.item,
            unit=unit_id,
            object=obj,
            decision=kind,
            reason=reason,
            mitigation=mitigation,
            decided_at=decided_at,
        )

"""The validation pass behind :func:`app.mipin.engine.caseformat.parse_case`.

Every rule of ``docs/mipin-case-format.md`` that can be checked without scoring is checked
here; each violation is recorded with its field path and parsing continues, so one pass
reports everything.
"""

from __future__ import annotations

from decimal import Decimal

from app.core.errors import InputError, InputErrors
from app.mipin.engine import case as c
from app.mipin.engine.caseextras import RecordChecker
from app.mipin.engine.factors import Factor, factor_error

_MARK_ALIASES = {"√": c.PASS, "pass": c.PASS, "×": c.FAIL, "fail": c.FAIL, "/": c.NA, "na": c.NA}
_RESULT_ALIASES = {
    "符合": c.CONFORM,
    "pass": c.CONFORM,
    "部分符合": c.PARTIAL,
    "partial": c.PARTIAL,
    "不符合": c.NONCONFORM,
    "fail": c.NONCONFORM,
    "不适用": c.NOT_APPLICABLE,
    "na": c.NOT_APPLICABLE,
}
_TOP_KEYS = frozenset(
    {"format", "system", "threshold", "units", "compensations", "risk_decisions"}
    | {"period", "phases", "objects", "risk_ratings", "evidence"}  # record-keeping (§1.6)
    | {"plan"}  # the case's 密改方案 (mipin-plan/1): validated by app.plan, ignored by the engine
)
_SYSTEM_KEYS = frozenset({"name", "level", "client", "assessor", "report_no"})
_UNIT_KEYS = frozenset({"id", "applicable", "na_reason", "objects", "result", "record", "checklist"})
_OBJECT_KEYS = frozenset(
    {"name", "D", "A", "K", "algorithms", "protocols", "module_level", "key_hazards", "ra", "rk", "record"}
)
_MARK_HELP = "应为 √、×、/（或 pass、fail、na）"


class CaseParser(RecordChecker):
    """One validation pass over a decoded case; collects errors and notices instead of stopping.

    Args:
        catalogue: The catalogue that unit ids, algorithms, protocols and items are checked against.
    """

    def parse(self, data: object) -> c.CaseInput:
        """Validate ``data`` and return the case.

        Raises:
            InputErrors: Everything that is wrong, in document order.
        """
        if not isinstance(data, dict):
            raise InputErrors([InputError("", "案例必须是 JSON 对象（mipin-case/1）")])
        self.unknown_keys(data, _TOP_KEYS, "")
        fmt = data.get("format")
        if fmt is None:
            self.error("format", f"缺少必填字段（应为 “{c.FORMAT}”）")
        elif fmt != c.FORMAT:
            self.error("format", f"不支持的格式 {self.show(fmt)}，应为 “{c.FORMAT}”")
        system = self.parse_system(data.get("system"))
        threshold = self.parse_threshold(data.get("threshold"))
        period = self.span(data.get("period"), "period")
        phases = self.parse_phases(data.get("phases"))
        units = self.parse_units(data.get("units"))
        compensations = self.parse_compensations(data.get("compensations"), units)
        decisions = self.parse_decisions(data.get("risk_decisions"))
        objects = self.parse_object_definitions(data.get("objects"), units)
        ratings = self.parse_ratings(data.get("risk_ratings"))
        evidence = self.parse_evidence(data.get("evidence"))
        self.raise_errors()
        if system is None:  # pragma: no cover - an invalid system always records an error
            raise InputErrors([InputError("system", "无效")])
        return c.CaseInput(
            system=system,
            threshold=threshold,
            units=units,
            compensations=compensations,
            risk_decisions=decisions,
            period=period,
            phases=phases,
            objects=objects,
            risk_ratings=ratings,
            evidence=evidence,
            notices=tuple(self.notices),
        )

    # -- system and threshold -----------------------------------------------------------------

    def parse_system(self, raw: object) -> c.SystemInfo | None:
        """Validate ``system``; remembers the level for the unit checks."""
        if raw is None:
            self.error("system", "缺少必填字段")
            return None
        if not isinstance(raw, dict):
            self.error("system", "必须是 JSON 对象")
            return None
        self.unknown_keys(raw, _SYSTEM_KEYS, "system")
        level = raw.get("level")
        if level is None:
            self.error("system.level", "缺少必填字段（1–4）")
        elif type(level) is not int or not 1 <= level <= 4:
            self.error("system.level", f"应为 1–4 的整数，而不是 {self.show(level)}")
        else:
            self.level = level
        name = self.optional_text(raw, "name", "system")
        client = self.optional_text(raw, "client", "system")
        assessor = self.optional_text(raw, "assessor", "system")
        report_no = self.optional_text(raw, "report_no", "system")
        if self.level is None:
            return None
        return c.SystemInfo(level=self.level, name=name, client=client, assessor=assessor, report_no=report_no)

    def parse_threshold(self, raw: object) -> Decimal:
        """Validate ``threshold`` (a number in [0, 100], default from the rules)."""
        if raw is None:
            return self.cat.rules.default_threshold
        value = self.number(raw)
        if value is None or not 0 <= value <= 100:
            self.error("threshold", f"应为 0–100 之间的数，而不是 {self.show(raw)}")
            return self.cat.rules.default_threshold
        return value

    # -- units --------------------------------------------------------------------------------

    def parse_units(self, raw: object) -> tuple[c.UnitInput, ...]:
        """Validate ``units``: known ids of the case's level, each at most once."""
        if raw is None:
            self.error("units", "缺少必填字段")
            return ()
        if not isinstance(raw, list):
            self.error("units", "必须是数组")
            return ()
        units: list[c.UnitInput] = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(raw):
            unit = self.parse_unit(entry, f"units[{i}]")
            if unit is None:
                continue
            if unit.id in seen:
                self.error(f"units[{i}].id", f"测评单元 {unit.id} 重复（已在 units[{seen[unit.id]}] 出现）")
                continue
            seen[unit.id] = i
            units.append(unit)
        return tuple(units)

    def parse_unit(self, raw: object, path: str) -> c.UnitInput | None:
        """Validate one unit entry."""
        if not isinstance(raw, dict):
            self.error(path, "必须是 JSON 对象")
            return None
        self.unknown_keys(raw, _UNIT_KEYS, path)
        unit_id = self.unit_id(raw.get("id"), f"{path}.id")
        definition = self.cat.find_unit(unit_id) if unit_id else None
        technical = definition is None or definition.is_technical
        applicable = raw.get("applicable")
        if applicable is None:
            applicable = True
        elif not isinstance(applicable, bool):
            self.error(f"{path}.applicable", f"应为 true 或 false，而不是 {self.show(applicable)}")
            applicable = True
        na_reason = self.optional_text(raw, "na_reason", path)
        record = self.optional_text(raw, "record", path)
        result = self.result(raw.get("result"), f"{path}.result")
        if result == c.NOT_APPLICABLE:
            # 不适用 is written canonically as "applicable": false.
            applicable, result = False, None
        elif result is not None and technical and definition is not None:
            self.error(f"{path}.result", f"技术测评单元 {unit_id} 按测评对象的 D/A/K 评价，不使用 result")
            result = None
        elif result is not None and not applicable:
            self.error(f"{path}.result", '与 "applicable": false 矛盾')
        objects: tuple[c.ObjectInput, ...] = ()
        raw_objects = raw.get("objects")
        if definition is not None and not definition.is_technical:
            if raw_objects not in (None, []):
                self.error(f"{path}.objects", f"管理测评单元 {unit_id} 不使用测评对象，请用 result 给出判定")
        elif raw_objects is not None:
            objects = self.parse_objects(raw_objects, f"{path}.objects")
        if not applicable and not (na_reason or "").strip():
            self.notice(f"{path}.na_reason", "不适用的测评单元应说明理由")
        if applicable and definition is not None and technical and raw_objects in (None, []):
            self.notice(f"{path}.objects", f"测评单元 {unit_id} 没有测评对象，按不适用处理")
        checklist = self.checklist(raw.get("checklist"), unit_id, f"{path}.checklist")
        if unit_id is None:
            return None
        return c.UnitInput(
            id=unit_id,
            applicable=applicable,
            na_reason=na_reason,
            objects=objects,
            result=result,
            record=record,
            checklist=checklist,
        )

    def result(self, raw: object, path: str) -> str | None:
        """Validate a management result (or alias)."""
        if raw is None:
            return None
        value = _RESULT_ALIASES.get(raw.strip().casefold()) if isinstance(raw, str) else None
        if value is None:
            self.error(
                path, f"取值 {self.show(raw)} 无效，应为 符合、部分符合、不符合、不适用（或 pass、partial、fail、na）"
            )
        return value

    # -- objects ------------------------------------------------------------------------------

    def parse_objects(self, raw: object, path: str) -> tuple[c.ObjectInput, ...]:
        """Validate a technical unit's ``objects`` (names unique within the unit)."""
        if not isinstance(raw, list):
            self.error(path, "必须是数组")
            return ()
        objects: list[c.ObjectInput] = []
        names: dict[str, int] = {}
        for j, entry in enumerate(raw):
            obj = self.parse_object(entry, f"{path}[{j}]")
            if obj is None:
                continue
            if obj.name in names:
                self.error(
                    f"{path}[{j}].name", f"同一测评单元内对象名称 “{obj.name}” 重复（见 {path}[{names[obj.name]}]）"
                )
                continue
            names[obj.name] = j
            objects.append(obj)
        return tuple(objects)

    def mark(self, raw: object, path: str) -> str | None:
        """Validate a D/A/K mark (or alias, any case); None when absent."""
        if raw is None:
            return None
        value = _MARK_ALIASES.get(raw.strip().casefold()) if isinstance(raw, str) else None
        if value is None:
            self.error(path, f"取值 {self.show(raw)} 无效，{_MARK_HELP}")
        return value

    def parse_object(self, raw: object, path: str) -> c.ObjectInput | None:
        """Validate one test object, including the D/A/K combination rules."""
        if not isinstance(raw, dict):
            self.error(path, "必须是 JSON 对象")
            return None
        self.unknown_keys(raw, _OBJECT_KEYS, path)
        name = self.required_text(raw, "name", path)
        d = self.mark(raw.get("D"), f"{path}.D")
        a = self.mark(raw.get("A"), f"{path}.A")
        k = self.mark(raw.get("K"), f"{path}.K")
        if d == c.PASS:
            for key, value in (("A", a), ("K", k)):
                if value == c.NA:
                    self.error(f"{path}.{key}", f"D 为 √ 时 {key} 不能为 “/”（只有 D、A、K 全为 “/” 的对象才被排除）")
                # A missing A or K with D=√ is an entry still in progress: the object counts
                # as untested (see ObjectInput.tested), so --partial can score around it.
        elif d == c.NA:
            for key, value in (("A", a), ("K", k)):
                if value not in (None, c.NA):
                    self.error(f"{path}.{key}", f"D 为 “/” 时 {key} 也必须为 “/”（对象不适用）")
            a = k = c.NA
        algorithms = self.names(raw.get("algorithms"), f"{path}.algorithms", protocol=False)
        protocols = self.names(raw.get("protocols"), f"{path}.protocols", protocol=True)
        module_level = raw.get("module_level")
        if module_level is not None and (type(module_level) is not int or not 1 <= module_level <= 4):
            self.error(
                f"{path}.module_level", f"应为 1–4 的整数（GB/T 37092 安全等级），而不是 {self.show(module_level)}"
            )
            module_level = None
        hazards = tuple(
            dict.fromkeys(text for _, text in self.string_list(raw.get("key_hazards"), f"{path}.key_hazards"))
        )
        ra = self.factor(raw.get("ra"), f"{path}.ra", "ra")
        rk = self.factor(raw.get("rk"), f"{path}.rk", "rk")
        record = self.optional_text(raw, "record", path)
        if name is None:
            return None
        return c.ObjectInput(
            name=name,
            d=d,
            a=a,
            k=k,
            algorithms=algorithms,
            protocols=protocols,
            module_level=module_level,
            key_hazards=hazards,
            ra=ra,
            rk=rk,
            record=record,
        )

    def names(self, raw: object, path: str, *, protocol: bool) -> tuple[str, ...]:
        """Resolve algorithm or protocol names to canonical names (duplicates dropped)."""
        out: dict[str, None] = {}
        for where, text in self.string_list(raw, path):
            found = self.cat.protocols.find(text) if protocol else self.cat.algorithms.find(text)
            if found is None:
                self.error(where, f"未知的密码{'协议' if protocol else '算法'} “{text}”")
            else:
                out[found.name] = None
        return tuple(out)

    def factor(self, raw: object, path: str, kind: Factor) -> Decimal | None:
        """Validate an explicit Ra or Rk against the case's level (:func:`~app.mipin.engine.factors.factor_error`)."""
        if raw is None:
            return None
        value = self.number(raw)
        reason = factor_error(kind, value, self.level, self.cat)
        if reason is not None:
            self.error(path, reason)
            return None
        return value

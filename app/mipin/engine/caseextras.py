"""Validation of the record-keeping fields of ``mipin-case/1`` (period, phases, objects, ratings, evidence …).

:class:`RecordChecker` is a base of :class:`app.mipin.engine.caseparse.CaseParser`. Like the rest
of the parser it records every problem with its field path (``evidence[2].sha256``) and goes on.
The fields are described in ``docs/mipin-case-format.md`` §1.6 and typed in
:mod:`app.mipin.engine.caserecord`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from app.core.paths import resource_path
from app.mipin.engine import case as c
from app.mipin.engine.caselinks import LinkChecker
from app.mipin.engine.caserecord import PHASES, EvidenceRef, ObjectDefinition, PhaseDates, RiskRatingInput, Span

_SPAN_KEYS = frozenset({"start", "end"})
_OBJECT_KEYS = frozenset({"name", "kind", "note"})
_RATING_KEYS = frozenset({"unit", "likelihood", "impact", "note"})
_EVIDENCE_KEYS = frozenset(
    {"file", "sha256", "reliability", "method", "kind", "unit", "object", "size", "added_at", "note", "details"}
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@lru_cache(maxsize=1)
def rating_levels() -> tuple[str, ...]:
    """The likelihood/impact ratings of the risk matrix (``resources/catalogue/risk_matrix.json``)."""
    data = json.loads(resource_path("catalogue", "risk_matrix.json").read_text(encoding="utf-8"))
    return tuple(data["levels"])


class RecordChecker(LinkChecker):
    """Checks the record-keeping fields against the catalogue and the parsed units."""

    # -- dates ------------------------------------------------------------------------------------

    def span(self, raw: object, path: str) -> Span:
        """``{"start": …, "end": …}``; the end may not be before the start."""
        if raw is None:
            return Span()
        if not isinstance(raw, dict):
            self.error(path, "必须是 JSON 对象（start、end）")
            return Span()
        self.unknown_keys(raw, _SPAN_KEYS, path)
        start = self.day(raw.get("start"), f"{path}.start")
        end = self.day(raw.get("end"), f"{path}.end")
        if start and end and end < start:
            self.error(f"{path}.end", f"结束日期 {end} 早于开始日期 {start}")
        return Span(start, end)

    def parse_phases(self, raw: object) -> tuple[PhaseDates, ...]:
        """``{"测评准备": {"start": …, "end": …}, …}`` → the phases with dates, in phase order."""
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.error("phases", "必须是 JSON 对象（键为测评阶段）")
            return ()
        for key in raw:
            if key not in PHASES:
                self.error(f"phases.{key}", f"未知的测评阶段（应为 {'、'.join(PHASES)}）")
        spans = ((p, self.span(raw.get(p), f"phases.{p}")) for p in PHASES if p in raw)
        return tuple(PhaseDates(p, s) for p, s in spans if not s.empty)

    # -- objects, checklists, ratings ------------------------------------------------------------

    def parse_object_definitions(self, raw: object, units: tuple[c.UnitInput, ...]) -> tuple[ObjectDefinition, ...]:
        """The test-object definitions; () when they say nothing beyond the units' objects."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("objects", "必须是数组")
            return ()
        out: list[ObjectDefinition] = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(raw):
            path = f"objects[{i}]"
            if not isinstance(entry, dict):
                self.error(path, "必须是 JSON 对象")
                continue
            self.unknown_keys(entry, _OBJECT_KEYS, path)
            name = self.required_text(entry, "name", path)
            kind = self.optional_text(entry, "kind", path) or ""
            note = self.optional_text(entry, "note", path) or ""
            if name is None:
                continue
            if name in seen:
                self.error(f"{path}.name", f"测评对象 “{name}” 重复（见 objects[{seen[name]}]）")
                continue
            seen[name] = i
            out.append(ObjectDefinition(name, kind, note))
        # Canonical form: nothing beyond the units' objects (same names, same order, no type or
        # note) is the same as no definitions at all.
        return () if tuple(out) == c.tested_objects(units) else tuple(out)

    def checklist(self, raw: object, unit_id: str | None, path: str) -> tuple[int, ...]:
        """Ticked 测评实施 items: indexes into the unit's ``test_procedure`` (sorted, duplicates dropped)."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(path, "应为测评实施条目序号的数组")
            return ()
        definition = self.cat.find_unit(unit_id) if unit_id else None
        count = len(definition.test_procedure) if definition else None
        ticked: set[int] = set()
        for i, item in enumerate(raw):
            if type(item) is not int or item < 0 or (count is not None and item >= count):
                allowed = f"0–{count - 1}" if count else "（该测评单元没有测评实施条目）"
                self.error(f"{path}[{i}]", f"应为测评实施条目的序号 {allowed}，而不是 {self.show(item)}")
                continue
            ticked.add(item)
        return tuple(sorted(ticked))

    def parse_ratings(self, raw: object) -> tuple[RiskRatingInput, ...]:
        """Chapter-6 ratings, one per unit, returned in catalogue order."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("risk_ratings", "必须是数组")
            return ()
        levels = rating_levels()
        out: dict[str, RiskRatingInput] = {}
        seen: dict[str, int] = {}
        for i, entry in enumerate(raw):
            path = f"risk_ratings[{i}]"
            if not isinstance(entry, dict):
                self.error(path, "必须是 JSON 对象")
                continue
            self.unknown_keys(entry, _RATING_KEYS, path)
            unit_id = self.unit_id(entry.get("unit"), f"{path}.unit")
            values = []
            for key in ("likelihood", "impact"):
                value = entry.get(key)
                if value not in levels:
                    shown = (
                        "缺少必填字段" if value is None else f"应为 {'、'.join(levels)} 之一，而不是 {self.show(value)}"
                    )
                    self.error(f"{path}.{key}", shown)
                values.append(value)
            note = self.optional_text(entry, "note", path) or ""
            if unit_id is None or any(v not in levels for v in values):
                continue
            if unit_id in seen:
                self.error(f"{path}.unit", f"测评单元 {unit_id} 的风险评定重复（见 risk_ratings[{seen[unit_id]}]）")
                continue
            seen[unit_id] = i
            out[unit_id] = RiskRatingInput(unit_id, str(values[0]), str(values[1]), note)
        return tuple(sorted(out.values(), key=lambda r: self.cat.unit_order(r.unit)))

    # -- evidence -------------------------------------------------------------------------------

    def parse_evidence(self, raw: object) -> tuple[EvidenceRef, ...]:
        """Evidence references (file name, SHA-256, reliability …), in the order they were attached."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error("evidence", "必须是数组")
            return ()
        out: list[EvidenceRef] = []
        seen: dict[tuple[str, str | None, str | None], int] = {}
        for i, entry in enumerate(raw):
            ref = self.evidence_ref(entry, f"evidence[{i}]")
            if ref is None:
                continue
            if ref.key in seen:
                self.error(f"evidence[{i}]", f"与 evidence[{seen[ref.key]}] 重复（同一文件、测评单元和测评对象）")
                continue
            seen[ref.key] = i
            out.append(ref)
        return tuple(out)

    def evidence_ref(self, raw: object, path: str) -> EvidenceRef | None:
        """One evidence reference."""
        if not isinstance(raw, dict):
            self.error(path, "必须是 JSON 对象")
            return None
        self.unknown_keys(raw, _EVIDENCE_KEYS, path)
        name = self.required_text(raw, "file", path)
        sha = raw.get("sha256")
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha.strip().lower()):
            self.error(f"{path}.sha256", "应为 64 位十六进制的 SHA-256" if sha is not None else "缺少必填字段")
            sha = None
        reliability = raw.get("reliability")
        if type(reliability) is not int or not 1 <= reliability <= 3:
            shown = "缺少必填字段" if reliability is None else f"应为 1、2 或 3，而不是 {self.show(reliability)}"
            self.error(f"{path}.reliability", shown)
            reliability = None
        unit_id = self.unit_id(raw["unit"], f"{path}.unit") if raw.get("unit") is not None else None
        obj = self.optional_stripped(raw, "object", path)
        if raw.get("unit") is None and obj is None:
            self.error(path, "证据必须附加到测评单元（unit）或测评对象（object）")
        size = raw.get("size")
        if size is not None and (type(size) is not int or size < 0):
            self.error(f"{path}.size", f"应为非负整数（字节），而不是 {self.show(size)}")
            size = None
        details = raw.get("details")
        if details is not None and not isinstance(details, dict):
            self.error(f"{path}.details", "必须是 JSON 对象")
            details = None
        method = self.optional_text(raw, "method", path) or ""
        kind = self.optional_text(raw, "kind", path) or "document"
        added_at = self.moment(raw.get("added_at"), f"{path}.added_at")
        note = self.optional_text(raw, "note", path) or ""
        if name is None or sha is None or reliability is None or (raw.get("unit") is not None and unit_id is None):
            return None
        return EvidenceRef(
            file=name, sha256=sha.strip().lower(), reliability=reliability, method=method, kind=kind, unit=unit_id,
            object=obj, size=size, added_at=added_at, note=note, details=dict(details or {}),
        )  # fmt: skip

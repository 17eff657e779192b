"""The operations contract's facts, read from ``resources/ops/contract-sla.json``.

Fault levels, ticket kinds, contact channels, the eight security report categories (1.1.5),
the default SLA clocks, the evaluation criteria and the yearly service obligations are data,
not code; this module only gives them types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.core.paths import resource_path

CONTRACT_FILE = ("ops", "contract-sla.json")

EVENT_TYPES = (
    "reported",
    "acknowledged",
    "onsite_requested",
    "onsite_arrived",
    "restored",
    "resolved",
    "reopened",
    "plan_submitted",
    "paused",
    "resumed",
    "level_changed",
    "note",
    "closed",
)
"""The event types of ``ops-tickets/1``."""

EVENT_NAMES = {
    "reported": "报告",
    "acknowledged": "响应",
    "onsite_requested": "要求现场服务",
    "onsite_arrived": "到达现场",
    "restored": "业务恢复",
    "resolved": "解决",
    "reopened": "重新打开",
    "plan_submitted": "提交解决方案",
    "paused": "挂起",
    "resumed": "恢复计时",
    "level_changed": "等级变更",
    "note": "备注",
    "closed": "关闭",
}
"""Chinese names of the event types, for the board, the dialog and the reports."""

STATUSES = ("新建", "已响应", "处理中", "已恢复", "已解决", "已关闭")
"""The board's status columns, in order."""


@dataclass(frozen=True)
class FaultLevel:
    """One row of the contract's fault-level table (1.1.3 一、故障分级)."""

    level: int
    name: str
    priority: str
    interrupted_minutes: int | None
    channels: tuple[str, ...]
    contact: str
    description: str


@dataclass(frozen=True)
class Criterion:
    """One of the five 故障处理评定 criteria, with its 降级 and 升级 standards."""

    key: str
    name: str
    downgrade: str
    upgrade: str


@dataclass(frozen=True)
class ObligationKind:
    """A yearly service obligation of the contract (trainings, meetings, duty reports …)."""

    kind: str
    name: str
    per_year: int
    schedule: str
    source: str


@dataclass(frozen=True)
class ContractFacts:
    """Everything the contract fixes, as typed data."""

    levels: tuple[FaultLevel, ...]
    kinds: dict[str, str]
    channels: dict[str, str]
    channel_aliases: dict[str, str]
    security_categories: tuple[str, ...]
    clocks: dict[str, dict[str, Any]]
    working_hours: tuple[tuple[str, str], ...]
    at_risk_ratio: float
    yellow_ratio: float
    orange_ratio: float
    criteria: tuple[Criterion, ...]
    obligations: tuple[ObligationKind, ...]
    holiday_names: dict[str, str]

    def level(self, level: int) -> FaultLevel:
        """The row of ``level`` (1–5)."""
        return self.levels[level - 1]

    def channel_name(self, channel: str) -> str:
        """The Chinese name of a contact channel (the text itself when unknown)."""
        return self.channels.get(channel, channel)


@cache
def facts() -> ContractFacts:
    """The contract facts (read once)."""
    data = json.loads(resource_path(*CONTRACT_FILE).read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for ch in data["channels"]:
        aliases[ch["channel"]] = ch["channel"]
        aliases[ch["name"].lower()] = ch["channel"]
        for alias in ch["aliases"]:
            aliases[alias.lower()] = ch["channel"]
    return ContractFacts(
        levels=tuple(
            FaultLevel(
                level=row["level"],
                name=row["name"],
                priority=row["priority"],
                interrupted_minutes=row["interrupted_minutes"],
                channels=tuple(row["channels"]),
                contact=row["contact"],
                description=row["description"],
            )
            for row in data["levels"]
        ),
        kinds={k["kind"]: k["name"] for k in data["kinds"]},
        channels={c["channel"]: c["name"] for c in data["channels"]},
        channel_aliases=aliases,
        security_categories=tuple(data["security_categories"]),
        clocks=data["clocks"],
        working_hours=tuple((a, b) for a, b in data["working_hours"]),
        at_risk_ratio=float(data["at_risk_ratio"]),
        yellow_ratio=float(data["colour_thresholds"]["yellow"]),
        orange_ratio=float(data["colour_thresholds"]["orange"]),
        criteria=tuple(Criterion(**c) for c in data["evaluation_criteria"]),
        obligations=tuple(ObligationKind(**o) for o in data["obligations"]),
        holiday_names=dict(data["holiday_names"]),
    )


def normalise_channel(text: str) -> str:
    """Map a channel as typed (``电话``, ``WeChat``, ``qq``) to its key; unknown text is kept."""
    key = text.strip()
    return facts().channel_aliases.get(key.lower(), key)


def classify(aspect_levels: list[int]) -> int | None:
    """The overall fault level: the most severe (smallest) level of any aspect (1.1.3)."""
    return min(aspect_levels) if aspect_levels else None

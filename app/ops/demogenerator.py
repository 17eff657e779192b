"""The demo's random ticket generator: ordinary tickets drawn from the demo data file's tables.

One :class:`DemoGenerator` draws every random choice of the demo year from one
:class:`random.Random` seeded with a fixed seed, so the year is the same on every machine and
every run, as long as the draws are made in the same order (:mod:`app.ops.demotickets` makes
them). The ops benchmarks reuse it for their synthetic years.
"""

from __future__ import annotations

import random
from typing import Any

from app.ops import timeutil as tu
from app.ops.tickets import Event, Mark, Ticket

DEMO_OPS_FILE = ("demo", "ops-demo.json")
"""The demo data file (contract, policy, engineers, reporters, ticket templates), under resources/."""
_SEED = 20261126
_MIN = tu.US_PER_MINUTE
_Plan = list[tuple[str, int, dict[str, Any]]]
_WEIGHTS = {1: 1, 2: 2, 3: 4, 4: 7, 5: 7}  # severe faults are rare


class DemoGenerator:
    """Synthetic tickets built from the demo data's tables with one seeded random generator.

    Attributes:
        d: The parsed demo data file (:data:`DEMO_OPS_FILE`).
        rng: The generator every random draw comes from; the order of the draws fixes the output.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.d = data
        self.rng = random.Random(_SEED)

    def pick(self, items: list[Any]) -> Any:
        """One of ``items``, drawn from :attr:`rng`."""
        return self.rng.choice(items)

    def ticket(self, no: str, title: str, level: int, start: int, plan: _Plan, **header: Any) -> Ticket:
        """A ticket whose events are ``plan``'s ``(type, minutes after start, fields)`` steps.

        An engineer is drawn for the assignee even when ``header`` names one (the draw keeps the
        order of the random sequence the demo year was written against).

        Args:
            no: The ticket number.
            title: The ticket's title.
            level: Its initial level (1 most severe … 5).
            start: The instant of the plan's minute 0, in microseconds.
            plan: The events, each as its type, its offset in minutes and its extra fields.
            **header: Optional ``kind``, ``onsite``, ``category``, ``assignee`` and ``evaluation``.

        Returns:
            The ticket.
        """
        events = []
        for type_, offset, extra in plan:
            events.append(Event(type_, start + offset * _MIN, **extra))
        return Ticket(
            id=no,
            title=title,
            level=level,
            kind=header.get("kind", "fault"),
            onsite_required=header.get("onsite", False),
            category=header.get("category"),
            events=tuple(events),
            assignee=header.get("assignee", self.pick(self.d["engineers"])),
            evaluation=header.get("evaluation", {}),
        )

    def routine(self, start: int) -> Ticket:
        """One ordinary ticket with the usual mix of delays, pauses and escalations."""
        r = self.rng
        templates = self.d["ticket_templates"]
        tpl = r.choices(templates, weights=[_WEIGHTS[t["level"]] for t in templates])[0]
        level = tpl["level"]
        onsite = level <= 3 and r.random() < 0.25
        channel = "phone" if level <= 3 else self.pick(["wechat", "email", "qq"])
        engineer = self.pick(self.d["engineers"])
        t = 0
        plan: _Plan = [("reported", 0, {"channel": channel, "by": self.pick(self.d["reporters"])})]
        t += r.randint(32, 70) if r.random() < 0.06 else r.randint(3, 24)
        plan.append(("acknowledged", t, {"by": engineer}))
        current = level
        if level >= 3 and r.random() < 0.08:
            t += r.randint(10, 60)
            current = level - 1
            plan.append(("level_changed", t, {"level": current, "text": "影响范围扩大，升级处理"}))
        elif level <= 3 and r.random() < 0.05:
            t += r.randint(10, 60)
            current = level + 1
            plan.append(("level_changed", t, {"level": current, "text": "评估后影响较小，降级处理"}))
        if onsite:
            t += r.randint(5, 30)
            plan.append(("onsite_requested", t, {}))
            plan.append(("onsite_arrived", t + (r.randint(250, 300) if r.random() < 0.05 else r.randint(60, 200)), {}))
        if r.random() < 0.18:
            t += r.randint(15, 90)
            plan.append(("paused", t, {"reason": self.pick(self.d["pause_reasons"])}))
            t += r.randint(30, 600)
            plan.append(("resumed", t, {}))
        if current <= 3:
            t += r.randint(260, 330) if r.random() < 0.04 else r.randint(30, 180)
            plan.append(("restored", t, {"by": engineer}))
            t += r.randint(20, 300)
        else:
            t += r.randint(60, 2400)
        plan.append(("resolved", t, {"by": engineer}))
        plan.append(("closed", t + r.randint(240, 4000), {}))
        plan.sort(key=lambda item: item[1])  # the on-site arrival may come after later steps
        evaluation = self.evaluation(late=plan[1][1] > 30) if current <= 3 else {}
        return self.ticket(
            "", tpl["title"], level, start, plan, onsite=onsite, assignee=engineer, evaluation=evaluation
        )

    def evaluation(self, *, late: bool) -> dict[str, Mark]:
        """The client's marks for a ticket; the follow-up is sometimes missing (a random draw).

        Args:
            late: Whether the response was late (then the response-time mark is 升级).

        Returns:
            The marks by evaluation item.
        """
        marks = {
            "response_time": Mark("升级", "多次催促后才响应") if late else Mark("降级", "第一时间响应并通知"),
            "readiness": Mark("降级", "有应急预案"),
            "attitude": Mark("降级", "积极配合"),
            "result": Mark("降级", "业务已完全恢复"),
            "follow_up": Mark("降级", "已提交原因分析与预防措施"),
        }
        if self.rng.random() < 0.15:
            marks["follow_up"] = Mark("升级", "未提交原因分析")
        return marks

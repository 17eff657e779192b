"""The demo year's tickets: the generated year, the scripted tickets and those open "now".

The year is generated deterministically from a seed, plus scripted tickets the board and the
report should show: pauses, level changes up and down, a reopen, an outage over its 8 h, a fix
over its 12 h, security events across 国庆 2026 (one with its plan late, one resolved on the
调休 Saturday 10 October within the working-time clock), and a few tickets open "now" (relative
to the seeding time, so a freshly seeded demo has live countdowns). Events after the seeding
time are dropped, which leaves the tickets still in progress open.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

from app.core.paths import resource_path
from app.ops import timeutil as tu
from app.ops.demogenerator import DEMO_OPS_FILE, DemoGenerator
from app.ops.tickets import Ticket

_MIN = tu.US_PER_MINUTE


def _at(text: str) -> int:
    return tu.to_us(tu.parse_instant(text))


def _scripted(g: DemoGenerator) -> list[Ticket]:
    sec = g.d["security_titles"]
    eng = g.d["engineers"]
    ok = g.evaluation(late=False)
    return [
        # Level 3 with a long wait for a third party: restored 6 h after the report, 1 h 30 of it paused,
        # so 4 h 30 count — over the 4 h restore target: a breach with its pause reason in October.
        g.ticket(
            "",
            "季度考核数据无法上报（接口超时）",
            3,
            _at("2026-10-20T09:00:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "藤县人民医院信息科"}),
                ("acknowledged", 12, {}),
                ("paused", 40, {"reason": "等待第三方接口厂商排查"}),
                ("resumed", 130, {}),
                ("restored", 360, {}),
                ("resolved", 420, {}),
                ("closed", 2900, {}),
            ],
            assignee=eng[1],
            evaluation=g.evaluation(late=False),
        ),
        # Level 1: restored in time, but fixed after 13 h 50 (the 12 h fix clock is breached).
        g.ticket(
            "",
            "平台登录页面无法访问（负载均衡故障）",
            1,
            _at("2026-03-16T08:40:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "市人民医院信息科"}),
                ("acknowledged", 6, {}),
                ("onsite_requested", 15, {}),
                ("onsite_arrived", 95, {}),
                ("restored", 170, {}),
                ("resolved", 830, {}),
                ("closed", 2400, {}),
            ],
            onsite=True,
            assignee=eng[0],
            evaluation=ok,
        ),
        # Level 2, resolved, reopened the next morning, resolved again (the gap does not count).
        g.ticket(
            "",
            "数据填报保存后丢失（修复后复现）",
            2,
            _at("2026-05-12T09:10:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "岑溪市人民医院医务科"}),
                ("acknowledged", 8, {}),
                ("restored", 110, {}),
                ("resolved", 290, {}),
                ("reopened", 1430, {"text": "问题复现"}),
                ("resolved", 1640, {}),
                ("closed", 4400, {}),
            ],
            assignee=eng[1],
            evaluation=ok,
        ),
        # Level 4 escalated to 2 while paused: restore measured from reported, the pause kept.
        g.ticket(
            "",
            "多家医院考核结果页无法加载",
            4,
            _at("2026-07-08T10:00:00"),
            [
                ("reported", 0, {"channel": "wechat", "by": "市卫健委绩效考核办"}),
                ("acknowledged", 12, {}),
                ("paused", 40, {"reason": "等待医院提供账号与日志"}),
                ("level_changed", 90, {"level": 2, "text": "影响多家医院，升级为二级"}),
                ("resumed", 180, {}),
                ("restored", 250, {}),
                ("resolved", 360, {}),
                ("closed", 3000, {}),
            ],
            assignee=eng[2],
            evaluation=ok,
        ),
        # Outages: one recovered in 3 h, one after 9 h 30 (the 8 h recovery clock is breached).
        g.ticket(
            "",
            g.d["outage_titles"][0],
            1,
            _at("2026-04-21T23:20:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "值班人员"}),
                ("acknowledged", 9, {}),
                ("restored", 150, {}),
                ("resolved", 180, {}),
                ("closed", 1500, {}),
            ],
            kind="outage",
            assignee=eng[0],
            evaluation=ok,
        ),
        g.ticket(
            "",
            g.d["outage_titles"][1],
            2,
            _at("2026-08-03T14:05:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "市人民医院信息科"}),
                ("acknowledged", 11, {}),
                ("restored", 230, {}),
                ("resolved", 570, {}),
                ("closed", 2000, {}),
            ],
            kind="outage",
            assignee=eng[1],
            evaluation=g.evaluation(late=False),
        ),
        # 国庆 2026: an illegal-access attempt the evening before the holiday, plan in 12 h 50.
        g.ticket(
            "",
            sec["非法访问"],
            2,
            _at("2026-09-30T21:40:00"),
            [
                ("reported", 0, {"channel": "phone", "by": "安全值守"}),
                ("acknowledged", 12, {}),
                ("restored", 270, {}),
                ("plan_submitted", 770, {}),
                ("resolved", 1100, {}),
                ("closed", 11_870, {}),
            ],
            kind="security",
            category="非法访问",
            assignee=eng[2],
            evaluation=ok,
        ),
        # During the holiday: the plan comes after 25 h 40 (breached); resolved on the 调休 Saturday
        # 10 October, 930 of the 960 working minutes (the Saturday counts as a working day).
        g.ticket(
            "",
            sec["软件的故障"],
            4,
            _at("2026-10-04T14:20:00"),
            [
                ("reported", 0, {"channel": "email", "by": "安全值守"}),
                ("acknowledged", 21, {}),
                ("plan_submitted", 1540, {}),
                ("resolved", 8440, {}),
                ("closed", 11_400, {}),
            ],
            kind="security",
            category="软件的故障",
            assignee=eng[0],
        ),
        # The day before the holiday: resolved on the 调休 Saturday at 10:30, 30 min after its due.
        g.ticket(
            "",
            "质控报表数据显示不全（节前）",
            4,
            _at("2026-09-30T16:00:00"),
            [
                ("reported", 0, {"channel": "qq", "by": "藤县人民医院信息科"}),
                ("acknowledged", 14, {}),
                ("resolved", 14_070, {}),
                ("closed", 17_500, {}),
            ],
            assignee=eng[1],
        ),
        *(
            g.ticket(
                "",
                sec[cat],
                level,
                _at(when),
                [
                    ("reported", 0, {"channel": "phone", "by": "安全值守"}),
                    ("acknowledged", 15, {}),
                    ("restored", 130, {}),
                    ("plan_submitted", plan, {}),
                    ("resolved", plan + 240, {}),
                    ("closed", plan + 3000, {}),
                ],
                kind="security",
                category=cat,
                assignee=eng[i % 3],
            )
            for i, (cat, level, when, plan) in enumerate(
                [
                    ("无效的安全控制", 3, "2026-02-10T10:30:00", 300),
                    ("人为差错", 4, "2026-04-02T15:00:00", 600),
                    ("不符合策略或指南", 5, "2026-06-18T09:40:00", 1200),
                    ("物理安全安排的违规", 4, "2026-08-20T11:00:00", 900),
                    ("不受控的系统变更", 3, "2026-11-05T16:30:00", 480),
                    ("违背信息完整性、保密性或可用性的预期", 2, "2026-12-08T10:00:00", 700),
                ]
            )
        ),
    ]


def _live(g: DemoGenerator, now: int) -> list[Ticket]:
    """Tickets in progress at the seeding time: every colour of the board, one paused."""
    eng = g.d["engineers"]
    return [
        g.ticket(
            "",
            "医院自评提交后无反馈",
            3,
            now - 100 * _MIN,
            [("reported", 0, {"channel": "phone", "by": "蒙山县人民医院信息科"}), ("acknowledged", 10, {})],
            assignee=eng[0],
        ),
        g.ticket(
            "",
            "考核任务下发失败",
            2,
            now - 190 * _MIN,
            [
                ("reported", 0, {"channel": "phone", "by": "市卫健委绩效考核办"}),
                ("acknowledged", 7, {}),
                ("onsite_requested", 20, {}),
            ],
            onsite=True,
            assignee=eng[1],
        ),
        g.ticket(
            "",
            "用户登录后页面空白",
            1,
            now - 40 * _MIN,
            [("reported", 0, {"channel": "phone", "by": "市中医医院质控办"})],
            assignee=eng[2],
        ),
        g.ticket(
            "",
            "指标导出 Excel 格式错乱",
            4,
            now - 26 * 60 * _MIN,
            [
                ("reported", 0, {"channel": "wechat", "by": "市红十字会医院信息科"}),
                ("acknowledged", 18, {}),
                ("paused", 60, {"reason": "等待医院提供样例文件"}),
            ],
            assignee=eng[0],
        ),
        g.ticket(
            "",
            "绩效数据同步中断（已恢复，待修复根因）",
            2,
            now - 5 * 60 * _MIN,
            [
                ("reported", 0, {"channel": "phone", "by": "市人民医院信息科"}),
                ("acknowledged", 9, {}),
                ("restored", 150, {"text": "切换到备用同步任务"}),
            ],
            assignee=eng[2],
        ),
        g.ticket(
            "",
            "考核报表打印分页错位（待用户确认）",
            4,
            now - 30 * 60 * _MIN,
            [
                ("reported", 0, {"channel": "wechat", "by": "岑溪市人民医院医务科"}),
                ("acknowledged", 20, {}),
                ("resolved", 1500, {"text": "已修正打印模板，待医院确认后关闭"}),
            ],
            assignee=eng[0],
        ),
        g.ticket(
            "",
            "帮助中心搜索无结果",
            5,
            now - 8 * _MIN,
            [("reported", 0, {"channel": "qq", "by": "岑溪市人民医院医务科"})],
            assignee=eng[1],
        ),
    ]


def demo_tickets(now: int) -> list[Ticket]:
    """The demo's tickets as of instant ``now``, numbered YW-2026-0001 … in report order."""
    data = json.loads(resource_path(*DEMO_OPS_FILE).read_text(encoding="utf-8"))
    g = DemoGenerator(data)
    tickets: list[Ticket] = []
    day = date(2026, 1, 5)
    while day <= date(2026, 12, 31):
        count = g.rng.choice([0, 0, 1, 1, 1, 2]) if day.weekday() < 5 else g.rng.choice([0, 0, 0, 1])
        for _ in range(count):
            hour = g.rng.randint(8, 17) if g.rng.random() < 0.85 else g.rng.choice([6, 7, 20, 21, 22])
            start = tu.to_us(datetime(day.year, day.month, day.day, hour, g.rng.randint(0, 59), tzinfo=tu.SHANGHAI))
            tickets.append(g.routine(start))
        day += timedelta(days=1)
    tickets.extend(_scripted(g))
    tickets.extend(_live(g, now - now % _MIN))
    kept = []
    for t in sorted(tickets, key=lambda t: t.events[0].at):
        events = tuple(e for e in t.events if e.at <= now)
        if not events:
            continue
        evaluation = t.evaluation if events[-1].type == "closed" else {}
        kept.append(replace(t, events=events, evaluation=evaluation))
    numbers: dict[int, int] = {}
    out = []
    for t in kept:
        year = tu.from_us(t.events[0].at).year
        numbers[year] = numbers.get(year, 0) + 1
        out.append(replace(t, id=f"YW-{year}-{numbers[year]:04d}"))
    return out

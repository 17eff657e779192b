"""The demo case's plan: generated from the demo findings, completed with figures marked 示例.

Every cost, certificate number and filing number here is synthetic and says so (示例); nothing
is a real price or a real certificate.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.mipin.engine import CaseInput
from app.plan.model import Milestone, Plan
from app.plan.service import build_plan

EXAMPLE = "示例"
EXAMPLE_PRICES = {
    "服务器密码机": Decimal(25),
    "签名验签服务器": Decimal(18),
    "SSL VPN产品/安全网关": Decimal(15),
    "IPSec VPN产品/安全网关": Decimal(12),
    "安全门禁系统": Decimal(8),
    "智能密码钥匙": Decimal("0.5"),
}
"""Synthetic unit prices in 万元 (示例), only for the demo plan."""
MANAGEMENT_COST = Decimal(2)
INTEGRATION_COST = Decimal(3)
NA_ALTERNATIVES = {
    "NC-5": "外部设备一律经 SSL VPN（SM2 双向证书认证）接入，接入认证在 NC-1 中实现并测评",
    "DC-4": "以基于角色的访问控制和 HMAC-SM3 保护的权限配置（DC-3）实现等效控制",
    "AD-3": "以 HMAC-SM3 保护的访问控制信息（AD-2）实现等效控制",
}


def demo_plan(case: CaseInput) -> Plan:
    """The demo plan: every generated item selected, with 示例 costs, owners, dates and products."""
    plan, _ = build_plan(case)
    items = []
    bought: set[str] = set()
    for n, item in enumerate(plan.items):
        cost: Decimal | None
        if item.shared_with is not None:
            cost = None  # the same measure as its finding's item: costed there, once
        elif not item.products:
            cost = MANAGEMENT_COST
        else:
            # A shared appliance is bought once (an HA pair); later items pay for the integration.
            new = [p for p in item.products if p.type not in bought]
            cost = sum((EXAMPLE_PRICES.get(p.type, Decimal(5)) * 2 for p in new), Decimal(0)) or INTEGRATION_COST
            bought.update(p.type for p in item.products)
        near = item.phase == "近期"
        items.append(
            replace(
                item,
                cost=cost,
                cost_note=EXAMPLE if cost is not None else "",
                owner="信息科（示例）" if item.products or item.object else "综合办公室（示例）",
                target_date=date(2027, 3, 31) if near else date(2027, 9, 30),
                selected=True,
                note="" if n else "示例数据：费用与证书信息均为合成示例，非真实报价",
            )
        )
    products = tuple(
        replace(
            row,
            quantity=2,
            name=f"{row.type}（示例型号）",
            certificate_no=f"GM00{31 + n}20250{100 + n}（示例）",
            valid_until=date(2030, 6, 30),
            module_level=2,
            issuer="商用密码检测认证中心",
        )
        for n, row in enumerate(plan.products)
    )
    compliance = tuple(
        replace(row, alternative=NA_ALTERNATIVES.get(row.unit, row.alternative)) if row.verdict == "不适用" else row
        for row in plan.compliance
    )
    milestones = (
        Milestone("方案评审通过", date(2026, 12, 15), "方案评估报告（结论为通过）"),
        Milestone("近期措施完成", date(2027, 3, 31), "P1、P2 措施的实施记录与产品部署清单"),
        Milestone("中远期措施完成", date(2027, 9, 30), "P3 措施的实施记录"),
        Milestone("改造后密评", date(2027, 11, 30), "商用密码应用安全性评估报告"),
    )
    return replace(
        plan,
        organisation="示例密码应用方案编制单位（合成数据，非真实机构）",
        issued=date(2026, 11, 20),
        filing_number="45040099001-00001（示例）",
        important_data=("用户身份鉴别数据", "居民健康档案数据", "医学影像文件", "电子病历签名数据"),
        items=tuple(items),
        products=products,
        compliance=compliance,
        milestones=milestones,
        budget_note="经费来源：示例（合成数据）。各项费用为示例估算，须以实际询价为准。",
    )


def seed_demo_plan(s: Session, case_id: int) -> None:
    """Store the demo plan for the freshly seeded demo case (the seed's transaction, audited)."""
    from app.core import clock
    from app.core.paths import resource_path
    from app.mipin.engine import load_case_file
    from app.plan.plandump import dump_plan
    from app.plan.tables import CasePlan
    from app.store import audit

    data = dump_plan(demo_plan(load_case_file(resource_path("demo", "demo-case.json"))))
    s.add(CasePlan(case_id=case_id, data=data, updated_at=clock.now()))
    audit.append(s, case_id, "plan.seed_demo", "plan", None, {"items": len(data["items"])})

"""The 方案评估报告 as blocks: the conclusion, the checklist, and the history of every review."""

from __future__ import annotations

from app.mipin.engine import CaseInput
from app.plan.model import Plan, Review
from reports.plan_blocks import Block, Document, Heading, Para, Table


def review_document(case: CaseInput, plan: Plan, review: Review) -> Document:
    """The 方案评估报告 of one review, with the earlier reviews as history."""
    system = case.system.name or "被测信息系统"
    b: list[Block] = [Heading("1 评估概述")]
    b.append(
        Para(
            f"受系统责任单位委托，评估小组依据 GB/T 39786—2021、GB/T 43207—2023 及《信息系统密码应用高风险判定指引》，"
            f"对《{plan.title or system + '商用密码应用改造方案'}》（{plan.version}）进行符合性评估。"
            f"本次为第 {review.number} 次评估，评估人：{review.reviewer or '—'}，"
            f"时间：{review.at.isoformat(timespec='minutes')}。"
        )
    )
    b.append(Heading("2 评估结论"))
    failing = [r for r in review.results if not r.passed]
    must_failing = [r for r in failing if r.grade == "must"]
    b.append(Para(f"评估结论：{review.conclusion}。", note=False))
    if must_failing:
        b.append(Para("以下必须项需修改：" + "；".join(r.title for r in must_failing) + "。"))
    elif failing:
        b.append(Para("以下建议项需改进：" + "；".join(r.title for r in failing) + "。"))
    if review.note:
        b.append(Para(f"评估意见：{review.note}"))
    b.append(Heading("3 评估检查表"))
    rows = tuple(
        (
            str(n),
            r.title,
            "必须" if r.grade == "must" else "建议",
            r.result,
            "；".join([*r.findings, *([f"评估人：{r.note}"] if r.note else [])]) or "—",
        )
        for n, r in enumerate(review.results, start=1)
    )
    b.append(Table(("序号", "评估项", "类别", "结果", "说明"), rows, (10, 50, 12, 16, 0)))
    b.append(Heading("4 评估历史"))
    hist = tuple(
        (
            str(r.number),
            r.at.isoformat(timespec="minutes"),
            r.reviewer or "—",
            r.conclusion,
            str(len(r.failing)),
            r.plan_fingerprint[:16],
        )
        for r in plan.reviews
    )
    b.append(Table(("次序", "时间", "评估人", "结论", "需修改项", "方案指纹"), hist, (12, 36, 30, 18, 18, 0)))
    return Document(
        title=f"{system}商用密码应用改造方案评估报告",
        subtitle=f"方案评估报告（第 {review.number} 次评估）",
        cover_lines=(
            f"评估结论：{review.conclusion}",
            f"评估人：{review.reviewer or '—'}",
            f"日期：{review.at.date().isoformat()}",
        ),
        running_title=f"{system}方案评估报告",
        blocks=tuple(b),
    )

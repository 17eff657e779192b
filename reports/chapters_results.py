"""Chapters 5 (整体测评), 6 (风险分析) and 7 (评估结论)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph

from app.mipin.engine import HighRisk
from app.mipin.engine.definitions import TECHNICAL
from app.mipin.engine.rounding import q4
from reports.charts import layer_chart
from reports.doctemplate import Heading
from reports.frontmatter import conclusion_sentence, risk_tally, tested_text
from reports.model import ReportModel
from reports.styles import styles
from reports.tables import body, cell, data_table, text, widths
from reports.textblocks import RISK_METHOD, STATUS_LABELS

SCOPE_LABELS = {
    "object": "对象得分",
    "compensation": "结果修正",
    "unit": "单元得分",
    "layer": "层面得分",
    "group": "分组得分",
    "total": "综合得分",
    "conclusion": "评估结论",
}


def _compensation_rows(model: ReportModel) -> list[list[object]]:
    rows: list[list[object]] = []
    for unit in model.result.units:
        for obj in unit.objects:
            if obj.compensation_formula:
                rows.append(
                    [
                        cell(obj.key),
                        cell("、".join(obj.compensated_by)),
                        str(obj.raw),
                        str(obj.score),
                        text(obj.compensation_formula, styles().formula),
                    ]
                )
    return rows


def chapter5(model: ReportModel) -> list[Flowable]:
    """5 整体测评: compensation, the layer/group/total calculation, the chart and the full trace."""
    st = styles()
    r = model.result
    out: list[Flowable] = [
        Heading("5  整体测评", 0, "ch5"),
        Heading("5.1  测评结果修正", 1, "ch5-1"),
        body(
            "依据量化评估规则，仅“通信数据完整性（NC-2）与重要数据传输完整性（AD-6）”、“通信过程中重要数据的机密性"
            "（NC-3）与重要数据传输机密性（AD-4）”两组指标之间可以相互弥补，修正后得分 PB′ = MAX(0.5 × PA, PB)；"
            "同一对象有多个弥补来源时按就低原则取最低者，PB′ = MAX(0.5 × MIN(PA₁…PAₙ), PB)。"
        ),
    ]
    rows = _compensation_rows(model)
    if rows:
        out.append(
            data_table(
                ["被修正对象", "弥补来源", "修正前", "修正后", "计算式"],
                rows,
                widths(36, 36, 16, 16, 0),
                center_cols=(2, 3),
            )
        )
    else:
        out.append(body("本次评估未发生测评结果修正。"))
    layer_rows = []
    for layer in r.layers:
        units = model.layer_units(layer.code)
        applicable = sum(1 for u in units if u.score is not None)
        weighted = "—" if layer.score is None else str(q4(layer.score * layer.weight))
        layer_rows.append(
            [
                cell(layer.name_zh),
                "技术" if layer.group == TECHNICAL else "管理",
                str(layer.weight),
                f"{applicable}/{len(units)}",
                "不适用" if layer.score is None else str(layer.score),
                weighted,
            ]
        )
    groups = "；".join(f"{g.name_zh}部分 {q4(g.value)} 分（满分 {g.points} 分）" for g in r.groups)
    out += [
        # 5.2 (text, chart and layer table, about 200 mm) is kept on one page.
        CondPageBreak(186 * mm),
        Heading("5.2  整体测评结果和量化评估", 1, "ch5-2"),
        body(
            "测评对象得分 S(i,j,k) 由 D、A、K 判定及修正因子 Ra、Rk 确定；测评单元得分 S(i,j) 为其适用测评对象得分的"
            "算术平均；层面得分 S(i) = Σw·S(i,j) / Σw；综合得分 S = 70 × Σ技术 W·S(i) / Σ技术 W + 30 × Σ管理 W·S(i) / "
            "Σ管理 W，不适用的测评单元和层面不计入分子与分母。"
            "对象、单元和层面得分保留 4 位小数，综合得分保留 2 位小数，"
            "均四舍五入。"
        ),
        KeepTogether([layer_chart(r.layers), text("图 5-1  各层面得分（百分制）", st.caption)]),
        KeepTogether(
            [
                data_table(
                    ["层面", "类别", "层面权重 W", "适用单元", "层面得分 S(i)", "W × S(i)"],
                    layer_rows,
                    widths(0, 16, 24, 22, 28, 24),
                    center_cols=(1, 2, 3, 4, 5),
                ),
                text(f"表 5-1  层面得分。{groups}；综合得分 {r.total} 分。", st.caption),
            ]
        ),
        body(
            f"综合得分 S = {r.total} 分"
            + (f"（未测项按 0 计；按 1 计时为 {r.range.max} 分）" if r.untested and r.range else "")
            + f"，评估结论为“{r.conclusion}”（{r.conclusion_reason}）。"
        ),
        CondPageBreak(40 * mm),
        Heading("5.2.1  量化评估计算过程", 2, "ch5-2-1"),
        text("下表按计算顺序列出每一个得分的计算式及其实际输入，与测评引擎的计算结果逐项一致。", st.note),
    ]
    trace = [
        [str(i), SCOPE_LABELS.get(line.scope, line.scope), text(line.text, st.formula)]
        for i, line in enumerate(r.explanation, start=1)
        if line.text
    ]
    out += [data_table(["序号", "类别", "计算式"], trace, widths(14, 20, 0), center_cols=(0, 1)), PageBreak()]
    return out


def _risk_where(risk: HighRisk) -> str:
    return risk.unit + (f" / {risk.object}" if risk.object else "")


def _risk_handling(risk: HighRisk) -> str:
    parts = []
    if risk.mitigation:
        parts.append(f"缓解措施：{risk.mitigation}")
    if risk.reason:
        parts.append(f"理由：{risk.reason}")
    if not parts and risk.mitigations:
        parts.append("指引可接受的缓解措施：" + "；".join(risk.mitigations))
    if not parts:
        parts.append("该项无可接受的缓解措施")
    return "；".join(parts)


def chapter6(model: ReportModel) -> list[Flowable]:
    """6 风险分析: method, the risk table (表6-1) and the high-risk judgements (表6-2)."""
    st = styles()
    out: list[Flowable] = [Heading("6  风险分析", 0, "ch6")]
    for index, line in enumerate(RISK_METHOD, start=1):
        out.append(Paragraph(f"（{index}）{line}", st.body))
    rows = [
        [
            str(i),
            cell(f"{row.unit} {row.unit_name}"),
            cell(row.problem),
            row.likelihood,
            row.impact,
            row.risk,
            cell(row.basis),
        ]
        for i, row in enumerate(model.risks, start=1)
    ]
    out.append(text("表 6-1  安全问题风险分析", st.caption))
    if rows:
        out.append(
            data_table(
                ["序号", "测评单元", "安全问题", "可能性", "影响", "风险值", "判定依据"],
                rows,
                widths(10, 30, 0, 13, 11, 13, 26),
                center_cols=(0, 3, 4, 5),
            )
        )
    else:
        out.append(body("各测评单元均为符合或不适用，未识别安全问题。"))
    counted = "等于部分符合与不符合的测评单元数"
    if model.pending_risks:
        counted = f"部分符合与不符合的测评单元，以及 {model.pending_risks} 个尚未测完但已发现问题的测评单元"
    out.append(body(f"安全问题共 {len(model.risks)} 项（{counted}），其中{risk_tally(model)}。"))
    if model.unassessed_units:
        names = "、".join(u.unit for u in model.unassessed_units)
        out.append(
            text(f"尚未测评的测评单元（{names}）不作风险分析，也不给出默认的风险评定；测评完成后补充。", st.note)
        )
    risks = model.result.high_risks
    out.append(text("表 6-2  高风险判定", st.caption))
    if risks:
        out.append(
            data_table(
                ["指引条款", "测评单元/对象", "判定情形", "状态", "处理说明"],
                [
                    [
                        cell(f"{h.item} {h.title}"),
                        cell(_risk_where(h)),
                        cell(h.condition),
                        cell(STATUS_LABELS.get(h.status, h.status)),
                        cell(_risk_handling(h)),
                    ]
                    for h in risks
                ],
                widths(34, 32, 0, 22, 46),
            )
        )
    else:
        out.append(body("依据《信息系统密码应用高风险判定指引》未发现高风险项。"))
    open_count = len(model.result.open_high_risks)
    out += [
        body(
            f"综上，依据高风险判定指引判定的高风险项共 {len(risks)} 项，其中未缓解 {open_count} 项；"
            f"系统密码应用面临{model.risk_level}风险。"
        ),
        PageBreak(),
    ]
    return out


def chapter7(model: ReportModel) -> list[Flowable]:
    """7 评估结论."""
    st = styles()
    r = model.result
    out: list[Flowable] = [
        Heading("7  评估结论", 0, "ch7"),
        body(conclusion_sentence(model)),
        body(f"结论依据：{r.conclusion_reason}；基本符合的量化评估阈值为 {r.threshold.normalize():f} 分。"),
    ]
    if r.untested:
        out.append(
            text(
                f"本报告为草稿：{tested_text(model)}（未测项：{'、'.join(str(i) for i in r.untested[:10])}"
                f"{'等' if len(r.untested) > 10 else ''}），上述结论不得作为正式评估结论。",
                st.note,
            )
        )
    out.append(PageBreak())
    return out

"""Front matter: cover, 声明, 基本信息表, 评估结论, 总体评价, 安全问题及改进建议."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from app.mipin.engine import PENDING
from app.mipin.engine.definitions import TECHNICAL
from reports.analysis import UNRATED
from reports.doctemplate import CoverPainter, Heading
from reports.model import ReportModel, format_date
from reports.pagecanvas import COPY_BOX
from reports.styles import ACCENT, INK, MARGIN_LEFT, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE, VERDICT_COLOURS, styles
from reports.tables import body, cell, data_table, kv_table, text, widths
from reports.textblocks import DECLARATION, TEMPLATE_EDITION


def cover_painter(model: ReportModel) -> CoverPainter:
    """Return the function that draws the cover's copy-independent content."""

    def paint(canv: Canvas) -> None:
        st = styles()
        font = st.font
        canv.saveState()
        # Top band: report number left, copy-mark box (drawn per copy) right.
        canv.setFont(font, 11)
        canv.setFillColor(INK)
        _, box_y, _, box_h = COPY_BOX
        canv.drawString(MARGIN_LEFT, box_y + box_h / 2 - 4, f"报告编号：{model.report_no}")
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(2)
        canv.line(MARGIN_LEFT, PAGE_HEIGHT - 48 * mm, PAGE_WIDTH - MARGIN_LEFT, PAGE_HEIGHT - 48 * mm)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_LEFT, PAGE_HEIGHT - 49.6 * mm, PAGE_WIDTH - MARGIN_LEFT, PAGE_HEIGHT - 49.6 * mm)
        # Title block, centred.
        width = PAGE_WIDTH - 2 * MARGIN_LEFT
        name = Paragraph(escape(model.system_name), st.title)
        _, h = name.wrap(width, 200)
        top = PAGE_HEIGHT - 105 * mm
        name.drawOn(canv, MARGIN_LEFT, top - h)
        sub = Paragraph("商用密码应用安全性评估报告", st.subtitle)
        _, sh = sub.wrap(width, 100)
        sub.drawOn(canv, MARGIN_LEFT, top - h - 10 * mm - sh)
        canv.setFont(font, 12)
        canv.setFillColor(MUTED)
        canv.drawCentredString(PAGE_WIDTH / 2, top - h - 22 * mm - sh, f"（安全保护等级：{model.level_name}）")
        # Parties and date, as a left-aligned block centred on the page.
        lines = (
            ("委托单位", model.client),
            ("测评机构", f"{model.assessor}（盖章）"),
            ("报告日期", format_date(model.report_date)),
        )
        x = PAGE_WIDTH / 2 - 62 * mm
        y = 92 * mm
        canv.setFillColor(INK)
        for label, value in lines:
            canv.setFont(font, 13)
            canv.drawString(x, y, f"{label}：")
            value_par = Paragraph(escape(value), st.cover_line)
            _, vh = value_par.wrap(100 * mm, 60)
            value_par.drawOn(canv, x + 24 * mm, y - vh + 17)
            y -= max(vh, 24) + 3
        # Fingerprint, small, at the bottom.
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_LEFT, 30 * mm, PAGE_WIDTH - MARGIN_LEFT, 30 * mm)
        canv.setFont(font, 8)
        canv.setFillColor(MUTED)
        groups = " ".join(model.fingerprint[i : i + 8] for i in range(0, 64, 8))
        canv.drawCentredString(PAGE_WIDTH / 2, 24 * mm, f"案例指纹（SHA-256）：{groups}")
        canv.drawCentredString(
            PAGE_WIDTH / 2, 19.5 * mm, "核验：workbench verify-report 报告.pdf 案例.json（测评数据改变后指纹不再一致）"
        )
        canv.restoreState()

    return paint


def statement(model: ReportModel) -> list[Flowable]:
    """声明 page."""
    st = styles()
    out: list[Flowable] = [Heading("声    明", 0, "statement")]
    for index, line in enumerate(DECLARATION, start=1):
        filled = line.format(system=model.system_name, edition=TEMPLATE_EDITION)
        out.append(Paragraph(f"{index}. {escape(filled)}", st.body))
    out += [
        Spacer(1, 18 * mm),
        text(f"测评机构：{model.assessor}（盖章）", st.body),
        text(f"报告日期：{format_date(model.report_date)}", st.body),
        PageBreak(),
    ]
    return out


def basic_info(model: ReportModel) -> list[Flowable]:
    """被测信息系统基本信息表."""
    start, end = model.period
    total = model.result.counts.total
    technical = sum(len(layer.units) for layer in model.result.layers if layer.group == TECHNICAL)
    pairs = [
        ("被测信息系统名称", model.system_name),
        ("被测单位（委托单位）", model.client),
        ("安全保护等级", f"{model.level_name}（一至四）"),
        ("测评依据", "GB/T 39786—2021《信息安全技术 信息系统密码应用基本要求》"),
        ("测评指标数", f"{total} 项（技术 {technical} 项，管理 {total - technical} 项）"),
        ("测评机构", model.assessor),
        ("报告编号", model.report_no),
        ("评估时间", f"{format_date(start)} 至 {format_date(end)}"),
        ("报告日期", format_date(model.report_date)),
        ("报告模板", f"商用密码应用安全性评估报告模板（{TEMPLATE_EDITION}）"),
        ("案例指纹（SHA-256）", model.fingerprint),
    ]
    return [Heading("被测信息系统基本信息表", 0, "info"), kv_table(pairs, label_width=42 * mm), PageBreak()]


def score_text(model: ReportModel) -> str:
    """The total as printed: ``73.20`` or, with untested items, ``91.23～100.00`` (untested as 0 and 1)."""
    r = model.result
    if r.untested and r.range is not None:
        return f"{r.range.min}～{r.range.max}"
    return f"{r.total}"


def tested_text(model: ReportModel) -> str:
    """How many units have been tested, for the draft wording (empty when everything is tested)."""
    c = model.result.counts
    if not c.untested:
        return ""
    return f"{c.total} 个测评单元中已完成 {c.tested} 个，尚有 {c.untested} 个未测"


def conclusion_sentence(model: ReportModel) -> str:
    """Chapter 7's sentence: score, risk level and conclusion (暂不下结论 while untested units could change it)."""
    r = model.result
    basis = f"GB/T 39786—2021《信息安全技术 信息系统密码应用基本要求》的{model.level_name}要求"
    if r.conclusion == PENDING:
        return (
            f"经评估，{model.system_name}的{tested_text(model)}，未测项按 0～1 计时综合得分为 {score_text(model)} 分，"
            f"是否符合{basis}暂不下结论。"
        )
    if r.counts.untested:
        return (
            f"经评估，{model.system_name}的{tested_text(model)}，未测项按 0～1 计时综合得分为 {score_text(model)} 分，"
            f"系统密码应用面临{model.risk_level}风险，{r.conclusion}{basis}。"
        )
    return (
        f"经评估，{model.system_name}综合得分为{r.total}分，系统密码应用面临{model.risk_level}风险，"
        f"{r.conclusion}{basis}。"
    )


def _draft_note(model: ReportModel) -> str:
    r = model.result
    if not r.untested:
        return ""
    items = f"（未测项 {len(r.untested)} 项）" if len(r.untested) != r.counts.untested else ""
    return (
        f"注意：本报告为草稿，{tested_text(model)}{items}，"
        f"未测项按 0 分计入当前得分 {r.total} 分，不得作为正式评估结论。"
    )


def risk_tally(model: ReportModel, items: str = "") -> str:
    """``高风险 2 项，中风险 3 项，低风险 0 项`` (+ the unfinished units: unrated, or not analysed yet)."""
    text = (
        f"高风险{items} {model.risk_count('高')} 项，中风险{items} {model.risk_count('中')} 项，"
        f"低风险{items} {model.risk_count('低')} 项"
    )
    unrated = model.risk_count(UNRATED)
    if unrated:
        text += f"，尚未测完、暂未评定风险 {unrated} 项"
    if model.unassessed_units:
        text += f"（另有 {len(model.unassessed_units)} 个测评单元尚未测评，未进行风险分析）"
    return text


def assessment_conclusion(model: ReportModel) -> list[Flowable]:
    """商用密码应用安全性评估结论: the summary paragraph and a conclusion box."""
    st = styles()
    r = model.result
    c = r.counts
    start, end = model.period
    when = f"于{format_date(start)}至{format_date(end)}" if start and end else ""
    head = (
        f"受{model.client}委托，{model.assessor}{when}对{model.client}的"
        f"{model.system_name}进行了商用密码应用安全性评估。依据 GB/T 39786—2021 的{model.level_name}要求，"
    )
    tally = (
        f"符合项 {c.conform} 项，部分符合项 {c.partial} 项，"
        f"不符合项 {c.nonconform} 项，不适用项 {c.not_applicable} 项。"
    )
    if c.untested:
        summary = (
            head + f"评估共选取 {c.total} 项测评项，已完成其中 {c.tested} 项的测评工作，尚有 {c.untested} 项未测；"
            "已完成的测评项中" + tally
        )
    else:
        summary = head + f"评估已完成 {c.total} 项测评项的测评工作，其中" + tally
    risk = f"风险分析共识别安全问题 {len(model.risks)} 项，其中{risk_tally(model)}；"
    risk += (
        "依据《信息系统密码应用高风险判定指引》"
        f"判定的高风险项共 {len(r.high_risks)} 项，其中未缓解 {len(r.open_high_risks)} 项。"
    )
    colour = VERDICT_COLOURS.get(r.conclusion, INK).hexval()[2:]
    box = data_table(
        ["综合得分", "评估结论", "系统风险", "未缓解高风险"],
        [
            [
                cell(f"{score_text(model)} 分", center=True),
                Paragraph(f'<font color="#{colour}">{escape(r.conclusion)}</font>', st.cell_center),
                cell(f"{model.risk_level}风险", center=True),
                cell(f"{len(r.open_high_risks)} 项", center=True),
            ]
        ],
        widths(0, 40, 40, 40),
        center_cols=(0, 1, 2, 3),
    )
    out: list[Flowable] = [
        Heading("商用密码应用安全性评估结论", 0, "conclusion"),
        body(summary),
        body(risk),
        body(conclusion_sentence(model) + f"（{r.conclusion_reason}）"),
        Spacer(1, 4),
        box,
    ]
    note = _draft_note(model)
    if note:
        out += [Spacer(1, 6), text(note, st.note)]
    return out


def overall_evaluation(model: ReportModel) -> list[Flowable]:
    """总体评价: the indicator and risk counts, then one line per layer."""
    r = model.result
    c = r.counts
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        Heading("总体评价", 0, "overall"),
        body(
            f"依据 GB/T 39786—2021《信息安全技术 信息系统密码应用基本要求》的{model.level_name}要求，"
            f"选取的测评指标总数为 {c.total} 项，其中不适用项为 {c.not_applicable} 项，"
            + (f"未测项为 {c.untested} 项，" if c.untested else "")
            + f"特殊指标 0 项。经风险分析，{risk_tally(model, items='项')}。"
        ),
    ]
    for counts, layer in zip(model.layer_counts, r.layers, strict=True):
        score = "不适用" if layer.score is None else f"{layer.score}"
        if counts.untested and layer.score is not None:
            score += "（未测项按 0 计）"
        out.append(
            body(
                f"在{layer.name_zh}方面，层面得分为 {score}。测评结果：符合项 {counts.conform} 项，"
                f"部分符合项 {counts.partial} 项，不符合项 {counts.nonconform} 项，"
                f"不适用项 {counts.not_applicable} 项"
                + (f"，未测项 {counts.untested} 项" if counts.untested else "")
                + "。"
            )
        )
    out += [body(conclusion_sentence(model)), PageBreak()]
    return out


def issues_and_suggestions(model: ReportModel) -> list[Flowable]:
    """安全问题及改进建议, one table per layer with problems."""
    st = styles()
    out: list[Flowable] = [Heading("安全问题及改进建议", 0, "issues")]
    any_issue = False
    for layer in model.issues:
        if not layer.issues:
            continue
        any_issue = True
        rows = [
            [cell(f"{i.unit} {i.unit_name}（{i.verdict}）"), cell(i.problem), cell(i.suggestion)] for i in layer.issues
        ]
        out += [
            Heading(layer.name_zh, 2, f"issues-{layer.code}"),
            data_table(["测评单元", "问题描述", "改进建议"], rows, widths(30, 72, 0)),
            Spacer(1, 4),
        ]
    if not any_issue:
        out.append(text("各测评单元均为符合或不适用，未发现需要整改的安全问题。", st.body))
    out.append(PageBreak())
    return out


def front_matter(model: ReportModel) -> list[Flowable]:
    """All front-matter sections after the contents pages."""
    return [
        *statement(model),
        *basic_info(model),
        *assessment_conclusion(model),
        *overall_evaluation(model),
        *issues_and_suggestions(model),
    ]

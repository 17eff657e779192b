"""Appendix A (测评结果记录, tables A-1…A-8) and appendix B (过程证据)."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from app.mipin.engine import ObjectScore, UnitScore
from app.mipin.engine.caserecord import CHINA_TIME
from app.mipin.engine.definitions import TECHNICAL
from reports.doctemplate import Heading
from reports.model import ReportModel
from reports.styles import BAND_FILL, RULE, styles
from reports.tables import body, cell, data_table, lines, text, widths
from reports.textblocks import PROCESS_EVIDENCE

TECH_HEADER = ["测评单元", "测评对象", "结果记录", "D", "A", "K", "对象评分", "单元得分"]
MGMT_HEADER = ["测评单元", "测评对象", "结果记录", "符合情况", "单元得分"]


def _object_score(obj: ObjectScore) -> str:
    if obj.status == "excluded":
        return "不计入"
    if obj.status == "unit_na":
        return "—"
    if obj.status == "untested":
        return "未测"
    if obj.compensation_formula and obj.raw != obj.score:
        return f"{obj.raw}→{obj.score}"
    return str(obj.score)


def _unit_score(unit: UnitScore) -> object:
    if not unit.tested and not any(o.status == "scored" for o in unit.objects):
        return lines("未测", center=True)  # nothing measured yet: the 0 it counts as is no score
    score = "—" if unit.score is None else str(unit.score)
    return lines(score, unit.verdict, center=True)


def _tech_rows(
    model: ReportModel, units: list[UnitScore]
) -> tuple[list[list[object]], list[str | None], list[tuple[object, ...]]]:
    rows: list[list[object]] = []
    labels: list[str | None] = []
    cmds: list[tuple[object, ...]] = []
    for group, unit in enumerate(units):
        start = len(rows) + 1  # +1: the header row
        label = lines(unit.unit, unit.name_zh)
        if not unit.objects:
            # "/" means 不适用 in the legend: an untested unit shows 未测, never "/ / /".
            marks = ("未测", "—", "—") if not unit.tested else ("/", "/", "/")
            rows.append([label, cell("—"), cell(model.no_objects_reason(unit)), *marks, "—", _unit_score(unit)])
            labels.append(None)
        else:
            records = model.object_records(unit.unit)
            for index, obj in enumerate(unit.objects):
                first = index == 0
                rows.append(
                    [
                        label if first else "",
                        cell(obj.name),
                        cell(records.get(obj.name)),
                        obj.d or "未测",
                        obj.a or "—",
                        obj.k or "—",
                        _object_score(obj),
                        _unit_score(unit) if first else "",
                    ]
                )
                labels.append(f"{unit.unit}（续）")
        end = len(rows)
        cmds.append(("LINEABOVE", (0, start), (-1, start), 0.9, RULE))
        if group % 2:
            cmds.append(("BACKGROUND", (0, start), (-1, end), BAND_FILL))
    return rows, labels, cmds


def _mgmt_rows(model: ReportModel, units: list[UnitScore]) -> list[list[object]]:
    rows: list[list[object]] = []
    for unit in units:
        definition = model.catalogue.unit(unit.unit)
        record = model.unit_record(unit.unit) or ("尚未测评" if not unit.tested else None)
        rows.append(
            [
                cell(f"{unit.unit} {unit.name_zh}"),
                cell("；".join(definition.test_object_types)),
                cell(record),
                cell(unit.verdict, center=True),
                "—" if unit.score is None or not unit.tested else str(unit.score),
            ]
        )
    return rows


def appendix_a(model: ReportModel) -> list[Flowable]:
    """附录A 测评结果记录: A-1…A-4 with D/A/K and scores, A-5…A-8 with the management result."""
    st = styles()
    out: list[Flowable] = [
        Heading("附录A  测评结果记录", 0, "appA"),
        text(
            "D：密码使用有效性；A：密码算法/技术合规性；K：密钥管理安全。“√”符合，“×”不符合，“/”不适用；"
            "“a→b”表示经结果修正后的得分；“未测”表示尚未测评（草稿中按 0 分计入得分），不是不符合。",
            st.note,
        ),
    ]
    for index, layer in enumerate(model.result.layers, start=1):
        units = model.layer_units(layer.code)
        out.append(Heading(f"A-{index}  {layer.name_zh}", 1, f"appA-{index}"))
        if layer.group == TECHNICAL:
            rows, labels, cmds = _tech_rows(model, units)
            table = data_table(
                TECH_HEADER,
                rows,
                widths(26, 32, 0, 9, 9, 9, 17, 18),
                center_cols=(3, 4, 5, 6),
                extra=cmds,
                banded=False,
                group_labels=labels,
            )
        else:
            table = data_table(MGMT_HEADER, _mgmt_rows(model, units), widths(34, 48, 0, 20, 17), center_cols=(4,))
        out.append(table)
    out.append(PageBreak())
    return out


def _matches(name: str, note: str, kind: str, words: tuple[str, ...]) -> bool:
    haystack = f"{name} {note} {kind}"
    return any(w in haystack for w in words)


def appendix_b(model: ReportModel) -> list[Flowable]:
    """附录B 密评活动有效性证明记录: the B.1–B.9 items and the evidence list."""
    st = styles()
    process = [e for e in model.evidence if e.unit_id is None]
    rows = []
    for number, title, words in PROCESS_EVIDENCE:
        found = [e.original_name for e in process if _matches(e.original_name, e.note, e.kind, words)]
        rows.append([number, cell(title), cell("、".join(found) if found else "未在工作台登记（以纸质存档为准）")])
    out: list[Flowable] = [
        Heading("附录B  密评活动有效性证明记录", 0, "appB"),
        data_table(["编号", "证明材料", "对应证据"], rows, widths(16, 50, 0), center_cols=(0,)),
        Heading("B.10  测评证据清单", 1, "appB-10"),
    ]
    if not model.evidence:
        out.append(body("工作台中未登记测评证据文件。"))
        return out + _audit_section(model)
    evidence_rows = []
    for i, e in enumerate(model.evidence, start=1):
        where = "过程证据" if e.unit_id is None else e.unit_id + (f" / {e.object_name}" if e.object_name else "")
        evidence_rows.append(
            [
                str(i),
                cell(e.original_name),
                cell(where),
                cell(f"{e.kind}{('/' + e.method) if e.method else ''}"),
                e.sha256[:16],
                e.added_at.astimezone(CHINA_TIME).strftime("%Y-%m-%d") if e.added_at else "—",
            ]
        )
    out += [
        data_table(
            ["序号", "文件名", "关联", "类型/方式", "SHA-256（前16位）", "登记日期"],
            evidence_rows,
            widths(12, 0, 32, 24, 32, 20),
            center_cols=(0, 5),
        ),
        text("证据文件以 SHA-256 命名保存于工作台数据目录，可据此核对证据完整性。", st.note),
    ]
    return out + _audit_section(model)


_ACTION_NAMES = {
    "set_object_field": "录入测评对象结果",
    "set_object_fields": "录入测评对象结果",
    "set_unit_result": "录入管理测评结果",
    "set_unit_record": "填写结果记录",
    "set_checklist": "勾选测评实施",
    "set_applicable": "标记适用性",
    "set_risk_decision": "高风险判定",
    "set_risk_rating": "风险评定",
    "define_object": "定义测评对象",
    "assign_object": "分配测评对象",
}


def _audit_section(model: ReportModel) -> list[Flowable]:
    """B.11: the hash-chained audit trail of the case records (when the case came from the store)."""
    summary = model.audit
    if summary is None or not summary.records:
        return []
    st = styles()
    when = "—"
    if summary.first and summary.last:
        when = f"{summary.first:%Y-%m-%d %H:%M} 至 {summary.last:%Y-%m-%d %H:%M}"
    rows = [
        ["审计记录数", cell(str(summary.records))],
        ["记录时段", cell(when)],
        ["操作人（操作系统账户）", cell("、".join(summary.actors))],
        ["哈希链校验", cell("完整，未发现修改或删除的记录" if summary.intact else "不完整：存在被修改或删除的记录")],
    ]
    counts: dict[str, int] = {}
    for action, n in summary.by_action.items():
        label = _ACTION_NAMES.get(action, "其他操作")
        counts[label] = counts.get(label, 0) + n
    rows += [[label, cell(f"{n} 次")] for label, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return [
        Heading("B.11  测评记录审计日志摘要", 1, "appB-11"),
        data_table(["项目", "内容"], rows, widths(50, 0)),
        text(
            "每次修改均记录操作人、时间、修改前后的值，并以 SHA-256 哈希链相连，可用 workbench audit verify 校验。",
            st.note,
        ),
    ]

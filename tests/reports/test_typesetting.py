"""Typesetting details: Chinese line breaking, repeated table headers, continuation labels, the chart."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from reports.styles import NO_LINE_START, styles
from tests.reports.conftest import Report, pdf_pages

TEXT = (
    "在管理制度方面，层面得分为 0.7667。测评结果：符合项 3 项，部分符合项 3 项，不符合项 0 项，不适用项 0 项。"
    "“医学影像文件”密码算法/技术/产品不合规（A=×），得分 0.5000；“接口调用（对接广西全民健康信息平台）”"
    "密钥管理不满足要求（K=×），得分 0.6000。"
)


def _lines(paragraph: Paragraph) -> list[str]:
    out = []
    for line in paragraph.blPara.lines:
        words = line[1] if isinstance(line, tuple | list) else line.words
        out.append("".join(str(w) for w in words))
    return out


def test_no_line_starts_with_chinese_punctuation() -> None:
    st = styles()
    for style in (st.body, st.body_indent, st.cell, st.formula):
        for width in range(60, 470, 3):
            paragraph = Paragraph(TEXT, style)
            paragraph.wrap(width, 10_000)
            lines = _lines(paragraph)
            assert "".join(lines).replace(" ", "") == TEXT.replace(" ", ""), (style.name, width)
            for line in lines[1:]:
                assert line.lstrip()[:1] not in NO_LINE_START, (style.name, width, lines)


def test_long_tables_repeat_their_header_and_label_continuations(large_report: Report) -> None:
    pages = pdf_pages(large_report.pdf)
    per_copy = len(pages) // large_report.copies
    copy = pages[:per_copy]
    appendix = [p for p in copy if "测评对象" in p and "结果记录" in p and "单元得分" in p]
    assert len(appendix) > 10, "the appendix A header row is repeated on every page of the table"
    trace = [p for p in copy if "计算式" in p]
    assert len(trace) > 10, "the calculation trace header is repeated"
    assert any("（续）" in p for p in appendix)


def test_layer_chart_is_drawn_with_cjk_labels(demo_report: Report) -> None:
    text = "\n".join(pdf_pages(demo_report.pdf))
    for label in ("物理和环境", "网络和通信", "设备和计算", "应用和数据", "管理制度", "应急处置", "得分（%）"):
        assert label in text
    assert "图 5-1" in text


def test_no_line_runs_past_its_box() -> None:
    """Hung punctuation must not cross a table cell's border: every line fits its width."""
    st = styles()
    text = "数据库服务器保留 SSH-2 管理通道（AES-256-CTR、RSA-2048 主机密钥），仅运维可达，算法非国密（Ra=1）。" + TEXT
    for style in (st.body, st.cell):
        for width in range(60, 470, 3):
            paragraph = Paragraph(text, style)
            paragraph.wrap(width, 10_000)
            for line in paragraph.blPara.lines:
                extra = line[0] if isinstance(line, tuple | list) else line.extraSpace
                assert extra > -0.5, (style.name, width, _lines(paragraph))

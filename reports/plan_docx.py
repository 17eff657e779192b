"""Write a plan document (:mod:`reports.plan_blocks`) as DOCX through python-docx.

Headings use Word's built-in ``Heading 1``–``Heading 3`` styles (so Word and WPS build the
navigation pane and the table of contents from them), the contents page is a real ``TOC`` field
(updated when the document is opened), and tables are ordinary editable ``Table Grid`` tables.
The CJK font is set for the East Asian script of every style.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from app.core.atomicfile import replace_atomically
from reports.plan_blocks import Document, Heading, Para, Table

CJK_FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(style_or_run: object, font: str) -> None:
    element = style_or_run.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _toc(paragraph: object) -> None:
    """Insert a complex TOC field (levels 1-3, hyperlinks) that Word/WPS fill in on update."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-3" \\h \\z \\u'
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "（打开文档后右键“更新域”即可生成目录）"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, sep, placeholder, end):
        run._r.append(element)


def _update_fields_on_open(document: object) -> None:
    settings = document.settings.element  # type: ignore[attr-defined]
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    _east_asian(normal, CJK_FONT)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = styles[f"Heading {level}"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x23, 0x29)
        _east_asian(style, HEADING_FONT)


TEXT_WIDTH_MM = 165  # A4 less the 25 + 20 mm margins


def _widths(table: object, widths: tuple[float, ...]) -> None:
    """Column widths in mm as the block gives them (0: share what is left), so Word keeps them."""
    if not widths:
        return
    fixed = sum(widths)
    free = [w for w in widths if not w]
    rest = max(TEXT_WIDTH_MM - fixed, 20 * len(free)) / len(free) if free else 0
    scale = min(1.0, TEXT_WIDTH_MM / (fixed + rest * len(free)))
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=False):  # type: ignore[attr-defined]
        column.width = Mm((width or rest) * scale)  # the table grid (LibreOffice, WPS)
        for cell in column.cells:
            cell.width = column.width  # the cells (Word)


def _table(document: object, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = Pt(9)
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    _widths(table, block.widths)
    # Always a paragraph after a table (its caption, else an empty one): Word and WPS join two
    # tables that touch into one, with the second one's header in the middle.
    caption = document.add_paragraph(block.caption)  # type: ignore[attr-defined]
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_docx(doc: Document, path: str | Path) -> Path:
    """Write ``doc`` to ``path`` atomically (a temporary file renamed into place)."""
    target = Path(path)
    document = new_document()
    _styles(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(27), Mm(22)
    section.header.paragraphs[0].text = doc.running_title + ("（草稿）" if doc.draft else "")
    document.core_properties.title = doc.title
    document.core_properties.subject = doc.subtitle
    document.core_properties.keywords = "；".join(doc.keywords)
    for _ in range(6):
        document.add_paragraph()
    title = document.add_paragraph(doc.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].font.size = Pt(22)
    _east_asian(title.runs[0], HEADING_FONT)
    subtitle = document.add_paragraph(doc.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.draft:
        mark = document.add_paragraph("【草稿】尚有不符合项或未完成内容，不得作为正式方案")
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.runs[0].font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
    for _ in range(8):
        document.add_paragraph()
    for line in doc.cover_lines:
        p = document.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    toc_title = document.add_paragraph("目  录")
    toc_title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc_title.runs[0].font.size = Pt(16)
    _toc(document.add_paragraph())
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            p = document.add_paragraph(block.text)
            if block.note:
                p.runs[0].font.size = Pt(9)
                p.runs[0].font.color.rgb = RGBColor(0x5F, 0x66, 0x70)
            else:
                p.paragraph_format.first_line_indent = Pt(21)
        else:
            _table(document, block)
    _update_fields_on_open(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    with replace_atomically(target, prefix=".plan-", suffix=".docx") as tmp:
        document.save(str(tmp))
    return target

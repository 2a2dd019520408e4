"""Render an annual report (:class:`gongkai.law.report.Report`) to HTML, DOCX, XLSX and PDF.

All four follow the official layout of the national format (see :mod:`gongkai.reports.layout` for the
grids with their merged cells). ``render_html(report, findings=())`` marks the cells named by findings
(class ``bad`` for errors, ``warn`` for warnings) and the narrative sentences quoted by findings
(``narrative-bad``), for the auditor and the report workspace.

DOCX uses the 公文 fonts: title in 方正小标宋简体 (fallback 黑体/SimHei), headings in 黑体 and 楷体_GB2312,
body in 仿宋_GB2312 (fallback 仿宋/FangSong), set as eastAsia fonts and declared with their fallbacks in
the font table. PDF uses reportlab's built-in CID font STSong-Light (no font files needed).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from gongkai import typeset
from gongkai.law.report import Report
from gongkai.law.rules import Finding, Severity
from gongkai.reports.layout import (
    Grid,
    GridCell,
    grids,
    is_subheading,
    paragraphs,
    report_title,
    spreadsheet_value,
)
from gongkai.typeset import (
    BODY_FALLBACK,
    BODY_FONT,
    BODY_PT,
    HEADING_FONT,
    PDF_FONT,
    SUBHEADING_FONT,
    TABLE_PT,
    TITLE_FALLBACK,
    TITLE_FONT,
    TITLE_PT,
)

FORMATS = ("html", "docx", "xlsx", "pdf", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}

T4_PT = 9  # 小五: table 四 has fifteen columns


def render(report: Report, fmt: str, findings: Sequence[Finding] = ()) -> bytes:
    if fmt == "html":
        return render_html(report, findings).encode("utf-8")
    if fmt == "docx":
        return render_docx(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "json":
        return (report.to_json() + "\n").encode("utf-8")
    raise ValueError(f"不支持的格式“{fmt}”，应为 {'、'.join(FORMATS)}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the control characters that XML (DOCX, XLSX) and PDF cannot carry."""
    return _CONTROL.sub("", text or "")


def _doc_meta(report: Report) -> str:
    return json.dumps({"edition": report.edition.id, "agency": report.agency, "year": report.year},
                      ensure_ascii=False)


# --------------------------------------------------------------------------- HTML


def _mark(grid: Grid, findings: Sequence[Finding]) -> Grid:
    bad = {c for f in findings if f.severity is Severity.ERROR for c in f.cells}
    warn = {c for f in findings if f.severity is not Severity.ERROR for c in f.cells}
    for cell in grid.cells:
        if cell.ref in bad:
            cell.css = "bad"
        elif cell.ref in warn:
            cell.css = "warn"
    return grid


def _segments(line: str, quotes: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """Split a paragraph into text segments, marking the sentences quoted by findings."""
    segs: list[dict[str, Any]] = [{"text": line, "bad": False, "note": ""}]
    for quote, note in quotes:
        out: list[dict[str, Any]] = []
        for seg in segs:
            if seg["bad"] or quote not in seg["text"]:
                out.append(seg)
                continue
            before, _, after = seg["text"].partition(quote)
            if before:
                out.append({"text": before, "bad": False, "note": ""})
            out.append({"text": quote, "bad": True, "note": note})
            if after:
                out.append({"text": after, "bad": False, "note": ""})
        segs = out
    return segs


def document_context(report: Report, findings: Sequence[Finding] = ()) -> dict[str, Any]:
    """The context of ``reports/report_document.html`` (portal pages include the template with it)."""
    gs = {k: _mark(g, findings) for k, g in grids(report).items()}
    quotes: dict[str, list[str]] = {}
    for f in findings:
        if f.quote:
            quotes.setdefault(f.quote.strip(), []).append(f.message)
    qlist = [(q, "；".join(msgs)) for q, msgs in quotes.items()]
    sections = []
    for s in report.edition.sections:
        sections.append({
            "id": s.id,
            "label": s.label,
            "paragraphs": [
                {"sub": is_subheading(line), "segments": _segments(line, qlist)}
                for line in paragraphs(report.sections.get(s.id, ""))
            ],
            "grid": gs.get(s.table) if s.table else None,
        })
    return {
        "report": report,
        "title": report_title(report),
        "preamble": paragraphs(str(report.meta.get("preamble") or "")),
        "sections": sections,
    }


def render_html(report: Report, findings: Sequence[Finding] = ()) -> str:
    """The report in the official layout inside ``<div class="report-doc">`` (a fragment)."""
    from django.template.loader import render_to_string

    return render_to_string("reports/report_document.html", document_context(report, findings))


def render_html_page(report: Report, findings: Sequence[Finding] = ()) -> str:
    """A standalone HTML page (for ``gongkai render --to html``): the fragment with minimal styles."""
    from django.contrib.staticfiles import finders

    css = ""
    path = finders.find("gongkai/site.css")
    if path:
        with open(path, encoding="utf-8") as fh:
            css = fh.read()
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-hans\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(report_title(report))}</title><style>{css}</style></head>"
        f"<body><main>{render_html(report, findings)}</main></body></html>\n"
    )


# --------------------------------------------------------------------------- DOCX






def _para(doc: Any, text: str, *, font: str = BODY_FONT, size: float = BODY_PT, align: str = "justify",
          indent: bool = True, bold: bool = False, space_after: float = 0) -> Any:
    return typeset.paragraph(doc, clean(text), font=font, size=size, align=align, indent=indent, bold=bold,
                             space_after=space_after, line=max(28.0, size * 1.5))


def _docx_table(doc: Any, grid: Grid, text_width_mm: float) -> Any:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    size = T4_PT if grid.id == "t4" else TABLE_PT
    table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths) or 1
    widths = [Mm(text_width_mm * w / total) for w in grid.widths]
    # table.cell() rebuilds the whole cell list on every call; take it once (the merged rectangles are
    # disjoint, so the anchors and corners taken before merging stay valid)
    cells = table._cells
    for i, cell in enumerate(cells):
        cell.width = widths[i % grid.ncols]
    for gc in grid.cells:
        cell = cells[gc.row * grid.ncols + gc.col]
        if gc.rowspan > 1 or gc.colspan > 1:
            corner = cells[(gc.row + gc.rowspan - 1) * grid.ncols + gc.col + gc.colspan - 1]
            cell = cell.merge(corner)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if gc.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        if gc.text:
            typeset.set_font(p.add_run(clean(gc.text)), BODY_FONT, size, bold=gc.header and gc.row == 0 and grid.id != "t3")
    return table


def render_docx(report: Report) -> bytes:
    doc, section = typeset.document()
    text_width = typeset.TEXT_WIDTH_MM
    title = report_title(report)
    doc.core_properties.title = clean(title)
    doc.core_properties.author = clean(report.agency)
    doc.core_properties.subject = f"{report.year}年政府信息公开工作年度报告"
    doc.core_properties.comments = clean(_doc_meta(report))
    typeset.chinese_normal_style(doc)

    _para(doc, title, font=TITLE_FONT, size=TITLE_PT, align="center", indent=False, space_after=12)
    for line in paragraphs(str(report.meta.get("preamble") or "")):
        _para(doc, line)
    gs = grids(report)
    for s in report.edition.sections:
        _para(doc, s.label, font=HEADING_FONT, indent=True)
        for line in paragraphs(report.sections.get(s.id, "")):
            if is_subheading(line):
                _para(doc, line, font=SUBHEADING_FONT)
            else:
                _para(doc, line)
        if s.table:
            _docx_table(doc, gs[s.table], text_width)
            _para(doc, "", indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- XLSX

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
SECTIONS_SHEET = "正文"
XLSX_FIRST_ROW = 3  # grid row 0 is spreadsheet row 3 (row 1: title)


def safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: prefix ' to text starting with = + - @ tab CR."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.properties.title = clean(report_title(report))
    wb.properties.creator = "gongkai"
    wb.properties.description = clean(_doc_meta(report))
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=BODY_FALLBACK, size=10.5)
    first = True
    for gid, grid in grids(report).items():
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = SHEET_NAMES[gid]
        ws.cell(1, 1, safe(f"{report_title(report)} — {grid.title}")).font = Font(name=TITLE_FALLBACK, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.ncols)
        for gc in grid.cells:
            r, c = XLSX_FIRST_ROW + gc.row, 1 + gc.col
            if gc.ref is not None:
                cell = ws.cell(r, c, spreadsheet_value(gc.value, gc.kind))
                if gc.kind == "money":
                    cell.number_format = 'General"万"'
            else:
                cell = ws.cell(r, c, safe(gc.text))
            cell.alignment = Alignment(horizontal="left" if gc.align == "left" else "center",
                                       vertical="center", wrap_text=True)
            cell.font = font
            if gc.rowspan > 1 or gc.colspan > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r + gc.rowspan - 1,
                               end_column=c + gc.colspan - 1)
            for rr in range(r, r + gc.rowspan):
                for cc in range(c, c + gc.colspan):
                    ws.cell(rr, cc).border = border
        for i, w in enumerate(grid.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = max(8.0, w * 8)
    ws = wb.create_sheet(SECTIONS_SHEET)
    ws.append([safe("部分"), safe("正文")])
    if report.meta.get("preamble"):
        for line in paragraphs(str(report.meta["preamble"])):
            ws.append([safe("前言"), safe(line)])
    for s in report.edition.sections:
        lines = paragraphs(report.sections.get(s.id, "")) or [""]
        for line in lines:
            ws.append([safe(s.label), safe(line)])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 120
    for row in ws.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- PDF





def _pdf_table(grid: Grid, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    size = 7.5 if grid.id == "t4" else 9
    center = ParagraphStyle("c", fontName=PDF_FONT, fontSize=size, leading=size * 1.3, alignment=TA_CENTER,
                            wordWrap="CJK")
    left = ParagraphStyle("l", parent=center, alignment=TA_LEFT)
    data: list[list[Any]] = [["" for _ in range(grid.ncols)] for _ in range(grid.nrows)]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for gc in grid.cells:
        data[gc.row][gc.col] = Paragraph(escape(clean(gc.text)), left if gc.align == "left" else center)
        if gc.rowspan > 1 or gc.colspan > 1:
            style.append(("SPAN", (gc.col, gc.row), (gc.col + gc.colspan - 1, gc.row + gc.rowspan - 1)))
    total = sum(grid.widths) or 1
    table = Table(data, colWidths=[width * w / total for w in grid.widths], hAlign="CENTER",
                  repeatRows=3 if grid.id == "t3" else 0)
    table.setStyle(TableStyle(style))
    return table


def render_pdf(report: Report) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    typeset.pdf_setup()
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=12, leading=20, wordWrap="CJK",
                          alignment=TA_JUSTIFY, firstLineIndent=24)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER,
                           firstLineIndent=0, spaceAfter=12)
    heading = ParagraphStyle("h", parent=body, fontSize=13, leading=22, spaceBefore=6)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=25 * mm, bottomMargin=25 * mm, leftMargin=20 * mm,
                            rightMargin=20 * mm, title=clean(report_title(report)), author=clean(report.agency),
                            subject=clean(_doc_meta(report)))
    story: list[Any] = [Paragraph(escape(clean(report_title(report))), title)]
    for line in paragraphs(str(report.meta.get("preamble") or "")):
        story.append(Paragraph(escape(clean(line)), body))
    gs = grids(report)
    for s in report.edition.sections:
        story.append(Paragraph(escape(s.label), heading))
        for line in paragraphs(report.sections.get(s.id, "")):
            story.append(Paragraph(escape(clean(line)), body))
        if s.table:
            table = _pdf_table(gs[s.table], doc.width)
            # tables 二 and 四 are short: never split them; table 三 repeats its header rows
            story.append(Spacer(1, 4))
            story.append(table if s.table == "t3" else KeepTogether([table]))
            story.append(Spacer(1, 8))

    def page_number(canvas: Any, d: Any) -> None:
        canvas.saveState()
        canvas.setFont(PDF_FONT, 10)
        canvas.drawCentredString(d.leftMargin + d.width / 2, 12 * mm, f"— {d.page} —")
        canvas.restoreState()

    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()


def figures(report: Report) -> Iterable[GridCell]:
    """Every figure cell of the report's three tables (used by the readers and tests)."""
    for g in grids(report).values():
        yield from g.figures

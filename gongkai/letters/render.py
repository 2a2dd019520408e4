"""Letters of the 依申请公开 workflow, rendered to DOCX (python-docx) and PDF (reportlab).

Public API (called by gongkai.applications; keep these signatures)
-----------------------------------------------------------------
``LETTER_KINDS: dict[str, str]``
    kind -> Chinese title. Notices: ``receipt`` 登记回执, ``correction`` 补正告知书, ``extension`` 延期答复告知书,
    ``third_party`` 第三方意见征询函, ``third_party_override`` 公共利益公开告知书 (to the third party),
    ``other_organ`` 征求意见函 (Art. 34), ``fee_notice`` 收费通知书. Replies: ``reply_<ReplyType>`` for every
    :class:`gongkai.law.categories.ReplyType` (``reply_open``, ``reply_partial``, ``reply_withheld``,
    ``reply_unavailable``, ``reply_not_processed``, ``reply_other``); ``reply_kind(reply_type)`` gives it.
``render_letter(kind: str, context: dict, *, template: bytes | None = None) -> bytes``
    The DOCX. ``template`` is an agency's replacement template (.docx with ``{{占位符}}``); without it the
    built-in 公文 layout (GB/T 9704-2012) is generated in code.
``render_letter_pdf(kind: str, context: dict, *, template: bytes | None = None) -> bytes``
    The PDF (reportlab, built-in CID font STSong-Light: no font file needed). With an agency template the
    PDF is a plain rendering of the filled template's paragraphs and tables.
``DECISION_KINDS``
    Kinds that carry the remedies paragraph (every reply letter and ``third_party_override``).

Context keys (all optional: a missing key prints a blank line "________" or is left out, never crashes)
----------------------------------------------------------------------------------------------------
Mappings may be dicts or objects with the same attributes (e.g. an ``Agency`` instance); dates may be
``date``/``datetime`` or ISO strings; dates print in Arabic numerals (2026年11月27日, GB/T 9704-2012).

- ``agency``: ``name``, ``short_name``, ``office_name``, ``address``, ``phone``, ``review_organ``, ``court``
- ``letter_no``: the 文号, e.g. "宝规资信〔2026〕第12号"; ``date``: 成文日期
- ``applicant``: ``name``, ``address``
- ``application``: ``tracking_no``, ``received_on``, ``submitted_on``, ``channel`` (Chinese label), ``description``
- ``outcome``: an outcome code of :data:`gongkai.law.categories.OUTCOMES` (reply letters; it selects the
  reason and the article; it must belong to the letter's reply type; missing = the first of that type)
- ``answer``: free text (str or list of paragraphs) appended to the body: the clerk's own 答复内容
- ``withheld_detail`` (部分公开: what is withheld and why), ``withheld_reason`` (an outcome code of the
  不予公开 type giving the article for the withheld part)
- ``responsible_organ``: ``name``, ``phone`` (无法提供 / 不属于本机关负责公开, Art. 36(5))
- ``due_date`` (receipt), ``correction_items`` (list), ``correction_due``
- ``extension_wd``, ``extension_reason``, ``original_due``, ``new_due``
- ``fee``: ``amount``, ``method`` ("per_application"/"per_page"), ``lines`` (``gongkai.law.fees.FeeLine``
  or dicts with label/count/rate/subtotal, or strings), ``payment_due``, ``payment_method``; a
  ``gongkai.law.fees.Fee`` works too
- ``third_party``: ``name`` (or a string), ``third_party_due``, ``third_party_replied_on``,
  ``public_interest_reason``, ``disclosed_content``
- ``other_organ``: ``name`` (or a string), ``other_organ_due``
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from gongkai import typeset
from gongkai.letters.compose import (
    DECISION_KINDS,
    LETTER_KINDS,
    PLACEHOLDER_HELP,
    Composition,
    FeeTable,
    compose,
    reply_kind,
)
from gongkai.typeset import BODY_FONT, BODY_PT, LINE_PT, PDF_FONT, TITLE_FONT, TITLE_PT

__all__ = [
    "DECISION_KINDS",
    "LETTER_KINDS",
    "PLACEHOLDER_HELP",
    "PLACEHOLDER_RE",
    "builtin_template",
    "compose",
    "fill_template",
    "render_letter",
    "render_letter_pdf",
    "reply_kind",
]

RED = RGBColor(0xFF, 0x00, 0x00)
PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")


# --------------------------------------------------------------------------- public API


def render_letter(kind: str, context: Mapping[str, Any] | None, *, template: bytes | None = None) -> bytes:
    comp = compose(kind, context)
    if template:
        return fill_template(template, comp.placeholders)
    return _build_docx(comp)


def render_letter_pdf(kind: str, context: Mapping[str, Any] | None, *, template: bytes | None = None) -> bytes:
    comp = compose(kind, context)
    if template:
        return _docx_to_pdf(fill_template(template, comp.placeholders), title=comp.title)
    return _build_pdf(comp)


# --------------------------------------------------------------------------- built-in DOCX








def _red_rule(p: Any) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "FF0000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.insert_element_before(
        bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    )


def _page_number_footer(section: Any) -> None:
    """GB/T 9704-2012 7.5: page number "— 1 —" in 4号 (14 pt) Arabic numerals below the text block."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    typeset.set_font(p.add_run("— "), "宋体", 14)
    for kind, content in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        typeset.set_font(run, "宋体", 14)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif content == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = content
            run._r.append(instr)
        else:
            run.text = content
    typeset.set_font(p.add_run(" —"), "宋体", 14)


def _header_size(name: str) -> float:
    # The 发文机关标志 fits one line of the 156 mm text block (≈ 442 pt), at most 二号加大 (28 pt).
    return max(16.0, min(28.0, 440.0 / max(len(name), 1)))


def builtin_template(kind: str) -> bytes:
    """The built-in layout of ``kind`` with ``{{占位符}}`` instead of content: the starting point for an
    agency that wants its own template (download it, edit it in Word, upload it)."""
    sample = compose(kind, {})
    body: list[str | FeeTable] = ["{{答复内容}}"]
    if any(isinstance(b, FeeTable) for b in sample.body):
        body.append("{{收费明细}}")
    comp = Composition(
        kind=kind, title="{{标题}}", agency_name="{{机关名称}}", letter_no="{{文号}}", addressee="{{主送}}",
        body=body,
        basis="{{法律依据}}", remedies="{{救济途径}}" if sample.remedies else None, closing="{{结束语}}",
        date="{{日期}}", note="{{附注}}",
    )
    return _build_docx(comp, header_size=_header_size("宝山区规划和自然资源局"))


def _build_docx(comp: Composition, *, header_size: float | None = None) -> bytes:
    doc, section = typeset.document()
    doc.core_properties.title = comp.title
    doc.core_properties.author = comp.agency_name
    doc.core_properties.subject = comp.letter_no
    doc.core_properties.comments = ""
    doc.core_properties.last_modified_by = comp.agency_name
    doc.core_properties.language = "zh-CN"
    if comp.issued_on is not None:
        stamp = dt.datetime.combine(comp.issued_on, dt.time(), tzinfo=dt.UTC)
        doc.core_properties.created = doc.core_properties.modified = stamp
    typeset.chinese_normal_style(doc)
    _page_number_footer(section)

    center, right, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    head = typeset.paragraph(doc, comp.agency_name, font=TITLE_FONT, size=header_size or _header_size(comp.agency_name),
                 align=center, indent=False, color=RED, line=None, space_after=4)
    _red_rule(head)
    typeset.paragraph(doc, comp.letter_no, align=right, indent=False, line=None, space_after=12)
    typeset.paragraph(doc, comp.title, font=TITLE_FONT, size=TITLE_PT, align=center, indent=False, line=None, space_after=12)
    typeset.paragraph(doc, f"{comp.addressee}：", align=left, indent=False)
    for block in comp.body:
        if isinstance(block, FeeTable):
            _fee_table_docx(doc, block)
        else:
            typeset.paragraph(doc, block)
    if comp.remedies:
        typeset.paragraph(doc, comp.remedies)
    typeset.paragraph(doc, comp.closing)
    typeset.paragraph(doc, "")
    typeset.paragraph(doc, comp.agency_name, align=right, indent=False, right_indent=BODY_PT * 2)
    typeset.paragraph(doc, "（印章）", align=right, indent=False, right_indent=BODY_PT * 4, color=RGBColor(0x99, 0x99, 0x99))
    typeset.paragraph(doc, comp.date, align=right, indent=False, right_indent=BODY_PT * 4)
    typeset.paragraph(doc, comp.note)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _fee_table_docx(doc: Any, block: FeeTable) -> None:
    table = doc.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(block.rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if c else WD_ALIGN_PARAGRAPH.LEFT
            typeset.set_font(p.add_run(value), BODY_FONT, 14)


# --------------------------------------------------------------------------- agency templates


def iter_paragraphs(doc: Any) -> Iterator[Paragraph]:
    """Every paragraph of a document: body, tables (nested), text boxes, headers and footers."""
    containers = [doc.element.body]
    for section in doc.sections:
        for hf in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                   section.even_page_header, section.even_page_footer):
            if not hf.is_linked_to_previous:
                containers.append(hf._element)
    for container in containers:
        for p in container.iter(qn("w:p")):
            yield Paragraph(p, doc.part)


def _fill_paragraph(p: Paragraph, values: Mapping[str, str]) -> None:
    runs = list(p.runs)
    texts = [r.text for r in runs]
    full = "".join(texts)
    if "{{" not in full:
        return
    bounds, pos = [], 0
    for t in texts:
        bounds.append(pos)
        pos += len(t)
    lengths = [len(t) for t in texts]

    def run_at(offset: int) -> int:
        return next(i for i, start in enumerate(bounds) if start <= offset < start + lengths[i])

    # Right to left, so earlier offsets stay valid. A placeholder split over several runs (Word does that
    # after spell-checking or editing) is written into its first run; the pieces in later runs are removed.
    for m in reversed(list(PLACEHOLDER_RE.finditer(full))):
        value = values.get(m.group(1))
        if value is None:
            continue
        s, e = m.span()
        si, ei = run_at(s), run_at(e - 1)
        if si == ei:
            texts[si] = texts[si][: s - bounds[si]] + value + texts[si][e - bounds[si] :]
        else:
            texts[si] = texts[si][: s - bounds[si]] + value
            for k in range(si + 1, ei):
                texts[k] = ""
            texts[ei] = texts[ei][e - bounds[ei] :]
    for run, new in zip(runs, texts):
        if run.text != new:
            run.text = new


def _expand_paragraph(p: Paragraph, values: Mapping[str, str]) -> bool:
    """A paragraph holding only a placeholder whose value has several lines (e.g. ``{{答复内容}}``)
    becomes one paragraph per line, each with the paragraph's formatting (first-line indent etc.)."""
    m = PLACEHOLDER_RE.fullmatch("".join(r.text for r in p.runs).strip())
    if not m:
        return False
    value = values.get(m.group(1))
    if value is None or "\n" not in value:
        return False
    lines = value.split("\n")
    anchor = p._p
    for line in lines[1:]:
        clone = copy.deepcopy(p._p)
        anchor.addnext(clone)
        anchor = clone
        _fill_paragraph(Paragraph(clone, p._parent), {m.group(1): line})
    _fill_paragraph(p, {m.group(1): lines[0]})
    return True


def fill_template(template: bytes, values: Mapping[str, str]) -> bytes:
    """Replace ``{{占位符}}`` in every paragraph and table cell (also headers, footers, text boxes) of an
    agency's .docx template. Runs split by Word inside a placeholder are merged first; a paragraph that
    holds only a multi-line placeholder becomes several paragraphs."""
    doc = Document(io.BytesIO(template))
    for p in list(iter_paragraphs(doc)):
        if not _expand_paragraph(p, values):
            _fill_paragraph(p, values)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def template_placeholders(template: bytes) -> set[str]:
    """The placeholders a template uses (runs merged per paragraph)."""
    doc = Document(io.BytesIO(template))
    found: set[str] = set()
    for p in iter_paragraphs(doc):
        found.update(PLACEHOLDER_RE.findall("".join(r.text for r in p.runs)))
    return found


class TemplateFileError(ValueError):
    """An uploaded template is refused; the message is Chinese and shown beside the field."""


MAX_UNCOMPRESSED = 50 * 1024 * 1024


def check_template(data: bytes, *, filename: str = "", max_bytes: int | None = None) -> set[str]:
    """Check an uploaded template: size, a real DOCX (zip with word/document.xml), known placeholders.

    Returns the placeholders used; raises :class:`TemplateFileError` with a Chinese message.
    """
    if max_bytes is None:
        from django.conf import settings

        max_bytes = int(settings.GONGKAI_UPLOAD_MAX_BYTES)
    if filename and not filename.lower().endswith(".docx"):
        raise TemplateFileError("模板必须是 Word 文档（.docx 格式），不接受 .doc、.wps 或其他格式。")
    if not data:
        raise TemplateFileError("上传的模板文件是空的。")
    if len(data) > max_bytes:
        raise TemplateFileError(f"模板文件过大（{len(data) / 1048576:.1f} MB），不能超过 {max_bytes / 1048576:.0f} MB。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise TemplateFileError("上传的文件不是有效的 Word 文档（.docx）：缺少正文部分 word/document.xml。")
            if sum(i.file_size for i in zf.infolist()) > MAX_UNCOMPRESSED:
                raise TemplateFileError("模板文件解压后过大，请删除其中的大图片后重新上传。")
            if "word/vbaProject.bin" in names or b"macroEnabled" in zf.read("[Content_Types].xml"):
                raise TemplateFileError("模板不能含有宏（.docm），请另存为普通的 Word 文档（.docx）后上传。")
    except zipfile.BadZipFile as exc:
        raise TemplateFileError("上传的文件不是有效的 Word 文档（.docx），无法打开。") from exc
    try:
        used = template_placeholders(data)
    except Exception as exc:  # python-docx/lxml raise many kinds of errors on damaged files
        raise TemplateFileError("上传的 Word 文档已损坏，无法读取其内容。") from exc
    unknown = sorted(used - set(PLACEHOLDER_HELP))
    if unknown:
        listed = "、".join("{{" + u + "}}" for u in unknown)
        raise TemplateFileError(f"模板中含有不认识的占位符：{listed}。可用的占位符见下方说明。")
    if not used:
        raise TemplateFileError("模板中没有任何占位符（如 {{文号}}、{{申请人}}、{{答复内容}}），无法填入文书内容。")
    return used


def placeholder_help_text() -> str:
    return "；".join(f"{{{{{k}}}}}：{v}" for k, v in PLACEHOLDER_HELP.items())


# --------------------------------------------------------------------------- PDF






def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=PDF_FONT, fontSize=BODY_PT, leading=LINE_PT, wordWrap="CJK",
                          alignment=TA_JUSTIFY, firstLineIndent=BODY_PT * 2)
    return {
        "body": base,
        "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=base, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=BODY_PT * 2),
        "date": ParagraphStyle("date", parent=base, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=BODY_PT * 4),
        "seal": ParagraphStyle("seal", parent=base, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=BODY_PT * 4,
                               textColor=colors.grey),
        "no": ParagraphStyle("no", parent=base, firstLineIndent=0, alignment=TA_RIGHT, spaceAfter=12),
        "title": ParagraphStyle("title", parent=base, fontSize=TITLE_PT, leading=TITLE_PT * 1.5, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=12, leading=16, firstLineIndent=0, alignment=TA_CENTER),
    }


def _pdf_doc(buf: io.BytesIO, title: str, author: str = "") -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(buf, pagesize=A4, topMargin=37 * mm, bottomMargin=35 * mm, leftMargin=28 * mm,
                             rightMargin=26 * mm, title=title, author=author)


def _build_pdf(comp: Composition) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import HRFlowable, Spacer
    from reportlab.platypus import Paragraph as P

    typeset.pdf_setup()
    st = _styles()
    size = _header_size(comp.agency_name)
    head_style = ParagraphStyle("head", parent=st["body"], fontSize=size, leading=size * 1.3, alignment=TA_CENTER,
                                firstLineIndent=0, textColor=colors.red)
    e = escape
    story: list[Any] = [
        P(e(comp.agency_name), head_style),
        HRFlowable(width="100%", thickness=1.5, color=colors.red, spaceBefore=4, spaceAfter=6),
        P(e(comp.letter_no), st["no"]),
        P(e(comp.title), st["title"]),
        P(e(f"{comp.addressee}："), st["plain"]),
    ]
    for block in comp.body:
        if isinstance(block, FeeTable):
            story.append(_pdf_table(block.rows, st))
        else:
            story.append(P(e(block), st["body"]))
    if comp.remedies:
        story.append(P(e(comp.remedies), st["body"]))
    story += [
        P(e(comp.closing), st["body"]),
        Spacer(1, LINE_PT),
        P(e(comp.agency_name), st["right"]),
        P("（印章）", st["seal"]),
        P(e(comp.date), st["date"]),
        P(e(comp.note), st["body"]),
    ]
    buf = io.BytesIO()
    _pdf_doc(buf, comp.title, comp.agency_name).build(story, onFirstPage=_pdf_page_number,
                                                         onLaterPages=_pdf_page_number)
    return buf.getvalue()


def _pdf_page_number(canvas: Any, doc: Any) -> None:
    from reportlab.lib.units import mm

    canvas.saveState()
    canvas.setFont(PDF_FONT, 14)
    canvas.drawCentredString(doc.leftMargin + doc.width / 2, 35 * mm - 10 * mm, f"— {doc.page} —")
    canvas.restoreState()


def _pdf_table(rows: list[list[str]], st: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    data = [[P(escape(c), st["cell"]) for c in row] for row in rows]
    table = T(data, hAlign="CENTER", repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _iter_blocks(doc: Any) -> Iterator[Paragraph | Table]:
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc.part)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc.part)


def _docx_to_pdf(data: bytes, *, title: str) -> bytes:
    """A plain PDF of a filled agency template: its paragraphs (alignment, size, colour, first-line indent)
    and tables in order. The layout of the agency's .docx is approximated, the wording is exact."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Spacer

    typeset.pdf_setup()
    st = _styles()
    doc = Document(io.BytesIO(data))
    aligns = {WD_ALIGN_PARAGRAPH.CENTER: TA_CENTER, WD_ALIGN_PARAGRAPH.RIGHT: TA_RIGHT,
              WD_ALIGN_PARAGRAPH.JUSTIFY: TA_JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT: TA_LEFT}
    story: list[Any] = []
    for n, block in enumerate(_iter_blocks(doc)):
        if isinstance(block, Table):
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            if rows and rows[0]:
                story.append(_pdf_table(rows, st))
            continue
        content = block.text
        if not content.strip():
            story.append(Spacer(1, 12))
            continue
        sizes = [r.font.size.pt for r in block.runs if r.font.size is not None]
        size = sizes[0] if sizes else 12.0
        color = colors.black
        for r in block.runs:
            if r.font.color is not None and r.font.color.type is not None and r.font.color.rgb is not None:
                color = colors.HexColor(f"#{r.font.color.rgb}")
                break
        indent = block.paragraph_format.first_line_indent
        style = ParagraphStyle(
            f"p{n}", parent=st["body"], fontSize=size, leading=size * 1.6, textColor=color,
            alignment=aligns.get(block.alignment, TA_JUSTIFY) if block.alignment is not None else TA_JUSTIFY, firstLineIndent=indent.pt if indent else 0,
        )
        story.append(P(escape(content).replace("\n", "<br/>"), style))
    if not story:
        story.append(Spacer(1, 12))
    buf = io.BytesIO()
    _pdf_doc(buf, title).build(story)
    return buf.getvalue()

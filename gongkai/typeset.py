"""The one 公文 typesetter (GB/T 9704) shared by the letters and the annual report: fonts with their common
fallbacks, sizes, a paragraph, and the PDF set-up with Chinese line breaking."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "黑体"
HEADING_FONT = "黑体"
SUBHEADING_FONT, SUBHEADING_FALLBACK = "楷体_GB2312", "楷体"
BODY_FONT, BODY_FALLBACK = "仿宋_GB2312", "仿宋"
# Each 公文 font and the common font Word and WPS substitute where it is not installed.
FALLBACKS = ((TITLE_FONT, TITLE_FALLBACK), (BODY_FONT, BODY_FALLBACK), (SUBHEADING_FONT, SUBHEADING_FALLBACK),
             (HEADING_FONT, "SimHei"), (TITLE_FALLBACK, "SimHei"), (BODY_FALLBACK, "FangSong"))
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
LINE_PT = 29  # 22 lines per page on the 225 mm text block
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}

PDF_FONT = "STSong-Light"
# Full-width punctuation that must not start a line (GB/T 15834).
CANNOT_START_ZH = "，。、；：？！）》」』】〕〗”’…—％"


def set_font(run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name  # w:ascii and w:hAnsi
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def register_fallback_fonts(doc: Any) -> None:
    """Declare each 公文 font with its fallback (w:altName) in the document's font table."""
    rels = [r for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE]
    if not rels:
        return
    part = rels[0].target_part
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in FALLBACKS:
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "auto"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


PAGE_MM = (210, 297)  # A4
MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left (binding side), right: the 156 × 225 mm text block
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]


def document() -> tuple[Any, Any]:
    """A new A4 document with the 公文 margins and the fonts' fallbacks declared, and its section."""
    from docx import Document

    doc = Document()
    register_fallback_fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM[0]), Mm(MARGINS_MM[1])
    section.left_margin, section.right_margin = Mm(MARGINS_MM[2]), Mm(MARGINS_MM[3])
    return doc, section


def chinese_normal_style(doc: Any) -> None:
    """The document's Normal style: the body font at 三号, East Asian font and language zh-CN."""
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def paragraph(doc: Any, content: str, *, font: str = BODY_FONT, size: float = BODY_PT, align: Any = "justify",
              indent: bool = True, right_indent: float = 0, bold: bool = False, color: RGBColor | None = None,
              line: float | None = LINE_PT, space_after: float = 0) -> Any:
    """A paragraph of the document: exact line spacing ``line`` (None: the style's), first line indented by
    two characters, one run of ``content`` in ``font``."""
    p = doc.add_paragraph()
    pf = p.paragraph_format
    if line:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    pf.space_before = Pt(0)
    pf.space_after = Pt(space_after)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if right_indent:
        pf.right_indent = Pt(right_indent)
    p.alignment = ALIGN.get(align, align) if isinstance(align, str) else align
    if content:
        set_font(p.add_run(content), font, size, bold=bold, color=color)
    return p


def pdf_setup() -> None:
    """Register the CJK font; teach reportlab's line breaking (which knows only the Japanese 行頭禁則 set) the
    Chinese punctuation that must not start a line, so "，" hangs at the end of the line instead."""
    from reportlab.lib import textsplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import paragraph as rl_paragraph

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    for module in (textsplit, rl_paragraph):  # single-fragment and multi-fragment paragraphs
        missing = "".join(ch for ch in CANNOT_START_ZH if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing

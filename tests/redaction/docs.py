"""Real-looking documents made in the tests: a reply-style PDF (reportlab, CID font), a scanned page
(an image-only PDF), and a DOCX with runs, tracked changes, comments and hidden text (python-docx)."""

from __future__ import annotations

import io

from lxml import etree

ID = "310113199003071236"  # valid check digit (checked in test_suggest)
PHONE = "13812345678"
NAME = "王小明"
ADDRESS = "上海市宝山区友谊路100号"


def text_pdf(pages: int = 1, *, title: str = f"关于{NAME}的材料", extra: list[str] | None = None) -> bytes:
    """Pages of a government document: the marked strings on one line, split across spans (a font
    change in the middle) and split across two lines; metadata naming the third party."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle(title)
    c.setAuthor(NAME)
    c.setSubject(f"身份证 {ID}")
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 16)
        c.drawString(150, 780, "宝山区规划和自然资源局政府信息公开材料")
        c.setFont("STSong-Light", 12)
        c.drawString(72, 740, f"第{n}页：经查，该地块征收补偿协议的签订人为")
        # The name split over two spans (a font change inside it).
        t = c.beginText(72, 722)
        t.setFont("STSong-Light", 12)
        t.textOut(f"{NAME[0]}")
        t.setFont("STSong-Light", 12.01)
        t.textOut(f"{NAME[1:]}，居民身份证号码")
        c.drawText(t)
        # The ID number split across two lines.
        c.drawString(72, 704, f"{ID[:10]}")
        c.drawString(72, 686, f"{ID[10:]}，联系电话{PHONE}，住址{ADDRESS}。")
        c.drawString(72, 668, "补偿金额按照本市征收补偿标准确定，相关程序依法履行。")
        for i, line in enumerate(extra or []):
            c.drawString(72, 640 - 18 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf(pages: int = 1) -> tuple[bytes, tuple[int, int, int, int]]:
    """An image-only PDF (a 150 dpi A4 scan per page) with a red hatched block in pixel box ``box``."""
    import pymupdf
    from PIL import Image, ImageDraw

    box = (300, 400, 900, 520)
    out = pymupdf.open()
    for n in range(pages):
        img = Image.new("RGB", (1240, 1754), "white")
        d = ImageDraw.Draw(img)
        for x in range(box[0], box[2], 6):
            d.line([(x, box[1]), (x, box[3])], fill=(200, 0, 0), width=3)
        d.rectangle([100, 1000, 1100, 1100], fill=(0, 0, 200))  # content that must stay
        for i in range(n % 40 + 1):  # each page its own scan (a distinct image)
            d.line([(100 + 20 * i, 1300), (110 + 20 * i, 1400)], fill=(0, 0, 0), width=4)
        b = io.BytesIO()
        img.save(b, "JPEG", quality=85)
        page = out.new_page(width=595.2, height=841.92)
        page.insert_image(page.rect, stream=b.getvalue())
    out.set_metadata({"title": f"扫描件 {NAME}"})
    return out.tobytes(garbage=3, deflate=True), box


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def docx_file() -> bytes:
    """A DOCX: the name split over runs, a tracked deletion and insertion, a comment, hidden text."""
    import docx

    d = docx.Document()
    d.core_properties.author = NAME
    d.core_properties.title = f"关于{NAME}的答复材料"
    d.add_paragraph("宝山区规划和自然资源局政府信息公开材料")
    p = d.add_paragraph("经查，该地块征收补偿协议的签订人为")
    for part in (NAME[0], NAME[1], NAME[2:]):
        p.add_run(part).bold = part == NAME[1]
    p.add_run(f"，居民身份证号码{ID[:6]}")
    p.add_run(f"{ID[6:]}，联系电话{PHONE}。")
    p2 = d.add_paragraph("补偿金额按照本市征收补偿标准确定。")
    attrs = {_q("id"): "1", _q("author"): "经办人", _q("date"): "2024-01-01T00:00:00Z"}
    dl = etree.SubElement(p2._p, _q("del"), attrs)
    t = etree.SubElement(etree.SubElement(dl, _q("r")), _q("delText"))
    t.text = "已删除的内部讨论意见"
    ins = etree.SubElement(p2._p, _q("ins"), {**attrs, _q("id"): "2"})
    t = etree.SubElement(etree.SubElement(ins, _q("r")), _q("t"))
    t.text = "（以上经复核确认）"
    p3 = d.add_paragraph()
    hidden = p3.add_run("隐藏的批注文字")
    hidden.font.hidden = True
    p3.add_run("相关程序依法履行。")
    if hasattr(d, "add_comment"):  # python-docx >= 1.2
        d.add_comment(p3.runs[-1], text="评论：此处涉及领导意见", author="审核人")
    b = io.BytesIO()
    d.save(b)
    return b.getvalue()

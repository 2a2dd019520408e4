"""Scanned reports: image-only detection, OCR of a real report's scanned page, and the limits."""

import json
from io import BytesIO

import pytest

from gongkai.auditor.document import ReadError, Table
from gongkai.auditor.parsers import ocr
from gongkai.auditor.reader import read_document, sniff

from .conftest import CORPUS
from .ocr_accuracy import grid_exact

DERIVED = CORPUS / "derived"
SCAN = DERIVED / "d-scan150-02-huaian-gov-2024.pdf"  # the real Huaian PDF printed at 150 dpi, turned 0.8°, noisy
TEXT_PDF = CORPUS / "02-huaian-gov-2024.pdf"


def _pages(src, indexes) -> bytes:
    """A PDF made of some pages of another (pypdfium2 copies the page objects, images untouched)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(src.read_bytes())
    out = pdfium.PdfDocument.new()
    out.import_pages(doc, indexes)
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


def test_image_only_pdf_is_detected_and_a_text_pdf_is_not():
    data = SCAN.read_bytes()
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(data))
    assert ocr.scanned_pages(data) == list(range(n))
    assert ocr.is_image_only_pdf(data)
    assert ocr.scanned_pages(TEXT_PDF.read_bytes()) == []
    assert not ocr.is_image_only_pdf(TEXT_PDF.read_bytes())
    assert ocr.scanned_pages(b"%PDF-1.4 broken") is None


def test_images_are_sniffed_by_content():
    from PIL import Image

    for fmt in ("PNG", "JPEG", "TIFF"):
        buf = BytesIO()
        Image.new("L", (40, 20), 255).save(buf, fmt)
        assert sniff("scan.bin", buf.getvalue()) == "image", fmt


@pytest.mark.slow
def test_a_scanned_page_of_a_real_report_is_read_into_its_table():
    """Table 三's page of the scanned Huaian report: every row of numbers in its cells, labels in theirs."""
    truth = json.loads((DERIVED / "d-scan150-02-huaian-gov-2024.truth.json").read_text(encoding="utf-8"))
    page = _pages(SCAN, [2])  # the third table page: table 三 from its header to （四）1.
    doc = read_document(page, "scan.pdf")
    assert doc.meta["ocr"]["pages"] == 1
    assert abs(doc.meta["ocr"]["skew"][0] + 0.8) < 0.3  # turned back by about the angle it was scanned at
    ruled = [b for b in doc.blocks if isinstance(b, Table) and "table" in b.loc]  # rebuilt from ruling lines
    grids = [[[c.text for c in r] for r in t.rows] for t in ruled]
    assert any(["行政事业性收费", "96171.6"] in g for g in grids)  # the end of table 二 (shaded rows between)
    (t3,) = [t for t, g in zip(ruled, grids) if any("（一）予以公开" in r for r in g)]
    # each row: its label cells (a merged group label comes in its first row, like a rowspan), then 7 numbers
    rows = {" ".join(c.text for c in r[:-7]): [c.text for c in r[-7:]] for r in t3.rows if len(r) > 7}
    truth3 = truth["tables"]["t3"]
    assert rows["三、本年度办理结果 （一）予以公开"] == [str(v) for v in truth3["r3_1_open"]]
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [str(v) for v in truth3["r3_2_partial"]]
    on_page = {k: v for k, v in truth3.items() if k in (
        "r2_carry_in", "r3_1_open", "r3_2_partial", "r3_3_1", "r3_3_2", "r3_3_3", "r3_3_4", "r3_3_5",
        "r3_3_6", "r3_3_7", "r3_3_8", "r3_4_1")}
    n, ok = grid_exact(doc, on_page)
    assert (n, ok) == (len(on_page) * 7, len(on_page) * 7)


def test_too_many_pages_are_refused_before_recognition(monkeypatch):
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 2)
    with pytest.raises(ReadError, match="扫描件页数过多（需要识别4页，上限2页）"):
        read_document(SCAN.read_bytes(), "scan.pdf")


def test_an_oversized_image_is_refused_before_it_is_decoded():
    from PIL import Image

    buf = BytesIO()
    Image.new("1", (9000, 8000), 1).save(buf, "PNG")  # 72 megapixels in a few kB
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(ReadError, match="图片过大（9000×8000像素）"):
        read_document(buf.getvalue(), "huge.png")


def test_a_broken_image_is_a_clear_error():
    data = SCAN.read_bytes()
    start = data.index(b"\xff\xd8\xff")  # the first page's JPEG, cut short
    with pytest.raises(ReadError, match="图片文件损坏"):
        read_document(data[start:start + 3000], "cut.jpg")


def test_recognition_time_is_bounded(monkeypatch):
    """Past the limit, the next page is not started: a Chinese error names pages done and seconds."""
    from PIL import Image

    page = Image.open(BytesIO(_first_jpeg(SCAN.read_bytes()))).convert("L")
    small = page.crop((0, 0, page.width, 220))  # the top of a real scanned page: quick to recognise
    buf = BytesIO()
    small.save(buf, "TIFF", save_all=True, append_images=[small, small])
    monkeypatch.setattr(ocr, "MAX_OCR_SECONDS", 0.0)
    with pytest.raises(ReadError, match=r"扫描件识别超时（1/3页用时"):
        read_document(buf.getvalue(), "three.tif")


def test_an_image_is_read_as_a_scan():
    from PIL import Image

    page = Image.open(BytesIO(_first_jpeg(SCAN.read_bytes()))).convert("L")
    buf = BytesIO()
    page.crop((0, 150, page.width, 228)).save(buf, "PNG")  # the first line of the scanned page 2
    doc = read_document(buf.getvalue(), "top.png")
    assert doc.format == "image" and doc.meta["ocr"]["pages"] == 1
    text = "".join(getattr(b, "text", "") for b in doc.blocks)
    assert "营商环境高质量推进产业发展" in text


def _first_jpeg(data: bytes) -> bytes:
    start = data.index(b"\xff\xd8\xff")
    end = data.index(b"\xff\xd9", start) + 2
    return data[start:end]

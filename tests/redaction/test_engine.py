"""The engine's proof: after redaction, nothing marked survives in the output's text (every page),
metadata or images; PDFs, scans and DOCX made in the tests; bad files give a clear Chinese error."""

from __future__ import annotations

import io
import re
import zipfile

import pymupdf
import pytest

from gongkai.law.redaction import GROUNDS, ground, printed_mark
from gongkai.redaction import engine
from gongkai.redaction.engine import BoxMark, RedactionError, TextMark, redact
from tests.redaction import docs

SECRETS = [docs.NAME, docs.ID, docs.PHONE, docs.ADDRESS]


def _all_text(pdf: bytes) -> str:
    """Every page's text (whitespace removed), the metadata, the XML metadata, and the raw text of
    every object's strings — what an applicant could get out of the file."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    parts = [engine.page_text(p) for p in doc]
    parts += [p.get_text("text") for p in doc]
    parts.append(" ".join(str(v) for v in doc.metadata.values()))
    parts.append(doc.get_xml_metadata())
    for xref in range(1, doc.xref_length()):
        try:
            parts.append(doc.xref_object(xref))
        except Exception:  # noqa: BLE001 - free object numbers
            pass
    parts.append(str(doc.embfile_names()))
    return "".join(re.sub(r"\s", "", s) for s in parts)


def _marks() -> list[engine.Mark]:
    return [TextMark(s, "third_party_rights") for s in SECRETS]


def test_printed_marks_come_from_the_articles() -> None:
    assert printed_mark("《条例》第十五条、第三十二条") == "〔第十五条〕"
    assert ground("third_party_rights").mark == "〔第十五条〕"
    assert ground("internal_affairs").mark == "〔第十六条第一款〕"
    assert ground("state_secret").mark == "〔第十四条〕"
    codes = {g.code for g in GROUNDS}
    assert "process_information" in codes and "administrative_query" not in codes
    with pytest.raises(KeyError):
        ground("A37_partial")


def test_text_pdf_marked_strings_gone_everywhere() -> None:
    pdf = docs.text_pdf(pages=3)
    before = _all_text(pdf)
    assert docs.NAME in before and docs.ID in engine.extract_text(pdf)[0]  # split over lines, found joined
    result = redact(pdf, _marks())
    after = _all_text(result.pdf)
    for s in SECRETS:
        assert s not in after, s
        assert s not in "".join(engine.extract_text(result.pdf))
    assert result.not_found == []
    # Kept text stays; each page carries the printed reason.
    pages = engine.extract_text(result.pdf)
    assert len(pages) == 3
    for p in pages:
        assert "补偿金额按照本市征收补偿标准确定" in p
        assert "〔第十五条〕" in p
    # The log: one entry per occurrence per page, the ID's occurrence over two rectangles (two lines).
    ids = [e for e in result.log if e.what == docs.ID]
    assert [e.page for e in ids] == [1, 2, 3]
    assert all(len(e.rects) == 2 and e.mark == "〔第十五条〕" for e in ids)


def test_name_split_across_spans_removed() -> None:
    pdf = docs.text_pdf()
    doc = pymupdf.open(stream=pdf)
    spans = [
        "".join(ch["c"] for ch in span["chars"])
        for block in doc[0].get_text("rawdict")["blocks"]
        for line in block.get("lines", ())
        for span in line["spans"]
    ]
    assert docs.NAME[0] in spans and not any(docs.NAME in s for s in spans)  # two spans
    assert doc[0].search_for(docs.ID) == []  # MuPDF's own search misses the ID over two lines
    result = redact(pdf, [TextMark(docs.NAME, "third_party_rights")])
    assert docs.NAME not in _all_text(result.pdf)
    assert docs.NAME[1:] not in _all_text(result.pdf)


def test_metadata_annotations_attachments_scripts_stripped() -> None:
    pdf = docs.text_pdf()
    doc = pymupdf.open(stream=pdf)
    page = doc[0]
    page.add_text_annot((300, 300), f"批注：{docs.NAME}")
    page.add_freetext_annot(pymupdf.Rect(300, 400, 500, 450), "内部意见")
    doc.embfile_add("secret.txt", f"附件 {docs.PHONE}".encode(), filename="secret.txt")
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{docs.NAME}</x:xmpmeta>")
    cat = doc.pdf_catalog()
    js = doc.get_new_xref()
    doc.update_object(js, "<< /S /JavaScript /JS (app.alert\\('x'\\)) >>")
    doc.xref_set_key(cat, "OpenAction", f"{js} 0 R")
    first = doc.tobytes()
    result = redact(first, [TextMark(docs.PHONE, "third_party_rights")])
    out = pymupdf.open(stream=result.pdf)
    assert list(out[0].annots()) == []
    assert out.embfile_count() == 0
    assert out.get_xml_metadata() == ""
    raw = result.pdf
    assert b"JavaScript" not in raw and b"OpenAction" not in raw and b"EmbeddedFile" not in raw
    assert raw.count(b"%%EOF") == 1  # one revision
    assert docs.PHONE not in _all_text(result.pdf) and docs.NAME not in out.metadata.get("author", "")
    assert "内部意见" not in _all_text(result.pdf)


def test_earlier_revision_dropped(tmp_path) -> None:
    path = tmp_path / "rev.pdf"
    path.write_bytes(docs.text_pdf())
    doc = pymupdf.open(path)
    doc[0].insert_text((72, 500), "修订后新增一行", fontname="china-s")
    doc.saveIncr()
    doc.close()
    data = path.read_bytes()
    assert data.count(b"%%EOF") == 2
    result = redact(data, [TextMark(docs.NAME, "third_party_rights")])
    assert result.pdf.count(b"%%EOF") == 1
    assert "修订后新增一行" in engine.extract_text(result.pdf)[0]


def test_box_removes_text_vectors_and_labels() -> None:
    pdf = docs.text_pdf()
    doc = pymupdf.open(stream=pdf)
    page = doc[0]
    # A vector signature inside the box, and one outside it.
    page.draw_line((420, 300), (520, 330), color=(0, 0, 1), width=2)
    page.draw_line((420, 600), (520, 630), color=(0, 1, 0), width=2)
    pdf = doc.tobytes()
    rects = [r for r in page.search_for("补偿金额")]
    assert rects
    r = rects[0]
    box = BoxMark(1, r.x0 - 1, r.y0 - 1, r.x1 + 1, r.y1 + 1, "process_information")
    sig = BoxMark(1, 400, 280, 540, 350, "internal_affairs")
    result = redact(pdf, [box, sig])
    out = pymupdf.open(stream=result.pdf)
    text = engine.page_text(out[0])
    assert "补偿金额" not in text and "按照本市征收补偿标准确定" in text
    assert "〔第十六条第二款〕" in text
    colours = [d.get("color") for d in out[0].get_drawings()]
    assert (0.0, 0.0, 1.0) not in colours  # the line under the box is gone, not covered
    assert (0.0, 1.0, 0.0) in colours  # the other stays
    assert [(e.kind, e.reason) for e in result.log] == [("box", "process_information"), ("box", "internal_affairs")]


def test_scanned_pdf_pixels_rewritten() -> None:
    pdf, (x0, y0, x1, y1) = docs.scanned_pdf(pages=2)
    s = 595.2 / 1240  # points per pixel
    result = redact(pdf, [BoxMark(2, x0 * s, y0 * s, x1 * s, y1 * s, "third_party_rights")])
    out = pymupdf.open(stream=result.pdf)
    assert docs.NAME not in _all_text(result.pdf)
    for pno, hatched in ((0, True), (1, False)):
        xref = out[pno].get_images(full=True)[0][0]
        pix = pymupdf.Pixmap(out, xref)
        assert (pix.width, pix.height) == (1240, 1754)  # not resampled
        under = [pix.pixel(x, y) for x in range(x0 + 4, x1 - 4, 2) for y in (y0 + 10, (y0 + y1) // 2, y1 - 10)]
        reds = sum(1 for p in under if p[0] > 150 and p[1] < 80)
        if hatched:
            assert reds > 50  # page 1 untouched
        else:
            assert reds == 0  # page 2: every pixel under the box rewritten
        kept = pix.pixel(600, 1050)
        assert kept[2] > 150 and kept[0] < 80  # content outside the box stays


def test_image_upload_becomes_pdf() -> None:
    from PIL import Image

    b = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(b, "PNG")
    pdf = engine.to_pdf(b.getvalue(), "scan.png")
    assert engine.page_sizes(pdf) and len(engine.page_sizes(pdf)) == 1
    assert engine.render_page(pdf, 1, width=200)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(engine.soffice() is None, reason="LibreOffice (Debian libreoffice-writer-nogui) not installed")
def test_docx_converted_tracked_changes_and_comments_never_reach_output() -> None:
    data = docs.docx_file()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert "已删除的内部讨论意见" in xml and "w:del " in xml
    pdf = engine.to_pdf(data, "答复材料.docx")
    working = "".join(engine.extract_text(pdf))
    assert docs.NAME in working and docs.ID in working  # runs joined
    assert "以上经复核确认" in working  # insertion accepted
    for gone in ("已删除的内部讨论意见", "隐藏的批注文字", "评论：此处涉及领导意见"):
        assert gone not in working
    result = redact(pdf, [TextMark(docs.NAME, "third_party_rights"), TextMark(docs.ID, "third_party_rights")])
    after = _all_text(result.pdf)
    for s in (docs.NAME, docs.ID, "已删除的内部讨论意见", "评论：此处涉及领导意见"):
        assert s not in after
    assert "补偿金额按照本市征收补偿标准确定" in after


def test_clean_docx_removes_comment_parts() -> None:
    cleaned = engine.clean_docx(docs.docx_file())
    with zipfile.ZipFile(io.BytesIO(cleaned)) as z:
        names = z.namelist()
        xml = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert not any("comments" in n for n in names) and "comments" not in rels
    assert "已删除的内部讨论意见" not in xml and "隐藏的批注文字" not in xml
    assert "commentReference" not in xml and "（以上经复核确认）" in xml


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"%PDF-1.7\n garbage garbage", "损坏"),
        (b"PK\x03\x04 not a zip", "损坏"),
        (b"GIF89a....", "不支持的文件类型"),
    ],
)
def test_bad_files_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(RedactionError, match=message):
        engine.to_pdf(data, "x")


def test_encrypted_and_huge_refused() -> None:
    doc = pymupdf.open(stream=docs.text_pdf())
    enc = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="u")
    with pytest.raises(RedactionError, match="已加密"):
        redact(enc, _marks())
    with pytest.raises(RedactionError, match="文件过大"):
        engine.to_pdf(docs.text_pdf(), "x.pdf", max_bytes=1000)
    with pytest.raises(RedactionError, match="超过上限 2 页"):
        engine.to_pdf(docs.text_pdf(pages=3), "x.pdf", max_pages=2)
    truncated = docs.text_pdf()[:200]
    with pytest.raises(RedactionError):
        redact(truncated, _marks())


def test_out_of_range_box_and_unknown_reason() -> None:
    pdf = docs.text_pdf()
    with pytest.raises(RedactionError, match="超出范围"):
        redact(pdf, [BoxMark(5, 0, 0, 10, 10, "third_party_rights")])
    with pytest.raises(KeyError):
        redact(pdf, [BoxMark(1, 0, 0, 10, 10, "no_such_reason")])


def test_text_not_found_reported() -> None:
    result = redact(docs.text_pdf(), [TextMark("不存在的字符串", "third_party_rights")])
    assert result.not_found == ["不存在的字符串"] and result.log == []

"""The redaction engine: pure functions over bytes (no Django), PyMuPDF underneath.

``to_pdf`` turns an upload (PDF, DOCX, or a scanned image) into the working PDF the marks are drawn on.
``redact`` applies marks to a working PDF and returns a released PDF in which nothing under a mark
survives: MuPDF's redaction annotations are applied (text under the box removed, image pixels under it
blanked and the image rewritten, vector paths touching it removed), then every annotation, form field,
link, attachment, script, metadata, thumbnail and hidden text is scrubbed, hidden layers are switched on
(nothing the clerk did not see reaches the applicant) and the file is written anew (garbage collected,
content streams cleaned, never incremental: earlier revisions are gone). Each box is labelled with its
printed reason (e.g. "〔第十五条〕"). After writing, the output is read back and every text mark is
searched for again; a survivor is an error, never a released file.

Errors are ``RedactionError`` with a Chinese message for the user.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from gongkai.law.redaction import GROUNDS, ground

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
DOCX_TIMEOUT = 180  # seconds for LibreOffice
LABEL_FONT = "china-s"  # MuPDF's built-in simplified Chinese font: no font file needed

_LABELS = sorted({"".join(g.mark.split()) for g in GROUNDS}, key=len, reverse=True)

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


class RedactionError(Exception):
    """Bad input or a failed redaction; ``str(e)`` is the Chinese message for the user."""


@dataclass(frozen=True)
class TextMark:
    """Every occurrence of ``text`` (whitespace and line breaks ignored) on ``page`` (1-based), or on
    every page if ``page`` is None."""

    text: str
    reason: str
    page: int | None = None
    note: str = ""


@dataclass(frozen=True)
class BoxMark:
    """A rectangle on ``page`` (1-based), in PDF points from the page's top-left corner."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    reason: str
    note: str = ""


Mark = TextMark | BoxMark


@dataclass(frozen=True)
class LogEntry:
    page: int
    kind: str  # "text" or "box"
    what: str  # the marked text, or the box as "x0,y0,x1,y1"
    reason: str
    mark: str  # printed label, e.g. 〔第十五条〕
    rects: tuple[tuple[float, float, float, float], ...]
    note: str = ""


@dataclass
class Result:
    pdf: bytes
    pages: int
    log: list[LogEntry] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # text marks found on no page


# ---------------------------------------------------------------------------------------------- input


def sniff(data: bytes, filename: str = "") -> str:
    """"pdf", "docx" or "image" from the content (the name only breaks ties); RedactionError otherwise."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise RedactionError("文件已损坏，无法读取（压缩包结构错误）。") from None
        raise RedactionError("不支持的文件类型：仅支持 PDF、Word（.docx）和扫描图片（JPEG、PNG、TIFF）。")
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if filename.lower().endswith(".doc"):
        raise RedactionError("不支持旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后上传。")
    raise RedactionError("不支持的文件类型：仅支持 PDF、Word（.docx）和扫描图片（JPEG、PNG、TIFF）。")


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise RedactionError("文件为空。")
    if len(data) > max_bytes:
        raise RedactionError(f"文件过大（{len(data) / 1048576:.1f} MB），上限为 {max_bytes / 1048576:.0f} MB。")


def open_pdf(data: bytes, *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES) -> pymupdf.Document:
    """Open a PDF, refusing what cannot be redacted safely with a Chinese message."""
    _check_size(data, max_bytes)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # MuPDF raises its own errors for unreadable files
        raise RedactionError("PDF 文件已损坏，无法读取。") from None
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise RedactionError("PDF 文件已加密（设有密码或权限保护），请解除保护后再上传。")
    if doc.page_count == 0:
        doc.close()
        raise RedactionError("PDF 文件已损坏或没有页面。")
    if doc.page_count > max_pages:
        n = doc.page_count
        doc.close()
        raise RedactionError(f"PDF 共 {n} 页，超过上限 {max_pages} 页，请拆分后上传。")
    try:
        for page in doc:  # a damaged page tree fails here, not half-way through a redaction
            page.rect  # noqa: B018
    except Exception:
        doc.close()
        raise RedactionError("PDF 文件已损坏，部分页面无法读取。") from None
    return doc


def to_pdf(data: bytes, filename: str = "", *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES) -> bytes:
    """The working PDF of an upload: a PDF as it is (after checks), a DOCX converted (tracked changes
    accepted and comments dropped first), an image as one page per frame."""
    _check_size(data, max_bytes)
    kind = sniff(data, filename)
    if kind == "pdf":
        open_pdf(data, max_bytes=max_bytes, max_pages=max_pages).close()
        return data
    if kind == "docx":
        pdf = docx_to_pdf(data)
    else:
        pdf = _image_to_pdf(data)
    open_pdf(pdf, max_bytes=max(max_bytes, len(pdf)), max_pages=max_pages).close()
    return pdf


def _image_to_pdf(data: bytes) -> bytes:
    """One page per frame, the image kept at its own resolution (a scan is not resampled)."""
    try:
        img = pymupdf.open(stream=data)
        pdf: bytes = img.convert_to_pdf()
        img.close()
        return pdf
    except Exception:
        raise RedactionError("图片文件已损坏，无法读取。") from None


# ------------------------------------------------------------------------------------------------ DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def clean_docx(data: bytes) -> bytes:
    """The DOCX with every tracked change accepted (deletions gone, insertions kept, format changes
    dropped), comments removed (anchors, references and the comments parts), and hidden (vanish) text
    removed, so that none of them can reach the PDF."""
    from lxml import etree

    def q(tag: str) -> str:
        return f"{{{W}}}{tag}"

    remove_whole = [q(t) for t in ("del", "moveFrom", "commentRangeStart", "commentRangeEnd", "commentReference",
                                   "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                                   "tcPrChange", "tblGridChange", "numberingChange", "moveFromRangeStart",
                                   "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlDelRangeStart",
                                   "customXmlDelRangeEnd")]
    unwrap = [q(t) for t in ("ins", "moveTo")]
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        out_buf = io.BytesIO()
        with src, zipfile.ZipFile(out_buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                name = info.filename
                if re.match(r"^word/comments(Extended|Ids|Extensible)?\.xml$", name) or name.startswith("word/people"):
                    continue
                raw = src.read(name)
                if _PARTS.match(name):
                    root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, huge_tree=True))
                    for el in list(root.iter(*remove_whole)):
                        parent = el.getparent()
                        if parent is not None:
                            parent.remove(el)
                    # A run whose properties say vanish (hidden text) goes.
                    for vanish in list(root.iter(q("vanish"))):
                        rpr = vanish.getparent()
                        run = rpr.getparent() if rpr is not None else None
                        if run is not None and run.tag == q("r") and run.getparent() is not None:
                            run.getparent().remove(run)
                    for el in list(root.iter(*unwrap)):
                        parent = el.getparent()
                        if parent is None:
                            continue
                        idx = parent.index(el)
                        for child in list(el):
                            parent.insert(idx, child)
                            idx += 1
                        parent.remove(el)
                    # A paragraph mark recorded as deleted: its rPr/del went above; nothing more to do.
                    raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                elif name == "word/_rels/document.xml.rels":
                    root = etree.fromstring(raw)
                    for rel in list(root):
                        if "comments" in (rel.get("Type") or "") or "people" in (rel.get("Type") or ""):
                            root.remove(rel)
                    raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                elif name == "[Content_Types].xml":
                    root = etree.fromstring(raw)
                    for ov in list(root):
                        part = ov.get("PartName") or ""
                        if re.match(r"^/word/(comments|people)", part):
                            root.remove(ov)
                    raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                elif name == "word/settings.xml":
                    root = etree.fromstring(raw)
                    for el in list(root.iter(q("trackRevisions"))):
                        el.getparent().remove(el)
                    raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                dst.writestr(info, raw)
        return out_buf.getvalue()
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        raise RedactionError("Word 文件已损坏，无法读取。") from None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = DOCX_TIMEOUT) -> bytes:
    """DOCX -> PDF with LibreOffice headless (its own throw-away profile, so runs do not collide)."""
    cleaned = clean_docx(data)
    exe = soffice()
    if exe is None:
        raise RedactionError("服务器未安装 LibreOffice，无法转换 Word 文件；请上传 PDF。")
    with tempfile.TemporaryDirectory(prefix="gongkai-docx-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(cleaned)
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(src)]
        env = dict(os.environ, HOME=tmp)
        try:
            subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise RedactionError("Word 文件转换超时，请另存为 PDF 后上传。") from None
        out = Path(tmp) / "document.pdf"
        if not out.exists() or out.stat().st_size == 0:
            raise RedactionError("Word 文件已损坏或无法转换，请另存为 PDF 后上传。")
        return out.read_bytes()


# ------------------------------------------------------------------------------------- finding text


def _norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())


def page_chars(page: pymupdf.Page) -> tuple[str, list[tuple[pymupdf.Rect, int]]]:
    """The page's text without whitespace (NFKC), and for each character its box and its line number."""
    chars: list[str] = []
    boxes: list[tuple[pymupdf.Rect, int]] = []
    line_no = 0
    raw = page.get_text("rawdict", flags=pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP)
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            line_no += 1
            for span in line["spans"]:
                for ch in span["chars"]:
                    for c in _norm(ch["c"]):
                        chars.append(c)
                        boxes.append((pymupdf.Rect(ch["bbox"]), line_no))
    return "".join(chars), boxes


def find_text(
    page: pymupdf.Page, text: str, chars: tuple[str, list[tuple[pymupdf.Rect, int]]] | None = None
) -> list[list[pymupdf.Rect]]:
    """Each occurrence of ``text`` on the page (whitespace and line breaks ignored, across spans and
    lines) as its rectangles, one per line it runs over. ``chars``: the page's ``page_chars``, if known."""
    needle = _norm(text)
    if not needle:
        return []
    hay, boxes = chars if chars is not None else page_chars(page)
    found: list[list[pymupdf.Rect]] = []
    start = hay.find(needle)
    while start >= 0:
        per_line: dict[int, pymupdf.Rect] = {}
        for rect, line in boxes[start : start + len(needle)]:
            if line in per_line:
                per_line[line] |= rect
            else:
                per_line[line] = pymupdf.Rect(rect)
        found.append(list(per_line.values()))
        start = hay.find(needle, start + len(needle))
    return found


def _chars_inside(page: pymupdf.Page, rect: pymupdf.Rect) -> str:
    """The characters whose centre lies in ``rect`` (whitespace removed)."""
    out: list[str] = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, y0, x1, y1 = ch["bbox"]
                    if rect.contains(pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)):
                        out.append(ch["c"])
    return _norm("".join(out))


def page_text(page: pymupdf.Page) -> str:
    return page_chars(page)[0]


# ------------------------------------------------------------------------------------------- redact


def _label(page: pymupdf.Page, rect: pymupdf.Rect, text: str, fonts: dict[str, int]) -> None:
    """The printed reason, white on the black box, as large as fits (none if the box is tiny). The label
    font is embedded once per document (``fonts`` remembers its object) and referenced from each page."""
    size = min(rect.height * 0.75, rect.width / max(len(text), 1) * 0.95, 14.0)
    if size < 3:
        return
    doc = page.parent
    if LABEL_FONT in fonts and not any(f[4] == LABEL_FONT for f in page.get_fonts()):
        # Only where the page has its own Resources (an inherited one must not be replaced).
        if doc.xref_get_key(page.xref, "Resources")[0] in ("dict", "xref"):
            doc.xref_set_key(page.xref, f"Resources/Font/{LABEL_FONT}", f"{fonts[LABEL_FONT]} 0 R")
    x = rect.x0 + (rect.width - size * len(text)) / 2
    y = rect.y0 + (rect.height + size * 0.8) / 2
    page.insert_text((x, y), text, fontname=LABEL_FONT, fontsize=size, color=(1, 1, 1))
    if LABEL_FONT not in fonts:
        fonts.update({f[4]: f[0] for f in page.get_fonts() if f[4] == LABEL_FONT})


def _pad(rect: pymupdf.Rect) -> pymupdf.Rect:
    # Glyph boxes from the font metrics can be a hair short of the ink: widen vertically a little.
    h = rect.height
    return pymupdf.Rect(rect.x0, rect.y0 - h * 0.05, rect.x1, rect.y1 + h * 0.05)


def redact(
    pdf: bytes,
    marks: Sequence[Mark],
    *,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    labels: bool = True,
) -> Result:
    """Apply ``marks`` to the working PDF ``pdf``; the released PDF and the log."""
    for m in marks:
        ground(m.reason)  # KeyError for an unknown code, before any work
    doc = open_pdf(pdf, max_bytes=max_bytes, max_pages=max_pages)
    try:
        return _redact(doc, marks, labels=labels)
    finally:
        doc.close()


def _redact(doc: pymupdf.Document, marks: Sequence[Mark], *, labels: bool) -> Result:
    n = doc.page_count
    result = Result(pdf=b"", pages=n)
    _show_hidden_layers(doc)
    per_page: dict[int, list[tuple[pymupdf.Rect, str]]] = {}
    chars: dict[int, tuple[str, list[tuple[pymupdf.Rect, int]]]] = {}
    fonts: dict[str, int] = {}
    for m in marks:
        g = ground(m.reason)
        if isinstance(m, BoxMark):
            if not 1 <= m.page <= n:
                raise RedactionError(f"标记的页码 {m.page} 超出范围（共 {n} 页）。")
            page = doc[m.page - 1]
            rect = pymupdf.Rect(m.x0, m.y0, m.x1, m.y1).normalize() & _visible(page)
            if rect.is_empty:
                raise RedactionError(f"第 {m.page} 页的标记框为空或在页面之外。")
            per_page.setdefault(m.page, []).append((rect, g.mark))
            result.log.append(LogEntry(m.page, "box", _box_str(rect), m.reason, g.mark, (_tuple(rect),), m.note))
        else:
            pages = [m.page] if m.page is not None else range(1, n + 1)
            hit = False
            for pno in pages:
                if not 1 <= pno <= n:
                    raise RedactionError(f"标记的页码 {pno} 超出范围（共 {n} 页）。")
                if pno not in chars:
                    chars[pno] = page_chars(doc[pno - 1])
                if _norm(m.text) not in chars[pno][0]:
                    continue
                for occurrence in find_text(doc[pno - 1], m.text, chars[pno]):
                    hit = True
                    rects = [_pad(r) for r in occurrence]
                    widest = max(rects, key=lambda r: r.width)
                    per_page.setdefault(pno, []).extend((r, g.mark if r is widest else "") for r in rects)
                    result.log.append(
                        LogEntry(pno, "text", m.text, m.reason, g.mark, tuple(_tuple(r) for r in rects), m.note)
                    )
            if not hit:
                result.not_found.append(m.text)
    for pno, boxes in per_page.items():
        page = doc[pno - 1]
        for rect, _ in boxes:
            page.add_redact_annot(rect, fill=(0, 0, 0), cross_out=False)
        page.apply_redactions(
            images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
            graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
            text=pymupdf.PDF_REDACT_TEXT_REMOVE,
        )
        if labels:
            for rect, label in boxes:
                if label:
                    _label(page, rect, label, fonts)
    _scrub(doc)
    out = doc.tobytes(garbage=4, deflate=True, clean=True, incremental=False, no_new_id=False,
                      encryption=pymupdf.PDF_ENCRYPT_NONE)
    _verify(out, marks)
    result.pdf = out
    return result


def _visible(page: pymupdf.Page) -> pymupdf.Rect:
    return pymupdf.Rect(0, 0, page.rect.width, page.rect.height)


def _tuple(r: pymupdf.Rect) -> tuple[float, float, float, float]:
    return (round(r.x0, 2), round(r.y0, 2), round(r.x1, 2), round(r.y1, 2))


def _box_str(r: pymupdf.Rect) -> str:
    return ",".join(f"{v:g}" for v in _tuple(r))


def _show_hidden_layers(doc: pymupdf.Document) -> None:
    """Optional content switched on: what a hidden layer holds is shown to the clerk and released
    only as the clerk saw it."""
    ocgs = doc.get_ocgs()
    if ocgs:
        doc.set_layer(-1, on=list(ocgs), off=[])


def _scrub(doc: pymupdf.Document) -> None:
    for page in doc:
        for annot in list(page.annots() or ()):
            page.delete_annot(annot)
        for widget in list(page.widgets() or ()):
            page.delete_widget(widget)
        for link in list(page.get_links()):
            page.delete_link(link)
    doc.scrub(
        attached_files=True,
        clean_pages=True,
        embedded_files=True,
        hidden_text=True,
        javascript=True,
        metadata=True,
        redactions=False,  # applied above
        remove_links=True,
        reset_fields=True,
        reset_responses=True,
        thumbnails=True,
        xml_metadata=True,
    )
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    doc.set_metadata({})
    doc.del_xml_metadata()
    # The catalog rewritten with the page tree only: no document actions or scripts (OpenAction, AA),
    # name trees (JavaScript, embedded files), forms, layers, the structure tree (its alternate texts
    # could repeat a marked passage), XMP, page-piece data or permissions.
    cat = doc.pdf_catalog()
    pages = doc.xref_get_key(cat, "Pages")[1]
    doc.update_object(cat, f"<</Type/Catalog/Pages {pages}>>")


def _verify(out: bytes, marks: Iterable[Mark]) -> None:
    """Read the released file back: no marked text on any page, nothing in the metadata."""
    marks = list(marks)
    texts = [_norm(m.text) for m in marks if isinstance(m, TextMark) and _norm(m.text)]
    boxes = [m for m in marks if isinstance(m, BoxMark)]
    if not texts and not boxes:
        return
    doc = pymupdf.open(stream=out, filetype="pdf")
    try:
        for b in boxes:
            # Under a box only its printed label may remain.
            inner = pymupdf.Rect(b.x0, b.y0, b.x1, b.y1).normalize()
            left = _chars_inside(doc[b.page - 1], inner)
            for label in _LABELS:
                left = left.replace(label, "")
            if left:
                raise RedactionError(f"遮盖失败：第 {b.page} 页的标记框内仍有文字，未生成公开文件。")
        meta = _norm(" ".join(str(v) for v in (doc.metadata or {}).values()))
        for t in texts:
            if t in meta:
                raise RedactionError("遮盖失败：元数据中仍含有被遮盖的内容，未生成公开文件。")
        for i, page in enumerate(doc, 1):
            hay = page_text(page)
            for t in texts:
                if t in hay:
                    raise RedactionError(f"遮盖失败：第 {i} 页仍含有被遮盖的文字，未生成公开文件。")
    finally:
        doc.close()


# ------------------------------------------------------------------------------------------- render


def text_rects(pdf: bytes, texts: Sequence[tuple[str, int | None]]) -> list[list[tuple[int, tuple[float, ...]]]]:
    """For each (text, page or None), the rectangles its occurrences cover, as (page, box): what the office
    page draws over the rendered pages."""
    doc = open_pdf(pdf, max_bytes=max(MAX_BYTES, len(pdf)))
    try:
        chars: dict[int, tuple[str, list[tuple[pymupdf.Rect, int]]]] = {}
        out: list[list[tuple[int, tuple[float, ...]]]] = []
        for text, only in texts:
            found: list[tuple[int, tuple[float, ...]]] = []
            for pno in ([only] if only else range(1, doc.page_count + 1)):
                if not 1 <= pno <= doc.page_count:
                    continue
                if pno not in chars:
                    chars[pno] = page_chars(doc[pno - 1])
                for occurrence in find_text(doc[pno - 1], text, chars[pno]):
                    found.extend((pno, _tuple(r)) for r in occurrence)
            out.append(found)
        return out
    finally:
        doc.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    doc = open_pdf(pdf, max_bytes=max(MAX_BYTES, len(pdf)))
    try:
        return [(p.rect.width, p.rect.height) for p in doc]
    finally:
        doc.close()


def render_page(pdf: bytes, page: int, *, width: int = 900) -> bytes:
    """Page ``page`` (1-based) as a PNG about ``width`` pixels wide."""
    doc = open_pdf(pdf, max_bytes=max(MAX_BYTES, len(pdf)))
    try:
        if not 1 <= page <= doc.page_count:
            raise RedactionError(f"页码 {page} 超出范围（共 {doc.page_count} 页）。")
        p = doc[page - 1]
        zoom = width / max(p.rect.width, 1)
        png: bytes = p.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False).tobytes("png")
        return png
    finally:
        doc.close()


def extract_text(pdf: bytes) -> list[str]:
    """The text of each page (whitespace removed), as the proof reads it."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        return [page_text(p) for p in doc]
    finally:
        doc.close()

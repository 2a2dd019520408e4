"""From bytes to a :class:`Document`: format detection, text decoding, limits.

Every failure is a :class:`ReadError` with a message in Chinese naming what is wrong with the input.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from gongkai.auditor.document import Document, ReadError

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000

FORMATS = ("text", "html", "markdown", "docx", "pdf", "image")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf", ".zip": "zip",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}


def sniff(name: str, data: bytes) -> str:
    """The format of an input, from its content first and its name second."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    from gongkai.auditor.parsers.ocr import is_image

    if is_image(head):
        return "image"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ReadError("文件损坏：看起来是ZIP/DOCX，但无法打开。") from None
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这是旧版Word（.doc）或加密的Office文件，无法读取；请另存为 .docx、PDF 或文本。")
    if head.startswith(b"{\\rtf"):
        raise ReadError("暂不支持RTF文件；请另存为 .docx、PDF 或文本。")
    lower = name.lower()
    ext = lower[lower.rfind(".") :] if "." in lower else ""
    if ext in (".doc", ".xls", ".xlsx", ".ppt", ".wps", ".et", ".ofd", ".ceb"):
        raise ReadError(f"不支持的文件类型“{ext}”；请提供文本、HTML、Markdown、DOCX 或 PDF。")
    if _looks_binary(head):
        raise ReadError("这不是文本、HTML、Markdown、DOCX 或 PDF 文件（内容为二进制数据）。")
    if ext in EXTENSIONS and EXTENSIONS[ext] in ("html", "markdown", "text"):
        fmt = EXTENSIONS[ext]
        if fmt == "text" and re.search(rb"<(?:html|table|body)\b", head, re.I):
            return "html"
        return fmt
    if re.search(rb"<(?:!doctype html|html|table|body|div|p)\b", head, re.I):
        return "html"
    if re.search(rb"^\s*\|.*\|\s*$", data[:20000], re.M):
        return "markdown"
    return "text"


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    ctrl = len(head) - len(head.translate(None, _CTRL))
    return ctrl > len(head) * 0.05


_CTRL = bytes(b for b in range(32) if b < 9 or 13 < b < 32)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (with or without BOM), UTF-16, GBK/GB18030, ..."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312; strict decoding succeeds for genuine Chinese text
        text = data.decode("gb18030")
        if _cjk_ratio(text) > 0.05:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ReadError("无法识别文本编码（不是UTF-8、GBK或GB18030）。")
    return data.decode(best.encoding, errors="replace"), best.encoding


def _cjk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") / len(sample)


def read_document(data: bytes, name: str = "") -> Document:
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
    if not data.strip():
        raise ReadError("文件为空。")
    fmt = sniff(name, data)
    if fmt == "zip":
        raise ReadError("这是ZIP压缩包，请逐个读取其中的文件。")
    if fmt == "pdf":
        from gongkai.auditor.parsers.ocr import parse_scanned_pdf, scanned_pages
        from gongkai.auditor.parsers.pdf import parse_pdf

        scans = scanned_pages(data)
        if scans:  # pages that are images without a text layer: OCR (the other pages are read as text)
            return parse_scanned_pdf(data, scans)
        return parse_pdf(data)
    if fmt == "image":
        from gongkai.auditor.parsers.ocr import parse_image

        return parse_image(data)
    if fmt == "docx":
        from gongkai.auditor.parsers.docx import parse_docx

        return parse_docx(data)
    text, encoding = decode(data)
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"文本过长（{len(text)}字符），上限为{MAX_TEXT_CHARS}字符。")
    if fmt == "html":
        from gongkai.auditor.parsers.html import parse_html

        doc = parse_html(text)
    elif fmt == "markdown":
        from gongkai.auditor.parsers.markdown import parse_markdown

        doc = parse_markdown(text)
    else:
        from gongkai.auditor.parsers.text import parse_text

        doc = parse_text(text)
    doc.meta["encoding"] = encoding
    doc.meta["text"] = text  # the layout-free reader (stream.py) reads the text as printed
    return doc

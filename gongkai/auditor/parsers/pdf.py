"""Text PDFs with ruled tables (pdfplumber).

Per page: ruled tables are read as cell grids (merged cells come back as ``None`` and are dropped, blank
cells stay blank), the text lines outside them become paragraphs (lines wrapped by the page width are
joined back into sentences), in reading order. Tables broken across pages simply continue: the
interpreter keeps its place, and header rows repeated on the next page carry no numbers. Framed
boxes of prose (one-column "tables") are read as text.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from gongkai.auditor.document import Cell, Document, Para, ReadError, Table
from gongkai.auditor.parsers.text import _row_from_line

MAX_PAGES = 200
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}[、.．]\D|第[一二三四五六]部分)")
_PAGE_NO = re.compile(r"^\s*[-—–_\s]*\d{1,3}\s*[-—–_\s]*$|^\s*第\s*\d+\s*页.*$")
_END = ("。", "！", "？", "：", "；", ":", ";")
_TABLE_HINTS = ("第二十条", "信息内容", "申请人情况", "本年新收", "行政复议", "结果维持", "办理结果", "处理决定")


class _Fallback(Exception):
    pass


def parse_pdf(data: bytes) -> Document:
    """PDFium first (fast); pdfplumber when PDFium's reading of the ruled tables looks incomplete."""
    try:
        return _parse_pdfium(data)
    except _Fallback:
        return _parse_pdfplumber(data)


def _parse_pdfium(data: bytes) -> Document:
    try:
        import pypdfium2 as pdfium

        from gongkai.auditor.parsers.pdfium import page_blocks
    except ImportError:  # pragma: no cover - installed with pdfplumber
        raise _Fallback() from None
    try:
        doc = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001 - PdfiumError on broken or encrypted files
        msg = str(e).lower()
        if "password" in msg or b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
            raise ReadError("PDF已加密（需要密码），无法读取。") from None
        raise _Fallback() from None
    blocks: list[Para | Table] = []
    try:
        n_pages = len(doc)
        if n_pages > MAX_PAGES:
            raise ReadError(f"PDF页数过多（{n_pages}页，上限{MAX_PAGES}页）。")
        title_hint = ""
        try:
            title_hint = str(doc.get_metadata_dict().get("Title") or "")
        except Exception:  # noqa: BLE001 - optional metadata
            title_hint = ""
        n_tables = 0
        lines_buf: list[tuple[str, dict[str, Any]]] = []
        for pno in range(1, n_pages + 1):
            page = doc[pno - 1]
            try:
                items, n_found = page_blocks(page, pno, n_tables)
            finally:
                page.close()
            page_text = "".join(o[0] for _, k, o in items if k == "line").replace(" ", "")
            if n_found == n_tables and any(h in page_text for h in _TABLE_HINTS[:4]) and re.search(r"\d\s*\d\s*\d", page_text):
                raise _Fallback()  # table words but no ruled table found: let pdfplumber try
            n_tables = n_found
            lines_buf = flow_page(items, blocks, lines_buf)
        blocks.extend(_paragraphs(lines_buf))
    except (ReadError, _Fallback):
        raise
    except Exception:  # noqa: BLE001 - anything odd in PDFium's reading: the slow, careful reader
        raise _Fallback() from None
    finally:
        doc.close()
    if not blocks:
        raise ReadError("PDF中没有文字（可能是扫描件），无法读取。")
    return Document(blocks, "pdf", title_hint=title_hint, meta={"pdf_reader": "pdfium"})


def _parse_pdfplumber(data: bytes) -> Document:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as e:  # pragma: no cover - dependency declared
        raise ReadError(f"缺少PDF读取组件：{e}") from None
    try:
        pdf = pdfplumber.open(BytesIO(data))
        pdf.pages  # noqa: B018 - parses the page tree (fails here on encrypted or broken files)
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds of errors on broken files
        raise _error(e, data, (PDFPasswordIncorrect, PDFSyntaxError)) from None
    blocks: list[Para | Table] = []
    title_hint = ""
    try:
        with pdf:
            meta = pdf.metadata or {}
            title_hint = str(meta.get("Title") or "")
            if len(pdf.pages) > MAX_PAGES:
                raise ReadError(f"PDF页数过多（{len(pdf.pages)}页，上限{MAX_PAGES}页）。")
            n_tables = 0
            lines_buf: list[tuple[str, dict[str, Any]]] = []
            for pno, page in enumerate(pdf.pages, start=1):
                try:
                    items, n_tables = _page_items(page, pno, n_tables)
                finally:
                    page.close()
                for kind, obj in items:
                    if kind == "line":
                        lines_buf.append(obj)
                    else:
                        blocks.extend(_paragraphs(lines_buf))
                        lines_buf = []
                        blocks.append(obj)
            blocks.extend(_paragraphs(lines_buf))
    except ReadError:
        raise
    except Exception as e:  # noqa: BLE001
        raise _error(e, data, ()) from None
    if not any(isinstance(b, Para) for b in blocks) and not any(isinstance(b, Table) for b in blocks):
        raise ReadError("PDF中没有文字（可能是扫描件），无法读取。")
    return Document(blocks, "pdf", title_hint=title_hint)


def _error(e: BaseException, data: bytes, kinds: tuple[type, ...]) -> ReadError:
    chain: list[BaseException] = []
    cur: BaseException | None = e
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    text = " ".join(f"{type(x).__name__} {x}" for x in chain).lower()
    if "password" in text or "encrypt" in text or (b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]):
        return ReadError("PDF已加密（需要密码），无法读取。")
    return ReadError(f"PDF文件损坏，无法读取（{type(e).__name__}）。")


def _page_items(page: Any, pno: int, n_tables: int) -> tuple[list[tuple[str, Any]], int]:
    text_lines = page.extract_text_lines(return_chars=False)
    page_text = "".join(ln["text"] for ln in text_lines)
    tables = []
    if any(h in page_text.replace(" ", "") for h in _TABLE_HINTS) or page.rects or page.lines:
        if page.lines or page.rects:
            tables = page.find_tables()
    items: list[tuple[float, str, Any]] = []
    boxes = []
    for t in tables:
        rows = t.extract()
        width = max((len(r) for r in rows), default=0)
        if width <= 1:
            continue  # a framed box of prose: read its lines as text
        boxes.append(t.bbox)
        grid: list[list[Cell]] = []
        for r, row in enumerate(rows):
            cells = []
            for c, txt in enumerate(row):
                if txt is None:
                    continue  # covered by a merged cell
                cells.append(Cell(txt.replace("\n", ""), {"page": pno, "table": n_tables, "row": r, "col": c}))
            grid.append(cells)
        items.append((t.bbox[1], "table", Table(grid, {"page": pno, "table": n_tables})))
        n_tables += 1
    for ln in text_lines:
        mid = (ln["top"] + ln["bottom"]) / 2
        if any(b[1] <= mid <= b[3] and b[0] - 2 <= (ln["x0"] + ln["x1"]) / 2 <= b[2] + 2 for b in boxes):
            continue
        if _PAGE_NO.match(ln["text"]):
            continue
        items.append((ln["top"], "line", (ln["text"], {"page": pno, "x0": ln["x0"], "x1": ln["x1"]})))
    items.sort(key=lambda it: it[0])
    return [(k, o) for _, k, o in items], n_tables


def _paragraphs(lines: list[tuple[str, dict[str, Any]]]) -> list[Para | Table]:
    """Join lines wrapped by the page width back into paragraphs."""
    out: list[Para | Table] = []
    cur = ""
    loc: dict[str, Any] = {}
    right = max((lc["x1"] for _, lc in lines), default=0)
    prev_full = False
    for text, lc in lines:
        t = text.strip()
        if not t:
            continue
        row = _row_from_line(t, 0)
        if row is not None:
            # a table row printed without ruling lines: label and numbers on one line
            for c in row:
                c.loc = {"page": lc["page"], "col": c.loc.get("col", 0)}
            if cur:
                out.append(Para(cur, loc))
                cur = ""
            out.append(Table([row], {"page": lc["page"]}))  # type: ignore[arg-type]
            prev_full = False
            continue
        starts_new = bool(_NUMBERED.match(t)) or not cur or cur.endswith(_END) or not prev_full
        if starts_new:
            if cur:
                out.append(Para(cur, loc))
            cur, loc = t, {"page": lc["page"]}
        else:
            cur += t
        prev_full = lc["x1"] >= right - 30
    if cur:
        out.append(Para(cur, loc))
    return out


def flow_page(items: list[Any], blocks: list[Any], lines_buf: list[tuple[str, dict[str, Any]]]
              ) -> list[tuple[str, dict[str, Any]]]:
    """Append one page's items to ``blocks``: text lines (page numbers dropped) gather into paragraphs until
    a table comes; returns the lines still open at the page's end (a paragraph may go on over the break)."""
    for _, kind, obj in items:
        if kind == "line":
            if not _PAGE_NO.match(obj[0]):
                lines_buf.append(obj)
        else:
            blocks.extend(_paragraphs(lines_buf))
            lines_buf = []
            blocks.append(obj)
    return lines_buf

"""HTML pages as government sites publish them.

Tables become proper cell grids (rowspan/colspan expanded, the spanned copies sharing one origin so
they are not counted twice); layout tables (tables that hold tables) are walked into; text of cells
split over spans and paragraphs is joined; blank cells stay blank (null), distinct from "0", "/", "-".
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from gongkai.auditor.document import Cell, Document, Para, ReadError, Table

BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
    "footer", "blockquote", "pre", "tr", "dl", "dt", "dd", "center", "ucapcontent", "form", "main", "nav",
    "address", "figure", "figcaption", "hr", "body", "html",
}
SKIP = {"script", "style", "noscript", "head", "title", "iframe", "object", "embed", "svg", "select", "option", "button", "template"}
MAX_CELLS = 20_000
MAX_SPAN = 200


def _text_with_breaks(el: etree._Element) -> str:
    out: list[str] = []

    def walk(n: etree._Element) -> None:
        if n.text:
            out.append(n.text)
        for ch in n:
            if isinstance(ch.tag, str) and ch.tag not in SKIP:
                if ch.tag == "br":
                    out.append("\n")
                walk(ch)
            if ch.tail:
                out.append(ch.tail)

    walk(el)
    return "".join(out).strip()


def _int_attr(el: etree._Element, name: str) -> int:
    try:
        v = int(re.sub(r"\D", "", el.get(name, "1") or "1") or "1")
    except ValueError:
        return 1
    return max(1, min(v, MAX_SPAN))


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if isinstance(c.tag, str) and c.tag == "tr")
    return rows


def build_grid(table: etree._Element, index: int) -> list[list[Cell]]:
    grid: dict[tuple[int, int], Cell] = {}
    n_rows = 0
    cells_seen = 0
    for r, tr in enumerate(_own_rows(table)):
        n_rows = max(n_rows, r + 1)
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            cells_seen += 1
            if cells_seen > MAX_CELLS:
                raise ReadError("HTML表格过大，无法读取。")
            while (r, c) in grid:
                c += 1
            rs, cs = _int_attr(td, "rowspan"), _int_attr(td, "colspan")
            text = _text_with_breaks(td)
            origin = (index, r, c)
            loc = {"table": index, "row": r, "col": c}
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = Cell(text, loc, origin)
            n_rows = max(n_rows, r + rs)
            c += cs
    if not grid:
        return []
    n_cols = max(c for _, c in grid) + 1
    rows: list[list[Cell]] = []
    for r in range(n_rows):
        row = [grid[(r, c)] for c in range(n_cols) if (r, c) in grid]
        # rowspan copies from rows above keep their origin; mark them so the row reads left to right
        rows.append(row)
    return rows


def parse_html(text: str) -> Document:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        raise ReadError("文件为空。")
    try:
        root = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"HTML无法解析：{e}") from None
    title_el = root.find(".//title")
    title_hint = (title_el.text_content() if title_el is not None else "").strip()
    blocks: list[Para | Table] = []
    buf: list[str] = []
    n_tables = 0
    n_para = 0

    def flush() -> None:
        nonlocal n_para
        t = "".join(buf).strip()
        buf.clear()
        if t:
            for line in t.split("\n"):
                if line.strip():
                    n_para += 1
                    blocks.append(Para(line.strip(), {"para": n_para}))

    def walk(el: etree._Element) -> None:
        nonlocal n_tables
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP:
            return
        if tag == "table":
            flush()
            if el.find(".//table") is not None or _is_layout(el):
                # layout table around the content: read its cells as content
                for tr in _own_rows(el):
                    for td in tr:
                        if isinstance(td.tag, str):
                            walk(td)
                            flush()
                return
            rows = build_grid(el, n_tables)
            n_tables += 1
            if rows:
                blocks.append(Table(rows, {"table": n_tables - 1}))
            return
        if tag == "br":
            buf.append("\n")
        block = tag in BLOCK
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for ch in el:
            walk(ch)
            if ch.tail:
                buf.append(ch.tail)
        if block or tag in ("td", "th"):
            flush()

    walk(root)
    flush()
    return Document(blocks, "html", title_hint=title_hint)


def _is_layout(table: etree._Element) -> bool:
    """A one-cell table wrapping long text is layout, not data."""
    rows = _own_rows(table)
    cells = [td for tr in rows for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
    if len(cells) == 1:
        return len("".join(cells[0].itertext()).strip()) > 40
    return False

"""HTML pages as government sites publish them.

Tables become proper cell grids (rowspan/colspan expanded, the spanned copies sharing one origin so
they are not counted twice); layout tables (tables that hold tables, one-cell frames) are read as
text; text of cells split over spans and paragraphs is joined; blank cells stay blank (null),
distinct from "0", "/" and "-".

Speed: the page is parsed once by libxml2; data tables are swapped for markers and the rest of the
page is serialised to text in C with a line break at every block boundary.
"""

from __future__ import annotations

import re

from lxml import etree

from gongkai.auditor.document import Cell, Document, Para, ReadError, Table

BLOCK = (
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
    "footer", "blockquote", "pre", "tr", "dl", "dt", "dd", "center", "ucapcontent", "form", "main", "nav",
    "address", "figure", "figcaption", "hr", "td", "th", "table", "title", "br",
)
SKIP_TAGS = ("script", "style", "noscript", "head", "iframe", "object", "embed", "svg", "select", "button", "template")
MAX_CELLS = 20_000
MAX_SPAN = 200
_MARK = re.compile(r"\uE000T(\d+)\uE001")
# characters libxml2 refuses in text, and the two private-use characters used as table markers
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\ue000\ue001]")
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True, no_network=True)


def _span(td: etree._Element, name: str) -> int:
    v = td.get(name)
    if v is None:
        return 1
    try:
        return max(1, min(int(re.sub(r"\D", "", v) or "1"), MAX_SPAN))
    except ValueError:
        return 1


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def build_grid(table: etree._Element, index: int) -> list[list[Cell]]:
    grid: dict[tuple[int, int], Cell] = {}
    n_rows = 0
    cells_seen = 0
    n_cols = 0
    for r, tr in enumerate(_rows(table)):
        n_rows = max(n_rows, r + 1)
        c = 0
        for td in tr:
            if td.tag != "td" and td.tag != "th":
                continue
            cells_seen += 1
            if cells_seen > MAX_CELLS:
                raise ReadError("HTML表格过大，无法读取。")
            while (r, c) in grid:
                c += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            text = td.text if len(td) == 0 else etree.tostring(td, method="text", encoding="unicode", with_tail=False)
            cell = Cell((text or "").strip(), {"table": index, "row": r, "col": c}, (index, r, c))
            if rs == 1 and cs == 1:
                grid[(r, c)] = cell
            else:
                for dr in range(rs):
                    for dc in range(cs):
                        grid[(r + dr, c + dc)] = cell
            n_rows = max(n_rows, r + rs)
            c += cs
            n_cols = max(n_cols, c)
    if not grid:
        return []
    return [[grid[(r, c)] for c in range(n_cols) if (r, c) in grid] for r in range(n_rows)]


def _drop(el: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_layout(table: etree._Element) -> bool:
    """A one-cell table wrapping long text is layout, not data."""
    rows = _rows(table)
    if len(rows) != 1:
        return False
    cells = [td for td in rows[0] if td.tag == "td" or td.tag == "th"]
    return len(cells) == 1 and len("".join(cells[0].itertext()).strip()) > 40


def parse_html(text: str) -> Document:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text[:200]) + text[200:]
    if not text.strip():
        raise ReadError("文件为空。")
    try:
        return _parse(text)
    except ValueError:
        # characters libxml2 keeps but refuses to write back (control characters): remove and retry
        return _parse(_BAD_CHARS.sub("", text))


def _parse(text: str) -> Document:
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(f"HTML无法解析：{e}") from None
    if root is None:
        raise ReadError("HTML无法解析：没有内容。")
    title_hint = " ".join("".join(t.itertext()) for t in root.iter("title")).strip()
    for el in list(root.iter(*SKIP_TAGS)):
        _drop(el)
    if "\ue000" in text or "\ue001" in text:
        raise ValueError("marker characters in the input")
    tables: list[list[list[Cell]]] = []
    for t in root.xpath("//table[not(.//table)]"):
        if _is_layout(t):
            continue
        rows = build_grid(t, len(tables))
        marker = etree.Element("span")
        marker.text = f"\n\uE000T{len(tables)}\uE001\n"
        marker.tail = t.tail
        tables.append(rows)
        parent = t.getparent()
        if parent is not None:
            parent.replace(t, marker)
    for el in root.iter(*BLOCK):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    flat = etree.tostring(root, method="text", encoding="unicode")
    blocks: list[Para | Table] = []
    n_para = 0
    for line in flat.split("\n"):
        s = line.strip()
        if not s:
            continue
        m = _MARK.search(s)
        if m:
            rows = tables[int(m.group(1))]
            if rows:
                blocks.append(Table(rows, {"table": int(m.group(1))}))
            continue
        n_para += 1
        blocks.append(Para(s, {"para": n_para}))
    return Document(blocks, "html", title_hint=title_hint)

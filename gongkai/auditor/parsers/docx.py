"""Word documents (.docx): paragraphs and real tables in body order.

The table XML is read directly (python-docx opens and validates the package): ``w:gridSpan`` cells
are expanded over the grid columns they cover and ``w:vMerge`` continuations point to the cell that
starts the merge, so each spanned copy shares the origin (the underlying ``w:tc``) of the real cell
and is counted once.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from gongkai.auditor.document import Cell, Document, Para, ReadError, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_CELLS = 20_000


def _text(el: Any) -> str:
    out: list[str] = []
    for node in el.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag == f"{W}br":
            out.append("\n")
    return "".join(out)


def _paragraphs_of_cell(tc: Any) -> str:
    return "".join(_text(p) for p in tc.iter(f"{W}p"))


def _grid(tbl: Any, index: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}  # grid column -> the cell occupying it in the previous row
    n = 0
    for r, tr in enumerate(tbl.iterchildren(f"{W}tr")):
        row: list[Cell] = []
        col = 0
        for tc in tr.iterchildren(f"{W}tc"):
            n += 1
            if n > MAX_CELLS:
                raise ReadError("Word表格过大，无法读取。")
            pr = tc.find(f"{W}tcPr")
            span = 1
            vmerge = None
            if pr is not None:
                gs = pr.find(f"{W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(int(gs.get(f"{W}val") or 1), 64))
                    except ValueError:
                        span = 1
                vm = pr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val") or "continue"
            if vmerge == "continue" and col in above:
                cell = above[col]
                cell = Cell(cell.text, cell.loc, cell.origin)
            else:
                cell = Cell(_paragraphs_of_cell(tc), {"table": index, "row": r, "col": col}, (index, r, col))
            for k in range(span):
                row.append(cell)
                above[col + k] = cell
            col += span
        rows.append(row)
    return rows


def parse_docx(data: bytes) -> Document:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as e:  # pragma: no cover - dependency declared
        raise ReadError(f"缺少DOCX读取组件：{e}") from None
    try:
        d = docx.Document(BytesIO(data))
    except PackageNotFoundError:
        raise ReadError("DOCX文件损坏，无法打开。") from None
    except Exception as e:  # noqa: BLE001 - broken packages raise many kinds of errors
        raise ReadError(f"DOCX文件损坏，无法读取（{type(e).__name__}）。") from None
    body = d.element.body
    blocks: list[Para | Table] = []
    n_tables = 0
    n_para = 0
    for el in body.iterchildren():
        if el.tag == f"{W}p":
            text = _text(el).strip()
            if text:
                n_para += 1
                for line in text.split("\n"):
                    if line.strip():
                        blocks.append(Para(line.strip(), {"para": n_para}))
        elif el.tag == f"{W}tbl":
            rows = _grid(el, n_tables)
            n_tables += 1
            if rows:
                blocks.append(Table(rows, {"table": n_tables - 1}))
        elif el.tag == f"{W}sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                for p in content.iter(f"{W}p"):
                    text = _text(p).strip()
                    if text:
                        n_para += 1
                        blocks.append(Para(text, {"para": n_para}))
    title = ""
    try:
        title = d.core_properties.title or ""
    except Exception:  # noqa: BLE001 - optional metadata
        title = ""
    return Document(blocks, "docx", title_hint=title)

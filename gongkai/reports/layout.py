"""The official layout of tables 二/三/四 as a grid of (possibly merged) cells, derived from the edition.

One grid model feeds every renderer (HTML, DOCX, XLSX, PDF) and the readers that read our own DOCX/XLSX
back, so the merged cells of the national format are declared once:

* table 二: one table; each sub-table is headed by a full-width row 第二十条第（X）项, then a row with
  信息内容 and the column labels, then its data rows. A sub-table with fewer columns than the widest one
  lets its last column span the rest.
* table 三: the header note (勾稽关系) spans three label columns and three header rows; 申请人情况 spans the
  seven figure columns; 法人或其他组织 spans its five columns; 三、本年度办理结果 and the groups
  （三）（四）（五）(and （六） in the 2021 edition) span their rows.
* table 四: 行政复议 over its five columns; 行政诉讼 over ten, split into 未经复议直接起诉 and 复议后起诉.

Money: the 2019 采购总金额 is printed as the seed prints it (253.2358万); the 2021 本年收费金额 is printed
in 万元 under a header saying so. Both are stored in 元 (the interchange format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.law.editions import (
    T3_APPLICANT_GROUP,
    T3_COLUMNS,
    T3_HEADER_NOTE,
    T3_LEGAL_ENTITY_GROUP,
    T4_GROUPS,
    T4_PARTS,
    Column,
)
from gongkai.law.report import Cell, Report, wan_to_yuan, yuan_to_wan


@dataclass
class GridCell:
    row: int
    col: int
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    ref: str | None = None  # cell reference (t3.r1_new.np) for a figure cell
    kind: str = "int"  # column type of a figure cell (int, signed_int, money, wan_yuan)
    value: Cell = None
    align: str = "center"  # center | left
    css: str = ""  # extra classes (bad / warn), set by the HTML renderer

    @property
    def is_figure(self) -> bool:
        return self.ref is not None


@dataclass
class Grid:
    id: str  # t2 | t3 | t4
    title: str
    nrows: int = 0
    ncols: int = 0
    cells: list[GridCell] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths

    def add(self, cell: GridCell) -> GridCell:
        self.cells.append(cell)
        self.nrows = max(self.nrows, cell.row + cell.rowspan)
        self.ncols = max(self.ncols, cell.col + cell.colspan)
        return cell

    @property
    def rows(self) -> list[list[GridCell]]:
        """Anchor cells by row, in column order (what an HTML table writes)."""
        out: list[list[GridCell]] = [[] for _ in range(self.nrows)]
        for c in self.cells:
            out[c.row].append(c)
        for r in out:
            r.sort(key=lambda c: c.col)
        return out

    @property
    def figures(self) -> list[GridCell]:
        return [c for c in self.cells if c.ref is not None]


# --------------------------------------------------------------------------- values


def format_value(value: Cell, kind: str = "int") -> str:
    """How a figure is printed in the official layout (blank for null)."""
    if value is None:
        return ""
    if kind == "money":
        return f"{_plain(yuan_to_wan(value))}万"
    if kind == "wan_yuan":
        return _plain(yuan_to_wan(value))
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


_NUM = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


class CellValueError(ValueError):
    pass


def parse_value(text: str, kind: str = "int") -> Cell:
    """Inverse of :func:`format_value` (for reading our own DOCX/XLSX back)."""
    t = (text or "").strip().replace(",", "").replace("，", "").replace("−", "-")
    if t == "":
        return None
    wan = t.endswith("万") or t.endswith("万元")
    t = t.removesuffix("万元").removesuffix("万")
    if not _NUM.match(t):
        raise CellValueError(f"“{text}”不是数字")
    if kind in ("money", "wan_yuan") or wan:
        return wan_to_yuan(t)
    v = float(t)
    return int(v) if v.is_integer() else v


def spreadsheet_value(value: Cell, kind: str = "int") -> float | int | None:
    """The number an XLSX cell holds: 万元 for money columns (with a number format), else the count."""
    if value is None:
        return None
    if kind in ("money", "wan_yuan"):
        d = yuan_to_wan(value)
        return int(d) if d == d.to_integral_value() else float(d)
    return value


# --------------------------------------------------------------------------- grids


def table2_grid(report: Report) -> Grid:
    e = report.edition
    width = max(len(st.columns) for st in e.t2)
    g = Grid("t2", "表二 主动公开政府信息情况", widths=[3.0] + [2.0] * width)
    r = 0
    for st in e.t2:
        g.add(GridCell(r, 0, st.heading, colspan=width + 1, header=True))
        r += 1
        g.add(GridCell(r, 0, "信息内容", header=True))
        for i, col in enumerate(st.columns):
            g.add(GridCell(r, 1 + i, col.label, header=True, colspan=_span(i, st.columns, width)))
        r += 1
        for row in st.rows:
            g.add(GridCell(r, 0, row.label, align="left"))
            for i, col in enumerate(st.columns):
                ref = f"t2.{st.id}.{row.id}.{col.id}"
                v = report.t2.get(st.id, {}).get(row.id, {}).get(col.id)
                g.add(GridCell(r, 1 + i, format_value(v, col.type), colspan=_span(i, st.columns, width),
                               ref=ref, kind=col.type, value=v))
            r += 1
    return g


def _span(i: int, columns: tuple[Column, ...], width: int) -> int:
    return 1 + (width - len(columns)) if i == len(columns) - 1 else 1


def table3_grid(report: Report) -> Grid:
    e = report.edition
    g = Grid("t3", "表三 收到和处理政府信息公开申请情况", widths=[1.2, 1.6, 4.2] + [1.1] * 7)
    g.add(GridCell(0, 0, T3_HEADER_NOTE, rowspan=3, colspan=3, header=True))
    g.add(GridCell(0, 3, T3_APPLICANT_GROUP, colspan=7, header=True))
    g.add(GridCell(1, 3, T3_COLUMNS[0].label, rowspan=2, header=True))
    g.add(GridCell(1, 4, T3_LEGAL_ENTITY_GROUP, colspan=5, header=True))
    g.add(GridCell(1, 9, T3_COLUMNS[6].label, rowspan=2, header=True))
    for i, col in enumerate(T3_COLUMNS[1:6]):
        g.add(GridCell(2, 4 + i, col.label, header=True))
    r = 3
    rows = e.t3_rows
    # how many data rows each non-data row (r3, r3_3, r3_4, ...) spans
    span: dict[str, int] = {}
    for row in rows:
        if row.data and row.parent:
            span[row.parent] = span.get(row.parent, 0) + 1
            parent = e.t3_row(row.parent)
            if parent.parent:
                span[parent.parent] = span.get(parent.parent, 0) + 1
    for row in rows:
        if not row.data:
            if row.id == "r3":
                g.add(GridCell(r, 0, row.label, rowspan=span[row.id], align="left"))
            else:
                g.add(GridCell(r, 1, row.label, rowspan=span[row.id], align="left"))
            continue
        if row.parent is None:
            g.add(GridCell(r, 0, row.label, colspan=3, align="left"))
        elif row.parent == "r3":
            g.add(GridCell(r, 1, row.label, colspan=2, align="left"))
        else:
            g.add(GridCell(r, 2, row.label, align="left"))
        values = report.t3.get(row.id) or [None] * 7
        for i, col in enumerate(T3_COLUMNS):
            g.add(GridCell(r, 3 + i, format_value(values[i]), ref=f"t3.{row.id}.{col.id}", value=values[i]))
        r += 1
    return g


def table4_grid(report: Report) -> Grid:
    g = Grid("t4", "表四 政府信息公开行政复议、行政诉讼情况", widths=[1.0] * 15)
    g.add(GridCell(0, 0, "行政复议", colspan=5, header=True))
    g.add(GridCell(0, 5, "行政诉讼", colspan=10, header=True))
    for i, (_, label) in enumerate(T4_PARTS):
        g.add(GridCell(1, i, label, rowspan=2, header=True))
    col = 5
    for _gid, label, parent in T4_GROUPS:
        if parent is None:
            continue
        g.add(GridCell(1, col, label, colspan=5, header=True))
        for i, (_, plabel) in enumerate(T4_PARTS):
            g.add(GridCell(2, col + i, plabel, header=True))
        col += 5
    col = 0
    for gid, _, _ in T4_GROUPS:
        for pid, _ in T4_PARTS:
            cid = f"{gid}_{pid}"
            v = report.t4.get(cid)
            g.add(GridCell(3, col, format_value(v), ref=f"t4.{cid}", value=v))
            col += 1
    return g


def grids(report: Report) -> dict[str, Grid]:
    return {"t2": table2_grid(report), "t3": table3_grid(report), "t4": table4_grid(report)}


def report_title(report: Report) -> str:
    return str(report.meta.get("title") or f"{report.agency}{report.year}年政府信息公开工作年度报告")


def set_ref(report: Report, ref: str, value: Cell) -> None:
    """Write one cell reference into a report (used by the readers)."""
    parts = ref.split(".")
    if parts[0] == "t3":
        report.set_t3(parts[1], parts[2], value)
    elif parts[0] == "t4":
        report.t4[parts[1]] = value
    elif parts[0] == "t2":
        report.t2.setdefault(parts[1], {}).setdefault(parts[2], {})[parts[3]] = value
    else:  # pragma: no cover - refs come from the grids
        raise KeyError(ref)


_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]|^\s*[（(]\d+[）)]")


def is_subheading(line: str) -> bool:
    """A short line like （一）主动公开方面 (a second-level heading in the 公文 layout)."""
    s = line.strip()
    return bool(_SUBHEADING.match(s)) and len(s) <= 30 and "。" not in s


def paragraphs(text: str) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]

"""Plain text: copied from Word (one cell per tab-indented line, rows separated by blank lines, labels
broken over lines), or saved from a web page (one row per line, cells separated by tabs or spaces,
or with the digits of neighbouring cells run together).
"""

from __future__ import annotations

import re

from gongkai.auditor.document import Cell, Document, Para, Table, parse_value
from gongkai.auditor.labels import match_t2_heading, match_t2_row, match_t3_row, norm

# label followed by numbers separated by whitespace: "一、本年新收…  371  10  1 …"
_ROW = re.compile(r"^(?P<label>.*?[^\d\s.,/+\-－—])?[ \t\u3000]*(?P<nums>(?:[+\-－]?[\d,]+(?:\.\d+)?(?:万元|万)?|/|／|-|—)(?:[ \t\u3000]+(?:[+\-－]?[\d,]+(?:\.\d+)?(?:万元|万)?|/|／|-|—))*)[ \t\u3000]*$")
_RUN = re.compile(r"^(?P<label>.*?\D)(?P<digits>\d{7,})$")
_TAIL = re.compile(r"[\d/／\-—万][ \t\u3000]*$")
_HEADING_LIKE = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六]部分)")


def _row_from_line(line: str, lineno: int) -> list[Cell] | None:
    """A whole table row printed on one line, or None."""
    stripped = line.strip()
    if not stripped:
        return None
    loc = {"line": lineno}
    if "\t" in stripped:
        parts = [p for p in stripped.split("\t")]
        if len(parts) >= 2 and any(parse_value(p).kind == "number" for p in parts[1:]):
            return [Cell(p.strip(), {"line": lineno, "col": i}) for i, p in enumerate(parts)]
    if len(stripped) > 300 or not _TAIL.search(stripped):
        return None
    m = _ROW.match(stripped)
    if m and m.group("nums"):
        label = (m.group("label") or "").strip()
        nums = m.group("nums").split()
        if label and not _known_label(label):
            return None
        if not label and len(nums) < 2 and not (len(nums) == 1 and len(nums[0]) >= 15 and nums[0].isdigit()):
            return None
        cells = [Cell(label, dict(loc, col=0))] if label else []
        cells += [Cell(n, {"line": lineno, "col": i + 1}) for i, n in enumerate(nums)]
        return cells
    m = _RUN.match(re.sub(r"[ \t\u3000]+", "", stripped))
    if m and match_t3_row(m.group("label")):
        return [Cell(m.group("label"), dict(loc, col=0)), Cell(m.group("digits"), dict(loc, col=1), run=True)]
    return None


def _known_label(label: str) -> bool:
    return bool(match_t3_row(label) or match_t2_row(label) or match_t2_heading(label))


def parse_text(text: str) -> Document:
    blocks: list[Para | Table] = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    last_was_cell = False
    table_start = 0

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(Table(rows, {"line": table_start}))
            rows = []

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, raw in enumerate(lines, start=1):
        if raw.startswith("\t") or (raw.startswith(" ") and raw.strip() and row and parse_value(raw).kind == "number"):
            # one cell per line (copied from a Word table)
            one_line = _row_from_line(raw, i) if "\t" in raw.strip() else None
            if one_line is not None:
                end_row()
                if not rows:
                    table_start = i
                rows.append(one_line)
                last_was_cell = False
                continue
            if not rows and not row:
                table_start = i
            row.append(Cell(raw.strip(), {"line": i}))
            last_was_cell = True
            continue
        if not raw.strip():
            end_row()
            last_was_cell = False
            continue
        if last_was_cell and row and len(raw.strip()) <= 30 and not _HEADING_LIKE.match(raw.strip()):
            # a label broken over lines inside one cell ("本年新\n制作数量")
            row[-1].text += raw.strip()
            continue
        one = _row_from_line(raw, i)
        if one is not None:
            end_row()
            if not rows:
                table_start = i
            rows.append(one)
            last_was_cell = False
            continue
        end_table()
        last_was_cell = False
        blocks.append(Para(raw.strip(), {"line": i}))
        # a sub-table heading or header row printed as prose keeps its place in the order
        _ = norm  # (labels are matched by the interpreter)
    end_table()
    return Document(blocks, "text")

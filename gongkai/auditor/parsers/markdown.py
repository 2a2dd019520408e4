"""Markdown, typically produced from PDFs by conversion tools: pipe tables (with merged cells left
empty or cells shifted) and prose with heading marks."""

from __future__ import annotations

import re

from gongkai.auditor.document import Cell, Document, Para, Table
from gongkai.auditor.parsers.text import _row_from_line

_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MARKS = re.compile(r"^\s*(?:#{1,6}\s*|>\s*|[*+-]\s+(?=\S))|\*\*|__|<br\s*/?>", re.I)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    parts = re.split(r"(?<!\\)\|", s)
    return [re.sub(r"<br\s*/?>", "", p, flags=re.I).replace("\\|", "|").replace("**", "").strip() for p in parts]


def parse_markdown(text: str) -> Document:
    blocks: list[Para | Table] = []
    rows: list[list[Cell]] = []
    start = 0
    for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if raw.strip().startswith("|") or (raw.count("|") >= 2 and rows):
            if _SEP.match(raw):
                continue
            if not rows:
                start = i
            rows.append([Cell(c, {"line": i, "col": j}) for j, c in enumerate(_cells(raw))])
            continue
        if rows:
            blocks.append(Table(rows, {"line": start}))
            rows = []
        line = _MARKS.sub("", raw).strip()
        if not line:
            continue
        one = _row_from_line(line, i)
        if one is not None:
            blocks.append(Table([one], {"line": i}))
            continue
        blocks.append(Para(line, {"line": i}))
    if rows:
        blocks.append(Table(rows, {"line": start}))
    return Document(blocks, "markdown")

"""Read our own DOCX and XLSX renderings back into a :class:`Report` (round-trip checks, tests).

The readers use the same grids as the renderers: every figure is read at the grid position the
renderer wrote it to, so a renderer that misplaces, drops or misprints a number is caught. Foreign
documents are the auditor's business (``gongkai.auditor``), not this module's.
"""

from __future__ import annotations

import io
import json
from typing import Any

from gongkai.law.editions import get_edition
from gongkai.law.report import Report, ReportFormatError, wan_to_yuan
from gongkai.reports.layout import grids, parse_value, set_ref
from gongkai.reports.render import SECTIONS_SHEET, SHEET_NAMES, XLSX_FIRST_ROW


def _skeleton(meta_json: str | None) -> Report:
    try:
        meta = json.loads(meta_json or "")
        edition = get_edition(str(meta["edition"]))
        return Report.empty(edition, str(meta.get("agency") or ""), int(meta["year"]))
    except (ValueError, KeyError, TypeError):
        raise ReportFormatError("文档不是本系统生成的年报（缺少格式版本信息）") from None


def read_docx(data: bytes) -> Report:
    from docx import Document

    doc = Document(io.BytesIO(data))
    report = _skeleton(doc.core_properties.comments)
    tables = doc.tables
    for i, g in enumerate(grids(report).values()):
        table = tables[i]
        for gc in g.figures:
            assert gc.ref is not None
            set_ref(report, gc.ref, parse_value(table.cell(gc.row, gc.col).text, gc.kind))
    labels = {s.label: s.id for s in report.edition.sections}
    current: str | None = None
    lines: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        text = p.text.strip()
        if text in labels:
            current = labels[text]
            continue
        if current and text:
            lines.setdefault(current, []).append(text)
    for sid, body in lines.items():
        report.sections[sid] = "\n".join(body)
    return report


def read_xlsx(data: bytes) -> Report:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    report = _skeleton(wb.properties.description)
    for gid, g in grids(report).items():
        ws = wb[SHEET_NAMES[gid]]
        for gc in g.figures:
            assert gc.ref is not None
            v: Any = ws.cell(XLSX_FIRST_ROW + gc.row, 1 + gc.col).value
            if isinstance(v, str):
                value = parse_value(v, gc.kind)
            elif v is None:
                value = None
            elif gc.kind in ("money", "wan_yuan"):
                value = wan_to_yuan(v)
            else:
                value = int(v) if float(v).is_integer() else v
            set_ref(report, gc.ref, value)
    labels = {s.label: s.id for s in report.edition.sections}
    lines: dict[str, list[str]] = {}
    for label, text in wb[SECTIONS_SHEET].iter_rows(min_row=2, values_only=True):
        sid = labels.get(str(label or ""))
        if sid and text:
            t = str(text)
            lines.setdefault(sid, []).append(t[1:] if t.startswith("'") else t)
    for sid, body in lines.items():
        report.sections[sid] = "\n".join(body)
    return report

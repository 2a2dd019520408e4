"""Findings of a batch as CSV / XLSX, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

from gongkai.auditor.audit import AuditResult

HEADER = ("文件", "机关", "年度", "格式版本", "规则", "级别", "说明", "单元格", "应为", "实为", "原文", "读取覆盖率")


# control characters an XLSX cell cannot hold (openpyxl refuses them): file names from odd zip archives
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would run as a formula (= + - @ tab CR); control characters
    a spreadsheet cannot hold become U+FFFD."""
    if isinstance(value, str):
        value = ILLEGAL.sub("\ufffd", value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def rows(results: Iterable[AuditResult]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for res in results:
        if res.extraction is None:
            out.append((res.file, "", "", "", "UNREADABLE", "error", res.error or "", "", "", "", "", ""))
            continue
        r = res.extraction.report
        read, expected = res.coverage
        cov = f"{read}/{expected}"
        if not res.findings and not res.unchecked:
            out.append((res.file, r.agency, r.year or "", r.edition.id, "", "ok", "未发现问题", "", "", "", "", cov))
        for f in res.findings:
            out.append((
                res.file, r.agency, r.year or "", r.edition.id, f.rule, f.severity.value, f.message,
                " ".join(f.cells), _txt(f.expected), _txt(f.actual), f.quote or "", cov,
            ))
        for u in res.unchecked:
            out.append((res.file, r.agency, r.year or "", r.edition.id, u["rule"], "unchecked", u["message"],
                        " ".join(u["cells"]), "", "", u.get("quote") or "", cov))
    return out


def _txt(v: Any) -> Any:
    if v is None or isinstance(v, (int, float)):
        return v
    return str(v)


def _safe_row(row: Sequence[Any]) -> list[Any]:
    return [safe(v) for v in row]


def write_csv(path: str, results: Iterable[AuditResult]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for row in rows(results):
            w.writerow(_safe_row(row))


def xlsx_bytes(results: Iterable[AuditResult]) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append(list(HEADER))
    for row in rows(results):
        ws.append(_safe_row(row))
    for col, width in zip("ABCDEFGHIJKL", (30, 24, 8, 8, 22, 8, 80, 30, 10, 10, 60, 12)):
        ws.column_dimensions[col].width = width
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(path: str, results: Iterable[AuditResult]) -> None:
    with open(path, "wb") as fh:
        fh.write(xlsx_bytes(results))

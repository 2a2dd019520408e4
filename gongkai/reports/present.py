"""Findings as a readable, aligned table for the terminal (CJK characters count two columns)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from gongkai.law.rules import Finding, Severity


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, w: int) -> str:
    return text + " " * max(0, w - width(text))


def _cells(cells: Sequence[str], limit: int = 3) -> str:
    if not cells:
        return "—"
    shown = " ".join(cells[:limit])
    return shown + (f" 等{len(cells)}格" if len(cells) > limit else "")


def _v(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


HEADER = ("规则", "级别", "单元格", "应为", "实为", "说明")


def findings_table(findings: Sequence[Finding]) -> str:
    if not findings:
        return "未发现问题。"
    rows = [HEADER] + [
        (f.rule, f.severity.label, _cells(f.cells), _v(f.expected), _v(f.actual), f.message) for f in findings
    ]
    widths = [max(width(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(pad(r[i], widths[i]) for i in range(len(widths))) + "  " + r[-1])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    lines.append("")
    lines.append(f"共{len(findings)}项：错误{errors}项，提示{warnings}项。")
    return "\n".join(lines)

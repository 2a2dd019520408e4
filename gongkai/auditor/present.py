"""Presentation of an audited report: its tables in the official layout with the faulty cells marked,
and its narrative with the disagreeing sentences marked. No business logic; the pages use it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from gongkai.law.editions import T3_COLUMN_IDS, T4_COLUMN_IDS, Edition, get_edition
from gongkai.law.narrative import _sentences
from gongkai.law.report import yuan_to_wan


@dataclass
class Td:
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    cls: str = ""
    title: str = ""
    ref: str = ""
    header: bool = False


@dataclass
class Marks:
    error: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    warning: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    missing: set[str] = field(default_factory=set)
    unread: dict[str, str] = field(default_factory=dict)  # cell -> where it was looked for
    ambiguous: dict[str, list[Any]] = field(default_factory=dict)
    quotes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def marks_from(result: dict[str, Any]) -> Marks:
    m = Marks()
    for f in result.get("findings", []):
        target = m.error if f.get("severity") == "error" else m.warning
        for ref in f.get("cells", []):
            target[ref].append(f.get("message", ""))
        if f.get("quote"):
            m.quotes[f["quote"]].append(f.get("message", ""))
    m.missing = set(result.get("missing", []))
    m.unread = {u["cell"]: u.get("where", "") for u in result.get("unread", [])}
    m.ambiguous = dict(result.get("ambiguous", {}))
    return m


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _num(ref: str, value: Any, marks: Marks, raw: str | None = None, display: str | None = None) -> Td:
    td = Td(text=display if display is not None else _fmt(value), cls="num", ref=ref)
    msgs: list[str] = []
    if ref in marks.error:
        td.cls += " bad"
        msgs += marks.error[ref]
    elif ref in marks.warning and ref not in marks.missing:
        td.cls += " warn"
        msgs += marks.warning[ref]
    if ref in marks.ambiguous:
        td.cls += " warn"
        td.text = "？"
        msgs.append("有多种读法：" + "、".join(map(str, marks.ambiguous[ref])))
    elif ref in marks.missing:
        td.cls += " warn"
        td.text = "—"
        msgs.append("未能读取：原文中未找到此单元格" + (f"（{marks.unread[ref]}）" if marks.unread.get(ref) else ""))
    elif ref in marks.unread:
        td.cls += " warn"
        td.text = (td.text + "？") if td.text else "—"
        msgs.append(f"未能读取（{marks.unread[ref]}），不参与核对")
    td.title = "\n".join(dict.fromkeys(msgs))
    return td


def t2_blocks(edition: Edition, t2: dict[str, Any], marks: Marks) -> list[dict[str, Any]]:
    out = []
    for sub in edition.t2:
        rows = []
        for row in sub.rows:
            cells = []
            for col in sub.columns:
                ref = f"t2.{sub.id}.{row.id}.{col.id}"
                v = t2.get(sub.id, {}).get(row.id, {}).get(col.id)
                display = None
                if v is not None and col.type == "wan_yuan":
                    display = f"{yuan_to_wan(v):f}"
                elif v is not None and col.type == "money":
                    display = f"{yuan_to_wan(v):f}万元"
                cells.append(_num(ref, v, marks, display=display))
            rows.append({"label": row.label, "cells": cells})
        out.append({"heading": sub.heading, "columns": [c.label for c in sub.columns], "rows": rows,
                    "pad": max(0, 3 - len(sub.columns))})
    return out


def t3_rows(edition: Edition, t3: dict[str, list[Any]], marks: Marks) -> list[list[Td]]:
    rows = edition.t3_rows
    data = [r for r in rows if r.data]
    by_id = {r.id: r for r in rows}
    out: list[list[Td]] = []
    n_results = sum(1 for r in data if r.parent is not None)
    done_groups: set[str] = set()
    for row in data:
        tds: list[Td] = []
        if row.parent is None:
            tds.append(Td(row.label, colspan=3, header=True))
        else:
            if row.id == "r3_1_open":
                tds.append(Td(by_id["r3"].label, rowspan=n_results, header=True))
            if row.parent == "r3":
                tds.append(Td(row.label, colspan=2, header=True))
            else:
                if row.parent not in done_groups:
                    done_groups.add(row.parent)
                    n = sum(1 for r in data if r.parent == row.parent)
                    tds.append(Td(by_id[row.parent].label, rowspan=n, header=True))
                tds.append(Td(row.label, header=True))
        values = t3.get(row.id) or [None] * 7
        for cid, v in zip(T3_COLUMN_IDS, values):
            tds.append(_num(f"t3.{row.id}.{cid}", v, marks))
        out.append(tds)
    return out


def t4_cells(t4: dict[str, Any], marks: Marks) -> list[Td]:
    return [_num(f"t4.{cid}", t4.get(cid), marks) for cid in T4_COLUMN_IDS]


def narrative(edition: Edition, sections: dict[str, str], marks: Marks) -> list[dict[str, Any]]:
    out = []
    for s in edition.sections:
        text = sections.get(s.id) or ""
        paras = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            parts = []
            for sentence in _sentences(line):
                msgs = marks.quotes.get(sentence, [])
                parts.append({"text": sentence, "bad": bool(msgs), "title": "\n".join(msgs)})
            paras.append(parts)
        out.append({"id": s.id, "label": s.label, "paragraphs": paras,
                    "bad": bool(marks.error.get(f"sections.{s.id}") or marks.warning.get(f"sections.{s.id}"))})
    return out


def context(result: dict[str, Any]) -> dict[str, Any]:
    """Everything the report page shows, from a stored audit result."""
    edition = get_edition(result.get("edition") or "2021")
    marks = marks_from(result)
    tables = result.get("tables", {})
    return {
        "edition": edition,
        "t2": t2_blocks(edition, tables.get("t2", {}), marks),
        "t3": t3_rows(edition, tables.get("t3", {}), marks),
        "t4": t4_cells(tables.get("t4", {}), marks),
        "sections": narrative(edition, result.get("sections", {}), marks),
        "findings": result.get("findings", []),
    }

"""One structure for an annual report, and its JSON interchange form (issue 2 §4).

JSON form::

    {"edition": "2019"|"2021", "agency": "...", "year": 2019,
     "tables": {"t2": {subtable_id: {row_id: {col_id: value}}},
                "t3": {row_id: [np, le_com, le_res, le_soc, le_law, le_oth, total]},
                "t4": {col_id: value}},
     "sections": {"s1": "...", ..., "s6": "..."}}

Ids are those of legal-spec Appendix A; data rows only; ``null`` is a blank cell; money is in 元.
Reading JSON that does not fit the edition raises :class:`ReportFormatError` naming the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.law.editions import (
    T3_COLUMN_IDS,
    T4_COLUMN_IDS,
    Edition,
    UnknownEdition,
    get_edition,
)

Number = int | float
Cell = Number | None


class ReportFormatError(ValueError):
    """The input does not fit the report structure; the message names the offending key."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def wan_to_yuan(value: str | float | int | Decimal) -> Number:
    """253.2358 (万元) -> 2532358 (元), exactly (no binary float error)."""
    try:
        d = Decimal(str(value)) * 10000
    except InvalidOperation:
        raise ReportFormatError(f"金额“{value}”不是数字") from None
    return int(d) if d == d.to_integral_value() else float(d)


def yuan_to_wan(value: Number) -> Decimal:
    return (Decimal(str(value)) / 10000).normalize()


@dataclass
class Report:
    edition: Edition
    agency: str
    year: int
    t2: dict[str, dict[str, dict[str, Cell]]] = field(default_factory=dict)
    t3: dict[str, list[Cell]] = field(default_factory=dict)
    t4: dict[str, Cell] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    # Facts from outside the tables that some rules need (publication date, agency kind,
    # fee notices issued, ...). Not part of the national format; kept under "meta" in JSON.
    meta: dict[str, Any] = field(default_factory=dict)

    # -- construction --------------------------------------------------
    @classmethod
    def empty(cls, edition: Edition, agency: str, year: int, fill: Cell = None) -> Report:
        r = cls(edition=edition, agency=agency, year=year)
        for st in edition.t2:
            r.t2[st.id] = {row.id: {c.id: fill for c in st.columns} for row in st.rows}
        r.t3 = {rid: [fill] * len(T3_COLUMN_IDS) for rid in edition.t3_row_ids}
        r.t4 = {cid: fill for cid in T4_COLUMN_IDS}
        r.sections = {s.id: "" for s in edition.sections}
        return r

    # -- cell access ---------------------------------------------------
    def t3_cell(self, row_id: str, col_id: str) -> Cell:
        row = self.t3.get(row_id)
        if row is None:
            return None
        return row[T3_COLUMN_IDS.index(col_id)]

    def set_t3(self, row_id: str, col_id: str, value: Cell) -> None:
        self.t3.setdefault(row_id, [None] * len(T3_COLUMN_IDS))[T3_COLUMN_IDS.index(col_id)] = value

    def cell(self, ref: str) -> Cell:
        """Value of a cell reference: ``t3.ROW.COL``, ``t4.COL`` or ``t2.SUB.ROW.COL``."""
        parts = ref.split(".")
        if parts[0] == "t3" and len(parts) == 3:
            return self.t3_cell(parts[1], parts[2])
        if parts[0] == "t4" and len(parts) == 2:
            return self.t4.get(parts[1])
        if parts[0] == "t2" and len(parts) == 4:
            return self.t2.get(parts[1], {}).get(parts[2], {}).get(parts[3])
        raise KeyError(ref)

    # -- JSON ----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "edition": self.edition.id,
            "agency": self.agency,
            "year": self.year,
            "tables": {
                "t2": {s: {r: dict(cols) for r, cols in rows.items()} for s, rows in self.t2.items()},
                "t3": {rid: list(self.t3[rid]) for rid in self.edition.t3_row_ids if rid in self.t3},
                "t4": {cid: self.t4[cid] for cid in T4_COLUMN_IDS if cid in self.t4},
            },
            "sections": dict(self.sections),
        }
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        if not isinstance(data, Mapping):
            raise ReportFormatError("年报JSON的顶层应为对象")
        for key in ("edition", "year", "tables"):
            if key not in data:
                raise ReportFormatError(f"缺少必填键“{key}”", key)
        try:
            edition = get_edition(str(data["edition"]))
        except UnknownEdition as e:
            raise ReportFormatError(str(e), "edition") from None
        year = data["year"]
        if not isinstance(year, int) or isinstance(year, bool):
            raise ReportFormatError("“year”应为整数年份", "year")
        r = cls(edition=edition, agency=str(data.get("agency") or ""), year=year)
        tables = data["tables"]
        if not isinstance(tables, Mapping):
            raise ReportFormatError("“tables”应为对象", "tables")
        for key in tables:
            if key not in ("t2", "t3", "t4"):
                raise ReportFormatError(f"未知的表格“{key}”，只允许 t2、t3、t4", f"tables.{key}")
        r.t2 = _read_t2(edition, tables.get("t2") or {})
        r.t3 = _read_t3(edition, tables.get("t3") or {})
        r.t4 = _read_t4(tables.get("t4") or {})
        sections = data.get("sections") or {}
        if not isinstance(sections, Mapping):
            raise ReportFormatError("“sections”应为对象", "sections")
        valid_sections = {s.id for s in edition.sections}
        for sid, text in sections.items():
            if sid not in valid_sections:
                raise ReportFormatError(f"未知的章节“{sid}”，应为 s1 至 s6", f"sections.{sid}")
            if text is not None and not isinstance(text, str):
                raise ReportFormatError(f"章节“{sid}”应为文本", f"sections.{sid}")
            r.sections[sid] = text or ""
        meta = data.get("meta") or {}
        if isinstance(meta, Mapping):
            r.meta = dict(meta)
        return r

    @classmethod
    def from_json(cls, text: str) -> Report:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ReportFormatError(f"不是有效的JSON：第{e.lineno}行第{e.colno}列，{e.msg}") from None
        return cls.from_dict(data)


def _value(v: Any, key: str) -> Cell:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ReportFormatError(f"“{key}”的值应为数字或 null，实际为 {v!r}", key)
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    return int(v)


def _read_t2(edition: Edition, t2: Any) -> dict[str, dict[str, dict[str, Cell]]]:
    if not isinstance(t2, Mapping):
        raise ReportFormatError("“tables.t2”应为对象", "tables.t2")
    out: dict[str, dict[str, dict[str, Cell]]] = {}
    known = {s.id: s for s in edition.t2}
    for sid, rows in t2.items():
        key = f"tables.t2.{sid}"
        if sid not in known:
            raise ReportFormatError(
                f"{edition.id}年版格式的表二没有子表“{sid}”（可用：{'、'.join(known)}）", key
            )
        st = known[sid]
        if not isinstance(rows, Mapping):
            raise ReportFormatError(f"“{key}”应为对象", key)
        row_ids = {r.id for r in st.rows}
        col_ids = {c.id: c for c in st.columns}
        out[sid] = {}
        for rid, cols in rows.items():
            rkey = f"{key}.{rid}"
            if rid not in row_ids:
                raise ReportFormatError(f"子表“{sid}”没有行“{rid}”（可用：{'、'.join(sorted(row_ids))}）", rkey)
            if not isinstance(cols, Mapping):
                raise ReportFormatError(f"“{rkey}”应为对象", rkey)
            out[sid][rid] = {}
            for cid, v in cols.items():
                ckey = f"{rkey}.{cid}"
                if cid not in col_ids:
                    raise ReportFormatError(f"子表“{sid}”没有列“{cid}”（可用：{'、'.join(col_ids)}）", ckey)
                out[sid][rid][cid] = _value(v, ckey)
    return out


def _read_t3(edition: Edition, t3: Any) -> dict[str, list[Cell]]:
    if not isinstance(t3, Mapping):
        raise ReportFormatError("“tables.t3”应为对象", "tables.t3")
    out: dict[str, list[Cell]] = {}
    valid = edition.t3_row_ids
    for rid, values in t3.items():
        key = f"tables.t3.{rid}"
        if rid not in valid:
            hint = ""
            if rid.startswith("r3_6"):
                hint = "（2019年版“（六）其他处理”为单行 r3_6；2021年版分为 r3_6_1、r3_6_2、r3_6_3）"
            raise ReportFormatError(f"{edition.id}年版格式的表三没有行“{rid}”{hint}", key)
        if not isinstance(values, list) or len(values) != len(T3_COLUMN_IDS):
            raise ReportFormatError(f"“{key}”应为7个数的列表（自然人、五类法人或其他组织、总计）", key)
        out[rid] = [_value(v, f"{key}[{i}]") for i, v in enumerate(values)]
    return out


def _read_t4(t4: Any) -> dict[str, Cell]:
    if not isinstance(t4, Mapping):
        raise ReportFormatError("“tables.t4”应为对象", "tables.t4")
    out: dict[str, Cell] = {}
    for cid, v in t4.items():
        key = f"tables.t4.{cid}"
        if cid not in T4_COLUMN_IDS:
            raise ReportFormatError(f"表四没有列“{cid}”", key)
        out[cid] = _value(v, key)
    return out

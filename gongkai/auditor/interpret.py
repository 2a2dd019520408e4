"""Read a report out of a :class:`Document`: title, sections, tables 二/三/四, edition, provenance.

One interpreter for every source format. A cell that cannot be found stays ``None`` and is listed in
``missing``; a cell whose reading is not unique (digits run together) is listed in ``ambiguous``
with its candidate readings. Nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from gongkai.auditor import digits as digit_split
from gongkai.auditor.document import Cell, Document, Loc, Para, Table, Value, norm_ws, parse_value
from gongkai.auditor.labels import (
    match_t2_column,
    match_t2_heading,
    match_t2_row,
    match_t3_row,
    norm,
    strip_numbering,
)
from gongkai.law.editions import (
    EDITIONS,
    GB2019,
    GB2021,
    T3_COLUMN_IDS,
    T4_COLUMN_IDS,
    Edition,
    edition_for_year,
)
from gongkai.law.report import Report, wan_to_yuan
from gongkai.law.rules import Finding, Severity


@dataclass
class Provenance:
    loc: Loc
    raw: str
    kind: str  # number | blank | dash | slash | none_word | split | derived
    confidence: float
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"loc": self.loc, "raw": self.raw, "kind": self.kind, "confidence": self.confidence}
        if self.note:
            d["note"] = self.note
        return d


@dataclass
class Extraction:
    report: Report
    format: str
    provenance: dict[str, Provenance] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    ambiguous: dict[str, list[Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # findings about the reading itself
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (edition id, why)
    quotes: dict[str, str] = field(default_factory=dict)
    looked: dict[str, str] = field(default_factory=dict)  # cell ref or table ("t3") -> where it was looked for

    @property
    def expected_cells(self) -> list[str]:
        """Every cell of tables 二, 三 and 四 of the report's edition."""
        e = self.report.edition
        refs = [f"t3.{rid}.{cid}" for rid in e.t3_row_ids for cid in T3_COLUMN_IDS]
        refs += [f"t4.{cid}" for cid in T4_COLUMN_IDS]
        refs += [f"t2.{st.id}.{r.id}.{c.id}" for st in e.t2 for r in st.rows for c in st.columns]
        return refs

    @property
    def unread(self) -> list[str]:
        """Cells not read with confidence: not found, ambiguous, or read with a doubt (confidence < 0.9).

        Their value (if any) is shown but never used by a rule: unread is not wrong."""
        out = []
        for ref in self.expected_cells:
            p = self.provenance.get(ref)
            if ref in self.ambiguous or p is None or p.confidence < CONFIDENT or p.kind in ("ambiguous", "unread"):
                out.append(ref)
        return out

    @property
    def coverage(self) -> tuple[int, int]:
        """(cells read with confidence, cells expected)."""
        expected = self.expected_cells
        return len(expected) - len(self.unread), len(expected)

    def where(self, ref: str) -> str:
        """Where an unread cell was looked for (Chinese, for the user)."""
        return self.looked.get(ref) or self.looked.get(ref.split(".")[0]) or "全文中未找到所在的表格"

    @property
    def confidence(self) -> float:
        if not self.provenance:
            return 0.0
        n_cells = len(self.provenance) + len(self.missing)
        return round(sum(p.confidence for p in self.provenance.values()) / max(n_cells, 1), 3)


CONFIDENT = 0.9


class NotAReport(Exception):
    """The document holds none of the tables of an annual report."""


# ---------------------------------------------------------------------------
# Sections and title
# ---------------------------------------------------------------------------

_SECTION_TESTS: tuple[tuple[str, Any], ...] = (
    ("s1", lambda n: n.startswith("总体情况")),
    ("s2", lambda n: n.startswith("主动公开政府信息") and "情况" in n[:14]),
    ("s3", lambda n: n.startswith("收到和处理政府信息公开申请")),
    ("s4", lambda n: "行政复议" in n and "行政诉讼" in n and len(n) < 30),
    ("s5", lambda n: "存在的主要问题" in n or n.startswith("主要问题")),
    ("s6", lambda n: n.startswith("其他需要报告")),
)
SECTION_ORDER = ("s1", "s2", "s3", "s4", "s5", "s6")


@lru_cache(maxsize=4096)
def section_heading(text: str) -> str | None:
    if len(text) > 80:
        return None
    n = norm(text)
    if not n or len(n) > 45:
        return None
    core = strip_numbering(text)
    if core == n and not re.match(r"^(第[一二三四五六]部分)", n):
        # a heading is numbered (一、 1、 （一） ...); a bare phrase is prose
        return None
    core = re.sub(r"^第[一二三四五六]部分[、:：]?", "", core)
    for sid, test in _SECTION_TESTS:
        if test(core):
            return sid
    return None


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_TAIL = re.compile(r"(?:关于)?(?:19|20)\d{2}\s*年(?:度)?.*$")


def _title_parts(title: str) -> tuple[str, int | None]:
    t = re.sub(r"^(?:标题|名称|题目|文章标题)[:：]", "", norm_ws(title))
    m = _YEAR.search(t)
    year = int(m.group(1)) if m else None
    agency = _AGENCY_TAIL.sub("", t) if m else re.sub(r"政府信息公开.*$", "", t)
    agency = re.sub(r"关于(?:报送|印发|公布|发布)?$", "", agency.strip("《》<>\"“” "))
    return agency, year


_PERIOD = re.compile(r"统计期限[为是自从：:\s]*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_SUFFIX = r"(?:人民政府|办公厅|办公室|管委会|委员会|管理局|厅|局|委|署|院|中心|政府)"
_NAMED_REPORT = re.compile(r"([\u4e00-\u9fff（）()]{2,40}?" + _SUFFIX + r")((?:19|20)\d{2})\s*年度?政府信息公开工作年度报告")
_AGENCY_SUBJECT = re.compile(
    r"((?:19|20)\d{2})\s*年[，,]\s*([\u4e00-\u9fff]{2,30}?" + _SUFFIX + ")")
_LEADING_VERBS = re.compile(r"^.*?(?:发布|公布|现将|编制|印发|报送|形成|制作)(?:了|本|的)?")


def _from_body(body: str) -> tuple[str, int | None]:
    """Year and agency from the report's own sentences when no title names them: 数据统计期限为2021年1月1日…,
    发布河北省教育厅2021年政府信息公开工作年度报告, 2021年，河北省科学技术厅坚持…"""
    text = norm_ws(body[:4000])
    year = None
    m = _PERIOD.search(text)
    if m:
        year = int(m.group(1))
    agency = ""
    m2 = _NAMED_REPORT.search(text)
    if m2:
        agency = _LEADING_VERBS.sub("", m2.group(1)).strip("，,。：:（）()")
        year = year or int(m2.group(2))
    if not agency:
        m3 = _AGENCY_SUBJECT.search(text)
        if m3 and (year is None or int(m3.group(1)) == year):
            agency = m3.group(2)
            year = year or int(m3.group(1))
    return agency, year


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _fuller_agency(agency: str, text: str) -> str:
    """Title names 区规划资源局; the body says 由宝山区规划和自然资源局编制: prefer the full name."""
    for m in re.finditer(r"由([\u4e00-\u9fff（）()]{3,40}?)(?:负责)?编制", text):
        cand = m.group(1)
        if not agency or (_is_subsequence(agency, cand) and cand[-1] == agency[-1]):
            return cand
    return agency


# ---------------------------------------------------------------------------
# The interpreter
# ---------------------------------------------------------------------------


@dataclass
class _Found:
    value: Value | None
    cell: Cell | None
    confidence: float = 1.0
    note: str = ""
    number: Any = None  # when set, overrides value.number (split digits)


@dataclass
class _State:
    ctx: str | None = None  # "t2" | "t3" | "t4"
    sub: str | None = None  # current t2 sub-table
    section: str | None = None
    t3: dict[str, list[_Found]] = field(default_factory=dict)
    t3_runs: dict[str, tuple[str, Cell]] = field(default_factory=dict)
    t4: list[_Found] = field(default_factory=list)
    t4_runs: list[tuple[str, Cell]] = field(default_factory=list)
    t2: dict[str, dict[str, list[_Found]]] = field(default_factory=dict)
    t2_cols: dict[str, list[str]] = field(default_factory=dict)  # sub -> column refs "sub.col"
    t2_wan: dict[str, bool] = field(default_factory=dict)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    last_t3: str | None = None
    table_locs: dict[str, Loc] = field(default_factory=dict)  # "t2"/"t3"/"t4" -> where that table was read


_MULTI = re.compile(r"^[+-]?\d[\d,.]*(?:[ \t\u3000]+[+-]?\d[\d,.]*)+$")


def _split_row(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    # dedupe horizontally spanned copies of one source cell
    out: list[Cell] = []
    for c in cells:
        if out and c.origin is not None and out[-1].origin == c.origin:
            continue
        t = c.text.strip()
        if _MULTI.match(t):
            # several numbers in one cell (merged by a converter): one cell each
            for k, part in enumerate(t.split()):
                out.append(Cell(part, dict(c.loc, part=k)))
            continue
        out.append(c)
    i = len(out)
    while i > 0 and parse_value(out[i - 1].text).kind != "text":
        i -= 1
    return out[:i], out[i:]


def _labels(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if norm(c.text)]


_T3_MARKERS = ("申请人情况", "自然人", "本列数据的勾稽关系", "法人或其他组织")


def _handle_para(st: _State, p: Para) -> None:
    text = p.text
    sid = section_heading(text)
    if sid and (st.section is None or SECTION_ORDER.index(sid) > SECTION_ORDER.index(st.section)):
        st.section = sid
        st.sections.setdefault(sid, [])
        st.ctx = {"s2": "t2", "s3": "t3", "s4": "t4"}.get(sid)
        st.sub = None
        return
    head = match_t2_heading(text) if len(text) < 40 else None
    if head is not None:
        st.ctx, st.sub = "t2", head.id
        return
    if st.section is None:
        if norm(text):
            st.preamble.append(text)
    else:
        st.sections[st.section].append(text)


def _title(pre: list[str], hint: str) -> tuple[str, list[str]]:
    """The report title and the remaining preamble, from the paragraphs before section 一."""
    lines: list[str] = []
    for t in pre[:4]:
        n = norm(t)
        if len(n) > 60:
            break
        lines.append(t.strip())
        if "报告" in n or "年报" in n:
            joined = "".join(lines)
            if _YEAR.search(joined):
                return joined, pre[len(lines):]
            break
    cands = [t for t in pre if len(norm(t)) <= 60 and _YEAR.search(t) and re.search(r"年度报告|年报", t)]
    if cands:
        rest = list(pre)
        rest.remove(cands[-1])
        return cands[-1].strip(), rest
    if hint:
        return hint, pre
    return "".join(lines), pre[len(lines):]


def _handle_table(st: _State, t: Table) -> None:
    for row in t.rows:
        if st.ctx and st.ctx not in st.table_locs:
            st.table_locs[st.ctx] = dict(t.loc) or dict(row[0].loc if row else {})
        label_cells, values = _split_row(row)
        labels = _labels(label_cells)
        texts = [norm(c.text) for c in labels]
        joined = "".join(texts)
        # --- context from headings inside the table
        for c in labels:
            h = match_t2_heading(c.text) if len(norm(c.text)) < 30 else None
            if h is not None:
                st.ctx, st.sub = "t2", h.id
        if any(m in joined for m in _T3_MARKERS):
            st.ctx = "t3"
        if "行政复议" in joined and ("行政诉讼" in joined or "结果维持" in joined or st.ctx != "t3"):
            if not any(match_t3_row(c.text) for c in labels):
                st.ctx = "t4"
        # --- t2 header rows
        if st.ctx == "t2" and st.sub and not values and labels:
            cols = []
            for c in labels:
                refs = [r for r in match_t2_column(c.text) if r.id.startswith(st.sub + ".")]
                if refs:
                    cols.append(refs[0])
                if "万元" in norm(c.text) or "万" in norm(c.text):
                    st.t2_wan[st.sub] = True
            if cols:
                st.t2_cols[st.sub] = [r.id for r in cols]
                for r in cols:
                    if len(r.editions) == 1:
                        ed = next(iter(r.editions))
                        st.evidence.append((ed, f"表二列“{r.id}”"))
            continue
        if not values or not labels:
            if values and st.ctx == "t4":
                _t4_values(st, values)
            continue
        label = labels[-1]
        # --- t3 rows
        t3_refs = match_t3_row(label.text)
        if t3_refs and (st.ctx in ("t3", None) or len(strip_numbering(label.text)) >= 4):
            rid = t3_refs[0].id
            if rid == "r3_6_3" and st.last_t3 not in ("r3_6_1", "r3_6_2") and not any(
                match_t3_row(c.text) and match_t3_row(c.text)[0].id == "r3_6" for c in labels[:-1]
            ):
                # "3.其他" only under （六）其他处理
                if st.last_t3 is None or not st.last_t3.startswith("r3_6"):
                    continue
            if rid in ("r3", "r3_3", "r3_4", "r3_5"):
                continue
            st.ctx = "t3"
            st.last_t3 = rid
            if rid in st.t3 or rid in st.t3_runs:
                continue  # repeated (e.g. a header repeated on the next page): keep the first
            if len(values) == 1 and re.fullmatch(r"\d{7,}", norm(values[0].text)):
                st.t3_runs[rid] = (norm(values[0].text), values[0])
                continue
            st.t3[rid] = _fit(values, 7)
            continue
        # --- t2 rows
        t2_refs = match_t2_row(label.text)
        if t2_refs and st.ctx in ("t2", None):
            refs = [r for r in t2_refs if st.sub and r.id.startswith(st.sub + ".")] or (t2_refs if not st.sub else [])
            if refs:
                sub, rid = refs[0].id.split(".")
                if rid not in st.t2.setdefault(sub, {}):
                    st.t2[sub][rid] = [_Found(parse_value(c.text), c) for c in values]
                    if sub == "t2_a20_9":
                        st.evidence.append(("2019", "表二第二十条第（九）项"))
            continue
        if st.ctx == "t4":
            _t4_values(st, values, labelled=True)


def _t4_values(st: _State, values: list[Cell], labelled: bool = False) -> None:
    if len(st.t4) >= 15:
        return
    numbers = sum(1 for c in values if parse_value(c.text).kind == "number")
    if numbers == 0 or (labelled and numbers < 5):
        return  # a header row with empty cells, not data
    if len(values) == 1 and re.fullmatch(r"\d{15,}", norm(values[0].text)) and not st.t4:
        st.t4_runs.append((norm(values[0].text), values[0]))
        return
    for c in values:
        if len(st.t4) < 15:
            st.t4.append(_Found(parse_value(c.text), c))


def _fit(values: list[Cell], n: int) -> list[_Found]:
    vals = [_Found(parse_value(c.text), c) for c in values]
    if len(vals) == n:
        return vals
    while len(vals) > n and vals[-1].value is not None and vals[-1].value.kind == "blank":
        vals.pop()  # trailing empty cells added by a converter
    if len(vals) == n:
        return vals
    if len(vals) > n:
        extra = vals[: len(vals) - n]
        conf = 1.0 if all(f.value and f.value.kind == "blank" for f in extra) else 0.6
        return [_Found(f.value, f.cell, conf, "" if conf == 1.0 else f"行中有{len(vals)}个数，取后{n}个") for f in vals[-n:]]
    # fewer cells than columns: keep them in order, the rest missing
    return [_Found(f.value, f.cell, 0.5, f"行中只有{len(vals)}个数") for f in vals] + [
        _Found(None, None) for _ in range(n - len(vals))
    ]


# ---------------------------------------------------------------------------


def _decide_edition(st: _State, year: int | None) -> tuple[Edition, list[Finding]]:
    findings: list[Finding] = []
    t3_split = any(r in st.t3 or r in st.t3_runs for r in ("r3_6_1", "r3_6_2", "r3_6_3"))
    t3_single = "r3_6" in st.t3 or "r3_6" in st.t3_runs
    t3_ed = "2021" if t3_split else ("2019" if t3_single else None)
    t2_votes = {e for e, _ in st.evidence}
    t2_ed = next(iter(t2_votes)) if len(t2_votes) == 1 else None
    if t3_ed and t2_ed and t3_ed != t2_ed:
        by_year = None
        if year:
            try:
                by_year = edition_for_year(year).id
            except ValueError:
                by_year = None
        chosen = by_year if by_year in (t2_ed, t3_ed) else t3_ed
        findings.append(
            Finding(
                "EDITION_MIXED",
                Severity.WARNING,
                f"表二为{t2_ed}年版格式，表三为{t3_ed}年版格式（“（六）其他处理”"
                f"{'分为三行' if t3_split else '为单行'}），两版格式混用；按{chosen}年版读取。",
                ("t2", "t3.r3_6"),
                t2_ed,
                t3_ed,
            )
        )
        return EDITIONS[chosen], findings
    ed = t3_ed or t2_ed
    if ed is None:
        try:
            ed = edition_for_year(year).id if year else GB2021.id
        except ValueError:
            ed = GB2021.id
    return EDITIONS[ed], findings


def _number(f: _Found) -> Any:
    if f.number is not None:
        return f.number
    if f.value is None or f.value.number is None:
        return None
    n = f.value.number
    if isinstance(n, Decimal):
        return int(n) if n == n.to_integral_value() else float(n)
    return n


def _prov(f: _Found) -> Provenance:
    v = f.value
    return Provenance(
        loc=dict(f.cell.loc) if f.cell else {},
        raw=v.raw if v else "",
        kind=("split" if f.number is not None else (v.kind if v else "missing")),
        confidence=f.confidence,
        note=f.note,
    )


def interpret(doc: Document) -> Extraction:
    st = _State()
    for b in doc.blocks:
        if isinstance(b, Para):
            _handle_para(st, b)
        else:
            _handle_table(st, b)

    _stream_fill(st, doc)
    title, st.preamble = _title(st.preamble, doc.title_hint)
    agency, year = _title_parts(title)
    if year is None and doc.title_hint:
        agency2, year = _title_parts(doc.title_hint)
        agency = agency or agency2
    body = "\n".join(st.preamble) + "\n" + "\n".join("\n".join(v) for v in st.sections.values())
    agency = _fuller_agency(agency, body)
    if year is None or not agency:
        agency3, year3 = _from_body(body)
        year = year or year3
        agency = agency or agency3
    if not st.t3 and not st.t3_runs and not st.t4 and not st.t2 and not st.t4_runs:
        raise NotAReport("未找到年度报告的表二、表三、表四，这不像一份政府信息公开工作年度报告。")

    edition, findings = _decide_edition(st, year)
    report = Report.empty(edition, agency, year or 0)
    ex = Extraction(report=report, format=doc.format, findings=findings, evidence=st.evidence)
    for sid in SECTION_ORDER:
        report.sections[sid] = "\n".join(st.sections.get(sid, [])).strip()
    report.meta["title"] = norm_ws(title)
    if st.preamble:
        report.meta["preamble"] = "\n".join(st.preamble)

    _resolve_runs(st, ex)
    _fill_t3(st, ex, edition)
    _fill_t4(st, ex)
    _fill_t2(st, ex, edition)
    for tid, name in (("t2", "表二"), ("t3", "表三"), ("t4", "表四")):
        loc = st.table_locs.get(tid)
        ex.looked[tid] = f"在{name}（{loc_text(loc)}）中未找到" if loc is not None else f"全文中未找到{name}"
    if ex.missing:
        from gongkai.law.rules import cell_label

        names = "、".join(cell_label(edition, ref) for ref in ex.missing[:5])
        ex.findings.append(Finding(
            "CELL_NOT_FOUND", Severity.WARNING,
            f"未能读取{len(ex.missing)}个单元格（原文中未找到，未作推测，不参与勾稽核对）：{names}"
            + ("等。" if len(ex.missing) > 5 else "。"),
            tuple(ex.missing), None, None,
        ))
    return ex


def loc_text(loc: Loc | None) -> str:
    """A location in words: 第3页、第12行、第2个表格第5行."""
    if not loc:
        return "位置不详"
    parts = []
    if "page" in loc:
        parts.append(f"第{loc['page']}页")
    if "table" in loc:
        parts.append(f"第{loc['table']}个表格")
    if "line" in loc:
        parts.append(f"第{loc['line']}行")
    elif "row" in loc:
        parts.append(f"第{loc['row']}行")
    if "offset" in loc:
        parts.append(f"第{loc['offset']}字处")
    return "".join(parts) or "位置不详"


def _stream_fill(st: _State, doc: Document) -> None:
    """The layout-free pass (stream.py): rows of tables 二/三/四 the grid pass did not read."""
    from gongkai.auditor import stream

    t3_rows = set(st.t3) | set(st.t3_runs)
    grid_t3 = len(t3_rows) >= 10
    need_t3 = not grid_t3 or any(not _confident(r) for r in st.t3.values())
    need_t4 = len(st.t4) < 15 and not st.t4_runs or any(f.confidence < CONFIDENT for f in st.t4) or not _t4_adds_up(st.t4)
    need_t2 = not st.t2
    if not (need_t3 or need_t4 or need_t2):
        return
    s = stream.flatten(doc)
    hits, t3_end = stream.find_t3(s)
    if need_t3 and hits:
        srows = _stream_t3(s, hits, t3_end)
        if not grid_t3:
            st.t3.clear()
            st.t3_runs.clear()
            st.t3.update(srows)
        else:
            for rid, g in list(st.t3.items()):
                if rid not in srows and _confident(g) and not _adds_up(g):
                    # a row that does not add up and that the text reading cannot confirm
                    st.t3[rid] = _doubt(g, "本行总计不符，且文本中未找到此行印证")
            for rid, sr in srows.items():
                g = st.t3.get(rid)
                if rid in st.t3_runs:
                    continue
                if g is not None and _confident(g) and not _adds_up(g) and not _confident(sr):
                    st.t3[rid] = _doubt(g, "本行总计不符，且文本中此行无唯一读法印证")
                    continue
                if g is None or (not _confident(g) and _confident(sr)):
                    st.t3[rid] = sr
                elif _confident(g) and _confident(sr) and [_number(f) for f in g] != [_number(f) for f in sr]:
                    # two confident readings that differ: the one whose row adds up, else neither
                    ok_g, ok_s = _adds_up(g), _adds_up(sr)
                    if ok_s and not ok_g:
                        st.t3[rid] = sr
                    elif ok_g == ok_s:
                        st.t3[rid] = [_Found(f.value, f.cell, 0.0, "表格与文本两种读法不一致") for f in g]
        st.table_locs.setdefault("t3", s.loc(hits[0].start))
    if need_t4:
        found = stream.find_t4(s, t3_end if hits else 0, stream.line_step(s.text[hits[0].end:t3_end]) if hits else None)
        if found:
            toks, pos = found
            cell = stream.cell_at(s, pos, " ".join(toks))
            reads = stream.readings(toks, (5, 5, 5))
            st.table_locs.setdefault("t4", s.loc(pos))
            grid = st.t4 if len(st.t4) == 15 and all(f.confidence >= CONFIDENT for f in st.t4) else None
            if len(reads) == 1:
                split = len(toks) != 15
                mine = [_Found(Value("number", v, cell.text) if v is not None else parse_value(toks[i] if not split else ""),
                               cell, 1.0, f"由“{' '.join(toks)}”按勾稽关系拆分" if split else "",
                               number=v if split else None) for i, v in enumerate(reads[0])]
                if grid is None or _t4_adds_up(mine) or [_number(f) for f in mine] == [_number(f) for f in grid]:
                    st.t4 = mine
                else:
                    # the grid's groups do not add up and the text reads differently: neither is sure
                    st.t4 = [_Found(f.value, f.cell, 0.0, "表格与文本两种读法不一致") for f in grid]
            elif grid is not None and not _t4_adds_up(grid):
                st.t4 = _doubt(grid, "表四各组总计不符，且文本中无唯一读法印证")
        elif len(st.t4) == 15 and not _t4_adds_up(st.t4):
            st.t4 = _doubt(st.t4, "表四各组总计不符，且文本中未找到表四印证")
    if need_t2:
        rows, votes, where = stream.find_t2(s, hits[0].start if hits else 0)
        sub_eds = rows.pop("_editions", {})
        for ed in votes:
            st.evidence.append((ed, "表二列名"))
        for sub_id, rr in rows.items():
            for rid, toks in rr.items():
                cols = _t2_cols(sub_id, rid, set(sub_eds.get(sub_id, ())) or votes)
                if not cols:
                    continue
                reads = stream.t2_reading(toks, cols)
                cell = stream.cell_at(s, where[f"{sub_id}.{rid}"], " ".join(toks))
                if len(reads) == 1:
                    split = len(toks) != cols
                    st.t2.setdefault(sub_id, {})[rid] = [
                        _Found(parse_value(toks[i]) if not split else Value("number", v, cell.text), cell, 1.0,
                               f"由“{toks[0]}”拆分" if split else "")
                        for i, v in enumerate(reads[0])]
                else:
                    st.t2.setdefault(sub_id, {})[rid] = [
                        _Found(Value("text", None, cell.text), cell, 0.0,
                               f"“{' '.join(toks)}”有{len(reads)}种读法" if reads else f"“{' '.join(toks)}”无法读成{cols}个单元格")
                        for _ in range(cols)]
        if rows:
            st.table_locs.setdefault("t2", s.loc(0))
    if not st.sections:
        _stream_sections(st, s)


def _doubt(row: list[_Found], note: str) -> list[_Found]:
    return [_Found(f.value, f.cell, min(f.confidence, 0.5), note, f.number) for f in row]


def _t4_adds_up(t4: list[_Found]) -> bool:
    if len(t4) != 15:
        return True
    nums = [_number(f) or 0 for f in t4]
    return all(sum(nums[g:g + 4]) == nums[g + 4] for g in (0, 5, 10))


def _confident(row: list[_Found]) -> bool:
    return all(f.cell is not None and f.confidence >= CONFIDENT for f in row)


def _adds_up(row: list[_Found]) -> bool:
    nums = [_number(f) or 0 for f in row]
    return len(nums) == 7 and sum(nums[:6]) == nums[6]


def _stream_t3(s: Any, hits: Any, t3_end: int) -> dict[str, list[_Found]]:
    from gongkai.auditor import stream

    out: dict[str, list[_Found]] = {}
    segs = stream.t3_segments(s, hits, t3_end)
    segs_text = stream.t3_texts(s, hits)
    single = "r3_6" in segs
    tf = stream.total_first(s, hits)
    unique, several = stream.solve_rows({rid: t for rid, (t, _) in segs.items()}, single, tf)
    if not tf and (len(unique) < len(segs) or len(segs) < len(GB2019.t3_row_ids)):
        ordered = stream.t3_in_order(s, hits, list(segs))
        # accepted only when it agrees with every row read by its label
        if ordered and all(ordered.get(r) == v for r, v in unique.items()):
            for rid, vals in ordered.items():
                if rid not in unique:
                    unique[rid] = vals
                    several.pop(rid, None)
                    pos = segs[rid][1] if rid in segs else hits[0].start
                    segs[rid] = ([str(v) for v in vals], pos)
    for rid, (toks, pos) in segs.items():
        cell = stream.cell_at(s, pos, " ".join(toks))
        split = len(toks) != 7 or tf
        note = f"由“{' '.join(toks)}”按勾稽关系拆分" if len(toks) != 7 else ""
        if tf:
            note = (note + "；" if note else "") + "总计列印在最前"
        if rid in unique:
            out[rid] = [_Found(Value("number", v, cell.text) if v is not None else parse_value(toks[i] if not split else ""),
                               cell, 1.0, note, number=v if split else None)
                        for i, v in enumerate(unique[rid])]
        elif rid in several:
            opts = several[rid]
            row = []
            for i in range(7):
                vals = sorted({o[i] for o in opts if o[i] is not None})
                if len(vals) == 1 and all(o[i] == vals[0] for o in opts):
                    row.append(_Found(Value("number", vals[0], cell.text), cell, 0.9, note, number=vals[0]))
                else:
                    row.append(_Found(Value("text", None, cell.text), cell, 0.0,
                                      f"“{' '.join(toks)}”有多种读法：{'、'.join(map(str, vals))}"))
            out[rid] = row
        elif not toks and not segs_text.get(rid, "x").strip(" \u3000"):
            # nothing printed between this label and the next: a blank row
            out[rid] = [_Found(Value("blank", None, ""), cell, 1.0, "标签之间无数字（空白行）") for _ in range(7)]
        else:
            out[rid] = [_Found(Value("text", None, cell.text), cell, 0.0,
                               f"“{' '.join(toks)}”无法读成7个单元格") for _ in range(7)]
    return out


def _t2_cols(sub_id: str, rid: str, votes: set[str]) -> int:
    eds = [EDITIONS[v] for v in sorted(votes)] or list(EDITIONS.values())
    for e in eds:
        for sub in e.t2:
            if sub.id == sub_id and any(r.id == rid for r in sub.rows):
                return len(sub.columns)
    return 0


def _stream_sections(st: _State, s: Any) -> None:
    """Sections of a report printed as one stream (no paragraph breaks): cut at the numbered headings."""
    from gongkai.auditor import stream

    heads = max((stream.find_sections(s, e) for e in EDITIONS.values()), key=len)
    if len(heads) < 3:
        return
    text = s.text
    pre = [line.strip() for line in text[: heads[0][1]].split("\n") if line.strip()]
    st.preamble = pre or st.preamble
    for i, (sid, _a, b) in enumerate(heads):
        end = heads[i + 1][1] if i + 1 < len(heads) else len(text)
        st.sections[sid] = [text[b:end].strip()]
        st.section = sid


def _set(ex: Extraction, ref: str, f: _Found | None, setter: Any) -> None:
    if f is None or f.cell is None:
        ex.missing.append(ref)
        setter(None)
        return
    setter(_number(f))
    ex.provenance[ref] = _prov(f)


def _fill_t3(st: _State, ex: Extraction, edition: Edition) -> None:
    r = ex.report
    rows = dict(st.t3)
    if edition.id == "2021" and "r3_6" in rows and not any(k in rows for k in ("r3_6_1", "r3_6_2", "r3_6_3")):
        single = rows.pop("r3_6")
        # a hybrid: the single printed row is the whole of （六）; rows 1. and 2. are not printed (not unread)
        rows["r3_6_3"] = [_Found(f.value, f.cell, f.confidence, "单行“（六）其他处理”记入“3.其他”") for f in single]
        for rid in ("r3_6_1", "r3_6_2") if all(f.confidence >= CONFIDENT for f in single) else ():
            for cid in T3_COLUMN_IDS:
                ex.provenance[f"t3.{rid}.{cid}"] = Provenance({}, "", "absent", 1.0, "两版格式混用：原表无此行")
    if edition.id == "2019" and "r3_6" not in rows and all(k in rows for k in ("r3_6_1", "r3_6_2", "r3_6_3")):
        parts = [rows.pop(k) for k in ("r3_6_1", "r3_6_2", "r3_6_3")]
        merged = []
        for i in range(7):
            nums = [_number(p[i]) for p in parts]
            if any(n is None for n in nums):
                merged.append(_Found(None, None))
            else:
                merged.append(_Found(parts[0][i].value, parts[0][i].cell, 0.8, "由“（六）其他处理”三行相加", number=sum(nums)))
        rows["r3_6"] = merged
    for rid in edition.t3_row_ids:
        found = rows.get(rid)
        values = r.t3.setdefault(rid, [None] * 7)
        for i, cid in enumerate(T3_COLUMN_IDS):
            ref = f"t3.{rid}.{cid}"
            if ref in ex.provenance and ex.provenance[ref].kind == "absent":
                ex.missing.append(ref)
                values[i] = None
                continue
            if ref in ex.provenance or ref in ex.ambiguous:
                continue
            f = found[i] if found else None
            if f is None or f.cell is None:
                ex.missing.append(ref)
                values[i] = None
            else:
                values[i] = _number(f)
                ex.provenance[ref] = _prov(f)


def _fill_t4(st: _State, ex: Extraction) -> None:
    r = ex.report
    for i, cid in enumerate(T4_COLUMN_IDS):
        ref = f"t4.{cid}"
        if ref in ex.provenance or ref in ex.ambiguous:
            continue
        f = st.t4[i] if i < len(st.t4) else None
        _set(ex, ref, f, lambda v, cid=cid: r.t4.__setitem__(cid, v))


def _fill_t2(st: _State, ex: Extraction, edition: Edition) -> None:
    r = ex.report
    for sub in edition.t2:
        header = [c.split(".")[1] for c in st.t2_cols.get(sub.id, [])]
        own = [c.id for c in sub.columns]
        cols = header if header and all(h in own for h in header) else own
        for row in sub.rows:
            vals = st.t2.get(sub.id, {}).get(row.id)
            for col in sub.columns:
                ref = f"t2.{sub.id}.{row.id}.{col.id}"
                f: _Found | None = None
                if vals is not None and col.id in cols:
                    i = cols.index(col.id)
                    if i < len(vals):
                        f = vals[i]
                        if len(vals) != len(cols):
                            f = _Found(f.value, f.cell, 0.6, f"行中有{len(vals)}个数，表头{len(cols)}列")
                if f is not None and f.value is not None and f.value.number is not None:
                    if col.type == "wan_yuan" or (col.type == "money" and (f.value.wan or st.t2_wan.get(sub.id))):
                        f = _Found(f.value, f.cell, f.confidence, f.note, number=wan_to_yuan(f.value.number))
                        if f.value.kind == "number":
                            f.note = f.note or "万元换算为元"
                _set(ex, ref, f, lambda v, s=sub.id, rw=row.id, c=col.id: r.t2[s][rw].__setitem__(c, v))
                if ref in ex.provenance and ex.provenance[ref].kind == "split":
                    ex.provenance[ref].kind = "number"


def _resolve_runs(st: _State, ex: Extraction) -> None:
    """Rows whose cells were printed as one run of digits: recover them from the table's arithmetic."""
    if not st.t3_runs and not st.t4_runs:
        return
    fixed = {rid: [_number(f) for f in fs] for rid, fs in st.t3.items()}
    runs = {rid: s for rid, (s, _) in st.t3_runs.items()}
    result = digit_split.solve_t3(runs, fixed, single_other="r3_6" in st.t3 or "r3_6" in st.t3_runs)
    for rid, (s, cell) in st.t3_runs.items():
        readings = result.get(rid, [])
        if not readings:
            ex.findings.append(
                Finding("CELL_UNREADABLE", Severity.WARNING,
                        f"表三第{rid}行的数字“{s}”无法按表格勾稽关系拆分为7个单元格。", (f"t3.{rid}",), None, s)
            )
            continue
        row: list[_Found] = []
        for i, cid in enumerate(T3_COLUMN_IDS):
            options = sorted({r[i] for r in readings})
            ref = f"t3.{rid}.{cid}"
            if len(options) == 1:
                conf = 1.0 if len(readings) == 1 else 0.9
                row.append(_Found(Value("number", options[0], s), cell, conf, f"由连写数字“{s}”按勾稽关系拆分", number=options[0]))
            else:
                ex.ambiguous[ref] = options
                ex.report.set_t3(rid, cid, None)
                ex.provenance[ref] = Provenance(dict(cell.loc), s, "ambiguous", 0.0, f"可能的读法：{'、'.join(map(str, options))}")
                row.append(_Found(None, None))
        st.t3[rid] = row
    for rid in list(st.t3_runs):
        for cid in T3_COLUMN_IDS:
            ref = f"t3.{rid}.{cid}"
            if ref in ex.ambiguous:
                ex.findings.append(
                    Finding("CELL_AMBIGUOUS", Severity.WARNING,
                            f"表三单元格“{ref}”由连写数字拆分时有多种读法：{'、'.join(map(str, ex.ambiguous[ref]))}，未作猜测。",
                            (ref,), None, ex.ambiguous[ref])
                )
    if st.t4_runs and not st.t4:
        s, cell = st.t4_runs[0]
        readings = digit_split.solve_t4(s)
        if len(readings) == 1:
            st.t4 = [_Found(Value("number", v, s), cell, 0.9, f"由连写数字“{s}”按勾稽关系拆分", number=v) for v in readings[0]]
        elif readings:
            for i, cid in enumerate(T4_COLUMN_IDS):
                options = sorted({r[i] for r in readings})
                ref = f"t4.{cid}"
                if len(options) == 1:
                    st.t4.append(_Found(Value("number", options[0], s), cell, 0.9, "连写数字拆分", number=options[0]))
                else:
                    ex.ambiguous[ref] = options
                    ex.provenance[ref] = Provenance(dict(cell.loc), s, "ambiguous", 0.0, f"可能的读法：{'、'.join(map(str, options))}")
                    st.t4.append(_Found(None, None))
                    ex.findings.append(Finding("CELL_AMBIGUOUS", Severity.WARNING, f"表四单元格“{ref}”有多种读法：{'、'.join(map(str, options))}，未作猜测。", (ref,), None, options))


__all__ = ["Extraction", "NotAReport", "Provenance", "interpret", "section_heading", "GB2019"]

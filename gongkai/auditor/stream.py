"""The layout-free reader: the national format's labels found in one stream of text, numbers assigned to cells.

Every format reader produces a :class:`Document`; this module flattens it (paragraph text, table cells in row
order) into one text with the location of every piece, finds the labels of tables 二, 三 and 四 (from
gongkai.law.editions, never retyped) by tolerant matching — spaced, wrapped over lines, numbered
differently or not at all, with page footers in between — and assigns the numbers between one label and the
next to the row's cells. Digits that ran together (cells printed without separators) are split by the table's
own arithmetic (row totals, table 四's group totals, then the column constraints of table 三); a row whose
reading is not unique is left unread, never guessed.

The grid reader (interpret.py) runs first; this pass fills the rows it did not read.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from gongkai.auditor.document import Cell, Document, Loc, Para, Table
from gongkai.law.editions import EDITIONS, GB2019, GB2021, T4_COLUMNS, Edition

MAX_SOLUTIONS = 500
MAX_PRODUCT = 100_000

# characters OCR and traditional-script pages print for the label characters (a few, seen in reports)
VARIANTS = {
    "开": "开開", "门": "门門", "请": "请請", "数": "数數", "处": "处處", "理": "理", "结": "结結", "转": "转轉",
    "发": "发發", "件": "件", "总": "总總", "计": "计計", "办": "办辦", "况": "况況", "务": "务務", "规": "规規",
    "章": "章", "许": "许許", "费": "费費", "采": "采採", "购": "购購", "议": "议議", "讼": "讼訟", "诉": "诉訴",
    "经": "经經", "复": "复復覆", "维": "维維", "纠": "纠糾", "审": "审審", "机": "机機", "关": "关關",
    "现": "现現", "没": "没沒", "补": "补補", "确": "确確", "访": "访訪", "报": "报報", "类": "类類",
    "为": "为為", "过": "过過", "执": "执執", "卷": "卷", "询": "询詢", "项": "项項", "劳": "劳勞",
    "业": "业業", "级": "级級", "号": "号號", "属": "属屬", "国": "国國", "秘": "秘祕", "险": "险險",
    "权": "权權", "内": "内內", "书": "书書", "复议": "复议", "来": "来來", "会": "会會", "织": "织織",
    "组": "组組", "构": "构構", "效": "效", "废": "废廢", "止": "止", "制": "制製",
    "缴": "缴繳", "纳": "纳納", "确认": "确认", "认": "认認", "获": "获獲", "取": "取", "出": "出齣",
    "具": "具", "应": "应應", "实": "实實", "单": "单單", "维持": "维持", "纠正": "纠正",
}
_SEP = r"[\s\u3000\u00a0\u200b\ufeff|]*"  # spaces, line breaks, cell boundaries, markdown pipes
_CN_NUM = "一二三四五六七八九十"


def _char(ch: str) -> str:
    v = VARIANTS.get(ch)
    if v and len(v) > 1:
        return "[" + re.escape(v) + "]"
    if ch in "“”\"'‘’「」":
        return "[“”\"'‘’「」]?"
    if ch in "、，,":
        return "[、，,]?"
    return re.escape(ch)


def _core(label: str) -> str:
    t = unicodedata.normalize("NFKC", label)
    t = re.sub(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)", "", t)
    t = re.sub(r"\([^()]*\)", "", t)  # remarks: （区分处理的，只计这一情形，不计其他情形）
    return t


def _numbering(label: str) -> str:
    """Pattern of the label's own numbering (optional: reports drop it, or number differently)."""
    t = unicodedata.normalize("NFKC", label)
    m = re.match(r"^([一二三四五六七八九十]+)、", t)
    if m:
        return rf"(?:[{_CN_NUM}]{{0,2}}{_SEP}[、.．]{_SEP})?"
    m = re.match(r"^\(([一二三四五六七八九十]+)\)", t)
    if m:
        return rf"(?:[(（]{_SEP}[{_CN_NUM}]{{1,2}}{_SEP}[)）]{_SEP}[、.．]?{_SEP})?"
    m = re.match(r"^(\d+)\.", t)
    if m:
        # the digit of the numbering only when followed by its dot: "00000002.其他法律" -> "2." is numbering
        return rf"(?:{m.group(1)}{_SEP}[.．、]{_SEP}|[(（]{m.group(1)}[)）]{_SEP})?"
    return ""


@lru_cache(maxsize=512)
def label_pattern(label: str, numbered: bool = True) -> re.Pattern[str]:
    core = "".join(ch for ch in _core(label) if not ch.isspace())
    if len(core) > 14:
        # a long label: its first 8 and last 2 characters, words between them may differ
        # ("行政机关不再受理其…" for "不再处理其…"), never digits
        head = _SEP.join(_char(ch) for ch in core[:8])
        tail = _SEP.join(_char(ch) for ch in core[-2:])
        lo = max(0, len(core) - 10 - 6)
        body = head + rf"[^\d]{{{lo},{len(core) + 6}}}?" + tail
    else:
        body = _SEP.join(_char(ch) for ch in core)
    # the remark (（区分处理的，…）) may follow; spaces after the label are not eaten up to a cell boundary (a tab),
    # so that a blank first cell stays a cell
    remark = r"(?:[ \u3000\u00a0\n]*[(（][^()（）]{0,40}[)）])?" if "(" in unicodedata.normalize("NFKC", label) else ""
    return re.compile((_numbering(label) if numbered else "") + body + remark)


@lru_cache(maxsize=512)
def loose_pattern(label: str) -> re.Pattern[str]:
    core = "".join(ch for ch in _core(label) if not ch.isspace())
    num = _numbering(label)
    if not num or len(core) < 4:
        return re.compile(r"(?!)")
    head = _SEP.join(_char(ch) for ch in core[:3])
    return re.compile(num.rstrip("?") + head + rf"[^\d\n\t]{{{max(0, len(core) - 6)},{len(core) + 3}}}")


# ---------------------------------------------------------------------------
# The stream
# ---------------------------------------------------------------------------


@dataclass
class Stream:
    text: str
    starts: list[int]
    locs: list[Loc]

    def loc(self, pos: int) -> Loc:
        i = bisect.bisect_right(self.starts, pos) - 1
        return dict(self.locs[max(i, 0)]) if self.locs else {}


_FOOTER = re.compile(r"(?:[—\-－–]{1,2}[ \t\u3000]*\d{1,3}[ \t\u3000]*[—\-－–]{1,2}|第[ \t]*\d{1,3}[ \t]*页(?:[，,]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)")


def flatten(doc: Document) -> Stream:
    raw = doc.meta.get("text")
    if isinstance(raw, str) and doc.format in ("text", "markdown"):
        # plain text and markdown: the text itself is the stream (its tabs and blank cells as printed)
        t = _FOOTER.sub(lambda m: " " * len(m.group(0)), unicodedata.normalize("NFKC", raw).replace("\r\n", "\n").replace("\r", "\n"))
        starts = [0] + [m.end() for m in re.finditer("\n", t)]
        return Stream(t, starts, [{"line": i + 1} for i in range(len(starts))])
    parts: list[str] = []
    starts: list[int] = []
    locs: list[Loc] = []
    pos = 0

    def add(text: str, loc: Loc, sep: str) -> None:
        nonlocal pos
        t = unicodedata.normalize("NFKC", text)
        t = _FOOTER.sub(" ", t)
        starts.append(pos)
        locs.append(loc)
        parts.append(t + sep)
        pos += len(t) + len(sep)

    for b in doc.blocks:
        if isinstance(b, Para):
            add(b.text, b.loc, "\n")
        elif isinstance(b, Table):
            for row in b.rows:
                last: Any = object()
                for c in row:
                    if c.origin is not None and c.origin == last:
                        continue
                    last = c.origin
                    add(c.text, c.loc, "\t")
                parts.append("\n")
                pos += 1
    return Stream("".join(parts), starts, locs)


# ---------------------------------------------------------------------------
# Values between labels
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[+\-]?\d[\d,]*(?:\.\d+)?(?:万元|万)?|(?<![\d\w/／—\-–])(?:[/／]|[—\-–]{1,2})(?![\d\w/／—\-–])|(?:(?<=[\s|])|^)无(?=[\s|]|$)")


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}(?=[ \t]*年)")


def tokens(segment: str) -> list[str]:
    """The value tokens of a stretch of text: numbers (a digit run may hold several cells), dashes, slashes.
    A year ("2025年", even run into the cells before it) is prose, not a value."""
    seg = _YEAR_WORD.sub(" ", segment)
    seg = re.sub(r"(?<=\d),(?=\d{3}\b)", "", seg)
    return [m.group(0) for m in _TOKEN.finditer(seg)]


def _splits(tok: str, k: int) -> Iterator[tuple[int, ...]]:
    """Readings of one digit token as k numbers (no leading zeros except "0")."""
    if k == 1:
        if tok.isdigit() and (tok == "0" or tok[0] != "0"):
            yield (int(tok),)
        return
    if not tok.isdigit() or len(tok) < k:
        return
    first_max = 1 if tok[0] == "0" else len(tok) - k + 1
    for ln in range(1, first_max + 1):
        head = int(tok[:ln])
        for rest in _splits(tok[ln:], k - 1):
            yield (head, *rest)


@lru_cache(maxsize=4096)
def _split_list(tok: str, k: int) -> list[tuple[int, ...]]:
    return list(_splits(tok, k))[:MAX_SOLUTIONS]


def readings(toks: Sequence[str], groups: Sequence[int]) -> list[tuple[Any, ...]]:
    """Every reading of the tokens as the cells of ``groups`` (each group: parts then their total).

    A token that is one cell is read as printed (a printed total that disagrees stays: the rule will say so);
    a token holding several cells is split only where each group it completes adds up."""
    n = sum(groups)
    vals: list[tuple[Any, ...]] = []
    if len(toks) == n and all(_single(t) for t in toks):
        return [tuple(_value(t) for t in toks)]
    if len(toks) > n or not toks or any(not t.isdigit() and not _single(t) for t in toks):
        return []
    if len(toks) == 1 and toks[0].isdigit():
        # one run of digits: the pruned splitters of digits.py (the total bounds every part)
        from gongkai.auditor import digits

        if tuple(groups) == (7,):
            return list(digits.split_row(toks[0], 7))
        if tuple(groups) == (5, 5, 5):
            return list(digits.solve_t4(toks[0]))
    bounds = []
    acc = 0
    for g in groups:
        acc += g
        bounds.append(acc)

    def rec(i: int, out: list[int], flags: list[bool]) -> None:
        if len(vals) >= MAX_SOLUTIONS:
            return
        if i == len(toks):
            if len(out) == n:
                vals.append(tuple(out))
            return
        left_tokens = len(toks) - i - 1
        room = n - len(out) - left_tokens
        for k in range(1, room + 1):
            options = _split_list(toks[i], k) if toks[i].isdigit() else ([(_value(toks[i]),)] if k == 1 else [])
            for parts in options:
                new = out + list(parts)
                new_flags = flags + [k > 1] * k
                if _groups_ok(new, new_flags, bounds, len(out)):
                    rec(i + 1, new, new_flags)

    rec(0, [], [])
    return vals


def _groups_ok(cells: list[int], split: list[bool], bounds: list[int], before: int) -> bool:
    """Every group completed now that holds a cell of a split token adds up (a group read entirely from
    separate tokens is left as printed: a wrong printed total is the report's own error)."""
    start = 0
    for b in bounds:
        if b > len(cells):
            break
        if b > before and any(split[start:b]):
            g = cells[start:b]
            if any(v is None for v in g) or sum(g[:-1]) != g[-1]:
                return False  # a split that a blank or a dash in the group leaves unverified is not taken
        start = b
    return True


def _single(t: str) -> bool:
    """A token that is one printed value (a number without leading zeros, a dash, a slash, a blank cell)."""
    if re.fullmatch(r"\d+", t):
        return t == "0" or t[0] != "0"
    return True


def _value(t: str) -> Any:
    if re.fullmatch(r"[+\-]?\d+", t):
        return int(t)
    if re.fullmatch(r"[+\-]?\d+\.\d+", t):
        return float(t)
    return None  # dash, slash, 无: printed, no number


# ---------------------------------------------------------------------------
# Table 三
# ---------------------------------------------------------------------------


@dataclass
class RowHit:
    rid: str
    start: int
    end: int


def _t3_sequence() -> list[tuple[str, str, bool]]:
    """(row id, label, is data row) of both editions, in printed order (（六） as a group or a single row)."""
    seq: list[tuple[str, str, bool]] = []
    for r in GB2021.t3_rows:
        seq.append((r.id, r.label, r.data))
    return seq


def find_t3(s: Stream) -> tuple[list[RowHit], int]:
    """The rows of table 三 found in order, and where the table ends."""
    text = s.text
    first = label_pattern(GB2021.t3_row("r1_new").label)
    second = label_pattern(GB2021.t3_row("r2_carry_in").label)
    anchor = None
    for m in first.finditer(text):
        if second.search(text, m.end(), m.end() + 400):
            anchor = m
            break
    if anchor is None:
        return [], 0
    hits = [RowHit("r1_new", anchor.start(), anchor.end())]
    pos = anchor.end()
    for rid, label, _data in _t3_sequence()[1:]:
        if rid == "r3_6_3":
            pat = label_pattern(label)
            window = 60
        else:
            pat = label_pattern(label)
            window = 600
        m = pat.search(text, pos, pos + window)
        if m is None and rid not in ("r3", "r3_3", "r3_4", "r3_5", "r3_6", "r3_6_3"):
            # a label worded a little differently ("其他法律和行政法规…", "属于行政执法案件"): its own
            # numbering, its first three characters, then words up to the numbers
            m = loose_pattern(label).search(text, pos, pos + window)
        if m is None and rid in ("r3", "r3_3", "r3_4", "r3_5", "r3_6"):
            continue
        if m is None:
            continue
        hits.append(RowHit(rid, m.start(), m.end()))
        pos = m.end()
    # 2019 layout: （六）其他处理 is a data row when no 1./2./3. follow it
    ids = [h.rid for h in hits]
    if "r3_6" in ids and not any(r in ids for r in ("r3_6_1", "r3_6_2")):
        for h in hits:
            if h.rid == "r3_6_3":
                hits.remove(h)
                break
    end = hits[-1].end
    return hits, end


def t3_segments(s: Stream, hits: list[RowHit], limit: int) -> dict[str, tuple[list[str], int]]:
    """Data row -> (value tokens, position) from the text between its label and the next label."""
    out: dict[str, tuple[list[str], int]] = {}
    step = line_step(s.text[hits[0].end:hits[-1].end + 400]) if hits else None
    data = {r.id for e in EDITIONS.values() for r in e.t3_rows if r.data}
    data.add("r3_6")
    for i, h in enumerate(hits):
        nxt = hits[i + 1].start if i + 1 < len(hits) else min(len(s.text), h.end + 200)
        seg = s.text[h.end:nxt]
        if i + 1 == len(hits):
            # the last row: its numbers, up to the next words (section 四 heading or prose)
            seg = _YEAR_WORD.sub(" 年", seg)
            m = re.match(r"[\s\d,./／—\-–|]*", seg)
            seg = m.group(0) if m else ""
        is_data = h.rid in data and not (h.rid == "r3_6" and any(x.rid.startswith("r3_6_") for x in hits))
        if is_data:
            raw = s.text[h.end:nxt]
            out[h.rid] = (cell_tokens(seg, 7) or line_cells(raw, 7, step) or tokens(seg), h.end)
    return out


_RUN_BETWEEN = re.compile(r"(?<=\d)[ \t\u3000]*(\n+)[ \t\u3000]*(?=\d)")


def line_step(text: str) -> int | None:
    """Line breaks between two cells of a table printed one cell per line (the shortest run between two
    numbers); None when the numbers are not on lines of their own."""
    runs = [len(m.group(1)) for m in _RUN_BETWEEN.finditer(text)]
    return min(runs) if runs else None


def line_cells(raw: str, n: int, step: int | None) -> list[str] | None:
    """The n cells of a row printed one cell per line, blank cells as empty lines: a run of k*step line
    breaks holds k-1 blank cells."""
    if not step or "\t" in raw or "\n" not in raw:
        return None
    lines = raw.split("\n")
    if any(ln.strip() and not (len(tokens(ln)) == 1 and _single(tokens(ln)[0]) and re.fullmatch(r"[\s\d.,/／—\-–]+", ln.strip() + " ")) for ln in lines):
        # a line holding words: stop there (prose or the next table)
        keep = []
        for ln in lines:
            if ln.strip() and not re.fullmatch(r"[\s\d.,/／—\-–]+", ln):
                break
            keep.append(ln)
        lines = keep
    cells: list[str] = []
    breaks = 0
    for i, ln in enumerate(lines):
        if i > 0:
            breaks += 1
        if ln.strip():
            blanks = max(breaks // step - 1, 0) if cells or i > 0 else 0
            cells += [""] * blanks
            cells.append(tokens(ln)[0])
            breaks = 0
    trailing = max(breaks // step - 1, 0)
    if not cells:
        cells = [""] * trailing
    elif len(cells) < n:
        cells += [""] * min(trailing, n - len(cells))
    return cells if len(cells) == n else None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def cell_tokens(seg: str, n: int) -> list[str] | None:
    """The n cells of a row whose cells are separated by tabs (a grid flattened, a browser's innerText):
    blank cells stay cells (""). None when the tabs do not give exactly n value cells."""
    if "\t" not in seg:
        return None
    parts = [p.strip() for p in seg.split("\t")]
    cut = next((i for i, p in enumerate(parts) if _CJK.search(p) and i > 0), None)
    if cut is not None:
        parts = parts[:cut]
    if len(parts) > n and not parts[0]:
        parts = parts[1:]
    while len(parts) > n and not parts[-1]:
        parts.pop()
    if len(parts) != n:
        return None
    out = []
    for p in parts:
        toks = tokens(p)
        if not p:
            out.append("")
        elif len(toks) == 1 and _single(toks[0]):
            out.append(toks[0])
        else:
            return None
    return out


_LABEL_NUMBERING = re.compile(r"(?<![\d.])[1-8][ \t]*[.．、](?=[ \t]*[\u4e00-\u9fff])")


def t3_in_order(s: Stream, hits: list[RowHit], rows: list[str]) -> dict[str, tuple[Any, ...]] | None:
    """The values of table 三 read in printed order, wherever the labels sit (a converter that puts a row's
    label after its numbers, or splits the label around them): every number of the table, seven by seven,
    accepted only when their count is seven times the rows and every row adds up."""
    if not hits:
        return None
    end_m = re.compile("行" + _SEP + "政" + _SEP + "复" + _SEP + "议").search(s.text, hits[-1].end)
    end = end_m.start() if end_m else len(s.text)
    chunk = list(s.text[hits[0].start:end])
    for h in hits:
        for i in range(h.start - hits[0].start, h.end - hits[0].start):
            chunk[i] = " "
    region = _LABEL_NUMBERING.sub(" ", "".join(chunk))
    region = re.sub(r"四[、.．]\s*$", " ", region.rstrip())
    toks = tokens(region)
    if not all(_single(t) and t for t in toks):
        return None
    for ed in (GB2021, GB2019):
        if len(toks) == 7 * len(ed.t3_row_ids):
            rows = list(ed.t3_row_ids)
            break
    else:
        return None
    out: dict[str, tuple[Any, ...]] = {}
    for i, rid in enumerate(rows):
        vals = tuple(_value(t) for t in toks[7 * i: 7 * i + 7])
        if any(v is None for v in vals):
            return None
        if sum(vals[:6]) == vals[6]:
            out[rid] = vals
        elif vals[0] == sum(vals[1:]):
            # the row's 总计 printed before its parts (a converter moved the cell up a line): the arithmetic
            # says which number is the total
            out[rid] = (*vals[1:], vals[0])
        else:
            return None
    return out


def t3_texts(s: Stream, hits: list[RowHit]) -> dict[str, str]:
    """The raw text between each row label and the next (to tell a blank row from an unreadable one)."""
    out = {}
    for i, h in enumerate(hits[:-1]):
        out[h.rid] = s.text[h.end:hits[i + 1].start]
    return out


def total_first(s: Stream, hits: list[RowHit]) -> bool:
    """Table 三 printed with its 总计 column first (before 自然人): read from the column headers."""
    if not hits:
        return False
    head = s.text[max(0, hits[0].start - 300):hits[0].start]
    np_m = list(label_pattern("自然人", numbered=False).finditer(head))
    tot = list(label_pattern("总计", numbered=False).finditer(head))
    return bool(np_m and tot and tot[-1].start() < np_m[-1].start())


def _readings_total_first(t: list[str]) -> list[tuple[Any, ...]]:
    if len(t) == 7 and all(_single(x) for x in t):
        v = tuple(_value(x) for x in t)
    elif all(x.isdigit() for x in t):
        opts = [o for o in _multi(t, 7) if o[0] == sum(o[1:])]
        return [(*o[1:], o[0]) for o in opts]
    else:
        return []
    return [(*v[1:], v[0])]


def solve_rows(segs: dict[str, list[str]], single_other: bool, total_first: bool = False
               ) -> tuple[dict[str, tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """Rows read uniquely, and rows with several readings left after the column constraints
    (values in the national column order, 总计 last, whatever order the report prints)."""
    if total_first:
        cands = {rid: _readings_total_first(t) for rid, t in segs.items()}
    else:
        cands = {rid: readings(t, (7,)) for rid, t in segs.items()}
    loose: set[str] = set()
    # a run of exactly 7 digits is 7 one-digit cells even when its total is wrong (the report's own error)
    for rid, t in segs.items():
        if not cands[rid] and len(t) == 1 and t[0].isdigit() and len(t[0]) == 7:
            v = tuple(int(ch) for ch in t[0])
            cands[rid] = [(*v[1:], v[0]) if total_first else v]
    ed = GB2019 if single_other else GB2021
    leaves = [r for r in ed.t3_result_leaves]
    constraints = [(("r1_new", "r2_carry_in"), ("r3_7_total", "r4_carry_out")), (("r3_7_total",), tuple(leaves))]
    # a run whose own total does not add up (the report's error): the reading that one column constraint
    # gives exactly, when the other rows of that constraint were read
    for rid, t in segs.items():
        if total_first or cands[rid] or not t or not all(x.isdigit() for x in t):
            continue
        for a, e in constraints:
            if rid not in a + e:
                continue
            others = [r for r in a + e if r != rid]
            if not all(r in cands and len(cands[r]) == 1 and all(v is not None for v in cands[r][0]) for r in others):
                continue
            sa = [sum(cands[r][0][c] for r in a if r != rid) for c in range(7)]
            se = [sum(cands[r][0][c] for r in e if r != rid) for c in range(7)]
            want = tuple((se[c] - sa[c]) if rid in a else (sa[c] - se[c]) for c in range(7))
            if min(want) >= 0 and "".join(map(str, want)) == "".join(t):
                cands[rid] = [want]
                loose.add(rid)
                break
    ambiguous = [rid for rid, c in cands.items() if len(c) > 1]
    size = 1
    for rid in ambiguous:
        size *= len(cands[rid])
    if ambiguous and size <= MAX_PRODUCT:
        known = {rid: c[0] for rid, c in cands.items() if len(c) == 1}
        usable = [(a, e) for a, e in constraints if all(r in cands and cands[r] for r in a + e)]
        ok: dict[str, set[tuple[Any, ...]]] = {rid: set() for rid in ambiguous}
        any_ok = False
        if usable:
            for combo in product(*(cands[rid] for rid in ambiguous)):
                rows = dict(known)
                rows.update(zip(ambiguous, combo, strict=True))
                if all(sum((rows[r][c] or 0) for r in a) == sum((rows[r][c] or 0) for r in e) for a, e in usable for c in range(7)):
                    any_ok = True
                    for rid, v in zip(ambiguous, combo, strict=True):
                        ok[rid].add(v)
            if any_ok:
                for rid in ambiguous:
                    cands[rid] = sorted(ok[rid])
    unique = {rid: c[0] for rid, c in cands.items() if len(c) == 1}
    several = {rid: c for rid, c in cands.items() if len(c) > 1}
    return unique, several


# ---------------------------------------------------------------------------
# Table 四
# ---------------------------------------------------------------------------

T4_WORDS = sorted({c.label for c in T4_COLUMNS} | {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"}, key=len, reverse=True)
_S5 = re.compile(r"五" + _SEP + r"[、.．]" + _SEP + r"(?:政府信息公开工作)?存在的")


def find_t4(s: Stream, start: int, step: int | None = None) -> tuple[list[str], int] | None:
    text = s.text
    m = re.compile("行" + _SEP + "政" + _SEP + "复" + _SEP + "议").search(text, start)
    if not m:
        return None
    end_m = _S5.search(text, m.end())
    end = end_m.start() if end_m else min(len(text), m.end() + 1500)
    region = text[m.start():end]
    # the numbers come after the header: the header words follow one another (separated by nothing but
    # spaces and cell boundaries); the first gap holding digits or words ends the header
    spans = sorted({(hm.start(), hm.end()) for w in T4_WORDS for hm in label_pattern(w, numbered=False).finditer(region)})
    chains: list[tuple[int, int]] = []  # (words, end) of each run of header words
    count, last = 0, 0
    for a, b in spans:
        if a < last:
            last = max(last, b)
            continue
        gap = region[last:a]
        if count and (re.search(r"\d", gap) or len(re.sub(r"[\s|:：、，,.。()（）]", "", gap)) > 6):
            chains.append((count, last))
            count = 0
        count += 1
        last = b
    if count:
        chains.append((count, last))
    if not chains:
        return None
    last = max(chains, key=lambda c: (c[0], c[1]))[1]
    seg = region[last:]
    # stop at prose (a run of CJK characters after the numbers)
    cut = re.search(r"[\u4e00-\u9fff]{4,}", seg)
    if cut:
        seg = seg[: cut.start()]
    raw = region[last:]
    cut = re.search(r"[\u4e00-\u9fff]{2,}", raw)
    raw = raw[: cut.start()] if cut else raw
    return cell_tokens(seg, 15) or line_cells(raw, 15, step) or tokens(seg), m.start() + last


# ---------------------------------------------------------------------------
# Table 二
# ---------------------------------------------------------------------------

_HEAD = re.compile(r"第" + _SEP + "二" + _SEP + "十" + _SEP + "条" + _SEP + r"第" + _SEP + r"[(（]" + _SEP + r"([一二三四五六七八九十]+)" + _SEP + r"[)）]" + _SEP + "项")


def find_t2(s: Stream, limit: int) -> tuple[dict[str, dict[str, list[str]]], set[str], dict[str, int]]:
    """Sub-table -> row -> value tokens; the editions the column headers name; where each row was read."""
    text = s.text
    heads = [(m.group(1), m.start(), m.end()) for m in _HEAD.finditer(text, 0, limit or len(text))]
    out: dict[str, dict[str, list[str]]] = {}
    where: dict[str, int] = {}
    votes: set[str] = set()
    sub_eds: dict[str, set[str]] = {}
    for i, (num, _st, en) in enumerate(heads):
        sub_id = f"t2_a20_{_cn(num)}"
        nxt = heads[i + 1][1] if i + 1 < len(heads) else min(len(text), en + 600, limit or len(text))
        region = text[en:nxt]
        # column headers: remove them, longest first (2021 "本年处理决定数量" holds 2019 "处理决定数量"),
        # and note which edition's words they are
        blank = region
        words: dict[str, set[str]] = {}
        for e in EDITIONS.values():
            for sub in e.t2:
                if sub.id == sub_id:
                    for c in sub.columns:
                        words.setdefault(c.label, set()).add(e.id)
        sub_votes: set[str] = set()
        for w in sorted(words, key=len, reverse=True):
            for cm in label_pattern(w, numbered=False).finditer(blank):
                if len(words[w]) == 1:
                    sub_votes |= words[w]
                blank = blank[: cm.start()] + " " * (cm.end() - cm.start()) + blank[cm.end():]
        votes |= sub_votes
        sub_eds[sub_id] = sub_votes
        blank = re.sub(r"信息内容|[(（]单位[:：]?万元[)）]|[(（]万元[)）]", lambda m: " " * len(m.group(0)), blank)
        rows: list[tuple[str, int, int]] = []
        seen: set[str] = set()
        for e in EDITIONS.values():
            for sub in e.t2:
                if sub.id != sub_id:
                    continue
                for r in sub.rows:
                    if r.id in seen:
                        continue
                    pat = label_pattern(r.label, numbered=False)
                    # 2019 "规范性文件" is inside 2021 "行政规范性文件": both are row "normative"
                    rm = pat.search(blank)
                    if rm:
                        seen.add(r.id)
                        rows.append((r.id, rm.start(), rm.end()))
        rows.sort(key=lambda x: x[1])
        # "行政规范性文件" found twice (as 规范性文件 too): keep the widest match per place
        for j, (rid, _a, b) in enumerate(rows):
            stop = rows[j + 1][1] if j + 1 < len(rows) else len(blank)
            seg = blank[b:stop]
            if j + 1 == len(rows):
                cut = re.search(r"[\u4e00-\u9fff]{2,}", seg)
                if cut and not re.match(r"\s*[元万]", seg[cut.start():]):
                    seg = seg[: cut.start()]
            out.setdefault(sub_id, {})[rid] = tokens(re.sub(r"(?<!万)元", " ", seg))
            where[f"{sub_id}.{rid}"] = en + b
    out["_editions"] = {k: sorted(v) for k, v in sub_eds.items()}  # type: ignore[assignment]
    return out, votes, where


def _cn(num: str) -> str:
    table = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}
    return table.get(num, num)


def t2_reading(toks: list[str], ncols: int) -> list[tuple[Any, ...]]:
    """Readings of a table 二 row: as printed, or one digit run split into ncols numbers (unique only)."""
    if len(toks) == ncols and all(_single(t) for t in toks):
        return [tuple(_value(t) for t in toks)]
    if len(toks) == 1 and toks[0].isdigit():
        return list(_splits(toks[0], ncols))[:MAX_SOLUTIONS]
    if 1 < len(toks) < ncols and all(t.isdigit() for t in toks):
        return readings(toks, (ncols,)) if False else _multi(toks, ncols)
    return []


def _multi(toks: list[str], n: int) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []

    def rec(i: int, acc: list[int]) -> None:
        if i == len(toks):
            if len(acc) == n:
                out.append(tuple(acc))
            return
        room = n - len(acc) - (len(toks) - i - 1)
        for k in range(1, room + 1):
            for p in _splits(toks[i], k):
                rec(i + 1, acc + list(p))

    rec(0, [])
    return out[:MAX_SOLUTIONS]


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def find_sections(s: Stream, edition: Edition) -> list[tuple[str, int, int]]:
    """(section id, heading start, heading end) of the numbered section headings, in order."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    text = s.text
    for sec in edition.sections:
        title = sec.title
        if sec.id == "s5":
            title = "存在的主要问题及改进情况"
        pat = re.compile(sec.number + _SEP + r"[、.．]" + _SEP + r"(?:政府信息公开工作)?" + _SEP.join(map(_char, title)))
        m = pat.search(text, pos)
        if m:
            out.append((sec.id, m.start(), m.end()))
            pos = m.end()
    return out


def cell_at(s: Stream, pos: int, raw: str) -> Cell:
    return Cell(raw, dict(s.loc(pos), offset=pos))

"""Label matching derived from the edition declarations (gongkai.law.editions).

Every label printed in a published report is normalised (whitespace incl. full-width spaces removed,
NFKC for full-width digits and brackets, quotes unified, list numbering stripped) and compared with the
normalised labels of both editions, plus a short list of known variants.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from gongkai.law.editions import EDITIONS, T3_COLUMNS, T4_COLUMNS, Edition

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "'": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
# list numbering: 一、 （一） (一) 1. 1、 1) （1） ① etc.
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,，]|\([一二三四五六七八九十]+\)[、.]?|\(\d{1,2}\)[、.]?|\d{1,2}[、.．](?!\d)|\d{1,2}\)|[①-⑳])"
)
_PARENS = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Whitespace-free NFKC form with unified quotes (full-width brackets become ASCII)."""
    t = unicodedata.normalize("NFKC", text or "")
    t = _WS.sub("", t)
    return t.translate(_QUOTES)


@lru_cache(maxsize=4096)
def strip_numbering(text: str) -> str:
    t = norm(text)
    for _ in range(2):
        m = _NUMBERING.match(t)
        if not m:
            break
        t = t[m.end() :]
    return t


@lru_cache(maxsize=4096)
def core(text: str) -> str:
    """Normalised label without numbering and without parenthetical remarks."""
    t = strip_numbering(text)
    t = _PARENS.sub("", t)
    return t.strip('":：')


# Known label variants seen in published reports -> the canonical (normalised core) label.
ALIASES: dict[str, str] = {
    "现行有效件数(历史累计)": "现行有效件数",
    "现行有效件数历史累计": "现行有效件数",
    "主动公开政府信息的情况": "主动公开政府信息情况",
    "规范性文件": "行政规范性文件",  # 2021 wording; 2019 says 规范性文件 (both map to row "normative")
    "同意公开": "予以公开",
    "本年收费金额": "本年收费金额",
    "本年收费金额(万元)": "本年收费金额",
    "其他处理": "其他处理",
}


@dataclass(frozen=True)
class LabelRef:
    table: str  # "t2" | "t3" | "t3col" | "t4"
    id: str  # row id, or "SUB.row" for t2 rows, or column id
    editions: frozenset[str]


def _key(text: str) -> str:
    c = core(text)
    c = ALIASES.get(c, c)
    return c


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, list[LabelRef]]]:
    t3: dict[str, list[LabelRef]] = {}
    t2_rows: dict[str, list[LabelRef]] = {}
    t2_cols: dict[str, list[LabelRef]] = {}
    t2_heads: dict[str, list[LabelRef]] = {}

    def add(d: dict[str, list[LabelRef]], key: str, ref: LabelRef) -> None:
        lst = d.setdefault(key, [])
        for i, r in enumerate(lst):
            if r.table == ref.table and r.id == ref.id:
                lst[i] = LabelRef(r.table, r.id, r.editions | ref.editions)
                return
        lst.append(ref)

    for e in EDITIONS.values():
        ed = frozenset({e.id})
        for row in e.t3_rows:
            add(t3, _key(row.label), LabelRef("t3", row.id, ed))
        for st in e.t2:
            add(t2_heads, norm(st.heading), LabelRef("t2head", st.id, ed))
            for r in st.rows:
                add(t2_rows, _key(r.label), LabelRef("t2", f"{st.id}.{r.id}", ed))
            for c in st.columns:
                add(t2_cols, norm(c.label), LabelRef("t2col", f"{st.id}.{c.id}", ed))
                add(t2_cols, _key(c.label), LabelRef("t2col", f"{st.id}.{c.id}", ed))
    # 2019 row "规范性文件" normalises to the 2021 wording via ALIASES; both are row "normative".
    return {"t3": t3, "t2": t2_rows, "t2col": t2_cols, "t2head": t2_heads}


@lru_cache(maxsize=4096)
def match_t3_row(text: str) -> list[LabelRef]:
    k = _key(text)
    if not k:
        return []
    hit = _tables()["t3"].get(k)
    if hit:
        return hit
    # group and row labels merged into one cell by a converter ("三、本年度办理结果（一）予以公开",
    # "（六）其他处理3.其他"): the group label, then the row's own label
    for group in _groups():
        if k.startswith(group) and len(k) > len(group):
            inner = match_t3_row(k[len(group) :])
            if inner:
                return inner
    # long labels printed with a different remark or cut short: prefix match on >= 4 characters
    if len(k) >= 4:
        out = [r for key, refs in _tables()["t3"].items() if len(key) >= 4 and (key.startswith(k) or k.startswith(key)) for r in refs]
        if len(out) == 1:
            return out
    return []


@lru_cache(maxsize=1)
def _groups() -> tuple[str, ...]:
    keys = {_key(r.label) for e in EDITIONS.values() for r in e.t3_rows if r.id in ("r3", "r3_3", "r3_4", "r3_5", "r3_6")}
    return tuple(sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=4096)
def match_t2_row(text: str) -> list[LabelRef]:
    return _tables()["t2"].get(_key(text), [])


@lru_cache(maxsize=4096)
def match_t2_heading(text: str) -> LabelRef | None:
    if len(text) > 60 or "二十" not in text:
        return None
    m = re.search(r"第二十条第\(([一二三四五六七八九十]+)\)项", norm(text))
    if not m:
        return None
    hits = _tables()["t2head"].get(f"第二十条第({m.group(1)})项")
    return hits[0] if hits else LabelRef("t2head", f"t2_a20_{m.group(1)}", frozenset())  # not in any edition


@lru_cache(maxsize=4096)
def match_t2_column(text: str) -> list[LabelRef]:
    n = norm(text)
    hits = _tables()["t2col"].get(n) or _tables()["t2col"].get(_key(text))
    if hits:
        return hits
    k = ALIASES.get(_key(text), _key(text))
    return _tables()["t2col"].get(k, [])


T3_COLUMN_KEYS = {norm(c.label): c.id for c in T3_COLUMNS}
T4_PART_KEYS = {norm(c.label) for c in T4_COLUMNS}


def edition_t3_ids(edition: Edition) -> tuple[str, ...]:
    return edition.t3_row_ids

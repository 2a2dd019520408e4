"""The neutral form every parser produces: paragraphs and tables of cells, each with its location.

A parser (text, HTML, DOCX, PDF, markdown) only finds paragraphs and cell grids; one interpreter
(:mod:`gongkai.auditor.interpret`) reads the report out of them, whatever the source format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

Loc = dict[str, Any]


@dataclass(slots=True)
class Cell:
    text: str
    loc: Loc
    origin: Any = None  # identity of the source cell; spanned copies share it
    run: bool = False  # digits of several cells run together (boundaries lost)


@dataclass
class Table:
    rows: list[list[Cell]]
    loc: Loc = field(default_factory=dict)


@dataclass(slots=True)
class Para:
    text: str
    loc: Loc


@dataclass
class Document:
    blocks: list[Para | Table]
    format: str
    title_hint: str = ""  # e.g. HTML <title>, PDF metadata
    meta: dict[str, Any] = field(default_factory=dict)


class ReadError(Exception):
    """An input that cannot be read as a report (message in Chinese, for the user)."""


# ---------------------------------------------------------------------------
# Cell values
# ---------------------------------------------------------------------------

DASHES = {"-", "—", "–", "－", "——", "--", "―"}
SLASHES = {"/", "／", "\\"}
NONE_WORDS = {"无", "空", "N/A", "n/a", "NA"}
_NUM = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|万|元|件|个|项|条)?$")


@dataclass(frozen=True)
class Value:
    kind: str  # number | blank | dash | slash | none_word | text
    number: int | float | Decimal | None
    raw: str
    wan: bool = False  # printed with 万 / 万元


def clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s\u3000\u00a0\u200b\ufeff]+", "", t)


@lru_cache(maxsize=8192)
def parse_value(text: str) -> Value:
    raw = text or ""
    t = clean(raw)
    if not t:
        return Value("blank", None, raw)
    if t in SLASHES:
        return Value("slash", None, raw)
    if t in DASHES:
        return Value("dash", None, raw)
    if t in NONE_WORDS:
        return Value("none_word", None, raw)
    t2 = t.replace("－", "-").replace("−", "-").replace("—", "-")
    m = _NUM.match(t2)
    if not m:
        return Value("text", None, raw)
    sign, whole, frac, unit = m.groups()
    whole = whole.replace(",", "")
    wan = unit in ("万", "万元")
    if frac:
        try:
            num: int | float | Decimal = Decimal(f"{sign}{whole}.{frac}")
        except InvalidOperation:  # pragma: no cover - regex guarantees digits
            return Value("text", None, raw)
    else:
        num = int(f"{sign}{whole}")
    return Value("number", num, raw, wan)


def is_value_like(text: str) -> bool:
    v = parse_value(text)
    return v.kind != "text"


RUN_DIGITS = re.compile(r"^\d{2,}$")


def norm_ws(text: str) -> str:
    """NFKC text with all whitespace removed (titles, agency names)."""
    return re.sub(r"[\s\u3000\u00a0\u200b\ufeff]+", "", unicodedata.normalize("NFKC", text or ""))

"""The one Chinese tokenizer shared by the SQLite (FTS5) and PostgreSQL (tsvector) search.

Documents: every run of CJK characters becomes its overlapping character bigrams followed by the
run's last character as a unigram (so that every character occurs as the first character of some
token, which makes a one-character query a prefix query); latin letters and digits become lower-case
words. Text is NFKC-normalised first (full-width digits and letters become ASCII).

Queries: terms are separated by spaces (or quoted); each term is split into runs the same way; a
CJK run of two or more characters is a phrase of its bigrams (adjacent, so "规划土地" matches only that
sequence), a one-character run is a prefix token; all parts are AND-ed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
MAX_QUERY_TERMS = 8
MAX_TERM_CHARS = 30


def _runs(text: str) -> list[str]:
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").lower())


def _is_cjk(run: str) -> bool:
    return "\u3400" <= run[0]


def document_tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _runs(text):
        if _is_cjk(run) and len(run) > 1:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
        else:
            out.append(run)
    return out


def document_text(text: str) -> str:
    """Space-separated tokens, as stored in the search columns."""
    return " ".join(document_tokens(text))


@dataclass(frozen=True)
class Part:
    """One AND-ed element of a query: a phrase of tokens, or one prefix token."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...]  # the user's terms, for highlighting
    parts: tuple[Part, ...]

    def __bool__(self) -> bool:
        return bool(self.parts)

    def fts5(self, facets: list[str] | tuple[str, ...] = ()) -> str:
        """FTS5 MATCH expression: the user's terms in the text columns, AND the filter facets."""
        out = []
        for p in self.parts:
            phrase = '"' + " ".join(p.tokens) + '"'
            out.append(phrase + "*" if p.prefix else phrase)
        expr = "{title number summary body} : (" + " AND ".join(out) + ")"
        return " AND ".join([expr] + [f'facets : "{f}"' for f in facets])

    def tsquery(self, facets: list[str] | tuple[str, ...] = ()) -> str:
        """PostgreSQL tsquery: text lexemes restricted to weights A-C, facets to weight D."""
        out = []
        for p in self.parts:
            if p.prefix:
                out.append(f"'{p.tokens[0]}':*ABC")
            else:
                out.append("(" + " <-> ".join(f"'{t}':ABC" for t in p.tokens) + ")")
        return " & ".join(out + [f"'{f}':D" for f in facets])


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(q: str) -> Query:
    terms: list[str] = []
    parts: list[Part] = []
    for m in _TERM.finditer((q or "").strip()):
        term = (m.group(1) or m.group(2)).strip()[:MAX_TERM_CHARS]
        runs = _runs(term)
        if not runs:
            continue
        terms.append(term)
        for run in runs:
            if _is_cjk(run) and len(run) > 1:
                parts.append(Part(tuple(run[i : i + 2] for i in range(len(run) - 1))))
            elif _is_cjk(run):
                parts.append(Part((run,), prefix=True))
            else:
                parts.append(Part((run,)))
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return Query(tuple(terms), tuple(parts))


def _facet(prefix: str, value: object) -> str:
    return prefix + re.sub(r"[^0-9a-z]", "x", str(value).lower())


def facet_tokens(*, agency_id: int | None = None, kind: str | None = None, item: str | None = None,
                 year: int | None = None, validity: str | None = None) -> list[str]:
    """Filter values as index tokens (kept in their own column / weight, never matched by user terms)."""
    out = []
    for prefix, value in (("xa", agency_id), ("xk", kind), ("xi", item), ("xy", year), ("xv", validity)):
        if value not in (None, ""):
            out.append(_facet(prefix, value if prefix != "xk" else str(value).replace("_", "")))
    return out


def item_facets(item: object) -> str:
    published = getattr(item, "published_on", None)
    return " ".join(facet_tokens(
        agency_id=item.agency_id, kind=item.kind, item=item.proactive_item,
        year=published.year if published else None, validity=item.validity))

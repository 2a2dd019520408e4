"""Chinese full-text search over the public catalogue, the same on SQLite and PostgreSQL.

Both databases index the same tokens (``gongkai.catalogue.tokens``): SQLite through the FTS5 table
``catalogue_fts``, PostgreSQL through the tsvector column (GIN). The database finds the newest matches;
one Python function (``score``) ranks them from their stored tokens, so both engines rank alike. Only
public items are indexed, and every search starts from ``CatalogueItem.objects.public()``.
Weights: title 10, 文号 5, summary 2 (a body-only match ranks after them, newest first).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from gongkai.catalogue.models import CatalogueItem, CatalogueItemQuerySet, SearchEntry
from gongkai.catalogue.tokens import Query, facet_tokens, parse_query

PAGE_SIZE = 20
MAX_PAGE = 25
WINDOW = PAGE_SIZE * MAX_PAGE
PROBE_ROWS = WINDOW * 8  # PostgreSQL: recent rows read before asking the GIN index
MIN_DENSE = 30  # PostgreSQL: matches in the first probe that make a second, larger probe worth it
MAX_PROBE_ROWS = 80_000


@dataclass
class Filters:
    agency_id: int | None = None
    proactive_item: str = ""
    kind: str = ""
    year: int | None = None
    validity: str = ""

    def apply(self, qs: CatalogueItemQuerySet) -> CatalogueItemQuerySet:
        if self.agency_id:
            qs = qs.filter(agency_id=self.agency_id)
        if self.proactive_item:
            qs = qs.filter(proactive_item=self.proactive_item)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.year:
            import datetime as dt

            qs = qs.filter(published_on__gte=dt.date(self.year, 1, 1), published_on__lte=dt.date(self.year, 12, 31))
        if self.validity:
            qs = qs.filter(validity=self.validity)
        return qs


@dataclass
class Hit:
    item: CatalogueItem
    title: SafeString
    snippet: SafeString


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    capped: bool = False

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, (min(self.total, WINDOW) + PAGE_SIZE - 1) // PAGE_SIZE)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _facets(filters: Filters) -> list[str]:
    return facet_tokens(agency_id=filters.agency_id, kind=filters.kind or None, item=filters.proactive_item or None,
                        year=filters.year, validity=filters.validity or None)


def _candidates(query: Query, facets: list[str]) -> list[int]:
    """Ids of the newest ``WINDOW`` matches, newest first: one index lookup (filters are index facets).
    There is no separate count: a full window reads "more than WINDOW results"."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            tsq = query.tsquery(facets)
            if not facets:
                # A common word or phrase fills the window from the most recent rows: read them in id order
                # (the GIN bitmap would recheck every match: positions and weights are not in the index).
                # The first probe's density sizes a second one; a rare term goes to the GIN index.
                probe = PROBE_ROWS
                for _ in range(2):
                    cur.execute(
                        "SELECT item_id FROM (SELECT item_id, vector FROM catalogue_searchentry ORDER BY item_id "
                        "DESC LIMIT %s) recent WHERE vector @@ to_tsquery('simple', %s) ORDER BY item_id DESC LIMIT %s",
                        [probe, tsq, WINDOW],
                    )
                    rows = cur.fetchall()
                    if len(rows) >= WINDOW:
                        return [int(i) for (i,) in rows]
                    if len(rows) < MIN_DENSE or probe > PROBE_ROWS:
                        break
                    probe = min(MAX_PROBE_ROWS, int(probe * WINDOW / len(rows) * 1.5))
            cur.execute(
                "SELECT item_id FROM catalogue_searchentry WHERE vector @@ to_tsquery('simple', %s) "
                "ORDER BY item_id DESC LIMIT %s",
                [tsq, WINDOW],
            )
        else:
            # No bm25() here: it counts the documents matching each phrase over the whole index (its
            # IDF) on every query, 80 ms for a common word and 600 ms for a common phrase in a million
            # items, while the newest matches alone take under 15 ms.
            cur.execute(
                "SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s ORDER BY rowid DESC LIMIT %s",
                [query.fts5(facets), WINDOW],
            )
        return [int(i) for (i,) in cur.fetchall()]


WEIGHTS = (("title", 10.0), ("number", 5.0), ("summary", 2.0))
SATURATION = 3  # occurrences beyond this in one field add nothing (as term-frequency saturation in BM25)


def _needle(part: Any) -> str:
    """The part as it occurs in a token string whose separators are doubled (so that two adjacent
    occurrences do not share a space and both count)."""
    return " " + "  ".join(part.tokens) + ("" if part.prefix else " ")


def score(entry: dict[str, str], query: Query) -> float:
    """Relevance of one matching item: each query part's occurrences in the title (weight 10), 文号 (5)
    and summary (2), saturated at ``SATURATION``; every candidate matched somewhere, body included, so
    the body adds a constant. The same function on SQLite and PostgreSQL, so both rank alike."""
    return _score(entry.get("title"), entry.get("number"), entry.get("summary"), [_needle(p) for p in query.parts])


def _score(title: str | None, number: str | None, summary: str | None, needles: list[str]) -> float:
    total = 0.0
    for text, (_, weight) in zip((title, number, summary), WEIGHTS, strict=True):
        if text:
            padded = " " + text.replace(" ", "  ") + " "
            total += weight * sum(min(SATURATION, padded.count(n)) for n in needles)
    return total


def _ranked(ids: list[int], query: Query) -> list[int]:
    """The candidates best first (ties: newest first), scored from their stored search tokens."""
    if not ids:
        return []
    needles = [_needle(p) for p in query.parts]
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cur:
        cur.execute(f"SELECT item_id, title, number, summary FROM {SearchEntry._meta.db_table} "
                    f"WHERE item_id IN ({marks})", ids)
        scores = {i: _score(t, n, s, needles) for i, t, n, s in cur.fetchall()}
    return sorted(ids, key=lambda i: (-scores.get(i, 0.0), -i))


def search(q: str, filters: Filters | None = None, page: int = 1) -> Results:
    """Matches of ``q`` among public items, best first.

    Relevance ranking (``score``: title 10, 文号 5, summary 2) is applied to the newest ``WINDOW``
    matches: the 25 result pages shown. A very common word thus lists its most relevant recent items
    first without scoring every match of a million-item catalogue."""
    query = parse_query(q)
    results = Results(query=query, page=max(1, min(page, MAX_PAGE)))
    if not query:
        return results
    ids = _candidates(query, _facets(filters or Filters()))
    results.total, results.capped = len(ids), len(ids) >= WINDOW
    start = (results.page - 1) * PAGE_SIZE
    page_ids = _ranked(ids, query)[start : start + PAGE_SIZE]
    # By primary key, then the visibility rule (``is_public``, the row-wise twin of ``public()``): with
    # ``public()`` in SQL, SQLite without table statistics walks the public-items index instead.
    by_id = CatalogueItem.objects.select_related("agency").order_by().in_bulk(page_ids)
    items = [by_id[i] for i in page_ids if i in by_id and by_id[i].is_public]
    results.hits = [Hit(item, highlight(item.title, query.terms), snippet(item, query.terms)) for item in items]
    return results


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    pieces = sorted({t for t in terms if t}, key=len, reverse=True)
    if not pieces:
        return None
    return re.compile("|".join(re.escape(p) for p in pieces), re.IGNORECASE)


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """HTML-escaped text with every occurrence of a query term wrapped in <mark>."""
    pat = _pattern(terms)
    if pat is None:
        return mark_safe(html.escape(text))  # noqa: S308 - escaped
    out, pos = [], 0
    for m in pat.finditer(text):
        out.append(html.escape(text[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - escaped


def snippet(item: Any, terms: tuple[str, ...], width: int = 120) -> SafeString:
    """A window of the summary or body around the first match, highlighted."""
    pat = _pattern(terms)
    for text in (item.summary or "", item.body or "", item.doc_number or ""):
        if not text:
            continue
        m = pat.search(text) if pat else None
        if m:
            start = max(0, m.start() - width // 3)
            piece = text[start : start + width]
            return mark_safe(("…" if start else "") + highlight(piece, terms) + ("…" if start + width < len(text) else ""))  # noqa: S308
    text = item.summary or item.body or ""
    return mark_safe(html.escape(text[:width]) + ("…" if len(text) > width else ""))  # noqa: S308


def update_vectors(item_ids: list[int] | None = None) -> None:
    """PostgreSQL: compute the weighted tsvector from the token columns."""
    sql = (
        "UPDATE catalogue_searchentry SET vector = "
        "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', number), 'B') || "
        "setweight(to_tsvector('simple', summary || ' ' || body), 'C') || setweight(to_tsvector('simple', facets), 'D')"
    )
    with connection.cursor() as cur:
        if item_ids is None:
            cur.execute(sql)
        else:
            cur.execute(sql + " WHERE item_id = ANY(%s)", [list(item_ids)])

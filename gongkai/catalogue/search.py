"""Chinese full-text search over the public catalogue, the same on SQLite and PostgreSQL.

Both databases index the same tokens (``gongkai.catalogue.tokens``): SQLite through the FTS5 table
``catalogue_fts`` ranked by bm25, PostgreSQL through the tsvector column ranked by ts_rank. Only
public items are indexed, and every search starts from ``CatalogueItem.objects.public()``.
Weights: title 10, 文号 5, summary 2, body 1.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from gongkai.catalogue.models import CatalogueItem, CatalogueItemQuerySet
from gongkai.catalogue.tokens import Query, parse_query

PAGE_SIZE = 20
MAX_PAGE = 50


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

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _matching(qs: CatalogueItemQuerySet, query: Query) -> CatalogueItemQuerySet:
    """Restrict to items matching the query and annotate ``score`` (higher is better)."""
    if connection.vendor == "postgresql":
        tsq = query.tsquery()
        return qs.filter(
            pk__in=RawSQL("SELECT item_id FROM catalogue_searchentry WHERE vector @@ to_tsquery('simple', %s)", [tsq])
        ).annotate(
            score=RawSQL(
                "SELECT ts_rank('{0.1, 0.2, 0.5, 1.0}', vector, to_tsquery('simple', %s)) "
                "FROM catalogue_searchentry WHERE item_id = catalogue_catalogueitem.id",
                [tsq],
            )
        )
    match = query.fts5()
    return qs.filter(
        pk__in=RawSQL("SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [match])
    ).annotate(
        score=RawSQL(
            "SELECT -bm25(catalogue_fts, 10.0, 5.0, 2.0, 1.0) FROM catalogue_fts "
            "WHERE catalogue_fts MATCH %s AND rowid = catalogue_catalogueitem.id",
            [match],
        )
    )


def search(q: str, filters: Filters | None = None, page: int = 1) -> Results:
    query = parse_query(q)
    results = Results(query=query, page=max(1, min(page, MAX_PAGE)))
    if not query:
        return results
    qs = (filters or Filters()).apply(CatalogueItem.objects.public())
    qs = _matching(qs, query)
    results.total = qs.count()
    start = (results.page - 1) * PAGE_SIZE
    items = list(qs.select_related("agency").order_by("-score", "-published_on", "-pk")[start : start + PAGE_SIZE])
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

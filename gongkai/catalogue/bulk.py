"""The bulk path for historic catalogues (demo data, benchmarks): writes exactly what
``actions.publish`` writes for each item — 索引号 from the agency's counter (continuing it, gapless),
发布日期, the Art. 26 due date and lateness, the search entry — without one transaction per item.

Only for items already decided and published elsewhere (history); the event log gets one
``imported`` event per item. Call inside a transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from gongkai.agencies.counters import locked_counter
from gongkai.agencies.models import Agency
from gongkai.catalogue import pagecache, tokens
from gongkai.catalogue.models import CatalogueItem, DecisionState, IndexCounter, ItemEvent, SearchEntry
from gongkai.catalogue.search import update_vectors
from gongkai.law.deadlines import publication_due
from gongkai.law.proactive import KIND_BY_CODE, Attribute
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar


@dataclass
class HistoricItem:
    title: str
    kind: str
    formed_on: dt.date
    published_on: dt.date
    summary: str = ""
    doc_number: str = ""
    topic: str = ""
    body: str = ""
    validity: str = "valid"
    invalid_on: dt.date | None = None
    proactive_item: str = ""


def bulk_publish(
    *, agency: Agency, rows: Iterable[HistoricItem], calendar: WorkdayCalendar | None, now: dt.datetime,
    actor: Any = None, events: bool = True, batch_size: int = 2000,
) -> int:
    """Insert published 主动公开 items; returns how many. ``calendar=None`` skips the Art. 26 check."""
    rows = sorted(rows, key=lambda r: (r.published_on, r.formed_on))
    counters = {c.year: c for c in IndexCounter.objects.select_for_update().filter(agency=agency).order_by("year")}
    pattern = str(agency.setting("index_pattern"))
    due_cache: dict[dt.date, dt.date | None] = {}
    items: list[CatalogueItem] = []
    for r in rows:
        year = r.published_on.year
        c = counters.get(year)
        if c is None:
            c = counters[year] = locked_counter(IndexCounter, agency, year)
        c.last += 1
        due = None
        if calendar is not None:
            if r.formed_on not in due_cache:
                try:
                    due_cache[r.formed_on] = publication_due(r.formed_on, calendar).due
                except CalendarDataMissing:
                    due_cache[r.formed_on] = None
            due = due_cache[r.formed_on]
        items.append(CatalogueItem(
            agency=agency, index_no=pattern.format(code=agency.code, year=year, serial=c.last),
            index_year=year, index_serial=c.last, title=r.title, summary=r.summary, publisher=agency.name,
            doc_number=r.doc_number, formed_on=r.formed_on, published_on=r.published_on, publication_due=due,
            late=bool(due and r.published_on > due), topic=r.topic,
            proactive_item=r.proactive_item or KIND_BY_CODE[r.kind].item, kind=r.kind, validity=r.validity,
            invalid_on=r.invalid_on, effective_on=r.formed_on, attribute=Attribute.PROACTIVE.value,
            secrecy_reviewed=True, state=DecisionState.PUBLISHED, body=r.body, created_by=actor,
            created_at=now, updated_at=now,
        ))
    for c in counters.values():
        c.save(update_fields=["last"])
    created = 0
    for i in range(0, len(items), batch_size):
        chunk = CatalogueItem.objects.bulk_create(items[i : i + batch_size])
        if chunk and chunk[0].pk is None:  # backends without RETURNING: read the ids back
            by_index = dict(CatalogueItem.objects.filter(
                agency=agency, index_no__in=[x.index_no for x in chunk]).values_list("index_no", "pk"))
            for x in chunk:
                x.pk = by_index[x.index_no]
        SearchEntry.objects.bulk_create([
            SearchEntry(item_id=x.pk, title=tokens.document_text(x.title), number=tokens.document_text(x.doc_number),
                        summary=tokens.document_text(x.summary), body=tokens.document_text(x.body),
                        facets=tokens.item_facets(x))
            for x in chunk
        ])
        if events:
            ItemEvent.objects.bulk_create([
                ItemEvent(item_id=x.pk, kind="imported", actor=actor, at=now,
                          payload={"index_no": x.index_no, "published_on": x.published_on.isoformat(), "late": x.late})
                for x in chunk
            ])
        if connection.vendor == "postgresql":
            update_vectors([x.pk for x in chunk])
        created += len(chunk)
    # Last, as in publish(): the 索引号 counters are locked before the public-version rows, always.
    pagecache.touch([agency.pk])
    return created

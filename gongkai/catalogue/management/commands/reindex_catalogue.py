"""``gongkai reindex_catalogue``: rebuild the full-text index of the public catalogue from the items."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from gongkai.catalogue import pagecache, tokens
from gongkai.catalogue.models import CatalogueItem, SearchEntry
from gongkai.catalogue.search import update_vectors


class Command(BaseCommand):
    help = "重建目录全文检索索引（只索引已发布的主动公开信息）"

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            pagecache.touch_all()
            SearchEntry.objects.all().delete()
            batch: list[SearchEntry] = []
            n = 0
            for it in CatalogueItem.objects.public().only("pk", "agency_id", "kind", "proactive_item", "published_on", "validity", "title", "doc_number",
                                                          "summary", "body").iterator(2000):
                batch.append(SearchEntry(item_id=it.pk, title=tokens.document_text(it.title),
                                         number=tokens.document_text(it.doc_number),
                                         summary=tokens.document_text(it.summary), body=tokens.document_text(it.body),
                                         facets=tokens.item_facets(it)))
                if len(batch) >= 2000:
                    SearchEntry.objects.bulk_create(batch)
                    n += len(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            n += len(batch)
            if connection.vendor == "postgresql":
                update_vectors(None)
            elif connection.vendor == "sqlite":
                with connection.cursor() as cur:
                    cur.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('optimize')")
        self.stdout.write(f"已索引 {n} 条公开信息。")

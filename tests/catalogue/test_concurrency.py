"""索引号 allocation under concurrent publishing: unique and gapless.

Real threads with their own database connections need a server database (PostgreSQL); SQLite's
in-memory test database cannot take concurrent writers (the file database serialises writers with
BEGIN IMMEDIATE, see gongkai.settings)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, IndexCounter

from .conftest import NOW


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishing_is_gapless(cast: Any, make_item: Any, cal: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with DATABASE_URL=postgres://...)")
    items = [make_item(state="signed", title=f"并发发布{i}") for i in range(40)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker(chunk: list[Any]) -> None:
        try:
            barrier.wait()
            for it in chunk:
                actions.publish(item=it, actor=cast.clerk, now=NOW, calendar=cal)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(items[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(CatalogueItem.objects.filter(pk__in=[i.pk for i in items]).values_list("index_serial", flat=True))
    assert serials == list(range(1, 41))
    assert IndexCounter.objects.get(agency=cast.planning, year=2026).last == 40


def test_failed_publication_leaves_no_gap(cast: Any, make_item: Any, cal: Any) -> None:
    """A publication that fails after allocating rolls back the counter with it (one transaction)."""
    first = make_item()
    bad = make_item(state="signed")
    cast.planning.settings = {"index_pattern": "{code}/{nonsense}"}
    cast.planning.save()
    with pytest.raises(actions.CatalogueError, match="索引号格式"):
        actions.publish(item=bad, actor=cast.clerk, now=NOW, calendar=cal)
    assert IndexCounter.objects.get(agency=cast.planning, year=2026).last == 1
    cast.planning.settings = {}
    cast.planning.save()
    second = actions.publish(item=bad, actor=cast.clerk, now=NOW, calendar=cal)
    assert (first.index_serial, second.index_serial) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_publishing_and_importing_at_once_do_not_deadlock(cast: Any, make_item: Any, cal: Any) -> None:
    """Publications (索引号 counter, then the public-version rows) and imports (all the agency's counters,
    then the same rows) in one agency at once: the locks are always taken in that order."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with DATABASE_URL=postgres://...)")
    from gongkai.catalogue import pagecache

    from .test_import import csv_bytes

    items = [make_item(state="signed", title=f"并发发布{i}") for i in range(24)]
    others = [make_item(state="signed", title=f"交通并发发布{i}", agency=cast.transport) for i in range(8)]
    before = pagecache.token(cast.planning.pk)
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def publish(chunk: list[Any], actor: Any) -> None:
        try:
            barrier.wait()
            for it in chunk:
                actions.publish(item=it, actor=actor, now=NOW, calendar=cal)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connections.close_all()

    def importer(k: int) -> None:
        try:
            barrier.wait()
            for n in range(3):
                rows = [[f"导入规划{k}-{n}-{i}", "2026-06-01", "规划", "主动公开", "", "2026-06-10", "", "", "", "有效", ""]
                        for i in range(5)]
                res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name="目录.csv",
                                           content=csv_bytes(rows), calendar=cal)
                assert res.applied and res.created == 5
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(items[i::3], cast.clerk)) for i in range(3)]
    threads += [threading.Thread(target=publish, args=(others, cast.outsider))]
    threads += [threading.Thread(target=importer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(CatalogueItem.objects.filter(agency=cast.planning, index_year=2026)
                     .values_list("index_serial", flat=True))
    assert serials == list(range(1, 24 + 30 + 1))  # 24 published + 2 × 3 × 5 imported, gapless
    assert pagecache.token(cast.planning.pk) != before

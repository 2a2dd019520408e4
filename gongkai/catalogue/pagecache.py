"""Cached fragments of the public catalogue pages: item lists, column homes, search results.

A fragment is stored under the public version of its scope (one agency, or the whole platform): a random
token that every change of public content replaces (``touch``), in the same transaction as the change
(publication, change of validity, conversion to 主动公开, import, reindex: every path that writes the
search index). A reader therefore never gets a fragment older than the last committed change, and an item
that stops being public leaves every cached page at once. ``GONGKAI_PAGE_CACHE_SECONDS`` bounds the life
of what a fragment shows besides items (an agency renamed in the admin); 0 turns the cache off.

Fragments are rendered without the request (no user, no CSRF token, no messages): they are the same for
every reader. The cache is Django's ``CACHES``: by default files beside the database, shared by the
server's processes; a cache that fails (disk full) only costs the rendering.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from gongkai.catalogue.models import PublicVersion

T = TypeVar("T")
log = logging.getLogger(__name__)
ALL = "all"


def _scope(agency_id: int | None) -> str:
    return f"a{agency_id}" if agency_id else ALL


def touch(agency_ids: Iterable[int]) -> None:
    """New tokens for these agencies and for the platform. Call inside the changing transaction, after its
    other locks (the rows stay locked until it commits). Rows are written in scope order (agencies, then
    ``all``), so concurrent publishers never deadlock."""
    token = secrets.token_hex(8)
    scopes = sorted({_scope(a) for a in agency_ids} | {ALL})
    PublicVersion.objects.bulk_create(
        [PublicVersion(scope=s, token=token) for s in scopes],
        update_conflicts=True, unique_fields=["scope"], update_fields=["token"],
    )


def touch_all() -> None:
    """Every scope at once (reindex, bulk generation)."""
    PublicVersion.objects.update(token=secrets.token_hex(8))
    touch([])


def token(agency_id: int | None) -> str:
    with connection.cursor() as cur:  # one indexed row; the ORM would cost more than the query
        cur.execute(f"SELECT token FROM {PublicVersion._meta.db_table} WHERE scope = %s", [_scope(agency_id)])
        row = cur.fetchone()
    return row[0] if row else "-"


def _read(keys: list[str]) -> dict[str, Any]:
    try:
        return cache.get_many(keys)
    except Exception:  # noqa: BLE001 - a broken cache must not break the page: it only costs the rendering
        log.exception("page cache unreadable")
        return {}


def _write(values: dict[str, Any], seconds: int) -> None:
    try:
        cache.set_many(values, seconds)
    except Exception:  # noqa: BLE001
        log.exception("page cache unwritable")


def fragment(name: str, agency_id: int | None, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``, or its value cached under the current public version of the scope."""
    seconds = settings.GONGKAI_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return build()
    digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
    cache_key = f"gk:{name}:{_scope(agency_id)}:{token(agency_id)}:{digest}"
    found = _read([cache_key])
    if cache_key in found:
        return found[cache_key]  # type: ignore[no-any-return]
    value = build()
    _write({cache_key: value}, seconds)
    return value


def per_agency(name: str, agency_ids: Iterable[int], build: Callable[[list[int]], dict[int, T]]) -> dict[int, T]:
    """``build(ids)`` ({agency id: value}) for the agencies whose value is not cached under their own token
    (one query reads every token): a publication in one agency recomputes only its part of a platform-wide
    figure, and an empty cache is filled by one call."""
    ids = list(agency_ids)
    seconds = settings.GONGKAI_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return build(ids)
    with connection.cursor() as cur:
        cur.execute(f"SELECT scope, token FROM {PublicVersion._meta.db_table}")
        current = dict(cur.fetchall())
    keys = {a: f"gk:{name}:{_scope(a)}:{current.get(_scope(a), '-')}" for a in ids}
    found = _read(list(keys.values()))
    out = {a: found[key] for a, key in keys.items() if key in found}
    missing = [a for a in ids if a not in out]
    if missing:
        built = build(missing)
        out.update(built)
        _write({keys[a]: built[a] for a in missing}, seconds)
    return out

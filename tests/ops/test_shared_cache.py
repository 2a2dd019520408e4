"""The cache shared by several app servers: Django's RedisCache when GONGKAI_CACHE_URL is set (the file
cache stays the default). Tested against the machine's Redis (tests/ops/redis.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.ops.conftest import gongkai
from tests.ops.redis import REDIS_URL, redis_keys, redis_prefix  # noqa: F401 - the fixture

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))
SHOW = ("from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c.get('KEY_PREFIX', ''))")


def test_settings_choose_the_cache(tmp_path: Any) -> None:
    env = {"GONGKAI_HOME": str(tmp_path)}
    r = gongkai("shell", "--no-imports", "-c", SHOW, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["django.core.cache.backends.filebased.FileBasedCache", str(tmp_path / "cache")]
    r = gongkai("shell", "--no-imports", "-c", SHOW, env={**env, "GONGKAI_CACHE_URL": "redis://10.0.0.5:6379/2",
                                          "GONGKAI_CACHE_PREFIX": "bsq"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://10.0.0.5:6379/2", "bsq"]
    r = gongkai("shell", "--no-imports", "-c", SHOW, env={**env, "GONGKAI_CACHE_URL": "memcached://10.0.0.5"})
    assert r.returncode != 0 and "GONGKAI_CACHE_URL 必须是 Redis 地址" in r.stderr


def _publish(cast: Any, title: str) -> Any:
    from gongkai.agencies.calendar import get_calendar
    from gongkai.catalogue import actions

    item = actions.create_draft(agency=cast.planning, actor=cast.clerk, now=NOW, title=title,
                                formed_on=dt.date(2026, 6, 1), kind="plan")
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=NOW, attribute="proactive", reason="",
                                     secrecy_reviewed=True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=NOW, approve=True)
    item = actions.sign_off(item=item, actor=cast.head, now=NOW)
    return actions.publish(item=item, actor=cast.clerk, now=NOW, calendar=get_calendar())


@pytest.fixture
def redis_cache(settings: Any, redis_prefix: str) -> str:  # noqa: F811 - the fixture
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": redis_prefix}}
    return redis_prefix


def test_public_pages_cached_in_redis_and_read_by_another_server(client: Client, cast: Any, redis_cache: str) -> None:
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from gongkai.catalogue import pagecache

    assert isinstance(caches["default"], RedisCache)
    first = _publish(cast, "宝山区顾村镇控制性详细规划公示")
    urls = [f"/agency/{cast.planning.slug}/items/", "/items/", "/search/?q=顾村镇"]
    for url in urls:
        assert f"/items/{first.pk}/" in client.get(url).content.decode(), url
    keys = redis_keys(redis_cache)
    token = pagecache.token(cast.planning.pk)
    assert any(":gk:" in k and token in k for k in keys), keys

    # Another server: its own connection to the same Redis reads the fragment this one wrote.
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache})
    stored = [k.split(":", 2)[2] for k in keys if ":gk:" in k]
    assert stored and all(other.get(k) is not None for k in stored)

    # A publication replaces the token in the database: every server's next read misses the old fragments.
    second = _publish(cast, "宝山区罗泾镇控制性详细规划公示")
    assert pagecache.token(cast.planning.pk) != token
    for url in urls[:2]:
        body = client.get(url).content.decode()
        assert f"/items/{second.pk}/" in body and f"/items/{first.pk}/" in body, url


def test_a_redis_that_does_not_answer_costs_only_the_cache(client: Client, cast: Any, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    item = _publish(cast, "宝山区月浦镇控制性详细规划公示")
    response = client.get(f"/agency/{cast.planning.slug}/items/")
    assert response.status_code == 200 and f"/items/{item.pk}/" in response.content.decode()

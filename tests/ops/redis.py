"""The machine's Redis for the tests (127.0.0.1:6379; .ci/run starts it when it is down). Each test run
uses database GONGKAI_TEST_REDIS_DB (default 15) under a key prefix of its own and deletes only its own
keys, so parallel runs and a site using database 0 are left alone. Never ``cache.clear()`` on it: that is
FLUSHDB."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

REDIS_HOST = os.environ.get("GONGKAI_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("GONGKAI_TEST_REDIS_PORT", "6379"))
REDIS_DB = int(os.environ.get("GONGKAI_TEST_REDIS_DB", "15"))
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"这些测试需要本机的 Redis（{REDIS_HOST}:{REDIS_PORT}），请先启动 redis-server（.ci/run 会自动启动）：{exc}")
    prefix = f"gktest-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def redis_keys(prefix: str) -> list[str]:
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    try:
        return sorted(k.decode() for k in client.scan_iter(match=f"{prefix}:*", count=1000))
    finally:
        client.close()

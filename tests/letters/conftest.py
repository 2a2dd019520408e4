"""Fixtures of the letters tests: uploaded and rendered files go to a temporary MEDIA_ROOT."""

from __future__ import annotations

from typing import Any

import pytest

from tests.letters.helpers import in_thread


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # The cast's demo users get their passwords hashed; these tests never log in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path / "media"


@pytest.fixture
def production_like_db(transactional_db: Any, tmp_path: Any) -> Any:
    """For tests whose threads hit the database at the same time.

    PostgreSQL: the test database itself. SQLite: the test database is in memory with a shared cache,
    where concurrent writers fail at once with "database table is locked" instead of waiting; so the
    threads get a migrated file database configured like production (WAL, BEGIN IMMEDIATE, busy timeout).
    Do every database access of such a test inside threads (:func:`in_thread`): the main thread's
    connection keeps the in-memory database alive and must not be closed.
    """
    from django.core.management import call_command
    from django.db import connections

    conn = connections["default"]
    if conn.vendor != "sqlite" or not conn.is_in_memory_db():
        yield conn.vendor
        return
    old_name = conn.settings_dict["NAME"]
    conn.settings_dict["NAME"] = str(tmp_path / "concurrency.sqlite3")
    try:
        in_thread(lambda: call_command("migrate", verbosity=0))
        yield "sqlite-file"
    finally:
        conn.settings_dict["NAME"] = old_name


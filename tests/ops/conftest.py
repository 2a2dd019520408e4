"""Helpers for the tests that run whole installations: the ``gongkai`` command in a subprocess, and
databases of their own beside the test database (each named after the test database and this process,
so parallel runs do not collide)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.db import connections
from django.db.utils import load_backend

ROOT = Path(__file__).resolve().parents[2]


def on_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def gongkai(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``gongkai ARGS`` in a subprocess with this worktree on the path and ``env`` on top of a clean
    environment (no database, cache or file store of the test run leaks in)."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "GONGKAI_HOME", "MEDIA_ROOT", "GONGKAI_CACHE_URL", "GONGKAI_CACHE_DIR",
                         "GONGKAI_STORAGE")}
    full = {**base, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=timeout)


class Installations:
    """Empty installations (a database and a file directory) made for one test and dropped after it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pg_databases: list[str] = []
        self.aliases: list[str] = []

    def sqlite(self, name: str) -> dict[str, str]:
        home = self.tmp / name
        home.mkdir()
        return {"GONGKAI_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'gongkai.sqlite3'}"}

    def postgres(self, name: str) -> dict[str, str]:
        import psycopg

        default = connections["default"].settings_dict
        db = f"{default['NAME']}_{name}_{os.getpid()}"[:63]
        with psycopg.connect(host=default["HOST"] or "127.0.0.1", port=default["PORT"] or 5432,
                             user=default["USER"], password=default["PASSWORD"] or None, dbname="postgres",
                             autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}"')
            c.execute(f'CREATE DATABASE "{db}"')
        self.pg_databases.append(db)
        home = self.tmp / name
        home.mkdir()
        user = default["USER"] or "postgres"
        auth = f"{user}:{default['PASSWORD']}" if default["PASSWORD"] else user
        url = f"postgres://{auth}@{default['HOST'] or '127.0.0.1'}:{default['PORT'] or 5432}/{db}"
        return {"GONGKAI_HOME": str(home), "DATABASE_URL": url}

    def connect(self, env: dict[str, str]) -> str:
        """A database alias in this process for an installation's database."""
        alias = f"installation_{len(self.aliases)}"
        conf = connections.configure_settings({"default": dj_database_url.parse(env["DATABASE_URL"])})["default"]
        # Made here, not declared in settings: the test database machinery leaves it alone.
        connections[alias] = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, alias)
        self.aliases.append(alias)
        return alias

    def close(self) -> None:
        for alias in self.aliases:
            connections[alias].close()
            del connections[alias]
        if self.pg_databases:
            import psycopg

            default = connections["default"].settings_dict
            with psycopg.connect(host=default["HOST"] or "127.0.0.1", port=default["PORT"] or 5432,
                                 user=default["USER"], password=default["PASSWORD"] or None, dbname="postgres",
                                 autocommit=True) as c:
                for db in self.pg_databases:
                    c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[Any]:
    inst = Installations(tmp_path)
    yield inst
    inst.close()

"""The deployment recipe (deploy/) stays in step with the code: the environment file is accepted by the
settings as it stands (S3 store, Redis cache, PostgreSQL, production checks), and every unit runs a command
the ``gongkai`` entry knows."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.core.management import get_commands

from gongkai.cli import ALIASES
from tests.ops.conftest import ROOT, gongkai

DEPLOY = ROOT / "deploy"
SHOW = ("from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.STORAGES['default']['BACKEND'], s.SECURE_SSL_REDIRECT, s.GONGKAI_TRUSTED_PROXIES)")


def _env_file() -> dict[str, str]:
    out = {}
    for line in (DEPLOY / "gongkai.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def test_the_environment_file_is_accepted(tmp_path: Path) -> None:
    env = {**_env_file(), "GONGKAI_HOME": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(64)}
    r = gongkai("shell", "--no-imports", "-c", SHOW, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["django.db.backends.postgresql", "django.core.cache.backends.redis.RedisCache",
                                "storages.backends.s3.S3Storage", "True", "1"]


def test_every_unit_runs_a_known_command() -> None:
    known = set(get_commands()) | set(ALIASES)
    used = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text()
        if unit.suffix == ".service":
            assert "EnvironmentFile=/etc/gongkai/gongkai.env" in text, unit.name
            assert "User=gongkai" in text, unit.name
        for command in re.findall(r"/bin/gongkai (\w+)", text):
            assert command in known, (unit.name, command)
            used.append(command)
        if unit.suffix == ".timer":
            assert (DEPLOY / "systemd" / unit.name.replace(".timer", ".service")).exists(), unit.name
    assert {"serve", "migrate", "backup", "send_reminders", "collectstatic", "systemcheck"} <= set(used)

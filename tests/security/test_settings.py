"""Production settings: GONGKAI_ENV=production passes Django's deployment checks and refuses unsafe start-ups;
the development default (what dev.py and the tests run) keeps working as before."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD_VARS = ("GONGKAI_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
              "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
              "SECURE_PROXY_SSL_HEADER", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CHILD_VARS}
    env.update({"DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_HOME": str(tmp_path)}, **extra)
    return env


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    values = {"GONGKAI_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
              "ALLOWED_HOSTS": "gongkai.example.gov.cn"}
    return _env(tmp_path, **{**values, **extra})


def _gongkai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_deploy_checks_clean_in_production(tmp_path: Path) -> None:
    r = _gongkai(_production(tmp_path), "systemcheck", "--deploy", "--fail-level", "WARNING")
    assert r.returncode == 0, r.stderr
    assert "no issues" in r.stdout


def test_development_default_still_runs_and_is_not_production(tmp_path: Path) -> None:
    r = _gongkai(_env(tmp_path), "systemcheck")
    assert r.returncode == 0, r.stderr
    r = _gongkai(_env(tmp_path), "systemcheck", "--deploy", "--fail-level", "WARNING")
    assert r.returncode != 0 and "security.W012" in r.stderr  # development cookies are not Secure


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-dev-key-change-me-in-production-gongkai"}, "不得使用开发用的默认密钥"),
        ({"SECRET_KEY": "short-but-not-default"}, "至少50个字符"),
        ({"DEBUG": "1"}, "不得开启 DEBUG"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"GONGKAI_ENV": "prod"}, "GONGKAI_ENV 只能是"),
        ({"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, "SECURE_PROXY_SSL_HEADER"),
    ],
)
def test_production_refuses_unsafe_start(tmp_path: Path, override: dict[str, str], message: str) -> None:
    r = _gongkai(_production(tmp_path, **override), "systemcheck")
    assert r.returncode != 0
    assert "ImproperlyConfigured" in r.stderr and message in r.stderr


PROBE = """
from django.test import Client
c = Client()
r = c.get("/static/gongkai/site.css", HTTP_HOST="gongkai.example.gov.cn")
print(r.status_code, r.get("Location"))
r = c.get("/static/gongkai/site.css", HTTP_HOST="gongkai.example.gov.cn", HTTP_X_FORWARDED_PROTO="https")
print(r.status_code, r.get("Strict-Transport-Security"))
"""


def test_production_redirects_to_https_and_sends_hsts(tmp_path: Path) -> None:
    env = _production(tmp_path, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    r = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + PROBE], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    plain, secure = r.stdout.splitlines()
    assert plain == "301 https://gongkai.example.gov.cn/static/gongkai/site.css"
    assert secure == "200 max-age=31536000; includeSubDomains; preload"

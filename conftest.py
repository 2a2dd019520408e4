"""The fixed test cast (after Healthchecks' hc/test.py): two agencies and their staff.

- ``planning``: 宝山区规划和自然资源局 with ``clerk`` (经办人), ``reviewer`` (审核人), ``head`` (负责人), ``admin``
- ``district``: 宝山区人民政府, its parent, with ``supervisor`` (政务公开办)
- ``transport``: 宝山区交通委员会 with ``outsider``, a clerk of another agency who must see nothing of planning's

Browser tests use the ``page`` fixture: Playwright driving Debian's chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_configure(config: Any) -> None:
    # Tests create many users; the production hasher's deliberate slowness buys nothing here.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    district: Any
    planning: Any
    transport: Any
    clerk: Any
    clerk2: Any
    reviewer: Any
    head: Any
    admin: Any
    supervisor: Any
    outsider: Any


@pytest.fixture
def cast(db: Any) -> Cast:
    from gongkai.agencies.demo import DemoContext, load

    ctx = DemoContext()
    load(ctx)
    a, u = ctx.agencies, ctx.users
    return Cast(
        district=a["district"], planning=a["planning"], transport=a["transport"],
        clerk=u["clerk"], clerk2=u["clerk2"], reviewer=u["reviewer"], head=u["head"], admin=u["admin"],
        supervisor=u["supervisor"], outsider=u["outsider"],
    )


@pytest.fixture(scope="session")
def _browser() -> Any:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"浏览器测试需要 {CHROMIUM}（Debian 软件包 chromium）；请运行 README 中的测试命令，它会安装它。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser: Any) -> Any:
    context = _browser.new_context(locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login(live_server: Any, page: Any) -> Any:
    """login(username) signs a staff user in through the real login page."""

    def _login(username: str, password: str = "gongkai-demo") -> Any:
        page.goto(f"{live_server.url}/office/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        return page

    return _login


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache, as its database starts afresh (and may reuse ids)."""
    from django.core.cache import cache

    cache.clear()
    yield

"""Two app servers on loopback — two ``gongkai serve`` (gunicorn) processes on two ports sharing one
PostgreSQL database, one Redis (the cache) and one file directory, each with a home of its own: an item
withdrawn through one disappears from the other's public pages, search and feed at once; an attachment
uploaded through one downloads through the other; a staff session opened on one is valid on the other.

Runs in the PostgreSQL pass only (SQLite is one server's database)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ops.conftest import ROOT, gongkai
from tests.ops.redis import REDIS_URL, redis_keys, redis_prefix  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="两台应用服务器共用一个 PostgreSQL：只在 DATABASE_URL=postgres://... 的测试轮次中运行",
)

PDF = b"%PDF-1.4\n" + "宝山区顾村镇控制性详细规划图".encode() * 64 + b"\n%%EOF"
TITLE = "宝山区顾村镇控制性详细规划公示"
SETUP = f"""
from django.utils import timezone
from gongkai.agencies.demo import DemoContext, load
from gongkai.catalogue import actions
ctx = DemoContext()
load(ctx)
u, planning, now = ctx.users, ctx.agencies["planning"], timezone.now()
item = actions.create_draft(agency=planning, actor=u["clerk"], now=now, title="{TITLE}",
                            formed_on=timezone.localdate(), kind="plan")
item = actions.propose_attribute(item=item, actor=u["clerk"], now=now, attribute="proactive", reason="",
                                 secrecy_reviewed=True)
item = actions.review_attribute(item=item, actor=u["reviewer"], now=now, approve=True)
item = actions.sign_off(item=item, actor=u["head"], now=now)
print(item.pk, planning.slug)
"""


class Session:
    """A browser on one server: cookies kept, redirects not followed, CSRF token sent with each POST."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.port, self.cookies = port, dict(cookies or {})

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes, Any]:
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        for header, value in r.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        c.close()
        return r.status, data, r

    def get(self, path: str) -> tuple[int, str]:
        status, data, _ = self.request("GET", path)
        return status, data.decode("utf-8", errors="replace")

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> int:
        fields = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        if files:
            boundary = secrets.token_hex(16)
            parts = []
            for k, v in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
            for k, (name, data) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                             f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            status, _, _ = self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
        else:
            body = urllib.parse.urlencode(fields).encode()
            status, _, _ = self.request("POST", path, body, "application/x-www-form-urlencoded")
        return status

    def login(self, username: str) -> None:
        self.get("/office/login/")
        assert self.post("/office/login/", {"username": username, "password": "gongkai-demo"}) == 302, username


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    full = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_HOME", "MEDIA_ROOT")},
            "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "1", "--threads", "4"], env=full, cwd=ROOT,
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")
        try:
            if Session(port).get("/")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    pytest.fail(f"gongkai serve 未在60秒内响应：{log.read_text(errors='replace')}")


@pytest.fixture
def two_servers(tmp_path: Path, installations: Any, redis_prefix: str) -> Iterator[tuple[int, int, Path, str]]:  # noqa: F811
    env = installations.postgres("servers")
    assert gongkai("migrate", "--no-input", "-v", "0", env=env).returncode == 0
    media = tmp_path / "media"  # the one file store both servers share
    shared = {"DATABASE_URL": env["DATABASE_URL"], "MEDIA_ROOT": str(media), "GONGKAI_CACHE_URL": REDIS_URL,
              "GONGKAI_CACHE_PREFIX": redis_prefix, "ALLOWED_HOSTS": "127.0.0.1"}
    procs = []
    ports = []
    try:
        for name in ("a", "b"):
            home = tmp_path / f"home-{name}"  # each server's own home: its own file cache would not be shared
            home.mkdir()
            port = _free_port()
            procs.append(_serve({**shared, "GONGKAI_HOME": str(home)}, port, tmp_path / f"{name}.log"))
            ports.append(port)
        yield ports[0], ports[1], media, env["DATABASE_URL"]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_two_servers_share_database_cache_and_files(two_servers: Any, redis_prefix: str) -> None:  # noqa: F811
    port_a, port_b, media, database_url = two_servers
    r = gongkai("shell", "--no-imports", "-c", SETUP, env={"DATABASE_URL": database_url, "MEDIA_ROOT": str(media)})
    assert r.returncode == 0, r.stderr
    pk, slug = r.stdout.split()

    # Through server A: the clerk uploads the attachment and publishes.
    a = Session(port_a)
    a.login("clerk")
    assert a.post(f"/office/catalogue/{pk}/attach/", {}, files={"file": ("规划图.pdf", PDF)}) == 302
    assert a.post(f"/office/catalogue/{pk}/publish/", {}) == 302

    # Through server B: the public page lists it and the attachment downloads, byte for byte.
    b = Session(port_b)
    status, detail = b.get(f"/agency/{slug}/items/{pk}/")
    assert status == 200 and TITLE in detail
    att = re.search(rf"/agency/{slug}/items/{pk}/attachments/(\d+)/", detail)
    assert att, detail
    status, data, _ = b.request("GET", att.group(0))
    assert status == 200 and data == PDF
    assert list(media.rglob("*.pdf")), "the file is in the shared store"
    # The clerk's session, opened on A, is valid on B (sessions live in the shared database).
    staff_b = Session(port_b, a.cookies)
    status, data, _ = staff_b.request("GET", f"/office/catalogue/{pk}/attachments/{att.group(1)}/")
    assert status == 200 and data == PDF
    assert Session(port_b).request("GET", f"/office/catalogue/{pk}/attachments/{att.group(1)}/")[0] == 302

    # Both servers show it on every public page (and cache the pages in the one Redis).
    pages = [f"/agency/{slug}/", f"/agency/{slug}/items/", "/items/",
             "/search/?q=" + urllib.parse.quote("顾村镇"), f"/agency/{slug}/feed/", "/sitemap-items.xml"]
    mark = f"/items/{pk}/"
    for s in (a, b):
        for page in pages:
            status, body = s.get(page)
            assert status == 200 and mark in body, (s.port, page)
    assert any(":gk:" in k for k in redis_keys(redis_prefix))

    # Through A, the leader withdraws it; on B it is gone at once from every page, the search and the feed.
    head = Session(port_a)
    head.login("head")
    assert head.post(f"/office/catalogue/{pk}/withdraw/", {"reason": "误将过程性信息发布"}) == 302
    for page in pages:
        status, body = b.get(page)
        assert status == 200 and mark not in body, page
    assert b.get(f"/agency/{slug}/items/{pk}/")[0] == 404
    assert b.request("GET", att.group(0))[0] == 404

"""Content-Security-Policy: every page carries it; no template holds inline script, on* handler or style
attribute; and in a real browser the pages that run scripts (charts, select-all, htmx) work under it with no
console error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "gongkai" / "templates", *sorted((ROOT / "gongkai").glob("*/templates"))]

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]


def test_policy_forbids_inline_code() -> None:
    from gongkai.csp import policy

    text = policy()
    directives = dict(part.strip().split(" ", 1) for part in text.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["style-src"] and "unsafe" not in text
    assert directives["img-src"] == "'self' data:"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", ["/", "/office/login/", "/admin/login/", "/apply/", "/track/", "/no-such-page/"])
def test_every_response_carries_the_policy(cast: Any, client: Client, path: str) -> None:
    from gongkai.csp import policy

    r = client.get(path)
    assert r["Content-Security-Policy"] == policy()
    assert r["X-Frame-Options"] == "DENY"


def test_staff_pages_carry_the_policy(cast: Any, client: Client) -> None:
    client.force_login(cast.head)
    for path in ["/office/", "/office/applications/", "/office/audit/", "/office/reports/"]:
        r = client.get(path)
        assert r.status_code == 200 and "Content-Security-Policy" in r, path


def test_templates_hold_no_inline_script_handler_or_style() -> None:
    found = _templates()
    assert len(found) > 40  # the scan really reads the templates
    offences = []
    for path in found:
        text = path.read_text(encoding="utf-8")
        for name, rx in [("inline <script>", INLINE_SCRIPT), ("on* handler", HANDLER), ("style attribute", STYLE_ATTR),
                         ("<style> block", STYLE_BLOCK), ("javascript: URL", JS_URL)]:
            for m in rx.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                offences.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offences == []


def test_scan_catches_what_it_forbids() -> None:
    bad = ['<script>alert(1)</script>', '<button onclick="x()">', '<div style="color:red">', '<style>p{}</style>',
           '<a href="javascript:void(0)">']
    rxs = [INLINE_SCRIPT, HANDLER, STYLE_ATTR, STYLE_BLOCK, JS_URL]
    for text, rx in zip(bad, rxs):
        assert rx.search(text), text
    fine = '<script src="/static/x.js" defer></script><input data-check-all="ids" class="w-120"><a href="/online/">'
    assert not any(rx.search(fine) for rx in rxs)


# --------------------------------------------------------------------------- in a real browser


class Errors:
    def __init__(self, page: Any) -> None:
        self.items: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.items.append(f"{m.text} [{page.url}]"))
        page.on("pageerror", lambda e: self.items.append(f"pageerror {e} [{page.url}]"))


def _register(cast: Any, name: str) -> Any:
    from gongkai.applications import actions

    details = {"applicant_type": "natural_person", "applicant_name": name, "address": "上海市宝山区友谊路1号",
               "description": "2023年宝山区控制性详细规划调整的批复文件", "phone": "13800000000"}
    app, _ = actions.register(agency=cast.planning, details=details, channel="in_person",
                              submitted_on=timezone.localdate(), actor=cast.clerk, now=timezone.now())
    return app


@pytest.mark.browser
def test_scripts_work_under_the_policy(transactional_db: Any, cast: Any, login: Any, live_server: Any) -> None:
    from gongkai.reports import actions as report_actions
    from tests.auditor.conftest import CORPUS, SEED
    from tests.reports.conftest import load_seed, now_at

    _register(cast, "张三")
    _register(cast, "李四")
    data = load_seed().to_dict()
    report_actions.import_report(agency=cast.planning, year=2019, data=data, actor=cast.clerk, now=now_at(2020, 1, 10))

    page = login("head")
    errors = Errors(page)
    page.wait_for_selector("#applications-panel")
    # dashboard: the applications panel draws its two charts (charts.js after the vendored Chart.js)
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-months'))")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-outcomes'))")

    # inbox: the select-all box (site.js) ticks every row; the htmx filter still swaps the results
    page.goto(f"{live_server.url}/office/applications/")
    page.check("input[data-check-all=ids]")
    assert page.locator("input[name=ids]:checked").count() == 2
    page.uncheck("input[data-check-all=ids]")
    assert page.locator("input[name=ids]:checked").count() == 0
    page.fill("#id_q", "李四")
    page.press("#id_q", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#inbox input[name=ids]').length === 1")

    # report comparison: both charts drawn
    page.goto(f"{live_server.url}/office/reports/{cast.planning.pk}/2019/compare/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-t3'))")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-t4'))")

    # auditor batch: both bar charts drawn
    page.goto(f"{live_server.url}/office/audit/")
    page.set_input_files("input[type=file]", [str(SEED), str(CORPUS / "11-seed-rowspan.html")])
    page.click("#audit-upload button[type=submit]")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-rules'))")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-agencies'))")

    assert errors.items == []

    # the admin's own pages raise no policy violation (its missing /favicon.ico is not this test's matter)
    page.goto(f"{live_server.url}/admin/login/")
    page.wait_for_selector("#login-form")
    assert [e for e in errors.items if "Content Security Policy" in e] == []

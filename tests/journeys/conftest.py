"""What every browser journey shares.

- ``browser_errors`` (autouse): watches the browser context of ``page`` (and any context a journey opens with
  ``browser_errors.watch``) and fails the test on any console message of type error, any uncaught page error
  and any failed request for the site's own static files (``/static/...``: network failure or status >= 400).
  Content Security Policy violations are console errors too, so they fail here.
- ``journey(name)``: a ``Journey`` that logs in by keyboard and, for every main page (``visit``), saves a
  screenshot into one folder (``GONGKAI_SCREENSHOTS``, default ``var/screenshots``, gitignored) as
  ``<journey>-<nn>-<page>.png`` (and ``...-375.png`` at phone width), then checks that
  * no browser error happened so far,
  * every input/select/textarea of the page has an accessible name (a ``<label>``, ``aria-label`` or
    ``aria-labelledby``) and every group of radio buttons a group name (``<fieldset>`` + ``<legend>``),
  * at 375×812 the page does not scroll sideways (wide tables scroll inside their wrapper) and the page's
    main controls are visible within the screen.
- ``office_page``: a second browser with its own cookies (the staff's, while ``page`` is the applicant's).
- keyboard helpers (``tab_to``, ``kb_type``, ``kb_select``, ``kb_radio``, ``kb_submit``): they reach fields with
  the Tab key only, so a form completed with them can be completed without a mouse.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOTS") or ROOT / "var" / "screenshots")
PHONE = {"width": 375, "height": 812}
TOLERANCE = 2  # px: rounding of sub-pixel layouts

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _next_year_declared(transactional_db: Any) -> None:
    """Deadlines computed from today may run into next year: declare it (plain Monday-Friday), as the admin
    would once the State Council publishes it."""
    from django.utils import timezone

    from gongkai.agencies.models import CalendarYear

    year = timezone.localdate().year + 1
    CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试：按周一至周五计算"})


class BrowserErrors:
    """Collects what a user's browser would show as broken: console errors, page errors, missing static files."""

    def __init__(self, base_url: str) -> None:
        self.static = f"{base_url}/static/"
        self.errors: list[str] = []
        self.expecting: int | None = None
        self.expected: set[tuple[str, int]] = set()  # pages answered with an error status on purpose

    def watch(self, context: Any) -> None:
        context.on("console", self._console)
        context.on("weberror", lambda e: self.errors.append(
            f"页面脚本错误（pageerror）: {e.error} @ {e.page.url if e.page else ''}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            self.errors.append(f"控制台错误（console.error）: {msg.text} @ {loc.get('url', '')}:{loc.get('lineNumber', '')}"
                               f" [页面 {msg.page.url if msg.page else ''}]")

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED: the page went on to another page before the file arrived (a missing file is a 404 below)
        if request.url.startswith(self.static) and "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"静态文件请求失败: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.url.startswith(self.static) and response.status >= 400:
            self.errors.append(f"静态文件请求失败: {response.url} (HTTP {response.status})")
        if response.status == self.expecting and response.request.resource_type == "document":
            self.expected.add((response.url, response.status))

    @contextmanager
    def expect_status(self, status: int) -> Iterator[None]:
        """Inside the block, a page is answered with ``status`` on purpose (a form shown again with its errors
        is 400): the browser's "Failed to load resource" message for that page is not a defect."""
        before, self.expecting = set(self.expected), status
        try:
            yield
        finally:
            self.expecting = None
        assert self.expected - before, f"预期页面返回 HTTP {status}，但没有"

    def _is_expected(self, error: str) -> bool:
        return any(f"status of {status}" in error and f"@ {url}:" in error for url, status in self.expected)

    def take(self) -> list[str]:
        out, self.errors = [e for e in self.errors if not self._is_expected(e)], []
        return out

    def check(self, where: str = "") -> None:
        errors = self.take()
        assert not errors, f"浏览器报错{('（' + where + '）') if where else ''}:\n" + "\n".join(errors)


@pytest.fixture(autouse=True)
def browser_errors(live_server: Any, page: Any) -> Any:
    errors = BrowserErrors(live_server.url)
    errors.watch(page.context)
    yield errors
    errors.check("测试结束时")


# --- keyboard ------------------------------------------------------------------------------------------

def _active_matches(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).evaluate_all("els => els.includes(document.activeElement)"))


def tab_to(page: Any, selector: str, *, max_tabs: int = 80) -> None:
    """Press Tab until the focused element matches ``selector`` (fails if the field cannot be reached)."""
    for _ in range(max_tabs):
        if _active_matches(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"按 Tab 键{max_tabs}次仍未到达 {selector}：该控件无法用键盘到达")


def kb_type(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    assert page.input_value(selector) == text, f"键盘输入 {selector} 失败"


def kb_select(page: Any, selector: str, value: str) -> None:
    """Choose an option with the arrow keys (Chromium changes a closed select's value on ArrowDown/ArrowUp)."""
    tab_to(page, selector)
    count = page.locator(f"{selector} option").count()
    for key in ("Home",) + ("ArrowDown",) * count:
        if page.input_value(selector) == value:
            return
        page.keyboard.press(key)
    assert page.input_value(selector) == value, f"无法用键盘在 {selector} 中选择 {value}"


def kb_radio(page: Any, name: str, value: str) -> None:
    """Tab into a radio group, then move with the arrow keys (which check) or Space (the focused one)."""
    group = f"input[type=radio][name={name}]"
    tab_to(page, group)
    page.keyboard.press("Space")
    for _ in range(page.locator(group).count()):
        if page.locator(f"{group}[value={value}]").is_checked():
            return
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{group}[value={value}]").is_checked(), f"无法用键盘选择 {name}={value}"


def kb_submit(page: Any, selector: str) -> None:
    """Tab to the submit button and press Enter; waits for the navigation the form makes."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


# --- page checks -----------------------------------------------------------------------------------------

UNLABELLED_JS = """
() => {
  const name = el => {
    const fromLabels = [...(el.labels || [])].map(l => l.textContent.trim()).join('');
    const aria = (el.getAttribute('aria-label') || '').trim();
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => (document.getElementById(id) || {textContent: ''}).textContent.trim()).join('');
    return fromLabels || aria || by;
  };
  const groupName = el => {
    const fs = el.closest('fieldset');
    const legend = fs && fs.querySelector(':scope > legend');
    if (legend && legend.textContent.trim()) return legend.textContent.trim();
    const group = el.closest('[role=radiogroup]');
    return group ? name(group) : '';
  };
  const out = [], seen = new Set();
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    const form = el.closest('form');
    const where = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[name=${el.name}]`
      + (form ? ` in form${form.id ? '#' + form.id : ''}[action=${form.getAttribute('action') || ''}]` : '');
    if (!name(el)) out.push(where);
    if (type === 'radio' && !groupName(el) && !seen.has(el.name)) {
      seen.add(el.name);
      out.push(where + '：单选组没有组名（fieldset/legend 或 role=radiogroup 加 aria-label/aria-labelledby）');
    }
  }
  return out;
}
"""

OVERFLOW_JS = """
(limit) => {
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return {width, culprits: []};
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const sticks = el => el.getBoundingClientRect().right > limit && !clipped(el);
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ` (right=${Math.round(el.getBoundingClientRect().right)}px) "${(el.textContent || '').trim().slice(0, 30)}"`;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticks(el)) continue;
    if (el.parentElement && el.parentElement !== document.body && sticks(el.parentElement)
        && el.parentElement.getBoundingClientRect().right >= el.getBoundingClientRect().right) continue;
    culprits.push(describe(el));
    if (culprits.length >= 8) break;
  }
  return {width, culprits};
}
"""


# The box of a control as the user sees it: a wide table inside a scrolling wrapper is seen through the wrapper.
BOX_JS = """
el => {
  let box = el;
  for (let p = el; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll') { box = p; break; }
  }
  const r = box.getBoundingClientRect();
  return {left: r.left, right: r.right, seen_through: box === el ? '' : box.className};
}
"""


def unlabelled_fields(page: Any) -> list[str]:
    return list(page.evaluate(UNLABELLED_JS))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Journey:
    """One user's walk through the site; ``visit`` is called on each main page once it has loaded."""

    def __init__(self, name: str, page: Any, base_url: str, errors: BrowserErrors) -> None:
        self.name, self.page, self.base_url, self.errors = name, page, base_url, errors
        self.n = 0
        self.shots: list[Path] = []
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{name}-*.png"):
            old.unlink()

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.url(path))
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '无响应'}"
        return response

    def visit(self, label: str, *, controls: Iterable[str] = (), check_labels: bool = True) -> Path:
        """Screenshot the current page at desktop and phone width and check it (see the module docstring)."""
        page = self.page
        page.wait_for_load_state()
        self.n += 1
        stem = f"{self.name}-{self.n:02d}-{_slug(label)}"
        where = f"{stem} {page.url}"
        shot = SHOTS / f"{stem}.png"
        page.screenshot(path=shot, full_page=True)
        self.shots.append(shot)
        self.errors.check(where)
        if check_labels:
            missing = unlabelled_fields(page)
            assert not missing, f"{where}: 以下表单控件没有可访问的标签（label/aria-label/aria-labelledby）:\n" + \
                "\n".join(missing)
        desktop = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            overflow = page.evaluate(OVERFLOW_JS, PHONE["width"] + TOLERANCE)
            phone_shot = SHOTS / f"{stem}-375.png"
            page.screenshot(path=phone_shot, full_page=True)
            self.shots.append(phone_shot)
            assert not overflow["culprits"] and overflow["width"] <= PHONE["width"] + TOLERANCE, (
                f"{where}: 375px 宽时页面横向溢出（scrollWidth={overflow['width']}px），超出的元素:\n"
                + "\n".join(overflow["culprits"]))
            nav = page.locator("header .brand, nav.mainnav a, nav.mainnav button")
            for i in range(nav.count()):  # the site's own navigation, on every page
                self._on_screen(nav.nth(i), f"导航 {nav.nth(i).inner_text()}", where)
            for sel in controls:
                self._on_screen(page.locator(sel).first, sel, where)
        finally:
            page.set_viewport_size(desktop)
        self.errors.check(where)
        return shot

    @staticmethod
    def _on_screen(el: Any, what: str, where: str) -> None:
        assert el.is_visible(), f"{where}: 375px 宽时主要控件 {what} 不可见"
        box = el.evaluate(BOX_JS)
        assert box["left"] >= -TOLERANCE and box["right"] <= PHONE["width"] + TOLERANCE, \
            f"{where}: 375px 宽时主要控件 {what} 超出屏幕（{box}）"

    def login(self, username: str, password: str = "gongkai-demo", *, visit: bool = True) -> None:
        """The staff login, by keyboard only: the user name field has focus, Tab to the password, Enter."""
        page = self.page
        self.goto("/office/login/")
        if visit:
            self.visit("login", controls=["#id_username", "#id_password", "button[type=submit]"])
        tab_to(page, "#id_username")
        page.keyboard.type(username)
        page.keyboard.press("Tab")
        assert _active_matches(page, "#id_password"), "登录页：用户名之后按 Tab 应到达密码"
        page.keyboard.type(password)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.rstrip("/").endswith("/office"), f"{username} 登录失败：{page.url}"

    def logout(self) -> None:
        with self.page.expect_navigation():
            self.page.click("form[action='/office/logout/'] button")


@pytest.fixture
def journey(live_server: Any, page: Any, browser_errors: BrowserErrors) -> Any:
    """journey(name, page=None): a Journey in ``page`` (or in another page, e.g. ``office_page``)."""

    def _journey(name: str, page: Any = page) -> Journey:
        return Journey(name, page, live_server.url, browser_errors)

    return _journey


@pytest.fixture
def office_page(_browser: Any, browser_errors: BrowserErrors) -> Any:
    """A second browser (its own cookies), watched like ``page``: the staff's, while ``page`` is the public's."""
    context = _browser.new_context(locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15000)
    browser_errors.watch(context)
    yield context.new_page()
    context.close()

"""Fuzzing every public form and page (issue 7): hypothesis drives each one through Django's test client on
the real database, with random unicode, long strings, control characters, NUL bytes, numbers where text is
expected and the reverse, odd dates, missing and duplicated fields, raw bodies and multipart uploads with odd
file names, sizes and content types.

For every input: never a 5xx (the test client re-raises a view's exception); a rejection is a 4xx or the form
again, and every error it shows is Chinese; a rejected submission writes nothing (no row, no stored file).
Each example runs in a savepoint that is rolled back, so examples do not see each other (nor the rate limits).

Covered: the application form (per agency and generic, multipart with attachments), tracking (number + code),
the case page's actions (补正, 缴费/放弃缴费, 撤回, unknown ones), every public GET page with odd query
parameters (search and its filters, item lists, column pages, guide, feed, sitemaps, reports and their
downloads) and odd numbers in paths, the staff and admin login pages, raw unreadable bodies on every POST
form, and the auditor's upload (signed in; files, zip archives, damaged ones). Run longer by hand with
GONGKAI_FUZZ_SCALE=20, and on PostgreSQL with DATABASE_URL (NUL and column lengths only fail there).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html as htmllib
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from gongkai.applications import actions
from gongkai.applications.models import Application, Attachment, CaseEvent
from gongkai.applications.validators import resident_id_check_char
from tests.applications.conftest import DETAILS

pytestmark = pytest.mark.django_db

# GONGKAI_FUZZ_SCALE=20 for a longer session by hand (the suite's run is bounded: about a minute in all)
SCALE = float(os.environ.get("GONGKAI_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=int(60 * SCALE), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=int(30 * SCALE))

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ERRORLIST = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
LI = re.compile(r"<li[^>]*>(.*?)</li>", re.S)
ERRORP = re.compile(r'<p class="error(?:list|note)[^"]*"[^>]*>(.*?)</p>', re.S)  # the login pages' one message
TAG = re.compile(r"<[^>]+>")
MESSAGES = re.compile(r'<li class="msg-(?:error|warning)">(.*?)</li>', re.S)


# --------------------------------------------------------------------------- what every answer must be


def _text(fragment: str) -> str:
    return htmllib.unescape(TAG.sub("", fragment)).strip()


def form_errors(page: str) -> list[str]:
    return [_text(li) for ul in ERRORLIST.findall(page) for li in LI.findall(ul)] + [
        _text(p) for p in ERRORP.findall(page)]


def page_of(r: Any) -> str:
    return r.content.decode("utf-8", "replace")


def assert_answer(r: Any) -> str:
    """Any answer: no 5xx, and a 4xx page says in Chinese what went wrong."""
    assert r.status_code < 500, r.status_code
    body = page_of(r)
    if r.status_code >= 400:
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
        shown = " ".join(_text(m.group(1)) for m in (title, h1) if m) + " ".join(form_errors(body))
        assert CJK.search(shown), f"{r.status_code} without a Chinese message: {body[:300]!r}"
    return body


def assert_rejected(r: Any) -> list[str]:
    """A rejected submission: 4xx or the form again, with errors, each one in Chinese."""
    body = assert_answer(r)
    assert r.status_code in (200, 400, 403, 404, 429), r.status_code
    if r.status_code == 404:
        assert "页面不存在" in body
        return []
    if r.status_code in (400, 403) and 'id="error-page"' in body:
        return []  # a body that could not be read at all: the error page (its Chinese title checked above)
    errors = form_errors(body)
    assert errors, f"{r.status_code} and no error shown: {body[:500]!r}"
    for e in errors:
        assert CJK.search(e), f"error not in Chinese: {e!r}"
    return errors


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored_files(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --------------------------------------------------------------------------- the raw material

ODD = [
    "", " ", "\u3000", "\x00", "a\x00b", "张三\x00", "\u200b", "\ufeff", "\u202e\u0644\u0627", "﷽", "𠀀𠀁𪚥",
    "١٢٣٤٥٦", "²³⁴⁵⁶⁷", "１２３４５６", "-1", "0", "-999999999999999999999", "9" * 400, "1e309", "NaN", "inf",
    "2025-02-30", "2025/3/3", "0000-00-00", "99999-12-31", "２０２５年３月３日", "3/4/25", "<script>alert(1)</script>",
    "' OR 1=1 --", "%s%s%n", "{{ request }}", "{% debug %}", "\r\n", "\t\t", "../../etc/passwd", "null", "true",
    "[]", '{"a": 1}', "a" * 101, "字" * 4001, "\ud7ff", "\U0010ffff", "\x7f\x80\x9f", "x\r\ny: z",
]
CONTROL = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=8)
WEIRD = st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So", "Co", "Nd", "No"]),
                min_size=1, max_size=12)
LONG = st.tuples(st.sampled_from(["x", "字", "\u00a0", "9", "𠀀", "a\x00"]), st.integers(101, 12000)).map(
    lambda t: t[0] * t[1])
DATES = st.tuples(st.dates(min_value=dt.date(1, 1, 1)),
                  st.sampled_from(["%Y-%m-%d", "%Y年%m月%d日", "%d/%m/%Y", "%m/%d/%y", "%Y%m%d", "%Y.%m.%d"])).map(
    lambda t: t[0].strftime(t[1]))
NUMBERS = st.one_of(st.integers(), st.integers(-(10**40), 10**40), st.floats()).map(str)
JUNK = st.one_of(st.sampled_from(ODD), st.text(max_size=30), CONTROL, WEIRD, LONG, DATES, NUMBERS)
# a field sent twice or more (QueryDict keeps all, forms read the last)
VALUE = st.one_of(JUNK, JUNK, JUNK, st.lists(JUNK, min_size=2, max_size=3))


def resident_id(birth: dt.date, serial: int) -> str:
    first = f"310113{birth:%Y%m%d}{serial:03d}"
    return first + resident_id_check_char(first)


VALID_IDS = st.builds(resident_id, st.dates(dt.date(1900, 1, 1), dt.date(2010, 12, 31)), st.integers(0, 999))

VALID: dict[str, Any] = {**DETAILS, "postcode": "201900"}  # the form as an applicant fills it in
CHOICES = {
    "applicant_type": ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                       "legal_service_org", "other", "legal"],
    "id_type": ["resident_id", "uscc", "other", "passport"],
    "form_wanted": ["electronic", "paper", "x"],
    "obtain_via": ["email", "post", "pickup", "x"],
}
DROP = object()


@st.composite
def applicant_data(draw: Any, fields: list[str]) -> dict[str, Any]:
    """The valid applicant with up to four fields dropped, junked, duplicated or set to another choice."""
    data: dict[str, Any] = dict(VALID)
    data["id_number"] = draw(VALID_IDS)
    for name in draw(st.sets(st.sampled_from(fields), max_size=4)):
        how = draw(st.sampled_from(["drop", "junk", "choice"] if name in CHOICES else ["drop", "junk"]))
        if how == "drop":
            data[name] = DROP
        elif how == "choice":
            data[name] = draw(st.sampled_from(CHOICES[name]))
        else:
            data[name] = draw(VALUE)
    return {k: v for k, v in data.items() if v is not DROP}


EXTS = ["pdf", "PDF", "jpg", "png", "docx", "txt", "zip", "ofd", "xls", "exe", "html", "", "pdf.exe", "tar.gz"]
MAGIC = [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"MZ\x90"]
FILENAMES = st.one_of(
    st.tuples(st.text(max_size=30), st.sampled_from(EXTS)).map(lambda t: f"{t[0]}.{t[1]}" if t[1] else t[0]),
    st.sampled_from(["身份证.jpg", "../../etc/passwd.txt", "C:\\fakepath\\证件.pdf", "a\x00b.pdf", " .txt", ".pdf",
                     "x" * 300 + ".pdf", "﷽.docx", "x.txt ", 'q"uote.pdf', "semi;colon.pdf", "new\nline.pdf",
                     "\u202egpj.exe", "con.txt", "%00.pdf", "a/b/c.png"]),
)
CONTENTS = st.one_of(
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=600)).map(lambda t: t[0] + t[1]),
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.text(max_size=300).map(lambda s: s.encode("gb18030")),
    st.integers(0, 5000).map(lambda n: b"%PDF" + b"\x00" * n),
)
CTYPES = st.sampled_from(["application/pdf", "text/plain", "application/octet-stream", "image/png", "",
                          "text/html; charset=gbk", "multipart/mixed", "x/\x7f", "application/pdf\r\nX-Evil: 1"])
UPLOADS = st.lists(st.tuples(FILENAMES, CONTENTS, CTYPES), max_size=12)


def multipart(fields: list[tuple[str, Any]], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart body built by hand, so that names, file names and content types go out exactly as drawn."""
    boundary = "----gongkaifuzz7MA4YWxkTrZu0gW"
    out = io.BytesIO()
    for name, value in fields:
        for v in value if isinstance(value, list) else [value]:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            out.write(str(v).encode("utf-8", "surrogatepass") + b"\r\n")
    for field, filename, content, ctype in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="'.encode())
        out.write(filename.encode("utf-8", "surrogatepass") + b'"\r\n')
        if ctype:
            out.write(f"Content-Type: {ctype}\r\n".encode("utf-8", "surrogatepass"))
        out.write(b"\r\n" + content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


RAW_BODIES = st.tuples(
    st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda s: s.encode("utf-8")),
              st.sampled_from([b"--xx\r\nbroken", b"a=1&a=2&&&=&%zz=%ff", b"\x00" * 50, b"description=" + b"\xff" * 40,
                               b'{"tracking_no": 1}', b"&".join(b"f%d=1" % i for i in range(1100))])),
    st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=xx",
                     "multipart/form-data; boundary=", "application/json", "text/plain", "",
                     "application/x-www-form-urlencoded; charset=gbk", "application/x-www-form-urlencoded; charset=x"]),
)


def client(address: int = 1) -> Client:
    return Client(REMOTE_ADDR=f"10.7.{address // 250}.{address % 250 + 1}")


# --------------------------------------------------------------------------- 依申请公开: the application form


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_UPLOAD_MAX_BYTES = 3000  # so that drawn files fall on both sides of the limit
    return settings.MEDIA_ROOT


def _counts() -> tuple[int, int, int]:
    return Application.objects.count(), Attachment.objects.count(), CaseEvent.objects.count()


def _check_apply(r: Any, data: dict[str, Any], files: list[tuple[str, str, bytes, str]], before: tuple[int, int, int],
                 media: Path, files_before: set[str]) -> None:
    event(f"status {r.status_code}")
    if r.status_code == 200 and 'id="query-code"' in page_of(r):
        assert_answer(r)
        app = Application.objects.order_by("-pk").first()
        assert app is not None and app.tracking_no in page_of(r)
        for k in ("applicant_name", "phone", "address", "description", "contact_person"):
            sent = data.get(k, "")
            sent = sent[-1] if isinstance(sent, list) else sent
            assert getattr(app, k) == str(sent).strip(), k  # stored as typed, nothing cut
        sent_files = [f for f in files if f[0] == "attachments" and f[1]]
        assert app.attachments.count() == len(sent_files)  # every file kept, or the form refused
        return
    assert_rejected(r)
    assert _counts() == before  # nothing half-written
    assert stored_files(media) == files_before


@FUZZ
@given(data=applicant_data(list(VALID) + ["contact_person", "extra"]), uploads=UPLOADS, n=st.integers(0, 10**6))
@example(data={**VALID, "id_number": "²10105194912310021"}, uploads=[], n=0)
@example(data={**VALID, "email": "a" * 240 + "@example.com"}, uploads=[], n=0)
@example(data=VALID, uploads=[(f"证件{i}.pdf", b"%PDF-1.4 x", "application/pdf") for i in range(11)], n=0)
def test_agency_apply_form(cast: Any, media: Path, data: dict[str, Any], uploads: list, n: int) -> None:
    files = [("attachments", name, content, ctype) for name, content, ctype in uploads]
    with rolled_back():
        before, files_before = _counts(), stored_files(media)
        body, ctype = multipart(list(data.items()), files)
        r = client(n).generic("POST", f"/agency/{cast.planning.slug}/apply/", body, content_type=ctype)
        _check_apply(r, data, files, before, media, files_before)


@FUZZ
@given(data=applicant_data(list(VALID) + ["agency"]), agency=st.one_of(st.none(), VALUE), n=st.integers(0, 10**6))
def test_generic_apply_form(cast: Any, media: Path, data: dict[str, Any], agency: Any, n: int) -> None:
    data = {**data, "agency": str(cast.transport.pk) if agency is None else agency}
    with rolled_back():
        before, files_before = _counts(), stored_files(media)
        r = client(n).post("/apply/", data)
        _check_apply(r, data, [], before, media, files_before)


@FEW
@given(raw=RAW_BODIES, path=st.sampled_from(["/apply/", "/agency/{slug}/apply/", "/track/", "/office/login/"]))
def test_raw_bodies(cast: Any, media: Path, raw: tuple[bytes, str], path: str) -> None:
    with rolled_back():
        before = _counts()
        r = client().generic("POST", path.format(slug=cast.planning.slug), raw[0], content_type=raw[1])
        assert_rejected(r)
        assert _counts() == before


@override_settings(GONGKAI_APPLY_PER_HOUR=0, GONGKAI_TRACK_PER_HOUR=0)
def test_rate_limited_forms_say_so(cast: Any) -> None:
    r = client().post(f"/agency/{cast.planning.slug}/apply/", VALID)
    assert r.status_code == 429 and "提交过于频繁" in assert_rejected(r)[0]
    r = client().post("/track/", {"tracking_no": "X", "code": "Y"})
    assert r.status_code == 429 and "次数过多" in assert_rejected(r)[0]
    assert not Application.objects.exists()


# --------------------------------------------------------------------------- tracking: number + query code


@pytest.fixture
def tracked(cast: Any) -> dict[str, Any]:
    """Two cases followed in one browser session: one asked to correct, one with a fee to pay."""
    now, today = timezone.now(), timezone.localdate()
    a, code_a = actions.register(agency=cast.planning, details={**VALID, "applicant_name": "甲"}, channel="in_person",
                                 submitted_on=today, actor=cast.clerk, now=now)
    actions.request_correction(application=a, items="请写明文号", actor=cast.clerk, now=now)
    b, code_b = actions.register(agency=cast.planning, details={**VALID, "applicant_name": "乙",
                                                                "description": "宝山区2023年土地出让合同全文"},
                                 channel="in_person", submitted_on=today, actor=cast.clerk, now=now)
    fee = actions.issue_fee_notice(application=b, actor=cast.clerk, now=now, method="per_page", pages=500)
    c = client()
    for app, code in ((a, code_a), (b, code_b)):
        assert c.post("/track/", {"tracking_no": app.tracking_no, "code": code}).status_code == 302
    return {"client": c, "correct": a, "fee": b, "fee_id": fee.pk, "code": code_a}


@FUZZ
@given(number=st.one_of(st.just("REAL"), VALUE), code=st.one_of(st.just("REAL"), VALUE), n=st.integers(0, 10**6))
def test_track_form(tracked: dict[str, Any], number: Any, code: Any, n: int) -> None:
    app = tracked["correct"]
    number = app.tracking_no if number == "REAL" else number
    code = tracked["code"] if code == "REAL" else code
    with rolled_back():
        r = client(n).post("/track/", {"tracking_no": number, "code": code})
        event(f"status {r.status_code}")
        if r.status_code == 302:
            assert r["Location"] == f"/track/{app.tracking_no}/"
        else:
            assert_rejected(r)


ACTIONS = st.sampled_from(["correct", "correct", "pay", "decline", "withdraw", "withdraw", "x", "%00", "..", "ÿ"])
ACTION_FIELDS = {"description": "沪规划资源许〔2024〕12号文件全文", "reason": "不需要了", "confirm": "on", "fee": "FEE"}


@st.composite
def action_fields(draw: Any) -> dict[str, Any]:
    """What the case page's forms send, with up to three fields dropped or junked (and odd extra ones)."""
    data: dict[str, Any] = dict(ACTION_FIELDS)
    for name in draw(st.sets(st.sampled_from([*ACTION_FIELDS, "attachments", "extra"]), max_size=3)):
        data[name] = DROP if draw(st.booleans()) else draw(VALUE)
    return {k: v for k, v in data.items() if v is not DROP}


@FUZZ
@given(which=st.sampled_from(["correct", "fee"]), action=ACTIONS, fields=action_fields(), uploads=UPLOADS)
@example(which="fee", action="pay", fields={"fee": "abc"}, uploads=[])
@example(which="fee", action="correct", fields={"description": "新的描述内容"}, uploads=[])
@example(which="correct", action="withdraw", fields={"reason": "x"}, uploads=[])
def test_track_actions(tracked: dict[str, Any], media: Path, which: str, action: str, fields: dict[str, Any],
                       uploads: list) -> None:
    app = tracked[which]
    c = tracked["client"]
    fields = {k: (str(tracked["fee_id"]) if v == "FEE" else v) for k, v in fields.items()}
    files = [("attachments", name, content, ctype) for name, content, ctype in uploads]
    with rolled_back():
        app.refresh_from_db()
        before_status, before_desc = app.status, app.description
        before, files_before = _counts(), stored_files(media)
        body, ctype = multipart(list(fields.items()), files)
        r = c.generic("POST", f"/track/{app.tracking_no}/{quote(action)}/", body, content_type=ctype)
        event(f"{which} {action} {r.status_code}")
        if r.status_code == 302:
            assert r["Location"] == f"/track/{app.tracking_no}/"
            page = c.get(r["Location"])
            assert_answer(page)
            app.refresh_from_db()
            shown = [_text(m) for m in MESSAGES.findall(page_of(page))]
            if app.status == before_status and app.description == before_desc:
                assert shown, "nothing changed and nothing said"  # a refusal is said
                assert all(CJK.search(m) for m in shown), shown
            return
        assert_rejected(r)
        app.refresh_from_db()
        assert (app.status, app.description) == (before_status, before_desc)
        assert _counts() == before and stored_files(media) == files_before


@FEW
@given(segment=st.one_of(st.text(min_size=1, max_size=20), st.sampled_from(ODD[1:])),
       kind=st.sampled_from(["case", "letter", "action", "forget"]), fmt=st.sampled_from(["docx", "pdf", "exe", ""]),
       method=st.sampled_from(["GET", "POST", "HEAD", "PUT"]))
@example(segment="a\x00b", kind="case", fmt="pdf", method="GET")
@example(segment="a\x00b", kind="action", fmt="pdf", method="POST")
def test_track_paths(tracked: dict[str, Any], segment: str, kind: str, fmt: str, method: str) -> None:
    seg = quote(segment, safe="")
    path = {"case": f"/track/{seg}/", "letter": f"/track/{tracked['correct'].tracking_no}/letters/{seg}.{fmt}",
            "action": f"/track/{seg}/withdraw/", "forget": "/track/forget/"}[kind]
    with rolled_back():
        r = tracked["client"].generic(method, path)
        if method != "HEAD":
            assert_answer(r)
        assert r.status_code < 500


# --------------------------------------------------------------------------- the public column: GET pages


@pytest.fixture
def column(cast: Any, monkeypatch: Any) -> Any:
    """The demo catalogue (items, search index) and reports (a published 2019 report). Sitemap pages of 100
    items: the pagination parameter has pages to reach, and a page takes milliseconds instead of a second."""
    from gongkai.agencies.demo import DemoContext, load
    from gongkai.catalogue import demo as catalogue_demo
    from gongkai.portal.views_catalogue import CatalogueSitemap
    from gongkai.reports import demo as reports_demo

    monkeypatch.setattr(CatalogueSitemap, "limit", 100)
    ctx = DemoContext()
    load(ctx)
    catalogue_demo.load(ctx)
    reports_demo.load(ctx)
    return cast


PARAMS = st.dictionaries(
    st.sampled_from(["q", "agency", "item", "kind", "year", "validity", "page", "p", "format", "next", "x"]),
    st.one_of(VALUE, st.sampled_from(["土地", "规划 批复", '"控制性详细规划"', "2019", "bsghzy", "a20_1", "plan"])),
    max_size=5,
)
PAGES = ["/", "/search/", "/items/", "/agency/{slug}/", "/agency/{slug}/items/", "/agency/{slug}/guide/",
         "/agency/{slug}/system/", "/agency/{slug}/feed/", "/reports/", "/agency/{slug}/reports/",
         "/agency/{slug}/reports/2019/", "/sitemap.xml", "/sitemap-items.xml", "/sitemap-columns.xml",
         "/apply/", "/track/", "/office/login/", "/agency/{slug}/apply/"]


def _page_url(slug: str) -> Any:
    return st.builds(lambda path, params: path.format(slug=slug) + "?" + urlencode(params, doseq=True),
                     st.sampled_from(PAGES), PARAMS)


PATH_URLS = st.builds(
    lambda slug, number, fmt, kind: {
        "report": f"/agency/{slug}/reports/{number}/", "download": f"/agency/{slug}/reports/{number}.{fmt}",
        "item": f"/agency/{slug}/items/{number}/", "attachment": f"/agency/{slug}/items/1/attachments/{number}/",
        "column": f"/agency/{slug}/", "sitemap": f"/sitemap-{slug}.xml?p={number}"}[kind],
    st.one_of(st.just("bsghzy"), st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True)),
    st.one_of(st.integers(-5, 10**30), st.sampled_from([2019, 2020, 0, 2**63, 2**63 - 1, 2**31])),
    st.sampled_from(["docx", "pdf", "xlsx", "json", "html", "exe", "PDF"]),
    st.sampled_from(["report", "download", "item", "attachment", "column", "sitemap"]),
)


@settings(FUZZ, max_examples=int(100 * SCALE))
@given(url=st.one_of(_page_url("bsghzy"), PATH_URLS))
@example(url="/search/?q=a%00b")
@example(url="/search/?q=%E8%A7%84%E5%88%92&agency=" + "9" * 30 + "&page=" + "-9" * 20)
@example(url="/agency/bsghzy/reports/" + "9" * 30 + ".pdf")
def test_public_pages(column: Any, url: str) -> None:
    """Every GET page of the column, with odd query parameters and odd numbers in the path."""
    r = client().get(url)
    assert_answer(r)
    assert r.status_code in (200, 404)


# --------------------------------------------------------------------------- the staff login pages (public)


@FUZZ
@given(username=st.one_of(st.just("clerk"), VALUE), password=st.one_of(st.just("wrong-password"), VALUE),
       nxt=st.one_of(st.just("/office/"), VALUE), path=st.sampled_from(["/office/login/", "/admin/login/"]))
def test_login_form(cast: Any, username: Any, password: Any, nxt: Any, path: str) -> None:
    with rolled_back():
        r = client().post(path, {"username": username, "password": password, "next": nxt})
        assert_rejected(r)


# --------------------------------------------------------------------------- the auditor's upload


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        # zipfile warns of duplicate names and cuts a name at NUL (an empty name breaks writestr)
        for name, data in {name.split("\x00")[0] or "x": data for name, data in entries}.items():
            z.writestr(name, data)
    return buf.getvalue()


REPORT_TEXT = (Path(__file__).resolve().parent.parent / "data" / "seed-2019.txt").read_bytes()
AUDIT_CONTENTS = st.one_of(
    CONTENTS,
    st.tuples(st.integers(0, len(REPORT_TEXT)), st.integers(0, 2000)).map(lambda t: REPORT_TEXT[t[0]:t[0] + t[1]]),
    st.lists(st.tuples(st.text(max_size=20), CONTENTS), max_size=4).map(_zip),
    st.lists(st.tuples(st.text(max_size=20), CONTENTS), max_size=3).map(_zip).map(
        lambda z: z[: len(z) // 2] + b"\xff" * 7 + z[len(z) // 2 + 7:]),
)
AUDIT_NAMES = st.one_of(FILENAMES, st.tuples(st.text(max_size=20), st.sampled_from(
    ["txt", "html", "htm", "shtml", "md", "markdown", "docx", "pdf", "zip", "ZIP"])).map(lambda t: f"{t[0]}.{t[1]}"))


@FEW
@given(uploads=st.lists(st.tuples(AUDIT_NAMES, AUDIT_CONTENTS, CTYPES), max_size=4),
       title=st.one_of(st.just(""), VALUE))
@example(uploads=[("年" * 300 + ".txt", "报告\x00".encode() * 50, "text/plain")], title="")
@example(uploads=[("a.zip", _zip([("报告\x01.txt", b"x" * 50)]), "application/zip")], title="")
def test_auditor_upload(cast: Any, settings: Any, uploads: list, title: Any) -> None:
    from gongkai.auditor.models import AuditBatch, AuditedReport

    settings.GONGKAI_UPLOAD_MAX_BYTES = 3000
    c = client()
    c.force_login(cast.clerk)
    files = [("files", name, content, ctype) for name, content, ctype in uploads]
    with rolled_back():
        before = AuditBatch.objects.count(), AuditedReport.objects.count()
        body, ctype = multipart([("title", title)], files)
        r = c.generic("POST", "/office/audit/", body, content_type=ctype)
        event(f"status {r.status_code}")
        if r.status_code == 302:
            assert AuditBatch.objects.count() == before[0] + 1
            assert_answer(c.get(r["Location"]))
            batch = AuditBatch.objects.order_by("-pk").first()
            for rep in batch.reports.all():
                assert_answer(c.get(f"/office/audit/{batch.pk}/{rep.pk}/"))
                if rep.error:
                    assert CJK.search(rep.error), rep.error
            assert_answer(c.get(f"/office/audit/{batch.pk}/export.xlsx"))
            return
        assert_rejected(r)
        assert (AuditBatch.objects.count(), AuditedReport.objects.count()) == before

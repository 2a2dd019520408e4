"""Fuzzing every staff form (issue 7): each state-changing office endpoint of the access matrix is POSTed with
its valid body (or the fields of the form that posts to it) where up to four fields are dropped, replaced by
junk (unicode, control characters, NUL, long strings, odd dates and numbers) or sent twice, by a member of
planning's staff who may use it.

For every input: never a 5xx (the test client re-raises a view's exception); a 4xx page says in Chinese what
went wrong; a refusal (4xx, or the form again with its errors, each in Chinese) changes no row of any table.
The endpoints, their URLs and who may use them come from ``test_access_matrix.TABLE``, so a new staff form is
fuzzed as soon as it has its matrix entry. Each example runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import html as htmllib
import re
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quality import test_access_matrix as matrix
from tests.quality.test_access_matrix import (
    LOGIN,
    MOVED,
    NA,
    NF,
    OK,
    POSTED,
    READ_LOGS,
    TABLE,
    _client,
    _rows,
)
from tests.quality.test_fuzz_forms import (
    CJK,
    FEW,
    SCALE,
    VALUE,
    assert_answer,
    form_errors,
    page_of,
    rolled_back,
)

pytestmark = pytest.mark.django_db
world = matrix.world  # the matrix's records and signed-in sessions (a module-scoped fixture)

STAFF = sorted(n for n in POSTED if n.startswith("office:") and n != "office:logout")
ROLES = ("admin", "clerk", "reviewer", "head", "supervisor_in_planning")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r'\baction="([^"]*)"')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*?\bname="([^"]+)"')
SKIP = {"csrfmiddlewaretoken"}
# Forms that the world's records do not show (a decided appeal's correction, a review due, a published
# report's reopening, a lawsuit after a review): their fields, from the views.
UNSHOWN = {
    "office:appeals:correct": {"result", "decided_on", "note", "reason"},
    "office:appeals:link_review": {"prior_review"},
    "office:catalogue:keep": {"note"},
    "office:report_reopen": {"reason"},
}


@pytest.fixture(scope="module")
def forms(world: Any) -> dict[str, set[str]]:
    """The field names of every form on every staff page planning's admin can open, by the path it posts to."""
    out: dict[str, set[str]] = defaultdict(set)
    pages = [reverse(name, kwargs=case.kwargs(world)) + (f"?{case.query(world)}" if case.query else "")
             for name, cases in TABLE.items() if name.startswith("office:")
             for case in cases if case.get is not None and case.get.get("admin") == OK]
    # every catalogue item's page: each state shows its own forms (publish, validity, keep, convert)
    pages += [reverse("office:catalogue:detail", kwargs={"pk": i.pk}) for i in world.items.values()]
    for page in pages:
        path = urlsplit(page).path
        r = _client(world, "admin").get(page)
        if r.status_code != 200 or r.streaming or not r["Content-Type"].startswith("text/html"):
            continue
        for attrs, inner in FORM.findall(page_of(r)):
            m = ACTION.search(attrs)
            target = urlsplit(htmllib.unescape(m.group(1))).path if m and m.group(1) else path
            out[target] |= set(FIELD.findall(inner)) - SKIP
    return out


def target(w: Any, name: str) -> tuple[str, str, dict[str, Any]]:
    """(url, role, base body): the case with a valid body if there is one, as a role it succeeds for; else
    the first POST case as a planning role that reaches the handler."""
    cases = [c for c in TABLE[name] if c.post is not None]
    case = next((c for c in cases if c.body), cases[0])
    assert case.post is not None
    wanted = (MOVED,) if case.body else (MOVED, OK, "400")
    role = next((r for r in ROLES if case.post[r] in wanted), None) or next(
        r for r in ROLES if case.post[r] not in (NF, LOGIN, NA))
    return reverse(name, kwargs=case.kwargs(w)), role, (case.body(w) if case.body else {})


@pytest.mark.parametrize("name", STAFF)
@settings(FEW, max_examples=int(12 * SCALE))
@given(data=st.data())
def test_staff_form(world: Any, forms: dict[str, set[str]], name: str, data: Any) -> None:
    url, role, body = target(world, name)
    fields = sorted(set(body) | forms.get(url, set()) | UNSHOWN.get(name, set()) | {"extra"})
    sent = dict(body)
    for f in data.draw(st.sets(st.sampled_from(fields), min_size=1, max_size=4), label="fields"):
        if data.draw(st.booleans(), label=f"drop {f}") and f in sent:
            del sent[f]
        else:
            sent[f] = data.draw(VALUE, label=f)
    client = _client(world, role)
    with rolled_back():
        before = _rows()
        r = client.post(url, sent)
        page = assert_answer(r)
        errors = form_errors(page) if r.status_code == 200 else []
        for e in errors:
            assert CJK.search(e), f"error not in Chinese: {e!r}"
        if r.status_code >= 400 or errors:
            after = _rows()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k] and k not in READ_LOGS}
            assert not changed, f"{name} refused ({r.status_code}), yet rows changed {changed}"


def test_every_staff_form_is_fuzzed(world: Any, forms: dict[str, set[str]]) -> None:
    """Each endpoint is reached by a role that may use it, with fields to vary."""
    assert len(STAFF) >= 30
    bare = []
    for name in STAFF:
        url, role, body = target(world, name)
        assert role in ROLES
        if not body and url not in forms and name not in UNSHOWN:
            bare.append(f"{name} ({url})")
    assert not bare, f"no fields found for: {bare}"

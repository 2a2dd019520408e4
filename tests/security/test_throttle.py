"""Rate limits of every public form (per address, per hour, one setting per scope): over the limit the form comes
back with 429, what was typed kept and a Chinese message; nothing is changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import get_resolver
from django.utils import timezone

from gongkai.applications import actions, throttle
from gongkai.applications.models import Application, FeeStatus, Status
from tests.applications.conftest import DETAILS

pytestmark = pytest.mark.django_db


def _register(cast: Any, name: str) -> tuple[Application, str]:
    now = timezone.now()
    return actions.register(agency=cast.planning, details={**DETAILS, "applicant_name": name}, channel="in_person",
                            submitted_on=timezone.localdate(), actor=cast.clerk, now=now)


def _follow(client: Client, *cases: tuple[Application, str]) -> None:
    for app, code in cases:
        assert client.post("/track/", {"tracking_no": app.tracking_no, "code": code}).status_code == 302


@override_settings(GONGKAI_APPLY_PER_HOUR=1)
def test_apply_over_the_limit_keeps_what_was_typed(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.1")
    assert c.post(f"/agency/{cast.planning.slug}/apply/", DETAILS).status_code == 200
    data = {**DETAILS, "description": "第二份申请：2023年宝山区土地出让合同全文"}
    r = c.post(f"/agency/{cast.planning.slug}/apply/", data)
    html = r.content.decode()
    assert r.status_code == 429 and "提交过于频繁" in html and "附件需重新选择" in html
    assert "第二份申请：2023年宝山区土地出让合同全文" in html and DETAILS["phone"] in html
    assert Application.objects.count() == 1
    assert Client(REMOTE_ADDR="203.0.113.2").post("/apply/", {**data, "agency": cast.planning.pk}).status_code == 200


@override_settings(GONGKAI_TRACK_PER_HOUR=2)
def test_track_over_the_limit_keeps_the_number(cast: Any) -> None:
    app, code = _register(cast, "张三")
    c = Client(REMOTE_ADDR="203.0.113.3")
    for _ in range(2):
        assert c.post("/track/", {"tracking_no": app.tracking_no, "code": "WRONG"}).status_code == 400
    r = c.post("/track/", {"tracking_no": app.tracking_no, "code": code})  # even the right code waits now
    assert r.status_code == 429 and "查询失败次数过多" in r.content.decode() and app.tracking_no in r.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.4").post("/track/", {"tracking_no": app.tracking_no,
                                                              "code": code}).status_code == 302


@override_settings(GONGKAI_CORRECT_PER_HOUR=1)
def test_corrections_limited(cast: Any) -> None:
    now = timezone.now()
    a, b = _register(cast, "甲"), _register(cast, "乙")
    for app, _ in (a, b):
        actions.request_correction(application=app, items="请写明文号", actor=cast.clerk, now=now)
    c = Client(REMOTE_ADDR="203.0.113.5")
    _follow(c, a, b)
    assert c.post(f"/track/{a[0].tracking_no}/correct/", {"description": "沪规划资源许〔2024〕12号"}).status_code == 302
    r = c.post(f"/track/{b[0].tracking_no}/correct/", {"description": "沪规划资源许〔2024〕13号文件全文"})
    html = r.content.decode()
    assert r.status_code == 429 and "提交补正过于频繁" in html and "沪规划资源许〔2024〕13号文件全文" in html
    b[0].refresh_from_db()
    assert b[0].status == Status.CORRECTION_REQUESTED and not b[0].corrected_received_on


@override_settings(GONGKAI_FEE_PER_HOUR=1)
def test_fee_declarations_limited(cast: Any) -> None:
    now = timezone.now()
    a, b = _register(cast, "甲"), _register(cast, "乙")
    fees = [actions.issue_fee_notice(application=app, actor=cast.clerk, now=now, method="per_page", pages=500)
            for app, _ in (a, b)]
    c = Client(REMOTE_ADDR="203.0.113.6")
    _follow(c, a, b)
    assert c.post(f"/track/{a[0].tracking_no}/pay/", {"fee": fees[0].pk}).status_code == 302
    r = c.post(f"/track/{b[0].tracking_no}/decline/", {"fee": fees[1].pk})
    assert r.status_code == 429 and "操作过于频繁" in r.content.decode() and "缴费状态未改变" in r.content.decode()
    fees[1].refresh_from_db()
    assert fees[1].status == FeeStatus.PENDING


@override_settings(GONGKAI_WITHDRAW_PER_HOUR=1)
def test_withdrawals_limited(cast: Any) -> None:
    a, b = _register(cast, "甲"), _register(cast, "乙")
    c = Client(REMOTE_ADDR="203.0.113.7")
    _follow(c, a, b)
    ok = c.post(f"/track/{a[0].tracking_no}/withdraw/", {"reason": "已从其他渠道获得", "confirm": "on"})
    assert ok.status_code == 302
    r = c.post(f"/track/{b[0].tracking_no}/withdraw/", {"reason": "理由写了很长一段，不能丢", "confirm": "on"})
    html = r.content.decode()
    assert r.status_code == 429 and "撤回理由已保留" in html and "理由写了很长一段，不能丢" in html
    b[0].refresh_from_db()
    assert b[0].status != Status.WITHDRAWN
    other = Client(REMOTE_ADDR="203.0.113.8")
    _follow(other, b)
    assert other.post(f"/track/{b[0].tracking_no}/withdraw/", {"reason": "x", "confirm": "on"}).status_code == 302


def test_limits_are_settings_per_scope() -> None:
    with override_settings(GONGKAI_CORRECT_PER_HOUR=7):
        assert throttle.limit_for("correct") == 7
    assert {s: throttle.limit_for(s) for s in throttle.LIMITS} == throttle.LIMITS  # settings.py's defaults
    assert set(throttle.MESSAGES) == set(throttle.LIMITS)


# Every public URL that takes a form, with its scope; the others only read. A new public URL must be added here
# (with a scope in gongkai/applications/throttle.py if it takes a form), so no public form goes unlimited.
PUBLIC_FORMS = {
    "portal:apply": "apply",
    "portal:agency_apply": "apply",
    "portal:record_request": "apply",
    "portal:track": "track",
    "portal:track_action": "correct, fee, withdraw",
    "portal:track_forget": "not limited: clears the visitor's own session, writes nothing",
}
READ_ONLY = {
    "portal:home", "portal:search", "portal:items", "portal:sitemap", "portal:sitemap_section", "portal:column",
    "portal:guide", "portal:system", "portal:agency_items", "portal:item", "portal:attachment", "portal:feed",
    "portal:reports", "portal:agency_reports", "portal:agency_report", "portal:agency_report_download",
    "portal:track_case", "portal:track_letter", "portal:track_released",
}


def _names(resolver: Any, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in resolver.url_patterns:
        if hasattr(p, "url_patterns"):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out |= _names(p, ns)
        elif p.name:
            out.add(prefix + p.name)
    return out


def test_every_public_url_is_known_to_read_or_to_be_limited() -> None:
    portal = {n for n in _names(get_resolver()) if n.startswith("portal:")}
    unknown = portal - set(PUBLIC_FORMS) - READ_ONLY
    assert not unknown, f"新的公开地址需要确认是否接收表单并限流（tests/security/test_throttle.py）：{sorted(unknown)}"

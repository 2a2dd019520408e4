"""Supervision pages: the supervisor's dashboard and notices; the department's side; outsiders get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.supervision.models import Notice, RectificationItem


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_dashboard_lists_departments_with_figures(cast, notice) -> None:
    r = client_for(cast.supervisor).get("/office/supervision/")
    assert r.status_code == 200
    rows = {row.agency.pk: row for row in r.context["rows"]}
    assert set(rows) == {cast.planning.pk, cast.transport.pk} | {a.pk for a in cast.district.descendants()}
    assert rows[cast.planning.pk].open_notices == 1 and rows[cast.transport.pk].open_notices == 0
    html = r.content.decode()
    assert "宝山区规划和自然资源局" in html and notice.title in html


def test_dashboard_counts_overdue_applications_and_late_publications(cast) -> None:
    pytest.importorskip("gongkai.applications.actions")
    from gongkai.agencies.calendar import get_calendar
    from gongkai.applications import actions as app_actions
    from gongkai.catalogue import actions as cat_actions

    now = timezone.now()
    today = timezone.localdate()
    details = {"applicant_type": "natural_person", "applicant_name": "赵某", "description": "某地块规划许可证"}
    late_app, _ = app_actions.register(agency=cast.planning, details=details, channel="in_person",
                                       submitted_on=today - dt.timedelta(days=60), actor=cast.clerk, now=now)
    app_actions.register(agency=cast.planning, details={**details, "description": "另一事项，近日提交"},
                         channel="in_person", submitted_on=today, actor=cast.clerk, now=now)
    item = cat_actions.create_draft(agency=cast.planning, actor=cast.clerk, now=now, title="某规划公示", kind="plan",
                                    formed_on=today - dt.timedelta(days=60))
    cat_actions.propose_attribute(item=item, actor=cast.clerk, now=now, attribute="proactive", secrecy_reviewed=True)
    cat_actions.review_attribute(item=item, actor=cast.reviewer, now=now, approve=True)
    cat_actions.sign_off(item=item, actor=cast.head, now=now)
    cat_actions.publish(item=item, actor=cast.clerk, now=now, calendar=get_calendar())

    c = client_for(cast.supervisor)
    rows = {row.agency.pk: row for row in c.get("/office/supervision/").context["rows"]}
    assert rows[cast.planning.pk].overdue_applications == 1
    assert rows[cast.planning.pk].late_publications == 1
    assert rows[cast.transport.pk].overdue_applications == 0
    page = c.get(f"/office/supervision/agency/{cast.planning.pk}/").content.decode()
    assert late_app.tracking_no in page and "某规划公示" in page
    assert "赵某" not in page  # the supervisor sees no applicant's personal data
    assert f"/office/appeals/?agency={cast.planning.pk}" in page
    # The notice form drafts items from these findings.
    r = c.get(f"/office/supervision/agency/{cast.planning.pk}/notices/new/")
    texts = [f.initial.get("text", "") for f in r.context["items"].forms]
    assert any("逾期未答复1件" in t for t in texts) and any("第二十六条" in t for t in texts)
    due = (today + dt.timedelta(days=30)).isoformat()
    assert f'type="date" name="items-0-due_on" value="{due}"' in r.content.decode()  # ISO for <input type=date>


def _items_post(rows: list[tuple[str, str]], **extra: str) -> dict[str, str]:
    data = {"items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
            "items-MAX_NUM_FORMS": "20"}
    for i, (text, due) in enumerate(rows):
        data[f"items-{i}-text"] = text
        data[f"items-{i}-due_on"] = due
    data.update(extra)
    return data


def test_issue_notice_through_the_form(cast) -> None:
    c = client_for(cast.supervisor)
    url = f"/office/supervision/agency/{cast.planning.pk}/notices/new/"
    assert c.get(url).status_code == 200
    due = (timezone.localdate() + dt.timedelta(days=15)).isoformat()
    r = c.post(url, _items_post([("补充公开规划许可信息", "2026-02-30"), ("", "")], title="关于整改的通报"))
    assert r.status_code == 400 and "日期格式应为" in r.content.decode()
    assert "补充公开规划许可信息" in r.content.decode()  # input kept
    r = c.post(url, _items_post([("补充公开规划许可信息", "")], title="关于整改的通报"))
    assert r.status_code == 400 and "请填写整改期限。" in r.content.decode()
    r = c.post(url, _items_post([("", "")], title="关于整改的通报"))
    assert r.status_code == 400 and "请至少列出一项整改事项。" in r.content.decode()
    r = c.post(url, _items_post([("补充公开规划许可信息", due)], title=""))
    assert r.status_code == 400 and "请填写通报标题。" in r.content.decode()
    assert not Notice.objects.exists()
    r = c.post(url, _items_post([("补充公开规划许可信息", due), ("", ""), ("完善公开指南", due)],
                                title="关于整改的通报", number="宝公开通〔2026〕5号"))
    notice = Notice.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/office/supervision/notices/{notice.pk}/"
    assert [i.text for i in notice.items.all()] == ["补充公开规划许可信息", "完善公开指南"]
    assert notice.department == cast.planning and notice.issued_by == cast.supervisor


def test_department_responds_supervisor_verifies_until_closed(cast, notice) -> None:
    first, second = notice.items.all()
    staff = client_for(cast.clerk)
    # The department sees the notice on its dashboard and in its list.
    assert notice.title in staff.get("/office/").content.decode()
    assert notice.title in staff.get("/office/supervision/notices/").content.decode()
    page = staff.get(f"/office/supervision/notices/{notice.pk}/").content.decode()
    assert "反馈整改情况" in page and "提交核验" not in page
    r = staff.post(f"/office/supervision/items/{first.pk}/respond/", {f"i{first.pk}-response": " "})
    assert r.status_code == 400 and "请填写整改情况。" in r.content.decode()
    r = staff.post(f"/office/supervision/items/{first.pk}/respond/", {f"i{first.pk}-response": "已补发答复"})
    assert r.status_code == 302
    # Staff cannot verify their own response.
    assert staff.post(f"/office/supervision/items/{first.pk}/verify/", {f"i{first.pk}-decision": "accept"}).status_code == 404
    sup = client_for(cast.supervisor)
    page = sup.get(f"/office/supervision/notices/{notice.pk}/").content.decode()
    assert "提交核验" in page and "已补发答复" in page
    r = sup.post(f"/office/supervision/items/{first.pk}/verify/", {f"i{first.pk}-decision": "reopen"})
    assert r.status_code == 400 and "退回重新整改时请写明核验意见。" in r.content.decode()
    r = sup.post(f"/office/supervision/items/{first.pk}/verify/",
                 {f"i{first.pk}-decision": "reopen", f"i{first.pk}-comment": "请说明原因"})
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.status == "open" and first.review_comment == "请说明原因"
    # The supervisor cannot respond for the department.
    assert sup.post(f"/office/supervision/items/{first.pk}/respond/", {f"i{first.pk}-response": "x"}).status_code == 404
    for item in (first, second):
        assert staff.post(f"/office/supervision/items/{item.pk}/respond/", {f"i{item.pk}-response": "已整改"}).status_code == 302
        assert sup.post(f"/office/supervision/items/{item.pk}/verify/", {f"i{item.pk}-decision": "accept"}).status_code == 302
    notice.refresh_from_db()
    assert notice.status == "closed"
    assert "已办结" in staff.get(f"/office/supervision/notices/{notice.pk}/").content.decode()
    assert notice.title not in staff.get("/office/").content.decode()  # no longer on the panel


def test_outsider_and_other_staff_get_404(cast, notice) -> None:
    item = notice.items.first()
    urls_get = ["/office/supervision/", f"/office/supervision/agency/{cast.planning.pk}/",
                f"/office/supervision/agency/{cast.planning.pk}/notices/new/", f"/office/supervision/notices/{notice.pk}/"]
    urls_post = [(f"/office/supervision/items/{item.pk}/respond/", {f"i{item.pk}-response": "x"}),
                 (f"/office/supervision/items/{item.pk}/verify/", {f"i{item.pk}-decision": "accept"}),
                 (f"/office/supervision/agency/{cast.planning.pk}/notices/new/", _items_post([("x", "2030-01-01")], title="t"))]
    for user in (cast.outsider,):
        c = client_for(user)
        for url in urls_get:
            assert c.get(url).status_code == 404, url
        for url, data in urls_post:
            assert c.post(url, data).status_code == 404, url
        page = c.get("/office/supervision/notices/").content.decode()
        assert notice.title not in page
    # The department's own staff may not use the supervisor's pages either.
    c = client_for(cast.head)
    for url in urls_get[:3]:
        assert c.get(url).status_code == 404, url
    item.refresh_from_db()
    assert item.status == "open" and Notice.objects.count() == 1
    assert RectificationItem.objects.filter(status="open").count() == 2
    assert Client().get("/office/supervision/").status_code == 302  # to the login page


def test_a_department_sees_only_its_own_notices(cast, notice, now) -> None:
    from gongkai.supervision.actions import issue_notice

    other = issue_notice(government=cast.district, department=cast.transport, title="关于交通委的通报",
                         items=[("整改", timezone.localdate())], actor=cast.supervisor, now=timezone.now())
    clerk_page = client_for(cast.clerk).get("/office/supervision/notices/").content.decode()
    assert notice.title in clerk_page and other.title not in clerk_page
    outsider = client_for(cast.outsider)
    assert other.title in outsider.get("/office/supervision/notices/").content.decode()
    assert outsider.get(f"/office/supervision/notices/{other.pk}/").status_code == 200
    sup_page = client_for(cast.supervisor).get("/office/supervision/notices/").content.decode()
    assert notice.title in sup_page and other.title in sup_page


def test_supervisor_panel_on_dashboard(cast, notice) -> None:
    page = client_for(cast.supervisor).get("/office/").content.decode()
    assert "政务公开监督" in page and "整改中通报" in page


def test_dashboard_shows_report_status_and_findings(cast) -> None:
    pytest.importorskip("gongkai.reports.actions")
    from gongkai.law.editions import edition_for_year
    from gongkai.law.report import Report
    from gongkai.reports import actions as report_actions

    year = timezone.localdate().year - 1
    bad = Report.empty(edition_for_year(year), cast.planning.name, year, fill=0)
    bad.t4["rv_keep"] = 3  # 行政复议 总计 left at 0: the group total no longer holds
    report_actions.import_report(agency=cast.planning, year=year, data=bad.to_dict(), actor=cast.head,
                                 now=timezone.now())
    c = client_for(cast.supervisor)
    rows = {row.agency.pk: row for row in c.get(f"/office/supervision/?year={year}").context["rows"]}
    assert rows[cast.planning.pk].reports_ready
    state = rows[cast.planning.pk].report
    assert state.status == "draft" and state.errors >= 1
    assert any("T4" in f.rule for f in state.findings)
    assert rows[cast.transport.pk].report is None  # no report yet: 未编制
    page = c.get(f"/office/supervision/agency/{cast.planning.pk}/?year={year}").content.decode()
    assert "编制中" in page and "行政复议" in page
    html = c.get(f"/office/supervision/?year={year}").content.decode()
    assert "未编制" in html
    r = c.get(f"/office/supervision/agency/{cast.planning.pk}/notices/new/")
    assert any("年度报告存在" in (f.initial.get("text") or "") for f in r.context["items"].forms)


def test_overdue_items_are_those_still_waiting_for_the_department(cast) -> None:
    from gongkai.supervision import actions

    today = timezone.localdate()
    month_ago = timezone.now() - dt.timedelta(days=30)
    notice = actions.issue_notice(
        government=cast.district, department=cast.planning, title="逾期测试",
        items=[("甲", today - dt.timedelta(days=1)), ("乙", today - dt.timedelta(days=2)), ("丙", today)],
        actor=cast.supervisor, now=month_ago,
    )
    first = notice.items.get(seq=1)
    actions.respond_item(item=first, response="已整改", actor=cast.clerk, now=timezone.now())
    rows = {r.agency.pk: r for r in client_for(cast.supervisor).get("/office/supervision/").context["rows"]}
    assert rows[cast.planning.pk].overdue_items == 1  # 乙; 甲 awaits verification, 丙 is due today
    panel = client_for(cast.clerk).get("/office/").content.decode()
    assert "逾期 1 项" in panel
    detail = client_for(cast.clerk).get(f"/office/supervision/notices/{notice.pk}/")
    assert [row["overdue"] for row in detail.context["items"]] == [False, True, False]


def test_suggested_due_dates_render_iso(cast) -> None:
    from gongkai.supervision import actions

    c = client_for(cast.supervisor)
    notice = actions.issue_notice(government=cast.district, department=cast.planning, title="t",
                                  items=[("甲", timezone.localdate() + dt.timedelta(days=9))], actor=cast.supervisor,
                                  now=timezone.now())
    item = notice.items.get()
    actions.respond_item(item=item, response="x", actor=cast.clerk, now=timezone.now())
    page = c.get(f"/office/supervision/notices/{notice.pk}/").content.decode()
    assert f'name="i{item.pk}-new_due_on"' in page
    # Reopening with a new due date typed in ISO works.
    new_due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    r = c.post(f"/office/supervision/items/{item.pk}/verify/", {f"i{item.pk}-decision": "reopen",
                                                                 f"i{item.pk}-comment": "未完成", f"i{item.pk}-new_due_on": new_due})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.due_on.isoformat() == new_due

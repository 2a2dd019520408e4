"""Office pages of the report workspace: access (outsider 404 on every page), forms, publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.reports import actions, readback
from gongkai.reports.models import AnnualReport, ReportStatus, WorkLogEntry

from .conftest import load_seed, now_at


@pytest.fixture
def draft(cast):  # noqa: ANN001, ANN201
    """planning 2019 as a draft imported from the seed JSON."""
    return actions.import_report(agency=cast.planning, year=2019, data=load_seed().to_dict(), actor=cast.clerk,
                                 now=now_at(2020, 1, 10))


def client_for(user) -> Client:  # noqa: ANN001
    c = Client()
    c.force_login(user)
    return c


def staff_urls(cast, year=2019):  # noqa: ANN001, ANN201
    p = cast.planning.pk
    base = f"/office/reports/{p}/{year}/"
    gets = [base, base + "compare/", base + "download.docx", base + "download.json",
            f"/office/reports/?agency={p}", f"/office/reports/worklog/?agency={p}",
            f"/office/reports/{cast.district.pk}/{year}/rollup/"]
    posts = [base + "compose/", base + "check/", base + "manual/", base + "narrative/s5/", base + "front/",
             base + "submit/", base + "reopen/", base + "publish/"]
    return gets, posts


def test_outsider_gets_404_on_every_staff_view(cast, draft) -> None:  # noqa: ANN001
    entry = actions.add_work_log(agency=cast.planning, day=dt.date(2019, 5, 1), kind="hotline", count=3,
                                 actor=cast.clerk, now=now_at(2019, 5, 1))
    c = client_for(cast.outsider)
    gets, posts = staff_urls(cast)
    for url in gets:
        assert c.get(url).status_code == 404, url
    for url in posts + [f"/office/reports/worklog/{entry.pk}/delete/"]:
        assert c.post(url, {"text": "x", "override_reason": "x", "acknowledge_warnings": "on"}).status_code == 404, url
    assert c.post(f"/office/reports/worklog/?agency={cast.planning.pk}",
                  {"day": "2019-05-02", "kind": "hotline", "count": "1"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and WorkLogEntry.objects.count() == 1
    # anonymous: sent to the login page
    anon = Client()
    for url in gets:
        r = anon.get(url)
        assert r.status_code == 302 and "/office/login/" in r["Location"], url


def test_supervisor_sees_but_cannot_act(cast, draft) -> None:  # noqa: ANN001
    c = client_for(cast.supervisor)
    gets, posts = staff_urls(cast)
    for url in gets:
        assert c.get(url).status_code == 200, url
    for url in posts:
        assert c.post(url, {"text": "x"}).status_code == 404, url


def test_workspace_shows_the_report_and_findings(cast, draft) -> None:  # noqa: ANN001
    actions.run_check(report=draft, actor=cast.clerk, now=now_at(2020, 1, 11))
    r = client_for(cast.clerk).get(f"/office/reports/{cast.planning.pk}/2019/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-ref="t3.r3_7_total.total">347<' in html and "TEXT_MATCHES_TABLES" in html
    assert '<span class="narrative-bad"' in html  # the seed's wrong sentences
    assert 'id="publish-form"' not in html  # a clerk does not publish
    assert 'id="compose"' in html


def test_publish_form_blocked_then_published(cast, draft) -> None:  # noqa: ANN001
    c = client_for(cast.head)
    url = f"/office/reports/{cast.planning.pk}/2019/publish/"
    # break table 三: an error
    data = load_seed()
    data.set_t3("r3_4_2", "np", 4)
    actions.import_report(agency=cast.planning, year=2019, data=data.to_dict(), actor=cast.clerk,
                          now=now_at(2020, 1, 12))
    r = c.post(url, {"acknowledge_warnings": "on"})
    html = r.content.decode()
    assert r.status_code == 400 and 'id="publish-blocked"' in html and "不能发布" in html
    assert 'class="num bad" data-ref="t3.r3_4_2.np"' in html
    assert AnnualReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT
    # the table fixed; published today, years after the Art. 49 deadline: an error again
    actions.import_report(agency=cast.planning, year=2019, data=load_seed().to_dict(), actor=cast.clerk,
                          now=now_at(2020, 1, 13))
    r = c.post(url, {"acknowledge_warnings": "on"})
    assert r.status_code == 400 and "第四十九条" in r.content.decode()
    # with a reason, but the warnings not acknowledged
    r = c.post(url, {"override_reason": "补录历史年报"})
    html = r.content.decode()
    assert r.status_code == 400 and "已核对全部提示" in html and "补录历史年报" in html
    r = c.post(url, {"override_reason": "补录历史年报", "acknowledge_warnings": "on"})
    assert r.status_code == 302
    obj = AnnualReport.objects.get(pk=draft.pk)
    assert obj.status == ReportStatus.PUBLISHED and obj.published_by == cast.head
    assert obj.override_reason == "补录历史年报" and obj.events.filter(kind="override").exists()
    assert Client().get("/agency/bsghzy/reports/2019/").status_code == 200


def test_clerk_cannot_publish(cast, draft) -> None:  # noqa: ANN001
    r = client_for(cast.clerk).post(f"/office/reports/{cast.planning.pk}/2019/publish/", {"acknowledge_warnings": "on"})
    assert r.status_code == 404
    assert AnnualReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_create_compose_and_edit_via_pages(cast) -> None:  # noqa: ANN001
    c = client_for(cast.clerk)
    r = c.post("/office/reports/", {"year": "2018"})
    assert r.status_code == 200 and "2019年度起适用" in r.content.decode() and 'value="2018"' in r.content.decode()
    r = c.post("/office/reports/", {"year": "2020"})
    assert r.status_code == 302
    obj = AnnualReport.objects.get(agency=cast.planning, year=2020)
    assert obj.events.filter(kind="composed").exists()
    base = f"/office/reports/{cast.planning.pk}/2020/"
    r = c.post(base + "narrative/s5/", {"text": "存在问题：{t3.r1_new.total}件申请中答复质量参差不齐，将加强培训。"})
    assert r.status_code == 302
    obj.refresh_from_db()
    assert obj.data["sections"]["s5"].startswith("存在问题：0件申请")
    html = c.get(base).content.decode()
    assert ">存在问题：{t3.r1_new.total}件申请中答复质量参差不齐，将加强培训。</textarea>" in html  # editable template
    assert '<span class="bound" title="t3.r1_new.total">0</span>' in html  # bound figure in the preview
    # a hand-entered figure: the form keeps what was typed and explains the error
    r = c.post(base + "manual/", {"ref": "t2.t2_a20_9.procurement.amount", "value": "12.5", "source": ""})
    html = r.content.decode()
    assert r.status_code == 400 and "请注明数字的来源" in html and 'value="12.5"' in html
    r = c.post(base + "manual/", {"ref": "t2.t2_a20_9.procurement.amount", "value": "1200000", "source": "财政局统计表"})
    assert r.status_code == 302
    obj.refresh_from_db()
    assert obj.to_report().cell("t2.t2_a20_9.procurement.amount") == 1200000
    r = c.post(base + "manual/", {"ref": "t3.r1_new.np", "value": "3", "source": "台账"})
    assert r.status_code == 400 and "只能填报系统记录未覆盖的单元格" in r.content.decode()
    # downloads of the draft read back
    back = readback.read_docx(c.get(base + "download.docx").content)
    assert back.cell("t2.t2_a20_9.procurement.amount") == 1200000
    assert c.get(base + "compare/").status_code == 200


def test_worklog_page(cast) -> None:  # noqa: ANN001
    c = client_for(cast.clerk)
    r = c.post("/office/reports/worklog/", {"day": "2019-13-01", "kind": "hotline", "count": "12", "note": "热线"})
    html = r.content.decode()
    assert r.status_code == 400 and "日期格式" in html and 'value="12"' in html
    r = c.post("/office/reports/worklog/", {"day": "2019-05-01", "kind": "hotline", "count": "12", "note": "热线"})
    assert r.status_code == 302
    r = c.get("/office/reports/worklog/?year=2019")
    assert "{work.hotline}" in r.content.decode() and ">12<" in r.content.decode()


def test_dashboard_panel(cast, draft) -> None:  # noqa: ANN001
    r = client_for(cast.clerk).get("/office/")
    assert r.status_code == 200 and "panel-reports" in r.content.decode()


def test_compare_with_last_year(cast, published_seed) -> None:  # noqa: ANN001
    nxt = load_seed()
    nxt.year = 2020
    nxt.t3["r2_carry_in"] = list(nxt.t3["r4_carry_out"])
    nxt.t3["r1_new"] = [371 - 4, 10, 1, 0, 1, 0, 383 - 4 - 14 + 14]
    actions.import_report(agency=cast.planning, year=2020, data=nxt.to_dict(), actor=cast.clerk,
                          now=now_at(2021, 1, 10))
    r = client_for(cast.clerk).get(f"/office/reports/{cast.planning.pk}/2020/compare/")
    html = r.content.decode()
    assert r.status_code == 200 and "chart-4.6.1.umd.min.js" in html and 'id="chart-data"' in html
    assert '<tr data-ref="t3.r2_carry_in.total"><td>表三“二、上年结转政府信息公开申请数量”行“总计”列</td><td>54</td><td>18</td><td>+36</td><td>200.0%</td></tr>' in html

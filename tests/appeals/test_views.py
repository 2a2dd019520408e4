"""Office pages of the register: list and filters, filing with errors beside fields, results, links,
the outsider (404 everywhere) and role checks (the supervisor may look but not act)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.appeals.models import AppealCase, AppealEvent

D = dt.date


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def cases(cast, make_case):
    review = make_case("rv", D(2026, 1, 5), "keep", D(2026, 3, 1))
    suit = make_case("la", D(2026, 3, 20))
    direct = make_case("ld", D(2025, 6, 1))
    return review, suit, direct


def test_list_with_filters_and_t4(cast, cases) -> None:
    review, suit, direct = cases
    c = client_for(cast.clerk)
    page = c.get("/office/appeals/").content.decode()
    assert all(x.case_number in page for x in cases)
    page = c.get("/office/appeals/?kind=la").content.decode()
    assert suit.case_number in page and review.case_number not in page
    page = c.get("/office/appeals/?status=concluded").content.decode()
    assert review.case_number in page and suit.case_number not in page
    page = c.get("/office/appeals/?year=2025").content.decode()
    assert direct.case_number in page and review.case_number not in page
    page = c.get("/office/appeals/?q=张三&year=abc&kind=zz").content.decode()  # junk filters ignored
    assert all(x.case_number in page for x in cases)
    # Table 四 of the filter year (2025: one direct suit pending).
    r = c.get("/office/appeals/?year=2025")
    assert r.context["t4_groups"][1][2] == [("keep", 0), ("corr", 0), ("other", 0), ("pending", 1), ("total", 1)]


def test_file_case_form(cast) -> None:
    c = client_for(cast.clerk)
    assert c.get("/office/appeals/new/").status_code == 200
    bad = {"kind": "rv", "case_number": "", "applicant_name": "李四", "filed_on": "2026-13-40", "organ": "某机关"}
    r = c.post("/office/appeals/new/", bad)
    assert r.status_code == 400
    html = r.content.decode()
    assert "请填写案号。" in html and "日期格式应为" in html
    assert 'value="李四"' in html and 'value="某机关"' in html  # input kept
    assert not AppealCase.objects.exists()
    good = {"kind": "ld", "case_number": "(2026)沪7101行初88号", "applicant_name": "李四", "filed_on": "2026-02-03"}
    r = c.post("/office/appeals/new/", good)
    case = AppealCase.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/office/appeals/{case.pk}/"
    assert case.organ == cast.planning.court and case.agency == cast.planning
    assert AppealEvent.objects.get(case=case).actor == cast.clerk
    # A refusal from the action shows beside its field, input kept.
    r = c.post("/office/appeals/new/", {**good, "applicant_name": "王五"})
    assert r.status_code == 400 and "已登记" in r.content.decode() and 'value="王五"' in r.content.decode()
    assert r.context["form"].errors["case_number"]


def test_record_result_and_links(cast, cases) -> None:
    review, suit, direct = cases
    c = client_for(cast.reviewer)
    page = c.get(f"/office/appeals/{suit.pk}/").content.decode()
    assert "登记结果" in page and "关联此前的行政复议" in page
    r = c.post(f"/office/appeals/{suit.pk}/result/", {"result": "keep", "decided_on": "2026-03-01"})
    assert r.status_code == 400 and "不能早于立案日期" in r.content.decode()
    r = c.post(f"/office/appeals/{suit.pk}/result/", {"result": "", "decided_on": "2026-04-01"})
    assert r.status_code == 400 and "请选择结果" in r.content.decode()
    r = c.post(f"/office/appeals/{suit.pk}/result/", {"result": "corr", "decided_on": "2026-04-01"})
    assert r.status_code == 302
    suit.refresh_from_db()
    assert (suit.result, suit.decided_on, suit.status) == ("corr", D(2026, 4, 1), "concluded")
    r = c.post(f"/office/appeals/{suit.pk}/link-review/", {"prior_review": review.pk})
    assert r.status_code == 302
    suit.refresh_from_db()
    assert suit.prior_review == review
    page = c.get(f"/office/appeals/{review.pk}/").content.decode()
    assert suit.case_number in page and "结果维持，2026-03-01审结" in page
    r = c.post(f"/office/appeals/{direct.pk}/link-review/", {"prior_review": review.pk})
    assert r.status_code == 400 and "复议后起诉" in r.content.decode()


def test_link_application_by_tracking_number(cast, cases, application) -> None:
    review, _, _ = cases
    own, other = application(), application(cast.transport, cast.outsider)
    c = client_for(cast.clerk)
    r = c.post(f"/office/appeals/{review.pk}/link-application/", {"application": "不存在"})
    assert r.status_code == 400
    assert "没有申请编号为“不存在”的申请" in r.context["link_form"].errors["application"][0]
    assert 'value="不存在"' in r.content.decode()
    r = c.post(f"/office/appeals/{review.pk}/link-application/", {"application": other.tracking_no})
    assert r.status_code == 400  # another agency's application is not found
    r = c.post(f"/office/appeals/{review.pk}/link-application/", {"application": f" {own.tracking_no} "})
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.application == own
    assert own.tracking_no in c.get(f"/office/appeals/{review.pk}/").content.decode()


def _all_urls(case) -> list[tuple[str, str, dict]]:
    return [
        ("get", "/office/appeals/", {}),
        ("get", f"/office/appeals/?agency={case.agency_id}", {}),
        ("get", "/office/appeals/new/", {}),
        ("post", "/office/appeals/new/", {"kind": "rv", "case_number": "X1", "applicant_name": "甲", "filed_on": "2026-01-02"}),
        ("get", f"/office/appeals/{case.pk}/", {}),
        ("post", f"/office/appeals/{case.pk}/result/", {"result": "keep", "decided_on": "2026-04-01"}),
        ("post", f"/office/appeals/{case.pk}/link-application/", {"application": "1"}),
        ("post", f"/office/appeals/{case.pk}/link-review/", {"prior_review": case.pk}),
    ]


def test_outsider_gets_404_everywhere(cast, cases) -> None:
    _, suit, _ = cases
    c = client_for(cast.outsider)
    for method, url, data in _all_urls(suit):
        r = getattr(c, method)(url, data)
        if url in ("/office/appeals/", "/office/appeals/new/"):
            # Their own (empty) register; nothing of planning's shows, and filing goes to their agency.
            assert r.status_code in (200, 302)
            assert suit.case_number not in r.content.decode()
        else:
            assert r.status_code == 404, url
    assert not AppealCase.objects.filter(agency=cast.planning, case_number="X1").exists()
    suit.refresh_from_db()
    assert suit.status == "open" and suit.prior_review is None
    anon = Client()
    assert anon.get("/office/appeals/").status_code == 302  # to the login page


def test_supervisor_sees_but_cannot_act(cast, cases) -> None:
    _, suit, _ = cases
    c = client_for(cast.supervisor)
    page = c.get(f"/office/appeals/?agency={cast.planning.pk}").content.decode()
    assert suit.case_number in page and "登记案件" not in page
    page = c.get(f"/office/appeals/{suit.pk}/").content.decode()
    assert suit.case_number in page and "登记结果" not in page
    assert c.post(f"/office/appeals/{suit.pk}/result/", {"result": "keep", "decided_on": "2026-04-01"}).status_code == 404
    assert c.get("/office/appeals/new/").status_code == 404
    suit.refresh_from_db()
    assert suit.status == "open"


def test_dashboard_panel(cast, cases) -> None:
    page = client_for(cast.clerk).get("/office/").content.decode()
    assert "复议诉讼" in page and cases[1].case_number in page


def test_date_inputs_render_iso_values(cast, cases) -> None:
    page = client_for(cast.clerk).get(f"/office/appeals/{cases[1].pk}/").content.decode()
    today = __import__("django.utils.timezone", fromlist=["x"]).localdate().isoformat()
    assert f'type="date" name="decided_on" value="{today}"' in page


def test_correct_result_page(cast, cases) -> None:
    review, suit, _ = cases
    c = client_for(cast.reviewer)
    assert c.post(f"/office/appeals/{suit.pk}/correct/", {"result": "keep", "decided_on": "2026-04-01",
                                                          "reason": "x"}).status_code == 400  # still open
    page = c.get(f"/office/appeals/{review.pk}/").content.decode()
    assert "更正结果" in page and "登记结果</button>" not in page
    r = c.post(f"/office/appeals/{review.pk}/correct/", {"result": "corr", "decided_on": "2026-03-01", "reason": ""})
    assert r.status_code == 400 and "请填写更正理由" in r.content.decode()
    assert 'value="2026-03-01"' in r.content.decode()  # what was entered is kept
    r = c.post(f"/office/appeals/{review.pk}/correct/", {"result": "corr", "decided_on": "2026-03-01",
                                                        "reason": "录入错误"})
    assert r.status_code == 302
    review.refresh_from_db()
    assert review.result == "corr"
    assert "更正结果" in c.get(f"/office/appeals/{review.pk}/").content.decode()
    # Outsiders and the supervisor cannot correct.
    for user in (cast.outsider, cast.supervisor):
        r = client_for(user).post(f"/office/appeals/{review.pk}/correct/",
                                  {"result": "keep", "decided_on": "2026-03-01", "reason": "x"})
        assert r.status_code == 404
    review.refresh_from_db()
    assert review.result == "corr"


def test_post_only_pages_say_so_in_chinese(cast, cases) -> None:
    r = client_for(cast.clerk).get(f"/office/appeals/{cases[0].pk}/correct/")
    assert r.status_code == 405 and r["Allow"] == "POST"
    assert "此地址只接受表单提交" in r.content.decode()

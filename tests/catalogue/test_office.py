"""Staff pages: forms with Chinese errors beside fields, decision buttons by role, outsiders get 404."""

from __future__ import annotations

from typing import Any

from django.test import Client


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_outsider_gets_404_on_every_staff_view(client: Client, make_item: Any, cast: Any, now: Any,
                                               settings: Any, tmp_path: Any) -> None:
    from gongkai.catalogue import actions

    settings.MEDIA_ROOT = tmp_path
    item = make_item(state="draft")
    att = actions.add_attachment(item=item, actor=cast.clerk, now=now, name="a.pdf", content=b"%PDF-1.4")
    login(client, cast.outsider)
    for url in (f"/office/catalogue/{item.pk}/", f"/office/catalogue/{item.pk}/edit/",
                f"/office/catalogue/{item.pk}/attachments/{att.pk}/"):
        assert client.get(url).status_code == 404, url
    for action in ("propose", "review", "sign", "publish", "validity", "convert", "keep", "attach", "edit"):
        assert client.post(f"/office/catalogue/{item.pk}/{action}/", {"decision": "approve"}).status_code == 404, action
    # his own agency's pages do not list planning's items
    body = client.get("/office/catalogue/").content.decode()
    assert item.title not in body
    for url in ("/office/catalogue/late/", "/office/catalogue/self-review/", "/office/catalogue/t2/"):
        assert item.title not in client.get(url).content.decode()
    client.logout()
    assert client.get(f"/office/catalogue/{item.pk}/").status_code == 302  # anonymous: to the login page


def test_guide_editor_only_for_admin(client: Client, cast: Any) -> None:
    login(client, cast.clerk)
    assert client.get("/office/catalogue/guide/").status_code == 404
    login(client, cast.admin)
    r = client.get("/office/catalogue/guide/")
    assert r.status_code == 200 and "政府信息公开指南" in r.content.decode()
    r = client.post("/office/catalogue/guide/", {"which": "guide", "text": "编辑后的指南"})
    assert r.status_code == 302
    assert "编辑后的指南" in client.get(f"/agency/{cast.planning.slug}/guide/").content.decode()


def test_create_form_errors_beside_fields_and_input_kept(client: Client, cast: Any) -> None:
    login(client, cast.clerk)
    r = client.post("/office/catalogue/new/", {"title": "宝山区控规调整", "formed_on": "2026-13-45", "kind": ""})
    body = r.content.decode()
    assert r.status_code == 200
    assert "请按 2026-03-01 的格式填写日期。" in body and "has-error" in body
    assert 'value="宝山区控规调整"' in body and 'value="2026-13-45"' in body
    r = client.post("/office/catalogue/new/", {"title": "宝山区控规调整", "formed_on": "2026-06-01", "kind": "plan"})
    assert r.status_code == 302


def test_decision_through_the_office_pages(client: Client, cast: Any) -> None:
    from gongkai.catalogue.models import CatalogueItem

    login(client, cast.clerk)
    client.post("/office/catalogue/new/", {"title": "月浦镇控规", "formed_on": "2026-06-01", "kind": "plan"})
    item = CatalogueItem.objects.get(title="月浦镇控规")
    r = client.post(f"/office/catalogue/{item.pk}/propose/", {"attribute": "proactive"})
    assert r.status_code == 400 and "保密审查" in r.content.decode()
    r = client.post(f"/office/catalogue/{item.pk}/propose/", {"attribute": "proactive", "secrecy_reviewed": "on"})
    assert r.status_code == 302
    body = client.get(f"/office/catalogue/{item.pk}/").content.decode()
    assert "审核通过" not in body  # the clerk has no review button
    assert client.post(f"/office/catalogue/{item.pk}/review/", {"decision": "approve"}).status_code == 400
    login(client, cast.reviewer)
    assert "审核通过" in client.get(f"/office/catalogue/{item.pk}/").content.decode()
    assert client.post(f"/office/catalogue/{item.pk}/review/", {"decision": "approve"}).status_code == 302
    login(client, cast.head)
    assert client.post(f"/office/catalogue/{item.pk}/sign/", {"decision": "approve"}).status_code == 302
    assert client.post(f"/office/catalogue/{item.pk}/publish/").status_code == 302
    item.refresh_from_db()
    assert item.state == "published" and item.index_no


def test_dashboard_panel_and_late_list(client: Client, make_item: Any, cast: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    late = make_item(title="逾期发布的规划", formed_on=today - dt.timedelta(days=90), published_on=today)
    make_item(state="proposed", title="等待审核的规划")
    login(client, cast.reviewer)
    body = client.get("/office/").content.decode()
    assert "主动公开" in body and "待我审核" in body and "逾期发布" in body
    body = client.get("/office/catalogue/late/").content.decode()
    assert late.title in body
    body = client.get("/office/catalogue/?state=proposed").content.decode()
    assert "等待审核的规划" in body and late.title not in body


def test_self_review_page_converts(client: Client, make_item: Any, cast: Any) -> None:
    item = make_item(state="signed", attribute="withheld", title="某地块出让请示")
    login(client, cast.head)
    body = client.get("/office/catalogue/self-review/").content.decode()
    assert "某地块出让请示" not in body.split("到期待审查的信息")[1].split("其他不予公开")[0]  # not due yet
    assert "某地块出让请示" in body
    r = client.post(f"/office/catalogue/{item.pk}/convert/", {"next": "self-review"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.state == "published" and item.attribute == "proactive"


def test_t2_page_hand_entry(client: Client, cast: Any) -> None:
    login(client, cast.clerk)
    r = client.post("/office/catalogue/t2/", {"year": "2019", "cell": "t2_a20_9.procurement.amount", "value": "abc",
                                              "source": "采购系统"})
    assert "请填写数字。" in r.content.decode() and 'value="abc"' in r.content.decode()
    r = client.post("/office/catalogue/t2/", {"year": "2019", "cell": "t2_a20_9.procurement.amount",
                                              "value": "2532358", "source": "采购系统"})
    assert r.status_code == 302
    assert "手工填报：采购系统" in client.get("/office/catalogue/t2/?year=2019").content.decode()


def test_self_review_groups_what_applications_keep_asking_for(client: Client, cast: Any, now: Any) -> None:
    from gongkai.applications import actions as app_actions
    from gongkai.applications.validators import resident_id_check_char

    for i, desc in enumerate(("罗店镇某地块土地出让合同", "罗店镇某地块的土地出让合同及补充协议", "罗店镇地块土地出让合同全文",
                              "顾村镇控制性详细规划图则")):
        body = f"31011319800101{i:03d}"  # an online application carries its identity document (Art. 29)
        app_actions.submit_online(agency=cast.planning, now=now, details={
            "applicant_type": "natural_person", "applicant_name": f"申请人{i}", "description": desc,
            "id_type": "resident_id", "id_number": body + resident_id_check_char(body)})
    client.force_login(cast.head)
    body = client.get("/office/catalogue/self-review/").content.decode()
    section = body.split("申请较为集中的信息")[1]
    assert "罗店镇某地块土地出让合同" in section and ">3<" in section
    assert "顾村镇控制性详细规划图则" not in section  # asked once only

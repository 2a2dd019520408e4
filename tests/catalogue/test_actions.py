"""Every action of the catalogue and every refused transition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.catalogue import actions
from gongkai.catalogue.actions import CatalogueError
from gongkai.catalogue.models import CatalogueItem, IndexCounter, ItemEvent, SearchEntry

from .conftest import NOW


def kinds(item: Any) -> list[str]:
    return list(ItemEvent.objects.filter(item=item).values_list("kind", flat=True))


def test_three_step_decision_and_publication(cast: Any, cal: Any) -> None:
    item = actions.create_draft(agency=cast.planning, actor=cast.clerk, now=NOW, title="宝山区土地储备计划",
                                formed_on=dt.date(2026, 6, 1), kind="plan", doc_number="宝规划资源〔2026〕5号")
    assert item.state == "draft" and item.proactive_item == "a20_3" and item.publisher == cast.planning.name
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=NOW, attribute="proactive", secrecy_reviewed=True)
    assert (item.state, item.attribute, item.secrecy_reviewed) == ("proposed", "proactive", True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=NOW, approve=True)
    assert item.state == "reviewed"
    item = actions.sign_off(item=item, actor=cast.head, now=NOW)
    assert item.state == "signed" and item.index_no is None
    item = actions.publish(item=item, actor=cast.clerk, now=NOW, calendar=cal)
    assert item.state == "published" and item.published_on == dt.date(2026, 6, 15)
    assert item.index_no == "BSGHZY/2026-00001"
    assert item.publication_due == cal.add_workdays(dt.date(2026, 6, 1), 20) and item.late is False
    assert kinds(item) == ["created", "proposed", "reviewed", "signed", "published"]
    assert CatalogueItem.objects.public().filter(pk=item.pk).exists()
    assert SearchEntry.objects.filter(item=item).exists()


def test_late_publication_is_flagged(make_item: Any, cal: Any) -> None:
    item = make_item(formed_on=dt.date(2026, 4, 1), published_on=dt.date(2026, 6, 15))
    assert item.late is True and item.publication_due == cal.add_workdays(dt.date(2026, 4, 1), 20)
    ok = make_item(formed_on=dt.date(2026, 6, 10), published_on=dt.date(2026, 6, 15))
    assert ok.late is False


def test_index_numbers_are_sequential_per_agency_and_year(make_item: Any, cast: Any) -> None:
    a = make_item(published_on=dt.date(2026, 6, 2))
    b = make_item(published_on=dt.date(2026, 6, 3))
    other = make_item(agency=cast.transport, published_on=dt.date(2026, 6, 3))
    assert [a.index_no, b.index_no] == ["BSGHZY/2026-00001", "BSGHZY/2026-00002"]
    assert other.index_no == "BSJTW/2026-00001"
    assert IndexCounter.objects.get(agency=cast.planning, year=2026).last == 2


def test_index_pattern_setting(make_item: Any, cast: Any) -> None:
    cast.planning.settings = {"index_pattern": "ghzy-{year}-{serial:06d}"}
    cast.planning.save()
    assert make_item().index_no == "ghzy-2026-000001"


def test_refused_transitions(make_item: Any, cast: Any, cal: Any) -> None:
    draft = make_item(state="draft")
    with pytest.raises(CatalogueError, match="保密审查"):
        actions.propose_attribute(item=draft, actor=cast.clerk, now=NOW, attribute="proactive", secrecy_reviewed=False)
    with pytest.raises(CatalogueError, match="法定理由"):
        actions.propose_attribute(item=draft, actor=cast.clerk, now=NOW, attribute="withheld", secrecy_reviewed=True)
    with pytest.raises(CatalogueError, match="法定理由"):  # a reason of the other attribute
        actions.propose_attribute(item=draft, actor=cast.clerk, now=NOW, attribute="withheld", reason="specific_party",
                                  secrecy_reviewed=True)
    with pytest.raises(CatalogueError, match="待审核"):
        actions.review_attribute(item=draft, actor=cast.reviewer, now=NOW, approve=True)
    with pytest.raises(CatalogueError, match="审核通过的条目可以签发"):
        actions.sign_off(item=draft, actor=cast.head, now=NOW)
    with pytest.raises(CatalogueError, match="签发的条目可以发布"):
        actions.publish(item=draft, actor=cast.clerk, now=NOW, calendar=cal)
    proposed = make_item(state="proposed")
    with pytest.raises(CatalogueError, match="草稿"):
        actions.propose_attribute(item=proposed, actor=cast.clerk, now=NOW, attribute="proactive", secrecy_reviewed=True)
    with pytest.raises(CatalogueError, match="权限"):  # a clerk cannot review
        actions.review_attribute(item=proposed, actor=cast.clerk, now=NOW, approve=True)
    with pytest.raises(CatalogueError, match="退回理由"):
        actions.review_attribute(item=proposed, actor=cast.reviewer, now=NOW, approve=False)
    reviewed = make_item(state="reviewed")
    with pytest.raises(CatalogueError, match="权限"):  # a reviewer cannot sign off
        actions.sign_off(item=reviewed, actor=cast.reviewer, now=NOW)
    with pytest.raises(CatalogueError, match="修改"):
        actions.edit_item(item=reviewed, actor=cast.clerk, now=NOW, title="新名称")
    withheld = make_item(state="signed", attribute="withheld")
    with pytest.raises(CatalogueError, match="不能主动发布"):
        actions.publish(item=withheld, actor=cast.clerk, now=NOW, calendar=cal)
    published = make_item()
    with pytest.raises(CatalogueError, match="签发的条目可以发布"):
        actions.publish(item=published, actor=cast.clerk, now=NOW, calendar=cal)
    with pytest.raises(CatalogueError, match="转为主动公开"):
        actions.convert_to_proactive(item=published, actor=cast.head, now=NOW, calendar=cal)
    with pytest.raises(CatalogueError, match="权限"):  # outsider of another agency
        actions.edit_item(item=draft, actor=cast.outsider, now=NOW, title="x")
    with pytest.raises(CatalogueError, match="成文日期"):
        actions.publish(item=make_item(state="signed"), actor=cast.clerk, now=NOW, calendar=cal,
                        published_on=dt.date(2026, 5, 1))


def test_return_goes_back_to_draft_with_event(make_item: Any, cast: Any) -> None:
    item = make_item(state="proposed")
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=NOW, approve=False, comment="请补充内容概述")
    assert item.state == "draft"
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=NOW, attribute="proactive", secrecy_reviewed=True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=NOW, approve=True)
    item = actions.sign_off(item=item, actor=cast.head, now=NOW, approve=False, comment="属性应为依申请公开")
    assert item.state == "draft"
    ev = ItemEvent.objects.filter(item=item, kind="returned")
    assert [e.payload["step"] for e in ev] == ["review", "sign_off"]


def test_edit_draft_and_validation(make_item: Any, cast: Any) -> None:
    item = make_item(state="proposed")
    item = actions.edit_item(item=item, actor=cast.clerk, now=NOW, title="新名称", summary="新概述")
    assert item.title == "新名称" and item.state == "draft"  # the proposal concerned the old text
    with pytest.raises(CatalogueError) as e:
        actions.edit_item(item=item, actor=cast.clerk, now=NOW, title="  ")
    assert e.value.field == "title"
    with pytest.raises(CatalogueError) as e:
        actions.create_draft(agency=cast.planning, actor=cast.clerk, now=NOW, title="x", formed_on=dt.date(2026, 1, 1),
                             kind="nonsense")
    assert e.value.field == "kind"


def test_change_validity(make_item: Any, cast: Any) -> None:
    item = make_item(kind="normative", title="关于规范临时用地管理的通知")
    item = actions.change_validity(item=item, actor=cast.clerk, now=NOW, validity="repealed", on=dt.date(2026, 6, 14))
    assert (item.validity, item.invalid_on) == ("repealed", dt.date(2026, 6, 14))
    assert kinds(item)[-1] == "validity"
    assert CatalogueItem.objects.public().filter(pk=item.pk).exists()  # a repealed document stays public
    with pytest.raises(CatalogueError, match="日期"):
        actions.change_validity(item=item, actor=cast.clerk, now=NOW, validity="expired")
    with pytest.raises(CatalogueError, match="已是"):
        actions.change_validity(item=item, actor=cast.clerk, now=NOW, validity="repealed", on=dt.date(2026, 6, 14))
    with pytest.raises(CatalogueError, match="早于成文日期"):
        actions.change_validity(item=item, actor=cast.clerk, now=NOW, validity="expired", on=dt.date(2020, 1, 1))


def test_convert_to_proactive(make_item: Any, cast: Any, cal: Any) -> None:
    item = make_item(state="signed", attribute="on_request")
    assert item.review_due == dt.date(2027, 6, 15)
    assert not CatalogueItem.objects.public().filter(pk=item.pk).exists()
    item = actions.convert_to_proactive(item=item, actor=cast.reviewer, now=NOW, calendar=cal)
    assert item.state == "published" and item.attribute == "proactive" and item.changed_on == dt.date(2026, 6, 15)
    assert item.late is False  # the 20 working days run from the change (Art. 26)
    assert kinds(item)[-2:] == ["converted", "published"]
    assert CatalogueItem.objects.public().filter(pk=item.pk).exists()
    with pytest.raises(CatalogueError, match="权限"):
        actions.convert_to_proactive(item=make_item(state="signed", attribute="withheld"), actor=cast.clerk, now=NOW,
                                     calendar=cal)


def test_mark_reviewed_keeps_attribute(make_item: Any, cast: Any) -> None:
    item = make_item(state="signed", attribute="withheld")
    later = NOW + dt.timedelta(days=400)
    item = actions.mark_reviewed(item=item, actor=cast.head, now=later)
    assert item.attribute == "withheld" and item.review_due == later.date() + dt.timedelta(days=365)


def test_attachments_bounded_and_checked(make_item: Any, cast: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    item = make_item(state="draft")
    att = actions.add_attachment(item=item, actor=cast.clerk, now=NOW, name="规划图.pdf", content=b"%PDF-1.4 test")
    assert att.size == 13 and att.file.read() == b"%PDF-1.4 test"
    with pytest.raises(CatalogueError, match="不符"):
        actions.add_attachment(item=item, actor=cast.clerk, now=NOW, name="x.pdf", content=b"MZ\x90\x00")
    with pytest.raises(CatalogueError, match="不支持"):
        actions.add_attachment(item=item, actor=cast.clerk, now=NOW, name="x.exe", content=b"MZ")
    settings.GONGKAI_UPLOAD_MAX_BYTES = 10
    with pytest.raises(CatalogueError, match="过大"):
        actions.add_attachment(item=item, actor=cast.clerk, now=NOW, name="y.pdf", content=b"%PDF-1.4 too long")


def test_set_t2_figure_and_agency_text(cast: Any) -> None:
    f = actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2019, subtable="t2_a20_9",
                              row="procurement", column="amount", value="2,532,358", source="政府采购系统")
    assert f.value == 2532358
    with pytest.raises(CatalogueError, match="来源"):
        actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2019, subtable="t2_a20_9",
                              row="procurement", column="amount", value="1", source="")
    with pytest.raises(CatalogueError, match="整数"):
        actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2019, subtable="t2_a20_9",
                              row="procurement", column="projects", value="1.5", source="x")
    with pytest.raises(CatalogueError, match="分表"):
        actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2022, subtable="t2_a20_9",
                              row="procurement", column="projects", value="1", source="x")
    # found by fuzzing the staff forms: PostgreSQL refused the value (numeric overflow) with a 500
    for value, message in (("1" + "0" * 16, "过大"), ("-1e20", "过大"), ("1.234", "两位小数"), ("NaN", "数字"),
                           ("Infinity", "数字")):
        with pytest.raises(CatalogueError, match=message):
            actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2019, subtable="t2_a20_9",
                                  row="procurement", column="amount", value=value, source="x")
    a = actions.set_agency_text(agency=cast.planning, actor=cast.admin, now=NOW, key="guide_text", text="新指南\n第二段")
    assert a.settings["guide_text"] == "新指南\n第二段"
    with pytest.raises(CatalogueError, match="权限"):
        actions.set_agency_text(agency=cast.planning, actor=cast.clerk, now=NOW, key="guide_text", text="x")

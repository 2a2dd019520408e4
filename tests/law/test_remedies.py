"""The remedies paragraph by date (the revised 行政复议法 from 2024-01-01) and reply type."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.categories import REMEDIES_TEXT, ReplyType
from gongkai.law.remedies import REVISED_REVIEW_LAW, remedies, review_organ

BEFORE, ON, AFTER = date(2023, 12, 29), REVISED_REVIEW_LAW, date(2026, 12, 1)
DEPT = {"kind": "department", "agency_name": "上海市宝山区规划和自然资源局", "parent_name": "上海市宝山区人民政府"}
GOV = {"kind": "government", "agency_name": "上海市宝山区人民政府", "parent_name": "上海市人民政府"}
TOWN = {"kind": "township", "agency_name": "上海市宝山区大场镇人民政府", "parent_name": "上海市宝山区人民政府"}
TAX = {"kind": "department", "agency_name": "国家税务总局上海市宝山区税务局", "parent_name": "上海市宝山区人民政府"}
CUSTOMS = {"kind": "department", "agency_name": "吴淞海关", "parent_name": ""}

ORGANS = [
    (DEPT, BEFORE, "上海市宝山区人民政府或者本机关的上一级主管部门"),
    (DEPT, ON, "上海市宝山区人民政府"),
    (DEPT, AFTER, "上海市宝山区人民政府"),
    (GOV, BEFORE, "上海市人民政府"),
    (GOV, AFTER, "上海市人民政府"),
    (TOWN, BEFORE, "上海市宝山区人民政府"),
    (TOWN, AFTER, "上海市宝山区人民政府"),
    (TAX, BEFORE, "本机关的上一级主管部门"),
    (TAX, AFTER, "本机关的上一级主管部门"),
    (CUSTOMS, AFTER, "本机关的上一级主管部门"),
    ({"kind": "department", "agency_name": "某局"}, BEFORE, "本机关的上一级行政机关或者本级人民政府"),
    ({"kind": "department", "agency_name": "某局"}, AFTER, "本级人民政府"),
    ({"kind": "government", "agency_name": "某县人民政府"}, AFTER, "上一级人民政府"),
]


@pytest.mark.parametrize(("agency", "on", "organ"), ORGANS)
def test_review_organ(agency: dict[str, str], on: date, organ: str) -> None:
    assert review_organ(on=on, **agency) == organ


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_override_wins(on: date) -> None:
    assert review_organ(on=on, override="上海海关", **CUSTOMS) == "上海海关"
    assert review_organ(on=on, override="  ", **DEPT) == review_organ(on=on, **DEPT)


REVIEW_FIRST = "；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向上海铁路运输法院提起行政诉讼（《中华人民共和国行政复议法》第二十三条）。"
EITHER = "，或者在6个月内向上海铁路运输法院提起行政诉讼。"
PART = "对其中不予公开的部分不服的，应当先申请行政复议"

# every reply type on either side of 2024-01-01: (reply type, date, review first, ends with, partial note)
TYPES = [(rt, on) for rt in [*ReplyType, None] for on in (BEFORE, ON, AFTER)]


@pytest.mark.parametrize(("reply_type", "on"), TYPES)
def test_paragraph_by_reply_type_and_date(reply_type: ReplyType | None, on: date) -> None:
    r = remedies(on=on, reply_type=reply_type.value if reply_type else None, court="上海铁路运输法院", **DEPT)
    organ = "上海市宝山区人民政府" if on >= REVISED_REVIEW_LAW else "上海市宝山区人民政府或者本机关的上一级主管部门"
    assert r.text.startswith(f"如对本答复不服，可以自收到本答复之日起60日内向{organ}申请行政复议")
    withheld = reply_type is ReplyType.WITHHELD and on >= REVISED_REVIEW_LAW
    assert r.review_first is withheld
    assert r.text.endswith(REVIEW_FIRST) is withheld
    assert (EITHER in r.text) is not withheld
    assert (PART in r.text) is (reply_type is ReplyType.PARTIAL and on >= REVISED_REVIEW_LAW)


def test_old_wording_is_the_old_template_exactly() -> None:
    for rt in ReplyType:
        r = remedies(on=date(2019, 6, 3), reply_type=rt.value, court="上海铁路运输法院", override="上海市宝山区人民政府",
                     **DEPT)
        assert r.text == REMEDIES_TEXT.format(days=60, months=6, review_organ="上海市宝山区人民政府",
                                              court="上海铁路运输法院")


def test_decision_word_and_default_court() -> None:
    r = remedies(on=AFTER, reply_type=None, decision="本决定", **GOV)
    assert r.text == ("如对本决定不服，可以自收到本决定之日起60日内向上海市人民政府申请行政复议，"
                      "或者在6个月内向有管辖权的人民法院提起行政诉讼。")

"""The letters' remedies paragraph follows the letter's date: the old 行政复议法 before 2024-01-01 (the demo's
2019 letters keep their wording), the revised one after (review organ from kind and parent, 复议前置 for a
refusal); an agency's own review organ still wins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.letters.actions import issue_letter
from gongkai.letters.compose import compose
from tests.letters.helpers import docx_text

SH = dt.timezone(dt.timedelta(hours=8))
DEPT = {"name": "某某区交通委员会", "kind": "department", "parent_name": "某某区人民政府", "court": "某某区人民法院"}
CTX = {"applicant": {"name": "张三"}, "application": {"tracking_no": "GK-1", "received_on": "2026-11-02",
                                                     "description": "规划许可证"}}
WITHHELD = "state_secret"  # a 不予公开 outcome


@pytest.mark.parametrize(("day", "organ", "review_first"), [
    ("2019-06-03", "某某区人民政府或者本机关的上一级主管部门", False),
    ("2023-12-31", "某某区人民政府或者本机关的上一级主管部门", False),
    ("2024-01-01", "某某区人民政府", True),
    ("2026-12-01", "某某区人民政府", True),
])
def test_withheld_reply_by_date(day: str, organ: str, review_first: bool) -> None:
    comp = compose("reply_withheld", {**CTX, "agency": DEPT, "date": day, "outcome": WITHHELD})
    assert comp.remedies is not None and f"60日内向{organ}申请行政复议" in comp.remedies
    assert ("对行政复议决定不服的" in comp.remedies) is review_first
    assert ("或者在6个月内" in comp.remedies) is not review_first
    assert comp.placeholders["救济途径"] == comp.remedies


def test_other_replies_say_review_or_litigation() -> None:
    comp = compose("reply_unavailable", {**CTX, "agency": DEPT, "date": "2026-12-01", "outcome": "A36_4_not_exist"})
    assert comp.remedies == ("如对本答复不服，可以自收到本答复之日起60日内向某某区人民政府申请行政复议，"
                             "或者在6个月内向某某区人民法院提起行政诉讼。")
    assert compose("receipt", {**CTX, "agency": DEPT, "date": "2026-12-01"}).remedies is None


def test_issued_letter_takes_organ_from_the_agency_tree(cast: Any) -> None:
    dept = Agency.objects.create(name="某某区交通委员会", code="X1", slug="x1", kind=AgencyKind.DEPARTMENT,
                                 parent=cast.district, court="上海铁路运输法院")
    letter = issue_letter(agency=dept, kind="reply_withheld", context={**CTX, "outcome": WITHHELD}, actor=cast.admin,
                          now=dt.datetime(2026, 12, 1, 10, tzinfo=SH))
    text = docx_text(letter.docx.read())
    assert f"60日内向{cast.district.name}申请行政复议；对行政复议决定不服的" in text
    assert "《中华人民共和国行政复议法》第二十三条" in text
    assert letter.context["agency"]["parent_name"] == cast.district.name


def test_demo_agency_2019_letter_keeps_the_old_wording(cast: Any) -> None:
    # planning's own review organ (上海市宝山区人民政府) wins; the 2019 sentence is the old one
    letter = issue_letter(agency=cast.planning, kind="reply_withheld", context={**CTX, "outcome": WITHHELD},
                          actor=cast.admin, now=dt.datetime(2019, 6, 3, 10, tzinfo=SH))
    text = docx_text(letter.docx.read())
    assert ("如对本答复不服，可以自收到本答复之日起60日内向上海市宝山区人民政府申请行政复议，"
            "或者在6个月内向上海铁路运输法院提起行政诉讼。") in text
    assert "第二十三条" not in text

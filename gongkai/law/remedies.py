"""The remedies paragraph of a decision letter (救济途径告知), by the letter's date and the reply type.

Two versions of 《中华人民共和国行政复议法》 apply, by the date of the decision:

* before 2024-01-01 (the 1999 law as amended in 2009/2017): a department of a local government may be
  challenged before 本级人民政府 *or* its 上一级主管部门 (old Art. 12); a government before the government
  above (old Art. 13); the vertical systems before the organ above (old Art. 12 ¶2). Review or litigation,
  at the applicant's choice, in every case.
* from 2024-01-01 (revised 2023-09-01): the local government consolidates review: a department before
  本级人民政府 (Art. 24 (一)), a government before the government above (Art. 24 (二)); 海关, 金融, 外汇管理
  and the other vertically led organs, 税务 and 国家安全 before the organ above (Art. 27). A refusal to
  disclose government information must go to review first (复议前置, Art. 23 ¶1 (四)); litigation follows
  the review decision (行政诉讼法 Art. 45: 15 days).

The periods are unchanged: review within 60 days of receipt (Art. 20), litigation within 6 months
(行政诉讼法 Art. 46). An agency may still set its review organ's name by hand (``override``), which wins over
the rule (e.g. a vertical organ whose superior has a particular name).

部分公开 withholds part of the information: for that part the refusal is a 不予公开 and Art. 23 applies to
it, so the letter says review or litigation for the whole and review first for the withheld part. (The
statute does not single out partial disclosure; this is the reading that cannot mislead the applicant into a
lawsuit the court must dismiss.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.law.categories import REMEDY_LITIGATION_MONTHS, REMEDY_REVIEW_DAYS

__all__ = [
    "REMEDY_LITIGATION_MONTHS",
    "REMEDY_REVIEW_DAYS",
    "REVISED_REVIEW_LAW",
    "Remedies",
    "is_vertical",
    "remedies",
    "review_organ",
]

REVISED_REVIEW_LAW = dt.date(2024, 1, 1)
REMEDY_AFTER_REVIEW_DAYS = 15  # 行政诉讼法 Art. 45
REVIEW_LAW = "《中华人民共和国行政复议法》"
# Organs led vertically (Art. 27): their review organ is the superior organ, not the local government.
VERTICAL_SYSTEMS = ("海关", "税务", "外汇管理", "国家安全", "中国人民银行", "金融监督管理", "金融监管",
                    "证券监督管理", "证监")

# The kinds of gongkai.agencies.models.AgencyKind (kept as plain strings: no Django here).
GOVERNMENT, DEPARTMENT, TOWNSHIP = "government", "department", "township"

OLD_DEFAULT_ORGAN = "本机关的上一级行政机关或者本级人民政府"
SUPERIOR = "本机关的上一级主管部门"
# Reply types whose decision withholds information (gongkai.law.categories.ReplyType values).
WITHHELD, PARTIAL = "withheld", "partial"


@dataclass(frozen=True)
class Remedies:
    text: str
    organ: str
    review_first: bool  # 复议前置 for the whole decision
    basis: str


def is_vertical(agency_name: str) -> bool:
    return any(word in agency_name for word in VERTICAL_SYSTEMS)


def review_organ(*, on: dt.date | None, kind: str, agency_name: str, parent_name: str = "",
                 override: str = "") -> str:
    """The review organ's name for a decision of the agency dated ``on`` (None: today's law)."""
    if override.strip():
        return override.strip()
    revised = on is None or on >= REVISED_REVIEW_LAW
    if is_vertical(agency_name):
        return SUPERIOR
    if kind not in (GOVERNMENT, DEPARTMENT, TOWNSHIP):
        return OLD_DEFAULT_ORGAN  # kind unknown: the generic name fits a government and a department
    if not parent_name:
        if not revised:
            return OLD_DEFAULT_ORGAN
        return "本级人民政府" if kind == DEPARTMENT else "上一级人民政府"
    if kind == DEPARTMENT:
        return parent_name if revised else f"{parent_name}或者{SUPERIOR}"
    return parent_name  # a government or a township: the government above


def remedies(*, on: dt.date | None, reply_type: str | None, kind: str, agency_name: str, parent_name: str = "",
             override: str = "", court: str = "", decision: str = "本答复") -> Remedies:
    """The paragraph for a letter dated ``on`` deciding ``reply_type`` (None: a decision that is not a reply,
    e.g. the public-interest disclosure notice to a third party)."""
    organ = review_organ(on=on, kind=kind, agency_name=agency_name, parent_name=parent_name, override=override)
    court = court.strip() or "有管辖权的人民法院"
    review = f"如对{decision}不服，可以自收到{decision}之日起{REMEDY_REVIEW_DAYS}日内向{organ}申请行政复议"
    revised = on is None or on >= REVISED_REVIEW_LAW
    if revised and reply_type == WITHHELD:
        text = (f"{review}；对行政复议决定不服的，可以自收到行政复议决定书之日起{REMEDY_AFTER_REVIEW_DAYS}日内"
                f"依法向{court}提起行政诉讼（{REVIEW_LAW}第二十三条）。")
        return Remedies(text, organ, True, f"{REVIEW_LAW}第二十三条、第二十四条")
    text = f"{review}，或者在{REMEDY_LITIGATION_MONTHS}个月内向{court}提起行政诉讼。"
    if revised and reply_type == PARTIAL:
        text += (f"对其中不予公开的部分不服的，应当先申请行政复议，对行政复议决定不服的，"
                 f"再依法提起行政诉讼（{REVIEW_LAW}第二十三条）。")
    basis = f"{REVIEW_LAW}第二十四条、第二十七条" if revised else f"{REVIEW_LAW}（2017年修正）第十二条、第十三条"
    return Remedies(text, organ, False, basis)

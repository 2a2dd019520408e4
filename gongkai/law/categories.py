"""The legal categories, declared once (legal-spec 1.5 and Appendix A.3).

Applicant types and the table 三 column each counts in; every outcome of an application (reply type
and reason) with its article and the table 三 leaf row it counts in for each report edition. Forms,
letters, the register-to-report computation and the auditor derive from these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class ApplicantType:
    code: str
    label: str
    column: str  # table 三 column id
    is_legal_entity: bool


APPLICANT_TYPES: tuple[ApplicantType, ...] = (
    ApplicantType("natural_person", "自然人", "np", False),
    ApplicantType("commercial_enterprise", "商业企业", "le_com", True),
    ApplicantType("research_institution", "科研机构", "le_res", True),
    ApplicantType("public_welfare_org", "社会公益组织", "le_soc", True),
    ApplicantType("legal_service_org", "法律服务机构", "le_law", True),
    ApplicantType("other_org", "其他", "le_oth", True),
)
APPLICANT_TYPE_BY_CODE: dict[str, ApplicantType] = {a.code: a for a in APPLICANT_TYPES}
APPLICANT_TYPE_BY_COLUMN: dict[str, ApplicantType] = {a.column: a for a in APPLICANT_TYPES}


class ReplyType(StrEnum):
    """The six result groups of table 三 (三、本年度办理结果 （一）-（六))."""

    OPEN = "open"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REPLY_TYPE_LABELS[self]


REPLY_TYPE_LABELS: dict[ReplyType, str] = {
    ReplyType.OPEN: "予以公开",
    ReplyType.PARTIAL: "部分公开",
    ReplyType.WITHHELD: "不予公开",
    ReplyType.UNAVAILABLE: "无法提供",
    ReplyType.NOT_PROCESSED: "不予处理",
    ReplyType.OTHER: "其他处理",
}


@dataclass(frozen=True)
class Outcome:
    """One legal outcome of an application: reply type + reason.

    ``row_2019``/``row_2021`` are the table 三 leaf rows it counts in. ``confirmed`` is False where the
    mapping is common practice but UNCONFIRMED by the format text (legal-spec 1.5).
    ``by_applicant`` marks outcomes that end the case without a reply on the merits (the applicant did
    not correct, did not pay, withdrew); they need no review chain.
    """

    code: str
    reply_type: ReplyType
    label: str
    article: str
    row_2019: str
    row_2021: str
    confirmed: bool = True
    by_applicant: bool = False
    needs_withheld_detail: bool = False

    def row(self, edition_id: str) -> str:
        return self.row_2019 if edition_id == "2019" else self.row_2021

    @property
    def full_label(self) -> str:
        if self.reply_type in (ReplyType.OPEN, ReplyType.PARTIAL):
            return self.label
        return f"{self.reply_type.label}（{self.label}）"


def _o(
    code: str,
    rt: ReplyType,
    label: str,
    article: str,
    row: str,
    row_2021: str | None = None,
    **kw: bool,
) -> Outcome:
    return Outcome(code, rt, label, article, row, row_2021 or row, **kw)


OPEN, PART, WITH, UNAV, NOTP, OTHR = (
    ReplyType.OPEN,
    ReplyType.PARTIAL,
    ReplyType.WITHHELD,
    ReplyType.UNAVAILABLE,
    ReplyType.NOT_PROCESSED,
    ReplyType.OTHER,
)

OUTCOMES: tuple[Outcome, ...] = (
    _o("A36_2_disclosed", OPEN, "予以公开", "《条例》第三十六条第（二）项", "r3_1_open"),
    _o("A36_1_already_public", OPEN, "已主动公开，告知获取方式", "《条例》第三十六条第（一）项", "r3_1_open", confirmed=False),
    _o("A37_partial", PART, "部分公开", "《条例》第三十七条", "r3_2_partial", needs_withheld_detail=True),
    _o("state_secret", WITH, "属于国家秘密", "《条例》第十四条", "r3_3_1"),
    _o("other_law_prohibits", WITH, "其他法律行政法规禁止公开", "《条例》第十四条", "r3_3_2"),
    _o("three_securities_one_stability", WITH, "危及“三安全一稳定”", "《条例》第十四条", "r3_3_3"),
    _o("third_party_rights", WITH, "保护第三方合法权益", "《条例》第十五条、第三十二条", "r3_3_4"),
    _o("internal_affairs", WITH, "属于三类内部事务信息", "《条例》第十六条第一款", "r3_3_5"),
    _o("process_information", WITH, "属于四类过程性信息", "《条例》第十六条第二款", "r3_3_6"),
    _o("enforcement_case_file", WITH, "属于行政执法案卷", "《条例》第十六条第二款", "r3_3_7"),
    _o("administrative_query", WITH, "属于行政查询事项", "《条例》第三十六条第（七）项", "r3_3_8", confirmed=False),
    _o("A36_7_special_law_registry", WITH, "工商、不动产登记资料等依特别规定查询", "《条例》第三十六条第（七）项", "r3_3_8", confirmed=False),
    _o("A36_4_not_exist", UNAV, "本机关不掌握相关政府信息", "《条例》第三十六条第（四）项", "r3_4_1"),
    _o("A36_5_not_responsible", UNAV, "不属于本机关负责公开", "《条例》第三十六条第（五）项", "r3_4_1", confirmed=False),
    _o("A38_needs_processing", UNAV, "没有现成信息需要另行制作", "《条例》第三十八条", "r3_4_2"),
    _o("unclear_after_correction", UNAV, "补正后申请内容仍不明确", "《条例》第三十条", "r3_4_3"),
    _o("A39_1_petition_complaint", NOTP, "信访举报投诉类申请", "《条例》第三十九条第一款", "r3_5_1"),
    _o("A36_6_repeat", NOTP, "重复申请", "《条例》第三十六条第（六）项", "r3_5_2"),
    _o("A39_2_publication", NOTP, "要求提供公开出版物", "《条例》第三十九条第二款", "r3_5_3"),
    _o("A35_excessive_unreasonable", NOTP, "无正当理由大量反复申请", "《条例》第三十五条", "r3_5_4"),
    _o("confirm_or_reissue_obtained_info", NOTP, "要求行政机关确认或重新出具已获取信息", "《条例》第三十六条", "r3_5_5"),
    _o("A30_not_corrected", OTHR, "申请人无正当理由逾期不补正", "《条例》第三十条", "r3_6", "r3_6_1", by_applicant=True),
    _o("fee_not_paid", OTHR, "申请人逾期未按收费通知要求缴纳费用", "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", "r3_6", "r3_6_2", by_applicant=True),
    _o("withdrawn_or_other", OTHR, "申请人撤回申请或其他情形", "《条例》第三十六条", "r3_6", "r3_6_3", by_applicant=True),
)
OUTCOME_BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}


def outcomes_of(reply_type: ReplyType) -> tuple[Outcome, ...]:
    return tuple(o for o in OUTCOMES if o.reply_type == reply_type)


def outcome_row(code: str, edition_id: str) -> str:
    """The table 三 leaf row an outcome counts in, for an edition ("2019" or "2021")."""
    return OUTCOME_BY_CODE[code].row(edition_id)


# Remedies paragraph of every reply letter: 《行政复议法》 and 《行政诉讼法》 time limits.
REMEDY_REVIEW_DAYS = 60
REMEDY_LITIGATION_MONTHS = 6
REMEDIES_TEXT = (
    "如对本答复不服，可以自收到本答复之日起{days}日内向{review_organ}申请行政复议，"
    "或者在{months}个月内向{court}提起行政诉讼。"
)

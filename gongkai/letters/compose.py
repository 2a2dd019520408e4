"""What a letter says: the context normalised, the body paragraphs, the legal basis and the remedies.

:func:`compose` turns ``(kind, context)`` into a :class:`Composition`, a layout-free description of the
letter that the DOCX writer, the PDF writer and the placeholder filler of agency templates all read.
The reasons, labels and articles of reply letters come from :data:`gongkai.law.categories.OUTCOMES`;
this module only holds the sentence around them for each reply type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gongkai.law.categories import (
    OUTCOME_BY_CODE,
    Outcome,
    ReplyType,
    outcomes_of,
)
from gongkai.law.deadlines import MAX_EXTENSION_WD, OTHER_ORGAN_WD, PAYMENT_WD, REPLY_WD, THIRD_PARTY_WD
from gongkai.law.holidays import MEASURES
from gongkai.law.records import RECORD_OUTCOMES, RecordOutcome
from gongkai.law.remedies import remedies

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
BLANK = "________"
BLANK_DATE = "    年  月  日"

REPLY_KIND_PREFIX = "reply_"


def reply_kind(reply_type: ReplyType | str) -> str:
    """The letter kind of the reply letter for a reply type, e.g. ``reply_partial``."""
    return f"{REPLY_KIND_PREFIX}{ReplyType(reply_type).value}"


def reply_type_of(kind: str) -> ReplyType | None:
    if kind.startswith(REPLY_KIND_PREFIX):
        return ReplyType(kind[len(REPLY_KIND_PREFIX) :])
    return None


NOTICE_KINDS: dict[str, str] = {
    "receipt": "政府信息公开申请登记回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "third_party": "政府信息公开第三方意见征询函",
    "third_party_override": "政府信息公共利益公开告知书",
    "other_organ": "政府信息公开征求意见函",
    "fee_notice": "政府信息公开信息处理费收费通知书",
    "record_reply": "政府信息记录更正申请答复书",
}
REPLY_TITLE = "政府信息公开申请答复书"
LETTER_KINDS: dict[str, str] = {
    **NOTICE_KINDS,
    **{reply_kind(rt): f"{REPLY_TITLE}（{rt.label}）" for rt in ReplyType},
}
# Letters that decide something a person can challenge: they carry the remedies paragraph.
DECISION_KINDS: frozenset[str] = frozenset(
    {reply_kind(rt) for rt in ReplyType} | {"third_party_override", "record_reply"}
)

# How each letter ends (公文 closing formula).
_CLOSING = {
    "receipt": "特此回执。",
    "third_party": "特此函询。",
    "other_organ": "特此函询。",
    "fee_notice": "特此通知。",
    "third_party_override": "特此告知。",
}


# --------------------------------------------------------------------------- reading the context


def get(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` for mappings, ``obj.key`` otherwise; ``default`` when missing or None."""
    if obj is None:
        return default
    value = obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)
    return default if value is None else value


def text(value: Any, default: str = BLANK) -> str:
    if value is None:
        return default
    value = str(value).strip()
    return value or default


def as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_text(value: Any, default: str = BLANK_DATE) -> str:
    """GB/T 9704-2012 dates: Arabic numerals, e.g. 2026年11月27日. Unparseable strings pass through."""
    d = as_date(value)
    if d is None:
        return text(value, default) if value not in (None, "") else default
    return f"{d.year}年{d.month}月{d.day}日"


def full_article(article: str) -> str:
    """"《条例》第三十六条第（二）项" → "《中华人民共和国政府信息公开条例》第三十六条第（二）项"."""
    return article.replace("《条例》", REGULATION)


def money(value: Any) -> str:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return text(value)
    return f"{amount:,.2f}".replace(",", "") if amount != int(amount) else str(int(amount))


def lines_of(value: Any) -> list[str]:
    """A string (split on blank lines/newlines) or a list of strings → a list of non-empty paragraphs."""
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.splitlines() if p.strip()]
    return [str(p).strip() for p in value if str(p).strip()]


# --------------------------------------------------------------------------- the composition


@dataclass
class FeeTable:
    """Breakdown of the information processing fee: header + rows + total row."""

    rows: list[list[str]]


@dataclass
class Composition:
    kind: str
    title: str
    agency_name: str
    letter_no: str
    addressee: str
    body: list[str | FeeTable]
    basis: str
    remedies: str | None
    closing: str
    date: str
    note: str  # 附注: contact of the disclosure office
    issued_on: dt.date | None = None
    placeholders: dict[str, str] = field(default_factory=dict)

    def paragraphs(self) -> list[str]:
        """Every text line of the letter, in order (for tests and plain-text previews)."""
        out = [self.agency_name, self.letter_no, self.title, f"{self.addressee}："]
        for block in self.body:
            if isinstance(block, FeeTable):
                out.extend("  ".join(r) for r in block.rows)
            else:
                out.append(block)
        if self.remedies:
            out.append(self.remedies)
        out += [self.closing, self.agency_name, self.date, self.note]
        return out


def _outcome_for(kind: str, context: Mapping[str, Any]) -> Outcome | None:
    reply_type = reply_type_of(kind)
    if reply_type is None:
        return None
    code = get(context, "outcome")
    if code:
        outcome = OUTCOME_BY_CODE.get(str(code))
        if outcome is None:
            raise ValueError(f"未知的答复理由代码：{code}")
        if outcome.reply_type != reply_type:
            raise ValueError(f"答复理由“{outcome.full_label}”不属于{reply_type.label}，不能用于该答复书")
        return outcome
    return outcomes_of(reply_type)[0]


def remedies_text(agency: Any, *, decision: str = "本答复", on: dt.date | None = None,
                  reply_type: str | None = None) -> str:
    """The remedies paragraph for a decision of ``agency`` dated ``on`` (see gongkai/law/remedies.py): the review
    organ from the agency's kind and parent (or its own setting), 复议前置 for a refusal since 2024."""
    parent = get(agency, "parent")
    parent_name = text(get(parent, "name") if parent is not None and not isinstance(parent, str) else parent, "")
    return remedies(
        on=on, reply_type=reply_type, kind=text(get(agency, "kind"), ""), agency_name=text(get(agency, "name"), ""),
        parent_name=parent_name or text(get(agency, "parent_name"), ""),
        override=text(get(agency, "review_organ"), ""), court=text(get(agency, "court"), ""), decision=decision,
    ).text


# A date computed from estimated working days (the State Council has not published the year's holiday
# arrangement yet, see gongkai/law/holidays.py). What a court reviews is whether the organ answered within
# the statutory period (《条例》第三十三条) and whether what it told the applicant was true. The period is
# fixed by the statute and does not depend on the notice; the date does. A date stated flatly that later
# proves wrong is a false statement in an official document: if later than the true end of the period it
# cannot extend it (the reply is late all the same), and it misleads the applicant about when he may apply
# for review of the organ's inaction. The period alone is always right but leaves the applicant to count
# working days, which the organ is there to do. So the letter states the period and its legal basis as the
# operative words, then the date as a computation under the 办法 expressly subject to the State Council's
# arrangement ("以……为准"): the binding part cannot be wrong, the date informs, and nothing is blank.
def provisional_caveat(ctx: Mapping[str, Any]) -> str:
    """The sentence that follows a provisionally computed date in a letter ("" for a firm date)."""
    if not get(ctx, "due_provisional", False):
        return ""
    reason = text(get(ctx, "provisional_reason"), "").rstrip("。")
    why = f"（{reason}）" if reason else ""
    return (
        f"上述日期系按{MEASURES}规定的法定节假日推算{why}；国务院办公厅公布节假日安排后工作日如有调整，"
        "以按调整后的工作日计算的期限为准。"
    )


def period_caveat(ctx: Mapping[str, Any]) -> str:
    """After a date given to the addressee (补正, payment, a consultation's answer) that was computed
    provisionally: the organ only ever lengthens such a period once the arrangement is published, so the
    stated date is one the addressee may rely on."""
    if not get(ctx, "period_provisional", False):
        return ""
    reason = text(get(ctx, "period_provisional_reason"), "").rstrip("。")
    why = f"（{reason}）" if reason else ""
    return f"上述期限系按{MEASURES}规定的法定节假日推算{why}；节假日安排公布后，期限只会相应延后，不会提前。"


def _fee_table(fee: Any) -> tuple[FeeTable, list[str]]:
    rows = [["计费档次", "数量", "标准（元）", "金额（元）"]]
    summary: list[str] = []
    for line in get(fee, "lines", None) or get(fee, "breakdown", None) or []:
        if isinstance(line, str):
            rows.append([line, "", "", ""])
            summary.append(line)
            continue
        label = text(get(line, "label"), "")
        count, rate, subtotal = get(line, "count", ""), get(line, "rate", ""), get(line, "subtotal", "")
        rows.append([label, str(count), money(rate), money(subtotal)])
        summary.append(f"{label}：{count}×{money(rate)}元={money(subtotal)}元")
    rows.append(["合计", "", "", money(_fee_amount(fee))])
    return FeeTable(rows), summary


def _fee_amount(fee: Any) -> Any:
    if isinstance(fee, int | float):
        return fee
    return get(fee, "amount", get(fee, "total", None))


def compose(kind: str, context: Mapping[str, Any] | None) -> Composition:
    """Describe the letter ``kind`` for ``context`` (see :mod:`gongkai.letters.render` for the keys)."""
    if kind not in LETTER_KINDS:
        raise ValueError(f"未知的文书类型：{kind}")
    ctx: Mapping[str, Any] = context or {}
    agency = get(ctx, "agency", {})
    applicant = get(ctx, "applicant", {})
    application = get(ctx, "application", {})
    third = get(ctx, "third_party", {})
    if isinstance(third, str):
        third = {"name": third}
    other = get(ctx, "other_organ", {})
    if isinstance(other, str):
        other = {"name": other}

    agency_name = text(get(agency, "name"), "（机关名称）")
    tracking = text(get(application, "tracking_no"))
    received = date_text(get(application, "received_on"))
    description = text(get(application, "description"))
    you = "您（单位）"
    request_ref = f"本机关于{received}收到{you}提出的政府信息公开申请（申请编号：{tracking}）"
    request_ref_3p = f"本机关于{received}收到申请人提出的政府信息公开申请（申请编号：{tracking}），申请获取以下政府信息：“{description}”"
    answer = lines_of(get(ctx, "answer"))
    outcome = _outcome_for(kind, ctx)

    addressee = text(get(applicant, "name"))
    body: list[str | FeeTable] = []
    basis = REGULATION
    decision_word = "本答复"
    fee_summary: list[str] = []

    if kind == "receipt":
        basis = f"{REGULATION}第三十一条、第三十三条"
        submitted = get(application, "submitted_on") or get(application, "received_on")
        channel = get(application, "channel_label") or get(application, "channel")
        via = f"通过{channel}" if channel else ""
        body.append(
            f"{you}于{date_text(submitted)}{via}提出的政府信息公开申请已收悉，本机关已予登记，"
            f"申请编号：{tracking}。申请获取的政府信息：“{description}”。"
        )
        due = date_text(get(ctx, "due_date"), "")
        body.append(
            f"根据{REGULATION}第三十一条的规定，本机关收到申请的日期为{received}。根据第三十三条第二款的规定，"
            f"本机关将自收到申请之日起{REPLY_WD}个工作日内予以答复"
            + (f"（答复期限：{due}）" if due else "") + "；"
            f"需要延长答复期限的，将另行书面告知，延长的期限最长不超过{MAX_EXTENSION_WD}个工作日。"
            "征求第三方和其他机关意见所需时间不计算在答复期限内。"
            + (provisional_caveat(ctx) if due else "")
        )
        if get(ctx, "tracking_hint", True):
            body.append("您可以凭申请编号和查询码在政府信息公开平台查询办理进度、下载答复文书。")
    elif kind == "correction":
        basis = f"{REGULATION}第三十条"
        body.append(f"{request_ref}，申请获取：“{description}”。")
        body.append(f"经审查，您的申请内容不明确。根据{basis}的规定，请您对申请作出如下补正：")
        items = lines_of(get(ctx, "correction_items")) or [
            "请明确所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。"
        ]
        body.extend(f"{i}. {item}" for i, item in enumerate(items, 1))
        body.append(
            f"请于{date_text(get(ctx, 'correction_due'))}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。"
            "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            + period_caveat(ctx)
        )
    elif kind == "extension":
        basis = f"{REGULATION}第三十三条第二款"
        reason = text(get(ctx, "extension_reason"), "所申请政府信息涉及内容较多，需要进一步查找、核实")
        wd = text(get(ctx, "extension_wd"), "20")
        body.append(f"{request_ref}，申请获取：“{description}”。")
        new_due = date_text(get(ctx, "new_due"), "")
        original = as_date(get(ctx, "original_due"))
        body.append(
            f"因{reason}，本机关不能在法定期限内作出答复。根据{basis}的规定，经本机关政府信息公开工作机构负责人同意，"
            f"答复期限延长{wd}个工作日"
            + (f"（原答复期限：{date_text(original)}）" if original else "")
            + (f"，本机关将于{new_due}前作出答复。" if new_due else "，本机关将在延长后的答复期限内作出答复。")
            + (provisional_caveat(ctx) if new_due else "")
        )
    elif kind == "third_party":
        basis = f"{REGULATION}第三十二条"
        addressee = text(get(third, "name"))
        body.append(f"{request_ref_3p}。")
        body.append(
            f"经审查，本机关认为公开该政府信息可能损害{you}的合法权益。根据{basis}的规定，现书面征求{you}的意见。"
            f"请于{date_text(get(ctx, 'third_party_due'))}前（自收到本函之日起{THIRD_PARTY_WD}个工作日内）提出书面意见，"
            "明确是否同意公开；不同意公开的，请说明理由。"
            + period_caveat(ctx)
        )
        body.append(
            "逾期未提出意见的，由本机关依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；"
            "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。"
        )
    elif kind == "third_party_override":
        basis = f"{REGULATION}第三十二条"
        decision_word = "本决定"
        addressee = text(get(third, "name"))
        replied = get(ctx, "third_party_replied_on")
        reply_part = f"，{you}于{date_text(replied)}回复不同意公开" if replied else ""
        body.append(f"{request_ref_3p}。本机关已就此书面征求{you}的意见{reply_part}。")
        body.append(
            f"经审查，本机关认为不公开该政府信息可能对公共利益造成重大影响，理由如下："
            f"{text(get(ctx, 'public_interest_reason'))}。根据{basis}的规定，本机关决定予以公开。"
            f"决定公开的政府信息内容：{text(get(ctx, 'disclosed_content'), description)}。"
        )
    elif kind == "other_organ":
        basis = f"{REGULATION}第三十四条"
        addressee = text(get(other, "name"))
        body.append(f"{request_ref_3p}。")
        body.append(
            f"该政府信息由本机关与贵机关共同制作。根据{basis}的规定，现征求贵机关意见，请于"
            f"{date_text(get(ctx, 'other_organ_due'))}前（自收到本函之日起{OTHER_ORGAN_WD}个工作日内）提出书面意见。"
            "逾期未提出意见的，视为同意公开。"
            + period_caveat(ctx)
        )
    elif kind == "fee_notice":
        fee = get(ctx, "fee", {})
        basis = f"{REGULATION}第四十二条和{FEE_MEASURES}"
        method = get(fee, "method")
        method_label = {"per_application": "按件计收", "per_page": "按量计收"}.get(str(method), text(method, ""))
        method_part = f"（{method_label}）" if method_label else ""
        table, fee_summary = _fee_table(fee)
        body.append(f"{request_ref}，申请获取：“{description}”。")
        body.append(
            f"根据{basis}的规定，您的申请超出免费范围，本机关决定收取信息处理费，"
            f"共计人民币{money(_fee_amount(fee)) if _fee_amount(fee) is not None else BLANK}元{method_part}，计费明细如下："
        )
        body.append(table)
        pay_way = text(get(fee, "payment_method"), "请与本机关政府信息公开工作机构联系")
        body.append(
            f"请于{date_text(get(fee, 'payment_due', get(ctx, 'payment_due')))}前（自收到本通知之日起{PAYMENT_WD}个工作日内）"
            f"缴纳上述费用，缴费方式：{pay_way}。本机关收到费用后向您提供政府信息。"
            "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            + period_caveat(ctx)
        )
    elif kind == "record_reply":
        basis = f"{REGULATION}第四十一条"
        req = get(ctx, "record_request", {})
        body.append(
            f"本机关于{date_text(get(req, 'received_on'))}收到{you}提出的政府信息记录更正申请（编号：{text(get(req, 'number'))}），"
            f"要求将“{text(get(req, 'record'))}”更正为“{text(get(req, 'correction'))}”。现答复如下："
        )
        code = str(get(ctx, "record_outcome", RecordOutcome.CORRECTED.value))
        try:
            info = RECORD_OUTCOMES[RecordOutcome(code)]
        except ValueError:
            raise ValueError(f"未知的更正申请答复结果：{code}") from None
        sentence = info.sentence.format(organ=text(get(ctx, "record_organ")),
                                        reason=text(get(ctx, "record_reason")).rstrip("。"))
        body.append(f"根据{basis}的规定，{sentence}" + ("" if sentence.endswith("。") else "。"))
    else:
        assert outcome is not None
        basis = full_article(outcome.article)
        rt = outcome.reply_type
        reason = outcome.label
        body.append(f"{request_ref}，申请获取：“{description}”。现答复如下：")
        if rt == ReplyType.OPEN:
            body.append(f"经审查，您申请获取的政府信息属于公开范围。根据{basis}的规定，本机关的答复为：{reason}。")
        elif rt == ReplyType.PARTIAL:
            withheld = text(get(ctx, "withheld_detail"))
            sub = OUTCOME_BY_CODE.get(str(get(ctx, "withheld_reason", "")))
            sub_basis = f"，依据{full_article(sub.article)}（{sub.label}）" if sub else ""
            body.append(
                f"经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
                f"根据{basis}的规定，本机关决定部分公开，向您提供可以公开的政府信息内容。"
            )
            body.append(f"不予公开的内容及理由：{withheld}{sub_basis}。")
        elif rt == ReplyType.WITHHELD:
            body.append(
                f"经审查，您申请获取的政府信息属于{reason.removeprefix('属于')}的情形，"
                f"根据{basis}的规定，本机关不予公开。"
            )
        elif rt == ReplyType.UNAVAILABLE:
            body.append(f"经查，您申请获取的政府信息存在以下情形：{reason}。根据{basis}的规定，本机关无法提供。")
            organ = get(ctx, "responsible_organ")
            if organ:
                contact = get(organ, "phone")
                body.append(
                    f"该政府信息的公开机关为{text(get(organ, 'name', organ if isinstance(organ, str) else None))}"
                    + (f"，联系方式：{contact}" if contact else "")
                    + "。"
                )
        elif rt == ReplyType.NOT_PROCESSED:
            body.append(f"经审查，您的申请存在以下情形：{reason}。根据{basis}的规定，本机关不予处理。")
        elif rt == ReplyType.OTHER:
            body.append(f"因{reason}，根据{basis}的规定，本机关不再处理您的政府信息公开申请。")
        else:  # a reply type of gongkai.law.categories without its wording here: never fall into another's
            raise ValueError(f"答复书没有“{rt.label}”的措辞")
    body.extend(answer)

    remedies_par = (
        remedies_text(agency, decision=decision_word, on=as_date(get(ctx, "date")),
                      reply_type=outcome.reply_type.value if outcome else None)
        if kind in DECISION_KINDS else None
    )
    closing = _CLOSING.get(kind, "特此答复。" if kind in DECISION_KINDS else "特此告知。")
    office = text(get(agency, "office_name"), agency_name)
    note_bits = [f"联系单位：{office}"]
    if get(agency, "address"):
        note_bits.append(f"地址：{get(agency, 'address')}")
    if get(agency, "phone"):
        note_bits.append(f"电话：{get(agency, 'phone')}")
    note = "（" + "；".join(note_bits) + "）"
    title = REPLY_TITLE if reply_type_of(kind) else LETTER_KINDS[kind]
    letter_no = text(get(ctx, "letter_no"), "")
    comp = Composition(
        kind=kind,
        title=title,
        agency_name=agency_name,
        letter_no=letter_no,
        addressee=addressee,
        body=body,
        basis=basis,
        remedies=remedies_par,
        closing=closing,
        date=date_text(get(ctx, "date")),
        note=note,
        issued_on=as_date(get(ctx, "date")),
    )
    fee = get(ctx, "fee", {})
    comp.placeholders = {
        "机关名称": agency_name,
        "机关简称": text(get(agency, "short_name"), agency_name),
        "工作机构": office,
        "机关地址": text(get(agency, "address"), ""),
        "机关电话": text(get(agency, "phone"), ""),
        "复议机关": text(get(agency, "review_organ"), ""),
        "管辖法院": text(get(agency, "court"), ""),
        "文号": letter_no,
        "标题": title,
        "日期": comp.date,
        "主送": addressee,
        "申请人": text(get(applicant, "name")),
        "申请人地址": text(get(applicant, "address"), ""),
        "申请编号": tracking,
        "收到日期": received,
        "申请内容": description,
        "答复内容": "\n".join(b for b in body if isinstance(b, str)),
        "答复类型": outcome.reply_type.label if outcome else "",
        "答复理由": outcome.label if outcome else "",
        "法律依据": basis,
        "救济途径": remedies_par or "",
        "答复期限": date_text(get(ctx, "due_date"), ""),
        "补正期限": date_text(get(ctx, "correction_due"), ""),
        "延长天数": text(get(ctx, "extension_wd"), ""),
        "延期后期限": date_text(get(ctx, "new_due"), ""),
        "不予公开内容": text(get(ctx, "withheld_detail"), ""),
        "第三方": text(get(third, "name"), ""),
        "收费金额": money(_fee_amount(fee)) if _fee_amount(fee) is not None else "",
        "收费明细": "\n".join(fee_summary),
        "缴费期限": date_text(get(fee, "payment_due", get(ctx, "payment_due")), ""),
        "结束语": closing,
        "附注": note,
    }
    return comp


PLACEHOLDER_HELP: dict[str, str] = {
    "机关名称": "本机关全称",
    "机关简称": "本机关简称",
    "工作机构": "政府信息公开工作机构",
    "机关地址": "办公地址",
    "机关电话": "联系电话",
    "复议机关": "行政复议机关",
    "管辖法院": "管辖人民法院",
    "文号": "发文字号，如 宝规资信〔2026〕第12号",
    "标题": "文书标题",
    "日期": "成文日期（阿拉伯数字）",
    "主送": "主送对象（申请人、第三方或被征求意见机关）",
    "申请人": "申请人姓名或名称",
    "申请人地址": "申请人通信地址",
    "申请编号": "申请编号",
    "收到日期": "本机关收到申请的日期",
    "申请内容": "申请获取的政府信息描述",
    "答复内容": "正文（含法律依据，多段以换行分隔）",
    "答复类型": "答复类型，如 部分公开",
    "答复理由": "答复理由，如 本机关不掌握相关政府信息",
    "法律依据": "法律依据及条款，如 《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    "救济途径": "行政复议、行政诉讼告知段落（仅答复类文书）",
    "答复期限": "答复期限（登记回执）",
    "补正期限": "补正期限（补正告知书）",
    "延长天数": "延长的工作日数（延期答复告知书）",
    "延期后期限": "延期后的答复期限",
    "不予公开内容": "部分公开时不予公开的内容及理由",
    "第三方": "第三方名称",
    "收费金额": "信息处理费金额（元）",
    "收费明细": "计费明细（多行）",
    "缴费期限": "缴费期限",
    "结束语": "特此答复。/特此告知。等",
    "附注": "联系单位、地址、电话",
}

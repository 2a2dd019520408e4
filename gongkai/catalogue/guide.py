"""The 政府信息公开指南 (Art. 12, legal-spec 5.3) and 政府信息公开制度 generated from an agency's settings.

An agency admin may replace either text (``actions.set_agency_text``); the edited text is stored in
the agency's settings (``guide_text`` / ``system_text``) and shown instead of the generated one.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.law.deadlines import ART_26, CORRECTION_NOTICE_WD, MAX_EXTENSION_WD, PUBLICATION_WD, REPLY_WD
from gongkai.law.fees import PER_APPLICATION_SCHEDULE, PER_PAGE_SCHEDULE
from gongkai.law.proactive import ARTICLE_20_ITEMS, CN_NUMERALS

CHANNEL_LABELS = {
    "online": "通过本平台“依申请公开”栏目在线提交",
    "in_person": "到本机关政府信息公开工作机构当面提交",
    "post": "以信函方式邮寄提交（请在信封左下角注明“政府信息公开申请”字样）",
    "fax": "通过传真提交",
    "email": "通过电子邮件提交",
}


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


def _bands(schedule) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for band in schedule.bands:
        parts.append(f"{schedule.label(band)}{'免费' if band.rate == 0 else f'{band.rate}元/{schedule.unit}'}")
    return "，".join(parts)


def generated_guide(agency) -> list[Section]:  # type: ignore[no-untyped-def]
    office = agency.office_name or agency.name
    contacts = [f"名称：{office}"]
    for label, value in (("办公地址", agency.address), ("邮政编码", agency.postcode), ("办公时间", agency.office_hours),
                         ("联系电话", agency.phone), ("传真", agency.fax), ("电子邮箱", agency.email),
                         ("网站", agency.website)):
        contacts.append(f"{label}：{value or '（未设置）'}")
    channels = [CHANNEL_LABELS.get(c, c) for c in agency.setting("channels")]
    return [
        Section("一、主动公开", [
            "（一）公开范围。本机关依照《中华人民共和国政府信息公开条例》（以下简称《条例》）第十九条、第二十条、第二十一条，"
            "主动公开涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，包括："
            + "；".join(f"（{CN_NUMERALS[n]}）{i.label}" for n, i in enumerate(ARTICLE_20_ITEMS)) + "。",
            "（二）信息分类与编排。主动公开的政府信息按《条例》第二十条所列事项分类编排，每条信息标注索引号、名称、内容概述、"
            "发布机构、成文日期、发布日期、文号、主题分类和有效性。索引号由机构代码、年份和流水号组成。",
            "（三）公开方式。通过本机关政府信息公开专栏（本平台）主动公开，并可通过政府公报、新闻发布会以及报刊、广播、电视等途径公开；"
            "公众可在国家档案馆、公共图书馆和政务服务场所查阅。",
            f"（四）公开时限。属于主动公开范围的政府信息，自该政府信息形成或者变更之日起{PUBLICATION_WD}个工作日内予以公开"
            "（《条例》第二十六条）；法律、法规对公开期限另有规定的，从其规定。",
        ]),
        Section("二、依申请公开", [
            "（一）受理机构。" + "；".join(contacts) + "。",
            "（二）申请方式。" + "；".join(channels) + "。本机关不接受电话、短信方式提出的申请。",
            "（三）申请内容。申请书应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于"
            "查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径（《条例》第二十九条）。",
            f"（四）补正。申请内容不明确的，本机关自收到申请之日起{CORRECTION_NOTICE_WD}个工作日内一次性告知申请人作出补正，"
            "说明需要补正的事项和合理的补正期限；答复期限自收到补正的申请之日起计算（《条例》第三十条）。",
            f"（五）答复期限。能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起{REPLY_WD}个工作日内予以答复；"
            f"需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过{MAX_EXTENSION_WD}个工作日"
            "（《条例》第三十三条）。征求第三方和其他机关意见所需时间不计算在前述期限内。",
            "（六）答复类型。本机关依照《条例》第三十六条，根据不同情况分别作出予以公开、部分公开、不予公开、无法提供、不予处理等答复。",
            "（七）收费。本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
            "可以依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费："
            f"按件计收的，同一申请人一个自然月内累计申请{_bands(PER_APPLICATION_SCHEDULE)}，31件以上每10件为一档，每档标准增加100元；"
            f"按量计收的，{_bands(PER_PAGE_SCHEDULE)}。",
        ]),
        Section("三、监督和救济", [
            "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报；"
            f"也可以依法申请行政复议（复议机关：{agency.review_organ or '（未设置）'}）或者提起行政诉讼（{agency.court or '（未设置）'}）"
            "（《条例》第五十一条）。",
        ]),
    ]


def generated_system(agency) -> list[Section]:  # type: ignore[no-untyped-def]
    return [
        Section("政府信息公开工作制度", [
            f"一、{agency.name}政府信息公开工作由{agency.office_name or '本机关政府信息公开工作机构'}负责日常工作（《条例》第四条）。",
            "二、公开属性审查制度。政府信息形成时，由起草人提出主动公开、依申请公开或者不予公开的属性意见，并完成保密审查；"
            "办公室审核；机关负责人签发后确定公开属性（《条例》第十七条）。",
            f"三、主动公开制度。确定为主动公开的政府信息，自形成或者变更之日起{PUBLICATION_WD}个工作日内在政府信息公开专栏发布"
            f"（{ART_26}）。",
            "四、依申请公开制度。依照《条例》第四章受理、办理政府信息公开申请，按期答复。",
            "五、动态调整制度。每年对不予公开的政府信息进行定期评估审查，对因情势变化可以公开的，予以公开；对申请人申请公开较为集中的"
            "政府信息，可以纳入主动公开的范围（《条例》第十八条、第四十四条）。",
            "六、年度报告制度。每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告（《条例》第四十九条）。",
        ]),
    ]


def text_sections(text: str) -> list[Section]:
    """An edited text shown as one section of paragraphs (one per line)."""
    return [Section("", [line.strip() for line in text.splitlines() if line.strip()])]


def guide_sections(agency) -> list[Section]:  # type: ignore[no-untyped-def]
    text = (agency.settings or {}).get("guide_text")
    return text_sections(text) if text else generated_guide(agency)


def system_sections(agency) -> list[Section]:  # type: ignore[no-untyped-def]
    text = (agency.settings or {}).get("system_text")
    return text_sections(text) if text else generated_system(agency)


def as_text(sections: list[Section]) -> str:
    out = []
    for s in sections:
        if s.heading:
            out.append(s.heading)
        out.extend(s.paragraphs)
    return "\n".join(out)

"""Proactive disclosure (主动公开) as data: the Art. 20 items, the Art. 21 areas, item kinds, validity and
the disclosure attribute with its legal reasons (legal-spec 1.1, 1.2 and 5.2). Pure Python, no Django.

Catalogue models, forms, the public 专栏 and table 二 derive from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.law.categories import OUTCOMES, ReplyType

CN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")


@dataclass(frozen=True)
class ProactiveItem:
    """One statutory item of proactive disclosure (a sub-column of 法定主动公开内容)."""

    code: str
    article: str
    label: str

    @property
    def full_label(self) -> str:
        return f"{self.article} {self.label}"


_A20_LABELS = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)

#: Art. 20 (一)-(十五), labels verbatim (legal-spec 1.2).
ARTICLE_20_ITEMS: tuple[ProactiveItem, ...] = tuple(
    ProactiveItem(f"a20_{i}", f"第二十条第（{CN_NUMERALS[i - 1]}）项", label)
    for i, label in enumerate(_A20_LABELS, start=1)
)

#: Art. 21: further areas for city/county governments and their departments, and for townships.
ARTICLE_21_CITY_AREAS: tuple[str, ...] = ("市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助")
ARTICLE_21_TOWNSHIP_AREAS: tuple[str, ...] = (
    "农业农村政策", "农田水利工程建设运营", "农村土地承包经营权流转", "宅基地使用情况审核",
    "土地征收", "房屋征收", "筹资筹劳", "社会救助",
)
ARTICLE_21_ITEMS: tuple[ProactiveItem, ...] = (
    ProactiveItem("a21_city", "第二十一条", "设区的市级、县级人民政府及其部门：" + "、".join(ARTICLE_21_CITY_AREAS) + "等"),
    ProactiveItem("a21_township", "第二十一条", "乡（镇）人民政府：" + "、".join(ARTICLE_21_TOWNSHIP_AREAS) + "等"),
)

ITEMS: tuple[ProactiveItem, ...] = ARTICLE_20_ITEMS + ARTICLE_21_ITEMS
ITEM_BY_CODE: dict[str, ProactiveItem] = {i.code: i for i in ITEMS}


@dataclass(frozen=True)
class ItemKind:
    """What kind of information an item is; ``item`` is its usual Art. 20 item, ``t2_row`` the table 二
    row it counts in (None if it counts in none)."""

    code: str
    label: str
    item: str
    t2_row: str | None = None


KINDS: tuple[ItemKind, ...] = (
    ItemKind("rules", "规章", "a20_1", "rules"),
    ItemKind("normative", "行政规范性文件", "a20_1", "normative"),
    ItemKind("organisation", "机构职能", "a20_2"),
    ItemKind("plan", "规划", "a20_3"),
    ItemKind("statistics", "统计信息", "a20_4"),
    ItemKind("license", "行政许可决定", "a20_5", "license"),
    ItemKind("other_services", "其他对外管理服务事项", "a20_5", "other_services"),
    ItemKind("penalty", "行政处罚决定", "a20_6", "penalty"),
    ItemKind("coercion", "行政强制决定", "a20_6", "coercion"),
    ItemKind("budget", "财政预决算", "a20_7"),
    ItemKind("fee", "行政事业性收费", "a20_8", "fees"),
    ItemKind("procurement", "政府集中采购", "a20_9", "procurement"),
    ItemKind("major_project", "重大项目", "a20_10"),
    ItemKind("livelihood", "民生政策措施", "a20_11"),
    ItemKind("emergency", "应急管理", "a20_12"),
    ItemKind("inspection", "监督检查", "a20_13"),
    ItemKind("recruitment", "公务员招考", "a20_14"),
    ItemKind("land_expropriation", "土地征收", "a21_city"),
    ItemKind("other", "其他", "a20_15"),
)
KIND_BY_CODE: dict[str, ItemKind] = {k.code: k for k in KINDS}
KIND_BY_T2_ROW: dict[str, ItemKind] = {k.t2_row: k for k in KINDS if k.t2_row}


class Validity(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REPEALED = "repealed"

    @property
    def label(self) -> str:
        return VALIDITY_LABELS[self]


VALIDITY_LABELS: dict[Validity, str] = {Validity.VALID: "有效", Validity.EXPIRED: "失效", Validity.REPEALED: "废止"}


class Attribute(StrEnum):
    """公开属性 (Art. 13: two modes; Arts. 14-16: not disclosed)."""

    PROACTIVE = "proactive"
    ON_REQUEST = "on_request"
    WITHHELD = "withheld"

    @property
    def label(self) -> str:
        return ATTRIBUTE_LABELS[self]


ATTRIBUTE_LABELS: dict[Attribute, str] = {
    Attribute.PROACTIVE: "主动公开",
    Attribute.ON_REQUEST: "依申请公开",
    Attribute.WITHHELD: "不予公开",
}


@dataclass(frozen=True)
class AttributeReason:
    code: str
    attribute: Attribute
    label: str
    article: str


#: Reasons for 不予公开: the withholding outcomes of gongkai.law.categories (Arts. 14-16) that concern
#: the information itself (the 行政查询 outcomes concern an application, not a document).
_WITHHOLDING = tuple(
    o for o in OUTCOMES if o.reply_type == ReplyType.WITHHELD and o.row_2019 != "r3_3_8"
)
#: Reasons for 依申请公开: information not meeting the Art. 19 criteria for proactive disclosure.
ATTRIBUTE_REASONS: tuple[AttributeReason, ...] = (
    AttributeReason("art19_not_met", Attribute.ON_REQUEST, "不属于涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的信息",
                    "《条例》第十九条"),
    AttributeReason("specific_party", Attribute.ON_REQUEST, "仅涉及特定对象，宜依申请公开", "《条例》第十三条、第二十七条"),
) + tuple(AttributeReason(o.code, Attribute.WITHHELD, o.label, o.article) for o in _WITHHOLDING)
REASON_BY_CODE: dict[str, AttributeReason] = {r.code: r for r in ATTRIBUTE_REASONS}

#: Art. 18: withheld information is reviewed periodically; the platform proposes a yearly review.
SELF_REVIEW_INTERVAL_DAYS = 365

"""The two national annual-report formats as data (legal-spec section 3, Appendix A.1).

* gb2019: 国办公开办函〔2019〕60号, 《中华人民共和国政府信息公开工作年度报告格式（试行）》, report years 2019-2020.
* gb2021: 国办公开办函〔2021〕30号, 《中华人民共和国政府信息公开工作年度报告格式》, report years from 2021.

Every label is verbatim; every id is the stable id of legal-spec Appendix A. The rest of the system
(report JSON, rendering, computing from the registers, the auditor) derives from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

ColumnType = Literal["int", "signed_int", "money", "wan_yuan"]


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    type: ColumnType = "int"


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    data: bool = True
    parent: str | None = None

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else (1 if self.parent == "r3" else 2)


@dataclass(frozen=True)
class SubTable:
    id: str
    heading: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    table: str | None = None

    @property
    def label(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Edition:
    id: Literal["2019", "2021"]
    code: str
    document: str
    format_title: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    t2: tuple[SubTable, ...]
    t3_rows: tuple[Row, ...]
    t3_columns: tuple[Column, ...] = field(default=())
    t4_columns: tuple[Column, ...] = field(default=())

    # -- derived views -------------------------------------------------
    @cached_property
    def t3_data_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.t3_rows if r.data)

    @cached_property
    def t3_row_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.t3_data_rows)

    @cached_property
    def t3_result_leaves(self) -> tuple[str, ...]:
        """Leaf rows of 三、本年度办理结果 that carry numbers, without （七）总计."""
        return tuple(
            r.id for r in self.t3_data_rows if r.id.startswith("r3_") and r.id != "r3_7_total"
        )

    def t3_row(self, row_id: str) -> Row:
        for r in self.t3_rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def subtable(self, subtable_id: str) -> SubTable:
        for s in self.t2:
            if s.id == subtable_id:
                return s
        raise KeyError(subtable_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_GROUP = "申请人情况"
T3_LEGAL_ENTITY_GROUP = "法人或其他组织"

T3_COLUMNS: tuple[Column, ...] = (
    Column("np", "自然人"),
    Column("le_com", "商业企业"),
    Column("le_res", "科研机构"),
    Column("le_soc", "社会公益组织"),
    Column("le_law", "法律服务机构"),
    Column("le_oth", "其他"),
    Column("total", "总计"),
)
T3_COLUMN_IDS: tuple[str, ...] = tuple(c.id for c in T3_COLUMNS)
T3_APPLICANT_COLUMN_IDS: tuple[str, ...] = T3_COLUMN_IDS[:6]

T4_GROUPS: tuple[tuple[str, str, str | None], ...] = (
    # (group id, label, parent label)
    ("rv", "行政复议", None),
    ("ld", "未经复议直接起诉", "行政诉讼"),
    ("la", "复议后起诉", "行政诉讼"),
)
T4_PARTS: tuple[tuple[str, str], ...] = (
    ("keep", "结果维持"),
    ("corr", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
T4_COLUMNS: tuple[Column, ...] = tuple(
    Column(f"{g}_{p}", label) for g, _, _ in T4_GROUPS for p, label in T4_PARTS
)
T4_COLUMN_IDS: tuple[str, ...] = tuple(c.id for c in T4_COLUMNS)


def _t3_rows(other_split: bool) -> tuple[Row, ...]:
    head = (
        Row("r1_new", "一、本年新收政府信息公开申请数量"),
        Row("r2_carry_in", "二、上年结转政府信息公开申请数量"),
        Row("r3", "三、本年度办理结果", data=False),
        Row("r3_1_open", "（一）予以公开", parent="r3"),
        Row("r3_2_partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", parent="r3"),
        Row("r3_3", "（三）不予公开", data=False, parent="r3"),
        Row("r3_3_1", "1.属于国家秘密", parent="r3_3"),
        Row("r3_3_2", "2.其他法律行政法规禁止公开", parent="r3_3"),
        Row("r3_3_3", "3.危及“三安全一稳定”", parent="r3_3"),
        Row("r3_3_4", "4.保护第三方合法权益", parent="r3_3"),
        Row("r3_3_5", "5.属于三类内部事务信息", parent="r3_3"),
        Row("r3_3_6", "6.属于四类过程性信息", parent="r3_3"),
        Row("r3_3_7", "7.属于行政执法案卷", parent="r3_3"),
        Row("r3_3_8", "8.属于行政查询事项", parent="r3_3"),
        Row("r3_4", "（四）无法提供", data=False, parent="r3"),
        Row("r3_4_1", "1.本机关不掌握相关政府信息", parent="r3_4"),
        Row("r3_4_2", "2.没有现成信息需要另行制作", parent="r3_4"),
        Row("r3_4_3", "3.补正后申请内容仍不明确", parent="r3_4"),
        Row("r3_5", "（五）不予处理", data=False, parent="r3"),
        Row("r3_5_1", "1.信访举报投诉类申请", parent="r3_5"),
        Row("r3_5_2", "2.重复申请", parent="r3_5"),
        Row("r3_5_3", "3.要求提供公开出版物", parent="r3_5"),
        Row("r3_5_4", "4.无正当理由大量反复申请", parent="r3_5"),
        Row("r3_5_5", "5.要求行政机关确认或重新出具已获取信息", parent="r3_5"),
    )
    if other_split:
        other: tuple[Row, ...] = (
            Row("r3_6", "（六）其他处理", data=False, parent="r3"),
            Row(
                "r3_6_1",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                parent="r3_6",
            ),
            Row(
                "r3_6_2",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                parent="r3_6",
            ),
            Row("r3_6_3", "3.其他", parent="r3_6"),
        )
    else:
        other = (Row("r3_6", "（六）其他处理", parent="r3"),)
    tail = (
        Row("r3_7_total", "（七）总计", parent="r3"),
        Row("r4_carry_out", "四、结转下年度继续办理"),
    )
    return head + other + tail


GB2019 = Edition(
    id="2019",
    code="gb2019",
    document="国办公开办函〔2019〕60号",
    format_title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    first_year=2019,
    last_year=2020,
    sections=(
        Section("s1", "一", "总体情况"),
        Section("s2", "二", "主动公开政府信息情况", table="t2"),
        Section("s3", "三", "收到和处理政府信息公开申请情况", table="t3"),
        Section("s4", "四", "政府信息公开行政复议、行政诉讼情况", table="t4"),
        # Official 2019 wording UNCONFIRMED (legal-spec 3.2); as used by S3.
        Section("s5", "五", "政府信息公开工作存在的主要问题及改进情况"),
        Section("s6", "六", "其他需要报告的事项"),
    ),
    t2=(
        SubTable(
            "t2_a20_1",
            "第二十条第（一）项",
            (Row("rules", "规章"), Row("normative", "规范性文件")),
            (
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_public", "对外公开总数量"),
            ),
        ),
        SubTable(
            "t2_a20_5",
            "第二十条第（五）项",
            (Row("license", "行政许可"), Row("other_services", "其他对外管理服务事项")),
            (
                Column("prev_items", "上一年项目数量"),
                Column("delta", "本年增/减", "signed_int"),
                Column("decisions", "处理决定数量"),
            ),
        ),
        SubTable(
            "t2_a20_6",
            "第二十条第（六）项",
            (Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
            (
                Column("prev_items", "上一年项目数量"),
                Column("delta", "本年增/减", "signed_int"),
                Column("decisions", "处理决定数量"),
            ),
        ),
        SubTable(
            "t2_a20_8",
            "第二十条第（八）项",
            (Row("fees", "行政事业性收费"),),
            (Column("prev_items", "上一年项目数量"), Column("delta", "本年增/减", "signed_int")),
        ),
        SubTable(
            "t2_a20_9",
            "第二十条第（九）项",
            (Row("procurement", "政府集中采购"),),
            (Column("projects", "采购项目数量"), Column("amount", "采购总金额", "money")),
        ),
    ),
    t3_rows=_t3_rows(other_split=False),
    t3_columns=T3_COLUMNS,
    t4_columns=T4_COLUMNS,
)

GB2021 = Edition(
    id="2021",
    code="gb2021",
    document="国办公开办函〔2021〕30号",
    format_title="中华人民共和国政府信息公开工作年度报告格式",
    first_year=2021,
    last_year=None,
    sections=(
        Section("s1", "一", "总体情况"),
        Section("s2", "二", "主动公开政府信息情况", table="t2"),
        Section("s3", "三", "收到和处理政府信息公开申请情况", table="t3"),
        Section("s4", "四", "政府信息公开行政复议、行政诉讼情况", table="t4"),
        Section("s5", "五", "存在的主要问题及改进情况"),
        Section("s6", "六", "其他需要报告的事项"),
    ),
    t2=(
        SubTable(
            "t2_a20_1",
            "第二十条第（一）项",
            (Row("rules", "规章"), Row("normative", "行政规范性文件")),
            (
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("valid", "现行有效件数"),
            ),
        ),
        SubTable(
            "t2_a20_5",
            "第二十条第（五）项",
            (Row("license", "行政许可"),),
            (Column("decisions", "本年处理决定数量"),),
        ),
        SubTable(
            "t2_a20_6",
            "第二十条第（六）项",
            (Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
            (Column("decisions", "本年处理决定数量"),),
        ),
        SubTable(
            "t2_a20_8",
            "第二十条第（八）项",
            (Row("fees", "行政事业性收费"),),
            # Printed in 万元; stored in 元 in the interchange format.
            (Column("amount", "本年收费金额（单位：万元）", "wan_yuan"),),
        ),
    ),
    t3_rows=_t3_rows(other_split=True),
    t3_columns=T3_COLUMNS,
    t4_columns=T4_COLUMNS,
)

EDITIONS: dict[str, Edition] = {GB2019.id: GB2019, GB2021.id: GB2021}

SECTION5_EXPECTED_S1_PARTS: tuple[str, ...] = (
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "政府信息公开平台建设",
    "监督保障",
)


class UnknownEdition(ValueError):
    pass


def edition_for_year(year: int) -> Edition:
    """The edition a report for ``year`` must use (rule FORMAT_BY_YEAR)."""
    for e in EDITIONS.values():
        if e.covers(year):
            return e
    raise UnknownEdition(f"{year}年不在国家年度报告格式的适用范围内（2019年起）")


def get_edition(edition_id: str) -> Edition:
    key = str(edition_id).removeprefix("gb")
    try:
        return EDITIONS[key]
    except KeyError:
        raise UnknownEdition(f"未知的年报格式“{edition_id}”，应为 2019 或 2021") from None

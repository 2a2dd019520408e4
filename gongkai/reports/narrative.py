"""The narrative of the annual report, with figures bound to the table cells.

Staff write (and the drafts are written in) section texts with placeholders that render to the cell's
number when the report is composed, so the text cannot disagree with the tables:

* ``{t3.r1_new.total}`` a cell (``t3.ROW.COL``, ``t4.COL``, ``t2.SUB.ROW.COL``); a t3 group row
  (``t3.r3_4.total``) is the sum of its items;
* ``{sum:A+B}`` a sum; ``{pct:A/B}`` A as a percentage of B with one decimal place (``{pct:A+B/C}``);
* ``{wan:t2.t2_a20_9.procurement.amount}`` a money cell in 万元;
* facts from outside the tables, stored in the report's ``meta.facts``: ``{work.hotline}`` (the work log),
  ``{fees.notices}``, ``{fees.notice_amount}``, ``{fees.collected}``; and ``{year}``, ``{next_year}``,
  ``{agency}``.

A placeholder that does not resolve is left visible and reported (rule ``NARRATIVE_BINDING``, an error);
figures typed by hand are checked against the tables by :func:`gongkai.law.narrative.check` (rule
``TEXT_MATCHES_TABLES``); a section still containing ``【待填写】`` is reported (``NARRATIVE_TODO``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.law.editions import Edition
from gongkai.law.report import Report, yuan_to_wan
from gongkai.law.rules import Finding, Severity

PLACEHOLDER = re.compile(r"\{([^{}\n]{1,200})\}")
TODO = "【待填写】"
FACT_KEYS = ("work.push", "work.reads", "work.hotline", "work.training", "work.study", "work.inspection",
             "work.npc", "work.cppcc", "fees.notices", "fees.notice_amount", "fees.collected")


class BindingError(ValueError):
    pass


def _number(v: Any) -> str:
    if v is None:
        return "0"
    if isinstance(v, Decimal):
        s = format(v, "f")
        return s.rstrip("0").rstrip(".") if "." in s else s
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:g}"
    return str(v)


def cell_value(report: Report, ref: str) -> int | float:
    """Value of a reference; t3 group rows (r3_3, r3_4, r3_5, r3_6, r3) sum their items. Blank counts 0."""
    ref = ref.strip()
    parts = ref.split(".")
    facts = report.meta.get("facts") or {}
    if parts[0] in ("work", "fees"):
        if ref not in facts and ref not in FACT_KEYS:
            raise BindingError(f"没有“{ref}”这项数据")
        return facts.get(ref) or 0
    if parts[0] == "t3" and len(parts) == 3:
        e = report.edition
        if parts[1] in e.t3_row_ids:
            return report.t3_cell(parts[1], parts[2]) or 0
        leaves = [r for r in e.t3_result_leaves if r.startswith(parts[1] + "_")]
        if parts[1] == "r3":
            leaves = list(e.t3_result_leaves)
        if not leaves or parts[2] not in ("np", "le_com", "le_res", "le_soc", "le_law", "le_oth", "total"):
            raise BindingError(f"{e.id}年版格式的表三没有“{parts[1]}.{parts[2]}”")
        return sum(report.t3_cell(r, parts[2]) or 0 for r in leaves)
    if parts[0] == "t4" and len(parts) == 2:
        if parts[1] not in report.t4 and parts[1] not in _t4_ids():
            raise BindingError(f"表四没有“{parts[1]}”")
        return report.t4.get(parts[1]) or 0
    if parts[0] == "t2" and len(parts) == 4:
        try:
            st = report.edition.subtable(parts[1])
        except KeyError:
            raise BindingError(f"{report.edition.id}年版格式的表二没有“{parts[1]}”") from None
        if parts[2] not in {r.id for r in st.rows} or parts[3] not in {c.id for c in st.columns}:
            raise BindingError(f"{report.edition.id}年版格式的表二没有“{'.'.join(parts[1:])}”")
        return report.t2.get(parts[1], {}).get(parts[2], {}).get(parts[3]) or 0
    raise BindingError(f"无法识别的数据引用“{ref}”")


def _t4_ids() -> tuple[str, ...]:
    from gongkai.law.editions import T4_COLUMN_IDS

    return T4_COLUMN_IDS


def _sum(report: Report, expr: str) -> int | float:
    terms = [t for t in expr.split("+") if t.strip()]
    if not terms:
        raise BindingError("空的求和")
    return sum(cell_value(report, t) for t in terms)


def percent(part: float, whole: float) -> str:
    """part / whole as a percentage with one decimal place, rounded half up (4/347 -> 1.2%)."""
    if not whole:
        return "0.0%"
    q = (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{abs(q) if q == 0 else q}%"  # no "-0.0%" (0 / -100, or -1 / 10000)


def evaluate(report: Report, expr: str) -> tuple[str, tuple[str, ...]]:
    """Text of one placeholder and the references it reads. Raises BindingError."""
    expr = expr.strip()
    if expr == "year":
        return str(report.year), ()
    if expr == "next_year":
        return str(report.year + 1), ()
    if expr == "agency":
        return report.agency, ()
    if ":" in expr:
        fn, _, arg = expr.partition(":")
        fn = fn.strip()
        if fn == "sum":
            return _number(_sum(report, arg)), tuple(t.strip() for t in arg.split("+"))
        if fn == "pct":
            if arg.count("/") != 1:
                raise BindingError("百分比应写作 {pct:部分/总数}")
            a, b = arg.split("/")
            refs = tuple(t.strip() for t in (a + "+" + b).split("+") if t.strip())
            return percent(_sum(report, a), _sum(report, b)), refs
        if fn == "wan":
            return _number(yuan_to_wan(cell_value(report, arg))), (arg.strip(),)
        raise BindingError(f"未知的函数“{fn}”（可用 sum、pct、wan）")
    return _number(cell_value(report, expr)), (expr,)


@dataclass
class Segment:
    text: str
    expr: str | None = None  # the placeholder, for bound figures
    error: str | None = None


def segments(template: str, report: Report) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for m in PLACEHOLDER.finditer(template or ""):
        if m.start() > pos:
            out.append(Segment(template[pos:m.start()]))
        try:
            text, _ = evaluate(report, m.group(1))
            out.append(Segment(text, m.group(1)))
        except BindingError as e:
            out.append(Segment(m.group(0), m.group(1), str(e)))
        pos = m.end()
    if pos < len(template or ""):
        out.append(Segment(template[pos:]))
    return out


def render_text(template: str, report: Report) -> str:
    return "".join(s.text for s in segments(template, report))


def render_sections(templates: Mapping[str, str], report: Report) -> dict[str, str]:
    return {s.id: render_text(templates.get(s.id, ""), report) for s in report.edition.sections}


def binding_findings(templates: Mapping[str, str], report: Report) -> list[Finding]:
    """Placeholders that do not resolve (error) and sections still marked 【待填写】 (warning)."""
    out: list[Finding] = []
    for s in report.edition.sections:
        text = templates.get(s.id, "") or ""
        for seg in segments(text, report):
            if seg.error:
                out.append(Finding(
                    "NARRATIVE_BINDING", Severity.ERROR,
                    f"第{s.number}部分的数据占位符“{{{seg.expr}}}”无法对应到表格：{seg.error}。",
                    (f"sections.{s.id}",), "有效的单元格引用", f"{{{seg.expr}}}",
                ))
        if TODO in text:
            out.append(Finding(
                "NARRATIVE_TODO", Severity.WARNING,
                f"第{s.number}部分“{s.title}”仍有“{TODO}”的内容，请补充或删除。",
                (f"sections.{s.id}",), "已填写", TODO,
            ))
    return out


# --------------------------------------------------------------------------- drafts

_T3_SENTENCE = (
    "{year}年，本机关新收政府信息公开申请{t3.r1_new.total}件，上年结转政府信息公开申请{t3.r2_carry_in.total}件。"
    "本年度办结政府信息公开申请{t3.r3_7_total.total}件，其中予以公开{t3.r3_1_open.total}件，"
    "占总数的{pct:t3.r3_1_open.total/t3.r3_7_total.total}；部分公开{t3.r3_2_partial.total}件，"
    "占总数的{pct:t3.r3_2_partial.total/t3.r3_7_total.total}；不予公开{t3.r3_3.total}件，"
    "占总数的{pct:t3.r3_3.total/t3.r3_7_total.total}；无法提供{t3.r3_4.total}件，"
    "占总数的{pct:t3.r3_4.total/t3.r3_7_total.total}；不予处理{t3.r3_5.total}件，"
    "占总数的{pct:t3.r3_5.total/t3.r3_7_total.total}；其他处理{t3.r3_6.total}件，"
    "占总数的{pct:t3.r3_6.total/t3.r3_7_total.total}。"
    "无法提供的申请中，本机关不掌握相关政府信息{t3.r3_4_1.total}件，没有现成信息需要另行制作{t3.r3_4_2.total}件，"
    "补正后申请内容仍不明确{t3.r3_4_3.total}件。结转下年度继续办理{t3.r4_carry_out.total}件。"
)

_PROACTIVE = {
    "2019": (
        "{year}年，本机关新公开规章{t2.t2_a20_1.rules.published}件、规范性文件{t2.t2_a20_1.normative.published}件，"
        "对外公开规范性文件总数{t2.t2_a20_1.normative.total_public}件；公开行政许可处理决定"
        "{t2.t2_a20_5.license.decisions}条、其他对外管理服务事项处理决定{t2.t2_a20_5.other_services.decisions}条、"
        "行政处罚决定{t2.t2_a20_6.penalty.decisions}条、行政强制决定{t2.t2_a20_6.coercion.decisions}条；"
        "公开政府集中采购项目{t2.t2_a20_9.procurement.projects}个，采购总金额{wan:t2.t2_a20_9.procurement.amount}万元。"
    ),
    "2021": (
        "{year}年，本机关制发规章{t2.t2_a20_1.rules.issued}件、行政规范性文件{t2.t2_a20_1.normative.issued}件，"
        "废止行政规范性文件{t2.t2_a20_1.normative.repealed}件，现行有效行政规范性文件{t2.t2_a20_1.normative.valid}件；"
        "公开行政许可处理决定{t2.t2_a20_5.license.decisions}条、行政处罚决定{t2.t2_a20_6.penalty.decisions}条、"
        "行政强制决定{t2.t2_a20_6.coercion.decisions}条。"
    ),
}

_MANAGEMENT = {
    "2019": "本机关落实公文公开属性源头认定制度，拟文时确定公开属性，审核、签发时逐级复核；"
            "定期清理规范性文件，对外公开规范性文件总数{t2.t2_a20_1.normative.total_public}件。",
    "2021": "本机关落实公文公开属性源头认定制度，拟文时确定公开属性，审核、签发时逐级复核；"
            "定期清理行政规范性文件，现行有效行政规范性文件{t2.t2_a20_1.normative.valid}件。",
}


def default_templates(edition: Edition, agency_kind: str = "department") -> dict[str, str]:
    """The drafts of the six sections, written from the data (bound to cells and the work log)."""
    who = "本级政府及各部门" if agency_kind == "government" else "本机关"
    s1 = "\n".join([
        "{year}年，{agency}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "围绕中心工作推进政府信息公开，" + who + "政府信息公开工作有序开展。",
        "（一）主动公开",
        _PROACTIVE[edition.id],
        "（二）依申请公开",
        _T3_SENTENCE,
        "（三）政府信息管理",
        _MANAGEMENT[edition.id],
        "（四）政府信息公开平台建设",
        "本机关依托政府网站政府信息公开专栏集中发布政府信息；通过政务新媒体推送信息{work.push}条，"
        "总阅读量{work.reads}次；通过政务服务热线接听市民来电{work.hotline}个。",
        "（五）监督保障",
        "全年选派人员参加政府信息公开业务培训{work.training}次，开展重难点问题专题研讨{work.study}次，"
        "开展政府信息公开工作检查督导{work.inspection}次；将政府信息公开工作纳入绩效考核。",
    ])
    s4 = ("{year}年，本机关因政府信息公开被申请行政复议{t4.rv_total}件，其中结果维持{t4.rv_keep}件、结果纠正{t4.rv_corr}件、"
          "其他结果{t4.rv_other}件、尚未审结{t4.rv_pending}件；被提起行政诉讼{sum:t4.ld_total+t4.la_total}件，"
          "其中未经复议直接起诉{t4.ld_total}件、复议后起诉{t4.la_total}件。")
    s5 = "\n".join([
        "（一）存在的主要问题：" + TODO,
        "（二）改进情况：" + TODO,
    ])
    s6 = "\n".join([
        "本年度发出信息处理费收费通知{fees.notices}件，通知收费金额{fees.notice_amount}元，实际收取金额{fees.collected}元。",
        "本年度办理人大代表建议{work.npc}件、政协提案{work.cppcc}件。",
        "{next_year}年工作要点：" + TODO,
    ])
    return {"s1": s1, "s2": "", "s3": "", "s4": s4, "s5": s5, "s6": s6}

"""The consistency rules (勾稽关系) of legal-spec 4 and Appendix A.2, as data, and the one engine.

Linear rules are declared as data: for each column (or row, or group) the sum of the ``actual`` cells
must equal the sum of the ``expected`` cells. Rules that are not linear equalities (cell hygiene,
text checks, timeliness) are predicates registered with the same metadata. ``check()`` runs them all
and returns :class:`Finding` rows that name the rule, the cells, the expected and the actual value,
the severity and a message in Chinese a report clerk understands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from gongkai.law import narrative
from gongkai.law.editions import (
    GB2021,
    T3_APPLICANT_COLUMN_IDS,
    T3_COLUMN_IDS,
    T3_COLUMNS,
    T4_GROUPS,
    Edition,
    edition_for_year,
)
from gongkai.law.findings import Finding, Severity
from gongkai.law.report import Cell, Report

COLUMN_LABEL = {c.id: c.label for c in T3_COLUMNS}


def cell_label(edition: Edition, ref: str) -> str:
    """Human label of a cell reference, e.g. ``t3.r3_4_1.np`` -> 表三“1.本机关不掌握相关政府信息”行“自然人”列."""
    parts = ref.split(".")
    prefix = "上年" if parts[0] == "prev" else ""
    if parts[0] == "prev":
        parts = parts[1:]
    if parts[0] == "t3":
        row = edition.t3_row(parts[1])
        label = row.label
        if row.parent and row.parent != "r3":
            label = f"{edition.t3_row(row.parent).label}{row.label}"
        return f"{prefix}表三“{label}”行“{COLUMN_LABEL[parts[2]]}”列"
    if parts[0] == "t4":
        g, p = parts[1].split("_", 1)
        group = {gid: lbl for gid, lbl, _ in T4_GROUPS}[g]
        part = {"keep": "结果维持", "corr": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}[p]
        return f"{prefix}表四“{group}·{part}”"
    if parts[0] == "t2":
        try:
            st = edition.subtable(parts[1])
            row_label = next(r.label for r in st.rows if r.id == parts[2])
            col_label = next(c.label for c in st.columns if c.id == parts[3])
            return f"{prefix}表二{st.heading}“{row_label}·{col_label}”"
        except (KeyError, StopIteration):
            return ref
    return ref


# ---------------------------------------------------------------------------
# Declarations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SumRule:
    """For each binding of ``{x}`` in ``for_each``: sum(actual) == sum(expected).

    Cell templates may use ``*`` in the row id (``t3.r3_3_*.{c}``), expanded against the edition's
    data rows, and the prefix ``prev.`` for last year's report.
    """

    id: str
    editions: tuple[str, ...]
    severity: Severity
    title: str
    basis: str
    for_each: Callable[[Edition], Sequence[str]]
    actual: tuple[str, ...]
    expected: tuple[str, ...]
    cross_year: bool = False


@dataclass(frozen=True)
class PredicateRule:
    id: str
    editions: tuple[str, ...]
    severity: Severity
    title: str
    basis: str
    evaluate: Callable[[Report, Report | None, Severity], Iterator[Finding]] = field(repr=False)
    cross_year: bool = False


Rule = SumRule | PredicateRule
BOTH = ("2019", "2021")


def _t3_columns(_: Edition) -> Sequence[str]:
    return T3_COLUMN_IDS


def _t3_data_rows(e: Edition) -> Sequence[str]:
    return e.t3_row_ids


def _t4_groups(_: Edition) -> Sequence[str]:
    return [g for g, _, _ in T4_GROUPS]


def _t2_stock_rows(_: Edition) -> Sequence[str]:
    return ["rules", "normative"]


def _t2_delta_rows(e: Edition) -> Sequence[str]:
    return [f"{st.id}.{r.id}" for st in e.t2 if st.id in ("t2_a20_5", "t2_a20_6") for r in st.rows]


# --- predicate rules --------------------------------------------------------


def _cell_hygiene(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    e = report.edition
    blanks: list[str] = []
    for rid in e.t3_row_ids:
        for cid in T3_COLUMN_IDS:
            ref = f"t3.{rid}.{cid}"
            v = report.cell(ref)
            if v is None:
                blanks.append(ref)
            elif not float(v).is_integer() or v < 0:
                yield Finding(
                    "CELL_INT_NONNEG", severity, f"{cell_label(e, ref)}应为非负整数，实际为{v}。",
                    (ref,), "非负整数", v,
                )
    for cid in report.t4 or {}:
        ref = f"t4.{cid}"
        v = report.cell(ref)
        if v is None:
            blanks.append(ref)
        elif not float(v).is_integer() or v < 0:
            yield Finding("CELL_INT_NONNEG", severity, f"{cell_label(e, ref)}应为非负整数，实际为{v}。", (ref,), "非负整数", v)
    if not report.t4:
        blanks.extend(f"t4.{g}_{p}" for g in _t4_groups(e) for p in ("keep", "corr", "other", "pending", "total"))
    if blanks:
        # Blank cells are read as 0 by the sums; the format expects 0 to be written.
        yield Finding(
            "CELL_BLANK", Severity.WARNING,
            f"有{len(blanks)}个单元格为空白（计算时按0处理），按格式要求应填写0：" + "、".join(cell_label(e, b) for b in blanks[:5])
            + ("等。" if len(blanks) > 5 else "。"),
            tuple(blanks), 0, None,
        )


def _section5(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    text = re.sub(r"\s+", "", report.sections.get("s5") or "")
    if len(text) <= 10 or text in ("无", "无。"):
        yield Finding(
            "SECTION5_NONEMPTY", severity,
            f"第五部分“{report.edition.section('s5').title}”为空或过于简单，应写明存在的主要问题及改进情况。",
            ("sections.s5",), "不少于10个字", len(text),
        )


FEE_WORDS = ("信息处理费", "收费通知")


def _fees_in_s6(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    notices = report.meta.get("fee_notices_issued") or 0
    unpaid = report.t3_cell("r3_6_2", "total") or 0
    if (notices or unpaid) and not any(w in (report.sections.get("s6") or "") for w in FEE_WORDS):
        yield Finding(
            "FEES_IN_SECTION6", severity,
            "本年度发出过收费通知（或表三“（六）2.逾期未缴费”不为0），第六部分应说明信息处理费的收费通知件数、通知金额和实际收取金额。",
            ("t3.r3_6_2.total", "sections.s6"), "第六部分说明信息处理费", "未说明",
        )


def _timeliness(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    published = report.meta.get("published_on")
    if not published:
        return
    published_on = dt.date.fromisoformat(str(published))
    deadline = annual_report_deadline(report.year, str(report.meta.get("agency_kind") or "department"))
    if published_on > deadline:
        who = "人民政府" if report.meta.get("agency_kind") == "government" else "政府部门"
        yield Finding(
            "TIMELINESS", severity,
            f"{who}应于{deadline.year}年{deadline.month}月{deadline.day}日前公布上一年度年报（《条例》第四十九条），"
            f"实际公布日期为{published_on.isoformat()}。",
            ("meta.published_on",), deadline.isoformat(), published_on.isoformat(),
        )


def _format_by_year(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    try:
        want = edition_for_year(report.year)
    except ValueError as e:
        yield Finding("FORMAT_BY_YEAR", severity, str(e), ("year",), None, report.year)
        return
    if want.id != report.edition.id:
        yield Finding(
            "FORMAT_BY_YEAR", severity,
            f"{report.year}年度报告应使用{want.document}印发的格式（{want.id}年版），实际为{report.edition.id}年版。",
            ("edition",), want.id, report.edition.id,
        )


def _narrative(report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    yield from narrative.check(report, severity)


def annual_report_deadline(year: int, agency_kind: str) -> dt.date:
    """Art. 49: departments by 31 January of Y+1; governments (published by the competent dept) by 31 March."""
    return dt.date(year + 1, 3, 31) if agency_kind == "government" else dt.date(year + 1, 1, 31)


# --- the table -------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    SumRule(
        "T3_BALANCE", BOTH, Severity.ERROR,
        "表三勾稽关系：第一项加第二项之和等于第三项加第四项之和",
        "表三表头所列勾稽关系（国家格式）",
        _t3_columns,
        actual=("t3.r1_new.{x}", "t3.r2_carry_in.{x}"),
        expected=("t3.r3_7_total.{x}", "t3.r4_carry_out.{x}"),
    ),
    SumRule(
        "T3_RESULT_SUM_2019", ("2019",), Severity.ERROR,
        "表三（七）总计等于各项办理结果之和", "表格结构",
        _t3_columns,
        actual=("t3.r3_7_total.{x}",),
        expected=("t3.r3_1_open.{x}", "t3.r3_2_partial.{x}", "t3.r3_3_*.{x}", "t3.r3_4_*.{x}", "t3.r3_5_*.{x}", "t3.r3_6.{x}"),
    ),
    SumRule(
        "T3_RESULT_SUM_2021", ("2021",), Severity.ERROR,
        "表三（七）总计等于各项办理结果之和", "表格结构",
        _t3_columns,
        actual=("t3.r3_7_total.{x}",),
        expected=("t3.r3_1_open.{x}", "t3.r3_2_partial.{x}", "t3.r3_3_*.{x}", "t3.r3_4_*.{x}", "t3.r3_5_*.{x}", "t3.r3_6_*.{x}"),
    ),
    SumRule(
        "T3_ROW_TOTAL", BOTH, Severity.ERROR,
        "表三“总计”列等于自然人与五类法人或其他组织之和", "表格结构",
        _t3_data_rows,
        actual=("t3.{x}.total",),
        expected=tuple(f"t3.{{x}}.{c}" for c in T3_APPLICANT_COLUMN_IDS),
    ),
    SumRule(
        "T4_GROUP_TOTAL", BOTH, Severity.ERROR,
        "表四各组“总计”等于结果维持、结果纠正、其他结果、尚未审结之和", "表格结构",
        _t4_groups,
        actual=("t4.{x}_total",),
        expected=("t4.{x}_keep", "t4.{x}_corr", "t4.{x}_other", "t4.{x}_pending"),
    ),
    SumRule(
        "XY_CARRY", BOTH, Severity.WARNING,
        "本年“上年结转”等于上年“结转下年度继续办理”", "跨年度勾稽（评估工具通行检查）",
        _t3_columns,
        actual=("t3.r2_carry_in.{x}",),
        expected=("prev.t3.r4_carry_out.{x}",),
        cross_year=True,
    ),
    SumRule(
        "T2_2021_STOCK", ("2021",), Severity.WARNING,
        "现行有效件数约等于上年现行有效件数加本年制发减本年废止", "推导的提示性检查（非官方）",
        _t2_stock_rows,
        actual=("t2.t2_a20_1.{x}.valid",),
        expected=("prev.t2.t2_a20_1.{x}.valid", "t2.t2_a20_1.{x}.issued", "-t2.t2_a20_1.{x}.repealed"),
        cross_year=True,
    ),
    SumRule(
        "T2_2019_DELTA", ("2019",), Severity.WARNING,
        "上一年项目数量加本年增/减等于处理决定数量", "推导的提示性检查（非官方）",
        _t2_delta_rows,
        actual=("t2.{x}.decisions",),
        expected=("t2.{x}.prev_items", "t2.{x}.delta"),
    ),
    PredicateRule("CELL_INT_NONNEG", BOTH, Severity.ERROR, "表三、表四每个单元格为非负整数", "格式要求", _cell_hygiene),
    PredicateRule("SECTION5_NONEMPTY", BOTH, Severity.WARNING, "第五部分不为空", "评估工具检查", _section5),
    PredicateRule("FEES_IN_SECTION6", ("2021",), Severity.ERROR, "收取信息处理费须在第六部分说明", "2021年版格式要求（措辞待确认）", _fees_in_s6),
    PredicateRule("TIMELINESS", BOTH, Severity.ERROR, "按时公布年报", "《条例》第四十九条", _timeliness),
    PredicateRule("FORMAT_BY_YEAR", BOTH, Severity.ERROR, "年度与格式版本相符", "国办公开办函〔2019〕60号、〔2021〕30号", _format_by_year),
    PredicateRule("TEXT_MATCHES_TABLES", BOTH, Severity.WARNING, "正文数字与表格一致", "评估工具检查", _narrative),
)
RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


# ---------------------------------------------------------------------------
# Engine
# ---------------------------------------------------------------------------


_EXPANDED: dict[tuple[str, str, str], list[tuple[int, str]]] = {}


def _expand(edition: Edition, template: str, x: str) -> list[tuple[int, str]]:
    """A cell template -> [(sign, ref)], expanding ``*`` in the t3 row id (memoised by edition id: an
    Edition's own hash walks all its rows)."""
    key = (edition.id, template, x)
    hit = _EXPANDED.get(key)
    if hit is None:
        hit = _EXPANDED[key] = _expand_uncached(edition, template, x)
    return hit


def _expand_uncached(edition: Edition, template: str, x: str) -> list[tuple[int, str]]:
    sign = 1
    if template.startswith("-"):
        sign, template = -1, template[1:]
    ref = template.replace("{x}", x)
    if "*" not in ref:
        return [(sign, ref)]
    parts = ref.split(".")
    i = next(i for i, p in enumerate(parts) if "*" in p)
    prefix = parts[i].rstrip("*")
    rows = [r for r in edition.t3_row_ids if r.startswith(prefix) and r != prefix.rstrip("_")]
    return [(sign, ".".join(parts[:i] + [r] + parts[i + 1 :])) for r in rows]


def _value(report: Report, prev: Report | None, ref: str) -> Cell:
    if ref.startswith("prev."):
        if prev is None:
            return None
        try:
            return prev.cell(ref[5:])
        except KeyError:
            return None
    return report.cell(ref)


def _fmt(v: float | int) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _term_label(edition: Edition, ref: str, shared: str | None) -> str:
    """Label of one term; when every term shares a t3 row or column, only the part that differs."""
    parts = ref.split(".")
    if shared == "row" and parts[0] == "t3":
        return f"“{COLUMN_LABEL[parts[2]]}”"
    if shared == "col" and parts[0] == "t3":
        return f"“{edition.t3_row(parts[1]).label}”"
    return cell_label(edition, ref)


def _shared(refs: list[str]) -> tuple[str | None, str]:
    """('row', prefix) / ('col', prefix) when all refs are cells of one t3 row / column of this year."""
    split = [r.split(".") for r in refs]
    if all(p[0] == "t3" and len(p) == 3 for p in split):
        if len({p[1] for p in split}) == 1:
            return "row", f"表三“{_row_label(split[0][1])}”行"
        if len({p[2] for p in split}) == 1:
            return "col", f"表三“{COLUMN_LABEL[split[0][2]]}”列"
    return None, ""


def _row_label(row_id: str) -> str:

    return GB2021.t3_row(row_id).label if row_id != "r3_6" else "（六）其他处理"


def _describe(edition: Edition, terms: list[tuple[int, str]], values: list[Cell], shared: str | None) -> str:
    out: list[str] = []
    # Long sums list only their non-zero terms, so the message stays readable.
    skip_zero = len(terms) > 4
    for (sign, ref), v in zip(terms, values, strict=True):
        if skip_zero and v == 0:
            continue
        s = f"{_term_label(edition, ref, shared)}（{'空' if v is None else _fmt(v)}）"
        out.append(("减" if sign < 0 else ("加" if out else "")) + s)
    if skip_zero:
        return "各项（非零项：" + "".join(out) + "）" if out else "各项（均为0）"
    return "".join(out)


def _run_sum(rule: SumRule, report: Report, prev: Report | None, severity: Severity) -> Iterator[Finding]:
    e = report.edition
    for x in rule.for_each(e):
        actual_terms = [t for tpl in rule.actual for t in _expand(e, tpl, x)]
        expected_terms = [t for tpl in rule.expected for t in _expand(e, tpl, x)]
        a_vals = [_value(report, prev, ref) for _, ref in actual_terms]
        e_vals = [_value(report, prev, ref) for _, ref in expected_terms]
        # A rule about cells that are all absent (e.g. a sub-table not reported) says nothing.
        if all(v is None for v in a_vals) or all(v is None for v in e_vals):
            continue
        if rule.cross_year and any(v is None for (_, ref), v in zip(expected_terms, e_vals, strict=True) if ref.startswith("prev.")):
            continue
        actual = sum(s * (v or 0) for (s, _), v in zip(actual_terms, a_vals, strict=True))
        expected = sum(s * (v or 0) for (s, _), v in zip(expected_terms, e_vals, strict=True))
        if abs(actual - expected) > 1e-6:
            shared, where = _shared([ref for _, ref in actual_terms + expected_terms])
            a_text = _describe(e, actual_terms, a_vals, shared)
            e_text = _describe(e, expected_terms, e_vals, shared)
            a_sum = f"之和为{_fmt(actual)}" if len(actual_terms) > 1 else ""
            e_sum = f"之和{_fmt(expected)}" if len(expected_terms) > 1 else ""
            yield Finding(
                rule.id, severity,
                f"{rule.title}。{where}{'：' if where else ''}{a_text}{a_sum}，应等于{e_text}{e_sum}，"
                f"相差{_fmt(actual - expected)}。",
                tuple(ref for _, ref in actual_terms + expected_terms),
                expected, actual,
            )


def sum_bindings(report: Report, previous: Report | None = None) -> Iterator[tuple[SumRule, str, tuple[str, ...]]]:
    """Every binding of every sum rule that applies to the report: (rule, x, the cells it involves).

    Lets a caller that knows which cells were not read tell which checks could not be made."""
    e = report.edition
    for rule in RULES:
        if not isinstance(rule, SumRule) or e.id not in rule.editions or (rule.cross_year and previous is None):
            continue
        for x in rule.for_each(e):
            refs = tuple(ref for tpl in rule.actual + rule.expected for _, ref in _expand(e, tpl, x))
            yield rule, x, refs


def check(
    report: Report,
    previous: Report | None = None,
    *,
    external: bool = False,
    only: Sequence[str] | None = None,
) -> list[Finding]:
    """Run every rule that applies to the report's edition.

    ``previous`` is the same agency's report for the year before (cross-year rules run only with it).
    ``external`` marks a report we did not generate (the auditor): the carry-over rule stays a warning
    there, while for reports generated from our own register it is an error (Appendix A.2 XY_CARRY).
    """
    findings: list[Finding] = []
    for rule in RULES:
        if only is not None and rule.id not in only:
            continue
        if report.edition.id not in rule.editions:
            continue
        if rule.cross_year and previous is None:
            continue
        severity = rule.severity
        if rule.id == "XY_CARRY" and not external:
            severity = Severity.ERROR
        if isinstance(rule, SumRule):
            findings.extend(_run_sum(rule, report, previous, severity))
        else:
            findings.extend(rule.evaluate(report, previous, severity))
    return findings


def has_error(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)

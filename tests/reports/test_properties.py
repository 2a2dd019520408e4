"""Property tests: any report survives DOCX/XLSX and back; the drafts written from any consistent table 三
never disagree with it (rule TEXT_MATCHES_TABLES finds nothing); percentages are exact to one decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.law.editions import GB2019, GB2021, T3_COLUMN_IDS, T4_COLUMN_IDS, Edition
from gongkai.law.report import Report
from gongkai.law.rules import check
from gongkai.reports import narrative, readback
from gongkai.reports.render import render_docx, render_xlsx

cell = st.one_of(st.none(), st.integers(min_value=0, max_value=10**6))
signed = st.one_of(st.none(), st.integers(min_value=-10**5, max_value=10**5))
money = st.one_of(st.none(), st.integers(min_value=0, max_value=10**11))


@st.composite
def reports(draw, edition: Edition | None = None) -> Report:  # noqa: ANN001
    e = edition or draw(st.sampled_from([GB2019, GB2021]))
    r = Report.empty(e, draw(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and "\n" not in s)),
                     2020 if e is GB2019 else 2023)
    for sub in e.t2:
        for row in sub.rows:
            for col in sub.columns:
                strat = money if col.type in ("money", "wan_yuan") else signed if col.type == "signed_int" else cell
                r.t2[sub.id][row.id][col.id] = draw(strat)
    for rid in e.t3_row_ids:
        r.t3[rid] = [draw(cell) for _ in T3_COLUMN_IDS]
    r.t4 = {c: draw(cell) for c in T4_COLUMN_IDS}
    r.sections["s5"] = draw(st.text(max_size=40))
    return r


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_xlsx_round_trip(report: Report) -> None:
    back = readback.read_xlsx(render_xlsx(report))
    assert back.to_dict()["tables"] == report.to_dict()["tables"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_docx_round_trip(report: Report) -> None:
    back = readback.read_docx(render_docx(report))
    assert back.to_dict()["tables"] == report.to_dict()["tables"]


@st.composite
def consistent_t3(draw, edition: Edition) -> Report:  # noqa: ANN001
    """A table 三 that satisfies every rule: per applicant column, new + carried in = results + carried out."""
    r = Report.empty(edition, "测试局", 2020 if edition is GB2019 else 2023, fill=0)
    leaves = list(edition.t3_result_leaves)
    for i in range(6):
        results = {leaf: draw(st.integers(0, 60)) for leaf in leaves}
        total = sum(results.values())
        carry_out = draw(st.integers(0, 40))
        carry_in = draw(st.integers(0, total + carry_out))
        new = total + carry_out - carry_in
        for leaf, n in results.items():
            r.t3[leaf][i] = n
        r.t3["r3_7_total"][i] = total
        r.t3["r4_carry_out"][i] = carry_out
        r.t3["r2_carry_in"][i] = carry_in
        r.t3["r1_new"][i] = new
    for rid in edition.t3_row_ids:
        r.t3[rid][6] = sum(r.t3[rid][:6])
    return r


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([GB2019, GB2021]).flatmap(consistent_t3))
def test_drafts_never_disagree_with_the_tables(report: Report) -> None:
    templates = narrative.default_templates(report.edition)
    report.sections = narrative.render_sections(templates, report)
    assert narrative.binding_findings(templates, report) == [f for f in narrative.binding_findings(templates, report)
                                                             if f.rule == "NARRATIVE_TODO"]
    findings = check(report)
    assert [f for f in findings if f.rule == "TEXT_MATCHES_TABLES"] == [], report.sections["s1"]
    assert not [f for f in findings if f.severity.value == "error"]


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_percent_is_exact_to_one_decimal(part: int, whole: int) -> None:
    text = narrative.percent(part, whole)
    exact = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert text == f"{exact}%"
    assert abs(Decimal(text[:-1]) - Decimal(part) * 100 / Decimal(whole)) <= Decimal("0.05")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_pdf_renders_any_report(report: Report) -> None:
    from gongkai.reports.render import render_pdf

    assert render_pdf(report).startswith(b"%PDF")

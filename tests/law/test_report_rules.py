"""The report structure, its JSON form and the consistency rules, table-driven."""

from __future__ import annotations

import copy
import json

import pytest

from gongkai.law import categories, editions
from gongkai.law.editions import GB2019, GB2021, edition_for_year
from gongkai.law.report import Report, ReportFormatError, wan_to_yuan
from gongkai.law.rules import RULES, Severity, check, has_error

from .seed_tables import seed_report


# --- editions ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "edition"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")]
)
def test_edition_by_year(year: int, edition: str) -> None:
    assert edition_for_year(year).id == edition


def test_edition_before_2019_is_refused() -> None:
    with pytest.raises(ValueError, match="2018"):
        edition_for_year(2018)


@pytest.mark.parametrize(
    ("edition", "rows", "leaves"),
    [(GB2019, 23, 19), (GB2021, 25, 21)],  # data rows; result leaves without （七）总计
)
def test_t3_shape(edition: editions.Edition, rows: int, leaves: int) -> None:
    assert len(edition.t3_row_ids) == rows
    assert len(edition.t3_result_leaves) == leaves


@pytest.mark.parametrize(
    ("edition", "subtable", "row", "label"),
    [
        (GB2019, "t2_a20_1", "normative", "规范性文件"),
        (GB2021, "t2_a20_1", "normative", "行政规范性文件"),
        (GB2019, "t2_a20_5", "other_services", "其他对外管理服务事项"),
        (GB2019, "t2_a20_9", "procurement", "政府集中采购"),
    ],
)
def test_t2_labels_verbatim(edition: editions.Edition, subtable: str, row: str, label: str) -> None:
    st = edition.subtable(subtable)
    assert next(r.label for r in st.rows if r.id == row) == label


def test_2021_drops_procurement_and_splits_other() -> None:
    assert "t2_a20_9" not in {s.id for s in GB2021.t2}
    assert "r3_6" in GB2019.t3_row_ids and "r3_6" not in GB2021.t3_row_ids
    assert {"r3_6_1", "r3_6_2", "r3_6_3"} <= set(GB2021.t3_row_ids)


# --- categories: declared once, every leaf reachable ------------------------
@pytest.mark.parametrize("edition", [GB2019, GB2021])
def test_every_outcome_maps_to_a_result_leaf(edition: editions.Edition) -> None:
    rows = {o.row(edition.id) for o in categories.OUTCOMES}
    assert rows <= set(edition.t3_result_leaves)
    # every leaf has at least one outcome counting in it, so the register can fill every row
    assert set(edition.t3_result_leaves) == rows


def test_applicant_types_cover_the_six_columns() -> None:
    assert [a.column for a in categories.APPLICANT_TYPES] == list(editions.T3_APPLICANT_COLUMN_IDS)


@pytest.mark.parametrize(
    ("code", "row2019", "row2021"),
    [
        ("A36_2_disclosed", "r3_1_open", "r3_1_open"),
        ("A37_partial", "r3_2_partial", "r3_2_partial"),
        ("A36_4_not_exist", "r3_4_1", "r3_4_1"),
        ("A36_6_repeat", "r3_5_2", "r3_5_2"),
        ("A30_not_corrected", "r3_6", "r3_6_1"),
        ("fee_not_paid", "r3_6", "r3_6_2"),
        ("withdrawn_or_other", "r3_6", "r3_6_3"),
    ],
)
def test_outcome_rows(code: str, row2019: str, row2021: str) -> None:
    assert categories.outcome_row(code, "2019") == row2019
    assert categories.outcome_row(code, "2021") == row2021


# --- JSON -------------------------------------------------------------------
def test_seed_roundtrip_json() -> None:
    r = seed_report()
    again = Report.from_json(r.to_json())
    assert again.to_dict() == r.to_dict()


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d["tables"]["t3"].__setitem__("r3_6_1", [0] * 7), "tables.t3.r3_6_1"),
        (lambda d: d["tables"]["t2"].__setitem__("t2_a20_7", {}), "tables.t2.t2_a20_7"),
        (lambda d: d["tables"]["t3"].__setitem__("r1_new", [1, 2]), "tables.t3.r1_new"),
        (lambda d: d["tables"]["t4"].__setitem__("rv_x", 1), "tables.t4.rv_x"),
        (lambda d: d["tables"]["t3"]["r1_new"].__setitem__(0, "12"), "tables.t3.r1_new[0]"),
        (lambda d: d.__setitem__("edition", "2017"), "edition"),
        (lambda d: d["sections"].__setitem__("s9", "x"), "sections.s9"),
        (lambda d: d.pop("year"), "year"),
    ],
)
def test_json_that_does_not_fit_names_the_key(mutate, key: str) -> None:  # type: ignore[no-untyped-def]
    d = seed_report().to_dict()
    mutate(d)
    with pytest.raises(ReportFormatError) as e:
        Report.from_dict(d)
    assert e.value.key == key


def test_invalid_json_text() -> None:
    with pytest.raises(ReportFormatError, match="不是有效的JSON"):
        Report.from_json("{not json")


@pytest.mark.parametrize(("wan", "yuan"), [("253.2358", 2532358), (96171.6, 961716000), ("0.5", 5000), ("1.23456", 12345.6)])
def test_wan_to_yuan_exact(wan: object, yuan: float) -> None:
    assert wan_to_yuan(wan) == yuan  # type: ignore[arg-type]


# --- rules ------------------------------------------------------------------
def test_seed_has_no_error() -> None:
    findings = check(seed_report())
    assert not has_error(findings), [f.message for f in findings]


def test_one_changed_cell_gives_exactly_its_findings() -> None:
    r = seed_report()
    r.set_t3("r3_4_2", "np", 4)  # 2 -> 4: result sum (np) and row total (r3_4_2) break; nothing else
    got = {(f.rule, f.cells[0]) for f in check(r) if f.severity is Severity.ERROR}
    assert got == {("T3_RESULT_SUM_2019", "t3.r3_7_total.np"), ("T3_ROW_TOTAL", "t3.r3_4_2.total")}


def _mut(row: str, col: str, value: int):  # type: ignore[no-untyped-def]
    return lambda r: r.set_t3(row, col, value)


@pytest.mark.parametrize(
    ("mutation", "rule", "cell"),
    [
        (_mut("r4_carry_out", "np", 55), "T3_BALANCE", "t3.r1_new.np"),
        (_mut("r3_7_total", "total", 348), "T3_RESULT_SUM_2019", "t3.r3_7_total.total"),
        (_mut("r1_new", "total", 384), "T3_ROW_TOTAL", "t3.r1_new.total"),
        (lambda r: r.t4.__setitem__("rv_total", 19), "T4_GROUP_TOTAL", "t4.rv_total"),
        (_mut("r3_3_1", "np", -1), "CELL_INT_NONNEG", "t3.r3_3_1.np"),
    ],
)
def test_rule_table(mutation, rule: str, cell: str) -> None:  # type: ignore[no-untyped-def]
    r = seed_report()
    mutation(r)
    findings = [f for f in check(r) if f.rule == rule]
    assert findings, rule
    assert cell in findings[0].cells
    assert findings[0].message  # a Chinese sentence a clerk understands
    assert findings[0].expected != findings[0].actual


def test_carry_over_across_years_and_editions() -> None:
    prev = seed_report()
    this = Report.empty(GB2021, "宝山区规划和自然资源局", 2021, fill=0)
    this.t3["r2_carry_in"] = [54, 0, 0, 0, 0, 0, 54]
    this.t3["r3_6_3"] = [54, 0, 0, 0, 0, 0, 54]
    this.t3["r3_7_total"] = [54, 0, 0, 0, 0, 0, 54]
    assert not [f for f in check(this, prev) if f.rule == "XY_CARRY"]
    this.t3["r2_carry_in"] = [50, 0, 0, 0, 0, 0, 50]
    generated = [f for f in check(this, prev) if f.rule == "XY_CARRY"]
    external = [f for f in check(this, prev, external=True) if f.rule == "XY_CARRY"]
    assert {f.severity for f in generated} == {Severity.ERROR}
    assert {f.severity for f in external} == {Severity.WARNING}
    assert {f.cells[0] for f in generated} == {"t3.r2_carry_in.np", "t3.r2_carry_in.total"}


def test_format_by_year_and_timeliness() -> None:
    r = copy.deepcopy(seed_report())
    r.year = 2021
    assert any(f.rule == "FORMAT_BY_YEAR" for f in check(r))
    r = seed_report()
    r.meta = {"published_on": "2020-02-03", "agency_kind": "department"}
    late = [f for f in check(r) if f.rule == "TIMELINESS"]
    assert late and late[0].expected == "2020-01-31"
    r.meta["agency_kind"] = "government"
    assert not [f for f in check(r) if f.rule == "TIMELINESS"]


def test_fees_must_be_reported_in_section_six() -> None:
    r = Report.empty(GB2021, "x", 2022, fill=0)
    r.sections["s5"] = S5 = "存在的问题：依申请公开答复质量有待提高，改进：加强培训。"
    r.t3["r3_6_2"] = [1, 0, 0, 0, 0, 0, 1]
    r.t3["r1_new"] = [1, 0, 0, 0, 0, 0, 1]
    r.t3["r3_7_total"] = [1, 0, 0, 0, 0, 0, 1]
    assert [f.rule for f in check(r) if f.severity is Severity.ERROR] == ["FEES_IN_SECTION6"]
    r.sections["s6"] = "本年度发出信息处理费收费通知1件，金额100元，实际收取0元。"
    assert not has_error(check(r)), S5


def test_blank_cells_are_a_warning_not_an_error() -> None:
    r = seed_report()
    r.set_t3("r3_3_1", "le_com", None)
    fs = check(r)
    assert not has_error(fs)
    assert any(f.rule == "CELL_BLANK" and "t3.r3_3_1.le_com" in f.cells for f in fs)


def test_every_rule_has_metadata() -> None:
    for rule in RULES:
        assert rule.title and rule.basis and rule.editions
    assert json.dumps([f.to_dict() for f in check(seed_report())], ensure_ascii=False)

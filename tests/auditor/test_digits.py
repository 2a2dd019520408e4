"""Digits of neighbouring cells run together: recovered from the arithmetic, or reported ambiguous."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.auditor.audit import audit_bytes
from gongkai.auditor.digits import solve_t3, solve_t4, split_row

from .conftest import CORPUS


def test_issue_example_has_one_reading():
    assert split_row("120300015") == [(12, 0, 3, 0, 0, 0, 15)]


def test_no_leading_zeros_and_total_is_sum():
    for reading in split_row("11111116"):
        assert sum(reading[:6]) == reading[6]
    assert split_row("0100001") == [(0, 1, 0, 0, 0, 0, 1)]
    assert split_row("0123") == []  # too short for seven cells


def test_ambiguous_row_lists_every_reading():
    # "101000011" reads as 10,1,0,0,0,0,11 and as 1,0,10,0,0,0,11 (and more)
    readings = split_row("101000011")
    assert (10, 1, 0, 0, 0, 0, 11) in readings and (1, 0, 10, 0, 0, 0, 11) in readings


def test_column_constraints_resolve_rows():
    # row 一 "101000011" is ambiguous on its own; 二 = 0, 四 = 0 and （七）总计 fixed by its columns
    fixed = {"r2_carry_in": [0] * 7, "r4_carry_out": [0] * 7}
    runs = {"r1_new": "101000011", "r3_7_total": "101000011"}
    out = solve_t3(runs, fixed)
    # both rows must agree column by column, but nothing fixes which reading: still ambiguous
    assert len(out["r1_new"]) > 1
    fixed["r3_7_total"] = [1, 0, 10, 0, 0, 0, 11]
    out = solve_t3({"r1_new": "101000011"}, fixed)
    assert out["r1_new"] == [(1, 0, 10, 0, 0, 0, 11)]


def test_t4_run():
    assert solve_t4("1600218140011530025") == [(16, 0, 0, 2, 18, 14, 0, 0, 1, 15, 3, 0, 0, 2, 5)]


def test_ambiguous_cells_are_reported_not_guessed():
    text = (
        "某局2019年政府信息公开工作年度报告\n一、总体情况\n本年无。\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量101000011\n"
        "五、存在的主要问题及改进情况\n存在的问题是培训不足，将加强培训和指导。\n"
    )
    res = audit_bytes(text.encode(), "amb.txt")
    amb = res.extraction.ambiguous
    assert amb, "the run has several readings"
    for ref, options in amb.items():
        assert res.report.cell(ref) is None and len(options) > 1
    assert any(f.rule == "CELL_AMBIGUOUS" for f in res.findings)
    # cells every reading agrees on are read (the total, 11)
    assert res.report.t3["r1_new"][6] == 11


def test_seed_run_together_recovers_every_cell():
    res = audit_bytes((CORPUS / "14-seed-rundigits.txt").read_bytes(), "14.txt")
    assert res.extraction.ambiguous == {}
    assert res.report.t3["r3_4_1"] == [55, 10, 0, 0, 0, 0, 65]
    assert res.extraction.provenance["t3.r3_4_1.np"].kind == "split"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=6, max_size=6))
def test_true_reading_is_always_among_the_candidates(parts):
    s = "".join(str(p) for p in parts) + str(sum(parts))
    assert tuple(parts) + (sum(parts),) in split_row(s)

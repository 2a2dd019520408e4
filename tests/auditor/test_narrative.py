"""The narrative check in general: quantities named in sentences against the tables."""

import pytest

from gongkai.auditor.audit import extract
from gongkai.law import narrative
from gongkai.law.rules import Severity, check

from .conftest import SEED


@pytest.fixture
def report():
    r = extract(SEED.read_bytes(), "seed.txt").report
    for sid in r.sections:
        r.sections[sid] = ""
    r.sections["s5"] = "存在培训不足的问题，将加强培训。"
    return r


def findings(report, text):
    report.sections["s1"] = text
    return list(narrative.check(report, Severity.WARNING))


@pytest.mark.parametrize("text", [
    "本年度共受理政府信息公开申请347件。",  # 受理 = （七）总计
    "本年新收政府信息公开申请383件，上年结转18件。",
    "全年共收到申请401件（含上年结转）。",  # 新收 + 上年结转
    "其中予以公开214件，占总数的61.7%。",  # one decimal, rounded
    "其中予以公开214件，占总数的61%。",  # cut, not rounded
    "不予处理20件（均为重复申请20件），其他处理9件。",
    "结转下年度继续办理54件。",
    "被申请行政复议18件，被提起行政诉讼20件。",  # 诉讼 = 直接起诉 + 复议后起诉
    "本年度办理结果总计347件，其中予以公开214件、部分公开4件。",  # a partial list is not summed
    "2019年公开规范性文件3件，第3件已废止，接听电话481次。",
    "不予公开3件，其中保护第三方合法权益2件，属于行政执法案卷1件。",
    "行政复议维持16件，行政诉讼尚未审结3件。",  # one result of the cases, not their number
    "其中电话答复申请人20件。",
])
def test_agreeing_sentences_give_no_finding(report, text):
    assert findings(report, text) == []


def test_wrong_count(report):
    (f,) = findings(report, "本年度上年结转申请20件。")
    assert f.rule == "TEXT_MATCHES_TABLES" and (f.expected, f.actual) == (18, 20)
    assert f.cells == ("t3.r2_carry_in.total",) and f.quote == "本年度上年结转申请20件。"


def test_wrong_reason_count(report):
    (f,) = findings(report, "无法提供的申请中，本机关不掌握相关政府信息60件。")
    assert (f.expected, f.actual) == (65, 60)


def test_wrong_review_count(report):
    (f,) = findings(report, "被申请行政复议20件。")
    assert f.cells == ("t4.rv_total",) and (f.expected, f.actual) == (18, 20)


def test_percentage_that_cannot_match(report):
    (f,) = findings(report, "共受理申请347件，其中不予处理20件，占总数的8%。")
    assert (f.expected, f.actual) == (5.8, 8.0)


def test_complete_list_must_add_up(report):
    text = "共受理申请347件，其中予以公开214件，部分公开4件，不予公开3件，无法提供97件，不予处理20件，其他处理8件。"
    out = findings(report, text)
    assert sorted((f.expected, f.actual) for f in out) == [(9, 8), (347, 346)]


def test_engine_runs_it_for_external_reports(report):
    report.sections["s1"] = "本年度上年结转申请20件。"
    assert [f.rule for f in check(report, external=True)] == ["TEXT_MATCHES_TABLES"]


def test_missing_cells_are_not_compared(report):
    report.t4 = {}
    assert findings(report, "被申请行政复议20件。") == []

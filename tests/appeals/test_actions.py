"""The register's actions: filing, results, links; each refused change gives a Chinese message."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.appeals import actions
from gongkai.appeals.actions import AppealError
from gongkai.appeals.models import AppealCase, AppealEvent, AppealResult, AppealStatus

D = dt.date


def test_file_case_writes_case_and_event(cast, now) -> None:
    case = actions.file_case(
        agency=cast.planning, kind="rv", case_number=" 沪宝府复〔2026〕第3号 ", applicant_name="李四",
        filed_on=D(2026, 3, 2), actor=cast.clerk, now=now,
    )
    assert case.case_number == "沪宝府复〔2026〕第3号"
    assert case.organ == "上海市宝山区人民政府"  # the agency's 复议机关 by default
    assert (case.status, case.result, case.decided_on) == (AppealStatus.OPEN, AppealResult.PENDING, None)
    ev = AppealEvent.objects.get(case=case)
    assert (ev.kind, ev.actor, ev.payload["filed_on"]) == ("filed", cast.clerk, "2026-03-02")
    suit = actions.file_case(
        agency=cast.planning, kind="ld", case_number="(2026)沪7101行初5号", applicant_name="李四",
        filed_on=D(2026, 3, 2), actor=cast.clerk, now=now,
    )
    assert suit.organ == "上海铁路运输法院"


@pytest.mark.parametrize(
    ("kw", "field", "text"),
    [
        ({"kind": "xx"}, "kind", "案件类型"),
        ({"case_number": "  "}, "case_number", "案号"),
        ({"applicant_name": ""}, "applicant_name", "申请人"),
        ({"filed_on": D(2026, 12, 1)}, "filed_on", "不能晚于今天"),
    ],
)
def test_file_case_refuses_bad_input(cast, now, kw, field, text) -> None:
    args = dict(agency=cast.planning, kind="rv", case_number="沪宝府复〔2026〕第1号", applicant_name="李四",
                filed_on=D(2026, 3, 2), actor=cast.clerk, now=now)
    args.update(kw)
    with pytest.raises(AppealError) as e:
        actions.file_case(**args)
    assert e.value.field == field and text in e.value.message
    assert not AppealCase.objects.exists() and not AppealEvent.objects.exists()


def test_duplicate_case_number_refused(cast, make_case, now) -> None:
    case = make_case("rv", D(2026, 1, 5))
    with pytest.raises(AppealError, match="已登记"):
        actions.file_case(agency=cast.planning, kind="rv", case_number=case.case_number, applicant_name="王五",
                          filed_on=D(2026, 1, 6), actor=cast.clerk, now=now)
    # Another agency may use the same number.
    other = actions.file_case(agency=cast.transport, kind="rv", case_number=case.case_number,
                              applicant_name="王五", filed_on=D(2026, 1, 6), actor=cast.outsider, now=now)
    assert other.pk != case.pk


def test_record_result_checks_transition_and_dates(cast, make_case, now) -> None:
    case = make_case("ld", D(2026, 2, 1))
    with pytest.raises(AppealError, match="不能早于立案日期"):
        actions.record_result(case=case, result="keep", decided_on=D(2026, 1, 31), actor=cast.clerk, now=now)
    with pytest.raises(AppealError, match="请选择结果"):
        actions.record_result(case=case, result="pending", decided_on=D(2026, 3, 1), actor=cast.clerk, now=now)
    with pytest.raises(AppealError, match="不能晚于今天"):
        actions.record_result(case=case, result="keep", decided_on=D(2026, 12, 1), actor=cast.clerk, now=now)
    case = actions.record_result(case=case, result="corr", decided_on=D(2026, 5, 6), actor=cast.head, now=now)
    assert (case.status, case.result, case.decided_on) == ("concluded", "corr", D(2026, 5, 6))
    assert [e.kind for e in case.events.all()] == ["filed", "result"]
    with pytest.raises(AppealError, match="已于2026年05月06日审结"):
        actions.record_result(case=case, result="keep", decided_on=D(2026, 6, 1), actor=cast.clerk, now=now)
    case.refresh_from_db()
    assert case.result == "corr"


def test_prior_review_link(cast, make_case, now) -> None:
    review = make_case("rv", D(2026, 1, 5), "keep", D(2026, 3, 1))
    suit = make_case("la", D(2026, 3, 20))
    direct = make_case("ld", D(2026, 3, 20))
    with pytest.raises(AppealError, match="复议后起诉"):
        actions.link_prior_review(case=direct, prior_review=review, actor=cast.clerk, now=now)
    with pytest.raises(AppealError, match="行政复议案件"):
        actions.link_prior_review(case=suit, prior_review=direct, actor=cast.clerk, now=now)
    other_agency_review = make_case("rv", D(2026, 1, 5), agency=cast.transport)
    with pytest.raises(AppealError, match="本机关"):
        actions.link_prior_review(case=suit, prior_review=other_agency_review, actor=cast.clerk, now=now)
    suit = actions.link_prior_review(case=suit, prior_review=review, actor=cast.clerk, now=now)
    assert suit.prior_review == review and list(review.later_suits.all()) == [suit]
    assert suit.events.last().kind == "linked_review"
    with pytest.raises(AppealError, match="已关联"):
        actions.link_prior_review(case=suit, prior_review=review, actor=cast.clerk, now=now)
    # Linking at filing, and a suit cannot predate its review.
    with pytest.raises(AppealError, match="不能早于"):
        make_case("la", D(2026, 1, 1), prior_review=review)
    assert make_case("la", D(2026, 4, 1), prior_review=review).prior_review == review


def test_link_to_application(cast, make_case, application, now) -> None:
    own, other = application(), application(cast.transport, cast.outsider)
    case = make_case("rv", D(2026, 5, 1))
    with pytest.raises(AppealError, match="本机关") as e:
        actions.link_to_application(case=case, application=other, actor=cast.clerk, now=now)
    assert e.value.field == "application"
    case = actions.link_to_application(case=case, application=own, actor=cast.clerk, now=now)
    assert case.application == own and list(own.appeal_cases.all()) == [case]
    ev = case.events.last()
    assert ev.kind == "linked_application" and ev.payload == {"application": own.pk, "previous": None}
    with pytest.raises(AppealError, match="已关联"):
        actions.link_to_application(case=case, application=own, actor=cast.clerk, now=now)
    # At filing too, and only the agency's own applications.
    assert make_case("ld", D(2026, 5, 2), application=own).application == own
    with pytest.raises(AppealError, match="本机关"):
        make_case("ld", D(2026, 5, 2), application=other)


def test_correct_result_keeps_the_previous_values_and_moves_table_4(cast, make_case, now) -> None:
    from gongkai.appeals.reporting import compute_t4

    case = make_case("rv", D(2026, 1, 5), result=AppealResult.KEEP, decided=D(2026, 3, 1))
    assert compute_t4([cast.planning.pk], 2026)["rv_keep"] == 1
    with pytest.raises(AppealError) as e:
        actions.correct_result(case=case, result="corr", decided_on=D(2026, 3, 1), reason=" ", actor=cast.reviewer, now=now)
    assert e.value.field == "reason" and "更正理由" in e.value.message
    with pytest.raises(AppealError, match="均未改变"):
        actions.correct_result(case=case, result="keep", decided_on=D(2026, 3, 1), reason="录入错误",
                               actor=cast.reviewer, now=now)
    with pytest.raises(AppealError, match="不能早于立案日期"):
        actions.correct_result(case=case, result="corr", decided_on=D(2025, 12, 1), reason="录入错误",
                               actor=cast.reviewer, now=now)
    actions.correct_result(case=case, result="corr", decided_on=D(2026, 3, 2), reason="复议决定书结果录入错误",
                           actor=cast.reviewer, now=now)
    case.refresh_from_db()
    assert (case.result, case.decided_on, case.status) == ("corr", D(2026, 3, 2), AppealStatus.CONCLUDED)
    ev = AppealEvent.objects.filter(case=case).order_by("pk").last()
    assert (ev.kind, ev.actor) == ("corrected", cast.reviewer)
    assert ev.payload == {"was_result": "keep", "was_decided_on": "2026-03-01", "result": "corr",
                          "decided_on": "2026-03-02", "reason": "复议决定书结果录入错误"}
    assert ev.summary == "由“结果维持，2026-03-01审结”更正为“结果纠正，2026-03-02审结”。理由：复议决定书结果录入错误"
    t4 = compute_t4([cast.planning.pk], 2026)
    assert (t4["rv_keep"], t4["rv_corr"], t4["rv_total"]) == (0, 1, 1)


def test_correct_result_refused_while_open(cast, make_case, now) -> None:
    case = make_case("rv", D(2026, 1, 5))
    with pytest.raises(AppealError, match="尚未审结"):
        actions.correct_result(case=case, result="keep", decided_on=D(2026, 3, 1), reason="x", actor=cast.clerk, now=now)
    assert AppealEvent.objects.filter(case=case).count() == 1

"""The report workspace's actions: compose from hand-built registers, hand-entered figures, the narrative
binding, the blocking of publication by an error, acknowledgement of warnings, Art. 49, roll-up, work log."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.appeals import actions as appeal_actions
from gongkai.applications import actions as app_actions
from gongkai.law.rules import Severity
from gongkai.reports import actions, narrative
from gongkai.reports.actions import ReportError
from gongkai.reports.compose import rollup
from gongkai.reports.models import AnnualReport, ReportEvent, ReportEventKind, ReportStatus

from .conftest import file_application, load_seed, now_at

MARCH_2020 = [dt.date(2020, 3, 2), dt.date(2020, 3, 3), dt.date(2020, 3, 4)]


@pytest.fixture
def register_2020(cast):  # noqa: ANN001, ANN201
    """3 natural persons and 1 company in March 2020; two natural persons withdraw; 2 复议 cases, one decided."""
    apps = [file_application(cast, d, name=f"申请人{i}") for i, d in enumerate(MARCH_2020)]
    apps.append(file_application(cast, MARCH_2020[0], "commercial_enterprise", "上海某置业有限公司"))
    for a in apps[:2]:
        app_actions.withdraw(application=a, reason="不再需要", now=now_at(2020, 3, 6), actor=cast.clerk)
    c1 = appeal_actions.file_case(agency=cast.planning, kind="rv", case_number="宝府复〔2020〕1号",
                                  applicant_name="申请人0", filed_on=dt.date(2020, 4, 1), actor=cast.clerk,
                                  now=now_at(2020, 4, 1))
    appeal_actions.file_case(agency=cast.planning, kind="rv", case_number="宝府复〔2020〕2号",
                             applicant_name="申请人1", filed_on=dt.date(2020, 4, 2), actor=cast.clerk,
                             now=now_at(2020, 4, 2))
    appeal_actions.record_result(case=c1, result="keep", decided_on=dt.date(2020, 5, 6), actor=cast.clerk,
                                 now=now_at(2020, 5, 6))
    return apps


def _report(cast, year=2020):  # noqa: ANN001, ANN202
    r = actions.create_report(agency=cast.planning, year=year, actor=cast.clerk, now=now_at(2021, 1, 5))
    return actions.compose_report(report=r, actor=cast.clerk, now=now_at(2021, 1, 5, 11))


def test_create_uses_the_edition_of_the_year(cast) -> None:  # noqa: ANN001
    r2020 = actions.create_report(agency=cast.planning, year=2020, actor=cast.clerk, now=now_at(2021, 1, 4))
    r2021 = actions.create_report(agency=cast.planning, year=2021, actor=cast.clerk, now=now_at(2022, 1, 4))
    assert (r2020.edition, r2021.edition) == ("2019", "2021")
    assert "r3_6_1" in r2021.data["tables"]["t3"] and "r3_6_1" not in r2020.data["tables"]["t3"]
    with pytest.raises(ReportError) as e:
        actions.create_report(agency=cast.planning, year=2020, actor=cast.clerk, now=now_at(2021, 1, 4))
    assert "已存在" in e.value.message
    with pytest.raises(ReportError):
        actions.create_report(agency=cast.planning, year=2018, actor=cast.clerk, now=now_at(2021, 1, 4))
    assert ReportEvent.objects.filter(kind=ReportEventKind.CREATED).count() == 2


def test_compose_from_hand_built_registers(cast, register_2020) -> None:  # noqa: ANN001
    report = _report(cast)
    law = report.to_report()
    assert law.t3["r1_new"] == [3, 1, 0, 0, 0, 0, 4]
    assert law.t3["r2_carry_in"] == [0] * 7
    assert law.t3["r3_6"] == [2, 0, 0, 0, 0, 0, 2]  # withdrawn: （六）其他处理 in the 2019 edition
    assert law.t3["r3_7_total"] == [2, 0, 0, 0, 0, 0, 2]
    assert law.t3["r4_carry_out"] == [1, 1, 0, 0, 0, 0, 2]
    assert law.t4["rv_keep"] == 1 and law.t4["rv_pending"] == 1 and law.t4["rv_total"] == 2
    assert law.t4["ld_total"] == 0
    # the narrative drafts carry the composed figures and correct percentages
    s1 = law.sections["s1"]
    assert "新收政府信息公开申请4件" in s1 and "其他处理2件，占总数的100.0%" in s1
    assert "被申请行政复议2件" in law.sections["s4"]
    assert not [f for f in report.findings if f["severity"] == "error"]
    ev = ReportEvent.objects.filter(report=report, kind=ReportEventKind.COMPOSED).get()
    assert ev.payload["t1_new"] == 4 and ev.payload["available"] == {"t2": True, "t3": True, "t4": True}


def test_percentages_and_bound_figures_make_the_seed_errors_impossible() -> None:
    from gongkai.reports.demo import seed_templates

    assert narrative.percent(4, 347) == "1.2%"
    assert narrative.percent(95, 347) == "27.4%" and narrative.percent(97, 347) == "28.0%"
    assert narrative.percent(1, 0) == "0.0%" and narrative.percent(1, 8) == "12.5%"
    assert narrative.percent(0, -100) == "0.0%" and narrative.percent(-1, 10000) == "0.0%"  # never "-0.0%"
    seed = load_seed()
    text = narrative.render_text(seed_templates()["s1"], seed)
    assert "“无法提供”97件，占总数的28.0%" in text and "“同意部分公开”4件，占总数的1.2%" in text
    assert "95件" not in text and "占总数的2%" not in text
    seed.sections["s1"] = text
    from gongkai.law.rules import check

    assert not [f for f in check(seed) if f.rule == "TEXT_MATCHES_TABLES"]


def test_narrative_binding_blocks_and_flags(cast, register_2020) -> None:  # noqa: ANN001
    report = _report(cast)
    for sid in ("s5", "s6"):
        actions.update_narrative(report=report, section=sid, text="存在的主要问题是答复质量有待提高，将加强培训。",
                                 actor=cast.clerk, now=now_at(2021, 1, 6))
    # a placeholder the 2019 edition does not have: an error that blocks publication
    report = actions.update_narrative(report=report, section="s3", text="其他处理中逾期不补正{t3.r3_6_1.total}件。",
                                      actor=cast.clerk, now=now_at(2021, 1, 7))
    errors = [f for f in report.findings if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["NARRATIVE_BINDING"] and "r3_6_1" in errors[0]["message"]
    assert "{t3.r3_6_1.total}" in report.data["sections"]["s3"]
    with pytest.raises(ReportError) as e:
        actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 1, 20), today=dt.date(2021, 1, 20),
                               acknowledge_warnings=True)
    assert "存在1项错误" in e.value.message and e.value.field == "override_reason"
    # a figure typed by hand that disagrees with its cell: flagged
    report = actions.update_narrative(report=report, section="s3", text="本年度其他处理5件。", actor=cast.clerk,
                                      now=now_at(2021, 1, 8))
    flagged = [f for f in report.findings if f["rule"] == "TEXT_MATCHES_TABLES"]
    assert len(flagged) == 1 and flagged[0]["expected"] == 2 and flagged[0]["actual"] == 5
    # fixed with the placeholder: nothing left, publication goes through
    report = actions.update_narrative(report=report, section="s3", text="本年度其他处理{t3.r3_6.total}件。",
                                      actor=cast.clerk, now=now_at(2021, 1, 9))
    assert report.data["sections"]["s3"] == "本年度其他处理2件。"
    assert report.findings == []
    report = actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 1, 20), today=dt.date(2021, 1, 20))
    assert report.status == ReportStatus.PUBLISHED and report.published_on == dt.date(2021, 1, 20)
    ev = ReportEvent.objects.get(report=report, kind=ReportEventKind.PUBLISHED)
    assert ev.payload == {"published_on": "2021-01-20", "deadline": "2021-01-31", "late": False, "errors": 0,
                          "warnings_acknowledged": []}
    with pytest.raises(ReportError):
        actions.update_narrative(report=report, section="s3", text="x", actor=cast.clerk, now=now_at(2021, 2, 1))


def test_carry_over_error_blocks_until_overridden_with_a_reason(cast, published_seed, register_2020) -> None:  # noqa: ANN001
    report = _report(cast)
    rules = {f["rule"] for f in report.findings if f["severity"] == "error"}
    assert rules == {"XY_CARRY"}  # 2019 carried 54 out, the 2020 register carries 0 in
    with pytest.raises(ReportError) as e:
        actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 1, 20), today=dt.date(2021, 1, 20),
                               acknowledge_warnings=True)
    assert "不能发布" in e.value.message and "上年" in e.value.message
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.published_on is None
    assert not ReportEvent.objects.filter(report=report, kind=ReportEventKind.PUBLISHED).exists()
    # warnings (the 【待填写】 drafts) need acknowledgement even with an override reason
    with pytest.raises(ReportError) as e:
        actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 1, 20), today=dt.date(2021, 1, 20),
                               override_reason="2019年的结转案件登记在旧系统中")
    assert e.value.field == "acknowledge_warnings"
    report = actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 1, 21),
                                    today=dt.date(2021, 1, 21), override_reason="2019年的结转案件登记在旧系统中",
                                    acknowledge_warnings=True)
    assert report.status == ReportStatus.PUBLISHED and report.override_reason == "2019年的结转案件登记在旧系统中"
    ov = ReportEvent.objects.get(report=report, kind=ReportEventKind.OVERRIDE)
    assert ov.payload["reason"] == "2019年的结转案件登记在旧系统中" and ov.payload["rules"] == ["XY_CARRY"]
    assert ov.actor == cast.head
    pub = ReportEvent.objects.get(report=report, kind=ReportEventKind.PUBLISHED)
    assert {"NARRATIVE_TODO|sections.s5", "NARRATIVE_TODO|sections.s6"} <= set(pub.payload["warnings_acknowledged"])


def test_publication_after_the_art_49_deadline_is_an_error(cast, register_2020) -> None:  # noqa: ANN001
    report = _report(cast)
    for sid in ("s5", "s6"):
        actions.update_narrative(report=report, section=sid, text="存在的主要问题是答复质量有待提高，将加强培训。",
                                 actor=cast.clerk, now=now_at(2021, 1, 6))
    with pytest.raises(ReportError) as e:
        actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 2, 3), today=dt.date(2021, 2, 3))
    assert "第四十九条" in e.value.message and "2021年1月31日" in e.value.message
    report = actions.publish_report(report=report, actor=cast.head, now=now_at(2021, 2, 3), today=dt.date(2021, 2, 3),
                                    override_reason="系统切换导致延误")
    pub = ReportEvent.objects.get(report=report, kind=ReportEventKind.PUBLISHED)
    assert pub.payload["late"] is True and pub.payload["deadline"] == "2021-01-31"
    assert report.to_report().meta["published_on"] == "2021-02-03"


def test_hand_entered_figures_only_outside_the_records(cast, register_2020) -> None:  # noqa: ANN001
    report = _report(cast)
    ref = "t2.t2_a20_9.procurement.amount"
    assert report.to_report().cell(ref) is None  # the catalogue does not hold procurement amounts
    with pytest.raises(ReportError) as e:
        actions.set_manual_figure(report=report, ref=ref, value=2532358, source="", actor=cast.clerk,
                                  now=now_at(2021, 1, 6))
    assert e.value.field == "source"
    with pytest.raises(ReportError) as e:
        actions.set_manual_figure(report=report, ref="t3.r1_new.np", value=9, source="台账", actor=cast.clerk,
                                  now=now_at(2021, 1, 6))
    assert "由系统记录计算" in e.value.message
    with pytest.raises(ReportError):
        actions.set_manual_figure(report=report, ref="t3.r3_6_1.np", value=1, source="台账", actor=cast.clerk,
                                  now=now_at(2021, 1, 6))
    report = actions.set_manual_figure(report=report, ref=ref, value=2532358, source="区财政局政府采购统计表",
                                       actor=cast.clerk, now=now_at(2021, 1, 6))
    assert report.to_report().cell(ref) == 2532358
    assert report.manual[ref]["source"] == "区财政局政府采购统计表"
    report = actions.compose_report(report=report, actor=cast.clerk, now=now_at(2021, 1, 7))
    assert report.to_report().cell(ref) == 2532358  # survives recomposition
    ev = ReportEvent.objects.filter(report=report, kind=ReportEventKind.MANUAL).get()
    assert ev.payload["source"] == "区财政局政府采购统计表" and ev.payload["value"] == 2532358
    report = actions.set_manual_figure(report=report, ref=ref, value=None, source="", actor=cast.clerk,
                                       now=now_at(2021, 1, 8))
    assert report.to_report().cell(ref) is None and report.manual == {}


def test_work_log_feeds_the_drafts(cast, register_2020) -> None:  # noqa: ANN001
    actions.add_work_log(agency=cast.planning, day=dt.date(2020, 6, 1), kind="hotline", count=300, actor=cast.clerk,
                         now=now_at(2020, 6, 1))
    entry = actions.add_work_log(agency=cast.planning, day=dt.date(2020, 12, 1), kind="hotline", count=181,
                                 note="12345", actor=cast.clerk, now=now_at(2020, 12, 1))
    actions.add_work_log(agency=cast.planning, day=dt.date(2020, 7, 1), kind="training", count=5, actor=cast.clerk,
                         now=now_at(2020, 7, 1))
    with pytest.raises(ReportError):
        actions.add_work_log(agency=cast.planning, day=dt.date(2020, 7, 2), kind="training", count=1,
                             actor=cast.clerk, now=now_at(2020, 7, 1))
    with pytest.raises(ReportError):
        actions.add_work_log(agency=cast.planning, day=dt.date(2020, 7, 1), kind="nonsense", count=1,
                             actor=cast.clerk, now=now_at(2020, 7, 1))
    report = _report(cast)
    s1 = report.data["sections"]["s1"]
    assert "接听市民来电481个" in s1 and "业务培训5次" in s1
    assert report.data["meta"]["facts"]["work.hotline"] == 481
    assert ReportEvent.objects.filter(kind=ReportEventKind.WORKLOG).count() == 3
    actions.delete_work_log(entry=entry, actor=cast.clerk, now=now_at(2021, 1, 6))
    report = actions.compose_report(report=report, actor=cast.clerk, now=now_at(2021, 1, 6, 11))
    assert "接听市民来电300个" in report.data["sections"]["s1"]


def test_district_roll_up(cast, published_seed) -> None:  # noqa: ANN001
    transport = actions.create_report(agency=cast.transport, year=2019, actor=cast.outsider, now=now_at(2020, 1, 5))
    actions.compose_report(report=transport, actor=cast.outsider, now=now_at(2020, 1, 5))
    statuses = {d.agency.pk: d for d in rollup(cast.district, 2019)}
    assert statuses[cast.planning.pk].submitted and not statuses[cast.transport.pk].submitted
    ecology = [d for d in statuses.values() if d.agency.code == "BSSTHJ"][0]
    assert ecology.report is None and not ecology.submitted
    district = actions.create_report(agency=cast.district, year=2019, actor=cast.supervisor, now=now_at(2020, 2, 1))
    district = actions.compose_report(report=district, actor=cast.supervisor, now=now_at(2020, 2, 1))
    law = district.to_report()
    seed = load_seed()
    assert law.t3 == seed.t3 and law.t4 == seed.t4  # the government's own register is empty
    assert law.t2["t2_a20_9"]["procurement"]["amount"] == 2532358
    notes = " ".join(law.meta["composition_notes"])
    assert "尚未提交" in notes and "宝山区交通委员会" in notes and "宝山区生态环境局" in notes
    actions.submit_report(report=transport, actor=cast.outsider, now=now_at(2020, 1, 6))
    assert {d.agency.pk for d in rollup(cast.district, 2019) if d.submitted} == {cast.planning.pk, cast.transport.pk}


def test_submit_reopen_transitions(cast) -> None:  # noqa: ANN001
    r = actions.create_report(agency=cast.planning, year=2020, actor=cast.clerk, now=now_at(2021, 1, 4))
    with pytest.raises(ReportError):
        actions.reopen_report(report=r, actor=cast.clerk, now=now_at(2021, 1, 4))
    r = actions.submit_report(report=r, actor=cast.clerk, now=now_at(2021, 1, 5))
    assert r.status == ReportStatus.CHECKING
    with pytest.raises(ReportError):
        actions.submit_report(report=r, actor=cast.clerk, now=now_at(2021, 1, 5))
    r = actions.reopen_report(report=r, actor=cast.head, now=now_at(2021, 1, 6), reason="补充第五部分")
    assert r.status == ReportStatus.DRAFT
    kinds = list(ReportEvent.objects.filter(report=r).values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "reopened"]
    assert AnnualReport.objects.get(pk=r.pk).findings == []
    assert Severity.ERROR.value == "error"


def test_fee_facts_feed_section_six(cast) -> None:  # noqa: ANN001
    from gongkai.reports.compose import facts

    app = file_application(cast, dt.date(2020, 3, 2))
    app_actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=now_at(2020, 3, 2, 11))
    notice = app_actions.issue_fee_notice(application=app, actor=cast.clerk, now=now_at(2020, 3, 3), method="per_page",
                                          pages=300)
    app_actions.record_payment(fee_notice=notice, paid_on=dt.date(2020, 3, 5), actor=cast.clerk, now=now_at(2020, 3, 5))
    f = facts([cast.planning.pk], 2020)
    assert f["fees.notices"] == 1 and f["fees.notice_amount"] == notice.amount > 0
    assert f["fees.collected"] == notice.amount
    assert facts([cast.planning.pk], 2021)["fees.notices"] == 0
    report = _report(cast)
    assert f"通知收费金额{notice.amount}元，实际收取金额{notice.amount}元" in report.data["sections"]["s6"]


def test_a_missing_source_degrades_to_hand_entry(cast, monkeypatch) -> None:  # noqa: ANN001
    """When a contract module is not there, its table stays blank with a note, and its cells may be
    entered by hand with their source."""
    from gongkai.reports import compose

    real = compose._contract
    monkeypatch.setattr(compose, "_contract", lambda table: None if table == "t4" else real(table))
    report = _report(cast)
    law = report.to_report()
    assert all(v is None for v in law.t4.values())
    assert any("表四" in n and "尚未启用" in n for n in law.meta["composition_notes"])
    assert law.t3["r1_new"] == [0] * 7  # the other tables are still computed
    report = actions.set_manual_figure(report=report, ref="t4.rv_keep", value=2, source="区司法局复议案件台账",
                                       actor=cast.clerk, now=now_at(2021, 1, 6))
    assert report.to_report().t4["rv_keep"] == 2
    monkeypatch.setattr(compose, "_contract", real)
    report = actions.compose_report(report=report, actor=cast.clerk, now=now_at(2021, 1, 7))
    law = report.to_report()
    assert law.t4["rv_keep"] == 0  # the register is back: the computed value wins, the note says so
    assert any("t4.rv_keep" in n and "不再使用" in n for n in law.meta["composition_notes"])

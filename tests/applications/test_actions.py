"""Every action and transition, with the refused ones, on dates where the working-day arithmetic is known.

March 2025 has no holidays; 2025-04-04 (清明) is a holiday, so "20 working days after 2025-03-12" is 2025-04-10.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.models import Application, CaseEvent, EventKind, FeeStatus, Status
from gongkai.applications.reporting import compute_t3
from gongkai.law.editions import GB2021
from tests.applications.conftest import BASE, DETAILS, at

D = dt.date


def kinds(app: Application) -> list[str]:
    return list(CaseEvent.objects.filter(application=app).values_list("kind", flat=True))


# --------------------------------------------------------------------------- intake


def test_submit_online_waits_for_confirmation_then_receipt(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app, code = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(BASE))
    assert app.status == Status.SUBMITTED and app.received_on is None and app.due_on is None
    assert actions.check_query_code(app, code) and not actions.check_query_code(app, "WRONGCODE1")
    assert code in mail.outbox[0].body
    with pytest.raises(ApplicationError, match="不能晚于今天"):
        actions.confirm_receipt(application=app, confirmed_on=D(2025, 3, 5), actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="工作人员"):
        actions.confirm_receipt(application=app, confirmed_on=D(2025, 3, 4), actor=cast.outsider, now=at(D(2025, 3, 4)))
    actions.confirm_receipt(application=app, confirmed_on=D(2025, 3, 4), actor=cast.clerk, now=at(D(2025, 3, 4)))
    assert app.status == Status.RECEIVED and app.received_on == D(2025, 3, 4) and app.due_on == D(2025, 4, 1)
    assert "第三十一条" in app.due_steps[0]["text"]
    assert app.letters.filter(kind="receipt").exists()
    with pytest.raises(ApplicationError, match="无需确认"):
        actions.confirm_receipt(application=app, confirmed_on=D(2025, 3, 4), actor=cast.clerk, now=at(D(2025, 3, 4)))
    assert kinds(app)[:2] == [EventKind.SUBMITTED, EventKind.RECEIPT_CONFIRMED]


@pytest.mark.parametrize(("channel", "kw", "received"), [
    ("in_person", {}, D(2025, 3, 3)),
    ("post_signed", {"signed_on": D(2025, 3, 5)}, D(2025, 3, 5)),
    ("post_unsigned", {"confirmed_on": D(2025, 3, 6)}, D(2025, 3, 6)),
    ("fax", {"confirmed_on": D(2025, 3, 4)}, D(2025, 3, 4)),
    ("email", {"confirmed_on": D(2025, 3, 7)}, D(2025, 3, 7)),
    ("fax", {}, None),
])
def test_register_receipt_date_by_channel(cast: Any, channel: str, kw: dict, received: D | None) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel=channel, submitted_on=BASE,
                              actor=cast.clerk, now=at(D(2025, 3, 7)), issue_receipt=False, **kw)
    assert app.received_on == received
    assert app.status == (Status.RECEIVED if received else Status.SUBMITTED)


def test_email_receipt_rule_setting(cast: Any) -> None:
    cast.planning.settings = {"email_receipt_rule": "submission"}
    cast.planning.save()
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="email", submitted_on=BASE,
                              actor=cast.clerk, now=at(D(2025, 3, 7)), issue_receipt=False)
    assert app.received_on == BASE


def test_register_refusals(cast: Any) -> None:
    with pytest.raises(ApplicationError, match="不得早于提交日期") as e:
        actions.register(agency=cast.planning, details=DETAILS, channel="post_signed", submitted_on=BASE,
                         signed_on=D(2025, 3, 1), actor=cast.clerk, now=at(BASE))
    assert e.value.field == "signed_on"
    with pytest.raises(ApplicationError, match="申请人类型"):
        actions.register(agency=cast.planning, details={**DETAILS, "applicant_type": "alien"}, channel="in_person",
                         submitted_on=BASE, actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="不能晚于今天"):
        actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=D(2025, 3, 9),
                         actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError):
        actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=BASE,
                         actor=cast.outsider, now=at(BASE))
    assert not Application.objects.exists()


def test_tracking_numbers_are_sequential_per_agency_and_year(cast: Any) -> None:
    a, _ = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(BASE))
    b, _ = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(BASE))
    c, _ = actions.submit_online(agency=cast.transport, details=DETAILS, now=at(BASE))
    d, _ = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(D(2026, 1, 5)))
    assert [a.tracking_no, b.tracking_no] == ["BSGHZY-2025-00001", "BSGHZY-2025-00002"]
    assert c.tracking_no == "BSJTW-2025-00001" and d.tracking_no == "BSGHZY-2026-00001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_number(cast: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks whole tables across threads; run with DATABASE_URL")
    numbers: list[str] = []
    errors: list[Exception] = []

    def run() -> None:
        try:
            for _ in range(3):
                app, _ = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(BASE))
                numbers.append(app.tracking_no)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(numbers) == 12 and len(set(numbers)) == 12


def test_duplicate_flagged_against_answered_case(cast: Any, received: Application) -> None:
    actions.propose_decision(application=received, outcome="A36_2_disclosed", actor=cast.clerk, now=at(BASE))
    actions.approve_decision(application=received, actor=cast.reviewer, now=at(BASE))
    actions.approve_decision(application=received, actor=cast.head, now=at(BASE))
    again, _ = actions.submit_online(agency=cast.planning,
                                     details={**DETAILS, "description": "2024年宝山区控制性详细规划调整的批复文件。"},
                                     now=at(D(2025, 3, 10)))
    assert again.duplicate_of == received
    assert kinds(again)[-1] == EventKind.DUPLICATE_FLAGGED
    other, _ = actions.submit_online(agency=cast.planning, details={**DETAILS, "description": "宝山区2023年土地出让合同"},
                                     now=at(D(2025, 3, 10)))
    assert other.duplicate_of is None
    stranger, _ = actions.submit_online(agency=cast.planning,
                                        details={**DETAILS, "id_number": "310113198001011235"},  # another person
                                        now=at(D(2025, 3, 10)))
    assert stranger.duplicate_of is None
    assert actions.similarity("控制性详细规划调整批复", "控制性详细规划调整批复") == 1.0


# --------------------------------------------------------------------------- assignment and 补正


def test_assign_and_transfer(cast: Any, received: Application) -> None:
    assert received.status == Status.IN_PROGRESS and received.assigned_to == cast.clerk
    with pytest.raises(ApplicationError, match="已由此经办人"):
        actions.assign(application=received, clerk=cast.clerk, actor=cast.head, now=at(BASE))
    with pytest.raises(ApplicationError, match="本机关的工作人员"):
        actions.assign(application=received, clerk=cast.outsider, actor=cast.head, now=at(BASE))
    actions.assign(application=received, clerk=cast.clerk2, actor=cast.head, now=at(BASE))
    ev = CaseEvent.objects.filter(application=received, kind=EventKind.ASSIGNED).order_by("pk").last()
    assert ev.payload["previous"] == "clerk" and ev.payload["clerk"] == "clerk2"


def test_correction_once_within_seven_workdays(cast: Any, received: Application) -> None:
    with pytest.raises(ApplicationError, match="告知期限已于2025年3月12日届满"):
        actions.request_correction(application=received, items="写明文号", actor=cast.clerk, now=at(D(2025, 3, 13)))
    with pytest.raises(ApplicationError, match="需要补正的事项"):
        actions.request_correction(application=received, items=" ", actor=cast.clerk, now=at(D(2025, 3, 5)))
    actions.request_correction(application=received, items="写明文号", actor=cast.clerk, now=at(D(2025, 3, 12)),
                               period_wd=10)
    assert received.status == Status.CORRECTION_REQUESTED and received.correction_due == D(2025, 3, 26)
    assert received.due_on is None and "补正" in received.due_steps[-1]["text"]
    with pytest.raises(ApplicationError, match="一次性"):
        actions.request_correction(application=received, items="再补", actor=cast.clerk, now=at(D(2025, 3, 12)))
    with pytest.raises(ApplicationError, match="届满后"):
        actions.lapse_correction(application=received, actor=cast.clerk, now=at(D(2025, 3, 26)))
    with pytest.raises(ApplicationError, match="补正期限已于"):
        actions.submit_correction(application=received, description="新的描述", now=at(D(2025, 3, 27)))
    actions.submit_correction(application=received, description="沪规〔2024〕3号文", now=at(D(2025, 3, 20)))
    assert received.status == Status.IN_PROGRESS and received.corrected_received_on == D(2025, 3, 20)
    assert received.due_on == D(2025, 4, 18)  # 20 wd after 3-20, skipping 4-4
    with pytest.raises(ApplicationError, match="不需要补正"):
        actions.submit_correction(application=received, description="again", now=at(D(2025, 3, 21)))
    assert received.letters.filter(kind="correction").exists()


def test_correction_lapse_is_deemed_withdrawn(cast: Any, received: Application) -> None:
    actions.request_correction(application=received, items="写明文号", actor=cast.clerk, now=at(BASE), period_wd=5)
    actions.lapse_correction(application=received, actor=cast.clerk, now=at(D(2025, 3, 11)))
    assert received.status == Status.CLOSED and received.outcome == "A30_not_corrected"
    assert received.concluded_on == D(2025, 3, 11)
    t3 = compute_t3([cast.planning.pk], 2025, GB2021)
    assert t3["r3_6_1"][0] == 1 and t3["r1_new"][0] == 1 and t3["r4_carry_out"][-1] == 0


# --------------------------------------------------------------------------- consultations


def test_third_party_consultation_pauses_and_override(cast: Any, received: Application) -> None:
    cons = actions.start_consultation(application=received, kind="third_party", party_name="某置业公司",
                                      actor=cast.clerk, now=at(D(2025, 3, 5)))
    received.refresh_from_db()
    assert received.status == Status.CONSULTING and received.due_on is None and received.clock_stopped
    assert cons.reply_due == D(2025, 3, 26)
    tp_letter = received.letters.get(kind="third_party")
    assert not tp_letter.for_applicant
    with pytest.raises(ApplicationError, match="届满后才能"):
        actions.finish_consultation(consultation=cons, answer="silent", answered_on=D(2025, 3, 20), actor=cast.clerk,
                                    now=at(D(2025, 3, 20)))
    with pytest.raises(ApplicationError, match="公共利益"):
        actions.finish_consultation(consultation=cons, answer="object", answered_on=D(2025, 3, 12), override=True,
                                    actor=cast.clerk, now=at(D(2025, 3, 12)))
    with pytest.raises(ApplicationError, match="不同意公开时"):
        actions.finish_consultation(consultation=cons, answer="agree", answered_on=D(2025, 3, 12), override=True,
                                    override_reason="x", actor=cast.clerk, now=at(D(2025, 3, 12)))
    with pytest.raises(ApplicationError, match="提出意见的期限"):
        actions.finish_consultation(consultation=cons, answer="silent", answered_on=D(2025, 3, 12), actor=cast.clerk,
                                    now=at(D(2025, 3, 12)))
    with pytest.raises(ApplicationError, match="征求意见"):
        actions.propose_decision(application=received, outcome="A36_2_disclosed", actor=cast.clerk,
                                 now=at(D(2025, 3, 12)))
    actions.finish_consultation(consultation=cons, answer="object", answered_on=D(2025, 3, 12), override=True,
                                override_reason="涉及公共安全，不公开会对公共利益造成重大影响", actor=cast.clerk,
                                now=at(D(2025, 3, 12)))
    received.refresh_from_db()
    # paused (3-5, 3-12] = 5 working days: 3-31 + 5 wd = 4-8 (4-4 is a holiday → 4-8)
    assert received.status == Status.IN_PROGRESS and received.due_on == D(2025, 4, 8)
    assert any("暂停5个工作日" in s["text"] for s in received.due_steps)
    assert received.letters.filter(kind="third_party_override", for_applicant=False).exists()
    assert EventKind.PUBLIC_INTEREST_OVERRIDE in kinds(received)
    with pytest.raises(ApplicationError, match="已经结束"):
        actions.finish_consultation(consultation=cons, answer="agree", answered_on=D(2025, 3, 12), actor=cast.clerk,
                                    now=at(D(2025, 3, 12)))


def test_other_organ_consultation_silence(cast: Any, received: Application) -> None:
    cons = actions.start_consultation(application=received, kind="other_organ", party_name="区房管局",
                                      actor=cast.clerk, now=at(D(2025, 3, 4)))
    actions.finish_consultation(consultation=cons, answer="silent", answered_on=D(2025, 3, 30), actor=cast.clerk,
                                now=at(D(2025, 3, 27)))
    cons.refresh_from_db()
    assert cons.answered_on == cons.reply_due == D(2025, 3, 25)
    received.refresh_from_db()
    assert received.due_on is not None and received.due_on > D(2025, 3, 31)


# --------------------------------------------------------------------------- extension


def test_extension_head_only_once_before_due(cast: Any, received: Application) -> None:
    with pytest.raises(ApplicationError, match="负责人"):
        actions.extend(application=received, workdays=10, reason="查档", actor=cast.clerk, now=at(D(2025, 3, 20)))
    with pytest.raises(ApplicationError, match="20个工作日"):
        actions.extend(application=received, workdays=21, reason="查档", actor=cast.head, now=at(D(2025, 3, 20)))
    with pytest.raises(ApplicationError, match="已于2025年3月31日届满"):
        actions.extend(application=received, workdays=10, reason="查档", actor=cast.head, now=at(D(2025, 4, 1)))
    actions.extend(application=received, workdays=20, reason="查档", actor=cast.head, now=at(D(2025, 3, 31)))
    assert received.status == Status.EXTENDED and received.due_on == D(2025, 4, 28)  # 4-27 (Sunday) is a working day
    assert received.letters.filter(kind="extension").exists()
    with pytest.raises(ApplicationError, match="只能延长一次"):
        actions.extend(application=received, workdays=1, reason="再延", actor=cast.head, now=at(D(2025, 4, 1)))


def test_admin_may_extend(cast: Any, received: Application) -> None:
    actions.extend(application=received, workdays=5, reason="查档", actor=cast.admin, now=at(D(2025, 3, 10)))
    assert received.extension_wd == 5


# --------------------------------------------------------------------------- fees


def test_fee_per_page_pay_and_clock(cast: Any, received: Application) -> None:
    with pytest.raises(ApplicationError, match="页数"):
        actions.issue_fee_notice(application=received, method="per_page", actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="未超出免费范围"):
        actions.issue_fee_notice(application=received, method="per_page", pages=30, actor=cast.clerk, now=at(BASE))
    fee = actions.issue_fee_notice(application=received, method="per_page", pages=250, actor=cast.clerk,
                                   now=at(D(2025, 3, 5)))
    assert fee.amount == 4700 and fee.payment_due == D(2025, 4, 2)
    received.refresh_from_db()
    assert received.status == Status.AWAITING_PAYMENT and received.due_on is None
    with pytest.raises(ApplicationError, match="待缴费"):
        actions.issue_fee_notice(application=received, method="per_page", pages=250, actor=cast.clerk, now=at(BASE))
    actions.record_payment(fee_notice=fee, paid_on=D(2025, 3, 7), actor=None, now=at(D(2025, 3, 7)))
    with pytest.raises(ApplicationError, match="已经发出过"):
        actions.issue_fee_notice(application=received, method="per_page", pages=250, actor=cast.clerk,
                                 now=at(D(2025, 3, 7)))
    received.refresh_from_db()
    assert received.status == Status.IN_PROGRESS and received.due_on == D(2025, 4, 2)  # 2 wd paused
    with pytest.raises(ApplicationError, match="已处理"):
        actions.decline_fee(fee_notice=fee, actor=None, now=at(D(2025, 3, 7)))


def test_fee_per_application_counts_the_month(cast: Any) -> None:
    apps = []
    for i in range(11):
        app, _ = actions.register(agency=cast.planning, details={**DETAILS, "description": f"第{i}号批复文件"},
                                  channel="in_person", submitted_on=BASE, actor=cast.clerk, now=at(BASE),
                                  issue_receipt=False)
        apps.append(app)
    with pytest.raises(ApplicationError, match="未超出免费范围"):
        Application.objects.filter(pk__in=[a.pk for a in apps[1:]]).update(received_on=D(2025, 2, 28))
        actions.issue_fee_notice(application=apps[0], actor=cast.clerk, now=at(BASE))
    Application.objects.update(received_on=BASE)
    fee = actions.issue_fee_notice(application=apps[-1], actor=cast.clerk, now=at(BASE))
    assert fee.units == 11 and fee.amount == 100


def test_fee_lapse_and_decline(cast: Any, received: Application) -> None:
    fee = actions.issue_fee_notice(application=received, method="per_page", pages=100, actor=cast.clerk,
                                   now=at(BASE))
    with pytest.raises(ApplicationError, match="届满后"):
        actions.lapse_payment(fee_notice=fee, actor=cast.clerk, now=at(D(2025, 3, 31)))
    with pytest.raises(ApplicationError, match="缴费期限已于"):
        actions.record_payment(fee_notice=fee, paid_on=D(2025, 4, 2), actor=cast.clerk, now=at(D(2025, 4, 2)))
    actions.lapse_payment(fee_notice=fee, actor=cast.clerk, now=at(D(2025, 4, 2)))
    received.refresh_from_db()
    assert received.outcome == "fee_not_paid" and received.status == Status.CLOSED
    fee.refresh_from_db()
    assert fee.status == FeeStatus.LAPSED
    other, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=BASE,
                                actor=cast.clerk, now=at(BASE), issue_receipt=False)
    fee2 = actions.issue_fee_notice(application=other, method="per_page", pages=100, actor=cast.clerk, now=at(BASE))
    actions.decline_fee(fee_notice=fee2, actor=None, now=at(D(2025, 3, 6)))
    other.refresh_from_db()
    assert other.status == Status.WITHDRAWN and other.outcome == "withdrawn_or_other"


def test_fee_pause_setting(cast: Any, received: Application) -> None:
    cast.planning.settings = {"fee_pauses_clock": False}
    cast.planning.save()
    received.refresh_from_db()
    actions.issue_fee_notice(application=received, method="per_page", pages=50, actor=cast.clerk, now=at(BASE))
    received.refresh_from_db()
    assert received.due_on == D(2025, 3, 31) and any("不暂停计时" in s["text"] for s in received.due_steps)


# --------------------------------------------------------------------------- decision, review, reply


def test_decision_chain_reply_delivery_close(cast: Any, received: Application) -> None:
    with pytest.raises(ApplicationError, match="一种答复类型"):
        actions.propose_decision(application=received, outcome="nonsense", actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="申请人的行为"):
        actions.propose_decision(application=received, outcome="fee_not_paid", actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="理由"):
        actions.propose_decision(application=received, outcome="A37_partial", withheld_detail="身份证号",
                                 withheld_reason="A36_2_disclosed", actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError, match="未审批通过"):
        actions.issue_reply(application=received, actor=cast.clerk, now=at(BASE))
    actions.propose_decision(application=received, outcome="A37_partial", withheld_detail="他人身份证号码",
                             withheld_reason="third_party_rights", actor=cast.clerk, now=at(D(2025, 3, 20)))
    assert received.status == Status.DECISION_REVIEW and received.outcome is None
    with pytest.raises(ApplicationError, match="审核人"):
        actions.approve_decision(application=received, actor=cast.head, now=at(D(2025, 3, 20)))
    with pytest.raises(ApplicationError, match="退回理由"):
        actions.return_decision(application=received, reason="", actor=cast.reviewer, now=at(D(2025, 3, 20)))
    actions.return_decision(application=received, reason="请补充依据", actor=cast.reviewer, now=at(D(2025, 3, 20)))
    assert received.status == Status.IN_PROGRESS
    actions.propose_decision(application=received, outcome="A37_partial", withheld_detail="他人身份证号码",
                             withheld_reason="third_party_rights", actor=cast.clerk, now=at(D(2025, 3, 21)))
    actions.approve_decision(application=received, actor=cast.reviewer, now=at(D(2025, 3, 21)))
    with pytest.raises(ApplicationError, match="负责人"):
        actions.approve_decision(application=received, actor=cast.reviewer, now=at(D(2025, 3, 21)))
    actions.approve_decision(application=received, actor=cast.head, now=at(D(2025, 3, 21)))
    assert received.status == Status.DECIDED and received.outcome == "A37_partial"
    with pytest.raises(ApplicationError, match="不能撤回"):
        actions.withdraw(application=received, now=at(D(2025, 3, 21)))
    row = actions.issue_reply(application=received, actor=cast.clerk, now=at(D(2025, 3, 24)))
    received.refresh_from_db()
    assert row.kind == "reply_partial" and received.concluded_on == D(2025, 3, 24)
    with pytest.raises(ApplicationError, match="送达日期"):
        actions.record_delivery(application=received, delivered_on=D(2025, 3, 20), method="邮寄", actor=cast.clerk,
                                now=at(D(2025, 3, 25)))
    actions.record_delivery(application=received, delivered_on=D(2025, 3, 25), method="邮寄", actor=cast.clerk,
                            now=at(D(2025, 3, 25)))
    actions.close(application=received, actor=cast.clerk, now=at(D(2025, 3, 26)))
    assert received.status == Status.CLOSED
    with pytest.raises(ApplicationError, match="已办结"):
        actions.assign(application=received, clerk=cast.clerk2, actor=cast.head, now=at(D(2025, 3, 26)))
    with pytest.raises(ApplicationError, match="只有已答复"):
        actions.close(application=received, actor=cast.clerk, now=at(D(2025, 3, 26)))
    assert kinds(received).count(EventKind.DECISION_APPROVED) == 2
    assert compute_t3([cast.planning.pk], 2025, GB2021)["r3_2_partial"][0] == 1


def test_chain_configurable(cast: Any, received: Application) -> None:
    cast.planning.settings = {"decision_chain": []}
    cast.planning.save()
    received.refresh_from_db()
    actions.propose_decision(application=received, outcome="A36_4_not_exist", actor=cast.clerk, now=at(BASE))
    assert received.status == Status.DECIDED and received.outcome == "A36_4_not_exist"
    cast.planning.settings = {"decision_chain": ["head"]}
    cast.planning.save()
    other, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=BASE,
                                actor=cast.clerk, now=at(BASE), issue_receipt=False)
    actions.propose_decision(application=other, outcome="A36_2_disclosed", actor=cast.clerk, now=at(BASE))
    with pytest.raises(ApplicationError):
        actions.approve_decision(application=other, actor=cast.reviewer, now=at(BASE))
    actions.approve_decision(application=other, actor=cast.head, now=at(BASE))
    assert other.status == Status.DECIDED


def test_withdraw_ends_pending_pauses(cast: Any, received: Application) -> None:
    actions.start_consultation(application=received, kind="third_party", party_name="某公司", actor=cast.clerk,
                               now=at(D(2025, 3, 5)))
    actions.withdraw(application=received, reason="不需要了", now=at(D(2025, 3, 6)))
    assert received.status == Status.WITHDRAWN and received.concluded_on == D(2025, 3, 6)
    assert not received.consultations.filter(answered_on__isnull=True).exists()
    with pytest.raises(ApplicationError, match="不能撤回"):
        actions.withdraw(application=received, now=at(D(2025, 3, 7)))


def test_calendar_gap_gives_explained_missing_due(cast: Any) -> None:
    # A calendar that may not estimate (the running system's does: tests/applications/test_provisional.py).
    from gongkai.law.workdays import WorkdayCalendar

    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=D(2026, 12, 20),
                              actor=cast.clerk, now=at(D(2026, 12, 21)), issue_receipt=False, cal=WorkdayCalendar())
    assert app.due_on is None and "暂无法计算答复期限" in app.due_steps[0]["text"]

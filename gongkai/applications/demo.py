"""Demo register of 宝山区规划和自然资源局.

1. The 2019 register behind the seed's table 三: 18 cases received in December 2018 and answered in January
   2019, 383 received in 2019 (自然人 371, 商业企业 10, 科研机构 1, 法律服务机构 1), of which 54 (自然人)
   received in December 2019 and answered in January 2020; the 347 answered in 2019 have exactly the
   seed's outcomes per applicant type. ``compute_t3(planning, 2019, GB2019)`` equals the seed's table 三.

   Bulk path (documented): writing ~450 past cases through the actions would render ~900 letters; instead
   :func:`_history` writes the same rows the actions write — the application with its receipt date, the
   due date and explanation computed by ``gongkai.law.deadlines.reply_due`` on the real calendar, the
   outcome and ``concluded_on`` — and the same events (submitted, receipt_confirmed, assigned, correction,
   decision_proposed, decision_approved per step of the chain, reply_issued, closed / withdrawn), without
   letter files.

2. Current-year cases (relative to ``today``, computed once) in every state, created by calling the real
   actions with past ``now`` values: some due soon, some overdue. Every demo case can be tracked with the
   query code :data:`DEMO_QUERY_CODE`.

Idempotent: the history is skipped when its first tracking number exists; the current cases when the
first current case exists. Deterministic: seeded random.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.calendar import get_calendar
from gongkai.applications import actions
from gongkai.applications.models import Application, CaseEvent, EventKind, Status, TrackingCounter
from gongkai.applications.validators import USCC_CHARS, resident_id_check_char, uscc_check_char
from gongkai.law import deadlines as dl
from gongkai.law.categories import OUTCOME_BY_CODE
from gongkai.law.workdays import WorkdayCalendar

DEMO_QUERY_CODE = "DEMO2019GK"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海燕"
COMPANIES = ["上海宝杨置业有限公司", "上海吴淞物流有限公司", "上海月浦建设工程有限公司", "上海罗泾港务有限公司",
             "上海大场房地产开发有限公司", "上海顾村实业有限公司", "上海庙行商贸有限公司"]
RESEARCH = ["上海城市规划研究院"]
LAW_FIRMS = ["上海申宝律师事务所"]
PLACES = ["顾村镇", "罗店镇", "大场镇", "杨行镇", "月浦镇", "罗泾镇", "庙行镇", "淞南镇", "高境镇", "友谊路街道",
          "吴淞街道", "张庙街道"]
SUBJECTS = [
    "{place}{n}号地块的建设工程规划许可证及附图",
    "{place}{road}以东地块控制性详细规划（{year}年修编）",
    "{place}{village}集体土地征收的批复文件及征地公告",
    "{place}{road}沿线动迁安置基地的国有土地使用权出让合同",
    "{place}{village}宅基地审批的相关文件",
    "{place}{road}道路拓宽工程的建设用地规划许可证",
    "{place}{n}号地块土地储备的批准文件",
    "{place}{road}地块房屋征收范围的规划依据",
]
ROADS = ["沪太路", "蕴川路", "共和新路", "富长路", "友谊路", "宝杨路", "陆翔路", "潘泾路", "月罗公路", "纬地路"]
VILLAGES = ["陈行村", "朱家宅", "毛家弄", "刘行村", "盛桥村", "新陆村", "聚源桥村", "塘湾村"]

# Seed table 三 (2019): outcomes of the 347 cases answered in 2019, per applicant type.
RESULTS_2019: dict[str, dict[str, int]] = {
    "natural_person": {
        "r3_1_open": 213, "r3_2_partial": 4, "r3_3_4": 2, "r3_3_7": 1, "r3_4_1": 55, "r3_4_2": 2, "r3_4_3": 27,
        "r3_5_2": 20, "r3_6": 7,
    },
    "commercial_enterprise": {"r3_4_1": 10, "r3_4_3": 3, "r3_6": 1},
    "research_institution": {"r3_1_open": 1},
    "legal_service_org": {"r3_6": 1},
}
NEW_2019 = {"natural_person": 371, "commercial_enterprise": 10, "research_institution": 1, "legal_service_org": 1}
CARRIED_IN_2019 = {"natural_person": 14, "commercial_enterprise": 4}
CARRIED_OUT_2019 = {"natural_person": 54}
# Outcome codes used for each row (the first is the usual one).
ROW_CODES: dict[str, tuple[str, ...]] = {
    "r3_1_open": ("A36_2_disclosed", "A36_2_disclosed", "A36_2_disclosed", "A36_1_already_public"),
    "r3_2_partial": ("A37_partial",),
    "r3_3_4": ("third_party_rights",),
    "r3_3_7": ("enforcement_case_file",),
    "r3_4_1": ("A36_4_not_exist", "A36_4_not_exist", "A36_5_not_responsible"),
    "r3_4_2": ("A38_needs_processing",),
    "r3_4_3": ("unclear_after_correction",),
    "r3_5_2": ("A36_6_repeat",),
    "r3_6": ("withdrawn_or_other", "A30_not_corrected"),
}


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
    body = f"310113{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return name, body + resident_id_check_char(body)


def _uscc(rng: random.Random) -> str:
    body = "913101" + "13" + "".join(rng.choice(USCC_CHARS) for _ in range(9))
    return body + uscc_check_char(body)


def _description(rng: random.Random, year: int) -> str:
    return rng.choice(SUBJECTS).format(place=rng.choice(PLACES), road=rng.choice(ROADS), village=rng.choice(VILLAGES),
                                       n=rng.randint(1, 60), year=year - rng.randint(0, 5))


def _workdays_in(cal: WorkdayCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if cal.is_workday(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def load(ctx: Any) -> None:
    agency = ctx.agencies["planning"]
    cal = get_calendar()
    with transaction.atomic():
        _history(ctx, agency, cal)
    _current(ctx, agency, cal)


# --------------------------------------------------------------------------- 2018-2020 history (bulk path)


def _history(ctx: Any, agency: Any, cal: WorkdayCalendar) -> None:
    if Application.objects.filter(tracking_no=f"{agency.code}-2018-00001").exists():
        return
    rng = random.Random(2019)
    users = ctx.users
    clerks = [users["clerk"], users["clerk2"]]
    chain_users = {"reviewer": users["reviewer"], "head": users["head"]}
    chain = actions.decision_chain(agency)

    # Which cases: (applicant_type, received window, concluded in 2019?) and the outcome pool.
    specs: list[tuple[str, str]] = []  # (applicant_type, period) period in {"2018", "2019", "2019_out"}
    for t, n in CARRIED_IN_2019.items():
        specs += [(t, "2018")] * n
    for t, n in NEW_2019.items():
        out = CARRIED_OUT_2019.get(t, 0)
        specs += [(t, "2019")] * (n - out) + [(t, "2019_out")] * out
    pools: dict[str, list[str]] = {}
    for t, rows in RESULTS_2019.items():
        pool: list[str] = []
        for row, n in rows.items():
            codes = ROW_CODES[row]
            pool += [codes[i % len(codes)] for i in range(n)]
        rng.shuffle(pool)
        pools[t] = pool

    days_2018 = _workdays_in(cal, dt.date(2018, 12, 3), dt.date(2018, 12, 28))
    days_2019 = _workdays_in(cal, dt.date(2019, 1, 2), dt.date(2019, 11, 29))
    days_2019_out = _workdays_in(cal, dt.date(2019, 12, 2), dt.date(2019, 12, 31))

    plans: list[dict[str, Any]] = []
    for t, period in specs:
        days = {"2018": days_2018, "2019": days_2019, "2019_out": days_2019_out}[period]
        received = rng.choice(days)
        if period == "2019_out":
            outcome = rng.choice(("A36_2_disclosed",) * 4 + ("A36_4_not_exist",))
        else:
            outcome = pools[t].pop()
        plans.append({"type": t, "period": period, "received": received, "outcome": outcome})
    assert all(not p for p in pools.values())
    plans.sort(key=lambda p: (p["received"], p["type"]))

    people = [_person(rng) for _ in range(260)]
    companies = {c: _uscc(rng) for c in COMPANIES + RESEARCH + LAW_FIRMS}
    answered_by_person: dict[str, Application] = {}
    serial = {2018: 0, 2019: 0}
    apps: list[Application] = []
    events: list[tuple[int, list[dict[str, Any]]]] = []
    for p in plans:
        t, received, code = p["type"], p["received"], p["outcome"]
        outcome = OUTCOME_BY_CODE[code]
        if t == "natural_person":
            name, idn = rng.choice(people)
            id_type, contact = "resident_id", ""
        else:
            name = rng.choice({"commercial_enterprise": COMPANIES, "research_institution": RESEARCH,
                               "legal_service_org": LAW_FIRMS}[t])
            idn, id_type, contact = companies[name], "uscc", _person(rng)[0]
        description = _description(rng, received.year)
        duplicate_of = None
        if code == "A36_6_repeat":
            earlier = answered_by_person.get(idn)
            if earlier is not None:
                description, duplicate_of = earlier.description, earlier
        channel = rng.choices(["internet", "in_person", "post_signed", "email"], [70, 15, 10, 5])[0]
        corrected = None
        correction_on = None
        if code in ("unclear_after_correction", "A30_not_corrected") or rng.random() < 0.03:
            correction_on = cal.add_workdays(received, rng.randint(1, 6))
            if code != "A30_not_corrected":
                corrected = cal.add_workdays(correction_on, rng.randint(2, 10))
        extension = 0
        late_in_2019 = p["period"] == "2019_out"
        if rng.random() < 0.06 and code not in ("A30_not_corrected", "withdrawn_or_other"):
            extension = rng.choice((10, 15, 20))
        clock = corrected or received
        if code == "A30_not_corrected":
            assert correction_on is not None
            correction_due = cal.add_workdays(correction_on, 15)
            concluded = cal.add_workdays(correction_due, 1)
        elif code == "withdrawn_or_other":
            concluded = cal.add_workdays(received, rng.randint(2, 12))
        else:
            span = rng.randint(5, 20 + extension)
            if rng.random() < 0.02:
                span = 20 + extension + rng.randint(1, 3)  # a few answered late
            concluded = cal.add_workdays(clock, span)
        if p["period"] == "2019" and concluded.year > 2019:
            concluded = dt.date(2019, 12, 31) if cal.is_workday(dt.date(2019, 12, 31)) else dt.date(2019, 12, 30)
        if p["period"] == "2018" and concluded.year == 2018:
            concluded = cal.add_workdays(dt.date(2018, 12, 31), rng.randint(1, 8))
        if late_in_2019 and concluded.year == 2019:
            concluded = cal.add_workdays(dt.date(2019, 12, 31), rng.randint(1, 10))
        deadline = dl.reply_due(received_on=received, corrected_received_on=corrected, extension_wd=extension,
                                channel=dl.Channel(channel), cal=cal)
        serial[received.year] += 1
        tracking = f"{agency.code}-{received.year}-{serial[received.year]:05d}"
        clerk = rng.choice(clerks)
        submitted = _at(received, rng.randint(8, 17), rng.randint(0, 59))
        app = Application(
            agency=agency, tracking_no=tracking, query_code_hash=actions.hash_query_code(tracking, DEMO_QUERY_CODE),
            status=Status.WITHDRAWN if code == "withdrawn_or_other" else Status.CLOSED, outcome=code,
            applicant_type=t, applicant_name=name, contact_person=contact, id_type=id_type, id_number=idn,
            phone=f"139{rng.randint(10000000, 99999999)}", email=f"demo{serial[received.year]}@example.com",
            address=f"上海市宝山区{rng.choice(PLACES)}{rng.choice(ROADS)}{rng.randint(1, 999)}号",
            description=description, form_wanted=rng.choice(["paper", "electronic", "electronic"]),
            obtain_via=rng.choice(["post", "email", "pickup", "email"]), channel=channel, submitted_at=submitted,
            received_on=received, correction_requested_on=correction_on,
            correction_due=cal.add_workdays(correction_on, 15) if correction_on else None,
            correction_items="请补充所需信息的文号或地块具体位置。" if correction_on else "",
            corrected_received_on=corrected, extension_wd=extension,
            extended_on=cal.add_workdays(clock, 18) if extension else None,
            extension_reason="所需信息涉及多个年度档案，需要调档核实" if extension else "",
            due_on=deadline.due, due_steps=[{"text": s.text, "date": s.date.isoformat() if s.date else None}
                                            for s in deadline.steps],
            assigned_to=clerk, proposed_outcome="" if outcome.by_applicant else code,
            withheld_detail="涉及第三方个人信息的部分" if outcome.needs_withheld_detail else "",
            withheld_reason="third_party_rights" if outcome.needs_withheld_detail else "",
            approvals=[] if outcome.by_applicant else [
                {"role": r, "user": chain_users.get(r, clerk).get_username(), "at": _at(concluded, 9).isoformat(),
                 "comment": ""} for r in chain],
            decided_on=None if outcome.by_applicant else concluded, concluded_on=concluded,
            closed_on=concluded, duplicate_of=duplicate_of, created_at=submitted, updated_at=_at(concluded, 16),
        )
        if not outcome.by_applicant:
            answered_by_person.setdefault(idn, app)
        apps.append(app)
        ev: list[dict[str, Any]] = [
            {"kind": EventKind.SUBMITTED if channel == "internet" else EventKind.REGISTERED, "at": submitted,
             "actor": None if channel == "internet" else clerk, "payload": {"channel": channel}},
            {"kind": EventKind.RECEIPT_CONFIRMED, "at": _at(received, 17), "actor": clerk,
             "payload": {"received_on": received.isoformat()}},
            {"kind": EventKind.ASSIGNED, "at": _at(received, 17, 30), "actor": chain_users.get("head", clerk),
             "payload": {"clerk": clerk.get_username(), "clerk_name": clerk.get_full_name()}},
        ]
        if correction_on:
            ev.append({"kind": EventKind.CORRECTION_REQUESTED, "at": _at(correction_on), "actor": clerk,
                       "payload": {"items": app.correction_items}})
            if corrected:
                ev.append({"kind": EventKind.CORRECTION_SUBMITTED, "at": _at(corrected), "actor": None,
                           "payload": {"corrected_received_on": corrected.isoformat()}})
        if extension:
            ev.append({"kind": EventKind.EXTENDED, "at": _at(app.extended_on), "actor": chain_users.get("head"),
                       "payload": {"workdays": extension, "reason": app.extension_reason}})
        if code == "A30_not_corrected":
            ev.append({"kind": EventKind.CORRECTION_LAPSED, "at": _at(concluded), "actor": clerk,
                       "payload": {"outcome": code}})
        elif code == "withdrawn_or_other":
            ev.append({"kind": EventKind.WITHDRAWN, "at": _at(concluded), "actor": None,
                       "payload": {"reason": "申请人已通过其他途径获取相关信息"}})
        else:
            ev.append({"kind": EventKind.DECISION_PROPOSED, "at": _at(concluded, 9), "actor": clerk,
                       "payload": {"outcome": code, "label": outcome.full_label}})
            for r in chain:
                ev.append({"kind": EventKind.DECISION_APPROVED, "at": _at(concluded, 10), "actor": chain_users.get(r),
                           "payload": {"role": r}})
            ev.append({"kind": EventKind.REPLY_ISSUED, "at": _at(concluded, 14), "actor": clerk,
                       "payload": {"outcome": code, "label": outcome.full_label,
                                   "on_time": deadline.due is None or concluded <= deadline.due}})
            ev.append({"kind": EventKind.CLOSED, "at": _at(concluded, 16), "actor": clerk, "payload": {}})
        events.append((len(apps) - 1, ev))
    # Duplicates point at earlier rows: save in order so the foreign keys exist.
    for app in apps:
        if app.duplicate_of is not None:
            app.duplicate_of_id = app.duplicate_of.pk
        app.save()
    CaseEvent.objects.bulk_create(
        [CaseEvent(application=apps[i], kind=e["kind"], at=e["at"], actor=e["actor"], payload=e["payload"])
         for i, evs in events for e in evs],
        batch_size=1000,
    )
    for year, last in serial.items():
        TrackingCounter.objects.update_or_create(agency=agency, year=year, defaults={"last": last})


# --------------------------------------------------------------------------- current year, every state


def _current(ctx: Any, agency: Any, cal: WorkdayCalendar) -> None:
    today = timezone.localdate()
    rng = random.Random(today.year)
    u = ctx.users
    clerk, clerk2, reviewer, head = u["clerk"], u["clerk2"], u["reviewer"], u["head"]
    first_name = "演示申请人甲"
    if Application.objects.filter(agency=agency, applicant_name=first_name, submitted_at__year=today.year).exists():
        return

    def back(n: int) -> dt.date:
        d = today
        while n > 0:
            d -= dt.timedelta(days=1)
            if cal.is_workday(d):
                n -= 1
        return d

    def person(name: str | None = None) -> dict[str, Any]:
        nm, idn = _person(rng)
        return {"applicant_type": "natural_person", "applicant_name": name or nm, "id_type": "resident_id",
                "id_number": idn, "phone": f"138{rng.randint(10000000, 99999999)}",
                "email": f"{rng.randint(1000, 9999)}@example.com", "address": "上海市宝山区友谊路1588号",
                "description": _description(rng, today.year), "form_wanted": "electronic", "obtain_via": "email"}

    def company(t: str = "commercial_enterprise") -> dict[str, Any]:
        d = person()
        d.update(applicant_type=t, applicant_name=rng.choice(COMPANIES), contact_person=_person(rng)[0],
                 id_type="uscc", id_number=_uscc(rng))
        return d

    def reg(details: dict[str, Any], days_ago: int, channel: str = "in_person") -> Application:
        day = back(days_ago)
        app, _ = actions.register(agency=agency, details=details, channel=channel, submitted_on=day,
                                  signed_on=day if channel == "post_signed" else None,
                                  confirmed_on=day if channel in ("fax", "email", "post_unsigned") else None,
                                  actor=clerk, now=_at(day, 9), cal=cal)
        actions.assign(application=app, clerk=rng.choice([clerk, clerk2]), actor=head, now=_at(day, 10))
        return app

    def online(details: dict[str, Any], days_ago: int, confirm: bool = True, assign: bool = True) -> Application:
        day = back(days_ago)
        app, _ = actions.submit_online(agency=agency, details=details, now=_at(day, 8))
        if confirm:
            actions.confirm_receipt(application=app, confirmed_on=day, actor=clerk, now=_at(day, 11), cal=cal)
        if confirm and assign:
            actions.assign(application=app, clerk=rng.choice([clerk, clerk2]), actor=head, now=_at(day, 12))
        return app

    def decide(app: Application, code: str, day: dt.date, *, steps: int = 2, **kw: Any) -> None:
        actions.propose_decision(application=app, outcome=code, actor=clerk, now=_at(day, 9), **kw)
        approvers = [reviewer, head][:steps]
        for i, who in enumerate(approvers):
            actions.approve_decision(application=app, actor=who, now=_at(day, 10 + i))

    made: list[Application] = []
    made.append(online(person(first_name), 0, confirm=False))                       # 待确认收到
    made.append(online(person(), 1, assign=False))                                   # 已收到
    made.append(reg(person(), 2, "post_signed"))
    a = online(person(), 5)                                                          # 待补正
    actions.request_correction(application=a, items="请写明所需规划许可证的文号或地块的具体四至范围。", actor=clerk,
                               now=_at(back(3)), cal=cal)
    made.append(a)
    for days in (17, 18, 16):                                                        # 办理中，即将到期
        made.append(online(person(), days))
    for days in (23, 26):                                                            # 办理中，已超期
        made.append(reg(person(), days, "fax"))
    made.append(online(company(), 8))
    made.append(online(company("legal_service_org"), 4))
    a = online(person(), 10)                                                         # 征求第三方意见
    actions.start_consultation(application=a, kind="third_party", party_name="上海宝杨置业有限公司",
                               party_address="上海市宝山区宝杨路1号", actor=clerk, now=_at(back(5)), cal=cal)
    made.append(a)
    a = online(person(), 9)                                                          # 征求其他机关意见
    actions.start_consultation(application=a, kind="other_organ", party_name="宝山区住房保障和房屋管理局",
                               actor=clerk, now=_at(back(4)), cal=cal)
    made.append(a)
    a = online(person(), 12)                                                         # 待缴费（按量计收）
    actions.issue_fee_notice(application=a, method="per_page", pages=150, actor=clerk, now=_at(back(6)), cal=cal)
    made.append(a)
    a = online(person(), 24)                                                         # 已延期
    actions.extend(application=a, workdays=15, reason="所需信息涉及多个年度档案，需要调档核实", actor=head,
                   now=_at(back(8)), cal=cal)
    made.append(a)
    a = online(person(), 14)                                                         # 审批中（待审核）
    actions.propose_decision(application=a, outcome="A36_2_disclosed", actor=clerk, now=_at(back(1)))
    made.append(a)
    a = online(company(), 15)                                                        # 审批中（待负责人）
    decide(a, "A36_4_not_exist", back(1), steps=1)
    made.append(a)
    a = online(person(), 13)                                                         # 已审批待答复
    decide(a, "A37_partial", back(1), withheld_detail="申请信息中涉及他人身份证号码和联系方式的内容",
           withheld_reason="third_party_rights")
    made.append(a)
    a = online(person(), 19)                                                         # 已答复
    decide(a, "A36_2_disclosed", back(2))
    actions.issue_reply(application=a, actor=clerk, now=_at(back(2), 15))
    made.append(a)
    a = online(person(), 30)                                                         # 已送达
    decide(a, "A38_needs_processing", back(12))
    actions.issue_reply(application=a, actor=clerk, now=_at(back(12), 15))
    actions.record_delivery(application=a, delivered_on=back(10), method="邮寄（EMS）", actor=clerk,
                            now=_at(back(10), 16))
    made.append(a)
    a = online(person(), 40)                                                         # 已办结
    decide(a, "A36_2_disclosed", back(25))
    actions.issue_reply(application=a, actor=clerk, now=_at(back(25), 15))
    actions.record_delivery(application=a, delivered_on=back(24), method="电子邮件", actor=clerk,
                            now=_at(back(24), 16))
    actions.close(application=a, actor=clerk, now=_at(back(20)))
    made.append(a)
    a = online(person(), 35)                                                         # 申请人撤回
    actions.withdraw(application=a, reason="已从其他途径获得", now=_at(back(30)))
    made.append(a)
    a = online(person(), 45)                                                         # 逾期不补正
    actions.request_correction(application=a, items="请明确所需信息的名称或文号。", actor=clerk,
                               now=_at(back(43)), period_wd=10, cal=cal)
    actions.lapse_correction(application=a, actor=clerk, now=_at(back(30)))
    made.append(a)
    for app in made:
        Application.objects.filter(pk=app.pk).update(
            query_code_hash=actions.hash_query_code(app.tracking_no, DEMO_QUERY_CODE))


__all__ = ["DEMO_QUERY_CODE", "load"]

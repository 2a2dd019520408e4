"""The workflow of an application, declared once: every transition as a row of :data:`TRANSITIONS`.

A row names the action that takes the transition (a function of :mod:`gongkai.applications.actions`), the
states it starts from, the states it may lead to, who may take it (the agency's staff, some roles only, or
the applicant on the portal), the article it rests on, and the refusal shown when the case is not in a
starting state. The actions guard with :func:`check` and move with :func:`move`; the office's list of
actions and the portal's offers are derived with :func:`allowed` and :func:`offered`. A new transition is
one row here plus its action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongkai.agencies.access import can_act
from gongkai.agencies.models import Role
from gongkai.applications.common import ApplicationError, check_staff
from gongkai.applications.models import FINAL_STATES, OPEN_STATES, WORKING, Application, Status
from gongkai.law import deadlines as dl

# `roles` of a transition taken by whoever holds the next step of the agency's decision chain.
NEXT_APPROVER = "next_approver"


@dataclass(frozen=True)
class Condition:
    """A requirement beyond the state (e.g. 补正 is told once), with its refusal."""

    holds: Callable[[Application], bool]
    refusal: str


@dataclass(frozen=True)
class Transition:
    action: str  # the function of gongkai.applications.actions that takes it
    label: str  # how the office names it
    sources: frozenset[str]  # the states it starts from
    targets: frozenset[str]  # the states it may lead to
    article: str  # the rule it rests on ("" for the agency's own handling steps)
    refusal: str | Callable[[Application], str]  # when the case is in no starting state; {status} is its label
    roles: tuple[str, ...] | str | None = None  # None: any staff member of the agency; NEXT_APPROVER
    verb: str = "办理"  # "只有本机关的{roles}才能{verb}。"
    applicant: bool = False  # the applicant may take it on the portal (with the query code)
    first: tuple[Condition, ...] = ()  # checked before the state
    then: tuple[Condition, ...] = ()  # checked after the state
    offered_by_office: bool = True


def _propose_refusal(app: Application) -> str:
    return (f"当前状态为“{app.get_status_display()}”，不能拟定答复。"
            + ("请先结束征求意见。" if app.status == Status.CONSULTING else "")
            + ("请先处理收费。" if app.status == Status.AWAITING_PAYMENT else ""))


NOT_FINAL = frozenset(Status.values) - FINAL_STATES
WORKING_OR_CONSULTING = WORKING | {Status.CONSULTING}
WORKING_NEXT = frozenset({Status.IN_PROGRESS, Status.EXTENDED})  # back to work: extended or not
WITHDRAWABLE = OPEN_STATES - {Status.DECIDED}

_S = frozenset

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit_online", "网上申请", _S(), _S({Status.SUBMITTED}), "《条例》第二十九条、第三十一条", "",
               applicant=True, offered_by_office=False),
    Transition("register", "登记申请", _S(), _S({Status.SUBMITTED, Status.RECEIVED}), "《条例》第二十九条、第三十一条", "",
               offered_by_office=False),
    Transition("confirm_receipt", "确认收到", _S({Status.SUBMITTED}), _S({Status.RECEIVED}), dl.ART_31,
               "当前状态为“{status}”，无需确认收到。"),
    Transition("assign", "分派/转办", NOT_FINAL, NOT_FINAL, "", "已办结的申请不能再分派。"),
    Transition("request_correction", "告知补正", _S({Status.RECEIVED, Status.IN_PROGRESS}),
               _S({Status.CORRECTION_REQUESTED}), dl.ART_30, "当前状态为“{status}”，不能告知补正。",
               first=(Condition(lambda a: a.correction_requested_on is None,
                                f"补正只能一次性告知，本申请已告知过补正（{dl.ART_30}）。"),)),
    Transition("submit_correction", "登记补正", _S({Status.CORRECTION_REQUESTED}), _S({Status.IN_PROGRESS}),
               dl.ART_30, "本申请当前不需要补正。", applicant=True),
    Transition("lapse_correction", "逾期不补正", _S({Status.CORRECTION_REQUESTED}), _S({Status.CLOSED}), dl.ART_30,
               "本申请不在等待补正状态。"),
    Transition("start_consultation", "征求意见", WORKING_OR_CONSULTING, _S({Status.CONSULTING}),
               "《条例》第三十二条、第三十四条", "当前状态为“{status}”，不能征求意见。"),
    Transition("finish_consultation", "登记意见", _S({Status.CONSULTING}), WORKING_NEXT | {Status.CONSULTING},
               dl.ART_32, "本申请当前没有进行中的征求意见。"),
    Transition("extend", "延长答复期限", WORKING_OR_CONSULTING, _S({Status.EXTENDED, Status.CONSULTING}), dl.ART_33_2,
               "当前状态为“{status}”，不能延长答复期限。", roles=(Role.HEAD,),
               verb=f"批准延长答复期限（{dl.ART_33_2}）",
               first=(Condition(lambda a: not a.extension_wd, "答复期限只能延长一次，本申请已经延长过。"),)),
    Transition("issue_fee_notice", "收费通知", WORKING, _S({Status.AWAITING_PAYMENT}), dl.FEE_109,
               "当前状态为“{status}”，不能发出收费通知。",
               then=(Condition(lambda a: not a.fee_notices.exists(), "本申请已经发出过收费通知。"),)),
    Transition("record_payment", "登记缴费", _S({Status.AWAITING_PAYMENT}), WORKING_NEXT, dl.FEE_109,
               "本申请当前没有待缴的信息处理费。", applicant=True),
    Transition("decline_fee", "放弃缴费", _S({Status.AWAITING_PAYMENT}), _S({Status.WITHDRAWN}), dl.FEE_109,
               "本申请当前没有待缴的信息处理费。", applicant=True, offered_by_office=False),
    Transition("lapse_payment", "逾期未缴费", _S({Status.AWAITING_PAYMENT}), _S({Status.CLOSED}), dl.FEE_109,
               "本申请当前没有待缴的信息处理费。"),
    Transition("propose_decision", "拟定答复", WORKING, _S({Status.DECISION_REVIEW, Status.DECIDED}),
               "《条例》第三十六条、第三十七条", _propose_refusal),
    Transition("approve_decision", "审批", _S({Status.DECISION_REVIEW}), _S({Status.DECISION_REVIEW, Status.DECIDED}),
               "", "本申请当前没有待审批的答复意见。", roles=NEXT_APPROVER, verb="审批此步骤"),
    Transition("return_decision", "退回", _S({Status.DECISION_REVIEW}), WORKING_NEXT, "",
               "本申请当前没有待审批的答复意见。", roles=NEXT_APPROVER, verb="审批此步骤", offered_by_office=False),
    Transition("issue_reply", "出具答复书", _S({Status.DECIDED}), _S({Status.REPLIED}), "《条例》第三十六条",
               "答复意见尚未审批通过，不能出具答复书。"),
    Transition("record_delivery", "登记送达", _S({Status.REPLIED}), _S({Status.DELIVERED}), "",
               "只有已出具答复书的申请才能登记送达。"),
    Transition("close", "办结归档", _S({Status.REPLIED, Status.DELIVERED}), _S({Status.CLOSED}), "",
               "只有已答复的申请才能办结归档。"),
    Transition("withdraw", "登记撤回", WITHDRAWABLE, _S({Status.WITHDRAWN}), "",
               "当前状态为“{status}”，不能撤回申请。", applicant=True),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}
assert len(BY_ACTION) == len(TRANSITIONS), "one row per action"
assert all(t.sources <= set(Status.values) and t.targets <= set(Status.values) for t in TRANSITIONS)


# --------------------------------------------------------------------------- the decision chain


def decision_chain(agency: Any) -> list[str]:
    """The roles that approve a proposed reply, in order (the agency's setting)."""
    chain = agency.setting("decision_chain") or []
    return [r for r in chain if r in Role.values]


def next_approver_role(app: Application) -> str | None:
    chain = decision_chain(app.agency)
    done = len(app.approvals or [])
    return chain[done] if done < len(chain) else None


# --------------------------------------------------------------------------- guards


def refusal(app: Application, action: str) -> str | None:
    """Why the case cannot take the transition now (its state and conditions; not who asks), or None."""
    t = BY_ACTION[action]
    for c in t.first:
        if not c.holds(app):
            return c.refusal
    if app.status not in t.sources:
        return t.refusal(app) if callable(t.refusal) else t.refusal.format(status=app.get_status_display())
    for c in t.then:
        if not c.holds(app):
            return c.refusal
    return None


def allowed(app: Application, action: str) -> bool:
    return refusal(app, action) is None


def check(app: Application, action: str) -> None:
    """Raise the transition's refusal if the (locked) case cannot take it."""
    reason = refusal(app, action)
    if reason is not None:
        raise ApplicationError(reason)


def roles(app: Application, action: str) -> tuple[str, ...] | None:
    """The roles that may take the transition on this case (None: any staff member of the agency)."""
    r = BY_ACTION[action].roles
    if r == NEXT_APPROVER:
        role = next_approver_role(app)
        return (role,) if role else ()
    assert not isinstance(r, str)
    return r


def check_actor(actor: Any, app_or_agency: Any, action: str) -> None:
    """Raise unless the actor is staff of the case's agency holding one of the transition's roles."""
    t = BY_ACTION[action]
    if isinstance(app_or_agency, Application):
        agency, rs = app_or_agency.agency, roles(app_or_agency, action)
    else:
        assert t.roles is None
        agency, rs = app_or_agency, None
    check_staff(actor, agency, rs, t.verb)


def move(app: Application, action: str, status: str) -> None:
    """Set the case's state; a state the transition's row does not name is a programming error."""
    if status not in BY_ACTION[action].targets:  # pragma: no cover - programming error
        raise RuntimeError(f"{action} does not lead to {status}")
    app.status = status


def conclude(app: Application, action: str, outcome: str, today: dt.date, status: str) -> None:
    """End the case by the applicant's doing (deemed withdrawn, fee not paid, withdrawn): the outcome takes
    effect today; a closed case is filed the same day."""
    app.outcome = outcome
    app.concluded_on = today
    move(app, action, status)
    if status == Status.CLOSED:
        app.closed_on = today


def offered(app: Application, action: str, user: Any) -> bool:
    """The office offers the transition to this staff member: the case can take it and the user may."""
    if not allowed(app, action):
        return False
    rs = roles(app, action)
    return can_act(user, app.agency, rs) if rs != () else False


def applicant_may(app: Application, action: str) -> bool:
    """The portal offers the transition to the applicant."""
    return BY_ACTION[action].applicant and allowed(app, action)

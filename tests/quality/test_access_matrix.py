"""The access-control matrix (issue 7): every URL name of the configuration, for every role, against the
expected answer.

The URL names are enumerated from the resolver (``gongkai/urls.py`` and its includes); the expected table
below is keyed by ``namespace:name``. A name that is configured but missing from the table fails
``test_table_covers_exactly_the_configured_names`` (and its own cases), so a new view without an entry
fails. ``/admin/`` is one entry family (``admin:*``): every admin page sends anyone but a superuser to the
admin login.

Roles: anonymous; an applicant who tracks the case with the right query code (查询码), one with a wrong code,
and the applicant of another agency's case; clerk, reviewer, head and admin of planning (the ``cast``); the
same four roles in transport (created here); the supervisor of the district government, also after switching
to planning (which it may read, never change); the superuser (who has no agency: /admin/ only).

Outcomes: ``200`` the page, ``302`` a redirect to another page than a login, ``login`` a redirect to the
login page, ``404`` (other agencies' staff are answered 404, never 403), ``403``, ``405`` (GET on a POST-only
endpoint), ``400`` (the handler was reached and refused the input). Every GET is tried; endpoints that change
state are also POSTed with an empty body, and many with a valid body too (who may really act). Whenever the
outcome is not a success (200/302), no row may have been added or removed in any of the project's tables
(events included). Pages of one's own agency must not show planning's records to transport's staff; public
pages must not show unpublished items. Without the CSRF token every state-changing POST is refused (403).

The objects behind the URL kwargs and a session per role are made once per module with the real actions and
pages, inside a transaction rolled back at the end; each case runs in its own savepoint.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))  # a Monday
TODAY = NOW.date()

# --------------------------------------------------------------------------- roles and outcomes

PUBLIC = ("anonymous", "applicant", "applicant_wrong", "applicant_other")
HOME = ("clerk", "reviewer", "head", "admin")
OTHER = ("t_clerk", "t_reviewer", "t_head", "t_admin")
SUP = ("supervisor", "supervisor_in_planning")  # the second has switched to planning (read-only there)
ROLES = (*PUBLIC, *HOME, *OTHER, *SUP, "superuser")

OK, MOVED, LOGIN, NF, FORBID, NA, BAD = "200", "302", "login", "404", "403", "405", "400"
SUCCESS = (OK, MOVED)


def row(all_: str | None = None, *, public: str | None = None, home: str | None = None, other: str | None = None,
        sup: str | None = None, root: str | None = None, **each: str) -> dict[str, str]:
    """Expected outcome per role: ``all_`` for everyone, then per group, then per single role."""
    out = {r: all_ for r in ROLES}
    for group, value in ((PUBLIC, public), (HOME, home), (OTHER, other), (SUP, sup), (("superuser",), root)):
        if value is not None:
            out.update(dict.fromkeys(group, value))
    unknown = set(each) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    out.update(each)
    missing = [r for r, v in out.items() if v is None]
    assert not missing, f"no expected outcome for {missing}"
    return out  # type: ignore[return-value]


# Frequent rows.
PUBLIC_PAGE = row(OK)
OWN_AGENCY = row(public=LOGIN, home=OK, other=OK, sup=OK, root=NF)  # a page of the user's current agency
PLANNING_OBJ = row(public=LOGIN, home=OK, other=NF, sup=OK, root=NF)  # an object of planning (supervised)
POST_ONLY = row(public=LOGIN, home=NA, other=NA, sup=NA, root=NF)  # GET on a POST-only staff endpoint
SUPERVISOR_ONLY = row(public=LOGIN, home=NF, other=NF, sup=OK, root=NF)


# --------------------------------------------------------------------------- the expected table


@dataclass
class Case:
    """One URL (kwargs from the world, optional query string) and the expected outcome per role: for GET
    (None: not tried), for POST (None: not a state-changing endpoint, not POSTed). ``body`` replaces the
    empty POST body by a valid one. ``hidden`` strings must not appear in a page that ``hidden_from`` roles
    get; ``inert`` roles must change no row even where the answer is a success (a redirect)."""

    kwargs: Callable[[Any], dict[str, Any]]
    get: dict[str, str] | None
    post: dict[str, str] | None = None
    label: str = ""
    query: Callable[[Any], str] | None = None
    body: Callable[[Any], dict[str, Any]] | None = None
    hidden: Callable[[Any], list[str]] | None = None
    hidden_from: tuple[str, ...] = ()
    inert: tuple[str, ...] = ()
    shown: Callable[[Any], list[str]] | None = None  # must appear wherever the page is answered (200)


def planning_secrets(w: Any) -> list[str]:
    """What planning's records show and transport's staff must never see on their own pages."""
    return [DETAILS["applicant_name"], w.app.tracking_no, "（draft）", w.appeal.case_number, w.batch.title,
            w.notice.title]


def nonpublic(w: Any) -> list[str]:
    """Titles (their distinct ends: the search marks the words matched) and addresses of the catalogue items
    that are not published 主动公开 information."""
    items = {s: i for s, i in w.items.items() if s != "published"}
    return [f"（{s}）" for s in items] + [f"/agency/{w.planning.slug}/items/{i.pk}/" for i in items.values()]


def own(**kw: Any) -> Case:
    """A staff page of the user's current agency: transport's staff get their own, never planning's."""
    return Case(none, OWN_AGENCY, hidden=planning_secrets, hidden_from=OTHER, **kw)


def public(kwargs: Callable[[Any], dict[str, Any]] = lambda w: {}, **kw: Any) -> Case:
    """A public page: everyone gets it, and nothing unpublished is on it."""
    return Case(kwargs, PUBLIC_PAGE, hidden=nonpublic, hidden_from=ROLES, **kw)


def valid(kwargs: Callable[[Any], dict[str, Any]], body: Callable[[Any], dict[str, Any]], post: dict[str, str],
          **kw: Any) -> Case:
    """A POST with a valid body: who may really do it."""
    return Case(kwargs, None, post=post, body=body, label="valid body", **kw)


def on_planning(w: Any) -> str:
    return f"agency={w.planning.pk}"


def none(w: Any) -> dict[str, Any]:
    return {}


def app(w: Any) -> dict[str, Any]:
    return {"pk": w.app.pk}


def item(state: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": w.items[state].pk}


def report(w: Any) -> dict[str, Any]:
    return {"agency_id": w.planning.pk, "year": w.draft_report.year}


def planning(w: Any) -> dict[str, Any]:
    return {"agency_id": w.planning.pk}


def slug(w: Any) -> dict[str, Any]:
    return {"slug": w.planning.slug}


def rdoc(state: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": w.rdocs[state].pk}


NOTICE_2027 = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
               "二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。\n国务院办公厅\n2026年11月10日")


def tracking(w: Any) -> dict[str, Any]:
    return {"tracking_no": w.app.tracking_no}


TABLE: dict[str, list[Case]] = {
    # -- office: shared pages
    "office:login": [Case(none, PUBLIC_PAGE)],
    "office:logout": [Case(none, row(NA), post=row(MOVED))],
    "office:dashboard": [own()],
    # the log of looks at personal data: the 负责人 and 管理员 of the agency
    "office:access_log": [
        Case(none, row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, head=OK, admin=OK, t_head=OK, t_admin=OK),
             hidden=planning_secrets, hidden_from=OTHER),
        Case(none, row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, head=OK, admin=OK), query=on_planning,
             label="?agency=planning"),
    ],
    # the State Council's holiday arrangement: administrators (of any agency: the calendar is national)
    "office:calendar": [
        Case(none, row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=OK, t_admin=OK),
             post=row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=BAD, t_admin=BAD)),
        valid(none, lambda w: {"text": NOTICE_2027},
              row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=OK, t_admin=OK)),
        valid(none, lambda w: {"text": NOTICE_2027, "confirm": "1"},
              row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=MOVED, t_admin=MOVED)),
    ],
    # 《条例》第四十一条: record-correction requests (answered by the agency's clerk, head or admin)
    "office:record_list": [own()],
    "office:record_new": [
        Case(none, row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF, reviewer=NF, t_reviewer=NF),
             post=row(public=LOGIN, home=BAD, other=BAD, sup=NF, root=NF, reviewer=NF, t_reviewer=NF)),
        valid(none, lambda w: {"applicant_name": "李四", "record": "记录", "correction": "更正", "evidence": "证据",
                               "received_on": TODAY.isoformat()},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=NF, root=NF, reviewer=NF, t_reviewer=NF)),
    ],
    "office:record_detail": [
        Case(lambda w: {"pk": w.record.pk}, PLANNING_OBJ,
             post=row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF)),
        valid(lambda w: {"pk": w.record.pk}, lambda w: {"outcome": "corrected"},
              row(public=LOGIN, home=MOVED, other=NF, sup=BAD, root=NF, reviewer=BAD)),
    ],
    "office:record_letter": [
        Case(lambda w: {"pk": w.record_answered.pk, "fmt": "docx"}, PLANNING_OBJ),
        Case(lambda w: {"pk": w.record.pk, "fmt": "docx"}, row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF),
             label="not answered"),
    ],
    "office:switch_agency": [Case(planning, row(public=LOGIN, home=MOVED, other=NF, sup=MOVED, root=NF))],
    # -- office: applications (依申请公开)
    "office:app_inbox": [
        own(post=row(public=LOGIN, home=MOVED, other=MOVED, sup=MOVED, root=NF)),
        # bulk assignment of a planning case: done by planning's staff; anyone else's list holds no such case
        valid(none, lambda w: {"ids": [w.app_review.pk], "bulk": "assign", "clerk": w.clerk2.pk},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=MOVED, root=NF), inert=(*OTHER, *SUP)),
    ],
    "office:app_register": [
        Case(none, row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF),
             post=row(public=LOGIN, home=BAD, other=BAD, sup=NF, root=NF)),
        valid(none, lambda w: {**DETAILS, "channel": "in_person", "submitted_on": TODAY.isoformat()},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=NF, root=NF)),
    ],
    "office:app_case": [Case(app, PLANNING_OBJ)],
    "office:app_act": [
        Case(lambda w: {"pk": w.app.pk, "name": "assign"}, POST_ONLY,
             post=row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF)),
        # the first approval of the chain is the reviewer's (an admin may do everything)
        valid(lambda w: {"pk": w.app_review.pk, "name": "review"}, lambda w: {"decision": "approve", "comment": "同意"},
              row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF, reviewer=MOVED, admin=MOVED)),
    ],
    "office:app_letter": [
        Case(lambda w: {"pk": w.app.pk, "letter_id": w.letter.pk, "fmt": "docx"}, PLANNING_OBJ),
        Case(lambda w: {"pk": w.app.pk, "letter_id": w.other_letter.pk, "fmt": "docx"},
             row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF), label="another case's letter"),
    ],
    "office:app_attachment": [
        Case(lambda w: {"pk": w.app.pk, "attachment_id": w.app_attachment.pk}, PLANNING_OBJ),
        Case(lambda w: {"pk": w.app.pk, "attachment_id": w.other_attachment.pk},
             row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF), label="another case's attachment"),
    ],
    # -- office: catalogue (主动公开)
    "office:catalogue:list": [own()],
    "office:catalogue:new": [
        Case(none, row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF),
             post=row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF)),
        valid(none, lambda w: {"title": "宝山区规划公示", "formed_on": TODAY.isoformat(), "kind": "plan"},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=NF, root=NF)),
    ],
    "office:catalogue:late": [own()],
    "office:catalogue:self_review": [own()],
    "office:catalogue:import": [Case(none, row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF),
                                     post=row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF))],
    "office:catalogue:t2": [
        own(post=row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF)),
        valid(none, lambda w: {"year": 2025, "cell": "t2_a20_5.license.decisions", "value": "7", "source": "审批系统"},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=NF, root=NF)),
    ],
    "office:catalogue:guide": [Case(none, row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=OK, t_admin=OK),
                                    post=row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF, admin=MOVED,
                                             t_admin=MOVED))],
    "office:catalogue:detail": [Case(item("draft"), PLANNING_OBJ)],
    "office:catalogue:edit": [Case(item("draft"), row(public=LOGIN, home=OK, other=NF, sup=NF, root=NF),
                                   post=row(public=LOGIN, home=OK, other=NF, sup=NF, root=NF))],
    "office:catalogue:propose": [Case(item("draft"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=BAD,
                                                                          root=NF))],
    "office:catalogue:review": [
        Case(item("proposed"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF)),
        valid(item("proposed"), lambda w: {"decision": "approve"},
              row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF, reviewer=MOVED, admin=MOVED)),
    ],
    "office:catalogue:sign": [
        Case(item("reviewed"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF)),
        valid(item("reviewed"), lambda w: {"decision": "approve"},
              row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF, head=MOVED, admin=MOVED)),
    ],
    "office:catalogue:publish": [Case(item("signed"), POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF,
                                                                           sup=BAD, root=NF))],
    "office:catalogue:validity": [Case(item("published"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF,
                                                                               sup=BAD, root=NF))],
    "office:catalogue:withdraw": [
        Case(item("published"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF)),
        valid(item("published"), lambda w: {"reason": "误将过程性信息发布"},
              row(public=LOGIN, home=BAD, other=NF, sup=BAD, root=NF, head=MOVED, admin=MOVED)),
    ],
    "office:catalogue:convert": [Case(item("withheld"), POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF,
                                                                             sup=BAD, root=NF, clerk=BAD))],
    "office:catalogue:keep": [Case(item("withheld"), POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF,
                                                                          sup=BAD, root=NF, clerk=BAD))],
    "office:catalogue:attach": [Case(item("draft"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=BAD,
                                                                         root=NF))],
    "office:catalogue:attachment": [
        Case(lambda w: {"pk": w.items["draft"].pk, "att": w.draft_attachment.pk}, PLANNING_OBJ),
        Case(lambda w: {"pk": w.items["draft"].pk, "att": w.published_attachment.pk},
             row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF), label="another item's attachment"),
    ],
    # -- office: annual reports
    "office:reports": [
        own(post=row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF)),
        Case(none, PLANNING_OBJ, query=on_planning, label="?agency=planning"),
        valid(none, lambda w: {"year": 2024}, query=on_planning,
              post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:report_worklog": [
        own(post=row(public=LOGIN, home=BAD, other=BAD, sup=NF, root=NF)),
        Case(none, PLANNING_OBJ, query=on_planning, label="?agency=planning"),
        valid(none, lambda w: {"day": TODAY.isoformat(), "kind": "hotline", "count": 2}, query=on_planning,
              post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:report_worklog_delete": [Case(lambda w: {"pk": w.worklog.pk}, POST_ONLY,
                                          post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_workspace": [Case(report, PLANNING_OBJ)],
    "office:report_compose": [Case(report, POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_check": [Case(report, POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_manual": [Case(report, POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF))],
    "office:report_narrative": [Case(lambda w: {**report(w), "section": "s1"}, POST_ONLY,
                                     post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_front": [Case(report, POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_submit": [Case(report, POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_reopen": [Case(report, POST_ONLY, post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:report_publish": [Case(report, POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF,
                                                                clerk=NF, reviewer=NF))],
    "office:report_compare": [Case(report, PLANNING_OBJ)],
    "office:report_rollup": [Case(lambda w: {"agency_id": w.district.pk, "year": w.draft_report.year},
                                  row(public=LOGIN, home=NF, other=NF, sup=OK, root=NF))],
    "office:report_download": [Case(lambda w: {**report(w), "fmt": "json"}, PLANNING_OBJ)],
    # -- office: appeals (复议/诉讼)
    "office:appeals:list": [own(), Case(none, PLANNING_OBJ, query=on_planning, label="?agency=planning")],
    "office:appeals:new": [
        Case(none, row(public=LOGIN, home=OK, other=OK, sup=NF, root=NF),
             post=row(public=LOGIN, home=BAD, other=BAD, sup=NF, root=NF)),
        valid(none, lambda w: {"kind": "rv", "case_number": "宝府复〔2026〕第9号", "applicant_name": "王五",
                               "filed_on": TODAY.isoformat()},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=NF, root=NF)),
    ],
    "office:appeals:detail": [Case(lambda w: {"pk": w.appeal.pk}, PLANNING_OBJ)],
    "office:appeals:result": [
        Case(lambda w: {"pk": w.appeal.pk}, POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(lambda w: {"pk": w.appeal.pk}, lambda w: {"result": "keep", "decided_on": TODAY.isoformat()},
              row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:appeals:correct": [Case(lambda w: {"pk": w.appeal.pk}, POST_ONLY,
                                    post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF))],
    "office:appeals:link_application": [Case(lambda w: {"pk": w.appeal.pk}, POST_ONLY,
                                             post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF))],
    "office:appeals:link_review": [Case(lambda w: {"pk": w.suit.pk}, POST_ONLY,
                                        post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF))],
    # -- office: auditor
    "office:audit": [
        own(post=row(public=LOGIN, home=OK, other=OK, sup=OK, root=NF, supervisor_in_planning=NF)),
        # a batch is stored in the user's current agency: never in a department the supervisor only reads
        valid(none, lambda w: {"files": SimpleUploadedFile("seed-2019.txt", (DATA / "seed-2019.txt").read_bytes())},
              row(public=LOGIN, home=MOVED, other=MOVED, sup=MOVED, root=NF, supervisor_in_planning=NF)),
    ],
    "office:audit_batch": [Case(lambda w: {"batch_id": w.batch.pk}, PLANNING_OBJ)],
    "office:audit_batch_xlsx": [Case(lambda w: {"batch_id": w.batch.pk}, PLANNING_OBJ)],
    "office:audit_report": [
        Case(lambda w: {"batch_id": w.batch.pk, "report_id": w.audited.pk}, PLANNING_OBJ),
        Case(lambda w: {"batch_id": w.batch.pk, "report_id": w.other_batch.reports.get().pk},
             row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF), label="another batch's report"),
    ],
    # -- office: supervision (政务公开办)
    "office:supervision:dashboard": [Case(none, SUPERVISOR_ONLY)],
    "office:supervision:department": [Case(planning, SUPERVISOR_ONLY)],
    "office:supervision:notice_new": [
        Case(planning, SUPERVISOR_ONLY, post=row(public=LOGIN, home=NF, other=NF, sup=BAD, root=NF)),
        valid(planning, lambda w: {
            "title": "关于规划信息公开的通报", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "20", "items-0-text": "补充公开控规调整批复",
            "items-0-due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
            row(public=LOGIN, home=NF, other=NF, sup=MOVED, root=NF)),
    ],
    "office:supervision:notices": [own()],
    "office:supervision:notice": [Case(lambda w: {"pk": w.notice.pk}, PLANNING_OBJ)],
    "office:supervision:respond": [
        Case(lambda w: {"pk": w.notice_item.pk}, POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(lambda w: {"pk": w.notice_item.pk}, lambda w: {f"i{w.notice_item.pk}-response": "已补充公开"},
              row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:supervision:verify": [
        Case(lambda w: {"pk": w.notice_item.pk}, POST_ONLY, post=row(public=LOGIN, home=NF, other=NF, sup=BAD, root=NF)),
        valid(lambda w: {"pk": w.responded_item.pk}, lambda w: {f"i{w.responded_item.pk}-decision": "accept"},
              row(public=LOGIN, home=NF, other=NF, sup=MOVED, root=NF)),
    ],
    # -- office: redaction (区分处理); marking by the agency's staff, approval by its reviewer, head and admin
    "office:redaction:case": [
        Case(app, PLANNING_OBJ, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(app, lambda w: {"file": SimpleUploadedFile("材料.pdf", w.rdoc_pdf)},
              row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:redaction:document": [Case(rdoc("marking"), PLANNING_OBJ)],
    "office:redaction:page": [Case(lambda w: {"pk": w.rdocs["marking"].pk, "page": 1}, PLANNING_OBJ)],
    "office:redaction:log": [Case(rdoc("marking"), PLANNING_OBJ)],
    "office:redaction:released": [
        Case(rdoc("approved"), PLANNING_OBJ),
        Case(rdoc("marking"), row(public=LOGIN, home=NF, other=NF, sup=NF, root=NF), label="not approved"),
    ],
    "office:redaction:mark": [
        Case(rdoc("marking"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(rdoc("marking"), lambda w: {"kind": "box", "page": 1, "x0": 60, "y0": 40, "x1": 300, "y1": 70,
                                          "reason": "internal_affairs"},
              row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:redaction:unmark": [Case(lambda w: {"pk": w.rdocs["marking"].pk, "mark_id": w.rmark.pk}, POST_ONLY,
                                     post=row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF))],
    "office:redaction:suggestion": [
        Case(lambda w: {"pk": w.rdocs["marking"].pk, "sid": w.rsuggestion.pk}, POST_ONLY,
             post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(lambda w: {"pk": w.rdocs["marking"].pk, "sid": w.rsuggestion.pk}, lambda w: {"decision": "accept"},
              row(public=LOGIN, home=MOVED, other=NF, sup=NF, root=NF)),
    ],
    "office:redaction:submit": [Case(rdoc("marking"), POST_ONLY,  # a suggestion is still pending
                                     post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF))],
    "office:redaction:review": [
        Case(rdoc("submitted"), POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF)),
        valid(rdoc("submitted"), lambda w: {"decision": "approve"},
              row(public=LOGIN, home=BAD, other=NF, sup=NF, root=NF, reviewer=MOVED, head=MOVED, admin=MOVED)),
    ],
    # -- portal: catalogue (政府信息公开专栏); only published 主动公开 items exist for anyone, staff included
    "portal:home": [public()],
    "portal:search": [public(), public(query=lambda w: "q=罗店镇控制性详细规划", label="?q=",
                                      shown=lambda w: ["（published）"])],
    "portal:items": [public()],
    "portal:sitemap": [public()],
    "portal:sitemap_section": [public(lambda w: {"section": "items"})],
    "portal:column": [public(slug)],
    "portal:guide": [public(slug)],
    "portal:system": [public(slug)],
    "portal:agency_items": [public(slug)],
    "portal:item": [
        Case(lambda w, s=s: {"slug": w.planning.slug, "pk": w.items[s].pk}, PUBLIC_PAGE if s == "published" else row(NF),
             label=s)
        for s in ("published", "draft", "proposed", "reviewed", "signed", "withheld")
    ] + [Case(lambda w: {"slug": w.transport.slug, "pk": w.items["published"].pk}, row(NF), label="wrong agency")],
    "portal:attachment": [
        Case(lambda w: {"slug": w.planning.slug, "pk": w.items["published"].pk, "att": w.published_attachment.pk},
             PUBLIC_PAGE, label="published"),
        Case(lambda w: {"slug": w.planning.slug, "pk": w.items["draft"].pk, "att": w.draft_attachment.pk},
             row(NF), label="draft"),
        Case(lambda w: {"slug": w.planning.slug, "pk": w.items["published"].pk, "att": w.draft_attachment.pk},
             row(NF), label="draft attachment under a published item"),
    ],
    "portal:feed": [public(slug)],
    # -- portal: applications (依申请公开); the case pages answer only the session that gave its query code
    "portal:apply": [Case(none, PUBLIC_PAGE, post=row(BAD))],
    "portal:agency_apply": [Case(slug, PUBLIC_PAGE, post=row(BAD))],
    "portal:track": [Case(none, PUBLIC_PAGE, post=row(BAD))],
    "portal:record_request": [
        Case(slug, PUBLIC_PAGE, post=row(BAD)),
        valid(slug, lambda w: {"applicant_name": "李四", "record": "记录", "correction": "更正", "evidence": "证据"},
              row(OK)),
    ],
    "portal:track_forget": [Case(none, row(NA), post=row(MOVED))],
    "portal:track_case": [Case(tracking, row(NF, applicant=OK))],
    "portal:track_letter": [
        Case(lambda w: {**tracking(w), "letter_id": w.letter.pk, "fmt": "docx"}, row(NF, applicant=OK),
             label="letter to the applicant"),
        Case(lambda w: {**tracking(w), "letter_id": w.third_party_letter.pk, "fmt": "docx"}, row(NF),
             label="letter to the third party"),
        Case(lambda w: {**tracking(w), "letter_id": w.other_letter.pk, "fmt": "docx"}, row(NF),
             label="letter of another case"),
    ],
    "portal:track_action": [
        Case(lambda w: {**tracking(w), "action": "withdraw"}, row(NA), post=row(NF, applicant=BAD)),
        valid(lambda w: {**tracking(w), "action": "withdraw"}, lambda w: {"reason": "不再需要", "confirm": "on"},
              row(NF, applicant=MOVED)),
    ],
    # 区分处理: the released file, only once the reply is issued (planning's case is still open: nobody)
    "portal:track_released": [Case(lambda w: {**tracking(w), "doc_id": w.rdocs["approved"].pk}, row(NF),
                                   label="reply not issued")],
    "office:redaction:propose": [Case(app, POST_ONLY, post=row(public=LOGIN, home=BAD, other=NF, sup=NF,
                                                               root=NF))],  # the case is consulting a third party
    # -- portal: annual reports; only published ones exist publicly
    "portal:reports": [Case(none, PUBLIC_PAGE)],
    "portal:agency_reports": [Case(slug, PUBLIC_PAGE)],
    "portal:agency_report": [
        Case(lambda w: {"slug": w.planning.slug, "year": w.published_report.year}, PUBLIC_PAGE, label="published"),
        Case(lambda w: {"slug": w.planning.slug, "year": w.draft_report.year}, row(NF), label="draft"),
    ],
    "portal:agency_report_download": [
        Case(lambda w: {"slug": w.planning.slug, "year": w.published_report.year, "fmt": "json"}, PUBLIC_PAGE,
             label="published"),
        Case(lambda w: {"slug": w.planning.slug, "year": w.draft_report.year, "fmt": "json"}, row(NF), label="draft"),
    ],
}

ADMIN_FAMILY = "admin:*"


# --------------------------------------------------------------------------- the configured names


def configured() -> tuple[list[str], list[str]]:
    """(named URL patterns as namespace:name, routes of unnamed patterns), walking every include."""
    names: list[str] = []
    unnamed: list[str] = []

    def walk(resolver: URLResolver, ns: str, prefix: str) -> None:
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, f"{ns}{p.namespace}:" if p.namespace else ns, prefix + str(p.pattern))
            elif p.name:
                names.append(ns + p.name)
            else:
                unnamed.append(prefix + str(p.pattern))

    walk(get_resolver(), "", "")
    return names, unnamed


CONFIGURED, UNNAMED = configured()
CHECKED = sorted({n for n in CONFIGURED if not n.startswith("admin:")} | set(TABLE))
GOTTEN = [n for n in CHECKED if n not in TABLE or any(c.get is not None for c in TABLE[n])]
POSTED = sorted(n for n in CHECKED if any(c.post is not None for c in TABLE.get(n, [])))


def test_table_covers_exactly_the_configured_names() -> None:
    configured_names = {n for n in CONFIGURED if not n.startswith("admin:")}
    missing = sorted(configured_names - set(TABLE))
    stale = sorted(set(TABLE) - configured_names)
    assert not missing, f"URL names without an entry in the access matrix (add their expected outcomes): {missing}"
    assert not stale, f"access matrix entries for URL names that are no longer configured: {stale}"
    assert any(n.startswith("admin:") for n in CONFIGURED)
    outside_admin = [u for u in UNNAMED if not u.startswith("admin/")]
    assert not outside_admin, f"URL patterns without a name cannot be checked by the access matrix: {outside_admin}"
    for name, cases in TABLE.items():
        assert cases, name
        assert any(c.get is not None for c in cases), f"{name}: no GET case"
        for c in cases:
            assert c.get is None or set(c.get) == set(ROLES), name
            assert c.post is None or set(c.post) == set(ROLES), name


# --------------------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


DETAILS = {
    "applicant_type": "natural_person", "applicant_name": "张明远", "id_type": "resident_id",
    "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
    "address": "上海市宝山区友谊路1号", "description": "2024年宝山区控制性详细规划调整的批复文件",
    "form_wanted": "electronic", "obtain_via": "email",
}


def _build() -> SimpleNamespace:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from gongkai.agencies.calendar import get_calendar
    from gongkai.agencies.demo import DemoContext, load
    from gongkai.agencies.models import CalendarYear, Membership, Role, WorkdayOverride
    from gongkai.appeals import actions as appeals
    from gongkai.applications import actions as applications
    from gongkai.auditor.actions import run_audit_batch
    from gongkai.catalogue import actions as catalogue
    from gongkai.letters.actions import set_template
    from gongkai.letters.render import builtin_template
    from gongkai.reports import actions as reports
    from gongkai.supervision.actions import issue_notice, respond_item

    ctx = DemoContext()
    load(ctx)  # the cast: the same loader as the ``cast`` fixture
    a, u = ctx.agencies, ctx.users
    w = SimpleNamespace(planning=a["planning"], district=a["district"], transport=a["transport"])
    User = get_user_model()
    users = {r: u[r] for r in HOME}
    users["supervisor"] = u["supervisor"]
    users["superuser"] = User.objects.get(username="root")
    for role in OTHER:  # transport's own clerk, reviewer, head and admin (the cast only has ``outsider``)
        user = User.objects.create_user(role.replace("_", "-"), password=None)
        Membership.objects.create(user=user, agency=w.transport, role=Role(role.removeprefix("t_")))
        users[role] = user
    w.users = users
    clerk, reviewer, head = u["clerk"], u["reviewer"], u["head"]
    w.clerk2 = u["clerk2"]
    cal = get_calendar()

    # 依申请公开: an online application with an attachment, its receipt, a third-party consultation letter
    w.app, w.code = applications.submit_online(agency=w.planning, details=DETAILS, now=NOW,
                                              files=[("身份证明.txt", "申请人身份证明复印件".encode())])
    w.app_attachment = w.app.attachments.get()
    applications.confirm_receipt(application=w.app, confirmed_on=TODAY, actor=clerk, now=NOW)
    applications.assign(application=w.app, clerk=clerk, actor=clerk, now=NOW)
    applications.start_consultation(application=w.app, kind="third_party", party_name="上海某置业有限公司",
                                    actor=clerk, now=NOW)
    w.letter = w.app.letters.get(kind="receipt")
    w.third_party_letter = w.app.letters.get(kind="third_party")
    assert w.letter.for_applicant and not w.third_party_letter.for_applicant
    # another agency's case, whose applicant is the role ``applicant_other``
    w.other_app, w.other_code = applications.submit_online(
        agency=w.transport, details={**DETAILS, "applicant_name": "李思齐", "description": "公交线路调整的听证材料"},
        files=[("委托书.txt", "委托书".encode())], now=NOW)
    w.other_attachment = w.other_app.attachments.get()
    applications.confirm_receipt(application=w.other_app, confirmed_on=TODAY, actor=u["outsider"], now=NOW)
    w.other_letter = w.other_app.letters.get(kind="receipt")
    # a case whose proposed reply waits for the reviewer (decision chain: reviewer, then head)
    w.app_review, _ = applications.register(agency=w.planning, details={**DETAILS, "description": "罗店镇规划批复"},
                                            channel="in_person", submitted_on=TODAY, actor=clerk, now=NOW)
    applications.propose_decision(application=w.app_review, outcome="A36_2_disclosed", actor=clerk, now=NOW)

    # 主动公开: an item in each state of the decision, attachments on the draft and the published item
    def make(state: str, attribute: str = "proactive", attach: str = "") -> Any:
        it = catalogue.create_draft(agency=w.planning, actor=clerk, now=NOW, title=f"罗店镇控制性详细规划（{state}）",
                                    formed_on=TODAY - dt.timedelta(days=7), kind="plan")
        att = catalogue.add_attachment(item=it, actor=clerk, now=NOW, name=attach,
                                       content="附件正文".encode()) if attach else None
        steps: list[Callable[[Any], Any]] = [
            lambda i: catalogue.propose_attribute(
                item=i, actor=clerk, now=NOW, attribute=attribute, secrecy_reviewed=True,
                reason="" if attribute == "proactive" else "process_information"),
            lambda i: catalogue.review_attribute(item=i, actor=reviewer, now=NOW, approve=True),
            lambda i: catalogue.sign_off(item=i, actor=head, now=NOW),
            lambda i: catalogue.publish(item=i, actor=clerk, now=NOW, calendar=cal),
        ]
        upto = {"draft": 0, "proposed": 1, "reviewed": 2, "signed": 3, "withheld": 3, "published": 4}[state]
        for step in steps[:upto]:
            it = step(it)
        return it, att

    w.items = {}
    w.items["draft"], w.draft_attachment = make("draft", attach="草稿附件.txt")
    for state in ("proposed", "reviewed", "signed"):
        w.items[state], _ = make(state)
    w.items["withheld"], _ = make("withheld", attribute="withheld")
    w.items["published"], w.published_attachment = make("published", attach="公开附件.txt")
    catalogue.set_t2_figure(agency=w.planning, actor=clerk, now=NOW, year=2025, subtable="t2_a20_5",
                            row="license", column="decisions", value="12", source="区行政审批系统统计")

    # 年报: a draft for 2025, the seed 2019 report published; a work-log entry
    w.draft_report = reports.create_report(agency=w.planning, year=2025, actor=clerk, now=NOW)
    reports.compose_report(report=w.draft_report, actor=clerk, now=NOW)
    seed = (DATA / "seed-2019.json").read_text(encoding="utf-8")
    import json

    pub = reports.import_report(agency=w.planning, year=2019, data=json.loads(seed), actor=clerk, now=NOW)
    w.published_report = reports.publish_report(report=pub, actor=head, now=NOW, today=dt.date(2020, 1, 20),
                                                acknowledge_warnings=True)
    w.worklog = reports.add_work_log(agency=w.planning, day=TODAY, kind="hotline", count=3, actor=clerk, now=NOW)

    # 复议/诉讼: a review and a suit
    w.appeal = appeals.file_case(agency=w.planning, kind="rv", case_number="宝府复〔2026〕第1号",
                                 applicant_name="张三", filed_on=TODAY, actor=clerk, now=NOW)
    w.suit = appeals.file_case(agency=w.planning, kind="la", case_number="（2026）沪7101行初1号",
                               applicant_name="张三", filed_on=TODAY, actor=clerk, now=NOW)

    # the auditor: an upload of the seed report's text
    w.batch = run_audit_batch(agency=w.planning, actor=clerk, now=NOW, title="种子年报",
                              files=[("seed-2019.txt", (DATA / "seed-2019.txt").read_bytes())])
    w.audited = w.batch.reports.get()
    w.other_batch = run_audit_batch(agency=w.transport, actor=u["outsider"], now=NOW, title="交通委自查",
                                    files=[("seed-2019.txt", (DATA / "seed-2019.txt").read_bytes())])

    # supervision: a notice from the district to planning
    w.notice = issue_notice(government=w.district, department=w.planning, title="关于政务公开检查情况的通报",
                            items=[("规划类信息公开不及时，请补充公开", TODAY + dt.timedelta(days=20)),
                                   ("依申请公开逾期答复，请说明原因", TODAY + dt.timedelta(days=20))],
                            actor=u["supervisor"], now=NOW)
    w.notice_item, w.responded_item = w.notice.items.order_by("pk")
    respond_item(item=w.responded_item, response="已说明原因并整改", actor=clerk, now=NOW)

    # 区分处理: documents to release on planning's case, one in each state of the review
    from gongkai.redaction import actions as redaction
    from tests.redaction.docs import NAME, text_pdf

    w.rdoc_pdf = text_pdf()
    w.rdocs = {}
    for state in ("marking", "submitted", "approved"):
        d = redaction.add_document(application=w.app, data=w.rdoc_pdf, filename=f"{state}.pdf", actor=clerk, now=NOW)
        mark = redaction.add_text(document=d, text=NAME, reason="third_party_rights", actor=clerk, now=NOW)
        if state == "marking":
            w.rmark, w.rsuggestion = mark, d.suggestions.order_by("pk").first()
            assert w.rsuggestion is not None
            continue
        for s in d.suggestions.all():
            redaction.reject_suggestion(suggestion=s, actor=clerk, now=NOW)
        redaction.submit(document=d, actor=clerk, now=NOW)
        if state == "approved":
            d = redaction.approve(document=d, actor=reviewer, now=NOW)
        w.rdocs[state] = d
    w.rdocs["marking"] = w.rmark.document

    # 《条例》第四十一条: a request to correct a record, and one answered (its letter)
    from gongkai.records import actions as records

    record = {"applicant_name": DETAILS["applicant_name"], "record": "登记簿记载的姓名有误", "correction": "张三",
              "evidence": "居民身份证"}
    w.record = records.submit(agency=w.planning, details=record, now=NOW)
    w.record_answered = records.submit(agency=w.planning, details=record, now=NOW)
    records.answer(request=w.record_answered, outcome="corrected", actor=clerk, now=NOW)

    # rows for the admin's object pages
    w.sessions = _sign_in(w)
    Group.objects.create(name="信息公开科")
    set_template(agency=w.planning, kind="receipt", data=builtin_template("receipt"), filename="登记回执.docx",
                 actor=u["admin"], now=NOW)
    WorkdayOverride.objects.create(date=dt.date(2026, 5, 6), is_workday=False, note="地方节日")
    CalendarYear.objects.create(year=2030, source="国务院办公厅关于2030年部分节假日安排的通知")
    return w


# --------------------------------------------------------------------------- requests


_CLIENT: Any = None


def _sign_in(w: Any) -> dict[str, str | None]:
    """A session per role, made the real way once per module: staff are logged in (the supervisor also
    switches to planning), applicants give number and query code on the track page. The session rows live
    in the module's transaction; what a case does to them is rolled back with the case."""
    from django.test import Client

    sessions: dict[str, str | None] = {"anonymous": None}
    for role in ROLES:
        if role == "anonymous":
            continue
        client = Client()
        if role == "supervisor_in_planning":
            client.force_login(w.users["supervisor"])
            assert client.get(reverse("office:switch_agency", args=[w.planning.pk])).status_code == 302
        elif role in w.users:
            client.force_login(w.users[role])
        else:
            app, code = {"applicant": (w.app, w.code), "applicant_wrong": (w.app, "WRONG-CODE"),
                         "applicant_other": (w.other_app, w.other_code)}[role]
            r = client.post("/track/", {"tracking_no": app.tracking_no, "code": code})
            assert r.status_code == (302 if code != "WRONG-CODE" else 400), f"tracking as {role}: {r.status_code}"
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        sessions[role] = cookie.value if cookie else None
    assert sessions["applicant"] and sessions["clerk"]
    return sessions


_CLIENTS: dict[bool, Any] = {}


def _client(w: Any, role: str, *, csrf: bool = False) -> Any:
    """The client (one handler per module: a new one loads the middleware again) with ``role``'s session."""
    from http.cookies import SimpleCookie

    from django.test import Client

    if csrf not in _CLIENTS:
        _CLIENTS[csrf] = Client(enforce_csrf_checks=csrf)
    client = _CLIENTS[csrf]
    client.cookies = SimpleCookie()
    if w.sessions[role]:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[role]
    return client


# Logs of what staff looked at (not state changes): a refusal that shows the page again with the error (400)
# shows its personal data again, and that look is logged.
READ_LOGS = {"agencies.PersonalDataAccess"}


def _rows() -> dict[str, int]:
    """Row counts of every table of the project (events included) and of users and groups, in one query."""
    from django.apps import apps
    from django.db import connection

    models = [m for m in apps.get_models()
              if m.__module__.startswith("gongkai.") or m._meta.label in ("auth.User", "auth.Group")]
    q = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {q(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {m._meta.label: n for m, n in zip(models, counts, strict=True)}


def _outcome(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> tuple[str, str, Any]:
    try:
        r = client.get(url) if method == "GET" else client.post(url, body or {})
    except Exception:  # noqa: BLE001 - a 500 is an outcome to report, with its traceback
        return "500", traceback.format_exc(limit=-6), None
    if 300 <= r.status_code < 400:
        target = urlsplit(r["Location"]).path
        login_urls = (settings.LOGIN_URL, reverse("admin:login"))
        return (LOGIN if target in login_urls else MOVED), f"-> {r['Location']}", r
    return str(r.status_code), "", r


def _check(w: Any, name: str, role: str, method: str, cases: list[Case]) -> list[str]:
    problems = []
    for case in cases:
        expected = (case.get if method == "GET" else case.post)[role]  # type: ignore[index]
        url = reverse(name, kwargs=case.kwargs(w)) + (f"?{case.query(w)}" if case.query else "")
        client = _client(w, role)
        guarded = expected not in SUCCESS or role in case.inert
        before = _rows() if guarded else {}
        body = case.body(w) if case.body and method == "POST" else {}
        got, detail, response = _outcome(client, method, url, body)
        what = f"{method} {url}" + (f" ({case.label})" if case.label else "") + f" as {role}"
        if got != expected:
            problems.append(f"{what}: expected {expected}, got {got} {detail}".rstrip())
        if got == OK and case.hidden and role in case.hidden_from:
            text = response.content.decode("utf-8", "replace")
            leaked = [x for x in case.hidden(w) if x in text]
            if leaked:
                problems.append(f"{what}: shows {leaked}")
        if got == OK and case.shown:
            text = response.content.decode("utf-8", "replace")
            absent = [x for x in case.shown(w) if x not in text]
            if absent:
                problems.append(f"{what}: does not show {absent}")
        if guarded:
            after = _rows()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]
                       and not (got == BAD and k in READ_LOGS)}
            if changed:
                problems.append(f"{what}: refused, yet rows changed {changed}")
    return problems


def _id(p: tuple[str, str]) -> str:
    return f"{p[0]}|{p[1]}"


@pytest.mark.parametrize("name_role", [(n, r) for n in GOTTEN for r in ROLES], ids=_id)
def test_get(world: Any, db: Any, name_role: tuple[str, str]) -> None:
    name, role = name_role
    if name not in TABLE:
        pytest.fail(f"URL name {name} is configured but has no entry in the access matrix")
    problems = _check(world, name, role, "GET", [c for c in TABLE[name] if c.get is not None])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name_role", [(n, r) for n in POSTED for r in ROLES], ids=_id)
def test_post(world: Any, db: Any, name_role: tuple[str, str]) -> None:
    """An empty body; and, where a case gives one, a valid body."""
    name, role = name_role
    problems = _check(world, name, role, "POST", [c for c in TABLE[name] if c.post is not None])
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- /admin/ as one family

# What a superuser gets where it is not 200 (besides the add and delete pages the ModelAdmin declines).
ADMIN_SUPERUSER = {
    "admin:login": MOVED,  # already signed in: on to the index
    "admin:logout": NA,  # Django's LogoutView is POST-only
    "admin:autocomplete": FORBID,  # no field given
    "admin:view_on_site": MOVED,  # to the public page of the item
}


def _declined(name: str, superuser: Any) -> bool:
    """True for the add/delete page of a model whose ModelAdmin declines it even to a superuser (records
    that change only through the actions, e.g. numbered letters, reports, catalogue items)."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = superuser
    short = name.removeprefix("admin:")
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short == prefix + "add":
            return not model_admin.has_add_permission(request)
        if short == prefix + "delete":
            return not model_admin.has_delete_permission(request)
    return False


def _admin_expected(name: str, role: str, url: str, superuser: Any) -> str:
    if role == "superuser":
        if "987654321" in url:
            return MOVED
        return FORBID if _declined(name, superuser) else ADMIN_SUPERUSER.get(name, OK)
    if name == "admin:login":
        return OK  # the form (for signed-in staff: "not authorised for this page")
    if name == "admin:logout":
        return MOVED  # to the admin index, which sends on to the login
    return LOGIN


def _admin_kwargs(w: Any, name: str) -> dict[str, Any] | None:
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    from gongkai.applications.models import ApplicationLetter

    short = name.removeprefix("admin:")
    if short == "view_on_site":
        item = w.items["published"]
        return {"content_type_id": ContentType.objects.get_for_model(item).pk, "object_id": item.pk}
    if short == "app_list":
        return {"app_label": "catalogue"}
    if short == "auth_user_password_change":
        return {"id": w.users["clerk"].pk}
    if short == "letters_lettertemplate_builtin":
        return {"kind": "receipt"}
    if short == "letters_letter_download":
        return {"pk": ApplicationLetter.objects.get(pk=w.letter.pk).letter_id, "fmt": "docx"}
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(prefix):
            if short.removeprefix(prefix) in ("changelist", "add"):
                return {}
            obj = model._default_manager.order_by("pk").first()
            # a model without rows here (added by other work): its object pages are tried with an id that
            # does not exist, which a superuser is redirected from to the admin index
            return {"object_id": obj.pk if obj is not None else 987654321}
    return {}


ADMIN_NAMES = sorted(n for n in CONFIGURED if n.startswith("admin:"))


@pytest.mark.parametrize("role", ROLES)
def test_admin_family(world: Any, db: Any, role: str) -> None:
    """Every admin page: anyone but the superuser is sent to the admin login (GET and an empty POST, which
    changes nothing); the superuser gets the pages (GET only)."""
    problems = []
    methods = ("GET",) if role == "superuser" else ("GET", "POST")
    for name in ADMIN_NAMES:
        url = reverse(name, kwargs=_admin_kwargs(world, name))
        for method in methods:
            expected = _admin_expected(name, role, url, world.users["superuser"])
            client = _client(world, role)
            before = _rows()
            got, detail, _ = _outcome(client, method, url)
            if got != expected:
                problems.append(f"{method} {url} as {role}: expected {expected}, got {got} {detail}".rstrip())
            if role != "superuser" and _rows() != before:
                problems.append(f"{method} {url} as {role}: rows changed")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- CSRF

CSRF_ROLES = ("admin", "supervisor", "applicant", "anonymous")


@pytest.mark.parametrize("name", POSTED)
def test_post_without_csrf_token(world: Any, db: Any, name: str) -> None:
    """Every state-changing endpoint refuses a POST without the CSRF token (403) from a role that may use it,
    with a valid body where the table has one, and changes nothing."""
    cases = [c for c in TABLE[name] if c.post is not None]
    case = next((c for c in cases if c.body), cases[0])
    role = next(r for r in CSRF_ROLES if case.post[r] in (*SUCCESS, BAD))  # type: ignore[index]
    url = reverse(name, kwargs=case.kwargs(world)) + (f"?{case.query(world)}" if case.query else "")
    before = _rows()
    got, detail, _ = _outcome(_client(world, role, csrf=True), "POST", url, case.body(world) if case.body else {})
    assert got == FORBID, f"POST {url} as {role} without a CSRF token: expected 403, got {got} {detail}"
    assert _rows() == before

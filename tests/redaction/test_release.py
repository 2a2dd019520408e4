"""From the marks to the reply: the 部分公开 proposal's "不予公开的内容及理由" grouped by reason with the
articles, the letter, the outcome, and the applicant's download of the released file (never the original)."""

from __future__ import annotations

import io
from typing import Any

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications import actions as applications
from gongkai.applications.letters_adapter import open_file
from gongkai.redaction import actions, engine
from gongkai.redaction.models import ReleaseDocument
from tests.applications.conftest import BASE, DETAILS, at
from tests.redaction import docs

NOW = at(BASE, 14)


def _approved(app: Any, cast: Any) -> ReleaseDocument:
    doc = actions.add_document(application=app, data=docs.text_pdf(pages=2), filename="征收补偿协议.pdf",
                               actor=cast.clerk, now=NOW)
    actions.add_box(document=doc, page=1, x0=60, y0=40, x1=560, y1=70, reason="internal_affairs",
                    note="内部机构信息", actor=cast.clerk, now=NOW)
    for s in doc.suggestions.all():
        if s.kind == "id_number":
            actions.accept_suggestion(suggestion=s, actor=cast.clerk, now=NOW)
        else:
            actions.reject_suggestion(suggestion=s, actor=cast.clerk, now=NOW)
    actions.submit(document=doc, actor=cast.clerk, now=NOW)
    return actions.approve(document=doc, actor=cast.reviewer, now=NOW)


def test_marks_to_letter_outcome_and_download(cast: Any) -> None:
    app, code = applications.register(agency=cast.planning, details=DETAILS, channel="in_person",
                                      submitted_on=BASE, actor=cast.clerk, now=at(BASE))
    applications.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(BASE, 11))
    doc = _approved(app, cast)
    clerk = Client()
    clerk.force_login(cast.clerk)
    # A proposal that ignores the marks is flagged on the redaction page.
    applications.propose_decision(application=app, outcome="A36_2_disclosed", actor=cast.clerk, now=NOW)
    applications.return_decision(application=app, reason="有遮盖内容，应部分公开", actor=cast.reviewer, now=NOW)
    app.refresh_from_db()
    page = clerk.get(f"/office/redaction/case/{app.pk}/").content.decode()
    assert 'id="outcome-mismatch"' in page
    r = clerk.post(f"/office/redaction/case/{app.pk}/propose/")
    assert r.status_code == 302, r.content.decode()[r.content.decode().find("errorlist"):][:300]
    app.refresh_from_db()
    # Two reasons: the smaller group names its article in the text, the larger one is the reason code (the
    # letter adds its article at the end).
    assert app.proposed_outcome == "A37_partial" and app.withheld_reason == "third_party_rights"
    assert app.withheld_detail == (
        "《征收补偿协议》第1页内部机构信息，依据《条例》第十六条第一款（属于三类内部事务信息）；"
        "《征收补偿协议》第1页居民身份证号码、《征收补偿协议》第2页居民身份证号码")
    assert docs.ID not in app.withheld_detail and docs.NAME not in app.withheld_detail
    # Not yet replied: the applicant sees no released file.
    applicant = Client()
    assert applicant.post("/track/", {"tracking_no": app.tracking_no, "code": code}).status_code == 302
    assert f"/released/{doc.pk}.pdf" not in applicant.get(f"/track/{app.tracking_no}/").content.decode()
    assert applicant.get(f"/track/{app.tracking_no}/released/{doc.pk}.pdf").status_code == 404
    applications.approve_decision(application=app, actor=cast.reviewer, now=NOW)
    applications.approve_decision(application=app, actor=cast.head, now=NOW)
    row = applications.issue_reply(application=app, actor=cast.clerk, now=NOW)
    app.refresh_from_db()
    assert app.outcome == "A37_partial"
    letter = "\n".join(p.text for p in docx.Document(io.BytesIO(open_file(row, "docx") or b"")).paragraphs)
    assert "不予公开的内容及理由：《征收补偿协议》第1页内部机构信息" in letter
    assert "第十六条第一款（属于三类内部事务信息）" in letter and "第十五条" in letter and docs.ID not in letter
    # The applicant downloads the released file; it holds nothing marked.
    page = applicant.get(f"/track/{app.tracking_no}/").content.decode()
    assert f"/track/{app.tracking_no}/released/{doc.pk}.pdf" in page and "已作遮盖处理" in page
    r = applicant.get(f"/track/{app.tracking_no}/released/{doc.pk}.pdf")
    pdf = b"".join(r.streaming_content)
    text = "".join(engine.extract_text(pdf))
    assert r.status_code == 200 and docs.ID not in text and "〔第十五条〕" in text
    assert "宝山区规划和自然资源局政府信息公开材料" not in engine.extract_text(pdf)[0]
    # Another tracker (no code for this case) gets nothing.
    assert Client().get(f"/track/{app.tracking_no}/released/{doc.pk}.pdf").status_code == 404


def test_propose_without_approved_marks_refused(case: Any, cast: Any) -> None:
    clerk = Client()
    clerk.force_login(cast.clerk)
    clerk.post(f"/office/redaction/case/{case.pk}/", {"file": SimpleUploadedFile("a.pdf", docs.text_pdf())})
    r = clerk.post(f"/office/redaction/case/{case.pk}/propose/")
    assert r.status_code == 400 and "还没有审核通过的遮盖标注" in r.content.decode()
    case.refresh_from_db()
    assert case.proposed_outcome == ""

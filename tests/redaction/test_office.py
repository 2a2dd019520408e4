"""The office pages: upload, mark (box and text), suggestions, review, log, download; outsiders see nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.redaction import engine
from gongkai.redaction.models import ReleaseDocument
from tests.redaction import docs


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_clerk_marks_reviewer_approves(case: Any, cast: Any) -> None:
    clerk, reviewer = _client(cast.clerk), _client(cast.reviewer)
    r = clerk.get(f"/office/applications/{case.pk}/")
    assert f"/office/redaction/case/{case.pk}/" in r.content.decode()
    r = clerk.post(f"/office/redaction/case/{case.pk}/",
                   {"file": SimpleUploadedFile("协议.pdf", docs.text_pdf(pages=2)), "title": "征收补偿协议"})
    assert r.status_code == 302
    doc = ReleaseDocument.objects.get()
    url = f"/office/redaction/{doc.pk}/"
    page = clerk.get(url).content.decode()
    assert "第1页 / 共2页" in page and docs.ID in page and "redaction.js" in page
    assert 'id="box_reason"' in page and 'id="text_reason"' in page
    png = clerk.get(f"{url}page/1.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert clerk.get(f"{url}page/3.png").status_code == 404
    # A bad box: the page again with a Chinese error, nothing saved.
    r = clerk.post(f"{url}mark/", {"kind": "box", "page": 1, "x0": 1, "y0": 1, "x1": 1.5, "y1": 1.5,
                                   "reason": "state_secret"})
    assert r.status_code == 400 and "标记框太小" in r.content.decode() and doc.marks.count() == 0
    assert clerk.post(f"{url}mark/", {"kind": "box", "page": 1, "x0": 60, "y0": 40, "x1": 560, "y1": 70,
                                      "reason": "internal_affairs", "note": "内部信息"}).status_code == 302
    r = clerk.post(f"{url}mark/", {"kind": "text", "text": "不存在的文字", "reason": "third_party_rights"})
    assert r.status_code == 400 and "未找到" in r.content.decode()
    assert clerk.post(f"{url}mark/", {"kind": "text", "text": docs.NAME, "reason": "third_party_rights"}).status_code == 302
    page = clerk.get(url).content.decode()
    data = page[page.index('id="rd-marks" type="application/json">') + 38:]
    overlay = json.loads(data[: data.index("</script>")])
    # the box, then the name on each page (a text mark without a page covers every page)
    assert [(o["page"], o["mark"]) for o in overlay] == [(1, "〔第十六条第一款〕"), (1, "〔第十五条〕"), (2, "〔第十五条〕")]
    for s in doc.suggestions.all():
        decision = "accept" if s.kind == "id_number" else "reject"
        assert clerk.post(f"{url}suggestion/{s.pk}/", {"decision": decision}).status_code == 302
    assert clerk.post(f"{url}submit/").status_code == 302
    r = clerk.post(f"{url}review/", {"decision": "approve"})
    assert r.status_code == 400 and "审核人" in r.content.decode()
    assert reviewer.post(f"{url}review/", {"decision": "return"}).status_code == 400  # a note is required
    assert reviewer.post(f"{url}review/", {"decision": "approve", "note": "同意"}).status_code == 302
    doc.refresh_from_db()
    assert doc.status == "approved"
    r = clerk.get(f"{url}released.pdf")
    pdf = b"".join(r.streaming_content)
    text = "".join(engine.extract_text(pdf))
    assert docs.NAME not in text and docs.ID not in text and "〔第十五条〕" in text
    log = clerk.get(f"{url}log/").content.decode()
    assert "〔第十六条第一款〕 属于三类内部事务信息" in log and "采纳建议" in log
    case_page = clerk.get(f"/office/redaction/case/{case.pk}/").content.decode()
    assert "属于三类内部事务信息" in case_page and "第1页内部信息" in case_page


def test_outsider_sees_nothing_and_supervisor_only_reads(case: Any, cast: Any) -> None:
    clerk = _client(cast.clerk)
    clerk.post(f"/office/redaction/case/{case.pk}/", {"file": SimpleUploadedFile("a.pdf", docs.text_pdf())})
    doc = ReleaseDocument.objects.get()
    outsider, supervisor = _client(cast.outsider), _client(cast.supervisor)
    for path in (f"/office/redaction/case/{case.pk}/", f"/office/redaction/{doc.pk}/",
                 f"/office/redaction/{doc.pk}/page/1.png", f"/office/redaction/{doc.pk}/log/"):
        assert outsider.get(path).status_code == 404
        assert supervisor.get(path).status_code == 200
    assert outsider.post(f"/office/redaction/{doc.pk}/mark/", {"kind": "text", "text": docs.NAME,
                                                               "reason": "state_secret"}).status_code == 404
    assert supervisor.post(f"/office/redaction/{doc.pk}/mark/", {"kind": "text", "text": docs.NAME,
                                                                 "reason": "state_secret"}).status_code == 404
    assert doc.marks.count() == 0
    assert clerk.get(f"/office/redaction/{doc.pk}/released.pdf").status_code == 404  # not approved yet


def test_bad_upload_keeps_the_page(case: Any, cast: Any) -> None:
    clerk = _client(cast.clerk)
    r = clerk.post(f"/office/redaction/case/{case.pk}/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 junk")})
    assert r.status_code == 400 and "已损坏" in r.content.decode() and not ReleaseDocument.objects.exists()

"""The actions: upload, marks saved as drawn, suggestions accepted or rejected, review, the released file."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.redaction import actions, engine
from gongkai.redaction.actions import RedactionActionError
from gongkai.redaction.models import DocumentStatus, Mark, RedactionEvent, ReleaseDocument, SuggestionStatus
from tests.applications.conftest import BASE, at
from tests.redaction import docs

NOW = at(BASE, 14)


def _upload(case: Any, cast: Any, data: bytes | None = None, name: str = "征收补偿协议.pdf") -> ReleaseDocument:
    return actions.add_document(application=case, data=data or docs.text_pdf(pages=2), filename=name,
                                actor=cast.clerk, now=NOW)


def test_upload_keeps_original_and_finds_suggestions(case: Any, cast: Any) -> None:
    from gongkai.applications import actions as app_actions

    app_actions.start_consultation(application=case, kind="third_party", party_name=docs.NAME, actor=cast.clerk,
                                   now=NOW)
    data = docs.text_pdf(pages=2)
    doc = _upload(case, cast, data)
    assert doc.pages == 2 and doc.status == DocumentStatus.MARKING and doc.agency_id == cast.planning.pk
    with doc.original.open("rb") as f:
        assert f.read() == data  # kept as it came
    kinds = {(s.page, s.kind, s.text) for s in doc.suggestions.all()}
    assert {(1, "id_number", docs.ID), (1, "mobile", docs.PHONE), (1, "person", docs.NAME),
            (2, "address", docs.ADDRESS)} <= kinds
    assert all(s.status == SuggestionStatus.PENDING for s in doc.suggestions.all())
    assert doc.marks.count() == 0  # nothing applied silently
    ev = RedactionEvent.objects.get(document=doc)
    assert ev.kind == "uploaded" and ev.actor == cast.clerk and ev.payload["pages"] == 2


def test_bad_upload_clear_error_and_nothing_saved(case: Any, cast: Any) -> None:
    with pytest.raises(RedactionActionError, match="已损坏") as e:
        _upload(case, cast, b"%PDF-1.4 broken", "x.pdf")
    assert e.value.field == "file" and ReleaseDocument.objects.count() == 0
    with pytest.raises(RedactionActionError, match="工作人员"):
        actions.add_document(application=case, data=docs.text_pdf(), filename="a.pdf", actor=cast.outsider, now=NOW)


def test_marks_review_and_release(case: Any, cast: Any) -> None:
    doc = _upload(case, cast)
    box = actions.add_box(document=doc, page=1, x0=60, y0=40, x1=560, y1=70, reason="internal_affairs",
                          note="内部联系方式", actor=cast.clerk, now=NOW)
    assert (box.x0, box.y1, box.created_by) == (60, 70, cast.clerk)
    with pytest.raises(RedactionActionError, match="未找到"):
        actions.add_text(document=doc, text="不在文件里", reason="third_party_rights", actor=cast.clerk, now=NOW)
    with pytest.raises(RedactionActionError, match="理由"):
        actions.add_text(document=doc, text=docs.NAME, reason="A37_partial", actor=cast.clerk, now=NOW)
    with pytest.raises(RedactionActionError, match="太小"):
        actions.add_box(document=doc, page=1, x0=10, y0=10, x1=11, y1=11, reason="state_secret", actor=cast.clerk,
                        now=NOW)
    with pytest.raises(RedactionActionError, match="页码"):
        actions.add_box(document=doc, page=3, x0=10, y0=10, x1=50, y1=50, reason="state_secret", actor=cast.clerk,
                        now=NOW)
    actions.add_text(document=doc, text=docs.NAME, reason="third_party_rights", actor=cast.clerk, now=NOW)
    sugg = {s.kind: s for s in doc.suggestions.filter(page=1)}
    mark = actions.accept_suggestion(suggestion=sugg["id_number"], actor=cast.clerk, now=NOW)
    assert mark.source == "suggestion" and mark.page == 1 and mark.note == "居民身份证号码"
    actions.reject_suggestion(suggestion=sugg["address"], actor=cast.clerk, now=NOW)
    with pytest.raises(RedactionActionError, match="未确认"):
        actions.submit(document=doc, actor=cast.clerk, now=NOW)
    for s in doc.suggestions.filter(status="pending"):
        actions.reject_suggestion(suggestion=s, actor=cast.clerk, now=NOW)
    actions.submit(document=doc, actor=cast.clerk, now=NOW)
    with pytest.raises(RedactionActionError, match="已提交审核"):
        actions.add_box(document=doc, page=1, x0=10, y0=10, x1=50, y1=50, reason="state_secret", actor=cast.clerk,
                        now=NOW)
    with pytest.raises(RedactionActionError, match="审核人、负责人"):
        actions.approve(document=doc, actor=cast.clerk, now=NOW)
    actions.send_back(document=doc, note="第2页的身份证号也要遮盖", actor=cast.reviewer, now=NOW)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.RETURNED and doc.review_note
    actions.add_text(document=doc, text=docs.ID, page=2, reason="third_party_rights", actor=cast.clerk, now=NOW)
    actions.submit(document=doc, actor=cast.clerk, now=NOW)
    doc = actions.approve(document=doc, actor=cast.reviewer, now=NOW)
    assert doc.status == DocumentStatus.APPROVED and len(doc.released_sha256) == 64
    released = doc.released.read()
    pages = engine.extract_text(released)
    assert docs.NAME not in "".join(pages) and docs.ID not in "".join(pages)
    assert "宝山区规划和自然资源局" not in pages[0] and "宝山区规划和自然资源局" in pages[1]
    assert docs.ADDRESS in pages[0]  # the rejected suggestion stays
    assert "〔第十六条第一款〕" in pages[0] and "〔第十五条〕" in pages[1]
    # The original is kept unchanged, marked text and all.
    with doc.original.open("rb") as f:
        assert docs.NAME in "".join(engine.extract_text(f.read()))
    log = actions.redaction_log(doc)
    assert [(r.page, r.mark) for r in log][:1] == [("1", "〔第十六条第一款〕")]
    assert {r.who for r in log} == {cast.clerk.get_full_name() or cast.clerk.username}
    grouped = dict((label, items) for label, _, items in actions.withheld_by_reason(case))
    assert grouped["属于三类内部事务信息"] == ["《征收补偿协议》第1页内部联系方式"]
    assert "《征收补偿协议》第1页居民身份证号码" in grouped["保护第三方合法权益"]
    assert all(docs.ID not in i and docs.NAME not in i for items in grouped.values() for i in items)
    kinds = list(RedactionEvent.objects.filter(document=doc).values_list("kind", flat=True))
    assert kinds.count("mark_added") == 4 and kinds[-1] == "approved" and "returned" in kinds


def test_remove_mark_reopens_its_suggestion(case: Any, cast: Any) -> None:
    doc = _upload(case, cast)
    s = doc.suggestions.get(page=1, kind="mobile")
    mark = actions.accept_suggestion(suggestion=s, actor=cast.clerk, now=NOW)
    actions.remove_mark(mark=mark, actor=cast.clerk, now=NOW)
    s.refresh_from_db()
    assert s.status == SuggestionStatus.PENDING and not Mark.objects.filter(pk=mark.pk).exists()
    with pytest.raises(RedactionActionError, match="工作人员"):
        actions.add_box(document=doc, page=1, x0=10, y0=10, x1=50, y1=50, reason="state_secret",
                        actor=cast.outsider, now=NOW)


def test_release_failure_keeps_marks(case: Any, cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _upload(case, cast)
    for s in doc.suggestions.all():
        actions.reject_suggestion(suggestion=s, actor=cast.clerk, now=NOW)
    actions.add_text(document=doc, text=docs.NAME, reason="third_party_rights", actor=cast.clerk, now=NOW)
    actions.submit(document=doc, actor=cast.clerk, now=NOW)

    def fail(*a: Any, **k: Any) -> Any:
        raise engine.RedactionError("遮盖失败：第 1 页仍含有被遮盖的文字，未生成公开文件。")

    monkeypatch.setattr(engine, "redact", fail)
    with pytest.raises(RedactionActionError, match="未能生成公开文件"):
        actions.approve(document=doc, actor=cast.reviewer, now=NOW)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SUBMITTED and not doc.released and doc.marks.count() == 1
    assert RedactionEvent.objects.filter(document=doc, kind="release_failed").exists()

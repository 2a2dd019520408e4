"""Office pages of 区分处理 (redaction, Art. 37): the documents to release on a case, the marking page
(pages as images, boxes drawn with gongkai/static/gongkai/redaction.js, text selected by typing it,
suggestions accepted or rejected), the reviewer's decision, the redaction log, the released file.

Viewing: anyone who may see the case's agency (its staff, and the supervisor of its government).
Marking: its staff (``can_act``); approving or sending back: its 审核人 and 负责人 (checked by the actions).
Others get 404 like outsiders. The original upload is never served here or anywhere else: the pages are
rendered from the working PDF for the agency's staff only, and only the released file is downloadable.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.agencies.access import can_act, get_for_staff, staff_required
from gongkai.applications.models import Application
from gongkai.law.redaction import GROUNDS, ground
from gongkai.redaction import actions, engine
from gongkai.redaction.actions import REVIEW_ROLES, RedactionActionError
from gongkai.redaction.models import (
    REASON_CHOICES,
    DocumentStatus,
    Mark,
    ReleaseDocument,
    Suggestion,
    SuggestionStatus,
)
from gongkai.redaction.suggest import REASON
from gongkai.web import post_only, posted_text, to_form

REASON_ERRORS = {"required": "请选择不予公开的理由。", "invalid_choice": "请选择不予公开的理由。"}


class UploadForm(forms.Form):
    file = forms.FileField(label="拟公开的文件（PDF、Word .docx、扫描图片）",
                           error_messages={"required": "请选择文件。", "empty": "文件为空。"})
    title = forms.CharField(label="文件名称（可选）", max_length=200, required=False)


class BoxForm(forms.Form):
    page = forms.IntegerField(label="页码", min_value=1, error_messages={"required": "请填写页码。",
                                                                      "invalid": "页码应为数字。",
                                                                      "min_value": "页码从1开始。"})
    x0 = forms.FloatField(label="左", error_messages={"required": "请在页面上框选区域。", "invalid": "坐标应为数字。"})
    y0 = forms.FloatField(label="上", error_messages={"required": "请在页面上框选区域。", "invalid": "坐标应为数字。"})
    x1 = forms.FloatField(label="右", error_messages={"required": "请在页面上框选区域。", "invalid": "坐标应为数字。"})
    y1 = forms.FloatField(label="下", error_messages={"required": "请在页面上框选区域。", "invalid": "坐标应为数字。"})
    reason = forms.ChoiceField(label="不予公开的理由", choices=REASON_CHOICES, error_messages=REASON_ERRORS)
    note = forms.CharField(label="说明（可选，将写入答复书，勿写被遮盖的内容）", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "box_%s")  # two forms on one page: distinct ids
        super().__init__(*args, **kwargs)


class TextForm(forms.Form):
    text = forms.CharField(label="要遮盖的文字（每处出现均遮盖；换行和空格不影响查找）", max_length=500,
                           error_messages={"required": "请填写要遮盖的文字。", "max_length": "不超过500个字。"})
    page = forms.IntegerField(label="页码（留空为全部页）", min_value=1, required=False,
                              error_messages={"invalid": "页码应为数字。", "min_value": "页码从1开始。"})
    reason = forms.ChoiceField(label="不予公开的理由", choices=REASON_CHOICES, error_messages=REASON_ERRORS)
    note = forms.CharField(label="说明（可选，将写入答复书，勿写被遮盖的内容）", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "text_%s")
        super().__init__(*args, **kwargs)


def _case(request: HttpRequest, pk: int) -> Application:
    return get_for_staff(request, Application.objects.select_related("agency"), pk=pk)


def _doc(request: HttpRequest, pk: int, *, acting: bool = False) -> ReleaseDocument:
    doc = get_for_staff(request, ReleaseDocument.objects.select_related("agency", "application"), pk=pk)
    if acting and not can_act(request.user, doc.agency):
        raise Http404("未找到")
    return doc


def _text(request: HttpRequest, form: forms.Form, name: str) -> str:
    return posted_text(request, name) if name in request.POST else ""


@staff_required
def case_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The documents to release on a case, and the upload of another one."""
    app = _case(request, pk)
    acting = can_act(request.user, app.agency)
    form = UploadForm()
    status = 200
    if request.method == "POST":
        if not acting:
            raise Http404("未找到")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            limit = int(settings.GONGKAI_UPLOAD_MAX_BYTES)
            if f.size > limit:
                form.add_error("file", f"文件过大，不能超过 {limit // (1024 * 1024)} MB。")
            else:
                try:
                    doc = actions.add_document(application=app, data=f.read(), filename=f.name,
                                               title=posted_text(request, "title")[:200], actor=request.user,
                                               now=timezone.now())
                except RedactionActionError as e:
                    form.add_error("file" if e.field == "file" else None, e.message)
                else:
                    return redirect("office:redaction:document", pk=doc.pk)
        status = 400
    return _case_page(request, app, form=form, status=status)


def _case_page(request: HttpRequest, app: Application, *, form: UploadForm | None = None, error: str = "",
               status: int = 200) -> HttpResponse:
    from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType

    docs = ReleaseDocument.objects.filter(application=app).prefetch_related("marks")
    withheld = actions.withheld_by_reason(app)
    proposed = OUTCOME_BY_CODE.get(app.proposed_outcome or "")
    return render(request, "office/redaction/case.html", {
        "agency": app.agency, "app": app, "docs": docs, "form": form or UploadForm(),
        "can_act": can_act(request.user, app.agency), "withheld": withheld, "error": error,
        "outcome_mismatch": bool(withheld) and proposed is not None and proposed.reply_type != ReplyType.PARTIAL,
    }, status=status)


@staff_required
@post_only
def propose_partial(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose the 部分公开 reply with "不予公开的内容及理由" composed from the approved marks (the
    applications' own action; the decision chain follows as for any proposal)."""
    from gongkai.applications import actions as applications
    from gongkai.applications.actions import ApplicationError

    app = _case(request, pk)
    if not can_act(request.user, app.agency):
        raise Http404("未找到")
    detail, reason = actions.withheld_text(app)
    if not detail:
        return _case_page(request, app, error="还没有审核通过的遮盖标注。", status=400)
    try:
        applications.propose_decision(application=app, outcome="A37_partial", withheld_detail=detail,
                                      withheld_reason=reason, actor=request.user, now=timezone.now())
    except ApplicationError as e:
        return _case_page(request, app, error=str(e), status=400)
    messages.success(request, "已按遮盖标注拟定部分公开的答复意见，请按审批流程审批。")
    return redirect("office:app_case", pk=app.pk)


def _overlay(doc: ReleaseDocument, marks: list[Mark]) -> list[dict[str, Any]]:
    """What the page script draws over the rendered pages: every box, and the rectangles of every text mark."""
    out: list[dict[str, Any]] = []
    texts = [m for m in marks if not m.box]
    rects: list[list[tuple[int, tuple[float, ...]]]] = []
    if texts:
        try:
            rects = engine.text_rects(actions.working_pdf(doc), [(m.text, m.page) for m in texts])
        except (engine.RedactionError, OSError):
            rects = [[] for _ in texts]
    found = dict(zip((m.pk for m in texts), rects))
    for m in marks:
        label = ground(m.reason).mark
        if m.box:
            out.append({"id": m.pk, "page": m.page, "box": m.box, "mark": label})
        for page, box in found.get(m.pk, []):
            out.append({"id": m.pk, "page": page, "box": box, "mark": label})
    return out


def _document_context(request: HttpRequest, doc: ReleaseDocument, **forms_: Any) -> dict[str, Any]:
    acting = can_act(request.user, doc.agency)
    marks = list(doc.marks.select_related("created_by"))
    return {
        "agency": doc.agency, "doc": doc, "app": doc.application, "marks": marks,
        "suggestions": list(doc.suggestions.all()),
        "pending": sum(1 for s in doc.suggestions.all() if s.status == SuggestionStatus.PENDING),
        "pages": [(n, w, h) for n, (w, h) in enumerate(doc.page_sizes, 1)],
        "marks_json": _overlay(doc, marks),
        "can_mark": acting and doc.editable,
        "can_review": doc.status == DocumentStatus.SUBMITTED and can_act(request.user, doc.agency, REVIEW_ROLES),
        "box_form": forms_.get("box_form") or BoxForm(initial={"reason": REASON}),
        "text_form": forms_.get("text_form") or TextForm(initial={"reason": REASON}),
        "reasons": REASON_CHOICES, "default_reason": REASON, "grounds": GROUNDS,
        "events": doc.events.select_related("actor"),
        "error": forms_.get("error", ""),
    }


def _looked(request: HttpRequest, doc: ReleaseDocument, what: str) -> None:
    """The document of a case holds personal data: each look is in the access log."""
    accesslog.record(request, agency=doc.agency, kind=accesslog.AccessKind.ATTACHMENT,
                     subject=doc.application.tracking_no, object_id=doc.application_id,
                     detail=f"区分处理{what}：{doc.title}", now=timezone.now())


@staff_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _doc(request, pk)
    _looked(request, doc, "")
    return render(request, "office/redaction/document.html", _document_context(request, doc))


@staff_required
def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """A page of the working PDF as a PNG, for the agency's staff only (never cached by shared caches)."""
    doc = _doc(request, pk)
    if not 1 <= page <= doc.pages:
        raise Http404("未找到")
    try:
        png = engine.render_page(actions.working_pdf(doc), page, width=900)
    except (engine.RedactionError, OSError):
        raise Http404("未找到") from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _redisplay(request: HttpRequest, doc: ReleaseDocument, **forms_: Any) -> HttpResponse:
    return render(request, "office/redaction/document.html", _document_context(request, doc, **forms_), status=400)


@staff_required
@post_only
def add_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """A box (page + coordinates) or a text; which one by the ``kind`` field."""
    doc = _doc(request, pk, acting=True)
    now = timezone.now()
    if request.POST.get("kind") == "text":
        form: forms.Form = TextForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.add_text(document=doc, text=_text(request, form, "text"), page=d["page"],
                                 reason=d["reason"], note=_text(request, form, "note"), actor=request.user, now=now)
            except RedactionActionError as e:
                to_form(form, e)
            else:
                return redirect("office:redaction:document", pk=doc.pk)
        return _redisplay(request, doc, text_form=form)
    form = BoxForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.add_box(document=doc, page=d["page"], x0=d["x0"], y0=d["y0"], x1=d["x1"], y1=d["y1"],
                            reason=d["reason"], note=_text(request, form, "note"), actor=request.user, now=now)
        except RedactionActionError as e:
            to_form(form, e)
        else:
            return redirect("office:redaction:document", pk=doc.pk)
    return _redisplay(request, doc, box_form=form)


@staff_required
@post_only
def remove_mark(request: HttpRequest, pk: int, mark_id: int) -> HttpResponse:
    doc = _doc(request, pk, acting=True)
    mark = Mark.objects.filter(document=doc, pk=mark_id).first()
    if mark is None:
        raise Http404("未找到")
    try:
        actions.remove_mark(mark=mark, actor=request.user, now=timezone.now())
    except RedactionActionError as e:
        return _redisplay(request, doc, error=e.message)
    return redirect("office:redaction:document", pk=doc.pk)


@staff_required
@post_only
def decide_suggestion(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    doc = _doc(request, pk, acting=True)
    s = Suggestion.objects.filter(document=doc, pk=sid).first()
    if s is None:
        raise Http404("未找到")
    decision = request.POST.get("decision")
    reason = request.POST.get("reason") or REASON
    try:
        if decision == "accept":
            actions.accept_suggestion(suggestion=s, reason=reason, actor=request.user, now=timezone.now())
        elif decision == "reject":
            actions.reject_suggestion(suggestion=s, actor=request.user, now=timezone.now())
        else:
            raise RedactionActionError("请选择采纳或不采纳。")
    except RedactionActionError as e:
        return _redisplay(request, doc, error=e.message)
    return redirect("office:redaction:document", pk=doc.pk)


@staff_required
@post_only
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _doc(request, pk, acting=True)
    try:
        actions.submit(document=doc, actor=request.user, now=timezone.now())
    except RedactionActionError as e:
        return _redisplay(request, doc, error=e.message)
    messages.success(request, "已提交审核。")
    return redirect("office:redaction:document", pk=doc.pk)


@staff_required
@post_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _doc(request, pk, acting=True)
    decision = request.POST.get("decision")
    note = posted_text(request, "note")
    try:
        if decision == "approve":
            actions.approve(document=doc, note=note, actor=request.user, now=timezone.now())
            messages.success(request, "审核通过，已生成公开文件。")
        elif decision == "return":
            actions.send_back(document=doc, note=note, actor=request.user, now=timezone.now())
            messages.success(request, "已退回经办人修改。")
        else:
            raise RedactionActionError("请选择审核通过或退回。")
    except RedactionActionError as e:
        return _redisplay(request, doc, error=e.message)
    return redirect("office:redaction:document", pk=doc.pk)


@staff_required
def released(request: HttpRequest, pk: int) -> HttpResponse:
    """The released (redacted) PDF; the original is never downloadable."""
    doc = _doc(request, pk)
    if doc.status != DocumentStatus.APPROVED or not doc.released:
        raise Http404("未找到")
    return FileResponse(doc.released.open("rb"), as_attachment=True, filename=f"{doc.title}（公开）.pdf",
                        content_type="application/pdf")


@staff_required
def log(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _doc(request, pk)
    return render(request, "office/redaction/log.html", {
        "agency": doc.agency, "doc": doc, "app": doc.application, "rows": actions.redaction_log(doc),
        "events": doc.events.select_related("actor"),
    })

"""Record-correction requests (《条例》第四十一条) for the agency's staff: the list, paper intake, the answer."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.agencies.access import can_act, current_agency, get_for_staff, staff_required
from gongkai.agencies.models import AccessKind
from gongkai.errors import to_form
from gongkai.letters.models import Letter
from gongkai.records import actions
from gongkai.records.forms import AnswerForm, PaperRecordForm
from gongkai.records.models import RecordRequest, RecordStatus


def _log(request: HttpRequest, req: RecordRequest | None, kind: str, agency: object = None, detail: str = "") -> None:
    """Every look at applicants' personal data is logged (object_id left empty: the log links cases only)."""
    accesslog.record(request, agency=req.agency if req else agency, kind=kind,  # type: ignore[arg-type]
                     subject=req.number if req else "", detail=("记录更正申请 " + detail).strip(), now=timezone.now())


@staff_required
def record_list(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    rows = RecordRequest.objects.filter(agency=agency).order_by("status", "due_on", "-pk")[:500]
    _log(request, None, AccessKind.LIST, agency)
    return render(request, "office/records/list.html", {"agency": agency, "rows": rows,
                                                        "today": timezone.localdate(),
                                                        "may_act": can_act(request.user, agency, actions.DECIDERS)})


@staff_required
def record_new(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can_act(request.user, agency, actions.DECIDERS):
        raise Http404("未找到")
    status = 200
    if request.method == "POST":
        form = PaperRecordForm(request.POST)
        if form.is_valid():
            try:
                req = actions.submit(agency=agency, details=form.cleaned_data, actor=request.user,
                                     now=timezone.now(), received_on=form.cleaned_data["received_on"])
            except actions.RecordError as exc:
                to_form(form, exc)
            else:
                return redirect("office:record_detail", pk=req.pk)
        status = 400
    else:
        form = PaperRecordForm(initial={"received_on": timezone.localdate()})
    return render(request, "office/records/new.html", {"agency": agency, "form": form}, status=status)


@staff_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_for_staff(request, RecordRequest.objects.select_related("agency"), pk=pk)
    may_act = can_act(request.user, req.agency, actions.DECIDERS) and req.status == RecordStatus.RECEIVED
    status = 200
    form = AnswerForm()
    if request.method == "POST":
        if not may_act:
            return render(request, "office/records/detail.html", {
                "req": req, "agency": req.agency, "form": None,
                "error": "该更正申请已经答复，或您无权答复。"}, status=400)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                actions.answer(request=req, actor=request.user, now=timezone.now(), **form.cleaned_data)
            except actions.RecordError as exc:
                to_form(form, exc)
            else:
                return redirect("office:record_detail", pk=req.pk)
        status = 400
    letter = Letter.objects.filter(pk=req.letter_id).first() if req.letter_id else None
    _log(request, req, AccessKind.CASE)
    return render(request, "office/records/detail.html", {
        "req": req, "agency": req.agency, "form": form if may_act else None, "letter": letter,
        "events": req.events.select_related("actor")}, status=status)


CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}


@staff_required
def record_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    req = get_for_staff(request, RecordRequest.objects.select_related("agency"), pk=pk)
    letter = Letter.objects.filter(pk=req.letter_id, agency=req.agency).first() if req.letter_id else None
    field = (letter.docx if fmt == "docx" else letter.pdf) if letter and fmt in CONTENT_TYPES else None
    if not field:
        raise Http404("未找到")
    _log(request, req, AccessKind.LETTER, f"答复书（{fmt.upper()}）")
    with field.open("rb") as fh:
        resp = HttpResponse(fh.read(), content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(req.number + '-答复书.' + fmt)}"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def records_panel(request: HttpRequest, agency: object) -> tuple[str, dict]:
    """Dashboard panel: the agency's open record-correction requests (counts only: no personal data)."""
    open_rows = RecordRequest.objects.filter(agency=agency, status=RecordStatus.RECEIVED)
    return "office/records/panel.html", {"count": open_rows.count(),
                                         "overdue": open_rows.filter(due_on__lt=timezone.localdate()).count()}

"""The public form to ask an agency to correct a record about oneself (《条例》第四十一条)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai.agencies.client import client_address
from gongkai.agencies.models import Agency
from gongkai.applications import throttle
from gongkai.errors import to_form
from gongkai.records import actions
from gongkai.records.forms import RecordRequestForm


def record_request(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    status = 200
    if request.method == "POST":
        form = RecordRequestForm(request.POST)
        now, address = timezone.now(), client_address(request)
        if throttle.is_limited("apply", address, now=now):  # one budget for every public submission
            form.is_valid()
            form.add_error(None, throttle.message("apply"))
            status = 429
        elif form.is_valid():
            try:
                req = actions.submit(agency=agency, details=form.cleaned_data, now=now)
            except actions.RecordError as exc:
                to_form(form, exc)
                status = 400
            else:
                throttle.hit("apply", address, now=now)
                return render(request, "portal/records/done.html", {"agency": agency, "req": req})
        else:
            status = 400
    else:
        form = RecordRequestForm()
    return render(request, "portal/records/form.html", {"agency": agency, "form": form}, status=status)

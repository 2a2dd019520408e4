"""The applicant's download of a released (redacted) file, on the tracked case's page: only after the
reply (予以公开 or 部分公开) is issued, only the released PDF (the original never leaves the agency)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from gongkai.portal.views_applications import _tracked
from gongkai.redaction.actions import released_for_applicant


def track_released(request: HttpRequest, tracking_no: str, doc_id: int) -> HttpResponse:
    app = _tracked(request, tracking_no)
    doc = next((d for d in released_for_applicant(app) if d.pk == doc_id), None)
    if doc is None:
        raise Http404("未找到")
    response = FileResponse(doc.released.open("rb"), as_attachment=True, content_type="application/pdf",
                            filename=f"{app.tracking_no}-{doc.title}（公开）.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response

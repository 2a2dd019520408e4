"""Web helpers shared by the two interfaces (portal and office): POST-only views, free text read from the
POST, file downloads, a refusal shown on a form. Neither interface imports the other."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.applications.letters_adapter import open_file
from gongkai.errors import to_form

__all__ = ["download", "letter_response", "post_only", "posted_text", "to_form"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like Django's require_POST, with a page saying so (Django's 405 has an empty body)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            response = render(request, "portal/error.html", {"title": "请求方式不正确", "text": "此地址只接受表单提交，请返回上一页，使用页面上的按钮操作。"}, status=405)
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def posted_text(request: HttpRequest, name: str, default: str = "") -> str:
    """A free-text field read straight from the POST, without the NUL character no browser sends and
    PostgreSQL cannot store (Django's form fields refuse it; views reading the POST use this)."""
    return request.POST.get(name, default).replace("\x00", "")


def download(data: bytes, name: str, content_type: str = "application/octet-stream") -> HttpResponse:
    """A file to save (never shown inline, never sniffed), under its Chinese name."""
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


def letter_response(row: Any, fmt: str) -> HttpResponse:
    """The DOCX or PDF of a case letter (404 for another format or a missing file)."""
    if fmt not in ("docx", "pdf"):
        raise Http404("未找到")
    data = open_file(row, fmt)
    if data is None:
        raise Http404("未找到")
    return download(data, f"{row.application.tracking_no}-{row.title}.{fmt}", DOCX if fmt == "docx" else "application/pdf")

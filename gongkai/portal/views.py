"""Public pages shared by every column: the home page and the error pages (every one says in Chinese what
went wrong; Django's own are English or name CSRF)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.agencies.models import Agency


def home(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.select_related("parent").order_by("parent_id", "name")
    return render(request, "portal/home.html", {"agencies": agencies})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/error.html", {"title": "页面不存在", "text": "您访问的页面不存在或无权查看。"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/error.html", {"title": "系统繁忙", "text": "系统暂时无法完成您的请求，请稍后再试。您填写的内容未丢失，可返回上一页重新提交。"}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # a body that cannot be read: broken multipart, not UTF-8, too many fields, too large
    return render(request, "portal/error.html", {"title": "无法处理的请求", "text": "提交的内容无法读取（格式不正确、字段过多或内容过大）。请返回上一页检查后重新提交。"}, status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/error.html", {"title": "无权访问", "text": "您无权执行此操作。"}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "portal/error.html", {"title": "页面已过期", "text": "页面已过期，或浏览器禁用了Cookie。请返回上一页，刷新后重新提交。"}, status=403)

"""Public pages shared by every column: the home page and the error pages."""

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

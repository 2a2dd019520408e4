"""Content-Security-Policy on every response (Django 5.2 has none built in; this is the whole of it).

The policy is ``settings.GONGKAI_CSP`` (directive -> sources). Pages load scripts and styles only from the
site's own static files: no inline ``<script>``, no ``on*=`` handlers, no ``style=`` attributes (a test scans
the templates). Data for charts travels in ``json_script`` blocks, which are data, not code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def policy() -> str:
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in settings.GONGKAI_CSP.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and response.status_code >= 500:
            return response  # Django's technical error page styles and scripts itself inline (DEBUG only)
        response[HEADER] = self.header
        return response

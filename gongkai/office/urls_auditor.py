"""URLs of the office pages for auditor (filled in by the auditor work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

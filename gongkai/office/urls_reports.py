"""URLs of the office pages for reports (filled in by the reports work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

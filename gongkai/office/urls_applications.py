"""URLs of the office pages for applications (filled in by the applications work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

"""URLs of the supervisor (政务公开办) pages (filled in by the supervision work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

"""URLs of the portal pages for catalogue (filled in by the catalogue work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

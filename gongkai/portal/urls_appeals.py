"""URLs of the portal pages for appeals (filled in by the appeals work)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

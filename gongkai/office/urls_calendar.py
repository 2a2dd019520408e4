"""URL of the holiday arrangement page (mounted at /office/calendar/)."""

from django.urls import path

from gongkai.office import views_calendar as v

urlpatterns = [
    path("", v.calendar_page, name="calendar"),
]

"""URL of the personal-data access log (mounted at /office/access-log/)."""

from django.urls import path

from gongkai.office import views_accesslog as v

urlpatterns = [
    path("", v.access_log, name="access_log"),
]

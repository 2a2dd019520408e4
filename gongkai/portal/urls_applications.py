"""URLs of the portal pages for applications: /apply/, /agency/<slug>/apply/, /track/."""

from django.urls import path

from gongkai.portal import views_applications as v
from gongkai.portal import views_redaction

urlpatterns = [
    path("apply/", v.apply, name="apply"),
    path("agency/<slug:slug>/apply/", v.apply, name="agency_apply"),
    path("track/", v.track, name="track"),
    path("track/forget/", v.track_forget, name="track_forget"),
    path("track/<str:tracking_no>/", v.track_case, name="track_case"),
    path("track/<str:tracking_no>/letters/<int:letter_id>.<str:fmt>", v.track_letter, name="track_letter"),
    path("track/<str:tracking_no>/released/<int:doc_id>.pdf", views_redaction.track_released, name="track_released"),
    path("track/<str:tracking_no>/<str:action>/", v.track_action, name="track_action"),
]

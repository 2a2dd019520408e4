"""URLs of record-correction requests (mounted at /office/records/)."""

from django.urls import path

from gongkai.office import views
from gongkai.office import views_records as v

urlpatterns = [
    path("", v.record_list, name="record_list"),
    path("new/", v.record_new, name="record_new"),
    path("<int:pk>/", v.record_detail, name="record_detail"),
    path("<int:pk>/letter.<str:fmt>", v.record_letter, name="record_letter"),
]

if v.records_panel not in views.DASHBOARD_PANELS:
    views.DASHBOARD_PANELS.append(v.records_panel)

"""URLs of the supervisor (政务公开办) pages and of the departments' notices (mounted at /office/supervision/)."""

from django.urls import path

from gongkai.office import views
from gongkai.office import views_supervision as v

app_name = "supervision"
urlpatterns = [
    path("", v.dashboard, name="dashboard"),
    path("agency/<int:agency_id>/", v.department, name="department"),
    path("agency/<int:agency_id>/notices/new/", v.notice_new, name="notice_new"),
    path("notices/", v.notice_list, name="notices"),
    path("notices/<int:pk>/", v.notice_detail, name="notice"),
    path("items/<int:pk>/respond/", v.item_respond, name="respond"),
    path("items/<int:pk>/verify/", v.item_verify, name="verify"),
]

if v.supervision_panel not in views.DASHBOARD_PANELS:
    views.DASHBOARD_PANELS.append(v.supervision_panel)

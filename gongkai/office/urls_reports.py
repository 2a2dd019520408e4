"""URLs of the report workspace (mounted at /office/reports/)."""

from django.urls import path

from gongkai.office import views
from gongkai.office import views_reports as v

urlpatterns = [
    path("", v.index, name="reports"),
    path("worklog/", v.worklog, name="report_worklog"),
    path("worklog/<int:pk>/delete/", v.worklog_delete, name="report_worklog_delete"),
    path("<int:agency_id>/<int:year>/", v.workspace, name="report_workspace"),
    path("<int:agency_id>/<int:year>/compose/", v.compose_view, name="report_compose"),
    path("<int:agency_id>/<int:year>/check/", v.check_view, name="report_check"),
    path("<int:agency_id>/<int:year>/manual/", v.manual_view, name="report_manual"),
    path("<int:agency_id>/<int:year>/narrative/<str:section>/", v.narrative_view, name="report_narrative"),
    path("<int:agency_id>/<int:year>/front/", v.front_view, name="report_front"),
    path("<int:agency_id>/<int:year>/submit/", v.submit_view, name="report_submit"),
    path("<int:agency_id>/<int:year>/reopen/", v.reopen_view, name="report_reopen"),
    path("<int:agency_id>/<int:year>/publish/", v.publish_view, name="report_publish"),
    path("<int:agency_id>/<int:year>/compare/", v.compare, name="report_compare"),
    path("<int:agency_id>/<int:year>/rollup/", v.rollup_view, name="report_rollup"),
    path("<int:agency_id>/<int:year>/download.<str:fmt>", v.download, name="report_download"),
]

if v.reports_panel not in views.DASHBOARD_PANELS:
    views.DASHBOARD_PANELS.append(v.reports_panel)

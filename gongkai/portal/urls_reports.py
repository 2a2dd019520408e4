"""Public URLs of the 年报 column: /reports/, /agency/<slug>/reports/, /agency/<slug>/reports/<year>/ and
the downloads /agency/<slug>/reports/<year>.docx|.pdf|.xlsx|.json."""

from django.urls import path

from gongkai.portal import views_reports as v

urlpatterns = [
    path("reports/", v.report_list, name="reports"),
    path("agency/<slug:slug>/reports/", v.agency_reports, name="agency_reports"),
    path("agency/<slug:slug>/reports/<int:year>/", v.agency_report, name="agency_report"),
    path("agency/<slug:slug>/reports/<int:year>.<str:fmt>", v.agency_report_download, name="agency_report_download"),
]

"""URLs of the office pages for the auditor (/office/audit/)."""

from django.urls import path

from gongkai.office import views_auditor as v

urlpatterns = [
    path("", v.home, name="audit"),
    path("<int:batch_id>/", v.batch_detail, name="audit_batch"),
    path("<int:batch_id>/export.xlsx", v.batch_xlsx, name="audit_batch_xlsx"),
    path("<int:batch_id>/<int:report_id>/", v.report_detail, name="audit_report"),
]

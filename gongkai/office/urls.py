from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.agencies.lockout import LockoutAuthenticationForm
from gongkai.office import views

app_name = "office"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="office/login.html",
                                                 authentication_form=LockoutAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("switch/<int:agency_id>/", views.switch_agency, name="switch_agency"),
    path("applications/", include("gongkai.office.urls_applications")),
    path("catalogue/", include("gongkai.office.urls_catalogue")),
    path("reports/", include("gongkai.office.urls_reports")),
    path("appeals/", include("gongkai.office.urls_appeals")),
    path("audit/", include("gongkai.office.urls_auditor")),
    path("supervision/", include("gongkai.office.urls_supervision")),
    path("access-log/", include("gongkai.office.urls_accesslog")),
    path("redaction/", include("gongkai.office.urls_redaction")),
    path("calendar/", include("gongkai.office.urls_calendar")),
    path("records/", include("gongkai.office.urls_records")),
]

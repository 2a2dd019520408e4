from django.urls import include, path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("", include("gongkai.portal.urls_catalogue")),
    path("", include("gongkai.portal.urls_applications")),
    path("", include("gongkai.portal.urls_reports")),
    path("", include("gongkai.portal.urls_auditor")),
    path("", include("gongkai.portal.urls_appeals")),
    path("", include("gongkai.portal.urls_records")),
]

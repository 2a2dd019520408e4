from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("office/", include("gongkai.office.urls")),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.portal.views.bad_request"
handler403 = "gongkai.portal.views.forbidden"
handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"

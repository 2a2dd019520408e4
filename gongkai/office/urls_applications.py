"""URLs of the office pages for applications (mounted at /office/applications/)."""

from django.urls import path

from gongkai.office import views_applications as v

urlpatterns = [
    path("", v.inbox, name="app_inbox"),
    path("new/", v.register, name="app_register"),
    path("<int:pk>/", v.case, name="app_case"),
    path("<int:pk>/act/<str:name>/", v.act, name="app_act"),
    path("<int:pk>/letters/<int:letter_id>.<str:fmt>", v.letter, name="app_letter"),
    path("<int:pk>/attachments/<int:attachment_id>/", v.attachment, name="app_attachment"),
]

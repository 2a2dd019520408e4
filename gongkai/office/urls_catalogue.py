"""URLs of the office pages for 主动公开 (mounted at /office/catalogue/)."""

from django.urls import path

from gongkai.office import views_catalogue as v

app_name = "catalogue"
urlpatterns = [
    path("", v.item_list, name="list"),
    path("new/", v.item_new, name="new"),
    path("late/", v.late_list, name="late"),
    path("self-review/", v.self_review, name="self_review"),
    path("import/", v.import_view, name="import"),
    path("t2/", v.t2, name="t2"),
    path("guide/", v.guide_edit, name="guide"),
    path("<int:pk>/", v.item_detail, name="detail"),
    path("<int:pk>/edit/", v.item_edit, name="edit"),
    path("<int:pk>/propose/", v.propose, name="propose"),
    path("<int:pk>/review/", v.review, name="review"),
    path("<int:pk>/sign/", v.sign, name="sign"),
    path("<int:pk>/publish/", v.publish, name="publish"),
    path("<int:pk>/validity/", v.validity, name="validity"),
    path("<int:pk>/withdraw/", v.withdraw, name="withdraw"),
    path("<int:pk>/convert/", v.convert, name="convert"),
    path("<int:pk>/keep/", v.keep, name="keep"),
    path("<int:pk>/attach/", v.attach, name="attach"),
    path("<int:pk>/attachments/<int:att>/", v.attachment, name="attachment"),
]

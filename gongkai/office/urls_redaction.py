"""URLs of the office pages of 区分处理 (mounted at /office/redaction/)."""

from django.urls import path

from gongkai.office import views_redaction as v

app_name = "redaction"
urlpatterns = [
    path("case/<int:pk>/", v.case_documents, name="case"),
    path("case/<int:pk>/propose/", v.propose_partial, name="propose"),
    path("<int:pk>/", v.document, name="document"),
    path("<int:pk>/page/<int:page>.png", v.page_image, name="page"),
    path("<int:pk>/mark/", v.add_mark, name="mark"),
    path("<int:pk>/mark/<int:mark_id>/delete/", v.remove_mark, name="unmark"),
    path("<int:pk>/suggestion/<int:sid>/", v.decide_suggestion, name="suggestion"),
    path("<int:pk>/submit/", v.submit, name="submit"),
    path("<int:pk>/review/", v.review, name="review"),
    path("<int:pk>/released.pdf", v.released, name="released"),
    path("<int:pk>/log/", v.log, name="log"),
]

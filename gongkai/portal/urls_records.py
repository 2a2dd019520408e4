from django.urls import path

from gongkai.portal import views_records as v

urlpatterns = [
    path("agency/<slug:slug>/correct-record/", v.record_request, name="record_request"),
]

"""URLs of the office pages for the 复议/诉讼 register (mounted at /office/appeals/)."""

from django.urls import path

from gongkai.office import views, views_appeals

app_name = "appeals"
urlpatterns = [
    path("", views_appeals.case_list, name="list"),
    path("new/", views_appeals.case_new, name="new"),
    path("<int:pk>/", views_appeals.case_detail, name="detail"),
    path("<int:pk>/result/", views_appeals.case_result, name="result"),
    path("<int:pk>/correct/", views_appeals.case_correct, name="correct"),
    path("<int:pk>/link-application/", views_appeals.case_link_application, name="link_application"),
    path("<int:pk>/link-review/", views_appeals.case_link_review, name="link_review"),
]

if views_appeals.appeals_panel not in views.DASHBOARD_PANELS:
    views.DASHBOARD_PANELS.append(views_appeals.appeals_panel)

from django.urls import path

from . import views, views_approval

app_name = "roadmap"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("create/", views.create, name="create"),
    path("activities/<int:pk>/", views.activity_update, name="activity_update"),
    # the territory's approval of the yearly roadmaps (seed 002 item 5)
    path("submit/", views_approval.submit, name="submit"),
    path("territory/", views_approval.approval_list, name="approvals"),
    path("territory/<int:pk>/", views_approval.approval_detail, name="approval_detail"),
]

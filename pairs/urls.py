from django.urls import path

from . import views

app_name = "pairs"

urlpatterns = [
    path("", views.list, name="list"),
    path("form/", views.form, name="form"),
    path("form/submit/", views.submit, name="submit"),
    path("form/delete/", views.delete_draft, name="delete_draft"),
    path("<int:pk>/", views.detail, name="detail"),
    path("approval/", views.approval_queue, name="approval_queue"),
    path("mine/", views.my_pairs, name="my_pairs"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
]

from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("create/", views.create, name="create"),
    path("activities/<int:pk>/", views.activity_update, name="activity_update"),
]

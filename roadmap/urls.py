from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("activities/<int:pk>/", views.activity_update, name="activity_update"),
]

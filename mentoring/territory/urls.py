from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("organisations/", views.organization_list, name="organization_list"),
    path("organisations/new/", views.organization_create, name="organization_create"),
    path("organisations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organisations/<int:pk>/curator/", views.curator_create, name="curator_create"),
]

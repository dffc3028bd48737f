"""The public pages without login (seed 002 item 14), under ``/public/``."""

from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("o/<slug:slug>/", public.organization_page, name="organization"),
    path("o/<slug:slug>/photos/<int:pk>/", public.mentor_photo, name="mentor_photo"),
    path("<slug:slug>/", public.territory_page, name="territory"),
]

from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("mentors/", views.mentor_list, name="mentor_list"),
    path("mentees/", views.mentee_list, name="mentee_list"),
    path("<int:pk>/", views.participant_detail, name="participant_detail"),
    path("<int:pk>/consents/", views.consent_create, name="consent_create"),
]

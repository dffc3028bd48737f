from django.urls import path

from .views import bases, consents, exports, imports, photos, profiles
from .views import territory_base

app_name = "participants"

urlpatterns = [
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("mentors/", bases.mentor_list, name="mentor_list"),
    path("mentees/", bases.mentee_list, name="mentee_list"),
    path("<int:pk>/", bases.participant_detail, name="participant_detail"),
    path("<int:pk>/consents/", consents.consent_create, name="consent_create"),
    *imports.urlpatterns,
    *consents.urlpatterns,
    *profiles.urlpatterns,
    *photos.urlpatterns,
    *exports.urlpatterns,
    *territory_base.urlpatterns,
]

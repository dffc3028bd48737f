"""The mentor's photo: upload, replace and remove it on the curator's page of
the mentor and on the mentor's own «Мой профиль наставника»; show it to the
programme staff of the mentor's organisation and to the mentor themself.

Reach as in views.profiles: curators and organisation admins change any
mentor's photo of their organisation (``participants.edit_profiles``; the
director and the working group get 403), a mentor changes their own
(``participants.edit_own_mentor_profile``); everybody else gets 404. The photo
is never served from MEDIA_URL; the public honour board serves it through
``reports.views.public.mentor_photo`` only with the publication consent.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.photos import MentorPhotoForm
from ..models import Mentor
from ..services.photos import remove_mentor_photo, set_mentor_photo
from .profiles import (
    _editable_participant,
    _mentors_in_reach,
    _own_mentor,
    _profile_or_404,
    _service_form,
)


def photo_response(field_file) -> FileResponse:
    """The stored photo (a JPEG) shown inline, never kept by shared caches;
    Http404 when there is none or the file is missing."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    response = FileResponse(field_file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _photo_page(request, mentor: Mentor, *, back_url: str, own: bool):
    return _service_form(
        request, MentorPhotoForm(request.POST or None, request.FILES or None),
        save=lambda data: set_mentor_photo(mentor, upload=data["photo"], actor=request.user),
        done=_("The photo is saved."), back_url=back_url, file_field="photo",
        participant=mentor.participant, own=own, multipart=True,
        title=_("Replace the photo") if mentor.photo else _("Upload a photo"),
    )


def mentor_photo_edit(request, pk: int):
    """Upload or replace the photo of the mentor ``pk`` (a participant key)."""
    participant = _editable_participant(request, pk)
    mentor = _profile_or_404(participant, "mentor_profile")
    return _photo_page(request, mentor, own=False,
                       back_url=reverse("participants:participant_detail", args=[pk]))


@require_POST
def mentor_photo_remove(request, pk: int):
    """Remove the photo of the mentor ``pk`` (a participant key)."""
    participant = _editable_participant(request, pk)
    mentor = _profile_or_404(participant, "mentor_profile")
    if remove_mentor_photo(mentor, actor=request.user):
        messages.success(request, _("The photo is removed."))
    return redirect("participants:participant_detail", pk=pk)


def my_photo_edit(request):
    mentor = _own_mentor(request)
    return _photo_page(request, mentor, own=True, back_url=reverse("participants:my_profile"))


@require_POST
def my_photo_remove(request):
    mentor = _own_mentor(request)
    if remove_mentor_photo(mentor, actor=request.user):
        messages.success(request, _("The photo is removed."))
    return redirect("participants:my_profile")


def mentor_photo(request, pk: int):
    """The photo of the mentor ``pk`` (a mentor key) for the programme staff of
    the mentor's organisation and the mentor themself; 404 for everybody else
    and when there is no photo."""
    mentor = get_object_or_404(_mentors_in_reach(request.user), pk=pk)
    return photo_response(mentor.photo)


urlpatterns = [
    path("me/photo/", my_photo_edit, name="my_photo_edit"),
    path("me/photo/remove/", my_photo_remove, name="my_photo_remove"),
    path("<int:pk>/mentor/photo/", mentor_photo_edit, name="mentor_photo_edit"),
    path("<int:pk>/mentor/photo/remove/", mentor_photo_remove, name="mentor_photo_remove"),
    path("mentors/<int:pk>/photo/", mentor_photo, name="mentor_photo"),
]

"""Mentor digital profile, training records, portfolio; mentee requests;
status moves of mentors and mentees (seed 000 §3.2, §4.1–4.2; seed 002).

Who may do what: programme staff of the organisation see the profiles on the
participant card; curators and organisation admins change them
(``participants.edit_profiles``) and approve the mentor base
(``participants.approve_mentors``); the director and the working group only read
(403 on change pages). A mentor fills in their own profile on «my profile»
(``participants.edit_own_mentor_profile``). Everybody else gets 404 on every URL
that names an object. Files are served only through ``training_certificate`` and
``portfolio_file``, which check the same reach.
"""

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ..enums import ConsentStatus, MentorStatus
from ..forms.profiles import (
    MenteeProfileForm,
    MenteeRequestForm,
    MentorApprovalForm,
    MentorProfileForm,
    PortfolioItemForm,
    TrainingForm,
    add_service_errors,
)
from ..models import MenteeRequest, Mentor, MentorTraining, PortfolioItem
from ..selectors import get_participant_for_user, name_search_q, participants_visible_to
from ..services.profiles import (
    ProfileError,
    add_mentee_request,
    add_portfolio_item,
    content_type_of,
    remove_mentee_request,
    remove_portfolio_item,
    update_mentee_profile,
    update_mentee_request,
    update_mentor_profile,
)
from ..services.statuses import (
    allowed_mentee_moves,
    approve_mentors,
    record_training,
    remove_training,
    set_mentee_status,
)
from mentoring.pages import page_of, stored_file_response

from .common import profile_of

EDIT = "participants.edit_profiles"
EDIT_OWN = "participants.edit_own_mentor_profile"


# --- who reaches what ---------------------------------------------------------------


def _editable_participant(request, pk: int):
    """The participant ``pk`` for a profile change: 404 outside the user's reach,
    403 for staff who may only read (director, working group)."""
    participant = get_participant_for_user(request.user, pk)
    if not request.user.has_perm(EDIT):
        raise PermissionDenied
    return participant


def _profile_or_404(participant, name: str):
    profile = profile_of(participant, name)
    if profile is None:
        raise Http404
    return profile


def _own_mentor(request) -> Mentor:
    """The signed-in mentor's own profile: 403 without the mentor role, 404
    without a mentor profile linked to the account."""
    if not request.user.has_perm(EDIT_OWN):
        raise PermissionDenied
    mentor = Mentor.objects.select_related("participant__organization").filter(
        participant__user=request.user
    ).first()
    if mentor is None:
        raise Http404
    return mentor


def _mentors_in_reach(user) -> QuerySet[Mentor]:
    """Mentors of the user's organisation for programme staff, plus the user's
    own mentor profile for a mentor."""
    condition = Q(participant__in=participants_visible_to(user))
    if user.has_perm(EDIT_OWN):
        condition |= Q(participant__user=user)
    return Mentor.objects.filter(condition)


def _may_change_mentor(user, mentor: Mentor) -> bool:
    """Whether a user who reaches ``mentor`` may change it."""
    own = mentor.participant.user_id == user.pk and user.has_perm(EDIT_OWN)
    return own or user.has_perm(EDIT)


def _back_to(request, mentor: Mentor) -> str:
    if mentor.participant.user_id == request.user.pk and not request.user.has_perm(EDIT):
        return reverse("participants:my_profile")
    return reverse("participants:participant_detail", args=[mentor.participant_id])


def _form_page(request, form, *, participant, title: str, back_url: str, own: bool = False,
               base: str = "mentors", multipart: bool = False, submit: str = ""):
    return render(request, "participants/profile_form.html", {
        "form": form, "participant": participant, "title": title, "back_url": back_url,
        "own": own, "base": base, "multipart": multipart, "submit": submit or _("Save"),
    })


def _upload_skipped(request, form, field: str) -> bool:
    """True (and the form told so) when the upload handler skipped a file for its
    size (``request.upload_too_large``, mentoring.uploads): without this the
    record would be saved silently without its file."""
    if getattr(request, "upload_too_large", None):
        form.add_error(field, _("The file is larger than 5 MB."))
        return True
    return False


# --- the mentor's digital profile ---------------------------------------------------


def _service_form(request, form, *, save, done: str, back_url: str, file_field: str = "", **page):
    """The page of a form that one service call saves: on a valid POST
    ``save(cleaned_data)``, then ``done`` and back to ``back_url``; a
    ProfileError's messages go onto the form's fields; an upload skipped for its
    size (``file_field``) is refused. ``page``: the rest of ``_form_page``."""
    if (
        request.method == "POST" and form.is_valid()
        and not (file_field and _upload_skipped(request, form, file_field))
    ):
        try:
            save(form.cleaned_data)
        except ProfileError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(back_url)
    return _form_page(request, form, back_url=back_url, **page)


def _edit_mentor(request, mentor: Mentor, *, back_url: str, own: bool):
    return _service_form(
        request, MentorProfileForm(request.POST or None, mentor=mentor),
        save=lambda data: update_mentor_profile(mentor, actor=request.user, **data),
        done=_("The mentor's profile is saved."), back_url=back_url,
        participant=mentor.participant, own=own, title=_("Mentor's digital profile"),
    )


def mentor_edit(request, pk: int):
    """Edit the digital profile of the mentor ``pk`` (a participant key)."""
    participant = _editable_participant(request, pk)
    mentor = _profile_or_404(participant, "mentor_profile")
    return _edit_mentor(request, mentor, own=False,
                        back_url=reverse("participants:participant_detail", args=[pk]))


def _add_training(request, mentor: Mentor, *, back_url: str, own: bool):
    return _service_form(
        request, TrainingForm(request.POST or None, request.FILES or None),
        save=lambda data: record_training(mentor, actor=request.user, **data),
        done=_("The training is recorded."), back_url=back_url, file_field="certificate",
        participant=mentor.participant, own=own, title=_("Record a training"), multipart=True,
    )


def training_add(request, pk: int):
    """Record a course the mentor ``pk`` (a participant key) took."""
    participant = _editable_participant(request, pk)
    mentor = _profile_or_404(participant, "mentor_profile")
    return _add_training(request, mentor, own=False,
                         back_url=reverse("participants:participant_detail", args=[pk]))


def _add_portfolio_item(request, mentor: Mentor, *, back_url: str, own: bool):
    return _service_form(
        request, PortfolioItemForm(request.POST or None, request.FILES or None),
        save=lambda data: add_portfolio_item(mentor, actor=request.user, **data),
        done=_("The portfolio entry is added."), back_url=back_url, file_field="file",
        participant=mentor.participant, own=own, title=_("Add to the portfolio"), multipart=True,
    )


def portfolio_add(request, pk: int):
    """Add an entry to the portfolio of the mentor ``pk`` (a participant key)."""
    participant = _editable_participant(request, pk)
    mentor = _profile_or_404(participant, "mentor_profile")
    return _add_portfolio_item(request, mentor, own=False,
                               back_url=reverse("participants:participant_detail", args=[pk]))


@require_POST
def training_delete(request, pk: int):
    """Delete a training record entered by mistake (curators and admins)."""
    training = get_object_or_404(
        MentorTraining.objects.select_related("mentor__participant"),
        pk=pk, mentor__participant__in=participants_visible_to(request.user),
    )
    if not request.user.has_perm(EDIT):
        raise PermissionDenied
    remove_training(training, actor=request.user)
    messages.success(request, _("The training record is deleted."))
    return redirect("participants:participant_detail", pk=training.mentor.participant_id)


@require_POST
def portfolio_delete(request, pk: int):
    """Delete a portfolio entry: curators and admins of the organisation, or the
    mentor themself."""
    item = get_object_or_404(
        PortfolioItem.objects.select_related("mentor__participant"),
        pk=pk, mentor__in=_mentors_in_reach(request.user),
    )
    if not _may_change_mentor(request.user, item.mentor):
        raise PermissionDenied
    back_url = _back_to(request, item.mentor)
    remove_portfolio_item(item, actor=request.user)
    messages.success(request, _("The portfolio entry is deleted."))
    return redirect(back_url)


def _file_response(field_file, filename: str) -> FileResponse:
    extension = os.path.splitext(field_file.name)[1].lower() if field_file else ""
    return stored_file_response(field_file, filename + extension, content_type_of(field_file.name))


def training_certificate(request, pk: int):
    """A training's certificate file, for the organisation's programme staff and
    the mentor themself; 404 for everybody else and when there is no file."""
    training = get_object_or_404(
        MentorTraining, pk=pk, mentor__in=_mentors_in_reach(request.user)
    )
    return _file_response(training.certificate, "certificate-%d" % training.pk)


def portfolio_file(request, pk: int):
    """A portfolio entry's file, with the same reach as training_certificate."""
    item = get_object_or_404(PortfolioItem, pk=pk, mentor__in=_mentors_in_reach(request.user))
    return _file_response(item.file, "portfolio-%d" % item.pk)


# --- the mentor's own profile -------------------------------------------------------


def my_profile(request):
    """The signed-in mentor's digital profile, trainings and portfolio (seed 000
    §4.2: mentors fill in the questionnaire themselves)."""
    mentor = _own_mentor(request)
    return render(request, "participants/my_profile.html", {
        "mentor": mentor, "participant": mentor.participant, "own": True,
    })


def my_profile_edit(request):
    mentor = _own_mentor(request)
    return _edit_mentor(request, mentor, own=True, back_url=reverse("participants:my_profile"))


def my_training_add(request):
    mentor = _own_mentor(request)
    return _add_training(request, mentor, own=True, back_url=reverse("participants:my_profile"))


def my_portfolio_add(request):
    mentor = _own_mentor(request)
    return _add_portfolio_item(request, mentor, own=True, back_url=reverse("participants:my_profile"))


# --- approval of the mentor base ----------------------------------------------------


@permission_required("participants.approve_mentors", raise_exception=True)
def mentor_approval(request):
    """«Утверждение базы наставников» (seed 000 §4.1): candidates with consent to
    the processing of personal data, chosen with checkboxes and approved by the
    number and date of the director's order."""
    mentors = Mentor.objects.filter(
        participant__in=participants_visible_to(request.user)
    ).select_related("participant")
    candidates = mentors.filter(status=MentorStatus.CANDIDATE).order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    )
    form = MentorApprovalForm(request.POST or None, candidates=mentors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approved = approve_mentors(data["mentors"], order_number=data["order_number"],
                                       order_date=data["order_date"], actor=request.user)
        except ProfileError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _(
                "%(count)s mentor(s) approved by order № %(number)s of %(date)s."
            ) % {"count": len(approved), "number": data["order_number"],
                 "date": data["order_date"].strftime("%d.%m.%Y")})
            return redirect("participants:mentor_approval")
    query = request.GET.get("q", "").strip()
    listed = candidates.filter(participant__consent_status=ConsentStatus.GIVEN)
    return render(request, "participants/mentor_approval.html", {
        "form": form,
        "query": query,
        "page": page_of(request, listed.filter(name_search_q(query, "participant__"))),
        "without_consent": candidates.exclude(participant__consent_status=ConsentStatus.GIVEN).count(),
        "chosen": {str(pk) for pk in request.POST.getlist("mentors")},
    })


# --- the mentee's profile and requests ----------------------------------------------


def mentee_edit(request, pk: int):
    """The mentee's category of need and the status moves a curator makes by hand
    (participant key)."""
    participant = _editable_participant(request, pk)
    mentee = _profile_or_404(participant, "mentee_profile")
    statuses = [mentee.status, *allowed_mentee_moves(mentee)]
    form = MenteeProfileForm(
        request.POST or None, statuses=statuses,
        initial={"need_category": mentee.need_category, "status": mentee.status},
    )

    @transaction.atomic  # both or neither
    def save(data):
        update_mentee_profile(mentee, need_category=data["need_category"], actor=request.user)
        set_mentee_status(mentee, data["status"], actor=request.user)

    return _service_form(
        request, form, save=save, done=_("The mentee's profile is saved."),
        back_url=reverse("participants:participant_detail", args=[pk]),
        participant=participant, base="mentees", title=_("Mentee's status and category"),
    )


def request_add(request, pk: int):
    """Add a request to the mentee ``pk`` (a participant key)."""
    participant = _editable_participant(request, pk)
    mentee = _profile_or_404(participant, "mentee_profile")
    return _service_form(
        request, MenteeRequestForm(request.POST or None),
        save=lambda data: add_mentee_request(mentee, actor=request.user, **data),
        done=_("The request is added."),
        back_url=reverse("participants:participant_detail", args=[pk]),
        participant=participant, base="mentees", title=_("Add a request"),
    )


def _editable_request(request, pk: int) -> MenteeRequest:
    item = get_object_or_404(
        MenteeRequest.objects.select_related("mentee__participant__organization"),
        pk=pk, mentee__participant__in=participants_visible_to(request.user),
    )
    if not request.user.has_perm(EDIT):
        raise PermissionDenied
    return item


def request_edit(request, pk: int):
    """Change a mentee's request (a request key)."""
    item = _editable_request(request, pk)
    return _service_form(
        request,
        MenteeRequestForm(request.POST or None, initial={"text": item.text, "category": item.category}),
        save=lambda data: update_mentee_request(item, actor=request.user, **data),
        done=_("The request is saved."),
        back_url=reverse("participants:participant_detail", args=[item.mentee.participant_id]),
        participant=item.mentee.participant, base="mentees", title=_("Edit the request"),
    )


@require_POST
def request_delete(request, pk: int):
    """Delete a mentee's request (a request key)."""
    item = _editable_request(request, pk)
    participant_id = item.mentee.participant_id
    remove_mentee_request(item, actor=request.user)
    messages.success(request, _("The request is deleted."))
    return redirect("participants:participant_detail", pk=participant_id)


urlpatterns = [
    path("mentors/approval/", mentor_approval, name="mentor_approval"),
    path("me/", my_profile, name="my_profile"),
    path("me/edit/", my_profile_edit, name="my_profile_edit"),
    path("me/trainings/add/", my_training_add, name="my_training_add"),
    path("me/portfolio/add/", my_portfolio_add, name="my_portfolio_add"),
    path("<int:pk>/mentor/edit/", mentor_edit, name="mentor_edit"),
    path("<int:pk>/mentor/trainings/add/", training_add, name="training_add"),
    path("<int:pk>/mentor/portfolio/add/", portfolio_add, name="portfolio_add"),
    path("<int:pk>/mentee/edit/", mentee_edit, name="mentee_edit"),
    path("<int:pk>/mentee/requests/add/", request_add, name="request_add"),
    path("trainings/<int:pk>/certificate/", training_certificate, name="training_certificate"),
    path("trainings/<int:pk>/delete/", training_delete, name="training_delete"),
    path("portfolio/<int:pk>/file/", portfolio_file, name="portfolio_file"),
    path("portfolio/<int:pk>/delete/", portfolio_delete, name="portfolio_delete"),
    path("requests/<int:pk>/edit/", request_edit, name="request_edit"),
    path("requests/<int:pk>/delete/", request_delete, name="request_delete"),
]

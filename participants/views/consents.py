"""Consents to the processing of personal data (152-ФЗ): recording,
withdrawal with anonymisation, printable forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.pages import file_response, stored_file_response
from mentoring.permissions import object_permission_required
from mentoring.selectors import staff_organization_of
from pairs.selectors import open_pairs_of_participant

from ..enums import BatchStatus, ConsentStatus
from ..errors import ConsentError
from ..forms.consents import ConsentForm, ConsentFormsGroupForm, ConsentWithdrawForm
from ..models import Consent, ConsentFormsBatch
from ..selectors import get_participant_for_user, participants_visible_to, study_groups
from ..services.consent_batches import GroupFormsRefused, request_consent_forms
from ..services.consents import (
    MAX_FORMS_PER_PDF,
    consent_form_page,
    record_consent,
    render_consent_forms,
    status_after_withdrawal,
    withdraw_consent,
)

PDF = "application/pdf"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, content_type=PDF, filename=filename, inline=True)


def _may_record(request) -> None:
    if not request.user.has_perm("participants.record_consent"):
        raise PermissionDenied


def consent_create(request, pk: int):
    """Record a consent (GET: the form on its own page; POST: record it and go
    back to the card, or show the form again with the reasons).

    404 for a participant the user may not see; 403 for one they may see but
    whose consents they may not record (a director)."""
    participant = get_participant_for_user(request.user, pk)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    _may_record(request)
    if participant.anonymised_at is not None:
        messages.error(request, _(
            "The personal data of this participant were anonymised after the consent was "
            "withdrawn; a new consent is recorded for a newly added participant."
        ))
        return redirect("participants:participant_detail", pk=participant.pk)
    if request.method == "POST":
        form = ConsentForm(request.POST, participant=participant)
        if form.is_valid():
            try:
                record_consent(participant, actor=request.user, **form.cleaned_data)
            except ConsentError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("participants:participant_detail", pk=participant.pk)
    else:
        form = ConsentForm(participant=participant)
    return render(request, "participants/consent_create.html", {
        "participant": participant, "form": form,
    })


def consent_withdraw(request, pk: int):
    """Withdraw consent ``pk`` (GET: a page with the consequences and the form;
    POST: withdraw it). When no consent that counts remains, the person's data
    are anonymised at once (``services.consents.anonymise_participant``).

    404 for a consent of a participant the user may not see; 403 for a user
    who may see but not change consents (a director)."""
    consent = get_object_or_404(
        Consent.objects.select_related("participant", "participant__organization", "recorded_by")
        .filter(participant__in=participants_visible_to(request.user)),
        pk=pk,
    )
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    _may_record(request)
    participant = consent.participant
    if consent.withdrawn_on is not None:
        messages.info(request, _("This consent has already been withdrawn."))
        return redirect("participants:participant_detail", pk=participant.pk)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_consent(
                consent, withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"], actor=request.user,
            )
        except ConsentError as exc:
            form.add_error(None, exc.message)
        else:
            participant.refresh_from_db()
            if participant.anonymised_at is not None:
                messages.success(request, _(
                    "The consent is withdrawn. The participant's personal data are anonymised "
                    "and the erasure is logged."
                ))
            else:
                messages.success(request, _("The consent is withdrawn."))
            return redirect("participants:participant_detail", pk=participant.pk)
    anonymises = status_after_withdrawal(consent) != ConsentStatus.GIVEN
    open_pairs = (
        open_pairs_of_participant(participant).select_related("form", "kind") if anonymises else []
    )
    return render(request, "participants/consent_withdraw.html", {
        "participant": participant,
        "consent": consent,
        "form": form,
        "anonymises": anonymises,
        "open_pairs": open_pairs,
    })


@object_permission_required("participants.view_bases")
def consent_form_pdf(request, pk: int):
    """The printable consent form of participant ``pk`` (A4 PDF, Russian): the
    legal representative's form for a minor. Programme staff of the
    organisation; 404 for everybody else."""
    participant = get_participant_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if participant.anonymised_at is not None:
        messages.error(request, _(
            "The personal data of this participant are anonymised: there is no consent form "
            "to print."
        ))
        return redirect("participants:participant_detail", pk=participant.pk)
    content = render_consent_forms(
        participant.organization,
        [consent_form_page(participant, organization=participant.organization)],
    )
    return _pdf_response(content, f"soglasie-{participant.pk}.pdf")


@permission_required("participants.view_bases", raise_exception=True)
def consent_forms(request):
    """Consent forms to print for a whole study group, or empty ones.

    POST ``group=<study group>``: queue one PDF with a form per participant of
    the group (by name; the representative's form for minors; anonymised
    people are not in any group), at most ``MAX_FORMS_PER_PDF``, rendered by
    the worker (about 13 s for 300), and go to the batch's page. GET
    ``?blank=self`` or ``?blank=representative``: one empty form at once.
    Otherwise (or for an unknown or empty group, too many people, or no
    broker) the page to choose, with the reason; nothing is written then."""
    organization = staff_organization_of(request.user)
    groups = study_groups(request.user)
    group = (request.POST.get("group") or request.GET.get("group", "")).strip()
    blank = request.GET.get("blank", "")
    problem = None
    status = 200
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET" and blank in ("self", "representative") and organization is not None:
        content = render_consent_forms(organization, [
            consent_form_page(None, organization=organization, representative=blank == "representative")
        ])
        return _pdf_response(content, f"soglasie-blank-{blank}.pdf")
    if request.method == "POST":
        try:
            if organization is None:
                raise GroupFormsRefused(_(
                    "There is nobody in the study group «%(group)s» of your organisation."
                ) % {"group": group}, not_found=True)
            batch = request_consent_forms(organization=organization, group=group, actor=request.user)
        except BackgroundUnavailable as exc:
            problem, status = exc.message, 503
        except GroupFormsRefused as exc:
            problem, status = exc.message, 404 if exc.not_found else 200
        else:
            return redirect("participants:consent_forms_batch", pk=batch.pk)
    form = ConsentFormsGroupForm(
        initial={"group": group} if group in groups else None, groups=groups
    )
    return render(request, "participants/consent_forms.html", {
        "form": form, "groups": groups, "problem": problem, "group": group,
        "max_forms": MAX_FORMS_PER_PDF,
    }, status=status)


def _batch_or_404(request, pk: int) -> ConsentFormsBatch:
    """Batch ``pk`` of the user's organisation; 404 for anybody who may not see
    the bases and for another organisation's batch."""
    organization = staff_organization_of(request.user)
    if organization is None:
        raise Http404
    return get_object_or_404(
        ConsentFormsBatch.objects.select_related("organization", "requested_by"),
        organization=organization, pk=pk,
    )


@object_permission_required("participants.view_bases")
def consent_forms_batch(request, pk: int):
    """The page of a group's consent forms: «being prepared» (the status polled
    every 2 s), then the download link, or the error."""
    batch = _batch_or_404(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "participants/consent_forms_batch.html", {"batch": batch})


@object_permission_required("participants.view_bases")
def consent_forms_batch_status(request, pk: int):
    """htmx fragment polled while batch ``pk`` is queued or running; once it is
    over, an empty answer with ``HX-Refresh`` reloads the batch page."""
    batch = _batch_or_404(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if not batch.active:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "participants/includes/consent_forms_progress.html", {"batch": batch})


@object_permission_required("participants.view_bases")
def consent_forms_batch_download(request, pk: int):
    """The batch's PDF as an attachment (no-store); 404 while there is none."""
    batch = _batch_or_404(request, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if batch.status != BatchStatus.DONE:
        raise Http404
    return stored_file_response(batch.file, "soglasiya-gruppa.pdf", PDF)


urlpatterns = [
    path("consents/<int:pk>/withdraw/", consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/consent-form.pdf", consent_form_pdf, name="consent_form_pdf"),
    path("consent-forms/", consent_forms, name="consent_forms"),
    path("consent-forms/<int:pk>/", consent_forms_batch, name="consent_forms_batch"),
    path("consent-forms/<int:pk>/status/", consent_forms_batch_status,
         name="consent_forms_batch_status"),
    path("consent-forms/<int:pk>/forms.pdf", consent_forms_batch_download,
         name="consent_forms_batch_download"),
]

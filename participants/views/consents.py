"""Consents to the processing of personal data (152-ФЗ): recording,
withdrawal with anonymisation, printable forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.pages import file_response
from mentoring.permissions import object_permission_required
from mentoring.selectors import staff_organization_of
from pairs.selectors import open_pairs_of_participant

from ..enums import ConsentStatus
from ..errors import ConsentError
from ..forms.consents import ConsentForm, ConsentFormsGroupForm, ConsentWithdrawForm
from ..models import Consent
from ..selectors import get_participant_for_user, participants_visible_to, study_groups
from ..services.consents import (
    MAX_FORMS_PER_PDF,
    consent_form_page,
    consent_form_pages,
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

    ``?group=<study group>``: one PDF with a form per participant of the group
    (by name; the representative's form for minors; anonymised people are
    not in any group), at most ``MAX_FORMS_PER_PDF``. ``?blank=self`` or
    ``?blank=representative``: one empty form. Otherwise (or for an unknown or
    empty group, or too many people) a page to choose, with the reason.

    Rendered in the request (issue 13 review): one form takes about 0.4 s, a
    group of 30 about 1.3 s, but the largest allowed group (300) about 13 s —
    moving the group PDF to a job needs a job row (a participants migration)
    and is left for later."""
    organization = staff_organization_of(request.user)
    groups = study_groups(request.user)
    group = request.GET.get("group", "").strip()
    blank = request.GET.get("blank", "")
    problem = None
    status = 200
    if blank in ("self", "representative") and organization is not None:
        content = render_consent_forms(organization, [
            consent_form_page(None, organization=organization, representative=blank == "representative")
        ])
        return _pdf_response(content, f"soglasie-blank-{blank}.pdf")
    if group:
        people = list(
            participants_visible_to(request.user)
            .filter(study_group=group, anonymised_at__isnull=True)
            .order_by("surname", "name", "patronymic", "pk")[: MAX_FORMS_PER_PDF + 1]
        )
        if not people:
            problem = _("There is nobody in the study group «%(group)s» of your organisation.") % {
                "group": group
            }
            status = 404
        elif len(people) > MAX_FORMS_PER_PDF:
            problem = _(
                "The group «%(group)s» has more than %(max)d people: the forms cannot be printed "
                "in one file."
            ) % {"group": group, "max": MAX_FORMS_PER_PDF}
        else:
            content = render_consent_forms(
                organization,
                consent_form_pages(people, organization=organization),
            )
            return _pdf_response(content, "soglasiya-gruppa.pdf")
    form = ConsentFormsGroupForm(
        initial={"group": group} if group in groups else None, groups=groups
    )
    return render(request, "participants/consent_forms.html", {
        "form": form, "groups": groups, "problem": problem, "group": group,
        "max_forms": MAX_FORMS_PER_PDF,
    }, status=status)


urlpatterns = [
    path("consents/<int:pk>/withdraw/", consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/consent-form.pdf", consent_form_pdf, name="consent_form_pdf"),
    path("consent-forms/", consent_forms, name="consent_forms"),
]

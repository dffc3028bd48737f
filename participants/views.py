"""Pages of the participant bases: applicant-list import with preview, the
mentor and mentee bases, a participant's card (seed 000 stages 2–3)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.enums import ParticipantCategory, Role
from mentoring.selectors import organization_of

from .enums import ConsentStatus, ImportStatus
from .errors import ConsentError, ImportRefused
from .filters import MenteeFilter, MentorFilter
from .forms import ConsentForm, ImportUploadForm
from .selectors import (
    get_import_for_user,
    get_participant_for_user,
    imports_visible_to,
    mentees_visible_to,
    mentors_visible_to,
)
from .services.consents import record_consent
from .services.importing import apply_import, preview_import

RECENT_IMPORTS = 10
ACTION_LABELS = {
    "create": gettext_lazy("new entry"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


def _page(request, items):
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


@permission_required("participants.import_applicants", raise_exception=True)
def import_upload(request):
    """Upload an applicant list; a valid file goes to its preview page."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    organization = organization_of(request.user)
    if request.method == "POST" and form.is_valid() and organization is None:
        form.add_error("file", _("You are not a member of any organisation: there is no base to import into."))
    elif request.method == "POST" and form.is_valid():
        try:
            applicant_import = preview_import(
                organization=organization,
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ImportRefused as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("participants:import_detail", pk=applicant_import.pk)
    recent = imports_visible_to(request.user)[:RECENT_IMPORTS]
    return render(request, "participants/import_upload.html", {"form": form, "recent": recent})


@object_permission_required("participants.import_applicants")
def import_detail(request, pk: int):
    """The preview of an import (counts, rows, errors) and its confirmation."""
    applicant_import = get_import_for_user(request.user, pk)
    if request.method == "POST":
        try:
            apply_import(applicant_import, actor=request.user)
        except ImportRefused as exc:
            messages.error(request, exc.message)
        else:
            counts = applicant_import.report.get("counts", {})
            messages.success(request, _(
                "The list is imported: %(create)s new, %(update)s updated, %(unchanged)s unchanged."
            ) % {k: counts.get(k, 0) for k in ("create", "update", "unchanged")})
        return redirect("participants:import_detail", pk=applicant_import.pk)
    report = applicant_import.report
    categories = dict(ParticipantCategory.choices)
    consents = dict(ConsentStatus.choices)
    roles = {Role.MENTOR: _("mentor"), Role.MENTEE: _("mentee")}
    rows = [
        {
            **row,
            "action_label": ACTION_LABELS.get(row["action"], row["action"]),
            "category_label": categories.get(row["category"], row["category"]),
            "role_label": roles.get(row["role"], row["role"]),
            "consent_label": consents.get(row["consent"], row["consent"]),
        }
        for row in report.get("rows", [])
    ]
    return render(request, "participants/import_detail.html", {
        "import": applicant_import,
        "counts": report.get("counts", {}),
        "page": _page(request, rows),
        "errors": report.get("errors", []),
        "can_apply": applicant_import.status == ImportStatus.PREVIEW and not report.get("errors"),
        "applied": applicant_import.status == ImportStatus.APPLIED,
    })


def _base_page(request, queryset, filter_class, template: str):
    """A base as a page: ``filter_class`` search and filters over ``queryset``
    ordered by name, paginated."""
    queryset = queryset.order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    )
    filterset = filter_class(request.GET or None, queryset=queryset, user=request.user)
    return render(request, template, {
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "filtered": any(request.GET.get(k) for k in filterset.filters),
    })


@permission_required("participants.view_bases", raise_exception=True)
def mentor_list(request):
    """The mentor base: search, filters, pages."""
    return _base_page(
        request, mentors_visible_to(request.user), MentorFilter, "participants/mentor_list.html"
    )


@permission_required("participants.view_bases", raise_exception=True)
def mentee_list(request):
    """The mentee base: search, filters, pages."""
    return _base_page(
        request, mentees_visible_to(request.user), MenteeFilter, "participants/mentee_list.html"
    )


@object_permission_required("participants.view_bases")
def participant_detail(request, pk: int):
    """A participant's card: profile, consents, mentor/mentee profile, pairs."""
    participant = get_participant_for_user(request.user, pk)
    mentor = _profile(participant, "mentor_profile")
    mentee = _profile(participant, "mentee_profile")
    mentor_pairs = (
        mentor.pairs.select_related("form", "kind", "academic_year")
        .prefetch_related("mentees__participant") if mentor else []
    )
    mentee_pairs = (
        mentee.pairs.select_related("form", "kind", "academic_year", "mentor__participant")
        if mentee else []
    )
    can_record = request.user.has_perm("participants.record_consent")
    return render(request, "participants/participant_detail.html", {
        "participant": participant,
        "mentor": mentor,
        "mentee": mentee,
        "mentor_pairs": mentor_pairs,
        "mentee_pairs": mentee_pairs,
        "consent_form": ConsentForm() if can_record else None,
    })


@require_POST
def consent_create(request, pk: int):
    """Record a consent received on paper, e.g. a legal representative's.

    404 for a participant the user may not see; 403 for one they may see but
    whose consents they may not record (a director)."""
    participant = get_participant_for_user(request.user, pk)
    if not request.user.has_perm("participants.record_consent"):
        raise PermissionDenied
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            record_consent(participant, actor=request.user, **form.cleaned_data)
        except ConsentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The consent is recorded."))
    else:
        messages.error(request, _("The consent was not recorded: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)
        })
    return redirect("participants:participant_detail", pk=participant.pk)


def _profile(participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None

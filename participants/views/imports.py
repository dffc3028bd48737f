"""Applicant-list import: upload, background check, column mapping, preview,
confirmation (seed 000 stages 2–3)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules.contrib.views import permission_required

from mentoring.enums import ParticipantCategory, Role
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_of

from ..enums import ConsentStatus, ImportStatus
from ..errors import ImportRefused
from ..forms import ImportUploadForm
from ..selectors import get_import_for_user, imports_visible_to
from ..services.importing import apply_import, preview_import
from .common import page_of

RECENT_IMPORTS = 10
ACTION_LABELS = {
    "create": gettext_lazy("new entry"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


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
        "page": page_of(request, rows),
        "errors": report.get("errors", []),
        "can_apply": applicant_import.status == ImportStatus.PREVIEW and not report.get("errors"),
        "applied": applicant_import.status == ImportStatus.APPLIED,
    })


urlpatterns = []

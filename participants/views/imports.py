"""Applicant-list import: upload, background check with progress, manual
column mapping, preview, confirmation, error list as a workbook (seed 000
stages 2–3; issue 3)."""

from django.conf import settings
from django.contrib import messages
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules.contrib.views import permission_required

from mentoring.enums import ParticipantCategory, Role
from mentoring.jobs import BackgroundUnavailable
from mentoring.uploads import upload_too_large_message
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_of

from ..enums import IMPORT_RUNNING, ConsentStatus, ImportStatus
from ..errors import ImportRefused
from ..forms import ImportUploadForm
from ..forms.imports import ColumnMappingForm, column_letter
from ..selectors import get_import_for_user, imports_visible_to
from ..services.importing import (
    errors_workbook,
    import_progress,
    mapping_choices,
    queue_apply,
    set_mapping,
    upload_import,
)
from mentoring.pages import file_response, page_of


RECENT_IMPORTS = 10
ERRORS_SHOWN = 500  # on the page; the workbook holds them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_LABELS = {
    "create": gettext_lazy("new entry"),
    "update": gettext_lazy("update"),
    "unchanged": gettext_lazy("unchanged"),
}


@permission_required("participants.import_applicants", raise_exception=True)
def import_upload(request):
    """Upload an applicant list; an accepted file goes to its import page, where
    the check runs in the background."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    organization = organization_of(request.user)
    if request.method == "POST" and getattr(request, "upload_too_large", None):
        # the handler skipped the file while it arrived (mentoring/uploads.py)
        form = ImportUploadForm(data={}, files={})
        form.is_valid()
        form.errors["file"] = form.error_class(
            [upload_too_large_message(settings.IMPORT_MAX_UPLOAD_BYTES)]
        )
    elif request.method == "POST" and form.is_valid() and organization is None:
        form.add_error("file", _("You are not a member of any organisation: there is no base to import into."))
    elif request.method == "POST" and form.is_valid():
        try:
            applicant_import = upload_import(
                organization=organization,
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except (ImportRefused, BackgroundUnavailable) as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("participants:import_detail", pk=applicant_import.pk)
    # the counts only, not each import's whole report (tens of MB for a large list)
    recent = (
        imports_visible_to(request.user)
        .defer("report")
        .annotate(
            created_count=KT("report__counts__create"), updated_count=KT("report__counts__update"),
            errors_count=KT("report__counts__errors"),
        )[:RECENT_IMPORTS]
    )
    return render(request, "participants/import_upload.html", {"form": form, "recent": recent})


@object_permission_required("participants.import_applicants")
def import_detail(request, pk: int):
    """The import's page: progress while it is checked or imported, the column
    mapping link, the preview (counts, rows, errors) and its confirmation (POST)."""
    applicant_import = get_import_for_user(request.user, pk)
    if request.method == "POST":
        try:
            queue_apply(applicant_import, actor=request.user)
        except (ImportRefused, BackgroundUnavailable) as exc:
            messages.error(request, exc.message)
        applicant_import.refresh_from_db(fields=["status"])
        if applicant_import.status == ImportStatus.APPLIED:  # the job ran at once (no worker)
            return redirect(applicant_import.get_absolute_url() + "?done=1")
        return redirect("participants:import_detail", pk=applicant_import.pk)
    if applicant_import.status == ImportStatus.APPLIED and request.GET.get("done"):
        counts = applicant_import.report.get("counts", {})
        messages.success(request, _(
            "The list is imported: %(create)s new, %(update)s updated, %(unchanged)s unchanged."
        ) % {k: counts.get(k, 0) for k in ("create", "update", "unchanged")})
    report = applicant_import.report
    categories = dict(ParticipantCategory.choices)
    consents = dict(ConsentStatus.choices)
    roles = {Role.MENTOR: _("mentor"), Role.MENTEE: _("mentee")}
    page = page_of(request, report.get("rows", []))
    page.object_list = [
        {
            **row,
            "action_label": ACTION_LABELS.get(row["action"], row["action"]),
            "category_label": categories.get(row["category"], row["category"]),
            "role_label": roles.get(row["role"], row["role"]),
            "consent_label": consents.get(row["consent"], row["consent"]),
        }
        for row in page.object_list
    ]
    errors = report.get("errors", [])
    return render(request, "participants/import_detail.html", {
        "import": applicant_import,
        "running": applicant_import.status in IMPORT_RUNNING,
        "progress": import_progress(applicant_import),
        "counts": report.get("counts", {}),
        "page": page,
        "errors": errors[:ERRORS_SHOWN],
        "errors_total": len(errors),
        "can_apply": applicant_import.status == ImportStatus.PREVIEW and not errors,
        "can_map": applicant_import.status in (
            ImportStatus.NEEDS_MAPPING, ImportStatus.PREVIEW, ImportStatus.REFUSED),
        "applied": applicant_import.status == ImportStatus.APPLIED,
    })


@object_permission_required("participants.import_applicants")
def import_status(request, pk: int):
    """The progress fragment polled by htmx while a job runs; once the job is
    over it tells htmx to reload the whole page (HX-Refresh)."""
    applicant_import = get_import_for_user(request.user, pk)
    if applicant_import.status not in IMPORT_RUNNING:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = applicant_import.get_absolute_url() + (
            "?done=1" if applicant_import.status == ImportStatus.APPLIED else "")
        return response
    return render(request, "participants/includes/import_progress.html", {
        "import": applicant_import, "progress": import_progress(applicant_import),
    })


@object_permission_required("participants.import_applicants")
def import_mapping(request, pk: int):
    """Map the file's columns to the fields by hand (the header was not
    recognised, or the curator corrects it) and optionally save the mapping."""
    applicant_import = get_import_for_user(request.user, pk)
    try:
        choices = mapping_choices(applicant_import)
    except ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect("participants:import_detail", pk=applicant_import.pk)
    form = ColumnMappingForm(
        request.POST or None,
        rows=choices["rows"], width=choices["width"], fields=choices["fields"],
        initial_columns=choices["columns"], header_row=choices["header_row"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_mapping(
                applicant_import,
                header_row=form.cleaned_data["header_row"],
                columns=form.cleaned_data["columns"],
                remember_as=form.cleaned_data["remember_as"],
                actor=request.user,
            )
        except (ImportRefused, BackgroundUnavailable) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The columns are mapped; the list is being checked again."))
            return redirect("participants:import_detail", pk=applicant_import.pk)
    return render(request, "participants/import_mapping.html", {
        "import": applicant_import, "form": form, "rows": choices["rows"],
        "letters": [column_letter(i) for i in range(choices["width"])],
    })


@object_permission_required("participants.import_applicants")
def import_errors(request, pk: int):
    """The rows with errors and their reasons as an .xlsx to correct and upload again."""
    applicant_import = get_import_for_user(request.user, pk)
    if not applicant_import.errors:
        messages.info(request, _("This list has no errors."))
        return redirect("participants:import_detail", pk=applicant_import.pk)
    try:
        content = errors_workbook(applicant_import)
    except ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect("participants:import_detail", pk=applicant_import.pk)
    stem = applicant_import.original_name.rsplit(".", 1)[0]
    return file_response(content, content_type=XLSX, filename=f"{stem} — ошибки.xlsx")


urlpatterns = [
    path("import/<int:pk>/status/", import_status, name="import_status"),
    path("import/<int:pk>/columns/", import_mapping, name="import_mapping"),
    path("import/<int:pk>/errors.xlsx", import_errors, name="import_errors"),
]

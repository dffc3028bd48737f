"""The report job pages: list, build, status, download (seed 000 §9 stage 7)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.models import AcademicYear
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_or_404
from mentoring.services import log_action

from .. import selectors
from ..enums import ReportKind
from ..forms_reports import ReportBuildForm
from ..renderers.base import PDF, XLSX
from ..services.annual import ReportError, request_report, set_report_published
from mentoring.pages import page_of, stored_file_response

DOWNLOAD_TYPES = {"pdf": PDF, "xlsx": XLSX}


# --- reports --------------------------------------------------------------------------


@permission_required("reports.view_reports", raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    """Built and queued reports of the organisation, newest first, each with a
    self-updating status; a form to build the annual report."""
    organization_or_404(request.user)
    page = page_of(request, selectors.reports_visible_to(request.user))
    may_build = request.user.has_perm("reports.build_reports")
    form = ReportBuildForm(initial={"academic_year": AcademicYear.current()}) if may_build else None
    return render(request, "reports/report_list.html", {
        "page": page, "form": form, "may_build": may_build,
        "may_publish": request.user.has_perm("reports.publish_reports"),
    })


@require_POST
@permission_required("reports.build_reports", raise_exception=True)
def report_create(request: HttpRequest) -> HttpResponse:
    """Queue the report of the chosen kind and year: the first time it is
    created, later it is rebuilt in place; one already being built is not queued
    twice."""
    organization = organization_or_404(request.user)
    form = ReportBuildForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the academic year and the report to build."))
        return redirect("reports:report_list")
    year, kind = form.cleaned_data["academic_year"], form.cleaned_data["kind"]
    already = selectors.active_report(organization, year, kind)
    try:
        request_report(organization=organization, academic_year=year, kind=kind, actor=request.user)
    except BackgroundUnavailable as error:
        messages.error(request, error.message)
        return redirect("reports:report_list")
    label = {"kind": ReportKind(kind).label, "year": year.title}
    if already is not None:
        messages.info(request, _("«%(kind)s» for %(year)s is already being built.") % label)
    else:
        messages.success(request, _("«%(kind)s» for %(year)s is queued.") % label)
    return redirect("reports:report_list")


@object_permission_required("reports.view_reports")
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment of one report (the list page polls it with htmx)."""
    report = selectors.get_report_for_user(request.user, pk)
    return render(request, "reports/includes/report_status.html", {
        "report": report, "may_build": request.user.has_perm("reports.build_reports"),
    })


def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """A built report's PDF or XLSX as an attachment, for the organisation's
    programme staff; 404 for everybody else, an unknown format or a missing file.
    The files of the last successful build stay downloadable while the report is
    rebuilt or after a failed rebuild. Downloads are audited (personal data)."""
    report = selectors.get_report_for_user(request.user, pk)
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    field_file = getattr(report, fmt)
    if not field_file:
        raise Http404
    filename = "{kind}-{year}.{fmt}".format(
        kind=report.kind, year=report.academic_year.title.replace("/", "-"), fmt=fmt
    )
    response = stored_file_response(field_file, filename, DOWNLOAD_TYPES[fmt])
    log_action("reports.report.downloaded", actor=request.user, organization=report.organization,
               obj=report, data={"format": fmt})
    return response



@require_POST
@object_permission_required("reports.publish_reports")
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a built report for publication on the website, or take the mark off
    (``published`` in the POST: "1" marks, anything else unmarks). 404 for a
    report of another organisation."""
    report = selectors.get_report_for_user(request.user, pk)
    published = request.POST.get("published") == "1"
    label = {"kind": report.get_kind_display(), "year": report.academic_year.title}
    try:
        set_report_published(report, actor=request.user, published=published)
    except ReportError as refused:
        messages.error(request, str(refused))
    else:
        if published:
            messages.success(request, _("«%(kind)s» for %(year)s is marked for publication.") % label)
        else:
            messages.success(request, _("«%(kind)s» for %(year)s is no longer marked for publication.") % label)
    return redirect("reports:report_list")

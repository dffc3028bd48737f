"""Indicators against targets, head counts, the report job pages and the order
register (seed 000 §7, §9 stage 7)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.models import AcademicYear
from mentoring.selectors import organization_or_404
from mentoring.services import log_action

from . import selectors
from .enums import JobStatus, ReportKind
from .filters import OrderFilter
from .forms import HeadCountForm, ReportRequestForm
from .models import HeadCount
from .renderers.base import PDF, XLSX
from .services.annual import request_report
from .services.indicators import ensure_indicators, indicator_table, set_head_counts

DOWNLOAD_TYPES = {"pdf": PDF, "xlsx": XLSX}


def _year(request: HttpRequest) -> AcademicYear:
    """The academic year chosen with ``?year=<pk>``, else the current one."""
    pk = request.GET.get("year", "")
    if pk.isdigit():
        year = AcademicYear.objects.filter(pk=pk).first()
        if year is not None:
            return year
    return AcademicYear.current()


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


# --- indicators ---------------------------------------------------------------------


@permission_required("reports.view_indicators", raise_exception=True)
def indicators(request: HttpRequest) -> HttpResponse:
    """The eight indicators of seed 000 §7 for a year: target, actual, met or not,
    how it is computed, and the targets of every year. About a dozen queries."""
    organization = organization_or_404(request.user)
    year = _year(request)
    target_years, targets = selectors.targets_by_year(organization)
    rows = [
        (row, [targets.get(row.indicator.pk, {}).get(y.pk) for y in target_years])
        for row in indicator_table(organization, year)
    ]
    return render(request, "reports/indicators.html", {
        "academic_year": year,
        "years": AcademicYear.objects.order_by("-starts_on"),
        "rows": rows,
        "target_years": target_years,
        "head_count": HeadCount.objects.filter(organization=organization, academic_year=year).first(),
        "has_targets": bool(targets),
        "may_edit": request.user.has_perm("reports.edit_headcounts"),
    })


@require_POST
@permission_required("reports.edit_headcounts", raise_exception=True)
def indicators_setup(request: HttpRequest) -> HttpResponse:
    """Create the seed's indicators and the organisation's targets (idempotent)."""
    ensure_indicators(organization=organization_or_404(request.user), actor=request.user)
    messages.success(request, _("The indicators and their targets for 2021/2022–2025/2026 are set up."))
    return redirect("reports:indicators")


@permission_required("reports.edit_headcounts", raise_exception=True)
def headcount_edit(request: HttpRequest) -> HttpResponse:
    """The year's four head counts (denominators of the share indicators)."""
    organization = organization_or_404(request.user)
    year = _year(request)
    head_count = HeadCount.objects.filter(organization=organization, academic_year=year).first()
    form = HeadCountForm(request.POST or None, head_count=head_count)
    if request.method == "POST" and form.is_valid():
        set_head_counts(organization=organization, academic_year=year, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Head counts for %(year)s saved.") % {"year": year.title})
        return redirect(reverse("reports:indicators") + "?year=%d" % year.pk)
    return render(request, "reports/headcount_form.html", {
        "form": form, "academic_year": year, "head_count": head_count,
    })


# --- reports --------------------------------------------------------------------------


@permission_required("reports.view_reports", raise_exception=True)
def report_list(request: HttpRequest) -> HttpResponse:
    """Built and queued reports of the organisation, newest first, each with a
    self-updating status; a form to build the annual report."""
    organization_or_404(request.user)
    page = _page(request, selectors.reports_visible_to(request.user))
    may_build = request.user.has_perm("reports.build_reports")
    form = ReportRequestForm(initial={"academic_year": AcademicYear.current()}) if may_build else None
    return render(request, "reports/report_list.html", {"page": page, "form": form})


@require_POST
@permission_required("reports.build_reports", raise_exception=True)
def report_create(request: HttpRequest) -> HttpResponse:
    """Queue a report (annual by default) for the chosen year; a report of the
    same year and kind that is already being built is not queued twice."""
    organization = organization_or_404(request.user)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the academic year of the report."))
        return redirect("reports:report_list")
    year, kind = form.cleaned_data["academic_year"], form.cleaned_data["kind"]
    already = selectors.active_report(organization, year, kind)
    request_report(organization=organization, academic_year=year, kind=kind, actor=request.user)
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
    return render(request, "reports/includes/report_status.html", {"report": report})


def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """A built report's PDF or XLSX as an attachment, for the organisation's
    programme staff; 404 for everybody else, an unknown format or a missing file.
    Downloads are audited (the files hold personal data)."""
    report = selectors.get_report_for_user(request.user, pk)
    if fmt not in DOWNLOAD_TYPES or report.status != JobStatus.DONE:
        raise Http404
    field_file = getattr(report, fmt)
    filename = "{kind}-{year}.{fmt}".format(
        kind=report.kind, year=report.academic_year.title.replace("/", "-"), fmt=fmt
    )
    response = _file_response(field_file, filename, DOWNLOAD_TYPES[fmt])
    log_action("reports.report.downloaded", actor=request.user, organization=report.organization,
               obj=report, data={"format": fmt})
    return response


def _file_response(field_file, filename: str, content_type: str) -> FileResponse:
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


# --- orders -----------------------------------------------------------------------------


@permission_required("reports.view_orders", raise_exception=True)
def order_list(request: HttpRequest) -> HttpResponse:
    """The order register: number, date, title, status, who signed, the PDF;
    filtered by kind, status, year and a search; paginated. Three queries."""
    organization_or_404(request.user)
    order_filter = OrderFilter(request.GET or None, queryset=selectors.orders_visible_to(request.user))
    page = _page(request, order_filter.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/order_list.html", {
        "filter": order_filter, "page": page, "query": query.urlencode(),
    })


def order_download(request: HttpRequest, pk: int) -> FileResponse:
    """An order's stored PDF as an attachment, for the organisation's programme
    staff; 404 for mentors, mentees, other organisations and while the PDF is
    not rendered yet."""
    order = selectors.get_order_for_user(request.user, pk)
    filename = "order-{number}-{date}.pdf".format(
        number=order.number, date=order.issued_on.strftime("%Y-%m-%d")
    )
    response = _file_response(order.file, filename, PDF)
    log_action("reports.order.downloaded", actor=request.user, organization=order.organization, obj=order)
    return response

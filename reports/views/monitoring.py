"""The territory's monitoring pages (seed 002 items 9, 12).

Territory curator: the campaigns (open one), a campaign's organisations with
their report status and the late ones flagged, «Напомнить», closing; an
organisation's report (figures only) to accept or return with a comment; the
territory report (build with progress, download). Organisation's programme
staff: their organisation's reports, the figures, «Пересчитать», the comment
and «Направить в управление образования». Objects outside the user's reach
answer 404 (selectors_monitoring).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.models import AcademicYear
from mentoring.pages import page_of, stored_file_response
from mentoring.permissions import object_permission_required
from mentoring.selectors import territory_of, territory_or_404
from mentoring.services import log_action

from .. import selectors_monitoring as selectors
from ..enums import CampaignStatus
from ..enums import MonitoringReportStatus as Status
from ..forms_monitoring import CampaignOpenForm, ReturnForm, SubmitForm
from ..renderers.base import PDF, XLSX
from ..renderers.territory import render_organization_xlsx
from ..services import monitoring as service
from ..services.annual import ReportError
from ..services.monitoring_figures import FORM_BUCKETS, figures_context
from ..services.territory_report import request_territory_report

DOWNLOAD_TYPES = {"pdf": PDF, "xlsx": XLSX}


# --- the territory curator ---------------------------------------------------------------


@permission_required("reports.run_monitoring", raise_exception=True)
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The territory's campaigns with their reports counted, and the form that
    opens a new one."""
    territory = territory_or_404(request.user)
    form = CampaignOpenForm(initial={"academic_year": AcademicYear.current()})
    return render(request, "reports/monitoring/campaign_list.html", {
        "territory": territory, "form": form,
        "page": page_of(request, selectors.campaigns_of(territory)),
    })


@require_POST
@permission_required("reports.run_monitoring", raise_exception=True)
def campaign_open(request: HttpRequest) -> HttpResponse:
    """Open a campaign: one report per organisation of the territory, computed."""
    territory = territory_or_404(request.user)
    form = CampaignOpenForm(request.POST)
    if form.is_valid():
        try:
            campaign = service.open_campaign(territory=territory, actor=request.user,
                                             **form.cleaned_data)
        except service.MonitoringError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The campaign is open: each organisation has its report to review and submit."))
            return redirect("monitoring:campaign_detail", campaign.pk)
    return render(request, "reports/monitoring/campaign_list.html", {
        "territory": territory, "form": form,
        "page": page_of(request, selectors.campaigns_of(territory)),
    }, status=400)


@object_permission_required("reports.run_monitoring")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Each organisation's report status, late ones flagged."""
    campaign = selectors.get_campaign_for_coordinator(request.user, pk)
    reports = selectors.campaign_reports(campaign)
    return render(request, "reports/monitoring/campaign_detail.html", {
        "campaign": campaign, "reports": reports,
        "late_count": sum(1 for r in reports if r.late),
        "is_open": campaign.status == CampaignStatus.OPEN,
        "territory_report": selectors.territory_report_of(campaign),
    })


@require_POST
@object_permission_required("reports.run_monitoring")
def campaign_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """«Напомнить»: e-mail the late organisations' curators (in the background)."""
    campaign = selectors.get_campaign_for_coordinator(request.user, pk)
    try:
        count = service.request_reminders(campaign, actor=request.user)
    except service.MonitoringError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Reminders to the curators of %(count)s late organisations are being sent (an organisation is reminded at most once a day).") % {"count": count})
    return redirect("monitoring:campaign_detail", campaign.pk)


@require_POST
@object_permission_required("reports.run_monitoring")
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_coordinator(request.user, pk)
    try:
        service.close_campaign(campaign, actor=request.user)
    except service.MonitoringError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("monitoring:campaign_detail", campaign.pk)


# --- an organisation's report: both sides ---------------------------------------------------


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's figures. The territory curator may accept or return a
    submitted report; the organisation's staff may recompute and submit a draft
    or a returned one."""
    report = selectors.get_monitoring_report_for_user(request.user, pk)
    is_territory = territory_of(request.user) is not None
    campaign_open_ = report.campaign.status == CampaignStatus.OPEN
    editable = campaign_open_ and report.status in service.EDITABLE
    may_submit = not is_territory and editable and request.user.has_perm("reports.submit_monitoring")
    return render(request, "reports/monitoring/report_detail.html", {
        "report": report, "campaign": report.campaign, "is_territory": is_territory,
        "figures": figures_context(report.data or {}),
        "late": service.is_late(report),
        "may_submit": may_submit,
        "may_review": is_territory and campaign_open_ and report.status == Status.SUBMITTED,
        "submit_form": SubmitForm(initial={"comment": report.curator_comment}),
        "return_form": ReturnForm(),
    })


@permission_required("reports.view_monitoring", raise_exception=True)
def own_reports(request: HttpRequest) -> HttpResponse:
    """The monitoring reports of the user's organisation, newest first."""
    return render(request, "reports/monitoring/own_reports.html", {
        "page": page_of(request, selectors.own_reports(request.user)),
    })


@require_POST
@object_permission_required("reports.submit_monitoring")
def report_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_own_report(request.user, pk)
    try:
        service.recompute_report(report, actor=request.user)
    except service.MonitoringError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The figures are computed again from the current data."))
    return redirect("monitoring:report", report.pk)


@require_POST
@object_permission_required("reports.submit_monitoring")
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_own_report(request.user, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment is too long."))
        return redirect("monitoring:report", report.pk)
    try:
        service.submit_report(report, actor=request.user, comment=form.cleaned_data["comment"])
    except service.MonitoringError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The report is sent to the education authority."))
    return redirect("monitoring:report", report.pk)


@require_POST
@object_permission_required("reports.run_monitoring")
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_territory_report(request.user, pk)
    try:
        service.accept_report(report, actor=request.user)
    except service.MonitoringError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The report of %(org)s is accepted.") % {"org": report.organization.short_name})
    return redirect("monitoring:campaign_detail", report.campaign_id)


@object_permission_required("reports.run_monitoring")
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form; POST: return the report with the (required) comment."""
    report = selectors.get_territory_report(request.user, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.return_report(report, actor=request.user, comment=form.cleaned_data["comment"])
        except service.MonitoringError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The report of %(org)s is returned for correction.") % {"org": report.organization.short_name})
            return redirect("monitoring:campaign_detail", report.campaign_id)
    return render(request, "reports/monitoring/report_return.html", {
        "report": report, "campaign": report.campaign, "form": form,
    }, status=400 if request.method == "POST" else 200)


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's report as XLSX (figures only), for its staff and the
    territory curator. Audited."""
    report = selectors.get_monitoring_report_for_user(request.user, pk)
    rendered = render_organization_xlsx(report)
    log_action("reports.monitoring.exported", actor=request.user,
               organization=report.organization, obj=report)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


# --- the territory report -------------------------------------------------------------------


@object_permission_required("reports.run_monitoring")
def territory_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's territory report: build it and watch the progress."""
    campaign = selectors.get_campaign_for_coordinator(request.user, pk)
    return render(request, "reports/monitoring/territory_report.html", {
        "campaign": campaign, "report": selectors.territory_report_of(campaign),
        "previous": selectors.previous_campaign(campaign), "forms": FORM_BUCKETS,
    })


@require_POST
@object_permission_required("reports.run_monitoring")
def territory_report_build(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.get_campaign_for_coordinator(request.user, pk)
    try:
        request_territory_report(campaign, actor=request.user)
    except BackgroundUnavailable as error:
        messages.error(request, error.message)
    except ReportError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The territory report is queued."))
    return redirect("monitoring:territory_report", campaign.pk)


@object_permission_required("reports.run_monitoring")
def territory_report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the page polls."""
    report = selectors.get_territory_job_for_user(request.user, pk)
    return render(request, "reports/monitoring/territory_report_status.html", {"report": report})


@object_permission_required("reports.run_monitoring")
def territory_report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    report = selectors.get_territory_job_for_user(request.user, pk)
    if fmt not in DOWNLOAD_TYPES or not getattr(report, fmt):
        raise Http404
    filename = "territory-monitoring-{period}-{year}.{fmt}".format(
        period=report.campaign.period, year=report.academic_year.title.replace("/", "-"), fmt=fmt,
    )
    log_action("reports.report.downloaded", actor=request.user, organization=report.organization,
               obj=report, data={"format": fmt})
    return stored_file_response(getattr(report, fmt), filename, DOWNLOAD_TYPES[fmt])


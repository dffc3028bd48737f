"""The territory's monitoring campaigns (seed 002 items 9 and 12: «2 раза в год
(декабрь, май)»).

The territory curator opens a campaign (period, academic year, deadline; one per
period and year): every school and college of the territory gets a
``MonitoringReport`` (draft) with its figures computed
(``monitoring_figures.compute_figures``). The organisation's curator or
director reviews the figures, may recompute them, and submits the report with
a comment; the territory accepts it or returns it with a required comment, and
a returned report is recomputed and submitted again. Reports not submitted by
the deadline are late: «Напомнить» and a daily beat task e-mail the late
organisations' curators, each organisation at most once a day
(``MonitoringReport.reminded_at``). Closing the campaign freezes it.

Report statuses: draft → submitted → accepted, or submitted → returned →
submitted … Every refused move raises :class:`MonitoringError` with a Russian
message and changes nothing. Every move is audited (``reports.monitoring.*``).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.jobs import enqueue_on_commit
from mentoring.models import AcademicYear, Membership, Territory
from mentoring.selectors import territory_organizations
from mentoring.services import log_action

from ..enums import CampaignStatus, MonitoringPeriod
from ..enums import MonitoringReportStatus as Status
from ..models import MonitoringCampaign, MonitoringReport
from .monitoring_figures import campaign_period, compute_figures

logger = logging.getLogger(__name__)

# Statuses in which the organisation still works on its report.
EDITABLE = (Status.DRAFT, Status.RETURNED)
# A report in one of these after the deadline is late.
LATE_STATUSES = EDITABLE


class MonitoringError(Exception):
    """A refused move; ``message`` is shown to the user as it is."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def _labels(campaign: MonitoringCampaign) -> dict:
    return {"period": campaign.get_period_display(), "year": campaign.academic_year.title}


def open_campaign(
    *, territory: Territory, academic_year: AcademicYear, period: str,
    deadline: datetime.date, actor,
) -> MonitoringCampaign:
    """Open the territory's campaign of ``period`` (MonitoringPeriod) for the year
    and create each educational organisation's report (draft) with its figures.

    Raises MonitoringError when the territory already has a campaign of that
    period and year (writing nothing). Audited as ``reports.monitoring.opened``.
    """
    if period not in MonitoringPeriod.values:
        raise MonitoringError(_("Choose December or May."))
    exists = MonitoringCampaign.objects.filter(
        territory=territory, academic_year=academic_year, period=period
    ).exists()
    label = {"period": MonitoringPeriod(period).label, "year": academic_year.title}
    if exists:
        raise MonitoringError(_("The %(period)s monitoring of %(year)s is already open.") % label)
    try:
        with transaction.atomic():
            campaign = MonitoringCampaign.objects.create(
                territory=territory, academic_year=academic_year, period=period,
                deadline=deadline, opened_by=actor,
            )
            organizations = list(territory_organizations(territory))
            figures = compute_figures(organizations, academic_year, campaign_period(campaign))
            now = timezone.now()
            MonitoringReport.objects.bulk_create([
                MonitoringReport(campaign=campaign, organization=o, data=figures[o.pk], computed_at=now)
                for o in organizations
            ])
            log_action("reports.monitoring.opened", actor=actor, organization=territory.authority,
                       obj=campaign, data={"period": period, "academic_year": academic_year.title,
                                           "deadline": deadline.isoformat(),
                                           "organizations": len(organizations)})
    except IntegrityError as exc:  # opened by someone else meanwhile
        raise MonitoringError(
            _("The %(period)s monitoring of %(year)s is already open.") % label
        ) from exc
    return campaign


def _locked(report: MonitoringReport) -> MonitoringReport:
    return (
        MonitoringReport.objects.select_for_update()
        .select_related("campaign__academic_year", "organization")
        .get(pk=report.pk)
    )


def _require_open(report: MonitoringReport) -> None:
    if report.campaign.status != CampaignStatus.OPEN:
        raise MonitoringError(_("The campaign is closed: its reports cannot be changed."))


def recompute_report(report: MonitoringReport, *, actor) -> MonitoringReport:
    """Compute the report's figures again from the organisation's data
    («Пересчитать»); only while the organisation works on it (draft or
    returned) and the campaign is open. Audited as ``reports.monitoring.recomputed``."""
    with transaction.atomic():
        report = _locked(report)
        _require_open(report)
        if report.status not in EDITABLE:
            raise MonitoringError(_("A submitted report cannot be recomputed."))
        period = campaign_period(report.campaign)
        report.data = compute_figures([report.organization], report.campaign.academic_year,
                                      period)[report.organization.pk]
        report.computed_at = timezone.now()
        report.save(update_fields=["data", "computed_at"])
        log_action("reports.monitoring.recomputed", actor=actor,
                   organization=report.organization, obj=report)
    return report


def submit_report(report: MonitoringReport, *, actor, comment: str = "") -> MonitoringReport:
    """Send the report to the education authority («Направить в управление
    образования»): draft or returned → submitted, with the organisation's
    comment. Audited as ``reports.monitoring.submitted``."""
    with transaction.atomic():
        report = _locked(report)
        _require_open(report)
        if report.status not in EDITABLE:
            raise MonitoringError(_("The report has already been submitted."))
        report.status = Status.SUBMITTED
        report.curator_comment = (comment or "").strip()
        report.submitted_by, report.submitted_at = actor, timezone.now()
        report.save(update_fields=["status", "curator_comment", "submitted_by", "submitted_at"])
        log_action("reports.monitoring.submitted", actor=actor,
                   organization=report.organization, obj=report)
    return report


def accept_report(report: MonitoringReport, *, actor) -> MonitoringReport:
    """The territory accepts a submitted report. Audited as
    ``reports.monitoring.accepted``."""
    with transaction.atomic():
        report = _locked(report)
        _require_open(report)
        if report.status != Status.SUBMITTED:
            raise MonitoringError(_("Only a submitted report can be accepted."))
        report.status = Status.ACCEPTED
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        log_action("reports.monitoring.accepted", actor=actor,
                   organization=report.organization, obj=report)
    return report


def return_report(report: MonitoringReport, *, actor, comment: str) -> MonitoringReport:
    """The territory returns a submitted report with a comment (required) for
    the organisation to correct and submit again. Audited as
    ``reports.monitoring.returned``."""
    comment = (comment or "").strip()
    if not comment:
        raise MonitoringError(_("Say what is to be corrected: the comment is required."))
    with transaction.atomic():
        report = _locked(report)
        _require_open(report)
        if report.status != Status.SUBMITTED:
            raise MonitoringError(_("Only a submitted report can be returned."))
        report.status, report.return_comment = Status.RETURNED, comment
        report.reviewed_by, report.reviewed_at = actor, timezone.now()
        report.save(update_fields=["status", "return_comment", "reviewed_by", "reviewed_at"])
        log_action("reports.monitoring.returned", actor=actor,
                   organization=report.organization, obj=report, data={"comment": comment})
    return report


def close_campaign(campaign: MonitoringCampaign, *, actor) -> MonitoringCampaign:
    """Close an open campaign: its reports are frozen as they are. Audited as
    ``reports.monitoring.closed``."""
    with transaction.atomic():
        campaign = MonitoringCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.OPEN:
            raise MonitoringError(_("The campaign is already closed."))
        campaign.status, campaign.closed_at = CampaignStatus.CLOSED, timezone.now()
        campaign.save(update_fields=["status", "closed_at"])
        log_action("reports.monitoring.closed", actor=actor,
                   organization=campaign.territory.authority, obj=campaign)
    return campaign


def is_late(report: MonitoringReport, today: datetime.date | None = None) -> bool:
    """The deadline has passed and the report is neither submitted nor accepted
    (the campaign still open)."""
    today = today or timezone.localdate()
    return (report.campaign.status == CampaignStatus.OPEN and report.campaign.deadline < today
            and report.status in LATE_STATUSES)


def late_reports(campaign: MonitoringCampaign | None = None, today: datetime.date | None = None):
    """Late reports of ``campaign`` (of every open campaign when None)."""
    today = today or timezone.localdate()
    qs = MonitoringReport.objects.filter(
        campaign__status=CampaignStatus.OPEN, campaign__deadline__lt=today,
        status__in=LATE_STATUSES,
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.select_related("organization", "campaign__academic_year", "campaign__territory")


def request_reminders(campaign: MonitoringCampaign, *, actor) -> int:
    """«Напомнить»: queue the e-mails to the curators of the campaign's late
    organisations (``reports.remind_late_monitoring`` after commit); returns how
    many organisations are late. Raises MonitoringError when none is."""
    from ..tasks import task_remind_late_monitoring

    ids = list(late_reports(campaign).values_list("pk", flat=True))
    if not ids:
        raise MonitoringError(_("No organisation is late."))
    log_action("reports.monitoring.reminders_requested", actor=actor,
               organization=campaign.territory.authority, obj=campaign, data={"reports": ids})
    enqueue_on_commit(task_remind_late_monitoring, report_ids=ids)
    return len(ids)


def send_reminders(report_ids: list[int] | None = None, *, today: datetime.date | None = None) -> dict:
    """E-mail the curators of late organisations (of ``report_ids``, else every
    open campaign's) a reminder in Russian with a link to their report; an
    organisation reminded today already is skipped (at most one e-mail a day,
    so a redelivered job sends nothing twice). Sets ``reminded_at``.

    Returns ``{"reminded": organisations e-mailed, "recent": skipped (reminded
    today), "no_email": without a curator's address, "failed": errors}``.
    """
    today = today or timezone.localdate()
    counts = {"reminded": 0, "recent": 0, "no_email": 0, "failed": 0}
    qs = late_reports(today=today)
    if report_ids is not None:
        qs = qs.filter(pk__in=report_ids)
    with translation.override(settings.LANGUAGE_CODE):
        for report in qs:
            counts[_remind_one(report, today)] += 1
    return counts


def curator_addresses(organization) -> list[str]:
    """E-mail addresses of the organisation's curators (sorted, unique)."""
    return sorted({
        m.user.email.strip()
        for m in Membership.objects.filter(organization=organization, role=Role.CURATOR)
        .select_related("user")
        if m.user.email and m.user.is_active
    })


def _remind_one(report: MonitoringReport, today: datetime.date) -> str:
    with transaction.atomic():
        fresh = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if fresh.reminded_at is not None and timezone.localdate(fresh.reminded_at) >= today:
            return "recent"
        addresses = curator_addresses(report.organization)
        if not addresses:
            return "no_email"
        try:
            _message(report, addresses).send()
        except Exception:  # one refusing server must not stop the run
            logger.exception("monitoring reminder for report %s failed", report.pk)
            return "failed"
        fresh.reminded_at = timezone.now()
        fresh.save(update_fields=["reminded_at"])
        log_action("reports.monitoring.reminded", organization=report.organization, obj=fresh,
                   data={"recipients": len(addresses)})
    return "reminded"


def _message(report: MonitoringReport, addresses: list[str]) -> EmailMultiAlternatives:
    url = settings.PORTAL_URL.rstrip("/") + reverse("monitoring:report", args=[report.pk])
    context = {"report": report, "campaign": report.campaign, "url": url}
    subject = _("Monitoring %(period)s %(year)s: your report is overdue") % _labels(report.campaign)
    body = render_to_string("reports/email/monitoring_reminder.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=addresses)

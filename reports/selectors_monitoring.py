"""Who sees which monitoring campaign and report (seed 002 items 9, 12).

- The territory curator (``mentoring.selectors.territory_of``) sees the
  campaigns of their territory and every organisation's report in them — the
  figures, which are counts only — and the territory reports built for them.
- An organisation's programme staff (curator, director, working group,
  administrator) see their own organisation's reports only.
- Anybody else sees nothing: the getters answer Http404.
"""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentoring.selectors import staff_organization_of, territory_of

from .enums import CampaignStatus, ReportKind
from .enums import MonitoringReportStatus as Status
from .models import MonitoringCampaign, MonitoringReport, Report

LATE_STATUSES = (Status.DRAFT, Status.RETURNED)


def campaigns_of(territory) -> QuerySet[MonitoringCampaign]:
    """The territory's campaigns, newest first, with their reports counted by
    status (``n_total``, ``n_submitted``, ``n_accepted``, ``n_returned``)."""
    if territory is None:
        return MonitoringCampaign.objects.none()
    return (
        MonitoringCampaign.objects.filter(territory=territory)
        .select_related("academic_year")
        .annotate(
            n_total=Count("reports"),
            n_submitted=Count("reports", filter=Q(reports__status=Status.SUBMITTED)),
            n_accepted=Count("reports", filter=Q(reports__status=Status.ACCEPTED)),
            n_returned=Count("reports", filter=Q(reports__status=Status.RETURNED)),
        )
        .order_by("-academic_year__starts_on", "-deadline", "-pk")
    )


def current_campaign(territory) -> MonitoringCampaign | None:
    """The territory's latest open campaign, else its latest one (or None)."""
    if territory is None:
        return None
    qs = MonitoringCampaign.objects.filter(territory=territory).select_related("academic_year")
    return (qs.filter(status=CampaignStatus.OPEN).order_by("-opened_at", "-pk").first()
            or qs.order_by("-academic_year__starts_on", "-deadline", "-pk").first())


def previous_campaign(campaign: MonitoringCampaign) -> MonitoringCampaign | None:
    """The territory's campaign before ``campaign`` (by academic year, then
    December before May), for the trends; None for the first one."""
    order = {"december": 0, "may": 1}
    earlier = [
        c for c in MonitoringCampaign.objects.filter(territory_id=campaign.territory_id)
        .exclude(pk=campaign.pk).select_related("academic_year")
        if (c.academic_year.starts_on, order[c.period])
        < (campaign.academic_year.starts_on, order[campaign.period])
    ]
    return max(earlier, key=lambda c: (c.academic_year.starts_on, order[c.period]), default=None)


def get_campaign_for_coordinator(user, pk: int) -> MonitoringCampaign:
    """Campaign ``pk`` of the user's territory; Http404 otherwise."""
    return get_object_or_404(campaigns_of(territory_of(user)), pk=pk)


def campaign_reports(campaign: MonitoringCampaign) -> list[MonitoringReport]:
    """The campaign's reports by organisation name, each with ``late`` set (the
    deadline passed while the report is neither submitted nor accepted)."""
    today = timezone.localdate()
    reports = list(
        campaign.reports.select_related("organization").order_by("organization__short_name", "pk")
    )
    for report in reports:
        report.late = (campaign.status == CampaignStatus.OPEN and campaign.deadline < today
                       and report.status in LATE_STATUSES)
    return reports


def _reports_visible_to(user) -> QuerySet[MonitoringReport]:
    territory = territory_of(user)
    if territory is not None:
        return MonitoringReport.objects.filter(campaign__territory=territory)
    organization = staff_organization_of(user)
    if organization is None:
        return MonitoringReport.objects.none()
    return MonitoringReport.objects.filter(organization=organization)


def get_monitoring_report_for_user(user, pk: int) -> MonitoringReport:
    """Report ``pk`` for the territory curator of its territory or the
    programme staff of its organisation; Http404 for anybody else."""
    return get_object_or_404(
        _reports_visible_to(user).select_related(
            "campaign__academic_year", "campaign__territory", "organization",
        ),
        pk=pk,
    )


def get_own_report(user, pk: int) -> MonitoringReport:
    """Report ``pk`` of the user's own organisation (programme staff); Http404
    for anybody else, the territory curator included."""
    organization = staff_organization_of(user)
    qs = (MonitoringReport.objects.none() if organization is None
          else MonitoringReport.objects.filter(organization=organization))
    return get_object_or_404(qs.select_related("campaign__academic_year", "organization"), pk=pk)


def get_territory_report(user, pk: int) -> MonitoringReport:
    """Report ``pk`` of a campaign of the user's territory (territory curator);
    Http404 for anybody else."""
    territory = territory_of(user)
    qs = (MonitoringReport.objects.none() if territory is None
          else MonitoringReport.objects.filter(campaign__territory=territory))
    return get_object_or_404(qs.select_related("campaign__academic_year", "organization"), pk=pk)


def own_reports(user) -> QuerySet[MonitoringReport]:
    """The monitoring reports of the user's organisation (programme staff),
    newest campaign first; none for anybody else."""
    organization = staff_organization_of(user)
    if organization is None:
        return MonitoringReport.objects.none()
    return (
        MonitoringReport.objects.filter(organization=organization)
        .select_related("campaign__academic_year")
        .order_by("-campaign__academic_year__starts_on", "-campaign__deadline", "-pk")
    )


def territory_report_of(campaign: MonitoringCampaign) -> Report | None:
    """The territory report built (or being built) for the campaign, if any."""
    return Report.objects.filter(campaign=campaign, kind=ReportKind.TERRITORY_MONITORING).first()


def get_territory_job_for_user(user, pk: int) -> Report:
    """The territory report job ``pk`` of a campaign of the user's territory;
    Http404 for anybody else."""
    territory = territory_of(user)
    qs = (Report.objects.none() if territory is None else Report.objects.filter(
        campaign__territory=territory, kind=ReportKind.TERRITORY_MONITORING))
    return get_object_or_404(qs.select_related("academic_year", "campaign"), pk=pk)

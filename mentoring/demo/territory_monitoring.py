"""The demo territory's part: monitoring (issue 14; seed 002 items 9, 12).

- the December campaign of the current academic year, opened a week before
  ``demo.today`` with the deadline the day before it: the college's report is
  submitted and accepted, the first school's submitted, any other school's
  left as a draft — late;
- the May campaign of the previous academic year, closed, every report
  accepted, so that the territory report shows the trend.

Built through the monitoring services; idempotent (an existing campaign is
left as it is).
"""

import datetime

from django.utils import timezone

from mentoring.enums import Role
from mentoring.models import AcademicYear, Membership
from reports.enums import CampaignStatus, MonitoringPeriod
from reports.enums import MonitoringReportStatus as Status
from reports.models import MonitoringCampaign


def _curator(organization, fallback):
    membership = (Membership.objects.filter(organization=organization, role=Role.CURATOR)
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else fallback


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _previous_year(year: AcademicYear) -> AcademicYear:
    first = year.starts_on.year - 1
    previous, _created = AcademicYear.objects.get_or_create(
        title=f"{first}/{first + 1}",
        defaults={"starts_on": year.starts_on.replace(year=first),
                  "ends_on": year.ends_on.replace(year=year.ends_on.year - 1)},
    )
    return previous


def _open(demo, year, period, deadline, opened_on):
    from reports.services.monitoring import open_campaign

    existing = MonitoringCampaign.objects.filter(
        territory=demo.territory, academic_year=year, period=period).first()
    if existing is not None:
        return existing, False
    campaign = open_campaign(territory=demo.territory, academic_year=year, period=period,
                             deadline=deadline, actor=demo.coordinator)
    MonitoringCampaign.objects.filter(pk=campaign.pk).update(opened_at=_moment(opened_on))
    return campaign, True


def _submit(report, demo, *, accept: bool) -> None:
    from reports.services.monitoring import accept_report, submit_report

    if report.status in (Status.DRAFT, Status.RETURNED):
        submit_report(report, actor=_curator(report.organization, demo.admin),
                      comment="Данные проверены куратором.")
    if accept:
        report.refresh_from_db()
        if report.status == Status.SUBMITTED:
            accept_report(report, actor=demo.coordinator)


def _previous_may(demo) -> None:
    from reports.services.monitoring import close_campaign

    year = _previous_year(demo.year)
    campaign, created = _open(demo, year, MonitoringPeriod.MAY, datetime.date(year.starts_on.year + 1, 5, 25),
                              datetime.date(year.starts_on.year + 1, 5, 10))
    if not created:
        return
    for report in campaign.reports.select_related("organization"):
        _submit(report, demo, accept=True)
    close_campaign(campaign, actor=demo.coordinator)


def _december(demo) -> None:
    campaign, created = _open(demo, demo.year, MonitoringPeriod.DECEMBER,
                              demo.today - datetime.timedelta(days=1),
                              demo.today - datetime.timedelta(days=7))
    if not created or campaign.status != CampaignStatus.OPEN:
        return
    reports = {r.organization_id: r for r in campaign.reports.select_related("organization")}
    if demo.college.pk in reports:
        _submit(reports[demo.college.pk], demo, accept=True)
    schools = list(getattr(demo, "schools", None) or [])
    if schools and schools[0].pk in reports:
        _submit(reports[schools[0].pk], demo, accept=False)
    # any other school stays a draft: late since yesterday


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``):
    the previous year's May campaign first (the trend's base), then December."""
    _previous_may(demo)
    _december(demo)

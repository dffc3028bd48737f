"""The monitoring campaigns' moves and refusals, the late flag and the reminders
(seed 002 items 9, 12)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.models import AcademicYear
from reports.enums import CampaignStatus, MonitoringPeriod
from reports.enums import MonitoringReportStatus as Status
from reports.models import MonitoringCampaign, MonitoringReport
from reports.services import monitoring as service
from reports.services.monitoring import MonitoringError

from . import monitoring_world

TODAY = timezone.localdate


def _open(world, *, period=MonitoringPeriod.DECEMBER, deadline=None, year=None):
    return service.open_campaign(
        territory=world.territory, academic_year=year or AcademicYear.current(), period=period,
        deadline=deadline or TODAY() + datetime.timedelta(days=10), actor=world.coordinator,
    )


def _report(campaign, organization) -> MonitoringReport:
    return campaign.reports.get(organization=organization)


def test_open_campaign_creates_a_computed_draft_per_organisation(territory_world):
    monitoring_world.build(territory_world)
    campaign = _open(territory_world)
    reports = {r.organization_id: r for r in campaign.reports.all()}
    # schools and colleges only, not the authority
    assert set(reports) == {territory_world.school.pk, territory_world.college.pk}
    assert {r.status for r in reports.values()} == {Status.DRAFT}
    school = reports[territory_world.school.pk]
    assert school.data["pairs"]["formed"] == 3
    assert school.computed_at is not None
    assert campaign.opened_by == territory_world.coordinator


def test_open_campaign_twice_is_refused_in_russian(territory_world):
    _open(territory_world)
    with pytest.raises(MonitoringError) as refused:
        _open(territory_world)
    assert "уже открыт" in refused.value.message
    assert MonitoringCampaign.objects.count() == 1
    # the other period of the same year is fine
    _open(territory_world, period=MonitoringPeriod.MAY)
    assert MonitoringCampaign.objects.count() == 2


def test_submit_accept_and_the_refusals(territory_world):
    campaign = _open(territory_world)
    report = _report(campaign, territory_world.school)
    with pytest.raises(MonitoringError):
        service.accept_report(report, actor=territory_world.coordinator)  # a draft
    service.submit_report(report, actor=territory_world.school_curator, comment="Всё верно")
    report.refresh_from_db()
    assert (report.status, report.curator_comment, report.submitted_by) == (
        Status.SUBMITTED, "Всё верно", territory_world.school_curator)
    with pytest.raises(MonitoringError) as twice:
        service.submit_report(report, actor=territory_world.school_curator)
    assert twice.value.message == "Отчёт уже направлен."
    with pytest.raises(MonitoringError):
        service.recompute_report(report, actor=territory_world.school_curator)
    service.accept_report(report, actor=territory_world.coordinator)
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (Status.ACCEPTED, territory_world.coordinator)
    with pytest.raises(MonitoringError):
        service.return_report(report, actor=territory_world.coordinator, comment="Поздно")


def test_return_needs_a_comment_then_resubmit(territory_world):
    world = monitoring_world.build(territory_world)
    campaign = _open(territory_world)
    report = _report(campaign, territory_world.school)
    service.submit_report(report, actor=territory_world.school_curator)
    with pytest.raises(MonitoringError) as refused:
        service.return_report(report, actor=territory_world.coordinator, comment="  ")
    assert "комментарий" in refused.value.message
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    service.return_report(report, actor=territory_world.coordinator, comment="Уточните встречи")
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (Status.RETURNED, "Уточните встречи")
    # the school ends a pair; recomputing picks it up, and the report goes again
    world["pairs"]["b"].delete()
    service.recompute_report(report, actor=territory_world.school_curator)
    report.refresh_from_db()
    assert report.data["pairs"]["formed"] == 2
    service.submit_report(report, actor=territory_world.school_curator)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_closed_campaign_freezes_its_reports(territory_world):
    campaign = _open(territory_world)
    service.close_campaign(campaign, actor=territory_world.coordinator)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and campaign.closed_at
    with pytest.raises(MonitoringError):
        service.submit_report(_report(campaign, territory_world.school), actor=territory_world.school_curator)
    with pytest.raises(MonitoringError):
        service.close_campaign(campaign, actor=territory_world.coordinator)


def _late_campaign(world):
    campaign = _open(world)
    MonitoringCampaign.objects.filter(pk=campaign.pk).update(deadline=TODAY() - datetime.timedelta(days=1))
    campaign.refresh_from_db()
    service.submit_report(_report(campaign, world.college), actor=world.college_curator)
    return campaign


def test_late_flag_after_the_deadline(territory_world):
    campaign = _late_campaign(territory_world)
    assert list(service.late_reports(campaign)) == [_report(campaign, territory_world.school)]
    school = _report(campaign, territory_world.school)
    assert service.is_late(school)
    assert not service.is_late(_report(campaign, territory_world.college))
    assert not service.is_late(school, today=campaign.deadline)


def test_reminder_mails_the_late_curators_once_a_day(territory_world, settings,
                                                    django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory_world.school_curator.email = "curator@school3.example.ru"
    territory_world.school_curator.save(update_fields=["email"])
    territory_world.college_curator.email = "curator@college.example.ru"
    territory_world.college_curator.save(update_fields=["email"])
    campaign = _late_campaign(territory_world)
    with pytest.raises(MonitoringError):
        service.request_reminders(MonitoringCampaign.objects.create(
            territory=territory_world.territory, academic_year=AcademicYear.current(),
            period=MonitoringPeriod.MAY, deadline=TODAY()), actor=territory_world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert service.request_reminders(campaign, actor=territory_world.coordinator) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["curator@school3.example.ru"]
    assert "Декабрь" in message.subject
    assert f"/monitoring/reports/{_report(campaign, territory_world.school).pk}/" in message.body
    assert "не направлен" in message.body
    # the daily beat run the same day sends nothing again
    assert service.send_reminders() == {"reminded": 0, "recent": 1, "no_email": 0, "failed": 0}
    assert len(mail.outbox) == 1
    # the next day it does
    assert service.send_reminders(today=TODAY() + datetime.timedelta(days=1))["reminded"] == 1
    assert len(mail.outbox) == 2


def test_daily_task_reminds_through_celery(territory_world, settings):
    from reports.tasks import task_remind_late_monitoring

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    territory_world.school_curator.email = "curator@school3.example.ru"
    territory_world.school_curator.save(update_fields=["email"])
    _late_campaign(territory_world)
    counts = task_remind_late_monitoring.apply().get()
    assert counts["reminded"] == 1
    assert [m.to for m in mail.outbox] == [["curator@school3.example.ru"]]
    assert "reports-remind-late-monitoring" in settings.CELERY_BEAT_SCHEDULE

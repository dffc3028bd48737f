"""The monitoring pages end to end through the test client (the browser test of
the same path needs Chromium): open, refuse a second campaign and a past
deadline, submit, return without and with a comment, resubmit, accept, close,
build the territory report; Russian on every page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from mentoring.models import AcademicYear
from reports.enums import MonitoringReportStatus as Status
from reports.models import MonitoringCampaign, MonitoringReport

from . import monitoring_world


def _open_form(deadline):
    return {"period": "december", "academic_year": AcademicYear.current().pk,
            "deadline": deadline.isoformat()}


def test_monitoring_pages_end_to_end(territory_world, client, django_capture_on_commit_callbacks):
    tw = territory_world
    monitoring_world.build(tw)
    client.force_login(tw.coordinator)
    past = client.post(reverse("monitoring:campaign_open"),
                       _open_form(timezone.localdate() - datetime.timedelta(days=1)))
    assert past.status_code == 400 and "Срок не может быть в прошлом." in past.content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    opened = client.post(reverse("monitoring:campaign_open"), _open_form(deadline))
    campaign = MonitoringCampaign.objects.get()
    assert opened.url == reverse("monitoring:campaign_detail", args=[campaign.pk])
    twice = client.post(reverse("monitoring:campaign_open"), _open_form(deadline))
    assert twice.status_code == 400 and "уже открыт" in twice.content.decode()
    report = MonitoringReport.objects.get(organization=tw.school)

    client.force_login(tw.school_curator)
    own = client.get(reverse("monitoring:own_reports")).content.decode()
    assert "Декабрь" in own and "Не направлен" in own
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "Пересчитать" in page and "Направить в управление образования" in page
    assert "Учитель – ученик" in page
    client.post(reverse("monitoring:report_submit", args=[report.pk]), {"comment": "Проверено"})
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    client.force_login(tw.coordinator)
    empty = client.post(reverse("monitoring:report_return", args=[report.pk]), {"comment": ""})
    assert empty.status_code == 400
    assert "комментарий обязателен" in empty.content.decode()
    client.post(reverse("monitoring:report_return", args=[report.pk]), {"comment": "Уточните встречи"})
    report.refresh_from_db()
    assert report.status == Status.RETURNED

    client.force_login(tw.school_curator)
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "Уточните встречи" in page and "Возвращён на доработку" in page
    client.post(reverse("monitoring:report_recompute", args=[report.pk]))
    client.post(reverse("monitoring:report_submit", args=[report.pk]), {"comment": "Исправлено"})
    report.refresh_from_db()
    assert (report.status, report.curator_comment) == (Status.SUBMITTED, "Исправлено")

    client.force_login(tw.coordinator)
    client.post(reverse("monitoring:report_accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    detail = client.get(reverse("monitoring:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Принят" in detail and "Не направлен" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:territory_report_build", args=[campaign.pk]))
    built = client.get(reverse("monitoring:territory_report", args=[campaign.pk])).content.decode()
    assert "Готово" in built and "Сформировать заново" in built
    client.post(reverse("monitoring:campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    closed = client.post(reverse("monitoring:report_accept", args=[report.pk]), follow=True)
    assert "Мониторинг закрыт" in closed.content.decode()


def test_menu_links(territory_world, client):
    client.force_login(territory_world.coordinator)
    assert reverse("monitoring:campaign_list") in client.get(reverse("monitoring:campaign_list")).content.decode()
    client.force_login(territory_world.school_curator)
    assert reverse("monitoring:own_reports") in client.get(reverse("dashboard")).content.decode()

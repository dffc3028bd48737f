"""Pages of reports: indicators, head counts, the report job, the order register."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from reports.enums import ORGANIZATION_REPORT_KINDS, JobStatus, OrderKind, OrderStatus, ReportKind
from reports.models import Order, Report
from reports.services.annual import build_report

from .conftest import make_pair


def _client(client, user):
    client.force_login(user)
    return client


def _order(organization, year, number, *, status=OrderStatus.SIGNED, kind=OrderKind.PAIRS_APPROVAL,
           signed_by=None, with_file=True, title="Об утверждении наставнических пар (групп)"):
    order = Order.objects.create(
        organization=organization, academic_year=year, kind=kind, number=number,
        issued_on=datetime.date(2026, 10, number % 28 + 1), title=title, status=status,
        signed_by=signed_by,
    )
    if with_file:
        order.file.save("order-%d.pdf" % number, ContentFile(b"%PDF-1.4 order " + str(number).encode()))
    return order


def _built_report(organization, year, curator):
    report = Report.objects.create(organization=organization, academic_year=year,
                                   kind=ReportKind.ANNUAL, requested_by=curator)
    return build_report(report)


# --- reports ------------------------------------------------------------------------


def test_curator_builds_report_and_status_shows_downloads(client, organization, curator, alice,
                                                          django_capture_on_commit_callbacks):
    year = AcademicYear.current()
    make_pair(organization, year, mentor=alice.participant.mentor_profile)
    _client(client, curator)
    page = client.get(reverse("reports:report_list")).content.decode()
    assert "Сформировать годовой отчёт" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_create"),
                               {"academic_year": year.pk, "kind": ReportKind.ANNUAL}, follow=True)

    report = Report.objects.get()
    assert (report.status, report.kind, report.requested_by) == (JobStatus.DONE, ReportKind.ANNUAL, curator)
    assert "поставлен в очередь" in response.content.decode()
    fragment = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert reverse("reports:report_download", args=[report.pk, "pdf"]) in fragment
    assert reverse("reports:report_download", args=[report.pk, "xlsx"]) in fragment
    assert 'data-progress="100"' in fragment
    assert "hx-get" not in fragment

    download = client.get(reverse("reports:report_download", args=[report.pk, "pdf"]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    xlsx = client.get(reverse("reports:report_download", args=[report.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert audit_events("reports.report.downloaded").count() == 2


def test_pending_report_status_polls_every_second(client, organization, curator):
    report = Report.objects.create(organization=organization, academic_year=AcademicYear.current(),
                                   kind=ReportKind.ANNUAL, status=JobStatus.RUNNING, progress=30)
    _client(client, curator)

    fragment = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    page = client.get(reverse("reports:report_list")).content.decode()

    assert 'hx-get="%s"' % reverse("reports:report_status", args=[report.pk]) in fragment
    assert 'hx-trigger="every 1s"' in fragment
    assert 'data-progress="30"' in fragment
    assert "report_download" not in fragment and "/download/" not in fragment
    assert 'hx-trigger="every 1s"' in page


def test_failed_report_status_shows_message(client, organization, curator):
    report = Report.objects.create(organization=organization, academic_year=AcademicYear.current(),
                                   kind=ReportKind.ANNUAL, status=JobStatus.FAILED,
                                   error="Не удалось сформировать отчёт из-за внутренней ошибки.")
    fragment = _client(client, curator).get(reverse("reports:report_status", args=[report.pk]))
    assert "Не удалось сформировать отчёт из-за внутренней ошибки." in fragment.content.decode()
    assert "hx-get" not in fragment.content.decode()


def test_report_create_refused_to_director_and_get(client, director, curator):
    assert _client(client, director).post(reverse("reports:report_create")).status_code == 403
    page = client.get(reverse("reports:report_list")).content.decode()
    assert "Сформировать годовой отчёт" not in page
    assert _client(client, curator).get(reverse("reports:report_create")).status_code == 405
    assert not Report.objects.exists()


def test_report_create_twice_does_not_queue_twice(client, curator,
                                                  django_capture_on_commit_callbacks):
    _client(client, curator)
    data = {"academic_year": AcademicYear.current().pk, "kind": ReportKind.ANNUAL}
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("reports:report_create"), data)
        response = client.post(reverse("reports:report_create"), data, follow=True)
    assert Report.objects.count() == 1
    assert "уже формируется" in response.content.decode()


def test_report_of_another_organisation_is_404(client, organization, curator, charlie):
    report = _built_report(organization, AcademicYear.current(), curator)
    _client(client, charlie)
    assert client.get(reverse("reports:report_status", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:report_download", args=[report.pk, "pdf"])).status_code == 404
    assert report.pk not in [r.pk for r in client.get(reverse("reports:report_list")).context["page"]]


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_report_download_is_404_for_mentor_and_mentee(client, organization, curator, persona, request):
    report = _built_report(organization, AcademicYear.current(), curator)
    _client(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:report_download", args=[report.pk, "pdf"])).status_code == 404


def test_report_download_404_for_unknown_format_or_unbuilt(client, organization, curator):
    report = _built_report(organization, AcademicYear.current(), curator)
    pending = Report.objects.create(organization=organization, academic_year=AcademicYear.current(),
                                    kind=ReportKind.MONITORING_MAY)
    _client(client, curator)
    assert client.get(reverse("reports:report_download", args=[report.pk, "docx"])).status_code == 404
    assert client.get(reverse("reports:report_download", args=[pending.pk, "pdf"])).status_code == 404
    report.pdf.storage.delete(report.pdf.name)
    assert client.get(reverse("reports:report_download", args=[report.pk, "pdf"])).status_code == 404


def test_report_list_is_paginated_with_bounded_queries(client, organization, curator,
                                                       django_assert_max_num_queries):
    AcademicYear.current()  # the form's default exists already, as on a live site
    years = [AcademicYear.objects.get_or_create(
        title=f"{first}/{first + 1}",
        defaults={"starts_on": datetime.date(first, 9, 1), "ends_on": datetime.date(first + 1, 8, 31)},
    )[0] for first in range(2010, 2020)]
    Report.objects.bulk_create([
        Report(organization=organization, academic_year=year, kind=kind,
               status=JobStatus.DONE, progress=100, requested_by=curator)
        for year in years for kind in ORGANIZATION_REPORT_KINDS
    ])
    _client(client, curator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("reports:report_list"))
    assert len(response.context["page"].object_list) == 25
    assert len(client.get(reverse("reports:report_list"), {"page": 2}).context["page"].object_list) == 5


def test_list_offers_each_kind_and_rebuild_requeues_the_same_row(
        client, organization, curator, django_capture_on_commit_callbacks):
    year = AcademicYear.current()
    _client(client, curator)
    page = client.get(reverse("reports:report_list")).content.decode()
    for kind in ORGANIZATION_REPORT_KINDS:
        assert f'name="kind" value="{kind}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_create"),
                    {"academic_year": year.pk, "kind": ReportKind.MONITORING_DECEMBER})
    report = Report.objects.get()
    assert (report.kind, report.status) == (ReportKind.MONITORING_DECEMBER, JobStatus.DONE)
    first_pdf = report.pdf.name
    fragment = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert 'name="kind" value="monitoring_december"' in fragment  # the rebuild button

    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("reports:report_create"),
                    {"academic_year": year.pk, "kind": ReportKind.MONITORING_DECEMBER})
    report.refresh_from_db()
    assert (Report.objects.count(), report.status, report.progress) == (1, JobStatus.PENDING, 0)
    assert report.pdf.name == first_pdf
    fragment = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'data-progress="0"' in fragment


def test_failed_report_offers_rebuild_and_previous_files(client, organization, curator):
    report = _built_report(organization, AcademicYear.current(), curator)
    Report.objects.filter(pk=report.pk).update(status=JobStatus.FAILED, error="Ошибка сборки")
    _client(client, curator)

    fragment = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()

    assert "Ошибка сборки" in fragment
    assert 'value="annual"' in fragment and reverse("reports:report_create") in fragment
    assert reverse("reports:report_download", args=[report.pk, "pdf"]) in fragment
    assert client.get(reverse("reports:report_download", args=[report.pk, "pdf"])).status_code == 200


def test_director_marks_a_report_for_publication_and_back(client, organization, curator, director):
    report = _built_report(organization, AcademicYear.current(), curator)
    _client(client, director)
    url = reverse("reports:report_publish", args=[report.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, {"published": "1"}, follow=True)
    report.refresh_from_db()
    assert (report.published, report.published_by) == (True, director)
    assert 'value="0"' in response.content.decode()  # the list now offers to take the mark off
    client.post(url, {"published": "0"})
    report.refresh_from_db()
    assert (report.published, report.published_by) == (False, None)
    assert audit_events("reports.report.published", actor=director).count() == 1


def test_publication_refused_to_mentor_and_other_organisation(client, organization, curator,
                                                            alice, charlie):
    report = _built_report(organization, AcademicYear.current(), curator)
    url = reverse("reports:report_publish", args=[report.pk])
    # an object URL answers 404 to a role that may not publish, as to another organisation
    assert _client(client, alice).post(url, {"published": "1"}).status_code == 404
    assert _client(client, charlie).post(url, {"published": "1"}).status_code == 404
    report.refresh_from_db()
    assert report.published is False


def test_unbuilt_report_is_not_published(client, organization, curator):
    report = Report.objects.create(organization=organization, academic_year=AcademicYear.current(),
                                   kind=ReportKind.ANNUAL)
    _client(client, curator).post(reverse("reports:report_publish", args=[report.pk]),
                                  {"published": "1"})
    report.refresh_from_db()
    assert report.published is False

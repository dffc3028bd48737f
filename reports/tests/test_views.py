"""Pages of reports: indicators, head counts, the report job, the order register."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.models import AcademicYear, AuditEntry
from reports.enums import JobStatus, OrderKind, OrderStatus, ReportKind
from reports.models import HeadCount, IndicatorTarget, Order, Report
from reports.services.annual import build_report
from reports.services.indicators import ensure_indicators, set_head_counts

from .conftest import make_pair, mentor_of


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


# --- indicators -------------------------------------------------------------------


@pytest.fixture
def indicator_year(organization, curator):
    """2025/2026 with the seed's targets, 10 teachers and one teacher mentor."""
    ensure_indicators(organization=organization)
    year = AcademicYear.objects.get(title="2025/2026")
    set_head_counts(organization=organization, academic_year=year, actor=curator,
                    teachers=10, students=100, employer_partners=4, pupils_career_guidance=0)
    make_pair(organization, year, mentor=mentor_of(organization, "teacher"))
    return year


def test_indicators_page_shows_targets_actuals_and_badges(client, curator, indicator_year):
    response = _client(client, curator).get(reverse("reports:indicators"), {"year": indicator_year.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") >= 8
    assert "Доля преподавателей от общего числа педагогов, вошедших в программу наставничества в роли наставника, в %" in html
    rows = {row.indicator.position: row for row, _targets in response.context["rows"]}
    assert (rows[2].target, rows[2].actual, rows[2].met) == (Decimal("8"), Decimal("10.0"), True)
    assert (rows[1].actual, rows[1].met) == (Decimal("0.0"), False)
    assert [y.title for y in response.context["target_years"]] == [
        "2021/2022", "2022/2023", "2023/2024", "2024/2025", "2025/2026",
    ]
    assert [str(v) for v in response.context["rows"][4][1]] == ["2.00", "4.00", "6.00", "8.00", "10.00"]
    assert "достигнуто" in html and "не достигнуто" in html and "нет данных" in html
    assert "1 из 10" in html
    assert reverse("reports:headcount_edit") in html


@pytest.mark.parametrize("pairs", [0, 10])
def test_indicators_page_query_count_is_bounded(client, organization, curator, indicator_year, pairs,
                                                django_assert_max_num_queries):
    _client(client, curator)
    for _n in range(pairs):
        make_pair(organization, indicator_year, mentor=mentor_of(organization, "student"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reports:indicators"), {"year": indicator_year.pk})
    assert response.status_code == 200


def test_indicators_page_empty_state_and_setup(client, organization, curator):
    response = _client(client, curator).get(reverse("reports:indicators"))
    assert "Показатели эффективности ещё не настроены" in response.content.decode()

    response = client.post(reverse("reports:indicators_setup"), follow=True)

    assert response.status_code == 200
    assert IndicatorTarget.objects.filter(organization=organization).count() == 40
    assert "созданы" in response.content.decode()


def test_indicators_setup_is_refused_to_director(client, director):
    response = _client(client, director).post(reverse("reports:indicators_setup"))
    assert response.status_code == 403
    assert not IndicatorTarget.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_reports_pages_are_forbidden_to_mentors_and_mentees(client, persona, request):
    user = request.getfixturevalue(persona)
    _client(client, user)
    for name in ("reports:indicators", "reports:headcount_edit", "reports:report_list",
                 "reports:order_list"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("reports:report_create")).status_code == 403


def test_reports_pages_need_login(client):
    response = client.get(reverse("reports:indicators"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_headcount_edit_saves_and_redirects(client, organization, curator):
    year = AcademicYear.current()
    response = _client(client, curator).post(
        reverse("reports:headcount_edit"),
        {"teachers": "120", "students": "1450", "employer_partners": "40", "pupils_career_guidance": "300"},
        follow=True,
    )

    head_count = HeadCount.objects.get(organization=organization, academic_year=year)
    assert (head_count.teachers, head_count.students, head_count.employer_partners,
            head_count.pupils_career_guidance) == (120, 1450, 40, 300)
    assert response.redirect_chain[-1][0] == reverse("reports:indicators") + "?year=%d" % year.pk
    assert "Численность на %s учебный год сохранена." % year.title in response.content.decode()
    assert AuditEntry.objects.filter(action="reports.headcount.updated", actor=curator).count() == 1


def test_headcount_edit_refuses_negative_and_text(client, curator):
    _client(client, curator)
    url = reverse("reports:headcount_edit")
    assert "Назад к показателям" in client.get(url).content.decode()

    response = client.post(url, {"teachers": "-1", "students": "abc", "employer_partners": "1",
                                 "pupils_career_guidance": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"teachers", "students", "pupils_career_guidance"}
    assert not HeadCount.objects.exists()


def test_headcount_edit_is_refused_to_director(client, director):
    assert _client(client, director).get(reverse("reports:headcount_edit")).status_code == 403


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
    assert AuditEntry.objects.filter(action="reports.report.downloaded").count() == 2


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
    year = AcademicYear.current()
    Report.objects.bulk_create([
        Report(organization=organization, academic_year=year, kind=ReportKind.ANNUAL,
               status=JobStatus.DONE, progress=100, requested_by=curator)
        for _n in range(30)
    ])
    _client(client, curator)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("reports:report_list"))
    assert len(response.context["page"].object_list) == 25
    assert len(client.get(reverse("reports:report_list"), {"page": 2}).context["page"].object_list) == 5


# --- orders -------------------------------------------------------------------------


def test_order_list_shows_register(client, organization, curator, director):
    year = AcademicYear.current()
    signed = _order(organization, year, 1, signed_by=director)
    _order(organization, year, 2, status=OrderStatus.DRAFT, with_file=False, title="О поощрении")
    director.first_name, director.last_name = "Дина", "Ахмерова"
    director.save(update_fields=["first_name", "last_name"])

    response = _client(client, curator).get(reverse("reports:order_list"))

    html = response.content.decode()
    assert [o.number for o in response.context["page"]] == [2, 1]  # newest first
    assert "Об утверждении наставнических пар (групп)" in html and "О поощрении" in html
    assert "Дина Ахмерова" in html
    assert reverse("reports:order_download", args=[signed.pk]) in html
    assert "готовится" in html


def test_order_list_filters(client, organization, curator):
    year = AcademicYear.current()
    last_year, _ = AcademicYear.objects.get_or_create(
        title="2024/2025", defaults={"starts_on": "2024-09-01", "ends_on": "2025-08-31"}
    )
    _order(organization, year, 1, with_file=False)
    _order(organization, year, 2, status=OrderStatus.DRAFT, kind=OrderKind.REWARDS, with_file=False)
    _order(organization, last_year, 1, with_file=False)
    _client(client, curator)

    def numbers(**params):
        page = client.get(reverse("reports:order_list"), params).context["page"]
        return sorted((o.academic_year.title, o.number) for o in page)

    assert numbers(status=OrderStatus.DRAFT) == [(year.title, 2)]
    assert numbers(kind=OrderKind.PAIRS_APPROVAL) == sorted([(year.title, 1), ("2024/2025", 1)])
    assert numbers(academic_year=last_year.pk) == [("2024/2025", 1)]
    assert numbers(q="2") == [(year.title, 2)]
    assert "Нет приказов, подходящих под фильтры" in client.get(
        reverse("reports:order_list"), {"status": OrderStatus.ISSUED}
    ).content.decode()


@pytest.mark.parametrize("orders", [3, 30])
def test_order_list_paginates_with_bounded_queries(client, organization, curator, director, orders,
                                                   django_assert_max_num_queries):
    year = AcademicYear.current()
    for number in range(1, orders + 1):
        _order(organization, year, number, signed_by=director, with_file=False)
    _client(client, curator)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("reports:order_list"))
    assert len(response.context["page"].object_list) == min(orders, 25)


def test_order_download_gives_the_pdf_to_staff(client, organization, curator):
    order = _order(organization, AcademicYear.current(), 7)

    response = _client(client, curator).get(reverse("reports:order_download", args=[order.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="order-7-' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 order 7"


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_order_download_is_404_for_others(client, organization, persona, request):
    order = _order(organization, AcademicYear.current(), 3)
    _client(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:order_download", args=[order.pk])).status_code == 404


def test_order_download_is_404_while_no_file(client, organization, curator):
    order = _order(organization, AcademicYear.current(), 4, with_file=False)
    response = _client(client, curator).get(reverse("reports:order_download", args=[order.pk]))
    assert response.status_code == 404

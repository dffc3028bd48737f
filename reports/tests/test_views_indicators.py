"""Pages of reports: indicators, head counts, the report job, the order register."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.models import AcademicYear, AuditEntry
from reports.enums import OrderKind, OrderStatus, ReportKind
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



"""Pages of reports: indicators, head counts, the report job, the order register."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
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
    assert html.count("<tr data-indicator=") == 8
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
    assert response.context["rows"] == []
    assert reverse("reports:indicator_library") in response.content.decode()

    response = client.post(reverse("reports:indicators_setup"), follow=True)

    assert response.status_code == 200
    assert IndicatorTarget.objects.filter(organization=organization).count() == 40
    assert len(response.context["rows"]) == 8


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
        {"teachers": "120", "young_specialists": "15", "students": "1450", "employer_partners": "40",
         "pupils_career_guidance": "300"},
        follow=True,
    )

    head_count = HeadCount.objects.get(organization=organization, academic_year=year)
    assert (head_count.teachers, head_count.students, head_count.employer_partners,
            head_count.pupils_career_guidance, head_count.young_specialists) == (120, 1450, 40, 300, 15)
    assert response.redirect_chain[-1][0] == reverse("reports:indicators") + "?year=%d" % year.pk
    assert "Численность на %s учебный год сохранена." % year.title in response.content.decode()
    assert audit_events("reports.headcount.updated", actor=curator).count() == 1


def test_headcount_edit_refuses_negative_and_text(client, curator):
    _client(client, curator)
    url = reverse("reports:headcount_edit")
    assert "Назад к показателям" in client.get(url).content.decode()

    response = client.post(url, {"teachers": "-1", "students": "abc", "employer_partners": "1",
                                 "pupils_career_guidance": "", "young_specialists": "2"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"teachers", "students", "pupils_career_guidance"}

    response = client.post(url, {"teachers": "3", "students": "1", "employer_partners": "1",
                                 "pupils_career_guidance": "0", "young_specialists": "4"})
    assert set(response.context["form"].errors) == {"young_specialists"}
    assert not HeadCount.objects.exists()


def test_headcount_edit_is_refused_to_director(client, director):
    assert _client(client, director).get(reverse("reports:headcount_edit")).status_code == 403




# --- library, targets, values, evidence ----------------------------------------------

PDF = b"%PDF-1.4\n% protocol of the methodical council\n"


def _library(organization, curator, *codes):
    from reports.services.indicators import ensure_library, pick_indicators

    library = {indicator.code: indicator for indicator in ensure_library()}
    pick_indicators(organization, [library[code] for code in codes], curator)
    return library


def test_library_page_lists_all_and_picks(client, organization, curator):
    from reports.models import OrganizationIndicator

    response = _client(client, curator).get(reverse("reports:indicator_library"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Количество договоров о дуальном обучении по ОПОП, реализуемых в Техникуме, ед." in html
    assert sum(len(entries) for _label, entries in response.context["groups"]) == 27
    library = {e["indicator"].code: e["indicator"] for _l, es in response.context["groups"] for e in es}

    response = client.post(reverse("reports:indicator_library"), {
        "indicators": [library["seed003-performance-06"].pk, library["seed003-efficiency-01"].pk],
    })

    assert response.status_code == 302
    assert set(OrganizationIndicator.objects.filter(organization=organization)
               .values_list("indicator__code", flat=True)) == {"seed003-performance-06",
                                                               "seed003-efficiency-01"}
    assert IndicatorTarget.objects.filter(organization=organization).count() == 8


def test_library_unpick_with_values_asks_for_confirmation(client, organization, curator):
    from reports.models import IndicatorValue, OrganizationIndicator

    library = _library(organization, curator, "seed003-performance-06", "seed003-performance-07")
    dual = library["seed003-performance-06"]
    IndicatorValue.objects.create(organization=organization, indicator=dual,
                                  academic_year=AcademicYear.current(), value=Decimal("3"))
    keep = library["seed003-performance-07"].pk
    _client(client, curator)

    response = client.post(reverse("reports:indicator_library"), {"indicators": [keep]})

    assert response.status_code == 200
    assert [i.code for i in response.context["to_unpick"]] == ["seed003-performance-06"]
    assert OrganizationIndicator.objects.filter(organization=organization).count() == 2

    response = client.post(reverse("reports:indicator_library"), {"indicators": [keep], "confirm": "1"})

    assert response.status_code == 302
    assert list(OrganizationIndicator.objects.filter(organization=organization)
                .values_list("indicator__code", flat=True)) == ["seed003-performance-07"]
    assert IndicatorValue.objects.filter(indicator=dual).exists()


def test_library_is_read_only_for_the_director(client, organization, director, curator):
    from reports.models import OrganizationIndicator

    library = _library(organization, curator)
    _client(client, director)
    assert client.get(reverse("reports:indicator_library")).status_code == 200
    response = client.post(reverse("reports:indicator_library"),
                           {"indicators": [library["teachers-as-mentors"].pk]})
    assert response.status_code == 403
    assert not OrganizationIndicator.objects.exists()


def test_targets_page_validates_and_saves(client, organization, curator):
    library = _library(organization, curator, "seed003-performance-12", "seed003-performance-06")
    share = library["seed003-performance-12"]
    year = AcademicYear.objects.get(title="2022/2023")
    url = reverse("reports:indicator_targets", args=[share.pk])
    _client(client, curator)
    assert client.get(url).status_code == 200

    response = client.post(url, {"year_%d" % year.pk: "101"})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"year_%d" % year.pk: "-1"})
    assert response.context["form"].errors
    assert IndicatorTarget.objects.get(indicator=share, academic_year=year).value == Decimal("90")

    response = client.post(url, {"year_%d" % year.pk: "95,5"})

    assert response.status_code == 302
    targets = dict(IndicatorTarget.objects.filter(organization=organization, indicator=share)
                   .values_list("academic_year__title", "value"))
    # 95.5 for 2022/2023; the other years were left empty and are removed
    assert targets == {"2022/2023": Decimal("95.5")}
    assert audit_events("reports.indicator_targets.set").count() == 1

    contracts = reverse("reports:indicator_targets", args=[library["seed003-performance-06"].pk])
    response = client.post(contracts, {"year_%d" % year.pk: "2.5"})
    assert response.context["form"].errors  # contracts are whole items


def test_targets_and_value_of_an_unpicked_indicator_are_404(client, organization, curator):
    library = _library(organization, curator)
    _client(client, curator)
    pk = library["seed003-performance-06"].pk
    assert client.get(reverse("reports:indicator_targets", args=[pk])).status_code == 404
    assert client.get(reverse("reports:indicator_value", args=[pk])).status_code == 404


def test_value_page_saves_note_and_evidence_then_downloads(client, organization, curator, director,
                                                           other_organization):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reports.models import IndicatorValue

    library = _library(organization, curator, "seed003-performance-06")
    dual = library["seed003-performance-06"]
    year = AcademicYear.current()
    url = reverse("reports:indicator_value", args=[dual.pk]) + "?year=%d" % year.pk
    _client(client, curator)

    refused = client.post(url, {"value": "4", "note": "",
                                "evidence": SimpleUploadedFile("x.pdf", b"plain text")})
    assert refused.status_code == 200 and "evidence" in refused.context["form"].errors
    assert not IndicatorValue.objects.exists()

    response = client.post(url, {"value": "4", "note": "Договоры № 1–4",
                                 "evidence": SimpleUploadedFile("scan.pdf", PDF)})
    assert response.status_code == 302
    record = IndicatorValue.objects.get()
    assert (record.value, record.note, record.recorded) == (Decimal("4"), "Договоры № 1–4", False)

    page = client.get(reverse("reports:indicators"), {"year": year.pk}).content.decode()
    download = reverse("reports:evidence_download", args=[record.pk])
    assert download in page

    _client(client, director)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert audit_events("reports.evidence.downloaded", actor=director).count() == 1


def test_evidence_of_another_organisation_is_404(client, organization, other_organization, curator):
    from django.core.files.base import ContentFile

    from reports.models import IndicatorValue
    from reports.services.indicators import ensure_library

    dual = {i.code: i for i in ensure_library()}["seed003-performance-06"]
    record = IndicatorValue.objects.create(organization=other_organization, indicator=dual,
                                           academic_year=AcademicYear.current(), value=Decimal("1"))
    record.evidence.save("e.pdf", ContentFile(PDF))

    response = _client(client, curator).get(reverse("reports:evidence_download", args=[record.pk]))

    assert response.status_code == 404


def test_value_page_refuses_computed_indicators(client, organization, curator):
    from reports.models import IndicatorValue

    library = _library(organization, curator, "seed003-efficiency-01")
    url = reverse("reports:indicator_value", args=[library["seed003-efficiency-01"].pk])

    response = _client(client, curator).post(url, {"value": "50"})

    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("pairs", [0, 10])
def test_indicators_page_with_the_whole_library_has_bounded_queries(
        client, organization, curator, pairs, django_assert_max_num_queries):
    from reports.services.indicators import ensure_library, pick_indicators

    pick_indicators(organization, ensure_library(), curator)
    year = AcademicYear.current()
    for _n in range(pairs):
        make_pair(organization, year, mentor=mentor_of(organization, "student"))
    _client(client, curator)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("reports:indicators"), {"year": year.pk})
    assert response.status_code == 200
    assert response.content.decode().count("<tr data-indicator=") == 27

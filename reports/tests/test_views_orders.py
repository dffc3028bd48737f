"""Pages of reports: indicators, head counts, the report job, the order register."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.models import AcademicYear
from reports.enums import OrderKind, OrderStatus, ReportKind
from reports.models import Order, Report
from reports.services.annual import build_report



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
    assert reverse("reports:order_detail", args=[signed.pk]) in html
    assert 'data-status="draft"' in html and 'data-status="signed"' in html
    # the curator drafts: the «New order» menu offers the kinds of a college, not the
    # territory curator's appointment (an education authority's order, issue 14)
    # (nor a contest's results, drafted from the contest's ranking page)
    territory_kinds = {OrderKind.TERRITORY_CURATOR, OrderKind.CONTEST_RESULTS}
    college_kinds = set(OrderKind.values) - territory_kinds
    assert all(reverse("reports:order_create", args=[kind]) in html for kind in college_kinds)
    assert not any(reverse("reports:order_create", args=[kind]) in html for kind in territory_kinds)


def test_order_list_offers_no_download_for_a_signed_order_without_a_file(client, organization, curator):
    order = _order(organization, AcademicYear.current(), 1, with_file=False)
    html = _client(client, curator).get(reverse("reports:order_list")).content.decode()
    assert reverse("reports:order_download", args=[order.pk]) not in html


def test_order_list_has_no_new_order_menu_for_the_director(client, organization, director):
    html = _client(client, director).get(reverse("reports:order_list")).content.decode()
    assert reverse("reports:order_create", args=[OrderKind.REWARDS]) not in html


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
    assert 'filename="prikaz-7-' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"  # it names people
    assert b"".join(response.streaming_content) == b"%PDF-1.4 order 7"


def test_draft_preview_and_docx_are_generated_downloads_never_cached(client, organization, curator):
    draft = _order(organization, AcademicYear.current(), 8, status=OrderStatus.DRAFT, with_file=False)
    _client(client, curator)
    for name, start in (("reports:order_download", b"%PDF"), ("reports:order_docx", b"PK")):
        response = client.get(reverse(name, args=[draft.pk]))
        assert response.content.startswith(start)
        assert 'filename="proekt-prikaza-%d.' % draft.pk in response["Content-Disposition"]
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_order_download_is_404_for_others(client, organization, persona, request):
    order = _order(organization, AcademicYear.current(), 3)
    _client(client, request.getfixturevalue(persona))
    assert client.get(reverse("reports:order_download", args=[order.pk])).status_code == 404


def test_order_download_is_404_while_no_file(client, organization, curator):
    order = _order(organization, AcademicYear.current(), 4, with_file=False)
    response = _client(client, curator).get(reverse("reports:order_download", args=[order.pk]))
    assert response.status_code == 404

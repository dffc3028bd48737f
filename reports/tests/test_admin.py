"""Admin of reports: every model's pages open; order files are read-only;
head counts saved in the admin go through the audited service."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from mentoring.tests.factories import UserFactory
from reports.enums import OrderKind, OrderStatus, ReportKind
from reports.models import HeadCount, Indicator, IndicatorValue, Order, Report
from reports.services.indicators import ensure_indicators


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_pages_open(admin_client, organization):
    ensure_indicators(organization=organization)
    year = AcademicYear.current()
    Order.objects.create(organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL,
                         number=1, issued_on=datetime.date(2026, 10, 1), title="Об утверждении пар",
                         status=OrderStatus.SIGNED)
    Report.objects.create(organization=organization, academic_year=year, kind=ReportKind.ANNUAL)
    for model in ("order", "indicator", "organizationindicator", "indicatortarget", "indicatorvalue",
                  "headcount", "report"):
        assert admin_client.get(reverse("admin:reports_%s_changelist" % model)).status_code == 200, model


def test_admin_order_file_and_checksum_are_read_only(admin_client, organization):
    order = Order.objects.create(
        organization=organization, academic_year=AcademicYear.current(), kind=OrderKind.PAIRS_APPROVAL,
        number=2, issued_on=datetime.date(2026, 10, 2), title="Об утверждении пар",
        status=OrderStatus.SIGNED, sha256="ab" * 32,
    )
    response = admin_client.get(reverse("admin:reports_order_change", args=[order.pk]))
    form = response.context["adminform"].form
    assert "file" not in form.fields and "sha256" not in form.fields
    assert "ab" * 32 in response.content.decode()


def test_admin_head_count_save_is_audited(admin_client, organization):
    year = AcademicYear.current()
    response = admin_client.post(reverse("admin:reports_headcount_add"), {
        "organization": organization.pk, "academic_year": year.pk, "teachers": 7, "students": 70,
        "employer_partners": 3, "pupils_career_guidance": 0, "young_specialists": 2,
    })
    assert response.status_code == 302
    head_count = HeadCount.objects.get(organization=organization)
    assert (head_count.teachers, head_count.young_specialists) == (7, 2)
    assert audit_events("reports.headcount.updated").count() == 1


def test_admin_refuses_a_hand_value_for_a_computed_indicator(admin_client, organization):
    ensure_indicators(organization=organization)
    computed = Indicator.objects.get(code="teachers-as-mentors")
    manual = Indicator.objects.get(code="seed003-performance-06")
    year = AcademicYear.current()
    url = reverse("admin:reports_indicatorvalue_add")
    data = {"organization": organization.pk, "academic_year": year.pk, "value": "5", "note": "н"}

    response = admin_client.post(url, {**data, "indicator": computed.pk})
    assert response.status_code == 200 and not IndicatorValue.objects.exists()

    response = admin_client.post(url, {**data, "indicator": manual.pk})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("5")
    assert audit_events("reports.indicator_value.set").count() == 1

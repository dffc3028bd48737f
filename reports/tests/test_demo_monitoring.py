"""The monitoring part of the demo territory (mentoring/demo/territory_monitoring.py)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from mentoring.demo import territory_monitoring
from mentoring.enums import OrganizationKind
from mentoring.models import AcademicYear
from mentoring.tests.factories import OrganizationFactory, UserFactory
from reports.models import MonitoringCampaign
from reports.services.monitoring import is_late


def test_demo_monitoring_has_a_late_school_and_a_previous_may(territory_world):
    tw = territory_world
    other = OrganizationFactory(territory=tw.territory, kind=OrganizationKind.SCHOOL, short_name="Школа № 5")
    today = timezone.localdate()
    demo = SimpleNamespace(territory=tw.territory, college=tw.college, schools=[tw.school, other],
                           today=today, year=AcademicYear.current(today), coordinator=tw.coordinator,
                           admin=UserFactory(is_superuser=True))
    territory_monitoring.build(demo)
    territory_monitoring.build(demo)  # idempotent
    december = MonitoringCampaign.objects.get(period="december")
    assert december.deadline == today - datetime.timedelta(days=1)
    assert timezone.localdate(december.opened_at) == today - datetime.timedelta(days=7)
    states = {r.organization_id: r.status for r in december.reports.all()}
    assert states == {tw.college.pk: "accepted", tw.school.pk: "submitted", other.pk: "draft"}
    assert [r.organization for r in december.reports.all() if is_late(r)] == [other]
    may = MonitoringCampaign.objects.get(period="may")
    assert may.status == "closed" and may.academic_year.starts_on.year == december.academic_year.starts_on.year - 1
    assert {r.status for r in may.reports.all()} == {"accepted"}


def test_demo_monitoring_without_schools(territory_world):
    tw = territory_world
    today = timezone.localdate()
    demo = SimpleNamespace(territory=tw.territory, college=tw.college, schools=[], today=today,
                           year=AcademicYear.current(today), coordinator=tw.coordinator, admin=None)
    territory_monitoring.build(demo)
    december = MonitoringCampaign.objects.get(period="december")
    assert december.reports.get(organization=tw.college).status == "accepted"

"""Read-only questions about reports, orders and indicator targets, above all
what a user may see: programme staff (curator, director, working group,
administrator) see their own organisation's reports and orders, nobody else
sees any."""

from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mentoring.models import AcademicYear, Organization
from mentoring.selectors import staff_organization_of

from .enums import JobStatus
from .models import IndicatorTarget, Order, Report

ACTIVE_JOB_STATUSES = (JobStatus.PENDING, JobStatus.RUNNING)




def reports_visible_to(user) -> QuerySet[Report]:
    """Reports of the user's organisation for programme staff; none otherwise."""
    organization = staff_organization_of(user)
    if organization is None:
        return Report.objects.none()
    return Report.objects.filter(organization=organization).select_related(
        "academic_year", "requested_by"
    )


def get_report_for_user(user, pk: int) -> Report:
    """The report ``pk`` if the user may see it; Http404 otherwise."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def orders_visible_to(user) -> QuerySet[Order]:
    """Orders of the user's organisation for programme staff; none otherwise."""
    organization = staff_organization_of(user)
    if organization is None:
        return Order.objects.none()
    return Order.objects.filter(organization=organization).select_related(
        "academic_year", "signed_by"
    )


def get_order_for_user(user, pk: int) -> Order:
    """The order ``pk`` if the user may see it; Http404 otherwise."""
    return get_object_or_404(orders_visible_to(user), pk=pk)


def active_report(
    organization: Organization, academic_year: AcademicYear, kind: str
) -> Report | None:
    """A pending or running report of that organisation, year and kind, if any."""
    return (
        Report.objects.filter(
            organization=organization,
            academic_year=academic_year,
            kind=kind,
            status__in=ACTIVE_JOB_STATUSES,
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


def targets_by_year(
    organization: Organization,
) -> tuple[list[AcademicYear], dict[int, dict[int, Decimal]]]:
    """The organisation's indicator targets in one query.

    Returns ``(years, targets)``: the academic years that have targets, in
    order, and ``{indicator_id: {academic_year_id: value}}``.
    """
    years: dict[int, AcademicYear] = {}
    targets: dict[int, dict[int, Decimal]] = {}
    for target in IndicatorTarget.objects.filter(organization=organization).select_related(
        "academic_year"
    ):
        years[target.academic_year_id] = target.academic_year
        targets.setdefault(target.indicator_id, {})[target.academic_year_id] = target.value
    return sorted(years.values(), key=lambda y: y.starts_on), targets

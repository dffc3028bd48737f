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
from .models import IndicatorTarget, IndicatorValue, Order, OrganizationIndicator, Report

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


def order_organization_of(user) -> Organization | None:
    """The organisation whose orders the user works with: their own for
    programme staff, the education authority for its territory curator (who
    drafts the territory's orders, issue 14); None otherwise."""
    from mentoring.selectors import organization_of, territory_of

    organization = staff_organization_of(user)
    if organization is None and territory_of(user) is not None:
        organization = organization_of(user)
    return organization


def orders_visible_to(user) -> QuerySet[Order]:
    """Orders of the user's organisation for programme staff and, in the
    education authority, its territory curator; none otherwise."""
    organization = order_organization_of(user)
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
    organization: Organization, *, picked_only: bool = False
) -> tuple[list[AcademicYear], dict[int, dict[int, Decimal]]]:
    """The organisation's indicator targets in one query (of its picked
    indicators only with ``picked_only``).

    Returns ``(years, targets)``: the academic years that have targets, in
    order, and ``{indicator_id: {academic_year_id: value}}``.
    """
    years: dict[int, AcademicYear] = {}
    targets: dict[int, dict[int, Decimal]] = {}
    queryset = IndicatorTarget.objects.filter(organization=organization)
    if picked_only:
        queryset = queryset.filter(
            indicator__choices__organization=organization
        )
    for target in queryset.select_related("academic_year"):
        years[target.academic_year_id] = target.academic_year
        targets.setdefault(target.indicator_id, {})[target.academic_year_id] = target.value
    return sorted(years.values(), key=lambda y: y.starts_on), targets


def picked_indicator_for_user(user, pk: int) -> OrganizationIndicator:
    """The user's organisation's pick of indicator ``pk`` (with the indicator)
    for programme staff; Http404 when not picked or not staff."""
    organization = staff_organization_of(user)
    queryset = (
        OrganizationIndicator.objects.none()
        if organization is None
        else OrganizationIndicator.objects.filter(organization=organization)
    )
    return get_object_or_404(queryset.select_related("indicator"), indicator_id=pk)


def indicator_values_visible_to(user) -> QuerySet[IndicatorValue]:
    """Indicator values (with their evidence) of the user's organisation for
    programme staff; none otherwise."""
    organization = staff_organization_of(user)
    if organization is None:
        return IndicatorValue.objects.none()
    return IndicatorValue.objects.filter(organization=organization).select_related(
        "indicator", "academic_year"
    )


def get_indicator_value_for_user(user, pk: int) -> IndicatorValue:
    """The indicator value ``pk`` if the user may see it; Http404 otherwise."""
    return get_object_or_404(indicator_values_visible_to(user), pk=pk)

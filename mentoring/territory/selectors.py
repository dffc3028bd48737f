"""Read-only questions of the territory's organisation management."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..enums import OrganizationKind, Role
from ..models import Organization
from ..selectors import territory_or_404


def managed_organizations(territory) -> QuerySet[Organization]:
    """The territory's organisations other than its education authority (schools,
    colleges, universities, enterprises), by short name, each annotated with
    ``curator_count`` (accounts with the curator role) — figures only."""
    return (
        Organization.objects.filter(territory=territory)
        .exclude(kind=OrganizationKind.AUTHORITY)
        .annotate(curator_count=Count("memberships", filter=Q(memberships__role=Role.CURATOR)))
        .order_by("short_name", "pk")
    )


def managed_organization_or_404(user, pk: int) -> Organization:
    """Organisation ``pk`` of the territory whose curator ``user`` is; Http404
    for anyone who is not a territory curator, another territory's organisation
    and the authority itself."""
    return get_object_or_404(managed_organizations(territory_or_404(user)), pk=pk)

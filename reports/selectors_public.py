"""What the public pages show (seed 002 item 14, seed 001 6.3): read per
request, never cached, so that a withdrawn publication consent or a page
turned off takes effect on the next page served.

About people only: the full name, the photo, the competencies, the awards (of
a signed order) and contest places, and only for mentors of
``participants.selectors.publishable_mentors``. Never contacts, dates of birth,
positions or anything else of a person.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentoring.enums import OrganizationKind
from mentoring.models import Organization, Programme, Territory
from participants.models import Mentor
from participants.selectors import publishable_mentors

from .enums import FROZEN_ORDER_STATUSES, AwardKind, ContestStage
from .models import Award, Contest, Practice

CONTEST_AWARD_KINDS = (AwardKind.CONTEST_WINNER, AwardKind.CONTEST_PRIZE)
# how many of the latest closed contests and published practices a territory page lists
TERRITORY_CONTESTS = 5
TERRITORY_PRACTICES = 12


def public_territory_or_404(slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise Http404
    return territory


def public_organization_or_404(slug: str) -> Organization:
    """The organisation whose public page is on at ``slug``; Http404 otherwise
    (also for an education authority: the territory page stands for it)."""
    organization = (
        Organization.objects.filter(slug=slug, is_public=True)
        .exclude(kind=OrganizationKind.AUTHORITY)
        .select_related("territory")
        .first()
    )
    if organization is None:
        raise Http404
    return organization


def public_organizations(territory: Territory) -> QuerySet[Organization]:
    """The territory's organisations whose public page is on, by name."""
    return (
        Organization.objects.filter(territory=territory, is_public=True, slug__isnull=False)
        .exclude(kind=OrganizationKind.AUTHORITY)
        .order_by("short_name")
    )


def signed_awards() -> QuerySet[Award]:
    """Awards granted by a signed (or issued) order: the organisation's rewards
    order or a contest's results order."""
    return Award.objects.filter(
        Q(order__status__in=FROZEN_ORDER_STATUSES)
        | Q(contest__order__status__in=FROZEN_ORDER_STATUSES)
    )


def honour_board(organization: Organization, *, today: datetime.date | None = None) -> list[Mentor]:
    """The organisation's mentors who consented to publication, by name, each
    with ``public_awards`` (signed awards, newest year first, with the contest).
    Three queries whatever the number of mentors."""
    awards = signed_awards().select_related("academic_year", "contest").order_by(
        "-academic_year__starts_on", "kind", "pk"
    )
    return list(
        publishable_mentors(today=today)
        .filter(participant__organization=organization)
        .select_related("participant")
        .prefetch_related(Prefetch("awards", queryset=awards, to_attr="public_awards"))
        .order_by("participant__surname", "participant__name", "pk")
    )


def published_practices(organizations, *, today: datetime.date | None = None,
                        limit: int | None = None) -> list[Practice]:
    """Published practices of ``organizations`` (a queryset or list), newest
    year first, each with ``mentor_public`` (True when its mentor may be named)."""
    consented = publishable_mentors(today=today).filter(pk=OuterRef("mentor_id"))
    practices = (
        Practice.objects.filter(organization__in=organizations, published=True)
        .select_related("academic_year", "form", "organization", "mentor__participant")
        .annotate(mentor_public=Exists(consented))
        .order_by("-academic_year__starts_on", "title", "pk")
    )
    return list(practices[:limit] if limit else practices)


def current_programmes(organization: Organization, *, today: datetime.date | None = None) -> list[Programme]:
    """The organisation's programmes running today, with their forms and kinds."""
    today = today or timezone.localdate()
    return list(
        Programme.objects.filter(
            organization=organization,
            first_year__starts_on__lte=today, last_year__ends_on__gte=today,
        ).select_related("first_year", "last_year").prefetch_related("forms", "kinds")
    )


def contest_results(territory: Territory, *, today: datetime.date | None = None) -> list[Contest]:
    """The territory's latest contests whose results order is signed (stage
    RESULTS), each with ``winners``: its signed contest awards (winner,
    prize-winner) of mentors who consented to publication, by place."""
    consented = publishable_mentors(today=today)
    winners = (
        signed_awards()
        .filter(kind__in=CONTEST_AWARD_KINDS, mentor__in=consented)
        .select_related("mentor__participant__organization")
        .order_by("place", "mentor__participant__surname", "pk")
    )
    contests = (
        Contest.objects.filter(territory=territory, stage=ContestStage.RESULTS)
        .select_related("academic_year")
        .prefetch_related(Prefetch("awards", queryset=winners, to_attr="winners"))
        .order_by("-closed_at", "-pk")[:TERRITORY_CONTESTS]
    )
    return list(contests)

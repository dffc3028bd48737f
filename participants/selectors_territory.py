"""Reads of the territory's mentor base (seed 002 items 6, 7, 11): who searches
it, the listed mentors with their free places, a mentor's entry."""

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from mentoring.enums import Role
from mentoring.models import MentoringForm
from mentoring.selectors import organization_of, roles_of, territory_of

from .enums import ListingStatus
from .models import Mentor, MentorListing

# Roles of an organisation of the territory that search the base.
SEARCHING_ROLES = {Role.CURATOR, Role.DIRECTOR, Role.ADMIN}


def base_territory_of(user):
    """The territory whose base ``user`` may search: the territory curator's, or
    the territory of the organisation where the user is a curator, director or
    admin; None for everybody else (mentors, mentees, working group, users of
    an organisation outside any territory)."""
    territory = territory_of(user)
    if territory is not None:
        return territory
    organization = organization_of(user)
    if organization is None or organization.territory_id is None:
        return None
    if not roles_of(user, organization) & SEARCHING_ROLES:
        return None
    return organization.territory


def base_territory_or_404(user):
    territory = base_territory_of(user)
    if territory is None:
        raise Http404
    return territory


def with_free_places(qs: QuerySet[MentorListing]) -> QuerySet[MentorListing]:
    """Annotate ``open_mentees`` and ``free_places`` (the mentor's capacity
    minus the mentees of their open pairs in every organisation,
    ``pairs.selectors.open_mentees_count``; may be negative) in the same query."""
    from pairs.selectors import open_mentees_count

    return qs.annotate(open_mentees=open_mentees_count("mentor__")).annotate(
        free_places=F("mentor__capacity") - F("open_mentees")
    )


def listed_mentors(territory) -> QuerySet[MentorListing]:
    """The listed entries of ``territory`` (consent checked at every withdrawal;
    anonymised people never), with free places, the mentor, their
    organisation and the forms loaded: two queries for a page. By name."""
    qs = MentorListing.objects.filter(
        territory=territory, status=ListingStatus.LISTED,
        mentor__participant__anonymised_at__isnull=True,
    ).select_related("mentor__participant__organization", "confirmed_year").prefetch_related(
        Prefetch("forms", queryset=MentoringForm.objects.order_by("name"))
    )
    return with_free_places(qs).order_by(
        "mentor__participant__surname", "mentor__participant__name", "pk"
    )


def managed_mentor_or_404(user, pk: int) -> Mentor:
    """The mentor ``pk`` whose entry ``user`` may change
    (``services.territory_base.may_manage_listing``); Http404 for anyone else."""
    from .services.territory_base import may_manage_listing

    mentor = Mentor.objects.select_related("participant__organization__territory").filter(
        pk=pk
    ).first()
    if mentor is None or not may_manage_listing(user, mentor):
        raise Http404
    return mentor

"""Which invitations of the territory's mentor base a user sees (seed 002 items 6,
11): the inviting organisation's staff its own; the mentor's organisation's
staff those to its mentors; the mentor those to them; the territory curator
those to the enterprises' and universities' specialists without an account. 404 for the rest."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from mentoring.enums import PROGRAMME_STAFF_ROLES, Role
from mentoring.selectors import organization_of, roles_of, territory_of

from .models import MentorInvitation


def invitations_visible_to(user) -> QuerySet[MentorInvitation]:
    """Invitations ``user`` may see, filtered in SQL, with the members, forms and
    organisations joined (one query for a page)."""
    organization = organization_of(user)
    if organization is None:
        return MentorInvitation.objects.none()
    roles = roles_of(user, organization)
    condition = Q(pk__in=[])
    if roles & PROGRAMME_STAFF_ROLES:
        condition |= Q(organization=organization) | Q(mentor__participant__organization=organization)
    if Role.MENTOR in roles:
        condition |= Q(mentor__participant__user=user)
    territory = territory_of(user)
    if territory is not None:
        from participants.services.territory_base import SPECIALIST_KINDS

        condition |= Q(
            mentor__participant__user__isnull=True,
            mentor__participant__organization__territory=territory,
            mentor__participant__organization__kind__in=SPECIALIST_KINDS,
        )
    return MentorInvitation.objects.filter(condition).select_related(
        "organization", "mentor__participant__organization", "mentee__participant", "form", "kind",
        "invited_by", "answered_by", "pair",
    )


def get_invitation_for_user(user, pk: int) -> MentorInvitation:
    """The invitation ``pk`` if ``user`` sees it; Http404 otherwise."""
    return get_object_or_404(invitations_visible_to(user), pk=pk)


def get_invitable_listing(user, pk: int):
    """The listed entry ``pk`` of the territory's mentor base
    (``participants.selectors_territory.listed_mentors``) that a curator (or
    admin) of ANOTHER organisation of the same territory may invite; Http404
    for everybody else."""
    from django.http import Http404

    from participants.selectors_territory import listed_mentors

    from .services.invitations import INVITING_ROLES

    organization = organization_of(user)
    if organization is None or organization.territory_id is None:
        raise Http404
    if not roles_of(user, organization) & INVITING_ROLES:
        raise Http404
    return get_object_or_404(
        listed_mentors(organization.territory_id).exclude(
            mentor__participant__organization=organization
        ),
        pk=pk,
    )

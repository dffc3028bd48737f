"""What pairs a user may see, and questions about pairs' work."""

import datetime

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentoring.enums import Role
from mentoring.selectors import organization_of, roles_of

from .enums import OPEN_STATUSES, WORKING_STATUSES
from .models import Pair

# Roles that see every pair of their organisation.
STAFF_ROLES = {Role.CURATOR, Role.DIRECTOR, Role.WORKING_GROUP, Role.ADMIN}


def pairs_visible_to(user) -> QuerySet[Pair]:
    """Pairs the user may see, filtered in SQL.

    Curators, directors, working-group members and admins see their
    organisation's pairs; a mentor sees the pairs they lead; a mentee the pairs
    they are in. Everybody else sees nothing.
    """
    organization = organization_of(user)
    if organization is None:
        return Pair.objects.none()
    roles = roles_of(user, organization)
    base = Pair.objects.filter(organization=organization)
    if roles & STAFF_ROLES:
        return base
    condition = Q(pk__in=[])
    if Role.MENTOR in roles:
        condition |= Q(mentor__participant__user=user)
    if Role.MENTEE in roles:
        condition |= Q(mentees__participant__user=user)
    return base.filter(condition).distinct()


def get_pair_for_user(user, pk: int) -> Pair:
    """The pair ``pk`` if the user may see it; Http404 otherwise."""
    return get_object_or_404(pairs_visible_to(user), pk=pk)


def with_last_meeting(qs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Annotate ``last_meeting_on`` (date or None) in the same query."""
    return qs.annotate(last_meeting_on=Max("meetings__held_on"))


def inactive_pairs(qs: QuerySet[Pair], today: datetime.date | None = None) -> QuerySet[Pair]:
    """Working pairs with no meeting for more than MEETING_MAX_GAP_DAYS days
    (seed 000, 6.4: at least once every two weeks). A pair that never met counts
    from its approval date."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.MEETING_MAX_GAP_DAYS)
    limit_dt = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    return with_last_meeting(qs.filter(status__in=WORKING_STATUSES)).filter(
        Q(last_meeting_on__lt=limit)
        | Q(last_meeting_on__isnull=True, approved_at__lt=limit_dt)
    )


def open_pairs_of_mentor(mentor) -> QuerySet[Pair]:
    return Pair.objects.filter(mentor=mentor, status__in=OPEN_STATUSES)

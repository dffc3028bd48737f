"""What pairs a user may see, and questions about pairs' work."""

import datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentoring.enums import PROGRAMME_STAFF_ROLES, Role
from mentoring.selectors import organization_of, roles_of
from participants.selectors import name_search_q
from participants.enums import ConsentStatus
from participants.models import Mentee, Mentor

from .enums import OPEN_STATUSES, WORKING_STATUSES, PairStatus
from .models import Meeting, Pair

# Roles that see every pair of their organisation.
STAFF_ROLES = PROGRAMME_STAFF_ROLES
# Roles that may log a meeting of any pair of their organisation.
MEETING_STAFF_ROLES = {Role.CURATOR}


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
    # a mentor leads pairs of other organisations too (invited through the
    # territory's mentor base, seed 002): their own pairs, wherever they are
    own = Q(mentor__participant__user=user) if Role.MENTOR in roles else Q(pk__in=[])
    if roles & STAFF_ROLES:
        return Pair.objects.filter(Q(organization=organization) | own)
    condition = own
    if Role.MENTEE in roles:
        condition |= Q(organization=organization, mentees__participant__user=user)
    return Pair.objects.filter(condition).distinct()


def partner_condition(organization) -> Q:
    """Pairs of other organisations led by a mentor of ``organization`` (formed
    through the territory's mentor base, seed 002 items 6, 11)."""
    return Q(mentor__participant__organization=organization) & ~Q(organization=organization)


def pairs_seen_by(user) -> QuerySet[Pair]:
    """:func:`pairs_visible_to` plus, for the programme staff of the mentor's
    organisation, the pairs other organisations formed with their mentors
    (read-only for them: the list and the pair's page, nothing else)."""
    organization = organization_of(user)
    if organization is not None and roles_of(user, organization) & STAFF_ROLES:
        return Pair.objects.filter(
            Q(pk__in=pairs_visible_to(user).values("pk")) | partner_condition(organization)
        )
    return pairs_visible_to(user)


def is_partner_view(user, pair: Pair) -> bool:
    """True when ``user`` sees ``pair`` only as staff of the mentor's
    organisation (not staff of the pair's organisation, not its mentor)."""
    if is_staff_of(user, pair.organization) or pair.mentor.participant.user_id == user.pk:
        return False
    return is_staff_of(user, pair.mentor.participant.organization)


def get_pair_for_user(user, pk: int) -> Pair:
    """The pair ``pk`` if the user may see it; Http404 otherwise."""
    return get_object_or_404(pairs_visible_to(user), pk=pk)


def get_pair_detail_for_user(user, pk: int) -> Pair:
    """Like :func:`get_pair_for_user` (and the partner pairs of
    :func:`pairs_seen_by`), with members, order and the inactivity flag loaded
    for the pair's page; Http404 when the user may not see it."""
    return get_object_or_404(with_inactivity(with_members(pairs_seen_by(user))), pk=pk)


def may_log_meeting(user, pair: Pair) -> bool:
    """True for the pair's own mentor and for a curator of its organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    if pair.mentor.participant.user_id == user.pk:
        return True
    return bool(roles_of(user, pair.organization) & MEETING_STAFF_ROLES)


def get_pair_for_meeting_log(user, pk: int) -> Pair:
    """The pair ``pk`` if the user may log its meetings (its mentor or a curator of
    its organisation); Http404 for everybody else, as if the pair did not exist."""
    pair = get_object_or_404(
        pairs_visible_to(user).select_related("mentor__participant", "organization"), pk=pk
    )
    if not may_log_meeting(user, pair):
        raise Http404
    return pair


def is_staff_of(user, organization) -> bool:
    """True when the user sees all pairs of ``organization``."""
    return bool(roles_of(user, organization) & STAFF_ROLES)


def with_members(qs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Load mentor, form, kind, order and mentees with their participants in a
    fixed number of queries (one for the pairs, one for the mentees)."""
    return qs.select_related(
        "mentor__participant", "form", "kind", "order", "organization"
    ).prefetch_related(
        Prefetch(
            "mentees",
            queryset=Mentee.objects.select_related("participant").order_by(
                "participant__surname", "participant__name"
            ),
        )
    )


def with_last_meeting(qs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Annotate ``last_meeting_on`` (date or None) in the same query: the newest
    meeting of each pair read from the (pair, held_on) index, never a join of
    every meeting grouped by pair (which grows with the meetings of the year)."""
    newest = Meeting.objects.filter(pair=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return qs.annotate(last_meeting_on=Subquery(newest, output_field=DateField()))


def _inactivity_limits(today: datetime.date | None) -> tuple[datetime.date, datetime.datetime]:
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.MEETING_MAX_GAP_DAYS)
    limit_dt = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    return limit, limit_dt


def _inactive_condition(limit: datetime.date, limit_dt: datetime.datetime) -> Q:
    return Q(last_meeting_on__lt=limit) | Q(last_meeting_on__isnull=True, approved_at__lt=limit_dt)


def inactive_pairs(qs: QuerySet[Pair], today: datetime.date | None = None) -> QuerySet[Pair]:
    """Working pairs with no meeting for more than MEETING_MAX_GAP_DAYS days
    (seed 000, 6.4: at least once every two weeks). A pair that never met counts
    from its approval date."""
    limit, limit_dt = _inactivity_limits(today)
    # the same rule as ``_inactive_condition`` without reading every pair's last
    # meeting: no meeting since the limit (an anti-join over the recent
    # meetings) and, for a pair that never met, approved before the limit
    met = Meeting.objects.filter(pair=OuterRef("pk"))
    return with_last_meeting(
        qs.filter(status__in=WORKING_STATUSES)
        .filter(~Exists(met.filter(held_on__gte=limit)))
        .filter(Q(approved_at__lt=limit_dt) | Exists(met))
    )


def with_inactivity(qs: QuerySet[Pair], today: datetime.date | None = None) -> QuerySet[Pair]:
    """Annotate ``last_meeting_on`` and ``is_inactive`` (bool: a working pair that
    :func:`inactive_pairs` would return) without extra queries per row."""
    limit, limit_dt = _inactivity_limits(today)
    return with_last_meeting(qs).annotate(
        is_inactive=Case(
            When(Q(status__in=WORKING_STATUSES) & _inactive_condition(limit, limit_dt), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def open_pairs_of_mentor(mentor) -> QuerySet[Pair]:
    return Pair.objects.filter(mentor=mentor, status__in=OPEN_STATUSES)


def open_pairs_of_participant(participant) -> QuerySet[Pair]:
    """Open pairs and groups (``OPEN_STATUSES``) the participant is in, as the
    mentor or as a mentee, each once, by key."""
    ids = Pair.objects.filter(
        Q(mentor__participant=participant) | Q(mentees__participant=participant),
        status__in=OPEN_STATUSES,
    ).values("pk")
    # a subquery of keys rather than DISTINCT: the caller may lock the rows
    # (PostgreSQL refuses FOR UPDATE with DISTINCT)
    return Pair.objects.filter(pk__in=ids).order_by("pk")


def open_mentees_count(prefix: str = "") -> Count:
    """The one definition of the places a mentor holds: distinct mentees of the
    mentor's open pairs and groups (``OPEN_STATUSES``) in ANY organisation — a
    pair formed by another organisation through the territory's mentor base
    (seed 002) takes a place as well. ``prefix`` leads from the annotated model
    to the Mentor (``"mentor__"`` for a MentorListing)."""
    return Count(
        f"{prefix}pairs__mentees", filter=Q(**{f"{prefix}pairs__status__in": OPEN_STATUSES}),
        distinct=True,
    )


def with_open_mentee_count(qs: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Annotate ``open_mentees`` (mentees in the mentor's open pairs, every
    organisation's: :func:`open_mentees_count`) and ``free_capacity`` (capacity
    − open_mentees, may be negative) in one query."""
    return qs.annotate(open_mentees=open_mentees_count()).annotate(
        free_capacity=F("capacity") - F("open_mentees")
    )


def free_places(mentor) -> int:
    """Free places of ``mentor`` (capacity − :func:`open_mentees_count`, never
    below 0): one query."""
    row = with_open_mentee_count(Mentor.objects.filter(pk=mentor.pk)).values_list(
        "free_capacity", flat=True
    ).first()
    return max(row or 0, 0)


def mentors_for_pairing(organization, form=None) -> QuerySet[Mentor]:
    """Mentors of ``organization`` who may lead a pair: consent given and, when a
    form is given, a category the form admits as mentor (seed 002 «Наставник»).
    Annotated by :func:`with_open_mentee_count`; ordered by name."""
    qs = Mentor.objects.filter(
        participant__organization=organization,
        participant__consent_status=ConsentStatus.GIVEN,
    )
    if form is not None:
        qs = qs.filter(participant__category__in=form.mentor_categories)
    return with_open_mentee_count(qs.select_related("participant")).order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    )


def mentees_for_pairing(organization, form=None, search: str = "") -> QuerySet[Mentee]:
    """Mentees of ``organization`` who may join a new pair: consent given, not in an
    open pair, and (with a form) of a category the form admits as mentee."""
    qs = Mentee.objects.filter(
        participant__organization=organization,
        participant__consent_status=ConsentStatus.GIVEN,
    ).exclude(pairs__status__in=OPEN_STATUSES)
    if form is not None:
        qs = qs.filter(participant__category__in=form.mentee_categories)
    if search:
        qs = qs.filter(name_search_q(search, "participant__"))
    return qs.select_related("participant").order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    )


def draft_pairs(organization) -> QuerySet[Pair]:
    """The organisation's draft pairs, returned ones (with the director's comment)
    first, then newest first."""
    return with_members(
        Pair.objects.filter(organization=organization, status=PairStatus.DRAFT)
    ).order_by(
        Case(When(return_comment="", then=Value(1)), default=Value(0)), "-created_at", "-pk"
    )


def proposed_pairs(organization) -> QuerySet[Pair]:
    """Pairs waiting for the director's approval, oldest first."""
    return with_members(
        Pair.objects.filter(organization=organization, status=PairStatus.PROPOSED)
    ).order_by("created_at", "pk")


def pairs_for_order(order) -> QuerySet[Pair]:
    """The pairs an order approved, by mentor's name, with members loaded."""
    return with_members(Pair.objects.filter(order=order)).order_by(
        "mentor__participant__surname", "mentor__participant__name", "pk"
    )


def pairs_of_user(user) -> dict[str, QuerySet[Pair]]:
    """A user's own pairs: ``{"as_mentor": ..., "as_mentee": ...}``, each with
    members and the inactivity flag loaded."""
    base = with_inactivity(with_members(Pair.objects.all())).order_by("-created_at", "-pk")
    if not getattr(user, "is_authenticated", False):
        return {"as_mentor": base.none(), "as_mentee": base.none()}
    return {
        "as_mentor": base.filter(mentor__participant__user=user),
        "as_mentee": base.filter(mentees__participant__user=user),
    }


def pair_records(pair: Pair) -> list:
    """The pair and the records that belong to it — its programme, plan items
    and meetings — as ``mentoring.selectors.audit_trail`` targets."""
    from .models import Meeting, PersonalPlan, PlanItem

    return [
        pair,
        PersonalPlan.objects.filter(pair=pair),
        PlanItem.objects.filter(plan__pair=pair),
        Meeting.objects.filter(pair=pair),
    ]

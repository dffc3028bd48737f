"""Meetings counted per mentee: a meeting of a group is one Meeting of the Pair and
counts for every member of the group (issue 4, item 5; seed 000 6.4)."""

import datetime

from django.db.models import Count, Max, Q, QuerySet

from participants.models import Mentee

from .models import Meeting


def _period(prefix: str, since: datetime.date | None, until: datetime.date | None) -> Q:
    condition = Q()
    if since is not None:
        condition &= Q(**{prefix + "held_on__gte": since})
    if until is not None:
        condition &= Q(**{prefix + "held_on__lte": until})
    return condition


def meetings_of_mentee(
    mentee: Mentee,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Meeting]:
    """Every meeting of every pair or group ``mentee`` is (or was) in, newest
    first, optionally within ``since``…``until`` (dates, inclusive)."""
    return (
        Meeting.objects.filter(pair__mentees=mentee)
        .filter(_period("", since, until))
        .select_related("pair")
        .order_by("-held_on", "-pk")
    )


def with_meeting_count(
    qs: QuerySet[Mentee],
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Mentee]:
    """Annotate each mentee with ``meeting_count`` (int: meetings of all their pairs
    and groups, each group meeting once for each member) and ``last_meeting_on``
    (date or None), within ``since``…``until`` when given — in the same query."""
    condition = _period("pairs__meetings__", since, until)
    return qs.annotate(
        meeting_count=Count("pairs__meetings", filter=condition, distinct=True),
        last_meeting_on=Max("pairs__meetings__held_on", filter=condition),
    )


def meeting_counts(
    mentees,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[int, int]:
    """``{mentee pk: number of meetings}`` for ``mentees`` (a queryset or an
    iterable of Mentee or pks), zeros included; one query."""
    if isinstance(mentees, QuerySet):
        qs = mentees
    else:
        pks = [getattr(m, "pk", m) for m in mentees]
        qs = Mentee.objects.filter(pk__in=pks)
    rows = with_meeting_count(qs.order_by(), since=since, until=until).values_list(
        "pk", "meeting_count"
    )
    return dict(rows)

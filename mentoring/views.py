"""The dashboard (one page per role, made of blocks) and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from pairs.enums import OPEN_STATUSES, PairStatus
from pairs.selectors import (
    inactive_pairs,
    pairs_visible_to,
    with_inactivity,
    with_members,
)
from reports.models import Order
from reports.services.indicators import indicator_table
from roadmap.selectors import overdue_activities, stage_progress
from surveys.selectors import pending_responses_of

from .enums import Role
from .models import AcademicYear, Organization
from .selectors import organization_of, roles_of

# Roles that keep the programme (the director has blocks of their own); a user
# with several roles sees the union of their blocks.
STAFF_ROLES = {Role.CURATOR, Role.WORKING_GROUP, Role.ADMIN}
LIST_LIMIT = 10
ORDERS_LIMIT = 5


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def dashboard(request: HttpRequest) -> HttpResponse:
    """One page per role, composed of blocks (seed 000 §9; DESIGN.md "People"):

    - curator, working group, admin: stage progress, overdue activities, pairs
      by status, pairs without a meeting for more than 14 days, indicators
      against targets, quick links (curator and admin);
    - director: pairs waiting for approval, latest orders, indicators, stage progress;
    - mentor: own pairs with the inactivity warning, pending feedback forms;
    - mentee: own mentor and pair status, pending feedback forms;
    - nobody of an organisation: a message to contact the curator.

    A bounded number of queries whatever the size of the data.
    """
    user = request.user
    organization = organization_of(user)
    roles = roles_of(user, organization) if organization is not None else set()
    if organization is None or not roles:
        return render(
            request, "mentoring/dashboard/index.html", {"no_membership": True}
        )
    year = AcademicYear.current()
    is_staff = bool(roles & STAFF_ROLES)
    is_director = Role.DIRECTOR in roles
    context: dict = {"academic_year": year, "roles": roles}
    if is_staff or is_director:
        context["stages"] = _stage_block(organization, year)
        context["indicators"] = _indicator_block(organization, year)
    if is_staff:
        context["overdue"] = _overdue_block(organization, year)
        context["pair_counts"] = _pair_status_block(user)
        context["inactive"] = _inactive_block(user)
        context["quick_links"] = bool(roles & {Role.CURATOR, Role.ADMIN})
    if is_director:
        context["approval_count"] = _approval_count(user)
        context["orders"] = _orders_block(organization)
    if Role.MENTOR in roles:
        context["mentor_pairs"] = _mentor_pairs_block(user)
    if Role.MENTEE in roles:
        context["mentee_pairs"] = _mentee_pairs_block(user)
    if roles & {Role.MENTOR, Role.MENTEE}:
        context["pending_forms"] = _pending_forms_block(user)
    return render(request, "mentoring/dashboard/index.html", context)


def _stage_block(organization: Organization, year: AcademicYear) -> list[dict]:
    """Progress rows of ``roadmap.selectors.stage_progress`` (empty without a roadmap)."""
    return stage_progress(organization, year)


def _overdue_block(organization: Organization, year: AcademicYear) -> dict:
    """The first overdue activities and how many there are: two queries."""
    qs = overdue_activities(organization, year)
    return {"items": list(qs[:LIST_LIMIT]), "count": qs.count()}


def _indicator_block(organization: Organization, year: AcademicYear) -> list:
    """``IndicatorRow``s of ``reports.services.indicators.indicator_table``."""
    return indicator_table(organization, year)


def _pair_status_block(user) -> dict:
    """Pairs and groups the user sees per status, in lifecycle order: one query."""
    counts = dict(
        pairs_visible_to(user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk", distinct=True))
    )
    rows = [
        (status, label, counts.get(status, 0)) for status, label in PairStatus.choices
    ]
    return {"rows": rows, "total": sum(counts.values())}


def _inactive_block(user) -> dict:
    """Working pairs with no meeting for more than 14 days (seed 000 6.4), the
    longest silent first: the first ones with their members, and the count."""
    qs = inactive_pairs(pairs_visible_to(user))
    items = with_members(qs).order_by("last_meeting_on", "approved_at", "pk")[
        :LIST_LIMIT
    ]
    return {"items": list(items), "count": qs.count()}


def _approval_count(user) -> int:
    return pairs_visible_to(user).filter(status=PairStatus.PROPOSED).count()


def _orders_block(organization: Organization) -> list:
    """The organisation's latest orders, newest first."""
    return list(
        Order.objects.filter(organization=organization).order_by(
            "-issued_on", "-number"
        )[:ORDERS_LIMIT]
    )


def _own_pairs(user, **condition):
    """The user's pairs that have not ended, with members and the inactivity
    flag; silent pairs first, then the newest."""
    qs = pairs_visible_to(user).filter(status__in=OPEN_STATUSES, **condition)
    return list(
        with_inactivity(with_members(qs)).order_by("-is_inactive", "-created_at", "-pk")[:LIST_LIMIT]
    )


def _mentor_pairs_block(user) -> list:
    return _own_pairs(user, mentor__participant__user=user)


def _mentee_pairs_block(user) -> list:
    return _own_pairs(user, mentees__participant__user=user)


def _pending_forms_block(user) -> dict:
    """Feedback forms the user has still to fill: the first ones and the count."""
    qs = pending_responses_of(user)
    return {"items": list(qs[:LIST_LIMIT]), "count": qs.count()}

"""The dashboard (one page per role, made of blocks)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pairs.enums import PairStatus

from . import dashboard as widgets
from .enums import Role
from .models import AcademicYear
from .selectors import organization_of, roles_of, territory_of

# Roles that keep the programme (the director has blocks of their own); a user
# with several roles sees the union of their blocks.
STAFF_ROLES = {Role.CURATOR, Role.WORKING_GROUP, Role.ADMIN}


def dashboard(request: HttpRequest) -> HttpResponse:
    """One page per role, composed of the widgets of ``mentoring.dashboard``
    (seed 000 §7, §9; DESIGN.md "People"):

    - curator, working group, admin: indicators against targets with the
      traffic light and their trend charts, stage progress, overdue activities,
      pairs by status and form, pairs without a meeting for more than 14 days,
      quick links (curator and admin);
    - director: pairs waiting for approval, latest orders, indicators and their
      trend, stage progress, pairs by status and form;
    - mentor: own pairs with the inactivity warning, pending feedback forms;
    - mentee: own mentor and pair status, pending feedback forms;
    - a jury member without another role: their juries (``reports:jury_list``);
    - nobody of an organisation: a message to contact the curator.

    The same number of queries whatever the size of the data (at most 15).
    A territory curator sees the territory's dashboard instead
    (:func:`territory_dashboard`).
    """
    user = request.user
    territory = territory_of(user)
    if territory is not None:
        return territory_dashboard(request, territory)
    organization = organization_of(user)
    roles = roles_of(user, organization) if organization is not None else set()
    if organization is None or not roles:
        return render(request, "mentoring/dashboard/index.html", {"no_membership": True})
    if roles == {Role.JUROR}:  # an outside expert: their juries are all they do here
        return redirect("reports:jury_list")
    year = AcademicYear.current()
    is_staff = bool(roles & STAFF_ROLES)
    is_director = Role.DIRECTOR in roles
    context: dict = {"academic_year": year, "roles": roles}
    if is_staff or is_director:
        context["stages"] = widgets.stages_widget(organization, year)
        context["indicators"] = widgets.indicators_widget(organization, year)
        # the trend reuses the year's indicator table instead of computing it again
        trend = widgets.trend_widget(
            organization, year, rows=[item["row"] for item in context["indicators"]]
        )
        context["trend"] = trend
        context["trend_chart"] = widgets.trend_chart_data(trend)
        pairs = widgets.pairs_widget(user)
        context["pairs"] = pairs
    if is_staff:
        context["overdue"] = widgets.overdue_widget(organization, year)
        context["inactive"] = widgets.inactive_widget(user)
        context["quick_links"] = bool(roles & {Role.CURATOR, Role.ADMIN})
    if is_director:
        context["approval_count"] = dict(
            (code, n) for code, _label, n in pairs["by_status"]
        )[PairStatus.PROPOSED]
        context["orders"] = widgets.orders_widget(organization)
    if Role.MENTOR in roles:
        context["mentor_pairs"] = widgets.mentor_pairs_widget(user)
    if Role.MENTEE in roles:
        context["mentee_pairs"] = widgets.mentee_pairs_widget(user)
    if roles & {Role.MENTOR, Role.MENTEE}:
        context["pending_forms"] = widgets.pending_forms_widget(user)
    return render(request, "mentoring/dashboard/index.html", context)


def territory_dashboard(request: HttpRequest, territory) -> HttpResponse:
    """The territory curator's «/»: every school and college of the territory in
    aggregate (``mentoring.territory_dashboard.territory_overview``), with the
    same number of queries whatever the number of organisations."""
    from .territory_dashboard import territory_overview

    return render(request, "mentoring/dashboard/territory.html", {
        "territory": territory, "overview": territory_overview(territory),
    })

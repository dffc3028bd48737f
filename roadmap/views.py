"""The roadmap page and the status change of its activities (seed 000 §9)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.models import AcademicYear
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_of

from . import selectors, services
from .filters import ActivityFilter
from .forms import ActivityStatusForm


@permission_required("roadmap.view_roadmap", raise_exception=True)
def detail(request: HttpRequest) -> HttpResponse:
    """The current academic year's roadmap: stages with progress, activities
    filtered by stage, status and «only overdue»; an empty state with a create
    button when there is none yet. Four queries whatever the filter."""
    organization = organization_of(request.user)
    year = AcademicYear.current()
    roadmap = selectors.roadmap_for(organization, year)
    context = {
        "academic_year": year,
        "roadmap": roadmap,
        "may_create": organization is not None and request.user.has_perm("roadmap.create_roadmap"),
        "may_edit": request.user.has_perm("roadmap.edit_activity"),
    }
    if roadmap is not None:
        context.update(_roadmap_context(request, roadmap, organization, year, context["may_edit"]))
    return render(request, "roadmap/detail.html", context)


def _roadmap_context(request, roadmap, organization, year, may_edit: bool) -> dict:
    activity_filter = ActivityFilter(request.GET or None, queryset=selectors.activities_of(roadmap))
    by_stage: dict[int, list] = {}
    for activity in activity_filter.qs:
        if may_edit:
            activity.status_form = ActivityStatusForm(activity=activity)
        by_stage.setdefault(activity.stage.number, []).append(activity)
    filtered = activity_filter.is_active
    stages = [
        {**row, "activities": by_stage.get(row["number"], [])}
        for row in selectors.stage_progress(organization, year)
        if not filtered or row["number"] in by_stage
    ]
    return {"filter": activity_filter, "stages": stages, "filtered": filtered}


@require_POST
@object_permission_required("roadmap.view_roadmap")
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one activity's status and evidence. 404 for another organisation's
    activity and for roles that do not see the roadmap (mentor, mentee); 403 for
    those who see it but may not change it (the organisation's own director). An
    htmx request gets the table row back, others a redirect."""
    activity = selectors.get_activity_for_user(request.user, pk)
    if not request.user.has_perm("roadmap.edit_activity"):
        raise PermissionDenied
    form = ActivityStatusForm(request.POST, activity=activity)
    if form.is_valid():
        services.set_activity_status(
            activity, status=form.cleaned_data["status"], actor=request.user,
            evidence=form.cleaned_data["evidence"],
        )
        if not request.htmx:
            messages.success(request, _("Activity %(code)s updated.") % {"code": activity.code})
        form = ActivityStatusForm(activity=activity)
    elif not request.htmx:
        messages.error(request, _("The activity was not changed: check the status and the evidence."))
    if request.htmx:
        activity.status_form = form
        return render(request, "roadmap/_activity_row.html", {
            "activity": activity, "may_edit": True, "next_query": request.POST.get("next_query", ""),
        })
    return redirect(_back_url(request))


def _back_url(request: HttpRequest) -> str:
    """The roadmap page with the filters the user came from."""
    url = reverse("roadmap:detail")
    query = QueryDict(request.POST.get("next_query", "")).urlencode()
    return f"{url}?{query}" if query else url


@require_POST
@permission_required("roadmap.create_roadmap", raise_exception=True)
def create(request: HttpRequest) -> HttpResponse:
    """Create the current academic year's roadmap from seed 000 §9."""
    organization = organization_of(request.user)
    if organization is None:
        raise Http404
    year = AcademicYear.current()
    services.create_roadmap(organization=organization, academic_year=year, actor=request.user)
    messages.success(request, _("The roadmap for %(year)s has been created.") % {"year": year.title})
    return redirect("roadmap:detail")

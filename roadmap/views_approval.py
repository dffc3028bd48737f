"""The territory's approval of the organisations' yearly roadmaps (seed 002
item 5): the curator submits the organisation's roadmap from its page; the
territory curator lists the territory's roadmaps of a year with their approval
status and progress (aggregates only), opens one read-only and approves it or
returns it with a comment. Another territory's roadmap, and every page for
anyone who is not a territory curator, answer 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.models import AcademicYear
from mentoring.selectors import organization_of, territory_or_404

from . import selectors
from .enums import ActivityStatus, RoadmapApproval
from .forms_approval import APPROVE, ReviewForm
from .services import approval


@require_POST
@permission_required("roadmap.submit_roadmap", raise_exception=True)
def submit(request: HttpRequest) -> HttpResponse:
    """The curator submits the current year's roadmap of the organisation to
    the territory (draft or returned → «На согласовании»)."""
    organization = organization_of(request.user)
    roadmap = selectors.roadmap_for(organization, AcademicYear.current()) if organization else None
    if roadmap is None:
        raise Http404
    try:
        approval.submit_roadmap(roadmap, actor=request.user)
    except approval.ApprovalError as error:
        messages.error(request, str(error))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The roadmap is submitted to the territory for approval."))
    return redirect("roadmap:detail")


def _year(request: HttpRequest) -> AcademicYear:
    """The academic year asked for (``?year=<pk>``), else the current one."""
    year_id = request.GET.get("year", "")
    if year_id.isdigit():
        year = AcademicYear.objects.filter(pk=int(year_id)).first()
        if year is not None:
            return year
    return AcademicYear.current()


def approval_list(request: HttpRequest) -> HttpResponse:
    """The territory's schools and colleges with their roadmap of the year:
    approval status, date of submission, activities by status, overdue ones and
    the progress — figures only. Territory curators only (404 otherwise)."""
    territory = territory_or_404(request.user)
    year = _year(request)
    rows = selectors.territory_roadmaps(territory, year)
    waiting = sum(1 for r in rows if r["roadmap"] and r["roadmap"].approval == RoadmapApproval.SUBMITTED)
    return render(request, "roadmap/approval_list.html", {
        "territory": territory, "academic_year": year, "rows": rows, "waiting": waiting,
        "years": AcademicYear.objects.order_by("-starts_on"),
        "statuses": ActivityStatus.choices,
    })


def approval_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's roadmap read-only (stages and activities: timing,
    responsible, planned result, confirming documents, status — no evidence)
    and, while it is submitted, the decision form: approve, or return with a
    required comment."""
    roadmap = selectors.territory_roadmap_or_404(request.user, pk)
    may_review = roadmap.approval == RoadmapApproval.SUBMITTED
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not may_review:
            messages.error(request, _("Only a submitted roadmap can be reviewed."))
            return redirect("roadmap:approval_detail", pk=roadmap.pk)
        if form.is_valid():
            return _review(request, roadmap, form)
    stages = selectors.stage_progress(roadmap.organization, roadmap.academic_year)
    by_stage: dict[int, list] = {}
    for activity in selectors.activities_of(roadmap):
        by_stage.setdefault(activity.stage.number, []).append(activity)
    return render(request, "roadmap/approval_detail.html", {
        "roadmap": roadmap, "organization": roadmap.organization, "form": form,
        "may_review": may_review,
        "stages": [{**row, "activities": by_stage.get(row["number"], [])} for row in stages],
    })


def _review(request: HttpRequest, roadmap, form: ReviewForm) -> HttpResponse:
    data = form.cleaned_data
    try:
        if data["decision"] == APPROVE:
            approval.approve_roadmap(roadmap, actor=request.user, comment=data["comment"])
            messages.success(request, _("The roadmap of %(name)s is approved.")
                             % {"name": roadmap.organization.short_name})
        else:
            approval.return_roadmap(roadmap, actor=request.user, comment=data["comment"])
            messages.success(request, _("The roadmap of %(name)s is returned for revision.")
                             % {"name": roadmap.organization.short_name})
    except approval.ApprovalError as error:
        messages.error(request, str(error))
        return redirect("roadmap:approval_detail", pk=roadmap.pk)
    return redirect(f"{_list_url()}?year={roadmap.academic_year_id}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("roadmap:approvals")

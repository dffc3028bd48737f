"""Read-only questions about the roadmap: progress per stage, overdue activities."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentoring.models import AcademicYear, Organization
from mentoring.selectors import organization_of

from .enums import ActivityStatus
from .models import Activity, Roadmap, Stage

OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


def roadmap_for(organization: Organization, academic_year: AcademicYear) -> Roadmap | None:
    """The organisation's roadmap of ``academic_year``, or None."""
    return (
        Roadmap.objects.filter(organization=organization, academic_year=academic_year)
        .select_related("organization")
        .first()
    )


def stage_progress(organization: Organization, academic_year: AcademicYear) -> list[dict]:
    """Progress of each stage in one query.

    Returns ``[{"number": 1, "title": str, "task": str, "total": int,
    "done": int, "percent": int}]`` ordered by stage; cancelled activities are not counted;
    ``percent`` is done/total in whole per cent (0 for an empty stage).
    """
    rows = (
        Stage.objects.filter(roadmap__organization=organization, roadmap__academic_year=academic_year)
        .annotate(
            total=Count("activities", filter=~Q(activities__status=ActivityStatus.CANCELLED)),
            done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        )
        .order_by("number")
        .values("number", "title", "task", "total", "done")
    )
    return [
        {**row, "percent": round(100 * row["done"] / row["total"]) if row["total"] else 0}
        for row in rows
    ]


def overdue_activities(organization: Organization, academic_year: AcademicYear) -> QuerySet[Activity]:
    """Open activities whose deadline has passed, earliest first."""
    qs = Activity.objects.filter(
        stage__roadmap__organization=organization, stage__roadmap__academic_year=academic_year
    )
    return filter_overdue(qs).select_related("stage").order_by("deadline", "pk")


def activities_of(roadmap: Roadmap) -> QuerySet[Activity]:
    """The roadmap's activities with their stage, in stage and seed order."""
    return Activity.objects.filter(stage__roadmap=roadmap).select_related("stage")


def filter_overdue(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Narrow ``qs`` to open activities whose deadline has passed (as ``is_overdue``)."""
    return qs.filter(status__in=OPEN_ACTIVITY, deadline__lt=timezone.localdate())


def get_activity_for_user(user, pk: int) -> Activity:
    """Activity ``pk`` of the user's organisation with its stage, roadmap and
    organisation; Http404 for another organisation's activity or a user without one."""
    organization = organization_of(user)
    qs = Activity.objects.filter(stage__roadmap__organization=organization).select_related(
        "stage__roadmap__organization"
    )
    return get_object_or_404(qs, pk=pk)


# --- the territory's approval of the organisations' roadmaps (seed 002 item 5) --------


def roadmap_progress(organization_ids, academic_year: AcademicYear) -> dict[int, dict]:
    """The progress of each organisation's roadmap of ``academic_year``, one
    query: ``{organization_id: {"roadmap": Roadmap, "counts": {ActivityStatus
    value: int}, "total": int (not cancelled), "done": int, "overdue": int,
    "percent": int (done of total), "approval": RoadmapApproval value}}``;
    organisations without a roadmap are missing. Activities only, no person."""
    by_status = {
        status: Count("stages__activities", filter=Q(stages__activities__status=status))
        for status in ActivityStatus.values
    }
    overdue = Q(
        stages__activities__status__in=OPEN_ACTIVITY,
        stages__activities__deadline__lt=timezone.localdate(),
    )
    progress = {}
    for roadmap in Roadmap.objects.filter(
        organization__in=list(organization_ids), academic_year=academic_year
    ).annotate(**by_status, overdue=Count("stages__activities", filter=overdue)):
        counts = {s: getattr(roadmap, s) for s in ActivityStatus.values}
        total = sum(counts.values()) - counts[ActivityStatus.CANCELLED]
        done = counts[ActivityStatus.DONE]
        progress[roadmap.organization_id] = {
            "roadmap": roadmap, "counts": counts, "total": total, "done": done,
            "overdue": roadmap.overdue, "percent": round(100 * done / total) if total else 0,
            "approval": roadmap.approval,
        }
    return progress


def territory_roadmaps(territory, academic_year: AcademicYear) -> list[dict]:
    """One row per school and college of ``territory`` (by short name) with its
    roadmap of ``academic_year`` in aggregate (:func:`roadmap_progress`) — no
    activity's evidence, no person: ``{"organization": Organization, "roadmap":
    Roadmap | None, "counts": {ActivityStatus value: int}, "by_status": [int]
    (in ``ActivityStatus`` order), "total": int, "overdue": int, "percent": int
    (done of the not cancelled)}``. Two queries."""
    from mentoring.selectors import territory_organizations

    organizations = list(territory_organizations(territory))
    progress = roadmap_progress([o.pk for o in organizations], academic_year)
    rows = []
    for organization in organizations:
        row = progress.get(organization.pk)
        counts = row["counts"] if row else {}
        rows.append({
            "organization": organization, "roadmap": row["roadmap"] if row else None,
            "counts": counts, "by_status": [counts.get(s, 0) for s in ActivityStatus.values],
            "total": row["total"] if row else 0, "overdue": row["overdue"] if row else 0,
            "percent": row["percent"] if row else 0,
        })
    return rows


def territory_roadmap_or_404(user, pk: int) -> Roadmap:
    """Roadmap ``pk`` of a school or college of the user's territory (the user
    is its territory curator) with its organisation and year; Http404 for
    anyone else, another territory's roadmap and the authority's own."""
    from mentoring.selectors import territory_or_404, territory_organizations

    territory = territory_or_404(user)
    qs = Roadmap.objects.filter(
        organization__in=territory_organizations(territory)
    ).select_related("organization", "academic_year")
    return get_object_or_404(qs, pk=pk)

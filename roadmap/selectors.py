"""Read-only questions about the roadmap: progress per stage, overdue activities."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentoring.models import AcademicYear, Organization

from .enums import ActivityStatus
from .models import Activity, Roadmap, Stage

OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


def roadmap_for(organization: Organization, academic_year: AcademicYear) -> Roadmap | None:
    return Roadmap.objects.filter(organization=organization, academic_year=academic_year).first()


def stage_progress(organization: Organization, academic_year: AcademicYear) -> list[dict]:
    """Progress of each stage in one query.

    Returns ``[{"number": 1, "title": str, "total": int, "done": int,
    "percent": int}]`` ordered by stage; cancelled activities are not counted;
    ``percent`` is done/total in whole per cent (0 for an empty stage).
    """
    rows = (
        Stage.objects.filter(roadmap__organization=organization, roadmap__academic_year=academic_year)
        .annotate(
            total=Count("activities", filter=~Q(activities__status=ActivityStatus.CANCELLED)),
            done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        )
        .order_by("number")
        .values("number", "title", "total", "done")
    )
    return [
        {**row, "percent": round(100 * row["done"] / row["total"]) if row["total"] else 0}
        for row in rows
    ]


def overdue_activities(organization: Organization, academic_year: AcademicYear) -> QuerySet[Activity]:
    """Open activities whose deadline has passed, earliest first."""
    return (
        Activity.objects.filter(
            stage__roadmap__organization=organization,
            stage__roadmap__academic_year=academic_year,
            status__in=OPEN_ACTIVITY,
            deadline__lt=timezone.localdate(),
        )
        .select_related("stage")
        .order_by("deadline", "pk")
    )

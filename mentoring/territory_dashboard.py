"""The territory curator's dashboard (issue 14; seed 002 «Муниципальный
уровень»): one row per school and college of the territory, in aggregate only —
counts, statuses and indicators, never a participant's name.

Every figure is read with a query grouped by organisation, so the page costs
the same number of queries whatever the number of organisations (about ten:
organisations, pairs by status, pairs by form, people per organisation, people
of the territory, roadmaps, forms, the current campaign and its reports).

Pairs count in ``Pair.organization`` — the mentee's organisation — so a pair
with a mentor of another organisation counts once. Mentors and mentees are the
distinct people of the pairs of the year counted as in the programme
(``reports.services.indicators.COUNTED_PAIR``); the totals row counts each
person once across the territory. Indicators are those of the organisation's
report in the territory's current monitoring campaign (computed by
``reports.services.indicators.indicator_table`` when the report was computed).
"""

from django.db.models import Count
from django.utils import timezone

from pairs.enums import PairStatus
from pairs.models import Pair
from reports.enums import CampaignStatus, MonitoringReportStatus
from reports.selectors_monitoring import LATE_STATUSES, current_campaign
from reports.services.indicators import COUNTED_PAIR
from reports.services.monitoring_figures import FORM_BUCKETS, bucket_expression
from roadmap.enums import RoadmapApproval
from roadmap.selectors import roadmap_progress

from .models import AcademicYear, Territory
from .selectors import territory_organizations


def _pairs_by_status(ids, year) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for org_id, status, n in (
        Pair.objects.filter(organization__in=ids, academic_year=year)
        .values_list("organization_id", "status").annotate(n=Count("pk")).order_by()
    ):
        out[org_id][status] = n
    return out


def _pairs_by_form(ids, year) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for org_id, bucket, n in (
        Pair.objects.filter(organization__in=ids, academic_year=year).filter(COUNTED_PAIR)
        .annotate(bucket=bucket_expression())
        .values_list("organization_id", "bucket").annotate(n=Count("pk")).order_by()
    ):
        out[org_id][bucket] = n
    return out


def _people(ids, year) -> tuple[dict[int, tuple[int, int]], tuple[int, int]]:
    """Distinct mentors and mentees of the counted pairs, per organisation and
    across the territory (two queries)."""
    pairs = Pair.objects.filter(organization__in=ids, academic_year=year).filter(COUNTED_PAIR)
    per_org = {
        org_id: (mentors, mentees)
        for org_id, mentors, mentees in pairs.values_list("organization_id")
        .annotate(m=Count("mentor", distinct=True), e=Count("mentees", distinct=True)).order_by()
    }
    total = pairs.aggregate(m=Count("mentor", distinct=True), e=Count("mentees", distinct=True))
    return per_org, (total["m"] or 0, total["e"] or 0)


def _campaign_reports(campaign) -> dict[int, tuple[str, dict]]:
    if campaign is None:
        return {}
    return {
        org_id: (status, data or {})
        for org_id, status, data in campaign.reports.values_list("organization_id", "status", "data")
    }


def territory_overview(territory: Territory, year: AcademicYear | None = None) -> dict:
    """The dashboard's figures for the academic year (default: the current one).

    Returns ``{"year", "campaign" (current MonitoringCampaign or None),
    "statuses": [(code, label)], "forms": [(key, title)], "rows": [row],
    "totals": row}`` where a row is ``{"organization" (None in totals),
    "kind", "mentors", "mentees", "by_status": [int per status], "pairs": int,
    "by_form": [int per form], "roadmap": {"total", "done", "overdue",
    "percent", "approval", "approval_label"} | None, "indicators": {"met",
    "with_target"} | None, "report": {"status", "label", "late"} | None}``.
    """
    year = year or AcademicYear.current()
    organizations = list(territory_organizations(territory))
    ids = [o.pk for o in organizations]
    statuses = [(code, str(label)) for code, label in PairStatus.choices]
    by_status, by_form = _pairs_by_status(ids, year), _pairs_by_form(ids, year)
    people, people_total = _people(ids, year)
    roadmaps = roadmap_progress(ids, year)
    campaign = current_campaign(territory)
    reports = _campaign_reports(campaign)
    late_possible = (campaign is not None and campaign.status == CampaignStatus.OPEN
                     and campaign.deadline < timezone.localdate())
    rows = []
    for organization in organizations:
        rows.append(_row(organization, statuses, by_status[organization.pk], by_form[organization.pk],
                         people.get(organization.pk, (0, 0)), roadmaps.get(organization.pk),
                         reports.get(organization.pk), late_possible))
    return {
        "year": year, "campaign": campaign, "statuses": statuses, "forms": list(FORM_BUCKETS),
        "rows": rows, "totals": _totals(rows, people_total),
    }


def _row(organization, statuses, by_status, by_form, people, roadmap, report, late_possible) -> dict:
    road = None
    if roadmap is not None:
        road = {
            "total": roadmap["total"], "done": roadmap["done"], "overdue": roadmap["overdue"],
            "percent": roadmap["percent"], "approval": roadmap["approval"],
            "approval_label": str(RoadmapApproval(roadmap["approval"]).label),
        }
    indicators = state = None
    if report is not None:
        status, data = report
        part = data.get("indicators", {})
        indicators = {"met": part.get("met", 0), "with_target": part.get("with_target", 0)}
        state = {"status": status, "label": str(MonitoringReportStatus(status).label),
                 "late": late_possible and status in LATE_STATUSES}
    counts = [by_status.get(code, 0) for code, _label in statuses]
    return {
        "organization": organization, "kind": organization.get_kind_display(),
        "mentors": people[0], "mentees": people[1],
        "by_status": counts, "pairs": sum(counts),
        "by_form": [by_form.get(key, 0) for key, _t in FORM_BUCKETS],
        "roadmap": road, "indicators": indicators, "report": state,
    }


def _totals(rows: list[dict], people_total: tuple[int, int]) -> dict:
    def column(name, width):
        return [sum(row[name][i] for row in rows) for i in range(width)]

    roads = [row["roadmap"] for row in rows if row["roadmap"]]
    total = sum(r["total"] for r in roads)
    done = sum(r["done"] for r in roads)
    inds = [row["indicators"] for row in rows if row["indicators"]]
    reports = [row["report"] for row in rows if row["report"]]
    return {
        "organization": None, "mentors": people_total[0], "mentees": people_total[1],
        "by_status": column("by_status", len(rows[0]["by_status"])) if rows else [],
        "pairs": sum(row["pairs"] for row in rows),
        "by_form": column("by_form", len(FORM_BUCKETS)) if rows else [0] * len(FORM_BUCKETS),
        "roadmap": {"total": total, "done": done, "overdue": sum(r["overdue"] for r in roads),
                    "percent": round(100 * done / total) if total else 0,
                    "approved": sum(1 for r in roads if r["approval"] == RoadmapApproval.APPROVED)},
        "indicators": {"met": sum(i["met"] for i in inds),
                       "with_target": sum(i["with_target"] for i in inds)},
        "reports": {
            "submitted": sum(1 for r in reports if r["status"] in (MonitoringReportStatus.SUBMITTED,
                                                                   MonitoringReportStatus.ACCEPTED)),
            "late": sum(1 for r in reports if r["late"]),
        },
    }

"""The territory report of a monitoring campaign (seed 002 items 9, 12): one row
per organisation, the territory's totals, pairs by form of mentoring,
satisfaction and the trend against the territory's previous campaign — all
read from the figures stored on the organisations' reports
(``MonitoringReport.data``, see ``monitoring_figures``), aggregated, with no
personal data.

``request_territory_report`` creates or re-queues the campaign's one ``Report``
(kind TERRITORY_MONITORING, organisation = the territory's education
authority) and queues ``reports.build_territory_report`` after commit;
``build_territory_report`` (the task's work) renders the PDF with charts and
the XLSX with the progress saved as it goes, like the annual report's job
(``report_jobs``). Memory stays bounded: the reports are read one by one
(``iterator``) and only one summary row per organisation is kept.
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind
from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.services import log_action

from ..enums import JobStatus, MonitoringReportStatus, ReportKind
from ..models import MonitoringCampaign, MonitoringReport, Report
from ..selectors import ACTIVE_JOB_STATUSES
from ..selectors_monitoring import previous_campaign
from .annual import ReportError
from .monitoring_figures import FORM_BUCKETS
from .report_jobs import _mark_unsent, build_files, is_lost

logger = logging.getLogger(__name__)

TITLE = "Мониторинг эффективности внедрения целевой модели наставничества"
# figures compared with the previous campaign: key → Russian title (document text)
TREND_FIGURES = (
    ("pairs", "Наставнические пары и группы"),
    ("active", "Из них действующие"),
    ("mentors", "Наставники"),
    ("mentees", "Наставляемые"),
    ("meetings", "Проведено встреч"),
    ("mentee_satisfaction", "Удовлетворенность наставляемых, %"),
    ("mentor_satisfaction", "Удовлетворенность наставников, %"),
)


def summarise(data: dict) -> dict:
    """The figures of one organisation's ``data`` the territory report shows:
    ``{"pairs", "active", "mentors", "mentors_territory", "mentees", "meetings", "forms": {bucket:
    pairs}, "mentee_satisfaction", "mentor_satisfaction" (per cent or None),
    "indicators_met", "indicators_with_target", "sat": {role: (sum, answers)}}``.
    Missing parts read as zero (an empty ``data``)."""
    pairs = data.get("pairs", {})
    people = data.get("participants", {})
    satisfaction = data.get("satisfaction", {})
    forms = data.get("forms", {})
    indicators = data.get("indicators", {})
    return {
        "pairs": pairs.get("formed", 0),
        "active": pairs.get("active", 0),
        "mentors": people.get("mentors", 0),
        # figures stored before «mentors_territory» existed: the organisation's own count
        "mentors_territory": people.get("mentors_territory", people.get("mentors", 0)),
        "mentees": people.get("mentees", 0),
        "meetings": data.get("meetings", {}).get("held", 0),
        "forms": {key: forms.get(key, {}).get("pairs", 0) for key, _t in FORM_BUCKETS},
        "forms_people": {key: (forms.get(key, {}).get("mentors", 0), forms.get(key, {}).get("mentees", 0))
                         for key, _t in FORM_BUCKETS},
        "mentee_satisfaction": satisfaction.get("mentee", {}).get("percent"),
        "mentor_satisfaction": satisfaction.get("mentor", {}).get("percent"),
        "sat": {role: (satisfaction.get(role, {}).get("sum", 0), satisfaction.get(role, {}).get("answers", 0))
                for role in ("mentee", "mentor")},
        "indicators_met": indicators.get("met", 0),
        "indicators_with_target": indicators.get("with_target", 0),
    }


def _delta(now, before):
    if now is None or before is None:
        return None
    return round(now - before, 1)


@dataclass
class Totals:
    """The territory's sums. Pairs count once, in the mentee's organisation;
    mentees are in their own organisation's pairs; a mentor who mentors in two
    organisations (a cross-organisation pair) counts once — the sum of the
    organisations' ``mentors_territory`` (``monitoring_figures.territory_mentor``);
    the organisations' rows keep their own ``mentors``."""

    pairs: int = 0
    active: int = 0
    mentors: int = 0
    mentees: int = 0
    meetings: int = 0
    indicators_met: int = 0
    indicators_with_target: int = 0
    forms: dict = field(default_factory=lambda: {key: 0 for key, _t in FORM_BUCKETS})
    forms_people: dict = field(default_factory=lambda: {key: [0, 0] for key, _t in FORM_BUCKETS})
    sat: dict = field(default_factory=lambda: {"mentee": [0, 0], "mentor": [0, 0]})
    statuses: dict = field(default_factory=dict)

    def add(self, summary: dict, status: str) -> None:
        for name in ("pairs", "active", "mentees", "meetings", "indicators_met",
                     "indicators_with_target"):
            setattr(self, name, getattr(self, name) + summary[name])
        self.mentors += summary["mentors_territory"]
        for key, n in summary["forms"].items():
            self.forms[key] += n
            self.forms_people[key][0] += summary["forms_people"][key][0]
            self.forms_people[key][1] += summary["forms_people"][key][1]
        for role, (total, answers) in summary["sat"].items():
            self.sat[role][0] += total
            self.sat[role][1] += answers
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def satisfaction(self, role: str) -> float | None:
        """Per cent (mean / 5 × 100) over every answer of the territory."""
        total, answers = self.sat[role]
        return round(total * 100 / (answers * 5), 1) if answers else None

    @property
    def sat_mentee(self) -> float | None:
        return self.satisfaction("mentee")

    @property
    def sat_mentor(self) -> float | None:
        return self.satisfaction("mentor")

    def figure(self, key: str):
        if key == "mentee_satisfaction":
            return self.satisfaction("mentee")
        if key == "mentor_satisfaction":
            return self.satisfaction("mentor")
        return getattr(self, key)


@dataclass
class TerritoryReportData:
    """Everything the territory report shows; built by ``collect_territory_data``.

    ``rows``: one dict per organisation (by name): ``name``, ``kind``,
    ``status`` (label), ``submitted_at``, the ``summarise`` figures, and
    ``deltas`` ({figure: change since the previous campaign or None}).
    ``trends``: ``[(title, now, before, delta)]`` for the territory's totals.
    """

    campaign: MonitoringCampaign
    previous: MonitoringCampaign | None
    title: str
    subtitle: str
    generated_at: datetime.datetime
    rows: list[dict]
    totals: Totals
    previous_totals: Totals | None
    forms: list[tuple[str, str]] = field(default_factory=lambda: list(FORM_BUCKETS))

    @property
    def trends(self) -> list[tuple[str, object, object, object]]:
        out = []
        for key, title in TREND_FIGURES:
            now = self.totals.figure(key)
            before = self.previous_totals.figure(key) if self.previous_totals else None
            out.append((title, now, before, _delta(now, before)))
        return out

    @property
    def total_form_counts(self) -> list[int]:
        return [self.totals.forms[key] for key, _t in FORM_BUCKETS]

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [(str(s.label), self.totals.statuses.get(s.value, 0)) for s in MonitoringReportStatus]


def _previous_summaries(previous: MonitoringCampaign | None) -> tuple[dict[int, dict], Totals | None]:
    if previous is None:
        return {}, None
    totals, summaries = Totals(), {}
    for org_id, status, data in previous.reports.values_list(
        "organization_id", "status", "data"
    ).iterator(chunk_size=200):
        summary = summarise(data or {})
        summaries[org_id] = {key: summary[key] for key, _t in TREND_FIGURES if key in summary}
        totals.add(summary, status)
    return summaries, totals


def collect_territory_data(campaign: MonitoringCampaign) -> TerritoryReportData:
    """The campaign's territory report figures, from the stored figures of its
    reports and of the previous campaign's (three queries)."""
    previous = previous_campaign(campaign)
    before, previous_totals = _previous_summaries(previous)
    totals, rows = Totals(), []
    reports = (
        MonitoringReport.objects.filter(campaign=campaign)
        .values_list("organization_id", "organization__short_name", "organization__kind",
                     "status", "submitted_at", "data")
        .order_by("organization__short_name", "pk")
    )
    for org_id, name, kind, status, submitted_at, data in reports.iterator(chunk_size=200):
        summary = summarise(data or {})
        totals.add(summary, status)
        old = before.get(org_id)
        deltas = {key: _delta(summary[key], old.get(key)) if old else None
                  for key, _t in TREND_FIGURES}
        rows.append({
            "name": name, "kind": str(OrganizationKind(kind).label),
            "status": str(MonitoringReportStatus(status).label), "submitted_at": submitted_at,
            **{k: v for k, v in summary.items() if k != "sat"}, "deltas": deltas,
            "form_counts": [summary["forms"][key] for key, _t in FORM_BUCKETS],
        })
    period = "декабрь" if campaign.period == "december" else "май"
    subtitle = f"{campaign.territory.name}, {period}, {campaign.academic_year.title} учебный год"
    return TerritoryReportData(
        campaign=campaign, previous=previous, title=TITLE, subtitle=subtitle,
        generated_at=timezone.localtime(), rows=rows, totals=totals,
        previous_totals=previous_totals,
    )


def request_territory_report(campaign: MonitoringCampaign, *, actor) -> Report:
    """Queue the territory report of the campaign: the first request creates its
    Report (organisation = the territory's authority), a later one re-queues it;
    one pending or running (and not lost) is returned unchanged. Raises
    BackgroundUnavailable (nothing written) when the broker does not answer,
    ReportError when the territory has no education authority. Audited as
    ``reports.report.requested``."""
    from ..tasks import task_build_territory_report

    authority = campaign.territory.authority
    if authority is None:
        raise ReportError(_("The territory has no education authority."))
    require_background()
    with transaction.atomic():
        MonitoringCampaign.objects.select_for_update().filter(pk=campaign.pk).exists()
        report, created = Report.objects.select_for_update().get_or_create(
            campaign=campaign,
            defaults={"organization": authority, "academic_year": campaign.academic_year,
                      "kind": ReportKind.TERRITORY_MONITORING, "requested_by": actor},
        )
        if not created:
            if report.status in ACTIVE_JOB_STATUSES and not is_lost(report):
                return report
            report.status, report.progress, report.error = JobStatus.PENDING, 0, ""
            report.requested_by, report.requested_at = actor, timezone.now()
            report.started_at = report.finished_at = None
            report.save(update_fields=["status", "progress", "error", "requested_by",
                                       "requested_at", "started_at", "finished_at"])
        log_action("reports.report.requested", actor=actor, organization=authority, obj=report,
                   data={"kind": report.kind, "campaign": campaign.pk, "again": not created})
        enqueue_on_commit(task_build_territory_report, report_id=report.pk,
                          on_unsent=partial(_mark_unsent, report.pk))
    return report


def build_territory_report(report: Report) -> Report:
    """Build the territory report's PDF (with charts) and XLSX from the stored
    figures of the campaign's reports (``collect_territory_data``) through
    ``report_jobs.build_files``: progress 5 → 25 → 75 → 90 → 100, the previous
    build's files replaced on success and kept on failure (status FAILED with a
    plain message)."""
    from ..renderers.territory import render_territory_pdf, render_territory_xlsx

    return build_files(report, collect=lambda: collect_territory_data(report.campaign),
                       render_pdf=render_territory_pdf, render_xlsx=render_territory_xlsx)

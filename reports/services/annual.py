"""The annual (and monitoring) report job: seed 000 §9, stage 7 — 7.2 «Подвести
итоги мониторинга эффективности реализации программы» and 7.7 «Итоговый отчет».

``request_report`` saves a pending Report row and queues the build after
commit; ``build_report`` (run by the Celery task) gathers the year's figures,
renders a PDF and an XLSX and stores them on the row, updating ``progress`` on
the way so that the page can poll it.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit
from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action
from pairs.enums import MeetingType, PairStatus
from pairs.models import Meeting, Pair
from pairs.selectors import inactive_pairs
from participants.models import Mentee
from roadmap.selectors import stage_progress
from surveys.enums import RespondentRole, SurveyKind
from surveys.models import Response

from ..enums import JobStatus, ReportKind
from ..models import Report
from ..selectors import active_report
from .indicators import IndicatorRow, indicator_table, satisfaction_summary, year_bounds

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A known reason a report cannot be built; the message is shown as it is."""


@dataclass(frozen=True)
class PairLine:
    """One pair or group of the year as the report lists it."""

    pk: int
    mentor: str
    mentees: str
    form: str
    kind: str
    status: str
    meetings: int
    last_meeting: datetime.date | None


@dataclass(frozen=True)
class FeedbackLine:
    """Forms of one kind for one respondent role: requested vs submitted."""

    survey_kind: str
    respondent_role: str
    requested: int
    submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.requested) if self.requested else 0


@dataclass(frozen=True)
class SatisfactionLine:
    respondent_role: str
    mean: Decimal | None  # 1–5, two decimals
    percent: Decimal | None  # mean / 5 × 100, one decimal


@dataclass
class AnnualReportData:
    """Everything the annual report shows; built by ``collect_annual_data``."""

    organization: Organization
    academic_year: AcademicYear
    title: str
    generated_at: datetime.datetime
    pairs: list[PairLine]
    status_counts: list[tuple[str, int]]  # (status label, pairs) in lifecycle order
    meetings_by_type: list[tuple[str, int]]  # (meeting type label, meetings)
    inactive: list[PairLine]  # working pairs that broke the two-week cadence
    feedback: list[FeedbackLine]
    satisfaction: list[SatisfactionLine]
    indicators: list[IndicatorRow]
    stages: list[dict]  # roadmap.selectors.stage_progress rows
    meetings_total: int = field(init=False)
    feedback_requested: int = field(init=False)
    feedback_submitted: int = field(init=False)

    def __post_init__(self) -> None:
        self.meetings_total = sum(n for _label, n in self.meetings_by_type)
        self.feedback_requested = sum(line.requested for line in self.feedback)
        self.feedback_submitted = sum(line.submitted for line in self.feedback)


# --- gathering ------------------------------------------------------------------


def _pair_lines(organization: Organization, academic_year: AcademicYear) -> list[PairLine]:
    pairs = (
        Pair.objects.filter(organization=organization, academic_year=academic_year)
        .select_related("mentor__participant", "form", "kind")
        .prefetch_related(
            Prefetch("mentees", queryset=Mentee.objects.select_related("participant"))
        )
        .annotate(meetings_count=Count("meetings"), last_meeting_on=Max("meetings__held_on"))
        .order_by("mentor__participant__surname", "mentor__participant__name", "pk")
    )
    return [
        PairLine(
            pk=pair.pk,
            mentor=pair.mentor.participant.full_name,
            mentees=", ".join(m.participant.full_name for m in pair.mentees.all()),
            form=pair.form.name,
            kind=pair.kind.name,
            status=str(PairStatus(pair.status).label),
            meetings=pair.meetings_count,
            last_meeting=pair.last_meeting_on,
        )
        for pair in pairs
    ]


def _status_counts(organization, academic_year) -> list[tuple[str, int]]:
    counts = dict(
        Pair.objects.filter(organization=organization, academic_year=academic_year)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(str(status.label), counts.get(status.value, 0)) for status in PairStatus]


def _meetings_by_type(organization, academic_year) -> list[tuple[str, int]]:
    counts = dict(
        Meeting.objects.filter(
            pair__organization=organization, pair__academic_year=academic_year
        )
        .values_list("meeting_type")
        .annotate(n=Count("pk"))
        .values_list("meeting_type", "n")
    )
    return [(str(t.label), counts.get(t.value, 0)) for t in MeetingType]


def _inactive_ids(organization, academic_year) -> list[int]:
    today = min(timezone.localdate(), academic_year.ends_on)
    qs = Pair.objects.filter(organization=organization, academic_year=academic_year)
    return list(inactive_pairs(qs, today=today).values_list("pk", flat=True))


def _feedback(organization, academic_year) -> list[FeedbackLine]:
    """Forms of the year: those about the year's meetings, and the others created
    within the academic year."""
    start, end = year_bounds(academic_year)
    rows = (
        Response.objects.filter(survey__organization=organization)
        .filter(
            Q(meeting__pair__academic_year=academic_year)
            | Q(meeting__isnull=True, created_at__gte=start, created_at__lt=end)
        )
        .values_list("survey__kind", "survey__respondent_role")
        .annotate(
            requested=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False))
        )
        .order_by("survey__kind", "survey__respondent_role")
    )
    return [
        FeedbackLine(
            survey_kind=str(SurveyKind(kind).label),
            respondent_role=str(RespondentRole(role).label),
            requested=requested,
            submitted=submitted,
        )
        for kind, role, requested, submitted in rows
    ]


def _satisfaction(organization, academic_year) -> list[SatisfactionLine]:
    summary = satisfaction_summary(organization, academic_year)
    return [
        SatisfactionLine(str(role.label), *summary[role])
        for role in (RespondentRole.MENTEE, RespondentRole.MENTOR)
    ]


def collect_annual_data(
    organization: Organization, academic_year: AcademicYear, *, kind: str = ReportKind.ANNUAL
) -> AnnualReportData:
    """The figures of the organisation's academic year for the report, read with a
    fixed number of queries (twelve) whatever the number of pairs."""
    pairs = _pair_lines(organization, academic_year)
    by_pk = {line.pk: line for line in pairs}
    return AnnualReportData(
        organization=organization,
        academic_year=academic_year,
        title=str(ReportKind(kind).label),
        generated_at=timezone.localtime(),
        pairs=pairs,
        status_counts=_status_counts(organization, academic_year),
        meetings_by_type=_meetings_by_type(organization, academic_year),
        inactive=[by_pk[pk] for pk in _inactive_ids(organization, academic_year) if pk in by_pk],
        feedback=_feedback(organization, academic_year),
        satisfaction=_satisfaction(organization, academic_year),
        indicators=indicator_table(organization, academic_year),
        stages=stage_progress(organization, academic_year),
    )


# --- the job ----------------------------------------------------------------------


def request_report(
    *, organization: Organization, academic_year: AcademicYear, kind: str, actor
) -> Report:
    """Queue a report of ``kind`` (ReportKind) for the organisation's year.

    Creates a PENDING Report and queues ``reports.build_report`` after commit.
    When one of the same organisation, year and kind is already pending or
    running, returns that one and queues nothing.
    """
    from ..tasks import task_build_report

    with transaction.atomic():
        # Serialise concurrent requests of one organisation (a no-op on SQLite,
        # which serialises writers anyway).
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        existing = active_report(organization, academic_year, kind)
        if existing is not None:
            return existing
        report = Report.objects.create(
            organization=organization,
            academic_year=academic_year,
            kind=kind,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "reports.report.requested",
            actor=actor,
            organization=organization,
            obj=report,
            data={"kind": kind, "academic_year": academic_year.title},
        )
        enqueue_on_commit(task_build_report, report_id=report.pk)
    return report


def _set_progress(report: Report, progress: int, **fields) -> None:
    report.progress = progress
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["progress", *fields])


def build_report(report: Report) -> Report:
    """Build the report's PDF and XLSX and store them on it.

    Progress goes 10 → 30 (figures gathered) → 60 (PDF) → 90 (XLSX) → 100, each
    saved. On success the status is DONE with ``finished_at`` and the files of
    an earlier build are deleted (building again replaces them). On any
    exception the status is FAILED with a plain Russian message in ``error``
    (a ReportError's own message), the traceback is logged, and files written
    by this attempt are removed: the row is never DONE with half its files.
    """
    from ..renderers.annual import render_annual_pdf, render_annual_xlsx

    old_names = (report.pdf.name or "", report.xlsx.name or "")
    written: list[str] = []
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _set_progress(report, 10, status=JobStatus.RUNNING, error="", finished_at=None)
            data = collect_annual_data(report.organization, report.academic_year, kind=report.kind)
            _set_progress(report, 30)
            pdf = render_annual_pdf(report, data)
            _set_progress(report, 60)
            xlsx = render_annual_xlsx(report, data)
            _set_progress(report, 90)
            for field_file, rendered in ((report.pdf, pdf), (report.xlsx, xlsx)):
                field_file.save(rendered.filename, ContentFile(rendered.content), save=False)
                written.append(field_file.name)
            report.progress, report.status = 100, JobStatus.DONE
            report.finished_at = timezone.now()
            report.save(update_fields=["progress", "status", "finished_at", "pdf", "xlsx"])
    except Exception as exc:
        logger.exception("Report %s (%s) failed", report.pk, report.kind)
        _fail(report, exc, old_names, written)
        return report
    storage = report.pdf.storage
    for name in old_names:
        if name and name not in written:
            storage.delete(name)
    log_action(
        "reports.report.built",
        organization=report.organization,
        obj=report,
        data={"pdf": report.pdf.name, "xlsx": report.xlsx.name},
    )
    return report


def _fail(report: Report, exc: Exception, old_names: tuple[str, str], written: list[str]) -> None:
    storage = report.pdf.storage
    for name in written:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s after a failed build", name)
    # keep pointing at the previous build's files (if any); a later build removes them
    report.pdf.name, report.xlsx.name = old_names
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(exc, ReportError):
            message = str(exc)
        else:
            message = _(
                "The report could not be built because of an internal error. Try again "
                "later; if it fails again, tell the administrator (details are in the "
                "server log)."
            )
    report.status, report.error, report.finished_at = JobStatus.FAILED, message, timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "pdf", "xlsx"])

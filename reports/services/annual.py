"""The annual report and the December / May monitoring: seed 000 §9, stage 7 —
7.2 «Подвести итоги мониторинга эффективности реализации программы» and 7.7
«Итоговый отчет»; seed 002, roadmap line 9 «Проведение мониторинга
эффективности … по формам наставничества … 2 раза в год (декабрь, май)» and
line 12 «Мониторинг удовлетворенности участников … май».

One ``Report`` row per organisation, academic year and kind (ReportKind):
``request_report`` creates it or re-queues it (pending, progress 0) and sends
the build to Celery after commit; ``build_report`` (the task) gathers the
period's figures (``collect_annual_data``), renders a PDF with charts and an
XLSX, stores them and only then deletes the previous build's files. A failed
build keeps the previous files and says why in ``error``.

Periods (``report_period``): the annual report covers the whole academic year
(1 Sep – 31 Aug); the December monitoring 1 Sep – 31 Dec; the May monitoring
1 Sep – 31 May. Every figure is limited to the period.
"""

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear, Organization, Programme
from pairs.enums import MeetingType
from pairs.models import Meeting, Pair
from roadmap.selectors import stage_progress
from surveys.enums import RespondentRole, SurveyKind
from surveys.models import Answer, Response

from ..enums import ReportKind
from .annual_pairs import PairLine, PairRows, pair_figures
from .awards import award_summary
from .indicators import IndicatorRow, indicator_table

logger = logging.getLogger(__name__)

# Document titles (seed text, Russian data, not UI strings).
ANNUAL_TITLE = "Итоговый отчет о результатах апробации методологии (целевой модели) наставничества"
MONITORING_TITLE = "Мониторинг эффективности реализации программы наставничества"
MONTHS_NOMINATIVE = {12: "декабрь", 5: "май"}

SCALE_MAX = 5
TWO_DECIMALS = Decimal("0.01")
ONE_DECIMAL = Decimal("0.1")


class ReportError(Exception):
    """A known reason a report cannot be built; the message is shown as it is."""


# --- period -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    """Dates ``since``…``until`` (inclusive) a report covers."""

    since: datetime.date
    until: datetime.date

    @property
    def start(self) -> datetime.datetime:
        """Aware start of ``since`` (current time zone)."""
        return timezone.make_aware(datetime.datetime.combine(self.since, datetime.time.min))

    @property
    def end(self) -> datetime.datetime:
        """Aware start of the day after ``until`` (exclusive bound)."""
        next_day = self.until + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    def __contains__(self, day: datetime.date) -> bool:
        return self.since <= day <= self.until


def report_period(academic_year: AcademicYear, kind: str) -> ReportPeriod:
    """The period of a report of ``kind`` (ReportKind) for the academic year:
    annual — the whole year; December monitoring — 1 Sep to 31 Dec; May
    monitoring — 1 Sep to 31 May (seed 002, line 9 «декабрь, май»)."""
    first = academic_year.starts_on
    if kind == ReportKind.MONITORING_DECEMBER:
        return ReportPeriod(first, datetime.date(first.year, 12, 31))
    if kind == ReportKind.MONITORING_MAY:
        return ReportPeriod(first, datetime.date(first.year + 1, 5, 31))
    return ReportPeriod(first, academic_year.ends_on)


def _percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- the figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeLine:
    """A mentoring programme running in the year, with its enabled forms and kinds."""

    title: str
    years: str
    forms: list[str]
    kinds: list[str]


@dataclass
class FormLine:
    """Figures of one form of mentoring for the period (seed 002: «по формам»)."""

    form: str
    mentors: int = 0
    mentees: int = 0
    formed: int = 0
    active: int = 0
    completed: int = 0
    terminated: int = 0
    meetings_held: int = 0
    meetings_expected: int = 0
    on_cadence: int = 0

    @property
    def cadence_percent(self) -> Decimal | None:
        """Share of formed pairs that kept the cadence, per cent (None without pairs)."""
        return _percent(self.on_cadence, self.formed)


@dataclass(frozen=True)
class CategoryLine:
    """People of one category in one role within one form (each counted once)."""

    form: str
    role: str
    category: str
    people: int


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
    answers: int = 0


@dataclass(frozen=True)
class AwardLine:
    mentor: str
    kind: str
    reason: str
    supplement_percent: Decimal | None
    order: str


@dataclass
class AnnualReportData:
    """Everything a report shows; built by ``collect_annual_data``."""

    organization: Organization
    academic_year: AcademicYear
    kind: str
    title: str
    subtitle: str
    period: ReportPeriod
    generated_at: datetime.datetime
    programmes: list[ProgrammeLine]
    pairs: PairRows  # streamed from the database each time it is iterated
    forms: list[FormLine]
    categories: list[CategoryLine]
    status_counts: list[tuple[str, int]]  # (status label, pairs) in lifecycle order
    meetings_by_type: list[tuple[str, int]]  # (meeting type label, meetings)
    feedback: list[FeedbackLine]
    satisfaction: list[SatisfactionLine]
    indicators: list[IndicatorRow]
    stages: list[dict]  # roadmap.selectors.stage_progress rows
    awards: list[AwardLine]
    mentors_total: int  # distinct people, whatever the form
    mentees_total: int
    behind_count: int = 0  # formed pairs behind the cadence
    meetings_total: int = field(init=False)
    feedback_requested: int = field(init=False)
    feedback_submitted: int = field(init=False)
    totals: FormLine = field(init=False)

    def __post_init__(self) -> None:
        self.meetings_total = sum(n for _label, n in self.meetings_by_type)
        self.feedback_requested = sum(line.requested for line in self.feedback)
        self.feedback_submitted = sum(line.submitted for line in self.feedback)
        totals = FormLine(form=_("Total"), mentors=self.mentors_total, mentees=self.mentees_total)
        for line in self.forms:
            for name in ("formed", "active", "completed", "terminated", "meetings_held",
                         "meetings_expected", "on_cadence"):
                setattr(totals, name, getattr(totals, name) + getattr(line, name))
        self.totals = totals

    @property
    def is_monitoring(self) -> bool:
        return self.kind != ReportKind.ANNUAL

    @property
    def behind_cadence(self) -> Iterator[PairLine]:
        """Formed pairs that held fewer meetings than the cadence expects (streamed)."""
        return self.pairs.behind_cadence()

    @property
    def formed_pairs(self) -> Iterator[PairLine]:
        return self.pairs.formed()


def _titles(kind: str, academic_year: AcademicYear, period: ReportPeriod) -> tuple[str, str]:
    span = "за период с {0:%d.%m.%Y} по {1:%d.%m.%Y}".format(period.since, period.until)
    if kind == ReportKind.ANNUAL:
        return ANNUAL_TITLE, f"{academic_year.title} учебный год, {span}"
    month = MONTHS_NOMINATIVE[period.until.month]
    return MONITORING_TITLE, f"по формам наставничества, {month} {period.until.year} г., {span}"


def _programmes(organization, academic_year) -> list[ProgrammeLine]:
    """Programmes covering the year (three queries)."""
    programmes = (
        Programme.objects.filter(
            organization=organization,
            first_year__starts_on__lte=academic_year.starts_on,
            last_year__starts_on__gte=academic_year.starts_on,
        )
        .select_related("first_year", "last_year")
        .prefetch_related("forms", "kinds")
        .order_by("first_year__starts_on", "pk")
    )
    return [
        ProgrammeLine(
            title=p.title,
            years=f"{p.first_year.title} – {p.last_year.title}",
            forms=[f.name for f in p.forms.all()],
            kinds=[k.name for k in p.kinds.all()],
        )
        for p in programmes
    ]


def _meetings_by_type(organization, academic_year, period) -> list[tuple[str, int]]:
    counts = dict(
        Meeting.objects.filter(
            pair__organization=organization,
            pair__academic_year=academic_year,
            held_on__gte=period.since,
            held_on__lte=period.until,
        )
        .values_list("meeting_type")
        .annotate(n=Count("pk"))
        .values_list("meeting_type", "n")
    )
    return [(str(t.label), counts.get(t.value, 0)) for t in MeetingType]


def _feedback(organization, academic_year, period) -> list[FeedbackLine]:
    """Forms of the period: those about the year's meetings held in it, and the
    others created in it (one query)."""
    rows = (
        Response.objects.filter(survey__organization=organization)
        .filter(
            Q(
                meeting__pair__academic_year=academic_year,
                meeting__held_on__gte=period.since,
                meeting__held_on__lte=period.until,
            )
            | Q(meeting__isnull=True, created_at__gte=period.start, created_at__lt=period.end)
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


def _satisfaction(organization, period) -> list[SatisfactionLine]:
    """Mean 1–5 answer to satisfaction questions of forms submitted in the period,
    per respondent role (one query; seed 000 §7, indicators 7–8)."""
    row = Answer.objects.filter(
        question__measures_satisfaction=True,
        response__survey__organization=organization,
        response__submitted_at__gte=period.start,
        response__submitted_at__lt=period.end,
        value_int__gte=1,
        value_int__lte=SCALE_MAX,
    ).aggregate(
        **{
            f"{role}_{name}": agg("value_int", filter=Q(response__survey__respondent_role=role))
            for role in (RespondentRole.MENTEE, RespondentRole.MENTOR)
            for name, agg in (("sum", Sum), ("count", Count))
        }
    )
    lines = []
    for role in (RespondentRole.MENTEE, RespondentRole.MENTOR):
        total, count = row[f"{role}_sum"] or 0, row[f"{role}_count"] or 0
        mean = (Decimal(total) / count).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP) if count else None
        lines.append(
            SatisfactionLine(str(role.label), mean, _percent(total, count * SCALE_MAX), count)
        )
    return lines


def _awards(organization, academic_year) -> list[AwardLine]:
    """Awards of the year with the mentor and the signed order, if any (one
    query, ``awards.award_summary``)."""
    lines = []
    for award in award_summary(organization, academic_year):
        order = ""
        if award.order_number is not None:
            order = f"№ {award.order_number}"
            if award.order_date is not None:
                order += " от {0:%d.%m.%Y}".format(award.order_date)
        lines.append(
            AwardLine(
                mentor=award.mentor_name,
                kind=award.kind_label,
                reason=award.reason,
                supplement_percent=award.supplement_percent,
                order=order,
            )
        )
    return lines


def collect_annual_data(
    organization: Organization,
    academic_year: AcademicYear,
    *,
    kind: str = ReportKind.ANNUAL,
    today: datetime.date | None = None,
) -> AnnualReportData:
    """The figures of a report of ``kind`` for the organisation's academic year,
    limited to ``report_period(academic_year, kind)``; ``today`` (default: the
    local date) caps the cadence expectation of a period not yet over.

    Reads a fixed number of queries whatever the number of pairs, meetings or
    participants: the pair figures in SQL (``annual_pairs.pair_figures``: seven
    GROUP BY queries, the cadence's streamed), programmes (3), meetings by
    type, feedback, satisfaction, indicator table (≤ 8), roadmap, awards. The
    list of pairs is not read here: ``data.pairs`` streams it to the renderers
    (two queries per ``annual_pairs.CHUNK`` pairs).
    """
    today = today or timezone.localdate()
    period = report_period(academic_year, kind)
    programmes = _programmes(organization, academic_year)
    figures = pair_figures(
        Pair.objects.filter(organization=organization, academic_year=academic_year), period, today,
        {name for programme in programmes for name in programme.forms},
        formed_only=kind != ReportKind.ANNUAL, form_line=FormLine, category_line=CategoryLine,
    )
    title, subtitle = _titles(kind, academic_year, period)
    return AnnualReportData(
        organization=organization,
        academic_year=academic_year,
        kind=kind,
        title=title,
        subtitle=subtitle,
        period=period,
        generated_at=timezone.localtime(),
        programmes=programmes,
        pairs=figures["pairs"],
        forms=figures["forms"],
        categories=figures["categories"],
        status_counts=figures["status_counts"],
        meetings_by_type=_meetings_by_type(organization, academic_year, period),
        feedback=_feedback(organization, academic_year, period),
        satisfaction=_satisfaction(organization, period),
        indicators=indicator_table(organization, academic_year),
        stages=stage_progress(organization, academic_year),
        awards=_awards(organization, academic_year),
        mentors_total=figures["mentors_total"],
        mentees_total=figures["mentees_total"],
        behind_count=figures["behind"],
    )


# The job lives in report_jobs.py (this module stays under 700 lines); its names
# are kept importable from here, where views, tasks and tests have found them.
from .report_jobs import (  # noqa: E402
    _mark_unsent,
    build_report,
    request_report,
    set_report_published,
)

__all__ = ["ReportError", "build_report", "collect_annual_data", "report_period", "request_report",
           "set_report_published", "_mark_unsent"]

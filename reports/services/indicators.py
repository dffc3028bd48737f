"""Indicators against targets: the library of seed 000 §7 (8 efficiency
indicators of the target model) and seed 003 (13 performance and 6 efficiency
indicators), the indicators an organisation picks with its targets per
academic year, the head counts that are the denominators of the shares, the
computations of the actual values, hand-entered values with evidence, and the
trend over the years.

Who counts as "in the programme" in a year: a participant who is a mentor
(resp. mentee) of a pair of that academic year that the director approved —
status approved, active or completed, or terminated after its approval
(``approved_at`` set). Drafts, proposals and pairs ended before approval do not
count. Every participant counts once per indicator however many pairs they are in.

Ages (seed 003 efficiency №1–2) are full years on the first day of the academic
year (``AcademicYear.starts_on``, 1 September); a participant without a birth
date is not counted as of any age.

Seed 003 gives calendar years 2020–2024; a target of year Y is kept for the
academic year «Y/Y+1» (``reports.data.indicators_seed003``).
"""

import datetime
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action
from mentoring.uploads import document_kind
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.enums import MenteeStatus
from participants.models import Mentee, Participant
from surveys.enums import RespondentRole
from surveys.models import Answer

from ..enums import IndicatorMethod, IndicatorUnit
from ..models import (
    HeadCount,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    OrganizationIndicator,
)

# A pair whose participants count as "in the programme" (see the module docstring).
COUNTED_PAIR = Q(
    status__in=(PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
) | Q(status=PairStatus.TERMINATED, approved_at__isnull=False)
TEACHER_CATEGORIES = (ParticipantCategory.TEACHER, ParticipantCategory.YOUNG_SPECIALIST)
# Mentees of the base who still need (or have) a mentor: not applicants, not done.
NEEDING_MENTEE_STATUSES = (MenteeStatus.IN_BASE, MenteeStatus.PAIRED)
SCALE_MAX = 5
ONE_DECIMAL = Decimal("0.1")
CHILD_MENTEE_AGES = (10, 19)  # seed 003 efficiency №1, both inclusive
CHILD_MENTOR_AGES = (15, 19)  # seed 003 efficiency №2, both inclusive
# "yellow": the actual value is at least this share of the target (higher is better)
NEAR_TARGET = Decimal("0.9")
MAX_PERCENT = Decimal(100)
MAX_VALUE = Decimal("999999.99")  # DecimalField(max_digits=8, decimal_places=2)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# How each indicator is obtained, shown beside it on the indicators page and in reports.
NOTES = {
    IndicatorMethod.TEACHERS_AS_MENTEES: _(
        "Teachers and young specialists who are mentees in approved pairs of the year, "
        "divided by the number of teachers."
    ),
    IndicatorMethod.TEACHERS_AS_MENTORS: _(
        "Teachers and young specialists who are mentors in approved pairs of the year, "
        "divided by the number of teachers."
    ),
    IndicatorMethod.STUDENTS_AS_MENTEES: _(
        "Students who are mentees in approved pairs of the year, divided by the number "
        "of students."
    ),
    IndicatorMethod.STUDENTS_AS_MENTORS: _(
        "Students who are mentors in approved pairs of the year, divided by the number "
        "of students."
    ),
    IndicatorMethod.EMPLOYERS_AS_MENTORS: _(
        "Distinct employers whose representatives are mentors in approved pairs of the "
        "year, divided by the number of employer partners."
    ),
    IndicatorMethod.PUPILS_AS_MENTEES: _(
        "Pupils who are mentees in approved pairs of the year, divided by the number of "
        "pupils reached by career guidance."
    ),
    IndicatorMethod.MENTEE_SATISFACTION: _(
        "Mean answer (1–5) of mentees to the satisfaction questions of the forms "
        "submitted during the year, as a percentage of 5."
    ),
    IndicatorMethod.MENTOR_SATISFACTION: _(
        "Mean answer (1–5) of mentors to the satisfaction questions of the forms "
        "submitted during the year, as a percentage of 5."
    ),
    IndicatorMethod.YOUNG_SPECIALISTS_PAIRED: _(
        "Young specialists of the mentee base who are mentees in approved pairs of the "
        "year, divided by the young specialists of the mentee base who need a mentor "
        "(in the base or paired, or in an approved pair of the year)."
    ),
    IndicatorMethod.STUDENTS_PAIRED: _(
        "Students of the mentee base who are mentees in approved pairs of the year, "
        "divided by the students of the mentee base who need a mentor (in the base or "
        "paired, or in an approved pair of the year)."
    ),
    IndicatorMethod.YOUNG_SPECIALISTS_AS_MENTEES: _(
        "Young specialists who are mentees in approved pairs of the year, divided by the "
        "number of young specialists (0–3 years of experience)."
    ),
    IndicatorMethod.CHILDREN_AS_MENTEES: _(
        "Mentees in approved pairs of the year aged 10 to 19 on 1 September, divided by "
        "the number of students plus the pupils reached by career guidance."
    ),
    IndicatorMethod.CHILDREN_AS_MENTORS: _(
        "Mentors in approved pairs of the year aged 15 to 19 on 1 September, divided by "
        "the number of students."
    ),
    IndicatorMethod.MANUAL: _("Entered by hand."),
}
NO_HEAD_COUNT = _("The head count for the year is not entered.")
NO_ANSWERS = _("No answers yet.")
NO_VALUE = _("No value entered for the year.")
NO_MENTEE_BASE = _("Nobody of this category in the mentee base needs a mentor.")


class IndicatorError(ValueError):
    """Input the indicator services refuse; ``message`` is shown to users as is
    (translated)."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def lower_is_better(indicator: Indicator) -> bool:
    """True for indicators whose target is a ceiling (seed 003 performance №3,
    staff turnover): met when actual <= target."""
    from ..data.indicators_seed003 import LOWER_IS_BETTER

    return indicator.code in LOWER_IS_BETTER


def traffic_light(actual: Decimal | None, target: Decimal | None, *, ceiling: bool = False) -> str:
    """"green" when the target is met, "yellow" when the actual value is at least
    90 % of the target (for a ceiling: at most the target / 0.9), "red" otherwise,
    "grey" when either is unknown."""
    if actual is None or target is None:
        return "grey"
    if ceiling:
        if actual <= target:
            return "green"
        return "yellow" if actual * NEAR_TARGET <= target else "red"
    if actual >= target:
        return "green"
    return "yellow" if actual >= target * NEAR_TARGET else "red"


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicators table.

    ``target`` and ``actual`` are in the indicator's unit (per cent with one
    decimal for the computed ones) or None when unknown; ``met`` is
    ``actual >= target`` (``<=`` for a ceiling such as staff turnover) or None
    when either is unknown; ``light`` is "green" (met), "yellow" (actual ≥ 90 %
    of the target), "red" (below) or "grey" (unknown). ``note`` says how the
    value is obtained (and why it is missing). ``numerator``/``denominator`` are
    the people counted and the head count for the share indicators.
    ``base_value`` is the organisation's base value (copied from the library
    when picked); ``record`` the stored IndicatorValue of the year, if any (the
    hand-entered value with its note and evidence).
    """

    indicator: Indicator
    unit_label: str
    target: Decimal | None
    actual: Decimal | None
    met: bool | None
    note: str
    numerator: int | None = None
    denominator: int | None = None
    base_value: Decimal | None = None
    record: IndicatorValue | None = None
    ceiling: bool = False
    # the organisation's targets of every academic year, ((year, value), …): the
    # trend reuses them instead of querying again
    yearly_targets: tuple[tuple[AcademicYear, Decimal], ...] = ()

    @property
    def light(self) -> str:
        """"green" | "yellow" | "red" | "grey" (see ``traffic_light``)."""
        return traffic_light(self.actual, self.target, ceiling=self.ceiling)

    @property
    def is_manual(self) -> bool:
        return self.indicator.method == IndicatorMethod.MANUAL


@dataclass(frozen=True)
class TrendSeries:
    """One picked indicator over the years: ``years`` are academic-year titles,
    oldest first; ``targets[i]`` and ``actuals[i]`` belong to ``years[i]`` (None
    when unknown). Actuals are the stored values of other years and the live
    value of the year asked for."""

    indicator: Indicator
    unit_label: str
    years: list[str]
    targets: list[Decimal | None]
    actuals: list[Decimal | None]


@dataclass(frozen=True)
class _Result:
    value: Decimal | None
    missing: str = ""
    numerator: int | None = None
    denominator: int | None = None


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """``part / whole * 100`` rounded half-up to one decimal (``whole`` > 0)."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def year_bounds(academic_year: AcademicYear) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware datetimes [start, end) of the academic year in the current time zone."""
    start = datetime.datetime.combine(academic_year.starts_on, datetime.time.min)
    end = datetime.datetime.combine(
        academic_year.ends_on + datetime.timedelta(days=1), datetime.time.min
    )
    return timezone.make_aware(start), timezone.make_aware(end)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_aged(day: datetime.date, youngest: int, oldest: int) -> Q:
    """Participants aged ``youngest``–``oldest`` full years (both inclusive) on
    ``day``, as a filter on ``birth_date`` (no birth date → not matched)."""
    return Q(
        birth_date__lte=_years_before(day, youngest),
        birth_date__gt=_years_before(day, oldest + 1),
    )


def counted_pairs(organization: Organization, academic_year: AcademicYear) -> QuerySet[Pair]:
    """Pairs of the year whose participants count as in the programme."""
    return Pair.objects.filter(organization=organization, academic_year=academic_year).filter(
        COUNTED_PAIR
    )


class _Facts:
    """The figures the computations need, each read by one query on first use, so
    that the whole table costs a fixed number of queries."""

    def __init__(self, organization: Organization, academic_year: AcademicYear):
        self.organization = organization
        self.academic_year = academic_year
        self._cache: dict[str, object] = {}

    def _cached(self, key: str, load: Callable[[], object]):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def head_count(self) -> HeadCount | None:
        return self._cached(
            "head_count",
            lambda: HeadCount.objects.filter(
                organization=self.organization, academic_year=self.academic_year
            ).first(),
        )

    def _pairs(self) -> QuerySet[Pair]:
        return counted_pairs(self.organization, self.academic_year).values("pk")

    def people(self) -> dict[str, dict[str, int]]:
        """Mentors and mentees of the counted pairs by category and age, in ONE
        query: ``{"mentors": {teachers, students, young}, "mentees": {teachers,
        students, pupils, young_specialists, children}}``. Each person counts
        once however many pairs they are in (membership is tested with IN
        sub-queries, so no join multiplies rows)."""
        from participants.models import Mentee, Mentor

        def load() -> dict[str, dict[str, int]]:
            day = self.academic_year.starts_on
            pairs = self._pairs()
            is_mentor = Q(pk__in=Mentor.objects.filter(pairs__in=pairs).values("participant_id"))
            is_mentee = Q(pk__in=Mentee.objects.filter(pairs__in=pairs).values("participant_id"))
            teacher = Q(category__in=TEACHER_CATEGORIES)
            student = Q(category=ParticipantCategory.STUDENT)
            row = Participant.objects.filter(is_mentor | is_mentee).aggregate(
                mentor_teachers=Count("pk", filter=is_mentor & teacher),
                mentor_students=Count("pk", filter=is_mentor & student),
                mentor_young=Count("pk", filter=is_mentor & born_aged(day, *CHILD_MENTOR_AGES)),
                mentee_teachers=Count("pk", filter=is_mentee & teacher),
                mentee_students=Count("pk", filter=is_mentee & student),
                mentee_pupils=Count("pk", filter=is_mentee & Q(category=ParticipantCategory.PUPIL)),
                mentee_young_specialists=Count(
                    "pk", filter=is_mentee & Q(category=ParticipantCategory.YOUNG_SPECIALIST)
                ),
                mentee_children=Count("pk", filter=is_mentee & born_aged(day, *CHILD_MENTEE_AGES)),
            )
            result: dict[str, dict[str, int]] = {"mentors": {}, "mentees": {}}
            for key, value in row.items():
                role, _sep, name = key.partition("_")
                result[role + "s"][name] = value or 0
            return result

        return self._cached("people", load)

    def mentors(self) -> dict[str, int]:
        return self.people()["mentors"]

    def mentees(self) -> dict[str, int]:
        return self.people()["mentees"]

    def mentee_base(self) -> dict[str, int]:
        """Young specialists and students of the organisation's mentee base who
        need a mentor in the year — status in the base or paired, or a mentee of
        a counted pair of the year whatever the status — and how many of them
        are mentees of a counted pair of the year (seed 003 performance №1, №4)."""

        def load() -> dict[str, int]:
            paired = Mentee.objects.filter(pairs__in=self._pairs()).values("pk")
            young = Q(participant__category=ParticipantCategory.YOUNG_SPECIALIST)
            student = Q(participant__category=ParticipantCategory.STUDENT)
            return (
                Mentee.objects.filter(participant__organization=self.organization)
                .filter(young | student)
                .filter(Q(status__in=NEEDING_MENTEE_STATUSES) | Q(pk__in=paired))
                .aggregate(
                    young_base=Count("pk", filter=young),
                    young_paired=Count("pk", filter=young & Q(pk__in=paired)),
                    students_base=Count("pk", filter=student),
                    students_paired=Count("pk", filter=student & Q(pk__in=paired)),
                )
            )

        return self._cached("mentee_base", load)

    def employers(self) -> int:
        """Distinct employers of employer representatives who mentor: names compared
        case- and space-insensitively; a representative without an employer name
        counts as one employer of their own."""

        def load() -> int:
            rows = (
                Participant.objects.filter(
                    mentor_profile__pairs__in=self._pairs(),
                    category=ParticipantCategory.EMPLOYER_REP,
                )
                .order_by()
                .values_list("pk", "employer")
                .distinct()
            )
            names = {" ".join(employer.split()).casefold() or f"#{pk}" for pk, employer in rows}
            return len(names)

        return self._cached("employers", load)

    def satisfaction(self) -> dict[str, tuple[int, int]]:
        """``{role: (sum of answers, number of answers)}`` for mentor and mentee."""

        def load() -> dict[str, tuple[int, int]]:
            start, end = year_bounds(self.academic_year)
            row = Answer.objects.filter(
                question__measures_satisfaction=True,
                response__survey__organization=self.organization,
                response__submitted_at__gte=start,
                response__submitted_at__lt=end,
                value_int__gte=1,
                value_int__lte=SCALE_MAX,
            ).aggregate(
                **{
                    f"{role}_{agg.__name__}": agg(
                        "value_int", filter=Q(response__survey__respondent_role=role)
                    )
                    for role in RespondentRole.values
                    for agg in (Sum, Count)
                }
            )
            return {
                role: (row[f"{role}_Sum"] or 0, row[f"{role}_Count"] or 0)
                for role in RespondentRole.values
            }

        return self._cached("satisfaction", load)

    def records(self) -> dict[int, IndicatorValue]:
        """The stored IndicatorValues of the year by indicator id."""
        return self._cached(
            "records",
            lambda: {
                record.indicator_id: record
                for record in IndicatorValue.objects.filter(
                    organization=self.organization, academic_year=self.academic_year
                )
            },
        )

    def manual_values(self) -> dict[int, Decimal]:
        return {pk: record.value for pk, record in self.records().items()}


def _share(
    field: str | tuple[str, ...], numerator: Callable[[_Facts], int]
) -> Callable[[_Facts, Indicator], _Result]:
    """A share of a head count; ``field`` may name several HeadCount fields that
    are added up (students + pupils for seed 003 efficiency №1)."""
    fields = (field,) if isinstance(field, str) else field

    def compute(facts: _Facts, indicator: Indicator) -> _Result:
        head_count = facts.head_count()
        whole = sum(getattr(head_count, name) for name in fields) if head_count else 0
        if not whole:
            return _Result(None, missing=str(NO_HEAD_COUNT))
        part = numerator(facts)
        return _Result(percent(part, whole), numerator=part, denominator=whole)

    return compute


def _paired(prefix: str) -> Callable[[_Facts, Indicator], _Result]:
    def compute(facts: _Facts, indicator: Indicator) -> _Result:
        base = facts.mentee_base()
        whole, part = base[f"{prefix}_base"], base[f"{prefix}_paired"]
        if not whole:
            return _Result(None, missing=str(NO_MENTEE_BASE))
        return _Result(percent(part, whole), numerator=part, denominator=whole)

    return compute


def _satisfaction(role: str) -> Callable[[_Facts, Indicator], _Result]:
    def compute(facts: _Facts, indicator: Indicator) -> _Result:
        total, count = facts.satisfaction()[role]
        if not count:
            return _Result(None, missing=str(NO_ANSWERS))
        return _Result(percent(total, count * SCALE_MAX))

    return compute


def _manual(facts: _Facts, indicator: Indicator) -> _Result:
    value = facts.manual_values().get(indicator.pk)
    return _Result(value, missing="" if value is not None else str(NO_VALUE))


# IndicatorMethod value → computation (facts, indicator) → result.
COMPUTATIONS: dict[str, Callable[[_Facts, Indicator], _Result]] = {
    IndicatorMethod.TEACHERS_AS_MENTEES: _share("teachers", lambda f: f.mentees()["teachers"]),
    IndicatorMethod.TEACHERS_AS_MENTORS: _share("teachers", lambda f: f.mentors()["teachers"]),
    IndicatorMethod.STUDENTS_AS_MENTEES: _share("students", lambda f: f.mentees()["students"]),
    IndicatorMethod.STUDENTS_AS_MENTORS: _share("students", lambda f: f.mentors()["students"]),
    IndicatorMethod.EMPLOYERS_AS_MENTORS: _share("employer_partners", lambda f: f.employers()),
    IndicatorMethod.PUPILS_AS_MENTEES: _share(
        "pupils_career_guidance", lambda f: f.mentees()["pupils"]
    ),
    IndicatorMethod.MENTEE_SATISFACTION: _satisfaction(RespondentRole.MENTEE),
    IndicatorMethod.MENTOR_SATISFACTION: _satisfaction(RespondentRole.MENTOR),
    IndicatorMethod.YOUNG_SPECIALISTS_PAIRED: _paired("young"),
    IndicatorMethod.STUDENTS_PAIRED: _paired("students"),
    IndicatorMethod.YOUNG_SPECIALISTS_AS_MENTEES: _share(
        "young_specialists", lambda f: f.mentees()["young_specialists"]
    ),
    IndicatorMethod.CHILDREN_AS_MENTEES: _share(
        ("students", "pupils_career_guidance"), lambda f: f.mentees()["children"]
    ),
    IndicatorMethod.CHILDREN_AS_MENTORS: _share("students", lambda f: f.mentors()["young"]),
    IndicatorMethod.MANUAL: _manual,
}


def compute_indicator(
    indicator: Indicator, *, organization: Organization, academic_year: AcademicYear
) -> Decimal | None:
    """The actual value of ``indicator`` for the organisation's academic year.

    Shares (seed 000 §7, indicators 1–6) are per cent with one decimal
    (half-up): distinct participants of the category counted as in the
    programme (module docstring) divided by the year's head count —
    teachers count categories teacher and young specialist; employer partners
    count distinct employers (``Participant.employer``) of employer
    representatives who mentor, divided by ``HeadCount.employer_partners``;
    pupils count pupil mentees divided by ``pupils_career_guidance``. None when
    the head count is missing or 0.

    Seed 003: performance №1 (№4) — young-specialist (student) mentees of the
    organisation's mentee base who need a mentor (status in the base or paired,
    or in a counted pair of the year) and are mentees of a counted pair of the
    year, divided by all of those; None when there are none. Efficiency №1 —
    mentees of counted pairs aged 10–19 on the year's first day divided by
    ``students + pupils_career_guidance``; №2 — mentors aged 15–19 divided by
    ``students``; №3 — young-specialist mentees divided by
    ``young_specialists``; None when the head count is missing or 0.

    Satisfaction (seed 000 indicators 7–8, seed 003 efficiency №5–6): the mean
    of the 1–5 answers to questions with ``measures_satisfaction`` in responses
    submitted within the academic year to the organisation's surveys for that
    respondent role, as mean / 5 × 100 with one decimal; None without answers.
    Manual indicators read their IndicatorValue (None when not entered).
    """
    facts = _Facts(organization, academic_year)
    return COMPUTATIONS[indicator.method](facts, indicator).value


def picked_indicators(organization: Organization) -> QuerySet[OrganizationIndicator]:
    """The organisation's picked indicators in their order, with the indicator."""
    return (
        OrganizationIndicator.objects.filter(organization=organization)
        .select_related("indicator")
        .order_by("position", "indicator__position", "pk")
    )


def indicator_table(organization: Organization, academic_year: AcademicYear) -> list[IndicatorRow]:
    """The organisation's picked indicators (OrganizationIndicator order) with
    their target and actual value for the year.

    Computed indicators are computed live from the portal's data
    (``compute_indicator``); manual ones read their IndicatorValue. Runs a fixed
    number of queries whatever the data size and the number of indicators —
    picked indicators, targets, head count, mentors, mentees, mentee base,
    employers, satisfaction and stored values: at most nine.
    """
    choices = list(picked_indicators(organization))
    if not choices:
        return []
    yearly: dict[int, list[tuple[AcademicYear, Decimal]]] = {}
    for target in IndicatorTarget.objects.filter(organization=organization).select_related(
        "academic_year"
    ):
        yearly.setdefault(target.indicator_id, []).append((target.academic_year, target.value))
    targets = {
        pk: value
        for pk, pairs in yearly.items()
        for year, value in pairs
        if year.pk == academic_year.pk
    }
    facts = _Facts(organization, academic_year)
    rows = []
    for choice in choices:
        indicator = choice.indicator
        result = COMPUTATIONS[indicator.method](facts, indicator)
        target = targets.get(indicator.pk)
        ceiling = lower_is_better(indicator)
        met = None
        if target is not None and result.value is not None:
            met = result.value <= target if ceiling else result.value >= target
        note = str(NOTES[indicator.method])
        if result.missing:
            note = " ".join([note, result.missing])
        record = None
        if indicator.method == IndicatorMethod.MANUAL:
            record = facts.records().get(indicator.pk)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                unit_label=str(indicator.get_unit_display()),
                target=target,
                actual=result.value,
                met=met,
                note=note,
                numerator=result.numerator,
                denominator=result.denominator,
                base_value=choice.base_value if choice.base_value is not None else indicator.base_value,
                record=record,
                ceiling=ceiling,
                yearly_targets=tuple(yearly.get(indicator.pk, ())),
            )
        )
    return rows


def indicator_trend(
    organization: Organization,
    academic_year: AcademicYear,
    *,
    rows: list[IndicatorRow] | None = None,
) -> list[TrendSeries]:
    """The picked indicators over the years, one series each (table order).

    ``years`` are every academic year that has a target or a stored value of a
    picked indicator, plus ``academic_year``, oldest first. Targets are the
    organisation's targets; actuals are the stored IndicatorValues (hand-entered
    or recorded at the annual report) of the other years and the live value of
    ``academic_year`` (``indicator_table``, which also read every year's
    targets). Queries: stored values in one, plus those of ``indicator_table``
    — a fixed number; a caller
    that already has the year's table passes it as ``rows`` and saves those.
    """
    if rows is None:
        rows = indicator_table(organization, academic_year)
    if not rows:
        return []
    ids = [row.indicator.pk for row in rows]
    years: dict[int, AcademicYear] = {academic_year.pk: academic_year}
    targets: dict[tuple[int, int], Decimal] = {}
    # the table read every year's targets already
    for row in rows:
        for year, value in row.yearly_targets:
            years[year.pk] = year
            targets[row.indicator.pk, year.pk] = value
    stored: dict[tuple[int, int], Decimal] = {}
    for record in IndicatorValue.objects.filter(
        organization=organization, indicator_id__in=ids
    ).select_related("academic_year"):
        years[record.academic_year_id] = record.academic_year
        stored[record.indicator_id, record.academic_year_id] = record.value
    ordered = sorted(years.values(), key=lambda y: y.starts_on)
    series = []
    for row in rows:
        pk = row.indicator.pk
        series.append(
            TrendSeries(
                indicator=row.indicator,
                unit_label=row.unit_label,
                years=[y.title for y in ordered],
                targets=[targets.get((pk, y.pk)) for y in ordered],
                actuals=[
                    row.actual if y.pk == academic_year.pk else stored.get((pk, y.pk))
                    for y in ordered
                ],
            )
        )
    return series


def satisfaction_summary(
    organization: Organization, academic_year: AcademicYear
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """Satisfaction per respondent role for the year, in one query:
    ``{"mentor": (mean, percent), "mentee": (mean, percent)}`` where ``mean`` is the
    mean 1–5 answer with two decimals and ``percent`` the indicator value (mean / 5
    × 100, one decimal); both None without answers (seed 000 §7, indicators 7–8)."""
    sums = _Facts(organization, academic_year).satisfaction()
    return {
        role: (
            (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            percent(total, count * SCALE_MAX),
        )
        if count
        else (None, None)
        for role, (total, count) in sums.items()
    }


# --- writes -------------------------------------------------------------------


def _academic_year(title: str) -> AcademicYear:
    first = int(title.split("/")[0])
    year, _created = AcademicYear.objects.get_or_create(
        title=title,
        defaults={
            "starts_on": datetime.date(first, 9, 1),
            "ends_on": datetime.date(first + 1, 8, 31),
        },
    )
    return year


def _target_title(key: str) -> str:
    """A ``default_targets`` key as an academic-year title: «2021/2022» stays, a
    calendar year «2021» becomes «2021/2022» (seed 003)."""
    key = str(key)
    if "/" in key:
        return key
    return f"{int(key)}/{int(key) + 1}"


LIBRARY_FIELDS = (
    "title", "group", "indicator_type", "unit", "method", "base_value", "base_year",
    "default_targets", "source", "position",
)


def _library_values(spec: dict) -> dict:
    base = spec.get("base_value")
    return {
        "title": spec["title"],
        "group": spec["group"],
        "indicator_type": spec.get("indicator_type", ""),
        "unit": spec["unit"],
        "method": spec["method"],
        "base_value": None if base is None else Decimal(base),
        "base_year": spec.get("base_year", ""),
        "default_targets": {title: spec["targets"][title] for title in spec["targets"]},
        "source": spec["source"],
        "position": spec["position"],
    }


def ensure_library() -> list[Indicator]:
    """Create or refresh the library: the 8 indicators of seed 000 §7 and the
    13 performance + 6 efficiency indicators of seed 003, by ``code``.

    Idempotent: missing indicators are created; existing ones get the seed's
    title, group, type, unit, method, base value and year, targets and source
    if they differ (the seed is the source of the library). Organisations'
    picks, targets and values are not touched. Returns the library in order.
    Three queries at most (read, bulk create, bulk update).
    """
    from ..data import library

    specs = library()
    with transaction.atomic():
        existing = {i.code: i for i in Indicator.objects.filter(code__in=[s["code"] for s in specs])}
        new, changed = [], []
        for spec in specs:
            values = _library_values(spec)
            indicator = existing.get(spec["code"])
            if indicator is None:
                new.append(Indicator(code=spec["code"], **values))
                continue
            if any(getattr(indicator, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(indicator, name, value)
                changed.append(indicator)
        if new:
            Indicator.objects.bulk_create(new)
        if changed:
            Indicator.objects.bulk_update(changed, list(LIBRARY_FIELDS))
    return list(Indicator.objects.filter(code__in=[s["code"] for s in specs]).order_by("position", "pk"))


def _copy_targets(organization: Organization, indicators: list[Indicator]) -> int:
    """Add the library's targets of ``indicators`` the organisation lacks;
    existing targets (possibly edited) are never overwritten."""
    titles = {_target_title(key) for i in indicators for key in (i.default_targets or {})}
    years = {title: _academic_year(title) for title in sorted(titles)}
    existing = set(
        IndicatorTarget.objects.filter(
            organization=organization, indicator__in=indicators
        ).values_list("indicator_id", "academic_year_id")
    )
    new = []
    for indicator in indicators:
        for key, value in (indicator.default_targets or {}).items():
            year = years[_target_title(key)]
            if (indicator.pk, year.pk) in existing:
                continue
            existing.add((indicator.pk, year.pk))
            new.append(IndicatorTarget(
                organization=organization, indicator=indicator, academic_year=year,
                value=Decimal(str(value)),
            ))
    if new:
        IndicatorTarget.objects.bulk_create(new)
    return len(new)


def pick_indicators(
    organization: Organization, indicators: Iterable[Indicator], actor=None
) -> list[OrganizationIndicator]:
    """The organisation picks ``indicators`` of the library for its programme.

    For each: an OrganizationIndicator is recorded (base value copied from the
    library; position = the library's), unless already picked, and the
    library's yearly targets are copied into the organisation's
    IndicatorTargets — academic years are created as needed (1 Sep–31 Aug),
    existing targets are never overwritten. Audited as
    ``reports.indicators.picked`` (codes and targets added). Returns the newly
    created picks.
    """
    indicators = list(indicators)
    if not indicators:
        return []
    with transaction.atomic():
        picked = set(
            OrganizationIndicator.objects.filter(
                organization=organization, indicator__in=indicators
            ).values_list("indicator_id", flat=True)
        )
        new = [
            OrganizationIndicator(
                organization=organization, indicator=indicator,
                base_value=indicator.base_value, position=indicator.position,
            )
            for indicator in indicators
            if indicator.pk not in picked
        ]
        if new:
            OrganizationIndicator.objects.bulk_create(new)
        added_targets = _copy_targets(organization, indicators)
        if new or added_targets:
            log_action(
                "reports.indicators.picked",
                actor=actor,
                organization=organization,
                data={"codes": [choice.indicator.code for choice in new], "targets": added_targets},
            )
    return new


def unpick_indicator(organization: Organization, indicator: Indicator, actor=None) -> bool:
    """The organisation stops following ``indicator``: its pick is deleted so it
    leaves the indicators page, the dashboard and the reports. Its targets and
    values (with evidence) are kept and come back if it is picked again.
    Returns False when it was not picked. Audited as
    ``reports.indicators.unpicked`` with the number of values kept."""
    with transaction.atomic():
        deleted, _rows = OrganizationIndicator.objects.filter(
            organization=organization, indicator=indicator
        ).delete()
        if not deleted:
            return False
        kept = IndicatorValue.objects.filter(organization=organization, indicator=indicator).count()
        log_action(
            "reports.indicators.unpicked",
            actor=actor,
            organization=organization,
            obj=indicator,
            data={"code": indicator.code, "values_kept": kept},
        )
    return True


def ensure_indicators(*, organization: Organization, actor=None) -> None:
    """Load the library (``ensure_library``) and pick the eight indicators of
    seed 000 §7 for the organisation with its targets for 2021/2022–2025/2026
    (academic years are created as needed, 1 Sep–31 Aug).

    Idempotent: existing picks and targets — including targets a curator
    changed — are left as they are; only missing rows are added.
    """
    from ..data.indicators_seed000 import INDICATORS

    codes = [spec["code"] for spec in INDICATORS]
    with transaction.atomic():
        library = {indicator.code: indicator for indicator in ensure_library()}
        pick_indicators(organization, [library[code] for code in codes], actor)


def validate_indicator_value(indicator: Indicator, value) -> Decimal:
    """``value`` as a Decimal with two decimals in the indicator's unit, or
    IndicatorError: not a number, negative, above 100 for a percentage, or
    above the largest storable value; people and items are whole numbers."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise IndicatorError(_("Enter a number.")) from None
    if not number.is_finite():
        raise IndicatorError(_("Enter a number."))
    if number < 0:
        raise IndicatorError(_("The value cannot be negative."))
    if indicator.unit == IndicatorUnit.PERCENT and number > MAX_PERCENT:
        raise IndicatorError(_("A percentage cannot be above 100."))
    if number > MAX_VALUE:
        raise IndicatorError(_("The value is too large."))
    if indicator.unit != IndicatorUnit.PERCENT and number != number.to_integral_value():
        raise IndicatorError(_("Enter a whole number of people or items."))
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def set_indicator_targets(
    *,
    organization: Organization,
    indicator: Indicator,
    targets: dict[AcademicYear, object],
    actor,
) -> int:
    """Set the organisation's targets of ``indicator`` per academic year:
    ``targets`` maps a year to a value in the indicator's unit (validated as
    ``validate_indicator_value``) or None/"" to remove that year's target.
    All values are checked before anything is written (IndicatorError naming
    the year otherwise). Audited as ``reports.indicator_targets.set`` with the
    old and new values. Returns the number of targets changed."""
    cleaned: dict[AcademicYear, Decimal | None] = {}
    for year, value in targets.items():
        if value is None or str(value).strip() == "":
            cleaned[year] = None
            continue
        try:
            cleaned[year] = validate_indicator_value(indicator, value)
        except IndicatorError as error:
            raise IndicatorError(f"{year.title}: {error.message}") from None
    with transaction.atomic():
        current = {
            target.academic_year_id: target
            for target in IndicatorTarget.objects.select_for_update().filter(
                organization=organization, indicator=indicator
            )
        }
        changes = {}
        for year, value in cleaned.items():
            target = current.get(year.pk)
            old = target.value if target else None
            if old == value:
                continue
            changes[year.title] = {"old": None if old is None else str(old),
                                   "new": None if value is None else str(value)}
            if value is None:
                target.delete()
            elif target is None:
                IndicatorTarget.objects.create(
                    organization=organization, indicator=indicator, academic_year=year, value=value
                )
            else:
                target.value = value
                target.save(update_fields=["value"])
        if changes:
            log_action(
                "reports.indicator_targets.set",
                actor=actor,
                organization=organization,
                obj=indicator,
                data={"code": indicator.code, "changes": changes},
            )
    return len(changes)


def set_head_counts(
    *,
    organization: Organization,
    academic_year: AcademicYear,
    actor,
    teachers: int,
    students: int,
    employer_partners: int,
    pupils_career_guidance: int,
    young_specialists: int | None = None,
) -> HeadCount:
    """Record the year's head counts, the denominators of the share indicators
    (seed 000 §7 №1–6, seed 003 efficiency №1–3).

    All are non-negative integers (ValueError otherwise); ``young_specialists``
    None keeps the stored number (0 for a new record). Creates or updates the
    organisation's HeadCount for the year and records an audit entry
    ``reports.headcount.updated`` with the old and new values.
    """
    values = {
        "teachers": teachers,
        "students": students,
        "employer_partners": employer_partners,
        "pupils_career_guidance": pupils_career_guidance,
    }
    if young_specialists is not None:
        values["young_specialists"] = young_specialists
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    with transaction.atomic():
        head_count, created = HeadCount.objects.select_for_update().get_or_create(
            organization=organization, academic_year=academic_year, defaults=values
        )
        previous = None
        if not created:
            previous = {name: getattr(head_count, name) for name in values}
            for name, value in values.items():
                setattr(head_count, name, value)
            head_count.save(update_fields=list(values))
        log_action(
            "reports.headcount.updated",
            actor=actor,
            organization=organization,
            obj=head_count,
            data={"academic_year": academic_year.title, "new": values, "old": previous},
        )
    return head_count


# evidence content → stored extension and content type
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_evidence(upload) -> str:
    """The stored extension (``.pdf``, ``.jpg``, ``.png``, ``.docx``,
    ``.xlsx``) of an evidence file, decided by its content, not its name.

    IndicatorError for an empty file, a file over 10 MB, or content that is
    none of PDF, JPEG, PNG, DOCX (a ZIP with ``word/document.xml``) or XLSX (a
    ZIP with ``xl/workbook.xml``)."""
    size = upload.size or 0
    if not size:
        raise IndicatorError(_("The evidence file is empty."))
    if size > MAX_EVIDENCE_BYTES:
        raise IndicatorError(_("The evidence file is larger than 10 MB."))
    kind = document_kind(upload)
    if kind in EVIDENCE_TYPES:
        return kind
    raise IndicatorError(
        _("The evidence must be a PDF, JPEG, PNG, DOCX or XLSX file; this file's content is none of them.")
    )


def evidence_content_type(name: str) -> str:
    """The content type of a stored evidence file by its extension."""
    return EVIDENCE_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def set_indicator_value(
    *,
    organization: Organization,
    indicator: Indicator,
    academic_year: AcademicYear,
    value,
    actor,
    note: str = "",
    evidence=None,
) -> IndicatorValue:
    """Record the hand-entered actual value of a MANUAL indicator for the year
    (seed 003: contracts on dual training, WorldSkills competencies…), with its
    note and an optional evidence file.

    ``value`` is validated as ``validate_indicator_value``; ``evidence`` (an
    uploaded file) as ``check_evidence`` and stored under a random name.
    Replacing a value keeps the stored evidence unless a new file is given (the
    old file is then deleted). IndicatorError (Russian message) for a computed
    indicator or invalid input; nothing is written then. Audited as
    ``reports.indicator_value.set``.
    """
    if indicator.method != IndicatorMethod.MANUAL:
        raise IndicatorError(
            _("This indicator is computed from the portal's data; its value cannot be entered by hand.")
        )
    number = validate_indicator_value(indicator, value)
    extension = check_evidence(evidence) if evidence is not None else None
    note = str(note or "").strip()
    old_file = None
    with transaction.atomic():
        record = IndicatorValue.objects.select_for_update().filter(
            organization=organization, indicator=indicator, academic_year=academic_year
        ).first()
        if record is None:
            record = IndicatorValue(
                organization=organization, indicator=indicator, academic_year=academic_year
            )
        record.value, record.note, record.entered_by, record.recorded = number, note, actor, False
        if extension is not None:
            old_file = record.evidence.name or None
            evidence.seek(0)
            record.evidence.save(f"{uuid.uuid4().hex}{extension}", evidence, save=False)
        record.save()
        log_action(
            "reports.indicator_value.set",
            actor=actor,
            organization=organization,
            obj=record,
            data={
                "indicator": indicator.code,
                "academic_year": academic_year.title,
                "value": str(number),
                "evidence": record.evidence.name or None,
            },
        )
        if old_file and old_file != record.evidence.name:
            storage = record.evidence.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return record


def record_indicator_values(organization: Organization, academic_year: AcademicYear) -> int:
    """Store the year's live values of the organisation's picked computed
    indicators as IndicatorValue(recorded=True), so that the trend of later
    years reads them (called by the annual report build).

    A hand-entered value (``recorded`` False) is never overwritten; a recorded
    value is replaced, or deleted when the value is now unknown. Returns the
    number of values stored. Fixed number of queries plus one write per
    computed indicator.
    """
    rows = [row for row in indicator_table(organization, academic_year) if not row.is_manual]
    if not rows:
        return 0
    stored = 0
    with transaction.atomic():
        existing = {
            record.indicator_id: record
            for record in IndicatorValue.objects.select_for_update().filter(
                organization=organization, academic_year=academic_year,
                indicator__in=[row.indicator for row in rows],
            )
        }
        for row in rows:
            record = existing.get(row.indicator.pk)
            if record is not None and not record.recorded:
                continue
            if row.actual is None:
                if record is not None:
                    record.delete()
                continue
            if record is None:
                IndicatorValue.objects.create(
                    organization=organization, indicator=row.indicator,
                    academic_year=academic_year, value=row.actual, recorded=True,
                    note=row.note,
                )
            elif record.value != row.actual or record.note != row.note:
                record.value, record.note = row.actual, row.note
                record.save(update_fields=["value", "note", "entered_at"])
            stored += 1
    return stored

"""Efficiency indicators of the target mentoring model against their targets
(seed 000 §7): the eight indicators, the head counts that are their
denominators, and the computations of the actual values.

Who counts as "in the programme" in a year: a participant who is a mentor
(resp. mentee) of a pair of that academic year that the director approved —
status approved, active or completed, or terminated after its approval
(``approved_at`` set). Drafts, proposals and pairs ended before approval do not
count. Every participant counts once per indicator however many pairs they are in.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.models import Participant
from surveys.enums import RespondentRole
from surveys.models import Answer

from ..enums import IndicatorMethod
from ..models import HeadCount, Indicator, IndicatorTarget, IndicatorValue

# A pair whose participants count as "in the programme" (see the module docstring).
COUNTED_PAIR = Q(
    status__in=(PairStatus.APPROVED, PairStatus.ACTIVE, PairStatus.COMPLETED)
) | Q(status=PairStatus.TERMINATED, approved_at__isnull=False)
TEACHER_CATEGORIES = (ParticipantCategory.TEACHER, ParticipantCategory.YOUNG_SPECIALIST)
SCALE_MAX = 5
ONE_DECIMAL = Decimal("0.1")

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
    IndicatorMethod.MANUAL: _("Entered by hand."),
}
NO_HEAD_COUNT = _("The head count for the year is not entered.")
NO_ANSWERS = _("No answers yet.")
NO_VALUE = _("No value entered for the year.")


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the indicators table.

    ``target`` and ``actual`` are in the indicator's unit (per cent with one
    decimal for the computed ones) or None when unknown; ``met`` is
    ``actual >= target`` or None when either is unknown; ``note`` says how the
    value is obtained (and why it is missing). ``numerator``/``denominator`` are
    the people counted and the head count for the share indicators.
    """

    indicator: Indicator
    unit_label: str
    target: Decimal | None
    actual: Decimal | None
    met: bool | None
    note: str
    numerator: int | None = None
    denominator: int | None = None


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

    def mentors(self) -> dict[str, int]:
        return self._cached(
            "mentors",
            lambda: Participant.objects.filter(mentor_profile__pairs__in=self._pairs()).aggregate(
                teachers=Count("pk", distinct=True, filter=Q(category__in=TEACHER_CATEGORIES)),
                students=Count("pk", distinct=True, filter=Q(category=ParticipantCategory.STUDENT)),
            ),
        )

    def mentees(self) -> dict[str, int]:
        return self._cached(
            "mentees",
            lambda: Participant.objects.filter(mentee_profile__pairs__in=self._pairs()).aggregate(
                teachers=Count("pk", distinct=True, filter=Q(category__in=TEACHER_CATEGORIES)),
                students=Count("pk", distinct=True, filter=Q(category=ParticipantCategory.STUDENT)),
                pupils=Count("pk", distinct=True, filter=Q(category=ParticipantCategory.PUPIL)),
            ),
        )

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

    def manual_values(self) -> dict[int, Decimal]:
        return self._cached(
            "manual",
            lambda: dict(
                IndicatorValue.objects.filter(
                    organization=self.organization, academic_year=self.academic_year
                ).values_list("indicator_id", "value")
            ),
        )


def _share(field: str, numerator: Callable[[_Facts], int]) -> Callable[[_Facts, Indicator], _Result]:
    def compute(facts: _Facts, indicator: Indicator) -> _Result:
        head_count = facts.head_count()
        whole = getattr(head_count, field, 0) if head_count else 0
        if not whole:
            return _Result(None, missing=str(NO_HEAD_COUNT))
        part = numerator(facts)
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

    Satisfaction (indicators 7–8): the mean of the 1–5 answers to questions
    with ``measures_satisfaction`` in responses submitted within the academic
    year to the organisation's surveys for that respondent role, as mean / 5 ×
    100 with one decimal; None without answers. Manual indicators read their
    IndicatorValue (None when not entered).
    """
    facts = _Facts(organization, academic_year)
    return COMPUTATIONS[indicator.method](facts, indicator).value


def indicator_table(organization: Organization, academic_year: AcademicYear) -> list[IndicatorRow]:
    """Every indicator (by position) with its target and actual value for the year.

    Runs a fixed number of queries whatever the data size: indicators, targets,
    head count, mentors, mentees, employers, satisfaction and manual values —
    at most eight.
    """
    indicators = list(Indicator.objects.order_by("position", "pk"))
    targets = dict(
        IndicatorTarget.objects.filter(
            organization=organization, academic_year=academic_year
        ).values_list("indicator_id", "value")
    )
    facts = _Facts(organization, academic_year)
    rows = []
    for indicator in indicators:
        result = COMPUTATIONS[indicator.method](facts, indicator)
        target = targets.get(indicator.pk)
        met = None
        if target is not None and result.value is not None:
            met = result.value >= target
        note = str(NOTES[indicator.method])
        if result.missing:
            note = " ".join([note, result.missing])
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
            )
        )
    return rows


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


def ensure_indicators(*, organization: Organization, actor=None) -> None:
    """Create the eight indicators of seed 000 §7 and the organisation's targets
    for 2021/2022–2025/2026 (academic years are created as needed, 1 Sep–31 Aug).

    Idempotent: existing indicators and targets — including targets a curator
    changed — are left as they are; only missing rows are added.
    """
    from ..data.indicators_seed000 import INDICATORS, YEARS

    with transaction.atomic():
        years = {title: _academic_year(title) for title in YEARS}
        existing = set(
            IndicatorTarget.objects.filter(organization=organization).values_list(
                "indicator__code", "academic_year__title"
            )
        )
        new_targets = []
        for spec in INDICATORS:
            indicator, _created = Indicator.objects.get_or_create(
                code=spec["code"],
                defaults={k: spec[k] for k in ("title", "unit", "method", "position")},
            )
            new_targets += [
                IndicatorTarget(
                    organization=organization,
                    indicator=indicator,
                    academic_year=years[title],
                    value=Decimal(value),
                )
                for title, value in spec["targets"].items()
                if (spec["code"], title) not in existing
            ]
        if new_targets:
            IndicatorTarget.objects.bulk_create(new_targets)
            log_action(
                "reports.indicator_targets.created",
                actor=actor,
                organization=organization,
                data={"count": len(new_targets)},
            )


def set_head_counts(
    *,
    organization: Organization,
    academic_year: AcademicYear,
    actor,
    teachers: int,
    students: int,
    employer_partners: int,
    pupils_career_guidance: int,
) -> HeadCount:
    """Record the year's head counts, the denominators of indicators 1–6.

    All four are non-negative integers (ValueError otherwise). Creates or
    updates the organisation's HeadCount for the year and records an audit
    entry ``reports.headcount.updated`` with the old and new values.
    """
    values = {
        "teachers": teachers,
        "students": students,
        "employer_partners": employer_partners,
        "pupils_career_guidance": pupils_career_guidance,
    }
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


def set_indicator_value(
    *,
    organization: Organization,
    indicator: Indicator,
    academic_year: AcademicYear,
    value: Decimal,
    actor,
    note: str = "",
) -> IndicatorValue:
    """Record the hand-entered actual value of an indicator (method MANUAL) for the
    year, with its note or evidence; audited as ``reports.indicator_value.set``."""
    with transaction.atomic():
        record, _created = IndicatorValue.objects.update_or_create(
            organization=organization,
            indicator=indicator,
            academic_year=academic_year,
            defaults={"value": value, "note": note, "entered_by": actor},
        )
        log_action(
            "reports.indicator_value.set",
            actor=actor,
            organization=organization,
            obj=record,
            data={"indicator": indicator.code, "academic_year": academic_year.title, "value": str(value)},
        )
    return record

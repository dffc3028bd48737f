"""The indicators' values against their targets (split from ``indicators``,
which keeps the writes): how each indicator is computed (``COMPUTATIONS`` over
``indicator_facts``), the table of an organisation's picked indicators for a
year (``indicator_table``) or of many organisations at once with the same
number of queries (``indicator_tables``), the trend over the years and the
satisfaction summary. Read-only.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear, Organization
from surveys.enums import RespondentRole

from ..enums import IndicatorMethod
from ..models import Indicator, IndicatorTarget, IndicatorValue, OrganizationIndicator
from .indicator_facts import SCALE_MAX, Facts, FactsBatch, percent

# "yellow": the actual value is at least this share of the target (higher is better)
NEAR_TARGET = Decimal("0.9")

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


def _share(
    field: str | tuple[str, ...], numerator: Callable[[Facts], int]
) -> Callable[[Facts, Indicator], _Result]:
    """A share of a head count; ``field`` may name several HeadCount fields that
    are added up (students + pupils for seed 003 efficiency №1)."""
    fields = (field,) if isinstance(field, str) else field

    def compute(facts: Facts, indicator: Indicator) -> _Result:
        head_count = facts.head_count()
        whole = sum(getattr(head_count, name) for name in fields) if head_count else 0
        if not whole:
            return _Result(None, missing=str(NO_HEAD_COUNT))
        part = numerator(facts)
        return _Result(percent(part, whole), numerator=part, denominator=whole)

    return compute


def _paired(prefix: str) -> Callable[[Facts, Indicator], _Result]:
    def compute(facts: Facts, indicator: Indicator) -> _Result:
        base = facts.mentee_base()
        whole, part = base[f"{prefix}_base"], base[f"{prefix}_paired"]
        if not whole:
            return _Result(None, missing=str(NO_MENTEE_BASE))
        return _Result(percent(part, whole), numerator=part, denominator=whole)

    return compute


def _satisfaction(role: str) -> Callable[[Facts, Indicator], _Result]:
    def compute(facts: Facts, indicator: Indicator) -> _Result:
        total, count = facts.satisfaction()[role]
        if not count:
            return _Result(None, missing=str(NO_ANSWERS))
        return _Result(percent(total, count * SCALE_MAX))

    return compute


def _manual(facts: Facts, indicator: Indicator) -> _Result:
    value = facts.manual_values().get(indicator.pk)
    return _Result(value, missing="" if value is not None else str(NO_VALUE))


# IndicatorMethod value → computation (facts, indicator) → result.
COMPUTATIONS: dict[str, Callable[[Facts, Indicator], _Result]] = {
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
    facts = FactsBatch([organization.pk], academic_year).facts(organization.pk)
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
    picked indicators, targets, head count, people, mentee base, employers,
    satisfaction and stored values: at most eight (``indicator_tables``).
    """
    return indicator_tables([organization.pk], academic_year)[organization.pk]


def indicator_tables(
    organization_ids: Iterable[int], academic_year: AcademicYear
) -> dict[int, list[IndicatorRow]]:
    """``{organization id: indicator_table(...)}`` for many organisations at
    once — the same rows, read with the same at most eight queries whatever the
    number of organisations (each fact grouped by organisation,
    ``indicator_facts.FactsBatch``); an organisation with no picked indicator
    gets ``[]``."""
    ids = list(organization_ids)
    tables: dict[int, list[IndicatorRow]] = {pk: [] for pk in ids}
    choices = list(
        OrganizationIndicator.objects.filter(organization__in=ids).select_related("indicator")
        .order_by("organization_id", "position", "indicator__position", "pk")
    )
    if not choices:
        return tables
    yearly: dict[tuple[int, int], list[tuple[AcademicYear, Decimal]]] = {}
    for target in IndicatorTarget.objects.filter(organization__in=ids).select_related("academic_year"):
        yearly.setdefault((target.organization_id, target.indicator_id), []).append(
            (target.academic_year, target.value))
    batch = FactsBatch(ids, academic_year)
    for choice in choices:
        org_targets = yearly.get((choice.organization_id, choice.indicator_id), [])
        target = next((value for year, value in org_targets if year.pk == academic_year.pk), None)
        tables[choice.organization_id].append(
            _row(choice, batch.facts(choice.organization_id), target, tuple(org_targets)))
    return tables


def _row(choice: OrganizationIndicator, facts: Facts, target: Decimal | None,
         yearly_targets: tuple) -> IndicatorRow:
    indicator = choice.indicator
    result = COMPUTATIONS[indicator.method](facts, indicator)
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
    return IndicatorRow(
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
        yearly_targets=yearly_targets,
    )


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
    sums = FactsBatch([organization.pk], academic_year).facts(organization.pk).satisfaction()
    return {
        role: (
            (Decimal(total) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            percent(total, count * SCALE_MAX),
        )
        if count
        else (None, None)
        for role, (total, count) in sums.items()
    }



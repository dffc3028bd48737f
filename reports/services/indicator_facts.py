"""The facts the indicators are computed from (split from ``indicators``), read
for many organisations at once: each fact is ONE query grouped by organisation,
loaded on first use, so a table of one organisation and the tables of the
territory's fifty cost the same number of queries (``FactsBatch``).

Who counts as "in the programme" in a year: a participant who is a mentor
(resp. mentee) of a pair of that academic year that the director approved —
status approved, active or completed, or terminated after its approval
(``approved_at`` set). Drafts, proposals and pairs ended before approval do not
count. Every participant counts once per indicator however many pairs they are
in, in the organisation of the pair (``Pair.organization``, the mentee's): a
mentor of another organisation in a cross-organisation pair counts in the
organisation they mentor for.

Ages (seed 003 efficiency №1–2) are full years on the first day of the academic
year (``AcademicYear.starts_on``, 1 September); a participant without a birth
date is not counted as of any age.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, Organization
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.enums import MenteeStatus
from participants.models import Mentee
from surveys.enums import RespondentRole
from surveys.models import Answer

from ..models import HeadCount, IndicatorValue

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

MENTOR_FIGURES = ("teachers", "students", "young")
MENTEE_FIGURES = ("teachers", "students", "pupils", "young_specialists", "children")
BASE_FIGURES = ("young_base", "young_paired", "students_base", "students_paired")


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


def born_aged(day: datetime.date, youngest: int, oldest: int, *, prefix: str = "") -> Q:
    """Participants aged ``youngest``–``oldest`` full years (both inclusive) on
    ``day``, as a filter on ``<prefix>birth_date`` (no birth date → not matched)."""
    return Q(**{
        f"{prefix}birth_date__lte": _years_before(day, youngest),
        f"{prefix}birth_date__gt": _years_before(day, oldest + 1),
    })


def counted_pairs(organization: Organization, academic_year: AcademicYear) -> QuerySet[Pair]:
    """Pairs of the year whose participants count as in the programme."""
    return Pair.objects.filter(organization=organization, academic_year=academic_year).filter(
        COUNTED_PAIR
    )


class FactsBatch:
    """The facts of ``organization_ids`` for the academic year, each read by ONE
    query grouped by organisation on first use (``facts(pk)`` gives one
    organisation's view): head counts, people of the counted pairs, the mentee
    base, employers, satisfaction and the stored values — at most six queries
    whatever the number of organisations, pairs and people."""

    def __init__(self, organization_ids: Iterable[int], academic_year: AcademicYear):
        self.ids = list(organization_ids)
        self.academic_year = academic_year
        self._cache: dict[str, dict] = {}

    def facts(self, organization_id: int) -> "Facts":
        return Facts(self, organization_id)

    def _cached(self, key: str, load: Callable[[], dict]) -> dict:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def _pairs(self) -> QuerySet[Pair]:
        return Pair.objects.filter(organization__in=self.ids, academic_year=self.academic_year).filter(
            COUNTED_PAIR
        )

    def head_counts(self) -> dict[int, HeadCount]:
        return self._cached("head_counts", lambda: {
            row.organization_id: row
            for row in HeadCount.objects.filter(organization__in=self.ids, academic_year=self.academic_year)
        })

    def people(self) -> dict[int, dict[str, dict[str, int]]]:
        """``{org: {"mentors": {teachers, students, young}, "mentees": {teachers,
        students, pupils, young_specialists, children}}}`` in one query: distinct
        people of the organisation's counted pairs (the mentees' join multiplies
        rows, the distinct counts do not mind)."""

        def load():
            day = self.academic_year.starts_on
            figures = {}
            for role, path, young in (("mentor", "mentor", CHILD_MENTOR_AGES),
                                      ("mentee", "mentees", CHILD_MENTEE_AGES)):
                person = f"{path}__participant__"
                figures.update({
                    f"{role}_teachers": Count(path, distinct=True,
                                              filter=Q(**{f"{person}category__in": TEACHER_CATEGORIES})),
                    f"{role}_students": Count(path, distinct=True,
                                              filter=Q(**{f"{person}category": ParticipantCategory.STUDENT})),
                    f"{role}_{'young' if role == 'mentor' else 'children'}": Count(
                        path, distinct=True, filter=born_aged(day, *young, prefix=person)),
                })
            figures["mentee_pupils"] = Count(
                "mentees", distinct=True, filter=Q(mentees__participant__category=ParticipantCategory.PUPIL))
            figures["mentee_young_specialists"] = Count(
                "mentees", distinct=True,
                filter=Q(mentees__participant__category=ParticipantCategory.YOUNG_SPECIALIST))
            out = {pk: {"mentors": dict.fromkeys(MENTOR_FIGURES, 0),
                        "mentees": dict.fromkeys(MENTEE_FIGURES, 0)} for pk in self.ids}
            for row in self._pairs().values("organization_id").annotate(**figures).order_by():
                for key, value in row.items():
                    if key != "organization_id":
                        role, _sep, name = key.partition("_")
                        out[row["organization_id"]][role + "s"][name] = value or 0
            return out

        return self._cached("people", load)

    def mentee_base(self) -> dict[int, dict[str, int]]:
        """Young specialists and students of each organisation's mentee base who
        need a mentor in the year — status in the base or paired, or a mentee of
        a counted pair of their organisation in the year whatever the status —
        and how many of them are such mentees (seed 003 performance №1, №4)."""

        def load():
            paired = Exists(self._pairs().filter(mentees=OuterRef("pk"),
                                                 organization=OuterRef("participant__organization")))
            young = Q(participant__category=ParticipantCategory.YOUNG_SPECIALIST)
            student = Q(participant__category=ParticipantCategory.STUDENT)
            rows = (
                Mentee.objects.filter(participant__organization__in=self.ids)
                .filter(young | student).alias(paired=paired)
                .filter(Q(status__in=NEEDING_MENTEE_STATUSES) | Q(paired=True))
                .values("participant__organization")
                .annotate(
                    young_base=Count("pk", filter=young),
                    young_paired=Count("pk", filter=young & Q(paired=True)),
                    students_base=Count("pk", filter=student),
                    students_paired=Count("pk", filter=student & Q(paired=True)),
                ).order_by()
            )
            out = {pk: dict.fromkeys(BASE_FIGURES, 0) for pk in self.ids}
            for row in rows:
                out[row.pop("participant__organization")].update(row)
            return out

        return self._cached("mentee_base", load)

    def employers(self) -> dict[int, int]:
        """Distinct employers of employer representatives who mentor in each
        organisation's counted pairs: names compared case- and
        space-insensitively; a representative without an employer name counts
        as one employer of their own."""

        def load():
            rows = (
                self._pairs().filter(mentor__participant__category=ParticipantCategory.EMPLOYER_REP)
                .values_list("organization_id", "mentor__participant_id", "mentor__participant__employer")
                .distinct().order_by()
            )
            names: dict[int, set[str]] = defaultdict(set)
            for org_id, pk, employer in rows:
                names[org_id].add(" ".join(employer.split()).casefold() or f"#{pk}")
            return {pk: len(names[pk]) for pk in self.ids}

        return self._cached("employers", load)

    def satisfaction(self) -> dict[int, dict[str, tuple[int, int]]]:
        """``{org: {role: (sum of answers, number of answers)}}`` for mentor and
        mentee: 1–5 answers to satisfaction questions of forms submitted within
        the academic year to the organisation's surveys."""

        def load():
            start, end = year_bounds(self.academic_year)
            out = {pk: {role: (0, 0) for role in RespondentRole.values} for pk in self.ids}
            for org_id, role, total, n in (
                Answer.objects.filter(
                    question__measures_satisfaction=True,
                    response__survey__organization__in=self.ids,
                    response__submitted_at__gte=start, response__submitted_at__lt=end,
                    value_int__gte=1, value_int__lte=SCALE_MAX,
                )
                .values_list("response__survey__organization_id", "response__survey__respondent_role")
                .annotate(total=Sum("value_int"), n=Count("pk")).order_by()
            ):
                out[org_id][role] = (total or 0, n)
            return out

        return self._cached("satisfaction", load)

    def records(self) -> dict[int, dict[int, IndicatorValue]]:
        """The stored IndicatorValues of the year: ``{org: {indicator id: value}}``."""

        def load():
            out: dict[int, dict[int, IndicatorValue]] = {pk: {} for pk in self.ids}
            for record in IndicatorValue.objects.filter(organization__in=self.ids,
                                                        academic_year=self.academic_year):
                out[record.organization_id][record.indicator_id] = record
            return out

        return self._cached("records", load)


class Facts:
    """One organisation's view of a ``FactsBatch`` (what the computations read)."""

    def __init__(self, batch: FactsBatch, organization_id: int):
        self.batch = batch
        self.organization_id = organization_id

    def head_count(self) -> HeadCount | None:
        return self.batch.head_counts().get(self.organization_id)

    def mentors(self) -> dict[str, int]:
        return self.batch.people()[self.organization_id]["mentors"]

    def mentees(self) -> dict[str, int]:
        return self.batch.people()[self.organization_id]["mentees"]

    def mentee_base(self) -> dict[str, int]:
        return self.batch.mentee_base()[self.organization_id]

    def employers(self) -> int:
        return self.batch.employers()[self.organization_id]

    def satisfaction(self) -> dict[str, tuple[int, int]]:
        return self.batch.satisfaction()[self.organization_id]

    def records(self) -> dict[int, IndicatorValue]:
        return self.batch.records()[self.organization_id]

    def manual_values(self) -> dict[int, Decimal]:
        return {pk: record.value for pk, record in self.records().items()}

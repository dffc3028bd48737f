"""Indicators against targets (seed 000 §7): hand-counted fixtures. Seed 003's
indicators are in test_indicators_seed003.py, the library and picking in
test_indicators_library.py."""

from decimal import Decimal

import pytest

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from pairs.enums import PairStatus
from reports.data.indicators_seed000 import INDICATORS
from reports.enums import IndicatorGroup, IndicatorMethod
from reports.models import HeadCount, Indicator, IndicatorTarget, OrganizationIndicator
from reports.services.indicators import (
    compute_indicator,
    ensure_indicators,
    indicator_table,
    set_head_counts,
    set_indicator_value,
)
from surveys.enums import QuestionType, RespondentRole
from surveys.models import Question

from .conftest import answer, make_pair, mentee_of, mentor_of, previous_year_moment, satisfaction_survey

SEED_TABLE = {
    # seed 000 §7, 2021/2022 … 2025/2026
    1: [12, 11, 10, 8, 8],
    2: [12, 11, 10, 8, 8],
    3: [10, 12, 15, 20, 25],
    4: [10, 12, 15, 20, 25],
    5: [2, 4, 6, 8, 10],
    6: [10, 15, 20, 25, 30],
    7: [40, 50, 60, 70, 80],
    8: [40, 50, 60, 70, 80],
}
YEARS = ["2021/2022", "2022/2023", "2023/2024", "2024/2025", "2025/2026"]


def _indicator(method) -> Indicator:
    # satisfaction has one indicator in seed 000 and one in seed 003: the first is seed 000's
    return Indicator.objects.filter(method=method).order_by("position").first()


def _value(method, organization, year):
    return compute_indicator(_indicator(method), organization=organization, academic_year=year)


def _head_counts(organization, year, curator, **counts):
    values = {"teachers": 0, "students": 0, "employer_partners": 0, "pupils_career_guidance": 0}
    values.update(counts)
    return set_head_counts(organization=organization, academic_year=year, actor=curator, **values)


@pytest.fixture
def indicators(organization):
    ensure_indicators(organization=organization)


def test_ensure_indicators_targets_equal_seed_table(organization):
    ensure_indicators(organization=organization)

    table = {
        (t.indicator.position, t.academic_year.title): t.value
        for t in IndicatorTarget.objects.filter(organization=organization).select_related(
            "indicator", "academic_year"
        )
    }
    expected = {
        (position, title): Decimal(value)
        for position, values in SEED_TABLE.items()
        for title, value in zip(YEARS, values, strict=True)
    }
    assert table == expected
    assert list(
        Indicator.objects.filter(group=IndicatorGroup.MODEL_EFFICIENCY)
        .order_by("position").values_list("title", flat=True)
    ) == [spec["title"] for spec in INDICATORS]
    assert Indicator.objects.get(position=5).title == (
        "Доля представителей работодателей, от общего числа партнеров (работодателей) "
        "колледжа, вошедших в программы наставничества колледжа в роли наставника, в %"
    )
    year = AcademicYear.objects.get(title="2021/2022")
    assert (year.starts_on.isoformat(), year.ends_on.isoformat()) == ("2021-09-01", "2022-08-31")


def test_ensure_indicators_is_idempotent_and_keeps_edited_targets(organization, other_organization):
    ensure_indicators(organization=organization)
    edited = IndicatorTarget.objects.get(
        organization=organization, indicator__position=1, academic_year__title="2025/2026"
    )
    edited.value = Decimal("9")
    edited.save(update_fields=["value"])

    ensure_indicators(organization=organization)
    ensure_indicators(organization=other_organization)

    # the whole library (8 of seed 000 + 19 of seed 003) is loaded once; 8 are picked
    assert Indicator.objects.count() == 27
    assert OrganizationIndicator.objects.filter(organization=organization).count() == 8
    assert AcademicYear.objects.filter(title__in=YEARS).count() == 5
    assert IndicatorTarget.objects.filter(organization=organization).count() == 40
    assert IndicatorTarget.objects.filter(organization=other_organization).count() == 40
    edited.refresh_from_db()
    assert edited.value == Decimal("9")


def test_set_head_counts_updates_and_audits(organization, year, curator):
    _head_counts(organization, year, curator, teachers=10)
    head_count = _head_counts(organization, year, curator, teachers=12, students=300)

    assert HeadCount.objects.filter(organization=organization).count() == 1
    assert (head_count.teachers, head_count.students) == (12, 300)
    entries = audit_events("reports.headcount.updated").order_by("pk")
    assert [e.additional_data["new"]["teachers"] for e in entries] == [10, 12]
    assert entries.last().additional_data["old"]["teachers"] == 10
    assert entries.last().actor == curator


def test_set_head_counts_refuses_negative(organization, year, curator):
    with pytest.raises(ValueError):
        _head_counts(organization, year, curator, teachers=-1)
    assert not HeadCount.objects.exists()


def test_teachers_as_mentors_counts_only_approved_pairs(organization, year, curator, indicators):
    _head_counts(organization, year, curator, teachers=10)
    approved_mentor = mentor_of(organization, "teacher")
    young_mentor = mentor_of(organization, "young_specialist")
    draft_mentor = mentor_of(organization, "teacher")
    early_end_mentor = mentor_of(organization, "teacher")
    make_pair(organization, year, mentor=approved_mentor, status=PairStatus.APPROVED)
    make_pair(organization, year, mentor=approved_mentor, status=PairStatus.ACTIVE)  # counted once
    make_pair(organization, year, mentor=young_mentor, status=PairStatus.COMPLETED)
    make_pair(organization, year, mentor=draft_mentor, status=PairStatus.DRAFT)
    make_pair(organization, year, mentor=draft_mentor, status=PairStatus.PROPOSED)
    make_pair(organization, year, mentor=early_end_mentor, status=PairStatus.TERMINATED, approved=False)

    assert _value(IndicatorMethod.TEACHERS_AS_MENTORS, organization, year) == Decimal("20.0")


def test_pair_terminated_after_approval_still_counts(organization, year, curator, indicators):
    _head_counts(organization, year, curator, teachers=4)
    make_pair(organization, year, mentor=mentor_of(organization), status=PairStatus.TERMINATED, approved=True)

    assert _value(IndicatorMethod.TEACHERS_AS_MENTORS, organization, year) == Decimal("25.0")


def test_shares_ignore_other_years_and_organisations(organization, other_organization, year, curator,
                                                     indicators):
    _head_counts(organization, year, curator, teachers=10)
    last_year, _ = AcademicYear.objects.get_or_create(
        title="2020/2021", defaults={"starts_on": "2020-09-01", "ends_on": "2021-08-31"}
    )
    make_pair(organization, last_year, mentor=mentor_of(organization))
    make_pair(other_organization, year, mentor=mentor_of(other_organization))

    assert _value(IndicatorMethod.TEACHERS_AS_MENTORS, organization, year) == Decimal("0.0")


def test_mentee_shares_by_category(organization, year, curator, indicators):
    _head_counts(organization, year, curator, teachers=10, students=3, pupils_career_guidance=8)
    mentor = mentor_of(organization)
    student = mentee_of(organization, "student")
    young_teacher = mentee_of(organization, "young_specialist")
    pupil = mentee_of(organization, "pupil")
    proposed_teacher = mentee_of(organization, "teacher")
    make_pair(organization, year, mentor=mentor, mentees=[student, young_teacher, pupil])
    make_pair(organization, year, mentor=mentor_of(organization, "student"), mentees=[student])
    make_pair(organization, year, mentor=mentor, mentees=[proposed_teacher], status=PairStatus.PROPOSED)

    assert _value(IndicatorMethod.TEACHERS_AS_MENTEES, organization, year) == Decimal("10.0")
    assert _value(IndicatorMethod.STUDENTS_AS_MENTEES, organization, year) == Decimal("33.3")
    assert _value(IndicatorMethod.STUDENTS_AS_MENTORS, organization, year) == Decimal("33.3")
    assert _value(IndicatorMethod.PUPILS_AS_MENTEES, organization, year) == Decimal("12.5")


def test_employer_partners_count_distinct_employers(organization, year, curator, indicators):
    _head_counts(organization, year, curator, employer_partners=8)
    for employer in ("ООО «Ромашка»", "  ооо  «РОМАШКА» ", "", "АО «Кузбассуголь»"):
        rep = mentor_of(organization, "employer_rep", employer=employer)
        make_pair(organization, year, mentor=rep, mentees=[mentee_of(organization)])
    draft_rep = mentor_of(organization, "employer_rep", employer="ПАО «Другое»")
    make_pair(organization, year, mentor=draft_rep, status=PairStatus.DRAFT)

    # Ромашка (twice, spelled differently) + a rep without an employer + Кузбассуголь
    assert _value(IndicatorMethod.EMPLOYERS_AS_MENTORS, organization, year) == Decimal("37.5")


def test_share_is_none_without_head_count(organization, year, curator, indicators):
    make_pair(organization, year, mentor=mentor_of(organization))
    assert _value(IndicatorMethod.TEACHERS_AS_MENTORS, organization, year) is None

    _head_counts(organization, year, curator, teachers=0, students=5)
    assert _value(IndicatorMethod.TEACHERS_AS_MENTORS, organization, year) is None
    assert _value(IndicatorMethod.STUDENTS_AS_MENTORS, organization, year) == Decimal("0.0")


def test_satisfaction_is_mean_of_submitted_answers_as_percent(organization, year, indicators):
    answer(organization, value=4)
    answer(organization, value=5)
    answer(organization, value=1, submitted_at=None)  # pending, not submitted
    answer(organization, value=1, submitted_at=previous_year_moment(year))
    answer(organization, role=RespondentRole.MENTOR, value=2)
    survey, _ = satisfaction_survey(organization, RespondentRole.MENTEE)
    other = Question.objects.create(survey=survey, position=2, text="Что было полезно?",
                                    question_type=QuestionType.SCALE, measures_satisfaction=False)
    answer(organization, value=1, question=other)

    assert _value(IndicatorMethod.MENTEE_SATISFACTION, organization, year) == Decimal("90.0")
    assert _value(IndicatorMethod.MENTOR_SATISFACTION, organization, year) == Decimal("40.0")


def test_satisfaction_is_none_without_answers(organization, other_organization, year, indicators):
    answer(other_organization, value=5)
    assert _value(IndicatorMethod.MENTEE_SATISFACTION, organization, year) is None


def test_manual_indicator_reads_entered_value(organization, year, curator):
    indicator = Indicator.objects.create(code="manual-cases", title="Кейсы в базе практик",
                                         unit="items", method=IndicatorMethod.MANUAL, position=900)
    assert compute_indicator(indicator, organization=organization, academic_year=year) is None

    set_indicator_value(organization=organization, indicator=indicator, academic_year=year,
                        value=Decimal("3"), actor=curator, note="Сайт колледжа")

    assert compute_indicator(indicator, organization=organization, academic_year=year) == Decimal("3")


def test_indicator_table_rows_targets_and_met(organization, curator, indicators):
    year = AcademicYear.objects.get(title="2025/2026")
    _head_counts(organization, year, curator, teachers=10, students=10)
    make_pair(organization, year, mentor=mentor_of(organization), mentees=[mentee_of(organization)])
    answer_time = previous_year_moment(year).replace(year=year.starts_on.year + 1)
    answer(organization, value=5, submitted_at=answer_time)

    rows = indicator_table(organization, year)

    summary = [(r.indicator.position, r.target, r.actual, r.met) for r in rows]
    assert summary == [
        (1, Decimal("8"), Decimal("0.0"), False),
        (2, Decimal("8"), Decimal("10.0"), True),
        (3, Decimal("25"), Decimal("10.0"), False),
        (4, Decimal("25"), Decimal("0.0"), False),
        (5, Decimal("10"), None, None),
        (6, Decimal("30"), None, None),
        (7, Decimal("80"), Decimal("100.0"), True),
        (8, Decimal("80"), None, None),
    ]
    assert rows[0].unit_label == "%"
    assert (rows[1].numerator, rows[1].denominator) == (1, 10)
    assert rows[4].note.endswith("Численность на учебный год не введена.")


@pytest.mark.parametrize("pairs", [2, 20])
def test_indicator_table_query_count_is_bounded(organization, year, curator, indicators, pairs,
                                                django_assert_max_num_queries):
    _head_counts(organization, year, curator, teachers=50, students=500, employer_partners=20,
                 pupils_career_guidance=100)
    for n in range(pairs):
        category = ("teacher", "student", "employer_rep")[n % 3]
        mentor = mentor_of(organization, category, employer="Завод %d" % n)
        make_pair(organization, year, mentor=mentor,
                  mentees=[mentee_of(organization, "student"), mentee_of(organization, "pupil")])
        answer(organization, value=1 + n % 5)
        answer(organization, role=RespondentRole.MENTOR, value=5)

    # picks, targets, head count, mentors, mentees, employers, satisfaction
    with django_assert_max_num_queries(7):
        rows = indicator_table(organization, year)
    assert len(rows) == 8
    assert rows[7].actual == Decimal("100.0")

"""Seed 003's computed indicators against hand-counted fixtures, the traffic
light, hand-entered values with evidence, the trend and the recorded values,
and the fixed number of queries."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from mentoring.tests.factories import MenteeFactory, ParticipantFactory
from pairs.enums import PairStatus
from participants.enums import MenteeStatus
from reports.enums import IndicatorMethod
from reports.models import Indicator, IndicatorValue
from reports.services.indicators import (
    NO_HEAD_COUNT,
    NO_MENTEE_BASE,
    IndicatorError,
    ensure_library,
    indicator_table,
    indicator_trend,
    pick_indicators,
    record_indicator_values,
    set_head_counts,
    set_indicator_value,
    traffic_light,
)
from surveys.enums import RespondentRole

from .conftest import answer, make_pair, mentee_of, mentor_of

PDF = b"%PDF-1.4\n% evidence of the dual training contracts\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _born(year: AcademicYear, age: int, *, days: int = 0) -> datetime.date:
    """Born so as to be exactly ``age`` on the year's first day (1 September);
    ``days`` later is a day short of that birthday."""
    start = year.starts_on
    return start.replace(year=start.year - age) + datetime.timedelta(days=days)


def _mentee(organization, category, status=MenteeStatus.IN_BASE, **fields):
    participant = ParticipantFactory(organization=organization, category=category, **fields)
    return MenteeFactory(participant=participant, status=status)


def _head_counts(organization, year, curator, **counts):
    values = {"teachers": 0, "students": 0, "employer_partners": 0, "pupils_career_guidance": 0,
              "young_specialists": 0}
    values.update(counts)
    return set_head_counts(organization=organization, academic_year=year, actor=curator, **values)


@pytest.fixture
def all_picked(organization):
    """The whole library (27 indicators) picked by the organisation."""
    library = ensure_library()
    pick_indicators(organization, library)
    return {indicator.code: indicator for indicator in library}


def _rows(organization, year):
    return {row.indicator.code: row for row in indicator_table(organization, year)}


def test_young_specialists_paired_counts_the_needing_base_once(organization, other_organization, year,
                                                              all_picked):
    mentor = mentor_of(organization)
    a = _mentee(organization, "young_specialist")                        # active pair
    b = _mentee(organization, "young_specialist")                        # two pairs: counted once
    c = _mentee(organization, "young_specialist")                        # in the base, no pair
    _mentee(organization, "young_specialist", MenteeStatus.APPLICANT)    # not in the base yet
    _mentee(organization, "young_specialist", MenteeStatus.COMPLETED)    # done, no pair this year
    f = _mentee(organization, "young_specialist", MenteeStatus.COMPLETED)  # completed pair this year
    g = _mentee(organization, "young_specialist")                        # terminated before approval
    h = _mentee(organization, "young_specialist")                        # only a proposal
    teacher = _mentee(organization, "teacher")                           # another category
    foreign = _mentee(other_organization, "young_specialist")
    make_pair(organization, year, mentor=mentor, mentees=[a, b, teacher])
    make_pair(organization, year, mentor=mentor_of(organization), mentees=[b], status=PairStatus.APPROVED)
    make_pair(organization, year, mentor=mentor, mentees=[f], status=PairStatus.COMPLETED)
    make_pair(organization, year, mentor=mentor, mentees=[g], status=PairStatus.TERMINATED, approved=False)
    make_pair(organization, year, mentor=mentor, mentees=[h], status=PairStatus.PROPOSED)
    make_pair(other_organization, year, mentor=mentor_of(other_organization), mentees=[foreign])
    assert c  # in the denominator only

    row = _rows(organization, year)["seed003-performance-01"]

    # paired: a, b, f = 3; needing a mentor: a, b, c, f, g, h = 6 → 3 / 6 = 50.0 %
    assert (row.numerator, row.denominator, row.actual) == (3, 6, Decimal("50.0"))


def test_students_paired_and_empty_base(organization, year, all_picked):
    rows = _rows(organization, year)
    assert rows["seed003-performance-04"].actual is None
    assert str(NO_MENTEE_BASE) in rows["seed003-performance-04"].note

    last_year, _ = AcademicYear.objects.get_or_create(
        title="2020/2021", defaults={"starts_on": "2020-09-01", "ends_on": "2021-08-31"})
    s1 = _mentee(organization, "student")                          # active pair this year
    _mentee(organization, "student")                               # in the base
    s3 = _mentee(organization, "student", MenteeStatus.PAIRED)     # paired last year only
    pupil = _mentee(organization, "pupil")                         # not a student
    make_pair(organization, year, mentor=mentor_of(organization), mentees=[s1, pupil])
    make_pair(organization, last_year, mentor=mentor_of(organization), mentees=[s3])

    row = _rows(organization, year)["seed003-performance-04"]

    # 1 paired of 3 needing → 33.3 %
    assert (row.numerator, row.denominator, row.actual) == (1, 3, Decimal("33.3"))


def test_children_as_mentees_by_age_on_the_first_day(organization, year, curator, all_picked):
    _head_counts(organization, year, curator, students=30, pupils_career_guidance=10)
    mentor = mentor_of(organization)
    ten = mentee_of(organization, "pupil", birth_date=_born(year, 10))              # 10 → counts
    nine = mentee_of(organization, "pupil", birth_date=_born(year, 10, days=1))     # still 9 → no
    nineteen = mentee_of(organization, "student", birth_date=_born(year, 20, days=1))  # 19 → counts
    twenty = mentee_of(organization, "student", birth_date=_born(year, 20))         # 20 → no
    twice = mentee_of(organization, "student", birth_date=_born(year, 15))          # two pairs → once
    early = mentee_of(organization, "pupil", birth_date=_born(year, 16))            # ended unapproved
    unknown = mentee_of(organization, "student", birth_date=None)                   # no date → no
    make_pair(organization, year, mentor=mentor, mentees=[ten, nine, nineteen, twenty, twice, unknown])
    make_pair(organization, year, mentor=mentor_of(organization), mentees=[twice])
    make_pair(organization, year, mentor=mentor, mentees=[early], status=PairStatus.TERMINATED,
              approved=False)

    row = _rows(organization, year)["seed003-efficiency-01"]

    # ten, nineteen, twice = 3 of 30 students + 10 pupils → 3 / 40 = 7.5 %
    assert (row.numerator, row.denominator, row.actual) == (3, 40, Decimal("7.5"))


def test_children_as_mentees_without_head_count_is_unknown(organization, year, curator, all_picked):
    make_pair(organization, year, mentor=mentor_of(organization),
              mentees=[mentee_of(organization, "pupil", birth_date=_born(year, 12))])
    _head_counts(organization, year, curator, teachers=5)  # students 0, pupils 0

    row = _rows(organization, year)["seed003-efficiency-01"]

    assert row.actual is None and row.light == "grey"
    assert row.note.endswith(str(NO_HEAD_COUNT))


def test_children_as_mentors_aged_15_to_19(organization, year, curator, all_picked):
    _head_counts(organization, year, curator, students=8)
    for age, days, status in (
        (15, 0, PairStatus.ACTIVE),      # 15 on 1 September → counts
        (15, 1, PairStatus.ACTIVE),      # 14, a day short → no
        (20, 1, PairStatus.COMPLETED),   # 19 → counts
        (20, 0, PairStatus.ACTIVE),      # 20 → no
        (17, 0, PairStatus.DRAFT),       # draft pair → no
    ):
        mentor = mentor_of(organization, "student", birth_date=_born(year, age, days=days))
        make_pair(organization, year, mentor=mentor, mentees=[mentee_of(organization)], status=status)

    row = _rows(organization, year)["seed003-efficiency-02"]

    # 2 of 8 students → 25.0 %
    assert (row.numerator, row.denominator, row.actual) == (2, 8, Decimal("25.0"))


def test_young_specialists_as_mentees_share_of_head_count(organization, year, curator, all_picked):
    mentor = mentor_of(organization)
    first = _mentee(organization, "young_specialist")
    second = _mentee(organization, "young_specialist")
    proposed = _mentee(organization, "young_specialist")
    make_pair(organization, year, mentor=mentor, mentees=[first, second])
    make_pair(organization, year, mentor=mentor_of(organization), mentees=[first])
    make_pair(organization, year, mentor=mentor, mentees=[proposed], status=PairStatus.PROPOSED)

    _head_counts(organization, year, curator, teachers=20, young_specialists=0)
    assert _rows(organization, year)["seed003-efficiency-03"].actual is None

    _head_counts(organization, year, curator, teachers=20, young_specialists=4)
    row = _rows(organization, year)["seed003-efficiency-03"]

    # first (two pairs, once) + second = 2 of 4 → 50.0 %
    assert (row.numerator, row.denominator, row.actual) == (2, 4, Decimal("50.0"))


def test_seed003_satisfaction_uses_the_final_forms(organization, year, all_picked):
    answer(organization, value=3)
    answer(organization, value=4)
    answer(organization, role=RespondentRole.MENTOR, value=5)

    rows = _rows(organization, year)

    # mentees (3 + 4) / 2 = 3.5 of 5 → 70.0 %; mentors 5 of 5 → 100.0 %
    assert rows["seed003-efficiency-05"].actual == Decimal("70.0")
    assert rows["seed003-efficiency-06"].actual == Decimal("100.0")
    assert rows["mentee-satisfaction"].actual == Decimal("70.0")


@pytest.mark.parametrize(("actual", "target", "ceiling", "light"), [
    ("10", "10", False, "green"),
    ("9", "10", False, "yellow"),     # 90 % of the target
    ("8.9", "10", False, "red"),
    ("0", "0", False, "green"),
    (None, "10", False, "grey"),
    ("5", None, False, "grey"),
    ("10", "10", True, "green"),      # turnover: at most the target
    ("11", "10", True, "yellow"),     # 11 × 0.9 = 9.9 ≤ 10
    ("12", "10", True, "red"),
    ("1", "0", True, "red"),
])
def test_traffic_light(actual, target, ceiling, light):
    def number(text):
        return None if text is None else Decimal(text)

    assert traffic_light(number(actual), number(target), ceiling=ceiling) == light


def test_manual_values_light_and_turnover_ceiling(organization, curator, all_picked):
    year = AcademicYear.objects.get(title="2021/2022")  # seed 003 targets of 2021
    dual = all_picked["seed003-performance-06"]          # target 3 contracts
    turnover = all_picked["seed003-performance-03"]      # target 10 %, lower is better
    set_indicator_value(organization=organization, indicator=dual, academic_year=year, value="3",
                        actor=curator)
    set_indicator_value(organization=organization, indicator=turnover, academic_year=year,
                        value=Decimal("8.5"), actor=curator)

    rows = _rows(organization, year)

    assert (rows["seed003-performance-06"].target, rows["seed003-performance-06"].actual) == (
        Decimal("3"), Decimal("3"))
    assert rows["seed003-performance-06"].light == "green"
    assert rows["seed003-performance-03"].met is True and rows["seed003-performance-03"].light == "green"
    assert rows["seed003-performance-06"].base_value == Decimal("2")
    assert rows["seed003-performance-07"].light == "grey"


def test_manual_value_keeps_note_and_evidence(organization, curator, year, all_picked):
    indicator = all_picked["seed003-performance-06"]

    record = set_indicator_value(
        organization=organization, indicator=indicator, academic_year=year, value="5",
        note="Договоры № 12, 14 с ООО «Шахта»", evidence=SimpleUploadedFile("scan.pdf", PDF),
        actor=curator,
    )
    stored_name = record.evidence.name
    with record.evidence.open("rb") as handle:
        assert handle.read() == PDF

    # replacing the value without a file keeps the evidence
    record = set_indicator_value(organization=organization, indicator=indicator, academic_year=year,
                                 value="6", note="Ещё один договор", actor=curator)
    record.refresh_from_db()
    assert (record.value, record.note, record.evidence.name) == (Decimal("6"), "Ещё один договор",
                                                                stored_name)
    with record.evidence.open("rb") as handle:
        assert handle.read() == PDF

    # a new file replaces it (by content: a DOCX named .bin is stored as .docx)
    record = set_indicator_value(organization=organization, indicator=indicator, academic_year=year,
                                 value="6", evidence=SimpleUploadedFile("contract.bin", _docx()),
                                 actor=curator)
    assert record.evidence.name.endswith(".docx") and record.evidence.name != stored_name
    with record.evidence.open("rb") as handle:
        assert handle.read() == _docx()
    assert IndicatorValue.objects.filter(organization=organization).count() == 1
    assert audit_events("reports.indicator_value.set").count() == 3


@pytest.mark.parametrize(("value", "upload", "code"), [
    ("5", SimpleUploadedFile("scan.pdf", b"just text, renamed"), "seed003-performance-06"),
    ("5", SimpleUploadedFile("empty.pdf", b""), "seed003-performance-06"),
    ("5", SimpleUploadedFile("a.zip", b"PK\x03\x04not really a zip"), "seed003-performance-06"),
    ("-1", None, "seed003-performance-06"),
    ("2.5", None, "seed003-performance-06"),      # contracts are whole items
    ("100.5", None, "seed003-performance-12"),   # a percentage above 100
    ("abc", None, "seed003-performance-12"),
    ("50", None, "seed003-efficiency-01"),       # computed: cannot be entered
])
def test_manual_value_refusals_write_nothing(organization, curator, year, all_picked, value, upload,
                                              code):
    with pytest.raises(IndicatorError) as error:
        set_indicator_value(organization=organization, indicator=all_picked[code], academic_year=year,
                            value=value, evidence=upload, actor=curator)
    assert error.value.message
    assert not IndicatorValue.objects.exists()


def test_evidence_over_10_mb_is_refused(organization, curator, year, all_picked):
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(IndicatorError):
        set_indicator_value(organization=organization, indicator=all_picked["seed003-performance-06"],
                            academic_year=year, value="1", evidence=big, actor=curator)
    assert not IndicatorValue.objects.exists()


def _teacher_pair(organization, year, curator, teachers):
    _head_counts(organization, year, curator, teachers=teachers)
    make_pair(organization, year, mentor=mentor_of(organization, "teacher"))


def test_trend_reads_recorded_past_years_and_the_live_year(organization, curator, all_picked):
    past = AcademicYear.objects.get(title="2023/2024")
    this = AcademicYear.objects.get(title="2024/2025")
    _teacher_pair(organization, past, curator, teachers=4)    # 1 of 4 = 25.0 %
    assert record_indicator_values(organization, past) >= 1
    _teacher_pair(organization, this, curator, teachers=10)   # 1 of 10 = 10.0 %, not recorded
    set_indicator_value(organization=organization, indicator=all_picked["seed003-performance-06"],
                        academic_year=AcademicYear.objects.get(title="2022/2023"), value="4",
                        actor=curator)

    series = {s.indicator.code: s for s in indicator_trend(organization, this)}

    mentors = series["teachers-as-mentors"]
    assert mentors.years == ["2021/2022", "2022/2023", "2023/2024", "2024/2025", "2025/2026"]
    assert mentors.targets == [Decimal(v) for v in (12, 11, 10, 8, 8)]
    assert mentors.actuals == [None, None, Decimal("25.0"), Decimal("10.0"), None]
    dual = series["seed003-performance-06"]
    # seed 003: 2021 → 2021/2022 … 2024 → 2024/2025; nothing for 2025/2026
    assert dual.targets == [Decimal(v) for v in (3, 5, 7, 9)] + [None]
    assert dual.actuals == [None, Decimal("4"), None, None, None]
    assert len(series) == 27


def test_record_indicator_values_never_overwrites_a_manual_value(organization, curator, all_picked):
    year = AcademicYear.objects.get(title="2024/2025")
    _teacher_pair(organization, year, curator, teachers=10)
    mentors = all_picked["teachers-as-mentors"]
    mentees = all_picked["teachers-as-mentees"]
    IndicatorValue.objects.create(organization=organization, indicator=mentors, academic_year=year,
                                  value=Decimal("42"), note="введено вручную", recorded=False)

    record_indicator_values(organization, year)
    record_indicator_values(organization, year)  # idempotent

    manual = IndicatorValue.objects.get(indicator=mentors)
    assert (manual.value, manual.recorded) == (Decimal("42"), False)
    recorded = IndicatorValue.objects.get(indicator=mentees)
    assert (recorded.value, recorded.recorded) == (Decimal("0.0"), True)
    # manual indicators are never recorded
    assert not IndicatorValue.objects.filter(indicator__method=IndicatorMethod.MANUAL).exists()

    _head_counts(organization, year, curator, teachers=0)  # now unknown: the stale record goes
    record_indicator_values(organization, year)
    assert not IndicatorValue.objects.filter(indicator=mentees).exists()
    assert IndicatorValue.objects.filter(indicator=mentors, value=Decimal("42")).exists()


def _populate(organization, year, n):
    for i in range(n):
        mentor = mentor_of(organization, ("teacher", "student", "employer_rep")[i % 3],
                           employer="Завод %d" % i, birth_date=_born(year, 16 + i % 10))
        make_pair(organization, year, mentor=mentor, mentees=[
            _mentee(organization, "young_specialist"),
            _mentee(organization, "student", birth_date=_born(year, 12 + i % 8)),
        ])
        answer(organization, value=1 + i % 5)
        answer(organization, role=RespondentRole.MENTOR, value=5)


def _count(function, *args):
    with CaptureQueriesContext(connection) as context:
        result = function(*args)
    return len(context.captured_queries), result


def test_table_and_trend_queries_do_not_grow_with_data(organization, year, curator, all_picked):
    _head_counts(organization, year, curator, teachers=50, students=500, employer_partners=20,
                 pupils_career_guidance=100, young_specialists=10)
    for indicator in Indicator.objects.filter(method=IndicatorMethod.MANUAL)[:3]:
        set_indicator_value(organization=organization, indicator=indicator, academic_year=year,
                            value="1", actor=curator)
    _populate(organization, year, 2)
    small_table, rows = _count(indicator_table, organization, year)
    small_trend, _series = _count(indicator_trend, organization, year)
    _populate(organization, year, 20)
    large_table, rows = _count(indicator_table, organization, year)
    large_trend, series = _count(indicator_trend, organization, year)

    assert len(rows) == len(series) == 27
    # picks, targets of every year, head count, mentors and mentees (one query),
    # mentee base, employers, satisfaction, values
    assert small_table == large_table <= 8
    # the trend adds the stored values of every year (the table read the targets)
    assert small_trend == large_trend == large_table + 1

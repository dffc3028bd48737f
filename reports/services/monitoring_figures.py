"""The figures of an organisation's monitoring report (seed 002 item 9 «Проведение
мониторинга эффективности внедрения целевой модели наставничества … в том числе
по формам наставничества обучающихся» and item 12 «Мониторинг
удовлетворенности участников программ наставничества»), read from the
organisation's data. Read-only: the monitoring services store the result in
``MonitoringReport.data``.

``compute_figures(organizations, academic_year, period)`` reads every
organisation at once with queries grouped by organisation (pairs, people,
meetings, satisfaction: seven queries whatever the number of organisations and
people), plus the indicator table of each organisation
(``reports.services.indicators.indicator_table``, at most nine queries each).
Only counts leave this module — never a person.

Which pairs count: pairs of the academic year *formed* by the end of the
period — approved, active or completed (approved, or created, before the
period's end), or terminated after their approval (as the annual report and
the indicators count them). A pair counts in ``Pair.organization`` — the
mentee's organisation — so a pair with a mentor of another organisation of the
territory counts once, where its mentees are. Its mentor counts in the
organisation's ``mentors``; for the territory's total each mentor counts once
(``participants.mentors_territory``, see ``territory_mentor``).

The shape of ``data`` (JSON; counts are ints, shares and means floats or None)::

    {
      "version": 1,
      "period": {"since": "2026-09-01", "until": "2026-12-31"},
      "pairs": {"formed": 12, "active": 10, "completed": 1, "terminated": 1},
      "forms": {                      # FORM_BUCKETS keys, every key present
        "teacher_pupil": {"pairs": 4, "active": 4, "mentors": 3, "mentees": 6},
        "pupil_pupil": {...}, "student_pupil": {...}, "employer_pupil": {...},
        "teacher_teacher": {...}, "other": {...}
      },
      "participants": {
        "mentors": 9, "mentees": 15,  # distinct people in the counted pairs
        "mentors_territory": 8,       # of the mentors, those the territory's total counts here
                                      # (territory_mentor: each person in one organisation)
        "mentors_by_category": {"teacher": 7, "student": 2},   # ParticipantCategory
        "mentees_by_category": {"pupil": 12, "young_specialist": 3}
      },
      "meetings": {"held": 40, "by_type": {"regular": 30, "final": 10}},  # MeetingType
      "satisfaction": {               # answers 1–5 to satisfaction questions
        "mentee": {"answers": 20, "sum": 87, "mean": 4.35, "percent": 87.0},
        "mentor": {"answers": 0, "sum": 0, "mean": None, "percent": None}
      },
      "indicators": {
        "rows": [{"code": "...", "title": "...", "unit": "%", "target": 30.0,
                  "actual": 32.5, "met": True}],
        "with_target": 5, "met": 3    # indicators with a target and an actual value / met
      }
    }
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When

from mentoring.enums import ParticipantCategory
from mentoring.models import AcademicYear, MentoringForm, Organization
from pairs.enums import PairStatus
from pairs.models import Meeting, Pair
from surveys.enums import RespondentRole
from surveys.models import Answer

from .annual import ReportPeriod
from .indicator_facts import COUNTED_PAIR, SCALE_MAX
from .indicator_rows import indicator_table, indicator_tables

VERSION = 1

# The forms of mentoring of seed 002 item 9, in its order, and a bucket for the
# rest. Titles are the seed's words (document text, like the reports' sections).
FORM_BUCKETS = (
    ("teacher_pupil", "Учитель – ученик"),
    ("pupil_pupil", "Ученик – ученик"),
    ("student_pupil", "Студент – ученик"),
    ("employer_pupil", "Работодатель – ученик"),
    ("teacher_teacher", "Учитель – учитель"),
    ("other", "Другие формы"),
)
FORM_TITLES = dict(FORM_BUCKETS)
OTHER = "other"

# The college forms (mentoring/data/reference.py) map to the school forms they
# correspond to (seed 000 §6 says «студент – студент» is «ученик – ученик» of a
# college); any other form goes by its categories (``form_bucket``).
BUCKET_BY_CODE = {
    "student-student": "pupil_pupil",
    "teacher-teacher": "teacher_teacher",
    "teacher-student": "teacher_pupil",
    "employer-student": "employer_pupil",
    "student-pupil": "student_pupil",
}
TEACHERS = {ParticipantCategory.TEACHER, ParticipantCategory.YOUNG_SPECIALIST}
LEARNERS = {ParticipantCategory.PUPIL, ParticipantCategory.STUDENT}


def form_bucket(form: MentoringForm) -> str:
    """The seed 002 item 9 bucket (``FORM_BUCKETS`` key) of a form of mentoring:
    by its code for the known forms, else by who may mentor whom — teachers →
    teachers «Учитель – учитель»; teachers → pupils/students «Учитель – ученик»;
    pupils → pupils or students → students «Ученик – ученик»; students → pupils
    «Студент – ученик»; employers → pupils/students «Работодатель – ученик»;
    anything else «Другие формы»."""
    if form.code in BUCKET_BY_CODE:
        return BUCKET_BY_CODE[form.code]
    mentors, mentees = set(form.mentor_categories or ()), set(form.mentee_categories or ())
    if not mentors or not mentees:
        return OTHER
    if mentors <= TEACHERS:
        if mentees <= TEACHERS:
            return "teacher_teacher"
        if mentees <= LEARNERS:
            return "teacher_pupil"
    if mentees <= LEARNERS:
        if mentors == {ParticipantCategory.STUDENT} and mentees == {ParticipantCategory.PUPIL}:
            return "student_pupil"
        if mentors == mentees and len(mentors) == 1:
            return "pupil_pupil"
        if ParticipantCategory.EMPLOYER_REP in mentors:
            return "employer_pupil"
    return OTHER


def bucket_expression() -> Case:
    """SQL ``CASE`` giving each pair's bucket from its form (one small query
    for the forms)."""
    ids: dict[str, list[int]] = defaultdict(list)
    for form in MentoringForm.objects.all():
        ids[form_bucket(form)].append(form.pk)
    whens = [When(form_id__in=pks, then=Value(key)) for key, pks in ids.items() if key != OTHER]
    return Case(*whens, default=Value(OTHER), output_field=CharField())


def formed_pairs(organizations, academic_year: AcademicYear, period: ReportPeriod):
    """Pairs of the year formed by the end of ``period`` in ``organizations``
    (a queryset or a list of ids) — see the module docstring."""
    before_end = Q(approved_at__lt=period.end) | Q(approved_at__isnull=True, created_at__lt=period.end)
    return (
        Pair.objects.filter(organization__in=organizations, academic_year=academic_year)
        .filter(COUNTED_PAIR)
        .filter(before_end)
    )


def _number(value) -> float | None:
    return None if value is None else float(value)


def _empty(period: ReportPeriod) -> dict:
    return {
        "version": VERSION,
        "period": {"since": period.since.isoformat(), "until": period.until.isoformat()},
        "pairs": {"formed": 0, "active": 0, "completed": 0, "terminated": 0},
        "forms": {key: {"pairs": 0, "active": 0, "mentors": 0, "mentees": 0} for key, _t in FORM_BUCKETS},
        "participants": {"mentors": 0, "mentees": 0, "mentors_territory": 0, "mentors_by_category": {},
                         "mentees_by_category": {}},
        "meetings": {"held": 0, "by_type": {}},
        "satisfaction": {role: {"answers": 0, "sum": 0, "mean": None, "percent": None}
                         for role in (RespondentRole.MENTEE.value, RespondentRole.MENTOR.value)},
        "indicators": {"rows": [], "with_target": 0, "met": 0},
    }


def _pair_counts(figures: dict, pairs, period: ReportPeriod, bucket: Case) -> None:
    ended = Q(status__in=(PairStatus.COMPLETED, PairStatus.TERMINATED)) & (
        Q(ended_on__isnull=True) | Q(ended_on__lte=period.until)
    )
    rows = (
        pairs.annotate(bucket=bucket)
        .values_list("organization_id", "bucket", "status")
        .annotate(
            n=Count("pk", distinct=True),
            ended=Count("pk", distinct=True, filter=ended),
        )
        .order_by()
    )
    for org_id, key, status, n, ended_n in rows:
        data = figures[org_id]
        data["pairs"]["formed"] += n
        data["forms"][key]["pairs"] += n
        data["forms"][key]["active"] += n - ended_n
        data["pairs"]["active"] += n - ended_n
        if status == PairStatus.COMPLETED:
            data["pairs"]["completed"] += ended_n
        elif status == PairStatus.TERMINATED:
            data["pairs"]["terminated"] += ended_n


def territory_mentor() -> Q:
    """The pairs whose mentor counts, for the territory's total, in the pair's
    organisation: each person once across the territory — in their own
    organisation if they mentor there, else in the first (lowest id)
    organisation they mentor for. A filter of a query over ``formed_pairs``
    aliased with ``home`` and ``earlier`` (``_attribution``)."""
    return Q(mentor__participant__organization=F("organization")) | Q(home=False, earlier=False)


def _attribution(all_pairs) -> dict:
    """``home``: the pair's mentor mentors in a formed pair of their own
    organisation; ``earlier``: in one of an organisation of a lower id
    (``all_pairs``: the formed pairs of the period in every organisation)."""
    return {
        "home": Exists(all_pairs.filter(mentor=OuterRef("mentor"),
                                        organization=OuterRef("mentor__participant__organization"))),
        "earlier": Exists(all_pairs.filter(mentor=OuterRef("mentor"),
                                           organization_id__lt=OuterRef("organization_id"))),
    }


def _people(figures: dict, pairs, bucket: Case, all_pairs) -> None:
    """Distinct mentors and mentees per organisation, per bucket and per category,
    and the mentors the territory's total counts here (``territory_mentor``):
    four grouped queries."""
    for org_id, key, mentors, mentees in (
        pairs.annotate(bucket=bucket).values_list("organization_id", "bucket")
        .annotate(m=Count("mentor", distinct=True), e=Count("mentees", distinct=True)).order_by()
    ):
        figures[org_id]["forms"][key].update(mentors=mentors, mentees=mentees)
    for org_id, mentors, mentees, once in (
        pairs.alias(**_attribution(all_pairs)).values_list("organization_id")
        .annotate(m=Count("mentor", distinct=True), e=Count("mentees", distinct=True),
                  once=Count("mentor", distinct=True, filter=territory_mentor())).order_by()
    ):
        figures[org_id]["participants"].update(mentors=mentors, mentees=mentees, mentors_territory=once)
    for org_id, category, n in (
        pairs.values_list("organization_id", "mentor__participant__category")
        .annotate(n=Count("mentor", distinct=True)).order_by()
    ):
        figures[org_id]["participants"]["mentors_by_category"][category] = n
    for org_id, category, n in (
        pairs.filter(mentees__isnull=False)
        .values_list("organization_id", "mentees__participant__category")
        .annotate(n=Count("mentees", distinct=True)).order_by()
    ):
        figures[org_id]["participants"]["mentees_by_category"][category] = n


def _meetings(figures: dict, ids: list[int], academic_year, period: ReportPeriod) -> None:
    rows = (
        Meeting.objects.filter(
            pair__organization__in=ids, pair__academic_year=academic_year,
            held_on__gte=period.since, held_on__lte=period.until,
        )
        .values_list("pair__organization_id", "meeting_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for org_id, meeting_type, n in rows:
        figures[org_id]["meetings"]["by_type"][meeting_type] = n
        figures[org_id]["meetings"]["held"] += n


def _satisfaction(figures: dict, ids: list[int], period: ReportPeriod) -> None:
    """Mean 1–5 answer to the satisfaction questions of the forms submitted in the
    period, per organisation and respondent role (the feedback and final surveys;
    as the MENTEE_SATISFACTION / MENTOR_SATISFACTION indicators, over the period)."""
    rows = (
        Answer.objects.filter(
            question__measures_satisfaction=True,
            response__survey__organization__in=ids,
            response__submitted_at__gte=period.start,
            response__submitted_at__lt=period.end,
            value_int__gte=1,
            value_int__lte=SCALE_MAX,
        )
        .values_list("response__survey__organization_id", "response__survey__respondent_role")
        .annotate(total=Sum("value_int"), n=Count("pk"))
        .order_by()
    )
    for org_id, role, total, n in rows:
        mean = (Decimal(total) / n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        share = (Decimal(total) * 100 / (n * SCALE_MAX)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        figures[org_id]["satisfaction"][role] = {
            "answers": n, "sum": total, "mean": float(mean), "percent": float(share),
        }


def _indicator_part(rows) -> dict:
    """Indicator rows (``indicator_rows.IndicatorRow``) as the ``indicators``
    part of ``data``."""
    rows = [
        {
            "code": row.indicator.code,
            "title": row.indicator.title,
            "unit": row.unit_label,
            "target": _number(row.target),
            "actual": _number(row.actual),
            "met": row.met,
        }
        for row in rows
    ]
    return {
        "rows": rows,
        "with_target": sum(1 for r in rows if r["met"] is not None),
        "met": sum(1 for r in rows if r["met"]),
    }


def indicator_figures(organization: Organization, academic_year: AcademicYear) -> dict:
    """The organisation's picked indicators against their targets for the year
    (``indicator_table``: computed live, manual ones as entered), as the
    ``indicators`` part of ``data``."""
    return _indicator_part(indicator_table(organization, academic_year))


def compute_figures(
    organizations: list[Organization], academic_year: AcademicYear, period: ReportPeriod,
    *, indicators: bool = True,
) -> dict[int, dict]:
    """``{organization_id: data}`` (the module docstring's shape) for each of
    ``organizations`` over ``period`` of ``academic_year``: grouped queries
    (pairs, people, meetings, satisfaction) and the forms' one, plus the
    indicator tables of all of them at once (``indicator_tables``, at most
    eight) unless ``indicators`` is false (the part then stays empty) — about
    sixteen queries whatever the number of organisations and people."""
    ids = [o.pk for o in organizations]
    figures = {pk: _empty(period) for pk in ids}
    if not ids:
        return figures
    bucket = bucket_expression()
    pairs = formed_pairs(ids, academic_year, period)
    _pair_counts(figures, pairs, period, bucket)
    _people(figures, pairs, bucket, formed_pairs(Organization.objects.all(), academic_year, period))
    _meetings(figures, ids, academic_year, period)
    _satisfaction(figures, ids, period)
    if indicators:
        for pk, rows in indicator_tables(ids, academic_year).items():
            figures[pk]["indicators"] = _indicator_part(rows)
    return figures


def campaign_period(campaign) -> ReportPeriod:
    """The period a campaign's figures cover: 1 September to 31 December
    (December) or to 31 May (May) of the campaign's academic year."""
    from ..enums import MonitoringPeriod, ReportKind
    from .annual import report_period

    kind = (ReportKind.MONITORING_DECEMBER if campaign.period == MonitoringPeriod.DECEMBER
            else ReportKind.MONITORING_MAY)
    return report_period(campaign.academic_year, kind)


def figures_context(data: dict) -> dict:
    """Stored ``data`` laid out for the report page (labels instead of codes):
    ``{"pairs": {...}, "forms": [{"title", "pairs", "active", "mentors",
    "mentees"}], "mentors", "mentees", "categories": [(label, mentors,
    mentees)], "meetings": [(label, n)], "meetings_held", "satisfaction":
    [(role label, answers, mean, percent)], "indicators": [row dicts],
    "indicators_met", "indicators_with_target", "period"}``."""
    from pairs.enums import MeetingType

    forms = data.get("forms", {})
    people = data.get("participants", {})
    by_mentor, by_mentee = people.get("mentors_by_category", {}), people.get("mentees_by_category", {})
    meetings = data.get("meetings", {})
    satisfaction = data.get("satisfaction", {})
    indicators = data.get("indicators", {})
    return {
        "period": data.get("period", {}),
        "pairs": data.get("pairs", {}),
        "forms": [{"title": title, **{k: forms.get(key, {}).get(k, 0)
                                      for k in ("pairs", "active", "mentors", "mentees")}}
                  for key, title in FORM_BUCKETS],
        "mentors": people.get("mentors", 0),
        "mentees": people.get("mentees", 0),
        "categories": [(str(c.label), by_mentor.get(c.value, 0), by_mentee.get(c.value, 0))
                       for c in ParticipantCategory if by_mentor.get(c.value) or by_mentee.get(c.value)],
        "meetings": [(str(t.label), meetings.get("by_type", {}).get(t.value, 0)) for t in MeetingType],
        "meetings_held": meetings.get("held", 0),
        "satisfaction": [(str(role.label), satisfaction.get(role.value, {}).get("answers", 0),
                          satisfaction.get(role.value, {}).get("mean"),
                          satisfaction.get(role.value, {}).get("percent"))
                         for role in (RespondentRole.MENTEE, RespondentRole.MENTOR)],
        "indicators": indicators.get("rows", []),
        "indicators_met": indicators.get("met", 0),
        "indicators_with_target": indicators.get("with_target", 0),
    }

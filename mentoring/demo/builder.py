"""The demo college: built from the seed documents and the sample applicant
workbooks through the same services the browser uses. Idempotent.

Seed 000 gives the organisation, the roadmap, the indicators with their targets and
the forms; the three workbooks in this folder are the samples colleges send.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mentoring.enums import ParticipantCategory, Role
from mentoring.models import AcademicYear, MentoringForm, MentoringKind, Organization, Programme
from mentoring.services import ensure_reference_data, grant_membership

DEMO_PASSWORD = "demo-pass-2026"
SAMPLES = sorted(Path(__file__).resolve().parent.glob("applicants_*.xlsx"))
ORG_NAME = "ГПОУ «Анжеро-Судженский политехнический колледж»"
# seed 003: performance №1 and №4 (pairs formed for those who need them), №6 (dual
# training contracts, by hand); efficiency №3 (young specialists as mentees)
DEMO_SEED003_INDICATORS = (
    "seed003-performance-01", "seed003-performance-04", "seed003-performance-06",
    "seed003-efficiency-03",
)
DEMO_MANUAL_INDICATOR = "seed003-performance-06"


@dataclass
class DemoResult:
    organization: Organization
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, name


def build_demo(*, today: datetime.date | None = None) -> DemoResult:
    """Create (or refresh) the demo college and return its logins.

    Running it again changes nothing that is already there: the import reports
    every row unchanged, pairs are created only when the college has none.
    """
    from participants.services.importing import import_files

    today = today or timezone.localdate()
    ensure_reference_data()
    year = AcademicYear.current(today)
    organization, _created = Organization.objects.get_or_create(
        name=ORG_NAME,
        defaults={
            "short_name": "ГПОУ АСПК",
            "city": "Анжеро-Судженск",
            "address": "652470, Кемеровская область, г. Анжеро-Судженск",
            "director_name": "Д. Ф. Ахмерова",
        },
    )
    admin = _admin_user(organization)
    _programme(organization, year)
    _indicators(organization, year, admin)
    _roadmap(organization, year, admin, today)
    import_files(organization=organization, paths=SAMPLES, actor=admin)
    _consents(organization, admin, today)
    result = DemoResult(organization=organization)
    _accounts(organization, admin, result)
    _mentor_base(organization, admin, today)
    if not organization.pairs.exists():
        _pairs(organization, year, today)
    _awards(organization, year)
    from .territory import build_territory_demo

    build_territory_demo(
        college=organization, admin=admin, logins=result.logins, today=today,
        password=DEMO_PASSWORD,
    )
    return result


def _documents_before_pairs(organization: Organization, candidates) -> None:
    """Seed 000 stages 1 and 4 as orders: the curator drafts the order
    introducing the target model and the one approving the mentor base, the
    director signs both (numbers 1 and 2 of the year, PDFs stored) and the
    curator marks them issued. Done once, with the mentor base."""
    from reports.enums import OrderKind
    from reports.services.orders import draft_order, issue_order, sign_order, submit_order

    user_model = get_user_model()
    curator = user_model.objects.get(username="curator")
    director = user_model.objects.get(username="director")
    for kind, lists in ((OrderKind.INTRODUCTION, {}), (OrderKind.MENTOR_BASE, {"mentors": candidates})):
        order = draft_order(organization=organization, kind=kind, actor=curator, **lists)
        submit_order(order, actor=curator)
        sign_order(order, actor=director)
        issue_order(order, actor=curator)


def _awards(organization: Organization, year: AcademicYear) -> None:
    """Seed 003 1.8 / seed 004 §5: a letter of thanks to the demo mentor and a
    15 % pay supplement to the mentor of a completed pair, put into a draft
    rewards order for the director. Done once."""
    from pairs.enums import PairStatus
    from participants.models import Mentor
    from reports.enums import AwardKind
    from reports.models import Award
    from reports.services.awards import draft_rewards_order, propose_award

    if Award.objects.filter(organization=organization).exists():
        return
    curator = get_user_model().objects.get(username="curator")
    demo_mentor = Mentor.objects.filter(participant__user__username="mentor").first()
    finished = (
        Mentor.objects.filter(participant__organization=organization, pairs__status=PairStatus.COMPLETED)
        .order_by("pk").first()
    )
    if demo_mentor is None or finished is None:
        return
    propose_award(
        organization=organization, academic_year=year, mentor=demo_mentor,
        kind=AwardKind.LETTER_OF_THANKS, actor=curator,
        reason="За успешную адаптацию молодого педагога и регулярную работу пары",
    )
    propose_award(
        organization=organization, academic_year=year, mentor=finished,
        kind=AwardKind.PAY_SUPPLEMENT, supplement_percent=15, actor=curator,
        reason="За выполнение персонализированной программы наставничества",
    )
    draft_rewards_order(organization=organization, academic_year=year, actor=curator)


def _mentor_base(organization: Organization, actor, today: datetime.date) -> None:
    """Seed 000 stage 4: the mentor base approved by the director's order, the
    demo mentor's digital profile, a course and a portfolio entry. Done once."""
    from participants.enums import MentorStatus
    from participants.models import Mentor
    from participants.services.profiles import add_portfolio_item, update_mentor_profile
    from participants.services.statuses import record_training

    mentors = Mentor.objects.filter(participant__organization=organization)
    if mentors.exclude(status=MentorStatus.CANDIDATE).exists():
        return
    _documents_before_pairs(organization, mentors.filter(
        participant__consent_status="given").order_by("pk"))
    demo_mentor = mentors.get(participant__user__username="mentor")
    update_mentor_profile(
        demo_mentor, actor=actor,
        life_experience="20 лет преподавания физики, руководитель методической комиссии",
        interests="туризм, шахматы, робототехника",
        preferred_age_min=22, preferred_age_max=35, hours_per_month=8,
        motivation="Хочу помочь молодым коллегам быстрее освоиться в колледже",
        mentee_preferences="молодые педагоги технического профиля",
        meeting_format="mixed", meeting_frequency="fortnightly",
        meeting_times="вторник и четверг после 15:00",
    )
    record_training(
        demo_mentor, course="Школа наставника: сопровождение молодого педагога",
        provider="КРИПКиПРО", hours=36, started_on=today - datetime.timedelta(days=50),
        finished_on=today - datetime.timedelta(days=40), actor=actor,
    )
    add_portfolio_item(
        demo_mentor, kind="method", title="Методические рекомендации по первому году работы",
        description="Памятка для молодого педагога колледжа", year=today.year, actor=actor,
    )


def _admin_user(organization: Organization):
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True,
                                    "first_name": "Администратор", "last_name": "портала"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    grant_membership(organization=organization, username="admin", role=Role.ADMIN, actor=admin)
    return admin


def _programme(organization: Organization, year: AcademicYear) -> Programme:
    first, _ = AcademicYear.objects.get_or_create(
        title="2021/2022",
        defaults={"starts_on": datetime.date(2021, 9, 1), "ends_on": datetime.date(2022, 8, 31)},
    )
    programme, created = Programme.objects.get_or_create(
        organization=organization,
        title="Программа наставничества ГПОУ АСПК",
        defaults={"first_year": first, "last_year": year},
    )
    if created:
        programme.forms.set(MentoringForm.objects.all())
        programme.kinds.set(MentoringKind.objects.all())
    return programme


def _indicators(organization: Organization, year: AcademicYear, actor) -> None:
    """Seed 000 §7's eight indicators and four of seed 003 (pairs formed for
    young specialists and for students, young specialists as mentees — computed;
    dual-training contracts — entered by hand with its evidence note). Seed
    targets run to 2025/2026; the demo programme was extended by a year with
    the last targets kept. Past years get recorded values so that the
    dashboard's trend has a history (demo figures near the targets)."""
    from reports.models import HeadCount, Indicator, IndicatorTarget, IndicatorValue
    from reports.services.indicators import (
        ensure_indicators,
        pick_indicators,
        set_head_counts,
        set_indicator_value,
    )

    ensure_indicators(organization=organization)
    extra = Indicator.objects.filter(code__in=DEMO_SEED003_INDICATORS)
    pick_indicators(organization, extra, actor=actor)
    for indicator in Indicator.objects.filter(choices__organization=organization):
        last = (
            IndicatorTarget.objects.filter(organization=organization, indicator=indicator)
            .exclude(academic_year=year).order_by("-academic_year__starts_on").first()
        )
        if last is not None and last.academic_year.starts_on < year.starts_on:
            IndicatorTarget.objects.get_or_create(
                organization=organization, indicator=indicator, academic_year=year,
                defaults={"value": last.value},
            )
    if not HeadCount.objects.filter(organization=organization, academic_year=year).exists():
        set_head_counts(
            organization=organization, academic_year=year, actor=actor,
            teachers=120, students=1450, employer_partners=40, pupils_career_guidance=300,
            young_specialists=14,
        )
    dual = Indicator.objects.filter(code=DEMO_MANUAL_INDICATOR).first()
    if dual is not None and not IndicatorValue.objects.filter(
        organization=organization, indicator=dual, academic_year=year
    ).exists():
        set_indicator_value(
            organization=organization, indicator=dual, academic_year=year, value=Decimal(6),
            actor=actor, note="Договоры о дуальном обучении с АО «Черниговец» и ООО «Разрез Кийзасский» и др.",
        )
    _past_values(organization, year)


def _past_values(organization: Organization, year: AcademicYear) -> None:
    """Recorded values of the past years for the computed indicators: the
    target of that year times a fixed factor (demo history, not real data)."""
    from reports.models import IndicatorTarget, IndicatorValue
    from reports.enums import IndicatorMethod

    factors = (Decimal("0.82"), Decimal("0.93"), Decimal("1.04"), Decimal("0.97"), Decimal("1.08"))
    targets = (
        IndicatorTarget.objects.filter(
            organization=organization, academic_year__starts_on__lt=year.starts_on
        )
        .exclude(indicator__method=IndicatorMethod.MANUAL)
        .select_related("academic_year", "indicator")
        .order_by("indicator_id", "academic_year__starts_on")
    )
    existing = set(
        IndicatorValue.objects.filter(organization=organization).values_list(
            "indicator_id", "academic_year_id"
        )
    )
    values = []
    for index, target in enumerate(targets):
        if (target.indicator_id, target.academic_year_id) in existing:
            continue
        value = min(target.value * factors[index % len(factors)], Decimal(100))
        values.append(IndicatorValue(
            organization=organization, indicator=target.indicator, academic_year=target.academic_year,
            value=value.quantize(Decimal("0.1")), recorded=True,
            note="Демонстрационные данные прошлых лет",
        ))
    IndicatorValue.objects.bulk_create(values)


def _roadmap(organization: Organization, year: AcademicYear, actor, today: datetime.date) -> None:
    """The seed's roadmap for this year; activities due before today are done,
    except two left overdue so that the dashboard shows them."""
    from roadmap.enums import ActivityStatus
    from roadmap.models import Activity
    from roadmap.services import create_roadmap, set_activity_status

    roadmap = create_roadmap(organization=organization, academic_year=year, actor=actor)
    activities = Activity.objects.filter(stage__roadmap=roadmap).order_by("deadline", "pk")
    if activities.exclude(status=ActivityStatus.PLANNED).exists():
        return
    past = [a for a in activities if a.deadline and a.deadline < today]
    for activity in past[:-2]:
        set_activity_status(
            activity, status=ActivityStatus.DONE, actor=actor,
            evidence="Протокол / приказ в папке программы наставничества",
        )
    for activity in activities.filter(stage__number__in=[5, 6], deadline__isnull=True)[:3]:
        set_activity_status(activity, status=ActivityStatus.IN_PROGRESS, actor=actor)


def _consents(organization: Organization, actor, today: datetime.date, *, left_without: int = 5) -> None:
    """Staff and employers sign the consent form on paper; parents of most minors
    sign theirs; the last ``left_without`` minors by name (five in the college)
    are left without one to show the flag."""
    from participants.enums import ConsentGiver, ConsentStatus
    from participants.models import Participant
    from participants.services.consents import record_consent

    adults_missing = Participant.objects.filter(
        organization=organization, consent_status=ConsentStatus.MISSING
    ).exclude(category__in=[ParticipantCategory.STUDENT, ParticipantCategory.PUPIL])
    for participant in adults_missing:
        record_consent(
            participant, given_by=ConsentGiver.SELF, given_on=today - datetime.timedelta(days=60),
            actor=actor, received_via="paper",
        )
    minors = Participant.objects.filter(
        organization=organization, consent_status=ConsentStatus.REPRESENTATIVE_REQUIRED
    ).order_by("surname", "name")
    minors = list(minors)
    for participant in minors[:max(len(minors) - left_without, 0)]:
        record_consent(
            participant, given_by=ConsentGiver.REPRESENTATIVE,
            given_on=today - datetime.timedelta(days=55), actor=actor,
            representative_name=f"{participant.surname} (родитель)",
            representative_relation="родитель", received_via="paper",
            representative_document="свидетельство о рождении несовершеннолетнего",
        )


ACCOUNTS = [
    # username, role, first name, last name, participant (surname, name) or None
    ("curator", Role.CURATOR, "Мария", "Петрова", None),
    ("director", Role.DIRECTOR, "Динара", "Ахмерова", None),
    ("workgroup", Role.WORKING_GROUP, "Ольга", "Соколова", None),
    ("mentor", Role.MENTOR, "Евсей", "Ширяев", ("Ширяев", "Евсей")),
    ("mentee", Role.MENTEE, "Виктория", "Осипова", ("Осипова", "Виктория")),
]


def _accounts(organization: Organization, admin, result: DemoResult) -> None:
    from participants.models import Participant

    for username, role, first, last, person in ACCOUNTS:
        participant = None
        if person:
            participant = Participant.objects.get(
                organization=organization, surname=person[0], name=person[1]
            )
        grant_membership(
            organization=organization, username=username, role=role, actor=admin,
            password=DEMO_PASSWORD, participant=participant, first_name=first, last_name=last,
        )
        result.logins.append((username, str(Role(role).label), f"{first} {last}"))
    result.logins.append(("admin", str(Role.ADMIN.label), "Администратор портала"))


def _pairs(organization: Organization, year: AcademicYear, today: datetime.date) -> None:
    """Pairs in every state of the lifecycle, with meetings and feedback."""
    from pairs.enums import EndInitiative, PairStatus
    from pairs.models import Pair
    from pairs.services.approval import approve_pairs, return_pairs
    from pairs.services.formation import create_pair, submit_pairs
    from pairs.services.lifecycle import set_pair_status
    from participants.models import Mentee, Mentor

    user_model = get_user_model()
    curator = user_model.objects.get(username="curator")
    director = user_model.objects.get(username="director")
    mentor_user = user_model.objects.get(username="mentor")
    forms = {f.code: f for f in MentoringForm.objects.all()}
    kinds = {k.code: k for k in MentoringKind.objects.all()}
    programme = Programme.objects.filter(organization=organization).first()

    def mentors(category):
        return list(
            Mentor.objects.filter(
                participant__organization=organization, participant__category=category,
                participant__consent_status="given",
            ).exclude(participant__user__isnull=False).select_related("participant")
            .order_by("participant__surname", "participant__name")
        )

    def mentees(*categories):
        return list(
            Mentee.objects.filter(
                participant__organization=organization, participant__category__in=categories,
                participant__consent_status="given", status="in_base",
            ).exclude(participant__user__isnull=False).select_related("participant")
            .order_by("participant__surname", "participant__name")
        )

    teachers, employers, student_mentors = (
        mentors(ParticipantCategory.TEACHER), mentors(ParticipantCategory.EMPLOYER_REP),
        mentors(ParticipantCategory.STUDENT),
    )
    staff_mentees = mentees(ParticipantCategory.TEACHER, ParticipantCategory.YOUNG_SPECIALIST)
    students = mentees(ParticipantCategory.STUDENT)

    def make(form, kind, mentor, group):
        return create_pair(
            organization=organization, form=forms[form], kind=kinds[kind], mentor=mentor,
            mentees=group, actor=curator, programme=programme,
        )

    demo_mentor = Mentor.objects.get(participant__user=mentor_user)
    demo_mentee = Mentee.objects.get(participant__user__username="mentee")
    with transaction.atomic():
        active = [
            make("teacher-teacher", "traditional", demo_mentor, [demo_mentee]),
            make("employer-student", "group", employers[0], students[0:2]),
            make("teacher-student", "traditional", teachers[0], [students[3]]),
            make("student-student", "traditional", student_mentors[0], [students[4]]),
        ]
        approved_only = [make("teacher-teacher", "traditional", teachers[1], [staff_mentees[0]])]
        finished = [
            make("student-student", "traditional", student_mentors[1], [students[5]]),
            make("teacher-student", "traditional", teachers[2], [students[6]]),
        ]
        early = active + approved_only + finished
        submit_pairs(early, actor=curator)
        approve_pairs(early, actor=director)
        Pair.objects.filter(pk__in=[p.pk for p in early]).update(
            approved_at=timezone.now() - datetime.timedelta(days=45)
        )
        waiting = [
            make("teacher-teacher", "traditional", teachers[3], [staff_mentees[1]]),
            make("employer-student", "traditional", employers[1], [students[7]]),
            make("student-student", "traditional", student_mentors[2], [students[8]]),
        ]
        submit_pairs(waiting, actor=curator)
        returned = make("teacher-student", "traditional", teachers[4], [students[9]])
        submit_pairs([returned], actor=curator)
        return_pairs([returned], actor=director,
                     comment="Уточните запрос наставляемого и график встреч.")
        make("employer-student", "traditional", employers[2], [students[10]])  # a draft

    _meetings(active, finished, today, curator, mentor_user)
    _plan(active[0], mentor_user, today)
    _wishes(organization, curator, staff_mentees[2:6], teachers[5:8])
    for pair in finished[:1]:
        pair.refresh_from_db()
        set_pair_status(pair, PairStatus.COMPLETED, actor=curator,
                        comment="Персонализированная программа выполнена")
    terminated = finished[1]
    terminated.refresh_from_db()
    terminated.ended_on = today - datetime.timedelta(days=5)
    terminated.end_initiative = EndInitiative.MENTEE
    terminated.end_reason = "Наставляемый перевёлся в другую образовательную организацию"
    set_pair_status(
        terminated, PairStatus.TERMINATED, actor=curator, comment=terminated.end_reason,
        extra_fields=("ended_on", "end_initiative", "end_reason"),
    )


# the college's meetings: days before today, type, topic
MEETING_PLAN = [
    (40, "introductory", "Встреча-знакомство: цели и ожидания"),
    (30, "trial", "Пробная рабочая встреча"),
    (20, "planning", "Встреча-планирование: персонализированная программа"),
    (9, "regular", "Разбор открытого урока"),
    (2, "regular", "Подготовка к аттестации"),
]


def _meetings(active, finished, today, curator, mentor_user, plan=MEETING_PLAN) -> None:
    """Meetings every ~10 days for the active pairs (``plan``: days before
    ``today``, MeetingType value, topic); the third pair stopped meeting
    after the first three and is flagged; feedback filled for most meetings."""
    from pairs.enums import MeetingType
    from pairs.services.meetings import log_meeting
    from surveys.models import Response
    from surveys.services import submit_response

    for index, pair in enumerate(active + finished):
        pair.refresh_from_db()
        actor = mentor_user if pair.mentor.participant.user_id == mentor_user.pk else curator
        steps = plan[:3] if index == 2 else plan
        if pair in finished:
            steps = plan[:3] + [(6, MeetingType.FINAL, "Итоговая встреча: рефлексия и результаты")]
        for days_ago, meeting_type, topic in steps:
            log_meeting(
                pair, actor=actor, meeting_type=meeting_type,
                held_on=today - datetime.timedelta(days=days_ago), topic=topic,
                duration_minutes=45,
            )
    pending = Response.objects.filter(
        meeting__pair__in=[p.pk for p in active + finished], submitted_at__isnull=True
    ).select_related("survey").prefetch_related("survey__questions").order_by("pk")
    for number, response in enumerate(pending):
        if number % 7 == 6:
            continue  # some forms stay unfilled
        answers = {}
        for question in response.survey.questions.all():
            if question.question_type == "scale":
                answers[question.pk] = 5 if number % 3 else 4
            elif question.question_type == "yes_no":
                answers[question.pk] = False
            else:
                answers[question.pk] = "Разобрали план, договорились о следующей встрече."
        submit_response(response, answers=answers, actor=None)


def _plan(pair, mentor_user, today: datetime.date) -> None:
    """The demo mentor's personalised programme (seed 004 appendix): the seed's
    texts, nine months from the approval, four activities, two of them done."""
    from pairs.enums import PlanDirection
    from pairs.services.plans import add_plan_item, add_months, save_plan, suggested_header

    pair.refresh_from_db()
    start = timezone.localdate(pair.approved_at)
    header = suggested_header(pair, today=start)
    save_plan(
        pair, actor=mentor_user, starts_on=start, ends_on=add_months(start, 9),
        deficits="Затруднения в организации учебной деятельности на уроке, в работе с "
                 "документацией и в подготовке к аттестации.",
        goal="Успешная адаптация молодого педагога в колледже и повышение его "
             "профессиональной компетентности.",
        tasks="Изучить нормативные документы; посетить уроки наставника; подготовить и "
              "провести открытый урок; подготовиться к аттестации.",
        content=header["content"], expected_results=header["expected_results"],
    )
    items = [
        (PlanDirection.DOCUMENTATION, "Изучение нормативных документов и ведение журнала", 20,
         "Консультация, совместная проверка", "Документация ведётся без ошибок",
         "Протокол консультации от %s" % (start + datetime.timedelta(days=14)).strftime("%d.%m.%Y")),
        (PlanDirection.SUBJECT, "Посещение уроков наставника и анализ", 40,
         "Взаимопосещение уроков", "Освоены приёмы активизации обучающихся",
         "Карта анализа урока"),
        (PlanDirection.METHODICAL, "Подготовка и проведение открытого урока", 120,
         "Совместное планирование, репетиция", "Проведён открытый урок", ""),
        (PlanDirection.CERTIFICATION, "Подготовка портфолио к аттестации", 240,
         "Консультации", "Портфолио собрано", ""),
    ]
    for direction, activity, days, methods, result, evidence in items:
        deadline = start + datetime.timedelta(days=days)
        done = bool(evidence)
        add_plan_item(
            pair, actor=mentor_user, direction=direction, activity=activity, deadline=deadline,
            methods=methods, expected_result=result, done=done,
            done_on=min(deadline, today) if done else None, evidence=evidence,
        )


def _wishes(organization, curator, mentees, mentors) -> None:
    """Answers of the questionnaire after the group meeting (seed 000 5.2) and a
    «not with» the curator decided, so the matcher has wishes to weigh."""
    from pairs.enums import Attitude, PreferenceSource
    from pairs.services.wishes import add_wish

    for mentee, mentor in zip(mentees, mentors, strict=False):
        add_wish(organization=organization, participant=mentee.participant,
                 other=mentor.participant, attitude=Attitude.PREFER, actor=curator)
    if mentees and len(mentors) > 1:
        add_wish(organization=organization, participant=mentors[1].participant,
                 other=mentees[0].participant, attitude=Attitude.PREFER, actor=curator)
        add_wish(organization=organization, participant=mentees[-1].participant,
                 other=mentors[0].participant, attitude=Attitude.AVOID, actor=curator,
                 source=PreferenceSource.CURATOR, note="Конфликт интересов")

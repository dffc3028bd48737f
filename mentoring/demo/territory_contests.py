"""The demo territory's part «contests» (issue 14; seed 002 items 10, 13):

- «Лучший наставник — <this academic year>» at the judging stage, with the
  criteria of a realistic methodology, nominations of the college and a school,
  and two jurors (logins ``juror1``/``juror2``, the demo password): juror1 has
  scored everything, juror2 half-way;
- the previous academic year's contest, closed, with its results order signed
  by the head and the winners' awards (shown on their profiles and the
  honour board).

Everything goes through the contest and order services. Idempotent: a contest
that exists (by title) is left as it is.
"""

import datetime

from mentoring.enums import Role

CRITERIA = [
    ("Результаты наставляемых", "Достижения наставляемых, выполнение персонализированных программ.", "3"),
    ("Методические материалы наставника", "Разработки, публикации, кейсы в базе практик.", "2"),
    ("Участие в мероприятиях", "Конкурсы, семинары, методические объединения.", "1"),
    ("Отзывы наставляемых", "Удовлетворённость по анкетам обратной связи.", "2"),
    ("Презентация опыта", "Представление практики наставничества жюри.", "1"),
]
ANNOUNCEMENT = (
    "Муниципальный конкурс проводится ежегодно (дорожная карта, п. 10). Образовательные "
    "организации выдвигают наставников из утверждённой базы наставников с представлением, "
    "портфолио и практикой из базы успешных практик. Жюри оценивает каждый критерий от 0 до 10; "
    "члены жюри не оценивают номинантов своей организации."
)
JURORS = [("juror1", "Елена", "Верховская"), ("juror2", "Наталья", "Ширшова")]
SCHOOL_MENTORS = [("Ларионова", "Светлана", "Игоревна", "учитель математики"),
                  ("Гарипов", "Ренат", "Маратович", "учитель информатики")]


def build(demo) -> None:
    """Build this part of the demo territory (``mentoring.demo.territory.TerritoryDemo``)."""
    from reports.models import Contest

    college_mentors = _college_mentors(demo)
    school_mentors = [m for m in (_school_mentor(demo, school, spec)
                                  for school, spec in zip(demo.schools, SCHOOL_MENTORS)) if m]
    previous_year = _previous_year(demo)
    previous_title = "Лучший наставник — {}".format(previous_year.title)
    current_title = "Лучший наставник — {}".format(demo.year.title)
    jurors = _juror_accounts(demo)
    if not Contest.objects.filter(territory=demo.territory, title=previous_title).exists():
        _closed_contest(demo, previous_title, previous_year, jurors,
                        college_mentors[1:2] + school_mentors[1:2] + school_mentors[:1])
    if not Contest.objects.filter(territory=demo.territory, title=current_title).exists():
        _judging_contest(demo, current_title, jurors, college_mentors[:2] + school_mentors[:1])


def _previous_year(demo):
    from mentoring.models import AcademicYear

    return AcademicYear.current(demo.year.starts_on - datetime.timedelta(days=1))


def _juror_accounts(demo) -> list:
    """juror1/juror2: experts of the education authority (Role.JUROR), with the
    demo password."""
    from mentoring.services import grant_membership

    from .builder import DEMO_PASSWORD

    users = []
    for username, first, last in JURORS:
        users.append(grant_membership(organization=demo.authority, username=username, role=Role.JUROR,
                                      actor=demo.coordinator, password=DEMO_PASSWORD,
                                      first_name=first, last_name=last))
        if not any(login[0] == username for login in demo.logins):
            demo.logins.append((username, str(Role.JUROR.label), "{} {}".format(first, last)))
    return users


def _college_mentors(demo) -> list:
    """Approved mentors of the college with the programme's consent (its
    «documents» purpose covers the jury and the order), the demo mentor first."""
    from participants.enums import ConsentStatus, MentorStatus
    from participants.models import Mentor

    qs = Mentor.objects.filter(
        participant__organization=demo.college, participant__consent_status=ConsentStatus.GIVEN,
        participant__anonymised_at__isnull=True,
        status__in=(MentorStatus.APPROVED, MentorStatus.TRAINED),
    ).select_related("participant").order_by("participant__surname", "pk")
    mentors = list(qs)
    mentors.sort(key=lambda m: m.participant.user_id is None or m.participant.user.username != "mentor")
    return [m for m in mentors if _consented(m)][:2]


def _consented(mentor) -> bool:
    from reports.services.contests import _mentor_consent_problem

    return _mentor_consent_problem(mentor) is None


def _school_mentor(demo, school, spec):
    """A teacher mentor of the school with a consent on record, approved into
    the mentor base (the school's first mentor when it has one already)."""
    from participants.enums import ConsentGiver, MentorStatus
    from participants.models import Mentor, Participant
    from participants.services.consents import record_consent
    from participants.services.statuses import approve_mentors

    surname, name, patronymic, position = spec
    existing = Mentor.objects.filter(participant__organization=school, participant__surname=surname,
                                     participant__name=name).select_related("participant").first()
    if existing is not None:
        return existing if _consented(existing) else None
    # no service creates a single participant (they come from imports): the
    # profile is created here, the consent and the approval through services
    participant = Participant.objects.create(
        organization=school, surname=surname, name=name, patronymic=patronymic, category="teacher",
        position=position, teaching_experience_years=12,
    )
    mentor = Mentor.objects.create(participant=participant, capacity=2,
                                   competencies="олимпиадная подготовка, проектная деятельность")
    curator = school.memberships.filter(role=Role.CURATOR).select_related("user").first()
    actor = curator.user if curator else demo.coordinator
    record_consent(participant, given_by=ConsentGiver.SELF, given_on=demo.today - datetime.timedelta(days=80),
                   actor=actor)
    mentor.refresh_from_db()
    approve_mentors([mentor], order_number="12-о", order_date=demo.today - datetime.timedelta(days=70),
                    actor=actor)
    mentor.refresh_from_db()
    return mentor if mentor.status != MentorStatus.CANDIDATE else None


def _new_contest(demo, title, jurors):
    from reports.enums import ContestKind, ContestStage
    from reports.services import contest_jury, contests
    from reports.services.contests import CriterionData

    contest = contests.create_contest(
        territory=demo.territory, actor=demo.coordinator, kind=ContestKind.BEST_MENTOR, title=title,
        announcement=ANNOUNCEMENT, winners_count=3,
        criteria=[CriterionData(t, w, 10, d) for t, d, w in CRITERIA],
    )
    for user in jurors:
        contest_jury.add_juror(contest, user=user, actor=demo.coordinator)
    contests.set_stage(contest, ContestStage.NOMINATIONS, actor=demo.coordinator)
    return contest


def _nominate(demo, contest, mentors) -> list:
    from reports.services import contests

    nominations = []
    for mentor in mentors:
        organization = mentor.participant.organization
        curator = organization.memberships.filter(role=Role.CURATOR).select_related("user").first()
        nominations.append(contests.nominate(
            contest, organization=organization, actor=curator.user if curator else demo.coordinator,
            mentor=mentor, statement="Наставник молодых педагогов; методические разработки, "
            "открытые уроки, высокая удовлетворённость наставляемых."))
    return nominations


def _score(contest, juror_user, nominations, rows) -> None:
    from reports.services import contests

    juror = contest.jurors.get(user=juror_user)
    criteria = list(contest.criteria.all())
    for nomination, values in zip(nominations, rows):
        contests.save_scores(nomination, juror=juror, actor=juror_user,
                             values={c.pk: (v, "") for c, v in zip(criteria, values) if v is not None})


def _judging_contest(demo, title, jurors, mentors) -> None:
    """At the judging stage: juror1 has scored everything, juror2 half-way."""
    from reports.enums import ContestStage
    from reports.services import contests

    contest = _new_contest(demo, title, jurors)
    contest.nominations_until = demo.today - datetime.timedelta(days=5)
    contest.judging_until = demo.today + datetime.timedelta(days=20)
    contests.update_contest(contest, actor=demo.coordinator, title=title, announcement=ANNOUNCEMENT,
                            nominations_until=contest.nominations_until,
                            judging_until=contest.judging_until, winners_count=3)
    nominations = _nominate(demo, contest, mentors)
    if not nominations:
        return
    contests.set_stage(contest, ContestStage.JUDGING, actor=demo.coordinator)
    _score(contest, jurors[0], nominations, [[9, 8, 7, 9, 8], [8, 9, 6, 8, 9], [9, 7, 8, 8, 7]])
    _score(contest, jurors[1], nominations[:2], [[8, 8, 6, 9, 8], [7, 9, None, None, None]])


def _closed_contest(demo, title, year, jurors, mentors) -> None:
    """Last year's contest: scored, closed, its results order signed by the
    head; the winners hold their diplomas."""
    from reports.enums import ContestStage
    from reports.models import Contest
    from reports.services import contests
    from reports.services.orders import contest_results, issue_order, sign_order

    contest = _new_contest(demo, title, jurors)
    # the contest belongs to last year's cycle (its awards count for that year)
    Contest.objects.filter(pk=contest.pk).update(academic_year=year)
    contest.refresh_from_db()
    nominations = _nominate(demo, contest, mentors)
    if not nominations:
        return
    contests.set_stage(contest, ContestStage.JUDGING, actor=demo.coordinator)
    rows = [[9, 9, 8, 9, 9], [8, 7, 9, 8, 7], [7, 8, 6, 7, 8]]
    _score(contest, jurors[0], nominations, rows)
    _score(contest, jurors[1], nominations, [list(reversed(r)) for r in rows])
    contests.close_contest(contest, actor=demo.coordinator)
    contest_results.draft_results_order(contest, actor=demo.coordinator)
    order = contest_results.submit_results_order(contest, actor=demo.coordinator)
    sign_order(order, actor=demo.head)
    issue_order(order, actor=demo.head)
    _publication_consent(demo, nominations[0].mentor)


def _publication_consent(demo, mentor) -> None:
    """The winner agreed to be named on the public honour board."""
    from participants.data.consent_texts import PUBLICATION_VERSION
    from participants.enums import ConsentGiver
    from participants.services.consents import record_consent

    if mentor is None or mentor.participant.consents.filter(
            text_version=PUBLICATION_VERSION, withdrawn_on__isnull=True).exists():
        return
    curator = mentor.participant.organization.memberships.filter(role=Role.CURATOR).first()
    record_consent(mentor.participant, given_by=ConsentGiver.SELF, given_on=demo.today - datetime.timedelta(days=30),
                   actor=curator.user if curator else demo.coordinator, text_version=PUBLICATION_VERSION)

"""The dashboards and every list page cost the same number of SQL queries at 1×
and at 10× the data (issue 15, «Pages»): a world of a territory (the
``territory_world`` college, its school and more organisations) is built with
``SMALL`` rows in every list, each page is loaded once as its user, the world
grows to ``LARGE`` rows and every page is loaded again. A query per row (an
N+1) shows as a different count. Run on SQLite by default and on PostgreSQL
with DATABASE_URL."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.models import AcademicYear, Membership
from mentoring.selectors import territory_organizations
from mentoring.services import log_action
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    PairFactory,
    ParticipantFactory,
    UserFactory,
    teacher_teacher_form,
    traditional_kind,
)
from pairs.enums import PairStatus
from pairs.models import Meeting, MatchingPreference, MentorInvitation, PersonalPlan, PlanItem
from participants.enums import ListingStatus, MentorStatus
from participants.models import ApplicantImport, ConsentFormsBatch, FamilyTie, MentorListing
from reports.enums import ReportKind
from reports.models import (
    Award,
    Contest,
    ContestJuror,
    MonitoringCampaign,
    MonitoringReport,
    Nomination,
    Order,
    Practice,
    Report,
)
from roadmap.models import Activity, Roadmap, Stage
from surveys.models import Question, Response, Survey

SMALL, LARGE = 2, 20  # rows in every list at 1× and at 10×
# a working pair's status by row: active first, every working status present
WORKING = [PairStatus.ACTIVE, PairStatus.APPROVED, PairStatus.COMPLETED, PairStatus.TERMINATED]


def _member(organization, username, role):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def _past_year(n: int) -> AcademicYear:
    """The academic year ``n + 1`` years before the current one."""
    first = AcademicYear.current().starts_on.year - n - 1
    year, _created = AcademicYear.objects.get_or_create(
        title=f"{first}/{first + 1}",
        defaults={"starts_on": datetime.date(first, 9, 1), "ends_on": datetime.date(first + 1, 8, 31)})
    return year


@dataclass
class World:
    """The territory world with a mentor and a mentee with accounts in the
    college, a juror, a published territory page, and rows that :meth:`grow`
    adds to every list."""

    tw: object
    mentor_user: object
    mentee_user: object
    juror: object
    surveys: dict
    focus: dict  # an order, a contest and a campaign whose pages list what grow() adds
    rows: int = 0
    extra_organizations: list = field(default_factory=list)

    @classmethod
    def build(cls, tw) -> "World":
        college = tw.college
        mentor_user = _member(college, "mentor_user", Role.MENTOR)
        MentorFactory(participant=ParticipantFactory(organization=college, user=mentor_user),
                      status=MentorStatus.APPROVED)
        mentee_user = _member(college, "mentee_user", Role.MENTEE)
        MenteeFactory(participant=ParticipantFactory(organization=college, user=mentee_user,
                                                     category=ParticipantCategory.YOUNG_SPECIALIST))
        juror = _member(tw.authority, "juror", Role.JUROR)
        surveys = {}
        for role in ("mentor", "mentee"):
            survey = Survey.objects.create(organization=college, kind="meeting_feedback",
                                           respondent_role=role, title=f"Отзыв ({role})")
            Question.objects.create(survey=survey, position=1, text="Как прошла встреча?",
                                    question_type="scale", measures_satisfaction=True)
            surveys[role] = survey
        for organization in (college, tw.school):
            organization.slug, organization.is_public = f"org-{organization.pk}", True
            organization.save(update_fields=["slug", "is_public"])
        year = AcademicYear.current()
        Roadmap.objects.create(organization=college, academic_year=year, title="Дорожная карта")
        focus = {
            "order": Order.objects.create(organization=college, academic_year=year, kind="pairs_approval",
                                          title="Об утверждении пар"),
            "contest": Contest.objects.create(territory=tw.territory, academic_year=year, kind="best_mentor",
                                              title="Лучший наставник года", stage="judging",
                                              created_by=tw.coordinator),
            "campaign": MonitoringCampaign.objects.create(territory=tw.territory, academic_year=year,
                                                          period="december", deadline=year.ends_on,
                                                          opened_by=tw.coordinator),
        }
        ContestJuror.objects.create(contest=focus["contest"], user=juror)
        return cls(tw=tw, mentor_user=mentor_user, mentee_user=mentee_user, juror=juror, surveys=surveys,
                   focus=focus)

    def grow(self, count: int) -> None:
        for _i in range(count):
            self._row(self.rows)
            self.rows += 1

    def _row(self, n: int) -> None:
        tw, college = self.tw, self.tw.college
        year, past = AcademicYear.current(), _past_year(n)
        mentor = MentorFactory(participant=ParticipantFactory(organization=college), status=MentorStatus.APPROVED)
        mentees = [MenteeFactory(participant=ParticipantFactory(
            organization=college, category=ParticipantCategory.STUDENT)) for _k in range(2)]
        status = WORKING[n % len(WORKING)]
        pair = PairFactory(organization=college, mentor=mentor, mentees=mentees, status=status,
                           approved_at=timezone.now())
        self._meetings(pair, n)
        for waiting in (PairStatus.PROPOSED, PairStatus.DRAFT):  # the director's queue, the workspace
            PairFactory(organization=college, mentor=mentor, mentees=mentees[1:], status=waiting)
        self._own_pairs(n)
        MentorFactory(participant=ParticipantFactory(organization=college), status=MentorStatus.CANDIDATE)
        order = Order.objects.create(organization=college, academic_year=year, kind="pairs_approval",
                                     title=f"Об утверждении пар № {n}")
        order.pairs.add(pair)
        order.mentors.add(mentor)
        self.focus["order"].pairs.add(pair)
        self.focus["order"].mentors.add(mentor)
        Award.objects.create(organization=college, academic_year=year, mentor=mentor,
                             kind="letter_of_thanks", reason="За наставничество")
        Practice.objects.create(organization=college, academic_year=year, title=f"Практика {n}",
                                summary="Кратко", mentor=mentor, form=teacher_teacher_form(), published=True)
        Report.objects.create(organization=college, academic_year=past, kind=ReportKind.ANNUAL,
                              requested_by=tw.college_curator)
        ApplicantImport.objects.create(organization=college, uploaded_by=tw.college_curator,
                                       original_name=f"list-{n}.xlsx", sha256="0" * 64)
        ConsentFormsBatch.objects.create(organization=college, study_group=f"Г-{n}",
                                         requested_by=tw.college_curator)
        MatchingPreference.objects.create(organization=college, participant=mentees[0].participant,
                                          other=mentor.participant, attitude="prefer")
        FamilyTie.objects.create(parent=ParticipantFactory(organization=college),
                                 child=mentees[1].participant)
        self._territory_row(n, mentor, mentees[0], past)

    def _meetings(self, pair, n: int) -> None:
        if pair.status not in ("active", "approved", "completed", "terminated"):
            return
        last = 30 if n % 3 == 0 else 2  # every third working pair silent for a month
        for k in range(2):
            Meeting.objects.create(pair=pair, meeting_type="regular", topic="Встреча",
                                   held_on=timezone.localdate() - datetime.timedelta(days=last + 7 * k))
        plan = PersonalPlan.objects.create(pair=pair, goal="Освоить профессию")
        PlanItem.objects.create(plan=plan, direction="professional", activity="Урок", done=n % 2 == 0)

    def _own_pairs(self, n: int) -> None:
        """A pair of the mentor with accounts, with the mentee with accounts in it,
        a meeting and the feedback forms it asks for (pending and submitted)."""
        college = self.tw.college
        mentor = self.mentor_user.participant.mentor_profile
        mentee = self.mentee_user.participant.mentee_profile
        other = MenteeFactory(participant=ParticipantFactory(organization=college))
        pair = PairFactory(organization=college, mentor=mentor, mentees=[mentee, other],
                           status=PairStatus.ACTIVE, approved_at=timezone.now())
        meeting = Meeting.objects.create(pair=pair, meeting_type="regular", topic="Встреча",
                                         held_on=timezone.localdate() - datetime.timedelta(days=n % 20))
        plan = PersonalPlan.objects.create(pair=pair, goal="Цель")
        PlanItem.objects.create(plan=plan, direction="professional", activity="Урок")
        first = mentor.pairs.earliest("pk")  # its pages list its meetings, trail and plan items
        PlanItem.objects.create(plan=first.plan, direction="professional", activity=f"Занятие {n}")
        Meeting.objects.create(pair=first, meeting_type="regular", topic=f"Встреча {n}",
                               held_on=timezone.localdate() - datetime.timedelta(days=n % 20))
        log_action("pairs.pair.noted", actor=self.tw.college_curator, organization=college, obj=first,
                   data={"row": n})
        for role, participant in (("mentor", mentor.participant), ("mentee", mentee.participant)):
            Response.objects.create(survey=self.surveys[role], respondent=participant, meeting=meeting,
                                    submitted_at=timezone.now() if n % 2 else None)

    def _territory_row(self, n: int, mentor, mentee, past) -> None:
        """A school mentor in the territory's base with an invitation from the
        college, an organisation with its roadmap, a contest with a nomination
        of the college judged by the juror, a monitoring campaign with the
        college's report."""
        tw, year = self.tw, AcademicYear.current()
        listed = MentorFactory(participant=ParticipantFactory(organization=tw.school), status=MentorStatus.APPROVED)
        listing = MentorListing.objects.create(mentor=listed, territory=tw.territory, status=ListingStatus.LISTED,
                                               about="Помогу", confirmed_year=year if n % 2 else past)
        listing.forms.add(teacher_teacher_form())
        MentorInvitation.objects.create(organization=tw.college, mentor=listed, mentee=mentee,
                                        form=teacher_teacher_form(), kind=traditional_kind(),
                                        invited_by=tw.college_curator)
        school = OrganizationFactory(territory=tw.territory, kind=OrganizationKind.SCHOOL)
        self.extra_organizations.append(school)
        roadmap = Roadmap.objects.create(organization=school, academic_year=year, title="Дорожная карта",
                                         approval="submitted", submitted_at=timezone.now())
        stage = Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка")
        Activity.objects.create(stage=stage, code="1.1", title="Приказ")
        contest = Contest.objects.create(territory=tw.territory, academic_year=year, kind="best_mentor",
                                         title=f"Лучший наставник {n}", stage="judging",
                                         created_by=tw.coordinator)
        ContestJuror.objects.create(contest=contest, user=self.juror)
        Nomination.objects.create(contest=contest, organization=tw.college, submitted_by=tw.college_curator,
                                  mentor=mentor)
        campaign = MonitoringCampaign.objects.create(
            territory=tw.territory, academic_year=past, period="december",
            deadline=past.ends_on, opened_by=tw.coordinator)
        MonitoringReport.objects.create(campaign=campaign, organization=tw.college)
        MonitoringReport.objects.create(campaign=campaign, organization=school)
        MonitoringReport.objects.create(campaign=self.focus["campaign"], organization=school)
        Nomination.objects.create(contest=self.focus["contest"], organization=tw.college,
                                  submitted_by=tw.college_curator, mentor=mentor)


def _queries(client, user, url: str) -> int:
    client.force_login(user)
    response = client.get(url)  # warm the session, the caches and the reference data
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _counts(client, pages: list[tuple[object, str]]) -> dict[str, int]:
    """``{"<username> <url>": queries}`` of each page loaded as its user."""
    return {f"{user.username} {url}": _queries(client, user, url) for user, url in pages}


def _organisation_pages(w: World) -> list[tuple[object, str]]:
    """The college's lists as its curator, director, mentor and mentee."""
    tw = w.tw
    curator, director, mentor, mentee = tw.college_curator, tw.college_director, w.mentor_user, w.mentee_user
    pages = [(curator, "dashboard"), (director, "dashboard"), (mentor, "dashboard"), (mentee, "dashboard")]
    pages += [(curator, name) for name in (
        "participants:mentor_list", "participants:mentee_list", "participants:mentor_approval",
        "participants:import_upload", "participants:consent_forms", "participants:territory_base",
        "pairs:list", "pairs:form", "pairs:matching_wishes", "pairs:matching_family",
        "pairs:invitation_list", "pairs:cadence", "roadmap:detail",
        "reports:report_list", "reports:order_list", "reports:award_list", "reports:mentor_results",
        "reports:practice_list", "reports:indicators", "reports:org_contest_list", "monitoring:own_reports",
    )]
    pages += [(director, "pairs:approval_queue"), (director, "reports:order_list")]
    pages += [(mentor, "pairs:my_pairs"), (mentor, "surveys:my_forms"),
              (mentee, "pairs:my_mentor"), (mentee, "surveys:my_forms")]
    urls = [(user, reverse(name)) for user, name in pages]
    # pages of one object listing what grows: the order's pairs, the mentor's
    # card (their pairs and trail), the college's public page (its practices)
    mentor_participant = w.mentor_user.participant
    return urls + [
        (curator, reverse("reports:order_detail", args=[w.focus["order"].pk])),
        (curator, reverse("participants:participant_detail", args=[mentor_participant.pk])),
        (curator, reverse("pairs:detail", args=[mentor_participant.mentor_profile.pairs.earliest("pk").pk])),
        (mentor, reverse("pairs:plan", args=[mentor_participant.mentor_profile.pairs.earliest("pk").pk])),
        (curator, reverse("public:organization", args=[tw.college.slug])),
    ]


def _territory_pages(w: World) -> list[tuple[object, str]]:
    """The territory's lists as its curator (coordinator) and a juror."""
    coordinator = w.tw.coordinator
    pages = [(coordinator, reverse(name)) for name in (
        "dashboard", "territory:organization_list", "roadmap:approvals", "monitoring:campaign_list",
        "reports:contest_list", "participants:territory_base", "participants:listing_update",
    )]
    return pages + [
        (coordinator, reverse("reports:contest_detail", args=[w.focus["contest"].pk])),
        (coordinator, reverse("monitoring:campaign_detail", args=[w.focus["campaign"].pk])),
        (w.juror, reverse("reports:jury_list")),
        (w.juror, reverse("reports:jury_contest", args=[w.focus["contest"].pk])),
        (coordinator, reverse("public:territory", args=[w.tw.territory.slug])),
    ]


@pytest.fixture
def world(territory_world):
    return World.build(territory_world)


def _same_at_both_sizes(client, world, pages) -> dict[str, int]:
    """Load ``pages(world)`` at SMALL and at LARGE rows; the counts at SMALL."""
    world.grow(SMALL)
    small = _counts(client, pages(world))
    world.grow(LARGE - SMALL)
    large = _counts(client, pages(world))
    grew = {page: (small[page], large[page]) for page in small if small[page] != large[page]}
    assert not grew, f"queries at {SMALL} and {LARGE} rows differ: {grew}"
    return small


def test_organisation_pages_cost_the_same_queries_at_1x_and_10x(client, world):
    counts = _same_at_both_sizes(client, world, _organisation_pages)
    assert counts[f"college_curator {reverse('dashboard')}"] <= 15


def test_territory_pages_cost_the_same_queries_at_1x_and_10x(client, world):
    counts = _same_at_both_sizes(client, world, _territory_pages)
    assert counts[f"coordinator {reverse('dashboard')}"] <= 20


def test_territory_dashboard_costs_the_same_queries_for_3_and_9_organisations(client, world):
    coordinator, territory = world.tw.coordinator, world.tw.territory
    world.grow(1)  # the college, the school and one more school
    assert territory_organizations(territory).count() == 3
    three = _queries(client, coordinator, reverse("dashboard"))
    world.grow(6)
    assert territory_organizations(territory).count() == 9
    assert _queries(client, coordinator, reverse("dashboard")) == three
    assert three <= 20

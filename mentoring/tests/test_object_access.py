"""Every object URL answers 404 to people outside the object's reach.

The walk enumerates the URL patterns that take an object key, so a new object URL
that this test does not cover fails it (issue 2, "Done when").
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear
from mentoring.tests.factories import (
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    PairFactory,
    ParticipantFactory,
    TerritoryFactory,
    UserFactory,
)
from pairs.enums import MatchingRunStatus, PairStatus
from pairs.models import MatchingPreference, MatchingRun, Meeting, PersonalPlan, PlanItem
from participants.enums import BatchStatus
from participants.models import (
    ApplicantImport,
    Consent,
    ConsentFormsBatch,
    FamilyTie,
    MenteeRequest,
    MentorTraining,
    PortfolioItem,
)
from reports.enums import AwardKind, JobStatus, OrderKind, OrderStatus, ReportKind
from reports.models import Award, Indicator, IndicatorValue, Order, Report
from reports.services.indicators import ensure_library, pick_indicators
from roadmap.models import Activity, Roadmap, Stage
from surveys.models import Response, Survey

# URL names whose key is itself the credential (a one-time link to a form): they are
# public by design and tested in surveys/tests.
PUBLIC_BY_DESIGN = {"surveys:token_response"}
# URL names whose key is not an object: a kind of order to draft (404 to mentors and
# mentees, tested in reports/tests).
NOT_AN_OBJECT = {"reports:order_create"}


def _object_url_names() -> set[str]:
    """Names of all non-admin URL patterns that take a key."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.pattern.converters and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def world(organization, alice, bob):
    """A target pair in the college that neither alice (mentor) nor bob (mentee)
    belongs to, with every kind of object around it; alice and bob have their own
    pair."""
    year = AcademicYear.current()
    approved = timezone.now() - datetime.timedelta(days=3)
    own_pair = PairFactory(
        organization=organization, mentor=alice.participant.mentor_profile,
        mentees=[bob.participant.mentee_profile], status=PairStatus.ACTIVE, approved_at=approved,
    )
    stranger_mentor = MentorFactory(participant=ParticipantFactory(organization=organization))
    stranger_mentee = MenteeFactory(participant=ParticipantFactory(organization=organization))
    pair = PairFactory(
        organization=organization, mentor=stranger_mentor, mentees=[stranger_mentee],
        status=PairStatus.ACTIVE, approved_at=approved,
    )
    plan = PersonalPlan.objects.create(pair=pair, goal="Адаптация")
    plan_item = PlanItem.objects.create(plan=plan, direction="methodical", activity="Посещение уроков")
    wish = MatchingPreference.objects.create(
        organization=organization, participant=stranger_mentee.participant,
        other=stranger_mentor.participant, attitude="avoid",
    )
    tie = FamilyTie.objects.create(parent=stranger_mentor.participant, child=stranger_mentee.participant)
    matching_run = MatchingRun.objects.create(
        organization=organization, form=pair.form, kind=pair.kind, mode="best_total",
        status=MatchingRunStatus.RUNNING,
    )
    meeting = Meeting.objects.create(
        pair=pair, meeting_type="regular", held_on=timezone.localdate(), topic="Встреча"
    )
    survey = Survey.objects.create(
        organization=organization, kind="meeting_feedback", respondent_role="mentee", title="Анкета"
    )
    response = Response.objects.create(survey=survey, respondent=stranger_mentee.participant, meeting=meeting)
    roadmap = Roadmap.objects.create(organization=organization, academic_year=year, title="Дорожная карта")
    stage = Stage.objects.create(roadmap=roadmap, number=1, title="Подготовка")
    activity = Activity.objects.create(stage=stage, code="1.1", title="Приказ")
    order = Order.objects.create(
        organization=organization, academic_year=year, kind=OrderKind.PAIRS_APPROVAL, number=1,
        issued_on=timezone.localdate(), title="Об утверждении наставнических пар (групп)",
        status=OrderStatus.SIGNED,
    )
    order.file.save("order.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    report = Report.objects.create(
        organization=organization, academic_year=year, kind=ReportKind.ANNUAL, status=JobStatus.DONE,
        progress=100,
    )
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.xlsx.save("report.xlsx", ContentFile(b"PK"), save=True)
    applicant_import = ApplicantImport.objects.create(
        organization=organization, original_name="list.xlsx", sha256="0" * 64, report={}
    )
    applicant_import.file.save("list.xlsx", ContentFile(b"PK"), save=True)
    training = MentorTraining.objects.create(
        mentor=stranger_mentor, course="Школа наставника", hours=16,
        started_on=timezone.localdate(), finished_on=timezone.localdate(),
    )
    training.certificate.save("certificate.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    portfolio_item = PortfolioItem.objects.create(mentor=stranger_mentor, kind="method", title="Методичка")
    portfolio_item.file.save("method.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    mentee_request = MenteeRequest.objects.create(mentee=stranger_mentee, text="Выбор профессии")
    consent = Consent.objects.create(
        participant=stranger_mentee.participant, given_by="self", given_on=timezone.localdate()
    )
    award = Award.objects.create(
        organization=organization, academic_year=year, mentor=stranger_mentor,
        kind=AwardKind.LETTER_OF_THANKS, reason="За работу",
    )
    # an indicator picked by another organisation only, and its value with evidence
    ensure_library()
    elsewhere = ParticipantFactory().organization
    other_indicator = Indicator.objects.order_by("position", "pk").first()
    pick_indicators(elsewhere, [other_indicator], actor=None)
    value = IndicatorValue.objects.create(
        organization=elsewhere, indicator=other_indicator, academic_year=year, value=5, note="Договор"
    )
    value.evidence.save("contract.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    consent_batch = ConsentFormsBatch.objects.create(
        organization=organization, study_group="ИС-22-1", status=BatchStatus.DONE, people=1
    )
    consent_batch.file.save("forms.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {
        "own_pair": own_pair,
        "urls": {
            "participants:participant_detail": [reverse("participants:participant_detail", args=[stranger_mentee.participant.pk])],
            "participants:consent_create": [reverse("participants:consent_create", args=[stranger_mentee.participant.pk])],
            "participants:mentor_edit": [reverse("participants:mentor_edit", args=[stranger_mentor.participant.pk])],
            "participants:training_add": [reverse("participants:training_add", args=[stranger_mentor.participant.pk])],
            "participants:portfolio_add": [reverse("participants:portfolio_add", args=[stranger_mentor.participant.pk])],
            "participants:mentee_edit": [reverse("participants:mentee_edit", args=[stranger_mentee.participant.pk])],
            "participants:request_add": [reverse("participants:request_add", args=[stranger_mentee.participant.pk])],
            "participants:training_certificate": [reverse("participants:training_certificate", args=[training.pk])],
            "participants:training_delete": [reverse("participants:training_delete", args=[training.pk])],
            "participants:portfolio_file": [reverse("participants:portfolio_file", args=[portfolio_item.pk])],
            "participants:portfolio_delete": [reverse("participants:portfolio_delete", args=[portfolio_item.pk])],
            "participants:request_edit": [reverse("participants:request_edit", args=[mentee_request.pk])],
            "participants:request_delete": [reverse("participants:request_delete", args=[mentee_request.pk])],
            "participants:consent_withdraw": [reverse("participants:consent_withdraw", args=[consent.pk])],
            "participants:consent_form_pdf": [
                reverse("participants:consent_form_pdf", args=[stranger_mentee.participant.pk])
            ],
            **{name: [reverse(name, args=[consent_batch.pk])] for name in (
                "participants:consent_forms_batch", "participants:consent_forms_batch_status",
                "participants:consent_forms_batch_download",
            )},
            "participants:import_detail": [reverse("participants:import_detail", args=[applicant_import.pk])],
            "participants:import_status": [reverse("participants:import_status", args=[applicant_import.pk])],
            "participants:import_mapping": [reverse("participants:import_mapping", args=[applicant_import.pk])],
            "participants:import_errors": [reverse("participants:import_errors", args=[applicant_import.pk])],
            "pairs:detail": [reverse("pairs:detail", args=[pair.pk])],
            "pairs:meeting_create": [reverse("pairs:meeting_create", args=[pair.pk])],
            "pairs:end": [reverse("pairs:end", args=[pair.pk])],
            "pairs:plan": [reverse("pairs:plan", args=[pair.pk])],
            "pairs:plan_edit": [reverse("pairs:plan_edit", args=[pair.pk])],
            "pairs:plan_pdf": [reverse("pairs:plan_pdf", args=[pair.pk])],
            "pairs:plan_item_create": [reverse("pairs:plan_item_create", args=[pair.pk])],
            "pairs:plan_item_edit": [reverse("pairs:plan_item_edit", args=[pair.pk, plan_item.pk])],
            "pairs:plan_item_delete": [reverse("pairs:plan_item_delete", args=[pair.pk, plan_item.pk])],
            "pairs:matching_wish_delete": [reverse("pairs:matching_wish_delete", args=[wish.pk])],
            "pairs:matching_family_delete": [reverse("pairs:matching_family_delete", args=[tie.pk])],
            "pairs:matching_run_status": [reverse("pairs:matching_run_status", args=[matching_run.pk])],
            "surveys:response_fill": [reverse("surveys:response_fill", args=[response.pk])],
            "roadmap:activity_update": [reverse("roadmap:activity_update", args=[activity.pk])],
            "reports:report_status": [reverse("reports:report_status", args=[report.pk])],
            "reports:report_download": [
                reverse("reports:report_download", args=[report.pk, "pdf"]),
                reverse("reports:report_download", args=[report.pk, "xlsx"]),
            ],
            "reports:order_download": [reverse("reports:order_download", args=[order.pk])],
            **{name: [reverse(name, args=[order.pk])] for name in (
                "reports:order_detail", "reports:order_edit", "reports:order_submit",
                "reports:order_return", "reports:order_sign", "reports:order_issue",
                "reports:order_delete", "reports:order_docx", "reports:order_files",
                "reports:order_files_retry",
            )},
            "reports:report_publish": [reverse("reports:report_publish", args=[report.pk])],
            "reports:award_create": [reverse("reports:award_create", args=[stranger_mentor.pk])],
            "reports:award_edit": [reverse("reports:award_edit", args=[award.pk])],
            "reports:award_delete": [reverse("reports:award_delete", args=[award.pk])],
            "reports:indicator_targets": [reverse("reports:indicator_targets", args=[other_indicator.pk])],
            "reports:indicator_value": [reverse("reports:indicator_value", args=[other_indicator.pk])],
            "reports:evidence_download": [reverse("reports:evidence_download", args=[value.pk])],
        },
    }


def _covered_by_territory_walks() -> set[str]:
    """URL names walked by the territory level's access tests: every module
    ``<app>/tests/test_access_*.py`` lists the names it walks (with two
    organisations and the territory roles) in ``COVERED_URL_NAMES``."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    names: set[str] = set()
    for path in sorted(root.glob("*/tests/test_access_*.py")):
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        names |= set(module.COVERED_URL_NAMES)
    return names


def test_object_access_walk_covers_every_object_url(world):
    covered = set(world["urls"]) | PUBLIC_BY_DESIGN | NOT_AN_OBJECT | _covered_by_territory_walks()
    assert covered == _object_url_names()


def _missing_twin(url: str) -> str:
    """The same URL with the object key replaced by one that does not exist."""
    parts = url.split("/")
    index = max(i for i, part in enumerate(parts) if part.isdigit())
    parts[index] = "999999"
    return "/".join(parts)


@pytest.fixture
def coordinator(organization, other_organization):
    """The territory curator of a territory holding the college and the other
    organisation: sees them in aggregate only, so none of their objects."""
    territory = TerritoryFactory()
    authority = OrganizationFactory(territory=territory, kind=OrganizationKind.AUTHORITY)
    for member in (organization, other_organization):
        member.territory = territory
        member.save(update_fields=["territory"])
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, organization=authority, role=Role.COORDINATOR)
    MembershipFactory(user=UserFactory(username="head"), organization=authority,
                      role=Role.DIRECTOR)
    return user


@pytest.fixture
def other_director(other_organization):
    """The director of another organisation of the same territory."""
    user = UserFactory(username="other_director")
    MembershipFactory(user=user, organization=other_organization, role=Role.DIRECTOR)
    return user


@pytest.mark.parametrize(
    "persona", ["alice", "bob", "charlie", "other_director", "coordinator"]
)
def test_object_access_outsiders_get_404_on_every_object_url(persona, world, client, request):
    """POST answers 404; GET answers 404, or 405 on POST-only URLs exactly as it
    does for a key that does not exist (nothing about the object leaks)."""
    user = request.getfixturevalue(persona)
    client.force_login(user)
    wrong = {}
    for name, urls in world["urls"].items():
        for url in urls:
            got = (client.get(url).status_code, client.post(url, {}).status_code)
            missing = client.get(_missing_twin(url)).status_code
            if got[1] != 404 or got[0] not in (404, 405) or got[0] != missing:
                wrong[url] = (name, got, missing)
    assert wrong == {}


def test_object_access_members_reach_their_own_pair(world, client, alice, bob):
    pair = world["own_pair"]
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(reverse("pairs:detail", args=[pair.pk])).status_code == 200
        assert client.get(reverse("pairs:plan", args=[pair.pk])).status_code == 200
    # the mentee reads the plan but does not edit it
    assert client.get(reverse("pairs:plan_edit", args=[pair.pk])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("pairs:meeting_create", args=[pair.pk])).status_code == 200
    assert client.get(reverse("pairs:plan_edit", args=[pair.pk])).status_code == 200


def test_object_access_curator_of_another_college_sees_none_of_its_lists(world, client):
    other_curator = UserFactory(username="dora")
    MembershipFactory(user=other_curator, role=Role.CURATOR)  # a third organisation
    client.force_login(other_curator)
    for name in ("participants:mentee_list", "pairs:list", "reports:order_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Встреча" not in response.content.decode()
        assert str(world["own_pair"].mentor.participant.surname) not in response.content.decode()


def _plain_url_names() -> set[str]:
    """Names of all non-admin URL patterns without a key."""
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and not p.pattern.converters and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


@pytest.mark.parametrize("persona", ["coordinator", "other_director", "charlie"])
def test_object_access_no_page_without_a_key_shows_another_organisations_people(
        persona, world, client, request):
    """Every page without a key (dashboards, lists, the territory's pages), opened by
    the territory curator or by staff of another organisation of the territory,
    names none of the college's participants: 0 leaks."""
    from participants.models import Participant

    surnames = set(Participant.objects.filter(organization=world["own_pair"].organization)
                   .values_list("surname", flat=True))
    assert surnames
    client.force_login(request.getfixturevalue(persona))
    leaks, opened = {}, 0
    for name in sorted(_plain_url_names() - {"logout"}):
        response = client.get(reverse(name))
        if response.status_code != 200 or not hasattr(response, "content"):
            continue
        opened += 1
        text = response.content.decode("utf-8", errors="ignore")
        found = sorted(s for s in surnames if s in text)
        if found:
            leaks[name] = found
    assert opened >= 5
    assert leaks == {}

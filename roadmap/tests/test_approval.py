"""The territory's approval of the organisations' yearly roadmaps (seed 002
item 5): services (transitions and refusals) and pages (who may do what)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear
from mentoring.selectors import audit_events
from mentoring.tests.factories import MembershipFactory, OrganizationFactory, TerritoryFactory, UserFactory
from roadmap.enums import ActivityStatus, RoadmapApproval
from roadmap.models import Activity
from roadmap.services import build_roadmap, set_activity_status
from roadmap.services.approval import (
    ApprovalError,
    approve_roadmap,
    return_roadmap,
    submit_roadmap,
)


@pytest.fixture
def school_roadmap(territory_world):
    return build_roadmap(organization=territory_world.school, academic_year=AcademicYear.current())


@pytest.fixture
def college_roadmap(territory_world):
    return build_roadmap(organization=territory_world.college, academic_year=AcademicYear.current())


@pytest.fixture
def other_coordinator(db):
    territory = TerritoryFactory()
    authority = OrganizationFactory(territory=territory, kind=OrganizationKind.AUTHORITY)
    user = UserFactory(username="other_coordinator")
    MembershipFactory(user=user, organization=authority, role=Role.COORDINATOR)
    return user


def test_submit_approve_and_the_audit_trail(territory_world, school_roadmap):
    curator, coordinator = territory_world.school_curator, territory_world.coordinator

    submit_roadmap(school_roadmap, actor=curator)
    assert (school_roadmap.approval, school_roadmap.submitted_by) == (RoadmapApproval.SUBMITTED, curator)
    approve_roadmap(school_roadmap, actor=coordinator)

    assert (school_roadmap.approval, school_roadmap.reviewed_by) == (RoadmapApproval.APPROVED, coordinator)
    assert list(audit_events(prefix="roadmap.roadmap.", obj=school_roadmap)
                .order_by("pk").values_list("event", flat=True)) == [
        "roadmap.roadmap.created", "roadmap.roadmap.submitted", "roadmap.roadmap.approved"]
    with pytest.raises(ApprovalError):
        submit_roadmap(school_roadmap, actor=curator)  # approved: not again
    # carrying the plan out keeps the approval
    activity = Activity.objects.filter(stage__roadmap=school_roadmap).first()
    set_activity_status(activity, status=ActivityStatus.DONE, actor=curator)
    school_roadmap.refresh_from_db()
    assert school_roadmap.approval == RoadmapApproval.APPROVED


def test_return_needs_a_comment_and_the_roadmap_is_submitted_again(territory_world, school_roadmap):
    curator, coordinator = territory_world.school_curator, territory_world.coordinator
    submit_roadmap(school_roadmap, actor=curator)

    with pytest.raises(ApprovalError):
        return_roadmap(school_roadmap, actor=coordinator, comment="  ")
    return_roadmap(school_roadmap, actor=coordinator, comment="Добавьте сроки этапа 4")

    assert (school_roadmap.approval, school_roadmap.review_comment) == (
        RoadmapApproval.RETURNED, "Добавьте сроки этапа 4")
    with pytest.raises(ApprovalError):
        approve_roadmap(school_roadmap, actor=coordinator)  # not submitted
    submit_roadmap(school_roadmap, actor=curator)
    assert school_roadmap.approval == RoadmapApproval.SUBMITTED


def test_refusals_by_role_and_territory(territory_world, school_roadmap, other_coordinator):
    submit_roadmap(school_roadmap, actor=territory_world.school_curator)

    for outsider in (territory_world.school_curator, territory_world.school_director,
                     territory_world.college_curator, territory_world.head, other_coordinator):
        with pytest.raises(PermissionDenied):
            approve_roadmap(school_roadmap, actor=outsider)
    with pytest.raises(PermissionDenied):
        submit_roadmap(school_roadmap, actor=territory_world.school_director)
    with pytest.raises(PermissionDenied):
        submit_roadmap(school_roadmap, actor=territory_world.college_curator)
    school_roadmap.refresh_from_db()
    assert school_roadmap.approval == RoadmapApproval.SUBMITTED


def test_an_organisation_outside_a_territory_cannot_submit(organization, curator):
    roadmap = build_roadmap(organization=organization, academic_year=AcademicYear.current())

    with pytest.raises(ApprovalError, match="не входит"):
        submit_roadmap(roadmap, actor=curator)


# --- pages ---------------------------------------------------------------------------


def test_curator_submits_from_the_roadmap_page(client, territory_world, school_roadmap):
    client.force_login(territory_world.school_curator)
    page = client.get(reverse("roadmap:detail")).content.decode()
    assert "Не направлена" in page and reverse("roadmap:submit") in page
    assert "Пресс-релизы" in page  # seed 001's confirming documents

    response = client.post(reverse("roadmap:submit"), follow=True)

    school_roadmap.refresh_from_db()
    assert school_roadmap.approval == RoadmapApproval.SUBMITTED
    assert "На согласовании" in response.content.decode()
    client.force_login(territory_world.school_director)
    assert client.post(reverse("roadmap:submit")).status_code == 403


def test_coordinator_lists_reviews_and_returns_with_a_comment(
    client, territory_world, school_roadmap, college_roadmap
):
    submit_roadmap(school_roadmap, actor=territory_world.school_curator)
    client.force_login(territory_world.coordinator)

    page = client.get(reverse("roadmap:approvals"))
    rows = {r["organization"].short_name: r for r in page.context["rows"]}
    assert rows["Школа № 3"]["roadmap"].approval == RoadmapApproval.SUBMITTED
    assert rows["Школа № 3"]["counts"][ActivityStatus.PLANNED] == 23
    assert rows["КПК"]["total"] == 41
    assert "Управление образования" not in page.content.decode().split('id="territory-roadmaps"')[1]

    url = reverse("roadmap:approval_detail", args=[school_roadmap.pk])
    detail = client.get(url)
    assert detail.status_code == 200 and "Решение муниципального куратора" in detail.content.decode()
    refused = client.post(url, {"decision": "return", "comment": ""})
    assert "комментарий обязателен" in refused.content.decode()
    client.post(url, {"decision": "return", "comment": "Уточните ответственных"})

    school_roadmap.refresh_from_db()
    assert (school_roadmap.approval, school_roadmap.review_comment) == (
        RoadmapApproval.RETURNED, "Уточните ответственных")
    client.force_login(territory_world.school_curator)
    page = client.get(reverse("roadmap:detail")).content.decode()
    assert "Возвращена на доработку" in page and "Уточните ответственных" in page
    assert "Направить на согласование повторно" in page


def test_approval_pages_are_closed_to_others(client, territory_world, school_roadmap, other_coordinator):
    submit_roadmap(school_roadmap, actor=territory_world.school_curator)
    url = reverse("roadmap:approval_detail", args=[school_roadmap.pk])
    for user in (territory_world.school_curator, territory_world.college_curator,
                 territory_world.head, other_coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approve"}).status_code == 404
    school_roadmap.refresh_from_db()
    assert school_roadmap.approval == RoadmapApproval.SUBMITTED
    client.force_login(territory_world.school_curator)
    assert client.get(reverse("roadmap:approvals")).status_code == 404


def test_coordinator_runs_the_territory_roadmap(client, territory_world):
    client.force_login(territory_world.coordinator)
    client.post(reverse("roadmap:create"))
    activity = Activity.objects.get(stage__roadmap__organization=territory_world.authority, code="3")

    client.post(reverse("roadmap:activity_update", args=[activity.pk]),
                {"status": ActivityStatus.DONE, "evidence": "Приказ № 1"})

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    page = client.get(reverse("roadmap:detail")).content.decode()
    assert "Назначение куратора внедрения" in page and "roadmap-approval" not in page

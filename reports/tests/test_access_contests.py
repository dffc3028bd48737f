"""Access walk of the contest pages (issue 14, part «contests»): every URL with a
key answers 404 on GET and POST to those who have no business there — curators
and directors of the territory's organisations on the coordinator's pages, a
mentor, a non-juror, the coordinator on the jury's and the organisations'
pages, another territory's coordinator and curator — and the rightful user
reaches it."""

import pytest
from django.urls import reverse

from mentoring.enums import OrganizationKind, Role
from mentoring.tests.factories import MembershipFactory, OrganizationFactory, TerritoryFactory, UserFactory
from reports.services import contest_jury

from .contest_world import build_contest_world, nominate_both, other_territory_coordinator

COVERED_URL_NAMES = {
    "reports:contest_detail", "reports:contest_edit", "reports:contest_stage",
    "reports:contest_juror_add", "reports:contest_juror_remove", "reports:contest_close",
    "reports:contest_results", "reports:contest_order", "reports:contest_order_submit",
    "reports:org_contest_detail", "reports:nomination_create", "reports:nomination_withdraw",
    "reports:jury_contest", "reports:jury_score",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(territory_world):
    cw = build_contest_world(territory_world)
    w = territory_world
    college_nomination, school_nomination = nominate_both(cw)
    mentor = UserFactory(username="mentor_user")
    MembershipFactory(user=mentor, organization=w.college, role=Role.MENTOR)
    elsewhere = OrganizationFactory(territory=TerritoryFactory(name="Город Урай", slug="uray"),
                                    kind=OrganizationKind.SCHOOL, short_name="Школа Урая")
    far_curator = UserFactory(username="far_curator")
    MembershipFactory(user=far_curator, organization=elsewhere, role=Role.CURATOR)
    return {
        "cw": cw, "college_nomination": college_nomination, "school_nomination": school_nomination,
        "users": {"mentor": mentor, "far_curator": far_curator,
                  "far_coordinator": other_territory_coordinator()},
    }


def _check(client, url, rightful, outsiders, *, rightful_codes=(200, 302, 405)):
    for user in outsiders:
        client.force_login(user)
        assert client.get(url).status_code == 404, (url, user.username, "GET")
        assert client.post(url).status_code == 404, (url, user.username, "POST")
    client.force_login(rightful)
    assert client.get(url).status_code in rightful_codes, (url, "rightful GET")
    client.logout()


def test_access_coordinator_pages(walk, client):
    cw, w = walk["cw"], walk["cw"].world
    outsiders = [w.college_curator, w.school_director, w.head, walk["users"]["mentor"],
                 walk["users"]["far_coordinator"], cw.juror_a.user]
    pk = cw.contest.pk
    for name in ("contest_detail", "contest_edit", "contest_stage", "contest_juror_add",
                 "contest_close", "contest_results", "contest_order", "contest_order_submit"):
        _check(client, reverse("reports:" + name, args=[pk]), w.coordinator, outsiders)
    client.force_login(w.coordinator)
    assert client.get(reverse("reports:contest_detail", args=[pk])).status_code == 200
    extra = contest_jury.add_juror(cw.contest, user=w.college_director, actor=w.coordinator)
    _check(client, reverse("reports:contest_juror_remove", args=[extra.pk]), w.coordinator, outsiders)
    client.force_login(w.coordinator)
    assert client.post(reverse("reports:contest_juror_remove", args=[extra.pk])).status_code == 302


def test_access_organisation_pages(walk, client):
    cw, w = walk["cw"], walk["cw"].world
    outsiders = [w.coordinator, walk["users"]["mentor"], walk["users"]["far_curator"],
                 walk["users"]["far_coordinator"]]
    _check(client, reverse("reports:org_contest_detail", args=[cw.contest.pk]), w.college_curator, outsiders)
    _check(client, reverse("reports:nomination_create", args=[cw.contest.pk]), w.college_curator, outsiders)
    # another organisation's nomination: 404 to the school's curator too
    url = reverse("reports:nomination_withdraw", args=[walk["college_nomination"].pk])
    _check(client, url, w.college_curator, outsiders + [w.school_curator])


def test_access_jury_pages(walk, client):
    cw, w = walk["cw"], walk["cw"].world
    outsiders = [w.coordinator, w.college_curator, walk["users"]["mentor"],
                 walk["users"]["far_coordinator"]]
    _check(client, reverse("reports:jury_contest", args=[cw.contest.pk]), cw.juror_a.user, outsiders)
    url = reverse("reports:jury_score", args=[walk["college_nomination"].pk])
    _check(client, url, cw.juror_a.user, outsiders)
    client.force_login(cw.juror_a.user)
    assert client.get(url).status_code == 200



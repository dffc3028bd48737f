"""The access walk of the territory's organisation management and roadmap
approval (issue 14, part «orgs»): every keyed URL of the part answers 404 on
GET and POST to people outside its reach — the organisations' curators and
directors, a mentor, the authority's head, a territory curator of another
territory — and 200 to the territory curator of the object's territory.

The set-password link is keyed by its credential (a user id and a token):
a forged or foreign token opens nothing (the «link does not work» page) and
changes no password."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear
from mentoring.territory.services import create_curator_account
from mentoring.tests.factories import MembershipFactory, OrganizationFactory, TerritoryFactory, UserFactory
from roadmap.services import build_roadmap
from roadmap.services.approval import submit_roadmap

COVERED_URL_NAMES = {
    "territory:organization_edit",
    "territory:curator_create",
    "roadmap:approval_detail",
    "accounts:set_password",
}


@pytest.fixture
def walk(territory_world):
    world = territory_world
    roadmap = build_roadmap(organization=world.school, academic_year=AcademicYear.current())
    submit_roadmap(roadmap, actor=world.school_curator)
    other_authority = OrganizationFactory(territory=TerritoryFactory(), kind=OrganizationKind.AUTHORITY)
    other_coordinator = UserFactory(username="other_coordinator")
    MembershipFactory(user=other_coordinator, organization=other_authority, role=Role.COORDINATOR)
    mentor = UserFactory(username="school_mentor")
    MembershipFactory(user=mentor, organization=world.school, role=Role.MENTOR)
    return {
        "urls": {
            "territory:organization_edit": reverse("territory:organization_edit", args=[world.school.pk]),
            "territory:curator_create": reverse("territory:curator_create", args=[world.school.pk]),
            "roadmap:approval_detail": reverse("roadmap:approval_detail", args=[roadmap.pk]),
        },
        "outsiders": [world.school_curator, world.school_director, world.college_curator,
                      world.college_director, world.head, mentor, other_coordinator],
        "rightful": world.coordinator,
        "roadmap": roadmap,
    }


def test_every_keyed_url_of_the_part_is_walked(walk):
    assert set(walk["urls"]) | {"accounts:set_password"} == COVERED_URL_NAMES


@pytest.mark.parametrize("name", sorted(COVERED_URL_NAMES - {"accounts:set_password"}))
def test_outsiders_get_404_and_the_territory_curator_200(client, walk, name):
    url = walk["urls"][name]
    for user in walk["outsiders"]:
        client.force_login(user)
        assert client.get(url).status_code == 404, (name, user.username)
        assert client.post(url, {}).status_code == 404, (name, user.username)
    client.force_login(walk["rightful"])
    assert client.get(url).status_code == 200
    walk["roadmap"].refresh_from_db()
    assert walk["roadmap"].approval == "submitted"  # no outsider's POST changed it


def test_set_password_link_opens_only_with_the_accounts_own_token(client, territory_world):
    user = create_curator_account(organization=territory_world.school, username="fresh",
                                  actor=territory_world.coordinator)
    other = territory_world.school_curator
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    forged = [
        reverse("accounts:set_password", args=[uid, "abc-123"]),
        reverse("accounts:set_password", args=[uid, default_token_generator.make_token(other)]),
        reverse("accounts:set_password", args=["MTIzNDU2", default_token_generator.make_token(user)]),
    ]
    for url in forged:
        page = client.get(url, follow=True)
        assert page.status_code == 200 and "invalid-link" in page.content.decode()
        client.post(url, {"new_password1": "Подобранный-пароль-2026",
                          "new_password2": "Подобранный-пароль-2026"})
    user.refresh_from_db()
    assert not user.has_usable_password()
    good = reverse("accounts:set_password", args=[uid, default_token_generator.make_token(user)])
    assert "invalid-link" not in client.get(good, follow=True).content.decode()

"""Access walk of the practice base, the mentor photos and the public pages
(issue 14, part «public») over two organisations of a territory, a mentor, the
territory curator and the curator of another territory: outsiders get 404 on
GET and POST of every keyed URL, the rightful user reaches it. The public
pages (keyed by slug) answer anybody, without login, only while the page is
on and only for consented people; otherwise 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear
from mentoring.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    TerritoryFactory,
    UserFactory,
)
from reports.models import Practice

from .publishing import consented_mentor

COVERED_URL_NAMES = {
    "reports:practice_detail",
    "reports:practice_edit",
    "reports:practice_delete",
    "reports:practice_publish",
    "reports:practice_file",
    "participants:mentor_photo_edit",
    "participants:mentor_photo_remove",
    "participants:mentor_photo",
    "public:territory",
    "public:organization",
    "public:mentor_photo",
}


@pytest.fixture
def walk(territory_world):
    world = territory_world
    college = world.college
    college.slug, college.is_public = "kpk", True
    college.save()
    mentor, _consent = consented_mentor(college, "Доскина")
    mentor.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xe0 jpeg"), save=True)
    mentor_user = UserFactory(username="mentor_user")
    MembershipFactory(user=mentor_user, organization=college, role=Role.MENTOR)
    practice = Practice.objects.create(
        organization=college, academic_year=AcademicYear.current(), title="Кейс",
        summary="Описание", published=True,
    )
    practice.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    other_territory = TerritoryFactory()
    other_authority = OrganizationFactory(territory=other_territory, kind=OrganizationKind.AUTHORITY)
    other_coordinator = UserFactory(username="other_coordinator")
    MembershipFactory(user=other_coordinator, organization=other_authority, role=Role.COORDINATOR)
    urls = {
        "reports:practice_detail": reverse("reports:practice_detail", args=[practice.pk]),
        "reports:practice_edit": reverse("reports:practice_edit", args=[practice.pk]),
        "reports:practice_delete": reverse("reports:practice_delete", args=[practice.pk]),
        "reports:practice_publish": reverse("reports:practice_publish", args=[practice.pk]),
        "reports:practice_file": reverse("reports:practice_file", args=[practice.pk]),
        "participants:mentor_photo_edit": reverse("participants:mentor_photo_edit", args=[mentor.participant_id]),
        "participants:mentor_photo_remove": reverse("participants:mentor_photo_remove", args=[mentor.participant_id]),
        "participants:mentor_photo": reverse("participants:mentor_photo", args=[mentor.pk]),
    }
    outsiders = {
        "school_curator": world.school_curator, "school_director": world.school_director,
        "mentor": mentor_user, "coordinator": world.coordinator,
        "other_coordinator": other_coordinator,
    }
    return {"world": world, "urls": urls, "outsiders": outsiders, "mentor": mentor,
            "practice": practice, "college": college}


def test_walk_covers_the_keyed_urls(walk):
    staff = {name for name in COVERED_URL_NAMES if not name.startswith("public:")}
    assert set(walk["urls"]) == staff


@pytest.mark.parametrize("persona", ["school_curator", "school_director", "mentor",
                                     "coordinator", "other_coordinator"])
def test_outsiders_get_404_on_get_and_post(client, walk, persona):
    client.force_login(walk["outsiders"][persona])
    for name, url in walk["urls"].items():
        assert client.get(url).status_code in (404, 405), (persona, name)
        assert client.post(url, {"published": "1"}).status_code == 404, (persona, name)
    walk["practice"].refresh_from_db()
    walk["mentor"].refresh_from_db()
    assert Practice.objects.filter(pk=walk["practice"].pk).exists() and walk["mentor"].photo


def test_the_curator_reaches_every_url(client, walk):
    client.force_login(walk["world"].college_curator)
    for name, url in walk["urls"].items():
        expected = 405 if name in ("reports:practice_publish", "participants:mentor_photo_remove") else 200
        assert client.get(url).status_code == expected, name
    assert client.post(walk["urls"]["reports:practice_publish"], {"published": "0"}).status_code == 302
    assert client.post(walk["urls"]["participants:mentor_photo_remove"]).status_code == 302


def test_public_pages_answer_anybody_while_on_and_404_otherwise(client, walk):
    college, mentor = walk["college"], walk["mentor"]
    organization = reverse("public:organization", args=["kpk"])
    territory = reverse("public:territory", args=["kogalym"])
    photo = reverse("public:mentor_photo", args=["kpk", mentor.pk])
    for url in (organization, territory, photo):
        assert client.get(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
    # a mentor of another organisation through this organisation's address
    school_mentor, _consent = consented_mentor(walk["world"].school, "Школьная")
    school_mentor.photo.save("s.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    assert client.get(reverse("public:mentor_photo", args=["kpk", school_mentor.pk])).status_code == 404
    # the authority and a page turned off
    walk["world"].authority.slug = "uo"
    walk["world"].authority.is_public = True
    walk["world"].authority.save()
    assert client.get(reverse("public:organization", args=["uo"])).status_code == 404
    college.is_public = False
    college.save()
    for url in (organization, photo):
        assert client.get(url).status_code == 404, url
    # logged-in users of any role see the same public page, nothing more
    college.is_public = True
    college.save()
    client.force_login(walk["outsiders"]["other_coordinator"])
    assert client.get(organization).status_code == 200

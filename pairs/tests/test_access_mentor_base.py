"""Access walk of the territory mentor base's keyed URLs (seed 002 items 6, 11):
outsiders — another organisation's staff, a third school, a mentor, the
territory curator where they have no business, another territory's curator and
coordinator — get 404 on GET and POST; the rightful users get 200."""

import pytest
from django.urls import reverse

from mentoring.enums import Role
from mentoring.tests.factories import MentorFactory, ParticipantFactory
from pairs.services.invitations import send_invitation
from pairs.tests.mentor_base_world import member

pytestmark = pytest.mark.django_db

COVERED_URL_NAMES = {"participants:listing_edit", "pairs:invite", "pairs:invitation_detail"}


@pytest.fixture
def walk(base_world):
    b = base_world
    w = b.world
    school_mentor = member(w.school, "school_mentor", Role.MENTOR)
    MentorFactory(participant=ParticipantFactory(organization=w.school, user=school_mentor))
    invitation = send_invitation(listing=b.listing, mentee=b.mentee, form=b.form, kind=b.kind,
                                 actor=w.school_curator)
    far = [b.far_curator, b.far_coordinator]
    return {
        "participants:listing_edit": (
            reverse("participants:listing_edit", args=[b.mentor.pk]),
            [w.college_curator],
            [w.college_director, w.school_curator, w.school_director, b.third_curator,
             school_mentor, w.coordinator, *far],
        ),
        "pairs:invite": (
            reverse("pairs:invite", args=[b.listing.pk]),
            [w.school_curator, b.third_curator],
            [w.college_curator, w.school_director, b.mentor_user, school_mentor, w.coordinator,
             *far],
        ),
        "pairs:invitation_detail": (
            reverse("pairs:invitation_detail", args=[invitation.pk]),
            [w.school_curator, w.school_director, w.college_curator, b.mentor_user],
            [b.third_curator, b.third_director, school_mentor, w.coordinator, *far],
        ),
    }


def test_walk_covers_the_names(walk):
    assert set(walk) == COVERED_URL_NAMES


def test_outsiders_get_404_and_the_rightful_200(walk, client):
    wrong = {}
    for name, (url, rightful, outsiders) in walk.items():
        for user in rightful:
            client.force_login(user)
            status = client.get(url).status_code
            if status != 200:
                wrong[(name, user.username, "GET rightful")] = status
        for user in outsiders:
            client.force_login(user)
            got = (client.get(url).status_code, client.post(url, {"action": "accept"}).status_code)
            if got != (404, 404):
                wrong[(name, user.username)] = got
    assert wrong == {}

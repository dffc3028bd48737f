"""«Журнал изменений» on the pair's page (issue 13): the curator and the director
see the pair's trail — its events and field changes, its programme and meetings —
the pair's own mentor does not."""

import datetime

import pytest
from django.urls import reverse

from mentoring.tests.factories import MenteeFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from pairs.models import Meeting
from pairs.services.matching import set_locked

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(organization, alice, curator):
    pair = PairFactory(organization=organization, mentor=alice.participant.mentor_profile,
                       status=PairStatus.DRAFT,
                       mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    set_locked(pair, True, actor=curator)
    Meeting.objects.create(pair=pair, meeting_type="regular", held_on=datetime.date(2026, 2, 3), topic="План урока")
    return pair


def test_curator_sees_the_pairs_trail(client, curator, pair):
    client.force_login(curator)
    response = client.get(reverse("pairs:detail", args=[pair.pk]))

    rows = response.context["trail"].object_list
    event = next(row for row in rows if row.what == "закреплено")  # pairs.pair.locked
    assert event.actor == curator.username
    changes = [(c.field, c.old, c.new) for row in rows for c in row.changes]
    assert ("закреплена", "нет", "да") in changes  # the field change behind the event
    assert ("тема", "—", "План урока") in changes  # the pair's meeting
    assert "Журнал изменений" in response.content.decode()


def test_pairs_own_mentor_sees_the_page_without_the_trail(client, alice, pair):
    client.force_login(alice)
    response = client.get(reverse("pairs:detail", args=[pair.pk]))

    assert response.status_code == 200 and "trail" not in response.context
    assert "Журнал изменений" not in response.content.decode()

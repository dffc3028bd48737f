"""Ending a pair: completed or terminated (pairs/services/lifecycle.py end_pair,
pairs/views/lifecycle.py end; seed 004 §7)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.enums import Role
from mentoring.selectors import audit_events
from mentoring.tests.factories import MembershipFactory, UserFactory
from pairs.enums import ALLOWED_TRANSITIONS, EndInitiative, MeetingType, PairStatus
from pairs.errors import PairError
from pairs.models import Meeting, Pair
from pairs.selectors import mentees_for_pairing, mentors_for_pairing
from pairs.services.lifecycle import end_outcomes_for, end_pair, may_end_pair, set_pair_status
from pairs.services.meetings import log_meeting
from participants.enums import MenteeStatus


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def active_pair(approved_pair, alice):
    log_meeting(
        approved_pair, actor=alice, meeting_type=MeetingType.INTRODUCTORY,
        held_on=timezone.localdate(), topic="Знакомство",
    )
    approved_pair.refresh_from_db()
    assert approved_pair.status == PairStatus.ACTIVE
    return approved_pair


def _approved_days_ago(pair, days):
    Pair.objects.filter(pk=pair.pk).update(approved_at=timezone.now() - datetime.timedelta(days=days))
    pair.refresh_from_db()
    return pair


# --- the service --------------------------------------------------------------------------


def test_complete_an_active_pair(active_pair, curator, bob_mentee):
    end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator, reason="План выполнен")

    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.COMPLETED
    assert active_pair.ended_on == timezone.localdate()
    assert (active_pair.end_initiative, active_pair.end_reason) == ("", "План выполнен")
    change = active_pair.status_changes.last()
    assert (change.from_status, change.to_status, change.actor) == ("active", "completed", curator)
    assert "План выполнен" in change.comment
    assert audit_events("pairs.pair.completed", obj=active_pair, actor=curator).count() == 1
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.COMPLETED


def test_terminate_frees_the_mentor_and_returns_the_mentee_to_the_search(
    approved_pair, curator, organization, alice_mentor, bob_mentee, tt_form
):
    def free_places():
        return mentors_for_pairing(organization, tt_form).get(pk=alice_mentor.pk).free_capacity

    assert free_places() == alice_mentor.capacity - 1
    assert bob_mentee not in mentees_for_pairing(organization, tt_form)

    returned = end_pair(
        approved_pair, outcome=PairStatus.TERMINATED, actor=curator,
        initiative=EndInitiative.MENTEE, reason="  Переезд в другой город  ",
    )

    assert returned is approved_pair and returned.status == PairStatus.TERMINATED
    approved_pair.refresh_from_db()
    assert approved_pair.status == PairStatus.TERMINATED
    assert approved_pair.end_initiative == EndInitiative.MENTEE
    assert approved_pair.end_reason == "Переезд в другой город"
    assert free_places() == alice_mentor.capacity
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.IN_BASE
    assert bob_mentee in mentees_for_pairing(organization, tt_form)
    assert audit_events("pairs.pair.terminated", obj=approved_pair).exists()


def test_terminate_an_active_pair_on_the_mentors_initiative_by_the_director(active_pair, director):
    end_pair(active_pair, outcome=PairStatus.TERMINATED, actor=director,
             initiative=EndInitiative.MENTOR, reason="Болезнь наставника")

    active_pair.refresh_from_db()
    assert (active_pair.status, active_pair.end_initiative) == ("terminated", "mentor")
    assert active_pair.status_changes.last().actor == director


def test_end_date_in_the_past_is_kept(active_pair, curator):
    Meeting.objects.filter(pair=active_pair).update(held_on=days_ago(10))
    _approved_days_ago(active_pair, 30)

    end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator, ended_on=days_ago(3))

    active_pair.refresh_from_db()
    assert active_pair.ended_on == days_ago(3)


@pytest.mark.parametrize(
    "ended_on",
    [lambda: days_ago(-1), lambda: days_ago(40), lambda: days_ago(12)],
    ids=["future", "before-approval", "before-last-meeting"],
)
def test_end_date_is_checked(active_pair, curator, ended_on):
    _approved_days_ago(active_pair, 30)
    Meeting.objects.filter(pair=active_pair).update(held_on=days_ago(10))

    with pytest.raises(PairError):
        end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator, ended_on=ended_on())

    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.ACTIVE and active_pair.ended_on is None


@pytest.mark.parametrize("status", [PairStatus.DRAFT, PairStatus.PROPOSED, PairStatus.APPROVED,
                                    PairStatus.COMPLETED, PairStatus.TERMINATED])
def test_only_an_active_pair_completes(draft_pair, curator, status):
    Pair.objects.filter(pk=draft_pair.pk).update(status=status)
    draft_pair.refresh_from_db()

    with pytest.raises(PairError):
        end_pair(draft_pair, outcome=PairStatus.COMPLETED, actor=curator)

    draft_pair.refresh_from_db()
    assert draft_pair.status == status
    assert draft_pair.status_changes.filter(to_status=PairStatus.COMPLETED).count() == 0


@pytest.mark.parametrize("status", [PairStatus.DRAFT, PairStatus.PROPOSED, PairStatus.COMPLETED,
                                    PairStatus.TERMINATED])
def test_only_approved_or_active_pairs_terminate(draft_pair, curator, status):
    Pair.objects.filter(pk=draft_pair.pk).update(status=status)
    draft_pair.refresh_from_db()

    with pytest.raises(PairError):
        end_pair(draft_pair, outcome=PairStatus.TERMINATED, actor=curator,
                 initiative=EndInitiative.CURATOR, reason="Причина")

    draft_pair.refresh_from_db()
    assert draft_pair.status == status
    assert draft_pair.ended_on is None


def test_a_stale_object_cannot_end_the_pair_twice(active_pair, curator):
    stale = Pair.objects.get(pk=active_pair.pk)
    end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator)

    with pytest.raises(PairError):
        end_pair(stale, outcome=PairStatus.TERMINATED, actor=curator,
                 initiative=EndInitiative.MENTOR, reason="Причина")

    assert Pair.objects.get(pk=active_pair.pk).status == PairStatus.COMPLETED
    assert active_pair.status_changes.filter(to_status__in=["completed", "terminated"]).count() == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"outcome": PairStatus.TERMINATED, "initiative": "", "reason": "Причина"},
        {"outcome": PairStatus.TERMINATED, "initiative": "somebody", "reason": "Причина"},
        {"outcome": PairStatus.TERMINATED, "initiative": EndInitiative.MENTOR, "reason": "   "},
        {"outcome": PairStatus.COMPLETED, "initiative": EndInitiative.MENTOR},
        {"outcome": PairStatus.ACTIVE},
        {"outcome": "cancelled"},
    ],
    ids=["no-initiative", "unknown-initiative", "blank-reason", "completed-with-initiative",
         "not-an-end", "unknown-outcome"],
)
def test_outcome_initiative_and_reason_are_checked(active_pair, curator, kwargs):
    with pytest.raises(PairError):
        end_pair(active_pair, actor=curator, **kwargs)

    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.ACTIVE


def test_only_curators_and_the_director_may_end(active_pair, alice, bob, charlie, curator, director,
                                                 organization):
    working_group = UserFactory(username="wg")
    MembershipFactory(user=working_group, organization=organization, role=Role.WORKING_GROUP)

    for user in (alice, bob, charlie, working_group, None):
        assert not may_end_pair(user, active_pair)
        with pytest.raises(PairError):
            end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=user)
    assert may_end_pair(curator, active_pair) and may_end_pair(director, active_pair)
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.ACTIVE


def test_end_outcomes_for_each_status(draft_pair):
    expected = {
        PairStatus.DRAFT: [], PairStatus.PROPOSED: [],
        PairStatus.APPROVED: [PairStatus.TERMINATED],
        PairStatus.ACTIVE: [PairStatus.COMPLETED, PairStatus.TERMINATED],
        PairStatus.COMPLETED: [], PairStatus.TERMINATED: [],
    }
    for status, outcomes in expected.items():
        draft_pair.status = status
        assert end_outcomes_for(draft_pair) == outcomes


# --- every move of the lifecycle through set_pair_status ---------------------------------

ILLEGAL_MOVES = [
    (start, target)
    for start, target in itertools.product(PairStatus.values, repeat=2)
    if start != target and target not in ALLOWED_TRANSITIONS[start]
]
LEGAL_MOVES = [(start, target) for start in PairStatus.values for target in ALLOWED_TRANSITIONS[start]]


def test_the_lists_of_moves_cover_every_pair_of_statuses():
    assert len(ILLEGAL_MOVES) + len(LEGAL_MOVES) == 6 * 5
    assert len(LEGAL_MOVES) == 8


@pytest.mark.parametrize(("start", "target"), ILLEGAL_MOVES)
def test_set_pair_status_refuses_every_illegal_move(draft_pair, curator, start, target):
    Pair.objects.filter(pk=draft_pair.pk).update(status=start)
    draft_pair.refresh_from_db()

    with pytest.raises(PairError):
        set_pair_status(draft_pair, target, actor=curator)

    assert Pair.objects.get(pk=draft_pair.pk).status == start
    assert draft_pair.status_changes.count() == 0


@pytest.mark.parametrize(("start", "target"), LEGAL_MOVES)
def test_set_pair_status_makes_every_legal_move(draft_pair, curator, start, target):
    Pair.objects.filter(pk=draft_pair.pk).update(status=start)
    draft_pair.refresh_from_db()

    set_pair_status(draft_pair, target, actor=curator)

    assert Pair.objects.get(pk=draft_pair.pk).status == target
    change = draft_pair.status_changes.get()
    assert (change.from_status, change.to_status) == (start, target)


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_end_page_is_a_confirmation_form_for_the_curator(login, curator, active_pair):
    page = login(curator).get(reverse("pairs:end", args=[active_pair.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="end-warning"' in html and 'name="confirm"' in html
    assert 'value="completed"' in html and 'value="terminated"' in html


def test_end_page_of_an_approved_pair_offers_only_termination(login, director, approved_pair):
    page = login(director).get(reverse("pairs:end", args=[approved_pair.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="terminated"' in html and 'value="completed"' not in html


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_end_page_is_404_for_those_who_may_not_end(request, login, active_pair, who):
    client = login(request.getfixturevalue(who))
    url = reverse("pairs:end", args=[active_pair.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"outcome": "completed", "ended_on": timezone.localdate().isoformat(),
                                 "confirm": "on"})
    assert response.status_code == 404
    assert Pair.objects.get(pk=active_pair.pk).status == PairStatus.ACTIVE


def test_end_page_terminates_the_pair(login, curator, active_pair, bob_mentee):
    response = login(curator).post(reverse("pairs:end", args=[active_pair.pk]), {
        "outcome": "terminated", "initiative": "mentor", "reason": "Увольнение наставника",
        "ended_on": timezone.localdate().isoformat(), "confirm": "on",
    })

    assert response.status_code == 302 and response["Location"] == active_pair.get_absolute_url()
    active_pair.refresh_from_db()
    assert (active_pair.status, active_pair.end_initiative, active_pair.end_reason) == (
        "terminated", "mentor", "Увольнение наставника"
    )
    bob_mentee.refresh_from_db()
    assert bob_mentee.status == MenteeStatus.IN_BASE


@pytest.mark.parametrize(
    "data",
    [
        {"outcome": "completed"},  # not confirmed
        {"outcome": "terminated", "initiative": "mentor", "reason": "", "confirm": "on"},
        {"outcome": "terminated", "initiative": "", "reason": "Причина", "confirm": "on"},
    ],
    ids=["unconfirmed", "no-reason", "no-initiative"],
)
def test_end_page_keeps_the_pair_on_an_incomplete_form(login, curator, active_pair, data):
    data = {"ended_on": timezone.localdate().isoformat(), **data}
    response = login(curator).post(reverse("pairs:end", args=[active_pair.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Pair.objects.get(pk=active_pair.pk).status == PairStatus.ACTIVE


def test_end_page_shows_the_services_refusal(login, curator, active_pair):
    Meeting.objects.filter(pair=active_pair).update(held_on=days_ago(2))
    response = login(curator).post(reverse("pairs:end", args=[active_pair.pk]), {
        "outcome": "completed", "ended_on": days_ago(5).isoformat(), "confirm": "on",
    })

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Pair.objects.get(pk=active_pair.pk).status == PairStatus.ACTIVE


def test_end_page_of_an_ended_pair_goes_back_to_the_pair(login, curator, active_pair):
    end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator)

    response = login(curator).get(reverse("pairs:end", args=[active_pair.pk]))

    assert response.status_code == 302 and response["Location"] == active_pair.get_absolute_url()


def test_pair_page_shows_the_end_button_only_to_those_who_may(login, curator, alice, active_pair):
    url = reverse("pairs:detail", args=[active_pair.pk])
    end_url = reverse("pairs:end", args=[active_pair.pk])

    assert end_url in login(curator).get(url).content.decode()
    assert end_url not in login(alice).get(url).content.decode()

    end_pair(active_pair, outcome=PairStatus.COMPLETED, actor=curator)
    html = login(curator).get(url).content.decode()
    assert end_url not in html
    assert 'id="pair-ended"' in html


def test_pair_page_shows_no_end_button_on_a_draft(login, curator, draft_pair):
    html = login(curator).get(reverse("pairs:detail", args=[draft_pair.pk])).content.decode()

    assert 'id="end-pair-button"' not in html

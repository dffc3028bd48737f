"""Wishes after the group meeting and family ties (pairs.services.wishes)."""

import pytest

from mentoring.selectors import audit_events
from mentoring.tests.factories import ParticipantFactory
from pairs.enums import Attitude, PreferenceSource
from pairs.errors import PairError
from pairs.models import MatchingPreference
from pairs.services.wishes import add_family_tie, add_wish, delete_family_tie, delete_wish
from participants.models import FamilyTie


@pytest.fixture
def people(organization, make_mentor, make_mentee):
    return {
        "mentor": make_mentor("Наставникова"),
        "mentee": make_mentee("Наставляемый"),
        "mentee2": make_mentee("Второй"),
    }


def _wish(organization, curator, who, other, attitude=Attitude.PREFER, **kw):
    return add_wish(
        organization=organization, participant=who, other=other, attitude=attitude, actor=curator, **kw
    )


def test_add_wish_in_both_directions_is_recorded_and_audited(organization, curator, people):
    mentee, mentor = people["mentee"].participant, people["mentor"].participant

    about_mentor = _wish(organization, curator, mentee, mentor)
    about_mentee = _wish(organization, curator, mentor, mentee, Attitude.AVOID, note="конфликт")

    assert (about_mentor.participant, about_mentor.other, about_mentor.attitude) == (
        mentee, mentor, Attitude.PREFER
    )
    assert (about_mentee.attitude, about_mentee.note, about_mentee.recorded_by) == (
        Attitude.AVOID, "конфликт", curator
    )
    assert audit_events("pairs.wish.added").count() == 2


def test_add_wish_refuses_a_duplicate(organization, curator, people):
    mentee, mentor = people["mentee"].participant, people["mentor"].participant
    _wish(organization, curator, mentee, mentor)

    with pytest.raises(PairError):
        _wish(organization, curator, mentee, mentor, Attitude.AVOID)
    assert MatchingPreference.objects.count() == 1


def test_add_wish_refuses_oneself(organization, curator, people):
    mentor = people["mentor"].participant

    with pytest.raises(PairError):
        _wish(organization, curator, mentor, mentor)
    assert MatchingPreference.objects.count() == 0


def test_add_wish_refuses_two_mentees(organization, curator, people):
    with pytest.raises(PairError):
        _wish(organization, curator, people["mentee"].participant, people["mentee2"].participant)


def test_add_wish_refuses_another_organisation(organization, other_organization, curator, people, make_mentor):
    stranger = make_mentor("Чужая", organization=other_organization)

    with pytest.raises(PairError):
        _wish(organization, curator, people["mentee"].participant, stranger.participant)


def test_add_wish_refuses_non_curators(organization, director, alice, people):
    mentee, mentor = people["mentee"].participant, people["mentor"].participant

    for actor in (director, alice):
        with pytest.raises(PairError):
            _wish(organization, actor, mentee, mentor)
    assert MatchingPreference.objects.count() == 0


def test_add_wish_curator_decision_is_only_not_with(organization, curator, people):
    mentee, mentor = people["mentee"].participant, people["mentor"].participant

    with pytest.raises(PairError):
        _wish(organization, curator, mentee, mentor, Attitude.PREFER, source=PreferenceSource.CURATOR)
    wish = _wish(organization, curator, mentee, mentor, Attitude.AVOID, source=PreferenceSource.CURATOR)
    assert wish.source == PreferenceSource.CURATOR


def test_delete_wish_deletes_and_audits(organization, curator, director, people):
    wish = _wish(organization, curator, people["mentee"].participant, people["mentor"].participant)

    pk = wish.pk

    with pytest.raises(PairError):
        delete_wish(wish, actor=director)
    delete_wish(wish, actor=curator)

    assert MatchingPreference.objects.count() == 0
    entry = audit_events("pairs.wish.deleted").get()
    assert (entry.object_pk, entry.actor) == (str(pk), curator)


def test_add_family_tie_recorded_and_audited(organization, curator, people):
    parent = people["mentor"].participant
    child = people["mentee"].participant

    tie = add_family_tie(organization=organization, parent=parent, child=child, actor=curator)

    assert (tie.parent, tie.child, tie.recorded_by) == (parent, child, curator)
    assert audit_events("participants.family_tie.added", obj=tie).exists()


def test_add_family_tie_refuses_duplicates_reverse_and_self(organization, curator, people):
    parent = people["mentor"].participant
    child = people["mentee"].participant
    add_family_tie(organization=organization, parent=parent, child=child, actor=curator)

    with pytest.raises(PairError):
        add_family_tie(organization=organization, parent=parent, child=child, actor=curator)
    with pytest.raises(PairError):
        add_family_tie(organization=organization, parent=child, child=parent, actor=curator)
    with pytest.raises(PairError):
        add_family_tie(organization=organization, parent=parent, child=parent, actor=curator)
    assert FamilyTie.objects.count() == 1


def test_add_family_tie_refuses_another_organisation_and_non_curators(
    organization, other_organization, curator, alice, people
):
    stranger = ParticipantFactory(organization=other_organization, surname="Чужой")
    child = people["mentee"].participant

    with pytest.raises(PairError):
        add_family_tie(organization=organization, parent=stranger, child=child, actor=curator)
    with pytest.raises(PairError):
        add_family_tie(
            organization=organization, parent=people["mentor"].participant, child=child, actor=alice
        )
    assert FamilyTie.objects.count() == 0


def test_delete_family_tie_deletes_and_audits(organization, curator, alice, people):
    tie = add_family_tie(
        organization=organization, parent=people["mentor"].participant,
        child=people["mentee"].participant, actor=curator,
    )

    with pytest.raises(PairError):
        delete_family_tie(tie, actor=alice)
    delete_family_tie(tie, actor=curator)

    assert FamilyTie.objects.count() == 0
    assert audit_events("participants.family_tie.deleted").count() == 1

"""Meetings and inactivity (pairs/services/meetings.py; seed 000 6.1–6.5)."""

import datetime

import pytest
from django.utils import timezone

from mentoring.selectors import audit_events
from pairs.enums import MeetingFormat, MeetingType, PairStatus
from pairs.errors import PairError
from pairs.models import Meeting, Pair
from pairs.selectors import inactive_pairs, with_inactivity
from pairs.services.meetings import log_meeting


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _log(pair, actor, held_on=None, **kw):
    return log_meeting(
        pair, actor=actor, meeting_type=kw.pop("meeting_type", MeetingType.INTRODUCTORY),
        held_on=held_on or timezone.localdate(), topic=kw.pop("topic", "Знакомство"), **kw,
    )


def test_log_meeting_activates_an_approved_pair(approved_pair, alice):
    meeting = _log(approved_pair, alice, duration_minutes=45, meeting_format=MeetingFormat.ONLINE)

    approved_pair.refresh_from_db()
    assert approved_pair.status == PairStatus.ACTIVE
    assert list(approved_pair.meetings.all()) == [meeting]
    assert (meeting.logged_by, meeting.duration_minutes, meeting.meeting_format) == (alice, 45, "online")
    assert approved_pair.status_changes.last().to_status == PairStatus.ACTIVE
    assert audit_events("pairs.meeting.logged", obj=meeting).count() == 1


def test_log_meeting_keeps_an_active_pair_active(approved_pair, alice):
    _log(approved_pair, alice)
    _log(approved_pair, alice, meeting_type=MeetingType.TRIAL, topic="Пробная встреча")

    approved_pair.refresh_from_db()
    assert approved_pair.status == PairStatus.ACTIVE
    assert approved_pair.meetings.count() == 2
    assert approved_pair.status_changes.filter(to_status=PairStatus.ACTIVE).count() == 1


def test_log_meeting_by_a_curator(approved_pair, curator):
    _log(approved_pair, curator)

    assert approved_pair.meetings.count() == 1


def test_log_meeting_refuses_a_future_date(approved_pair, alice):
    with pytest.raises(PairError, match="в будущем"):
        _log(approved_pair, alice, held_on=timezone.localdate() + datetime.timedelta(days=1))
    assert Meeting.objects.count() == 0


def test_log_meeting_refuses_a_date_before_approval(approved_pair, alice):
    with pytest.raises(PairError, match="раньше утверждения пары"):
        _log(approved_pair, alice, held_on=days_ago(1))


@pytest.mark.parametrize("who", ["bob", "director", "charlie", "other_mentor"])
def test_log_meeting_refuses_non_members(approved_pair, request, make_mentor, who):
    if who == "other_mentor":
        from mentoring.tests.factories import UserFactory

        actor = UserFactory(username="dora")
        mentor = make_mentor("Дорина")
        mentor.participant.user = actor
        mentor.participant.save(update_fields=["user"])
    else:
        actor = request.getfixturevalue(who)

    with pytest.raises(PairError, match="Только наставник пары или куратор"):
        _log(approved_pair, actor)
    assert Meeting.objects.count() == 0


def test_log_meeting_refuses_unapproved_pairs(proposed_pair, alice):
    with pytest.raises(PairError, match="только для утверждённых или действующих"):
        _log(proposed_pair, alice)


def test_log_meeting_asks_mentor_and_mentees_for_feedback(approved_pair, alice, bob):
    from surveys.models import Response

    meeting = _log(approved_pair, alice)

    respondents = set(Response.objects.filter(meeting=meeting).values_list("respondent__user", flat=True))
    assert respondents == {alice.pk, bob.pk}


def _age_pair(pair, *, approved_days_ago, met_days_ago=None):
    Pair.objects.filter(pk=pair.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=approved_days_ago)
    )
    if met_days_ago is not None:
        Meeting.objects.create(
            pair=pair, meeting_type=MeetingType.REGULAR, held_on=days_ago(met_days_ago), topic="Встреча"
        )


def test_inactive_pairs_flags_after_15_days_not_after_13(approved_pair):
    qs = Pair.objects.all()
    _age_pair(approved_pair, approved_days_ago=40, met_days_ago=13)
    assert list(inactive_pairs(qs)) == []
    assert with_inactivity(qs).get().is_inactive is False

    Meeting.objects.all().update(held_on=days_ago(15))

    assert list(inactive_pairs(qs)) == [approved_pair]
    assert with_inactivity(qs).get().is_inactive is True


def test_inactive_pairs_counts_a_pair_that_never_met_from_approval(approved_pair):
    qs = Pair.objects.all()
    _age_pair(approved_pair, approved_days_ago=13)
    assert with_inactivity(qs).get().is_inactive is False

    _age_pair(approved_pair, approved_days_ago=15)

    assert list(inactive_pairs(qs)) == [approved_pair]
    assert with_inactivity(qs).get().is_inactive is True


def test_inactive_pairs_ignores_drafts(draft_pair):
    Pair.objects.filter(pk=draft_pair.pk).update(
        approved_at=timezone.now() - datetime.timedelta(days=30)
    )

    assert with_inactivity(Pair.objects.all()).get().is_inactive is False

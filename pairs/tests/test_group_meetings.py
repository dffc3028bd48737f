"""A group meeting counts for every member of the group (issue 4, item 5): each
mentee gets the feedback form, and meetings per mentee count the group's
meetings for each of them (pairs/selectors_meetings.py)."""

import datetime

import pytest
from django.utils import timezone

from mentoring.enums import Role
from mentoring.tests.factories import MembershipFactory, UserFactory
from pairs.enums import EndInitiative, MeetingType, PairStatus
from pairs.selectors_meetings import meeting_counts, meetings_of_mentee, with_meeting_count
from pairs.services.approval import approve_pairs
from pairs.services.formation import create_pair, submit_pairs
from pairs.services.lifecycle import end_pair
from pairs.services.meetings import log_meeting
from participants.models import Mentee
from surveys.enums import RespondentRole, SurveyKind
from surveys.models import Response
from surveys.selectors import pending_responses_of


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def approve(curator, director):
    def run(pair):
        submit_pairs([pair], actor=curator)
        approve_pairs([pair], actor=director)
        pair.refresh_from_db()
        return pair

    return run


@pytest.fixture
def trio(make_mentee):
    return [make_mentee("Андреев"), make_mentee("Борисов"), make_mentee("Васильев")]


@pytest.fixture
def group(organization, curator, tt_form, group_kind, make_mentor, trio, approve):
    mentor = make_mentor("Григорьева", capacity=3)
    pair = create_pair(organization=organization, form=tt_form, kind=group_kind, mentor=mentor,
                       mentees=trio, actor=curator)
    return approve(pair)


def _meet(pair, actor, held_on=None, meeting_type=MeetingType.REGULAR):
    return log_meeting(pair, actor=actor, meeting_type=meeting_type,
                       held_on=held_on or timezone.localdate(), topic="Встреча группы")


def test_a_group_meeting_asks_every_member_for_feedback(group, curator, trio):
    meeting = _meet(group, curator)

    responses = Response.objects.filter(meeting=meeting).select_related("survey")
    by_respondent = {r.respondent_id: r.survey for r in responses}
    assert set(by_respondent) == {group.mentor.participant_id} | {m.participant_id for m in trio}
    assert by_respondent[group.mentor.participant_id].respondent_role == RespondentRole.MENTOR
    for mentee in trio:
        survey = by_respondent[mentee.participant_id]
        assert (survey.respondent_role, survey.kind) == (RespondentRole.MENTEE, SurveyKind.MEETING_FEEDBACK)


def test_a_group_member_with_an_account_sees_the_pending_form(group, curator, trio, organization):
    user = UserFactory(username="andreev")
    MembershipFactory(user=user, organization=organization, role=Role.MENTEE)
    participant = trio[0].participant
    participant.user = user
    participant.save(update_fields=["user"])

    meeting = _meet(group, curator)

    assert [r.meeting_id for r in pending_responses_of(user)] == [meeting.pk]


def test_meetings_per_mentee_count_the_group_meetings_for_each_member(
    group, curator, trio, bob_mentee, approved_pair, alice
):
    _meet(group, curator, held_on=timezone.localdate(), meeting_type=MeetingType.INTRODUCTORY)
    _meet(group, curator)
    _meet(group, curator)
    _meet(approved_pair, alice)  # bob's own pair: one meeting, not the group's

    counts = meeting_counts(trio + [bob_mentee])

    assert counts == {trio[0].pk: 3, trio[1].pk: 3, trio[2].pk: 3, bob_mentee.pk: 1}
    assert group.meetings.count() == 3  # one Meeting per group meeting, not one per member


def test_meeting_counts_include_mentees_without_meetings(group, make_mentee):
    loner = make_mentee("Одинокий")

    assert meeting_counts([loner, *group.mentees.all()]) == {
        loner.pk: 0, **{m.pk: 0 for m in group.mentees.all()}
    }


def test_meetings_per_mentee_within_a_period(group, curator, trio):
    from pairs.models import Pair

    Pair.objects.filter(pk=group.pk).update(approved_at=timezone.now() - datetime.timedelta(days=60))
    group.refresh_from_db()
    for days in (50, 30, 10):
        _meet(group, curator, held_on=days_ago(days))

    annotated = {m.pk: m for m in with_meeting_count(Mentee.objects.filter(pk__in=[m.pk for m in trio]),
                                                      since=days_ago(40), until=days_ago(5))}

    for mentee in trio:
        assert annotated[mentee.pk].meeting_count == 2
        assert annotated[mentee.pk].last_meeting_on == days_ago(10)
    assert meeting_counts(trio, since=days_ago(20)) == {m.pk: 1 for m in trio}


def test_a_mentee_keeps_the_meetings_of_an_ended_group(
    group, curator, trio, organization, tt_form, traditional, make_mentor, approve
):
    _meet(group, curator)
    end_pair(group, outcome=PairStatus.TERMINATED, actor=curator, initiative=EndInitiative.CURATOR,
             reason="Группа расформирована")
    again = approve(create_pair(organization=organization, form=tt_form, kind=traditional,
                                mentor=make_mentor("Дмитриева"), mentees=[trio[0]], actor=curator))
    _meet(again, curator)

    assert meeting_counts(trio) == {trio[0].pk: 2, trio[1].pk: 1, trio[2].pk: 1}
    assert [m.pair_id for m in meetings_of_mentee(trio[0])] == [again.pk, group.pk]


def test_meeting_counts_take_one_query(group, curator, trio, make_mentee, django_assert_num_queries):
    _meet(group, curator)
    many = trio + [make_mentee(f"Запасной{i}") for i in range(10)]

    with django_assert_num_queries(1):
        meeting_counts(many)
    with django_assert_num_queries(1):
        rows = list(with_meeting_count(Mentee.objects.all()))
    assert {m.pk: m.meeting_count for m in rows if m.pk in {t.pk for t in trio}} == {t.pk: 1 for t in trio}

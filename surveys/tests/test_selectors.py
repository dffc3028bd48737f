from django.urls import reverse

from surveys.selectors import answer_rows, pending_links_for_pair, pending_responses_of
from surveys.services import request_meeting_feedback, submit_response

from .conftest import make_meeting, valid_answers


def test_pending_links_for_pair_lists_unused_one_time_links(pair, meeting, vera, curator):
    vera_response = request_meeting_feedback(meeting, actor=curator)[2]
    later = make_meeting(pair, topic="Анализ открытого урока", held_on=meeting.held_on.replace(day=24))
    vera_later = request_meeting_feedback(later, actor=curator)[2]

    links = pending_links_for_pair(pair)

    assert links == [
        (vera.participant, reverse("surveys:token_response", args=[vera_later.token])),
        (vera.participant, reverse("surveys:token_response", args=[vera_response.token])),
    ]
    assert links[0].url == "/surveys/r/" + vera_later.token + "/"
    submit_response(vera_later, answers=valid_answers(vera_later))
    assert pending_links_for_pair(pair) == [
        (vera.participant, reverse("surveys:token_response", args=[vera_response.token]))
    ]


def test_pending_links_for_pair_is_empty_for_another_pair(pair, meeting, curator, organization):
    from mentoring.tests.factories import PairFactory

    request_meeting_feedback(meeting, actor=curator)

    assert pending_links_for_pair(PairFactory(organization=organization)) == []


def test_pending_responses_of_is_empty_for_anonymous_and_outsiders(meeting, curator, charlie):
    from django.contrib.auth.models import AnonymousUser

    request_meeting_feedback(meeting, actor=curator)

    assert list(pending_responses_of(AnonymousUser())) == []
    assert list(pending_responses_of(charlie)) == []


def test_answer_rows_show_values_in_question_order(meeting, curator):
    response = request_meeting_feedback(meeting, actor=curator)[1]
    questions = list(response.survey.questions.all())
    answers = valid_answers(response, scale=4, yes_no=True)
    answers[questions[3].pk] = None

    submit_response(response, answers=answers)

    assert [(row["question"].position, row["value"]) for row in answer_rows(response)] == [
        (1, "4 из 5"), (2, "4 из 5"), (3, "Разобрали план урока"), (4, "—"), (5, "Да"),
    ]

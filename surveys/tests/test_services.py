import pytest

from mentoring.selectors import audit_events
from pairs.enums import MeetingType
from surveys.enums import QuestionType, RespondentRole, SurveyKind
from surveys.errors import SurveyError
from surveys.models import Answer, Question, Response, Survey
from surveys.services import ensure_default_surveys, request_meeting_feedback, submit_response

from .conftest import make_meeting, valid_answers


def _questions(survey: Survey) -> list[tuple]:
    return list(
        survey.questions.values_list("position", "text", "question_type", "required", "measures_satisfaction")
    )


def test_ensure_default_surveys_creates_both_roles_of_every_kind(organization):
    ensure_default_surveys(organization=organization)

    assert sorted(Survey.objects.filter(organization=organization).values_list("kind", "respondent_role")) == [
        (SurveyKind.COMPATIBILITY, RespondentRole.MENTEE),
        (SurveyKind.COMPATIBILITY, RespondentRole.MENTOR),
        (SurveyKind.FINAL_SATISFACTION, RespondentRole.MENTEE),
        (SurveyKind.FINAL_SATISFACTION, RespondentRole.MENTOR),
        (SurveyKind.MEETING_FEEDBACK, RespondentRole.MENTEE),
        (SurveyKind.MEETING_FEEDBACK, RespondentRole.MENTOR),
    ]
    mentee_feedback = Survey.objects.get(
        organization=organization, kind=SurveyKind.MEETING_FEEDBACK, respondent_role=RespondentRole.MENTEE
    )
    assert mentee_feedback.title == "Форма обратной связи после встречи"
    assert _questions(mentee_feedback) == [
        (1, "Насколько полезной была встреча?", QuestionType.SCALE, True, True),
        (2, "Насколько комфортно было общение с наставником?", QuestionType.SCALE, True, True),
        (3, "Что удалось сделать?", QuestionType.TEXT, True, False),
        (4, "Какие трудности возникли?", QuestionType.TEXT, False, False),
        (5, "Нужна ли помощь куратора?", QuestionType.YES_NO, True, False),
    ]
    mentor_feedback = Survey.objects.get(
        organization=organization, kind=SurveyKind.MEETING_FEEDBACK, respondent_role=RespondentRole.MENTOR
    )
    assert _questions(mentor_feedback)[1][1] == "Насколько комфортно было общение с наставляемым (наставляемыми)?"
    final = Survey.objects.get(
        organization=organization, kind=SurveyKind.FINAL_SATISFACTION, respondent_role=RespondentRole.MENTEE
    )
    assert final.title == "Итоговая анкета удовлетворённости участием в программе наставничества"
    assert list(final.questions.filter(measures_satisfaction=True).values_list("text", "question_type")) == [
        ("Оцените удовлетворённость участием в программе наставничества", QuestionType.SCALE)
    ]


def test_ensure_default_surveys_is_idempotent_and_keeps_edits(organization, other_organization):
    ensure_default_surveys(organization=organization)
    survey = Survey.objects.get(
        organization=organization, kind=SurveyKind.MEETING_FEEDBACK, respondent_role=RespondentRole.MENTOR
    )
    Question.objects.filter(survey=survey, position=5).update(text="Нужна ли помощь педагога-психолога?")
    before = (Survey.objects.count(), Question.objects.count())

    ensure_default_surveys(organization=organization)

    assert (Survey.objects.count(), Question.objects.count()) == before == (6, 36)
    assert survey.questions.get(position=5).text == "Нужна ли помощь педагога-психолога?"
    ensure_default_surveys(organization=other_organization)
    assert Survey.objects.filter(organization=other_organization).count() == 6


def test_ensure_default_surveys_fills_a_survey_left_without_questions(organization):
    ensure_default_surveys(organization=organization)
    survey = Survey.objects.get(
        organization=organization, kind=SurveyKind.FINAL_SATISFACTION, respondent_role=RespondentRole.MENTOR
    )
    survey.questions.all().delete()

    ensure_default_surveys(organization=organization)

    assert survey.questions.count() == 7


def test_request_meeting_feedback_creates_mentor_and_mentee_responses(meeting, alice, bob, vera, curator):
    responses = request_meeting_feedback(meeting, actor=curator)

    assert [(r.respondent, r.survey.respondent_role, r.survey.kind, r.meeting) for r in responses] == [
        (alice.participant, RespondentRole.MENTOR, SurveyKind.MEETING_FEEDBACK, meeting),
        (bob.participant, RespondentRole.MENTEE, SurveyKind.MEETING_FEEDBACK, meeting),
        (vera.participant, RespondentRole.MENTEE, SurveyKind.MEETING_FEEDBACK, meeting),
    ]
    assert all(r.submitted_at is None for r in responses)
    entry = audit_events("surveys.feedback.requested").get()
    assert (entry.actor, entry.object_pk, entry.additional_data["created"]) == (curator, str(meeting.pk), 3)


def test_request_meeting_feedback_gives_tokens_only_to_respondents_without_account(meeting, curator):
    mentor_response, bob_response, vera_response = request_meeting_feedback(meeting, actor=curator)

    assert mentor_response.token is None
    assert bob_response.token is None
    assert len(vera_response.token) >= 40
    assert Response.objects.get(pk=vera_response.pk).token == vera_response.token


def test_request_meeting_feedback_is_idempotent(meeting, curator):
    first = request_meeting_feedback(meeting, actor=curator)
    second = request_meeting_feedback(meeting, actor=curator)

    assert [r.pk for r in second] == [r.pk for r in first]
    assert [r.token for r in second] == [r.token for r in first]
    assert Response.objects.count() == 3
    assert audit_events("surveys.feedback.requested").count() == 1


def test_request_meeting_feedback_asks_about_compatibility_after_the_trial_meeting(pair, curator):
    trial = make_meeting(pair, meeting_type=MeetingType.TRIAL, topic="Пробная рабочая встреча")

    responses = request_meeting_feedback(trial, actor=curator)

    assert [r.survey.kind for r in responses] == [SurveyKind.COMPATIBILITY] * 3


def test_request_meeting_feedback_for_each_meeting_separately(pair, meeting, curator):
    later = make_meeting(pair, topic="Анализ открытого урока")
    request_meeting_feedback(meeting, actor=curator)
    request_meeting_feedback(later, actor=curator)

    assert Response.objects.filter(meeting=meeting).count() == 3
    assert Response.objects.filter(meeting=later).count() == 3


@pytest.fixture
def bob_response(meeting, bob, curator):
    request_meeting_feedback(meeting, actor=curator)
    return Response.objects.get(meeting=meeting, respondent=bob.participant)


def test_submit_response_writes_answers_and_time(bob_response, bob):
    questions = list(bob_response.survey.questions.all())
    answers = valid_answers(bob_response, scale=5, yes_no=True)
    answers[questions[3].pk] = ""  # optional «Какие трудности возникли?» left empty

    submit_response(bob_response, answers=answers, actor=bob)

    bob_response.refresh_from_db()
    assert bob_response.submitted_at is not None
    assert sorted(Answer.objects.filter(response=bob_response).values_list("question__position", "value_int", "value_text")) == [
        (1, 5, ""), (2, 5, ""), (3, None, "Разобрали план урока"), (5, 1, ""),
    ]
    entry = audit_events("surveys.response.submitted").get()
    assert entry.actor == bob
    assert entry.object_pk == str(bob_response.pk)
    assert "Разобрали план урока" not in str(entry.additional_data)
    assert entry.additional_data["answered"] == 4


def test_submit_response_accepts_string_values_from_forms(bob_response):
    questions = list(bob_response.survey.questions.all())
    answers = {q.pk: v for q, v in zip(questions, ["3", " 2 ", "Текст", None, "no"])}

    submit_response(bob_response, answers=answers)

    assert list(bob_response.answers.order_by("question__position").values_list("value_int", flat=True)) == [3, 2, None, 0]


def test_submit_response_refuses_missing_required_answers(bob_response):
    questions = list(bob_response.survey.questions.all())
    answers = valid_answers(bob_response)
    answers[questions[2].pk] = "   "
    del answers[questions[4].pk]

    with pytest.raises(SurveyError) as info:
        submit_response(bob_response, answers=answers)

    assert info.value.errors == {
        questions[2].pk: "Пожалуйста, ответьте на этот вопрос.",
        questions[4].pk: "Пожалуйста, ответьте на этот вопрос.",
    }
    bob_response.refresh_from_db()
    assert bob_response.submitted_at is None
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("value", [0, 6, "7", "много", True, 2.5])
def test_submit_response_refuses_scale_values_outside_one_to_five(bob_response, value):
    answers = valid_answers(bob_response, scale=value)

    with pytest.raises(SurveyError) as info:
        submit_response(bob_response, answers=answers)

    first_scale = bob_response.survey.questions.get(position=1)
    assert info.value.errors[first_scale.pk] == "Выберите значение от 1 до 5."
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("value", ["может быть", 2, "maybe"])
def test_submit_response_refuses_yes_no_values_other_than_yes_or_no(bob_response, value):
    answers = valid_answers(bob_response, yes_no=value)

    with pytest.raises(SurveyError) as info:
        submit_response(bob_response, answers=answers)

    yes_no = bob_response.survey.questions.get(question_type=QuestionType.YES_NO)
    assert info.value.errors == {yes_no.pk: "Ответьте «да» или «нет»."}
    assert Answer.objects.count() == 0


def test_submit_response_refuses_questions_of_another_survey(bob_response, meeting):
    foreign = Question.objects.exclude(survey=bob_response.survey).first()
    answers = {**valid_answers(bob_response), foreign.pk: 5}

    with pytest.raises(SurveyError, match="Ответы не соответствуют вопросам этой анкеты."):
        submit_response(bob_response, answers=answers)
    assert Answer.objects.count() == 0


def test_submit_response_refuses_a_second_submission(bob_response):
    submit_response(bob_response, answers=valid_answers(bob_response, scale=5))
    stale = Response.objects.get(pk=bob_response.pk)
    stale.submitted_at = None  # a second request that loaded the response earlier

    with pytest.raises(SurveyError, match="Эта анкета уже заполнена."):
        submit_response(stale, answers=valid_answers(stale, scale=1))
    with pytest.raises(SurveyError, match="Эта анкета уже заполнена."):
        submit_response(bob_response, answers=valid_answers(bob_response, scale=1))

    assert sorted(Answer.objects.filter(question__question_type=QuestionType.SCALE).values_list("value_int", flat=True)) == [5, 5]
    assert audit_events("surveys.response.submitted").count() == 1

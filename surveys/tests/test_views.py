import pytest
from django.urls import reverse

from mentoring.selectors import audit_events
from surveys.enums import QuestionType
from surveys.models import Answer, Response
from surveys.services import request_meeting_feedback, submit_response

from .conftest import make_meeting, valid_answers


@pytest.fixture
def responses(meeting, curator):
    """{"alice": …, "bob": …, "vera": …} pending responses of the meeting."""
    mentor, bob, vera = request_meeting_feedback(meeting, actor=curator)
    return {"alice": mentor, "bob": bob, "vera": vera}


def _post_data(response: Response, **by_type) -> dict:
    values = {QuestionType.SCALE: "4", QuestionType.YES_NO: "no", QuestionType.TEXT: "Разобрали план урока"}
    values.update(by_type)
    return {f"q_{q.pk}": values[q.question_type] for q in response.survey.questions.all()}


# --- my_forms -------------------------------------------------------------------


def test_my_forms_lists_only_own_pending_and_submitted(client, bob, responses, pair):
    later = make_meeting(pair, topic="Анализ открытого урока")
    request_meeting_feedback(later, actor=None)
    submit_response(responses["bob"], answers=valid_answers(responses["bob"]), actor=bob)
    client.force_login(bob)

    page = client.get(reverse("surveys:my_forms"))

    assert page.status_code == 200
    own_later = Response.objects.get(meeting=later, respondent=bob.participant)
    assert list(page.context["pending"].object_list) == [own_later]
    assert list(page.context["submitted"].object_list) == [responses["bob"]]
    html = page.content.decode()
    assert "Анализ открытого урока" in html
    assert reverse("surveys:response_fill", args=[own_later.pk]) in html
    assert reverse("surveys:response_fill", args=[responses["alice"].pk]) not in html


def test_my_forms_mentor_sees_own_form(client, alice, responses):
    client.force_login(alice)

    page = client.get(reverse("surveys:my_forms"))

    assert list(page.context["pending"].object_list) == [responses["alice"]]
    assert "Подготовка открытого урока" in page.content.decode()


def test_my_forms_shows_empty_states(client, dan, responses):
    client.force_login(dan)

    page = client.get(reverse("surveys:my_forms"))

    html = page.content.decode()
    assert list(page.context["pending"].object_list) == []
    assert "Анкет для заполнения нет." in html
    assert "Заполненных анкет пока нет." in html


def test_my_forms_filters_submitted_by_kind(client, bob, responses):
    submit_response(responses["bob"], answers=valid_answers(responses["bob"]), actor=bob)
    client.force_login(bob)

    feedback = client.get(reverse("surveys:my_forms"), {"kind": "meeting_feedback"})
    final = client.get(reverse("surveys:my_forms"), {"kind": "final_satisfaction"})

    assert list(feedback.context["submitted"].object_list) == [responses["bob"]]
    assert list(final.context["submitted"].object_list) == []


def test_my_forms_is_forbidden_to_staff_without_a_participant_role(client, curator):
    client.force_login(curator)

    assert client.get(reverse("surveys:my_forms")).status_code == 403


def test_my_forms_requires_login(client):
    page = client.get(reverse("surveys:my_forms"))

    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))


@pytest.mark.parametrize("meetings", [1, 12])
def test_my_forms_runs_a_bounded_number_of_queries(
    client, bob, pair, django_assert_max_num_queries, meetings
):
    for n in range(meetings):
        meeting = make_meeting(pair, topic=f"Встреча {n}")
        mine = request_meeting_feedback(meeting, actor=None)[1]
        if n % 2:
            submit_response(mine, answers=valid_answers(mine))
    client.force_login(bob)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("surveys:my_forms"))

    assert page.status_code == 200


# --- response_fill -----------------------------------------------------------------


def test_response_fill_shows_the_form_built_from_questions(client, bob, responses):
    client.force_login(bob)

    page = client.get(reverse("surveys:response_fill", args=[responses["bob"].pk]))

    assert page.status_code == 200
    form = page.context["form"]
    questions = list(responses["bob"].survey.questions.all())
    assert list(form.fields) == [f"q_{q.pk}" for q in questions]
    assert [c[0] for c in form.fields[f"q_{questions[0].pk}"].choices] == ["1", "2", "3", "4", "5"]
    html = page.content.decode()
    assert 'type="radio"' in html and "<textarea" in html
    assert "Насколько комфортно было общение с наставником?" in html
    assert "Отправить ответы" in html


def test_response_fill_saves_answers_and_thanks(client, bob, responses):
    client.force_login(bob)

    page = client.post(
        reverse("surveys:response_fill", args=[responses["bob"].pk]),
        _post_data(responses["bob"], scale="5", yes_no="yes"),
        follow=True,
    )

    assert page.redirect_chain == [(reverse("surveys:my_forms"), 302)]
    assert "Спасибо! Ваши ответы сохранены." in page.content.decode()
    saved = Response.objects.get(pk=responses["bob"].pk)
    assert saved.submitted_at is not None
    assert sorted(saved.answers.values_list("question__position", "value_int")) == [
        (1, 5), (2, 5), (3, None), (4, None), (5, 1)
    ]
    assert audit_events("surveys.response.submitted").get().actor == bob


def test_response_fill_shows_errors_and_writes_nothing(client, bob, responses):
    client.force_login(bob)
    data = _post_data(responses["bob"])
    first = responses["bob"].survey.questions.get(position=1)
    data[f"q_{first.pk}"] = "9"
    del data[f"q_{responses['bob'].survey.questions.get(position=3).pk}"]

    page = client.post(reverse("surveys:response_fill", args=[responses["bob"].pk]), data)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Обязательное поле." in html
    assert "Выберите корректный вариант." in html
    assert Answer.objects.count() == 0
    assert Response.objects.get(pk=responses["bob"].pk).submitted_at is None


def test_response_fill_shows_a_submitted_response_read_only(client, bob, responses):
    submit_response(responses["bob"], answers=valid_answers(responses["bob"], scale=5, yes_no=True), actor=bob)
    client.force_login(bob)

    page = client.get(reverse("surveys:response_fill", args=[responses["bob"].pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "form" not in page.context
    assert "5 из 5" in html and "Да" in html and "Разобрали план урока" in html
    assert "Отправить ответы" not in html


def test_response_fill_refuses_a_second_submission(client, bob, responses):
    submit_response(responses["bob"], answers=valid_answers(responses["bob"], scale=5), actor=bob)
    client.force_login(bob)

    page = client.post(
        reverse("surveys:response_fill", args=[responses["bob"].pk]), _post_data(responses["bob"], scale="1")
    )

    assert page.status_code == 200
    assert "Эта анкета уже заполнена." in page.content.decode()
    assert set(Answer.objects.filter(value_int__isnull=False, question__question_type=QuestionType.SCALE)
               .values_list("value_int", flat=True)) == {5}


@pytest.mark.parametrize("who", ["alice", "dan", "charlie", "curator", "director"])
def test_response_fill_is_404_for_anybody_but_the_respondent(client, responses, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("surveys:response_fill", args=[responses["bob"].pk])

    assert client.get(url).status_code == 404
    assert client.post(url, _post_data(responses["bob"])).status_code == 404
    assert Answer.objects.count() == 0


# --- token_response ------------------------------------------------------------------


def test_token_response_works_anonymously_exactly_once(client, responses):
    vera_response = responses["vera"]
    url = reverse("surveys:token_response", args=[vera_response.token])

    form_page = client.get(url)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "Здравствуйте, Вера!" in html
    assert "Встреча 10.11.2025: «Подготовка открытого урока»" in html
    assert "Насколько комфортно было общение с наставником?" in html

    sent = client.post(url, _post_data(vera_response, scale="3"), follow=True)
    assert sent.redirect_chain == [(url, 302)]
    assert "Анкета уже заполнена, спасибо" in sent.content.decode()
    assert "Отправить ответы" not in sent.content.decode()
    assert Answer.objects.filter(response=vera_response).count() == 5
    assert audit_events("surveys.response.submitted").get().actor is None

    again = client.post(url, _post_data(vera_response, scale="1"))
    assert again.status_code == 200
    assert "Анкета уже заполнена, спасибо" in again.content.decode()
    assert set(Answer.objects.filter(response=vera_response, value_int__isnull=False,
                                     question__question_type=QuestionType.SCALE)
               .values_list("value_int", flat=True)) == {3}
    assert audit_events("surveys.response.submitted").count() == 1


def test_token_response_reveals_no_other_personal_data(client, responses, alice, bob):
    page = client.get(reverse("surveys:token_response", args=[responses["vera"].token]))

    html = page.content.decode()
    for other in ("Алисова", "Алиса", "Бобров", "Борис", "Веселова", "Ивановна", "ГПОУ"):
        assert other not in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_token_response_unknown_token_is_404(client, responses):
    assert client.get(reverse("surveys:token_response", args=["no-such-token"])).status_code == 404


def test_token_response_shows_errors_without_saving(client, responses):
    url = reverse("surveys:token_response", args=[responses["vera"].token])

    page = client.post(url, {})

    assert page.status_code == 200
    assert "Обязательное поле." in page.content.decode()
    assert Response.objects.get(pk=responses["vera"].pk).submitted_at is None

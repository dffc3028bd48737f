import pytest
from django.urls import reverse

from mentoring.tests.factories import UserFactory
from surveys.services import request_meeting_feedback, submit_response

from .conftest import valid_answers


@pytest.fixture
def admin_client_logged(client, db):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_survey_pages_show_questions(admin_client_logged, meeting, curator):
    response = request_meeting_feedback(meeting, actor=curator)[0]

    listing = admin_client_logged.get(reverse("admin:surveys_survey_changelist"))
    change = admin_client_logged.get(reverse("admin:surveys_survey_change", args=[response.survey_id]))

    assert listing.status_code == 200
    assert change.status_code == 200
    assert "Насколько полезной была встреча?" in change.content.decode()


def test_admin_response_pages_show_answers_read_only_and_filter(admin_client_logged, meeting, curator):
    response = request_meeting_feedback(meeting, actor=curator)[1]
    submit_response(response, answers=valid_answers(response, scale=5))

    submitted = admin_client_logged.get(reverse("admin:surveys_response_changelist"), {"submitted": "yes"})
    pending = admin_client_logged.get(
        reverse("admin:surveys_response_changelist"), {"submitted": "no", "survey__kind": "meeting_feedback"}
    )
    change = admin_client_logged.get(reverse("admin:surveys_response_change", args=[response.pk]))

    assert list(submitted.context["cl"].result_list) == [response]
    assert len(pending.context["cl"].result_list) == 2
    html = change.content.decode()
    assert change.status_code == 200
    assert "5 из 5" in html
    assert 'name="answers-0-value_text"' not in html

"""Guessing one-time feedback links locks the guessing address (django-axes,
issue 13 "Accounts"): after 5 wrong tokens even a valid link is refused from
that address with a Russian message and 429, while other addresses work."""

import datetime

from axes.models import AccessAttempt
from django.urls import reverse

from mentoring.accounts.lockout import FEEDBACK_LINK_USERNAME
from surveys.services import request_meeting_feedback

GUESSER = "198.51.100.7"
OTHER = "198.51.100.8"
LOCKED = "С вашего адреса открыто слишком много неверных ссылок на анкеты"


def _open(client, token, ip):
    return client.get(reverse("surveys:token_response", args=[token]), REMOTE_ADDR=ip)


def _vera_token(meeting, curator) -> str:
    responses = request_meeting_feedback(meeting, actor=curator)
    return next(r.token for r in responses if r.token)


def test_token_lockout_five_wrong_tokens_block_even_a_valid_link(client, meeting, curator):
    token = _vera_token(meeting, curator)

    guesses = [_open(client, f"guess-{n}", GUESSER) for n in range(5)]
    valid_from_guesser = _open(client, token, GUESSER)
    valid_elsewhere = _open(client, token, OTHER)

    assert [g.status_code for g in guesses] == [404, 404, 404, 404, 429]
    assert valid_from_guesser.status_code == 429
    html = valid_from_guesser.content.decode()
    assert LOCKED in html and "заблокировано на 30 минут" in html
    assert "Здравствуйте, Вера!" not in html
    assert valid_elsewhere.status_code == 200
    assert "Здравствуйте, Вера!" in valid_elsewhere.content.decode()
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        FEEDBACK_LINK_USERNAME, GUESSER, 5
    )


def test_token_lockout_posting_answers_is_refused_too(client, meeting, curator):
    token = _vera_token(meeting, curator)
    for n in range(5):
        _open(client, f"guess-{n}", GUESSER)

    response = client.post(
        reverse("surveys:token_response", args=[token]), {}, REMOTE_ADDR=GUESSER
    )

    assert response.status_code == 429


def test_token_lockout_four_wrong_tokens_do_not_block(client, meeting, curator):
    token = _vera_token(meeting, curator)
    for n in range(4):
        _open(client, f"guess-{n}", GUESSER)

    assert _open(client, token, GUESSER).status_code == 200


def test_token_lockout_ends_after_thirty_minutes(client, meeting, curator):
    token = _vera_token(meeting, curator)
    for n in range(5):
        _open(client, f"guess-{n}", GUESSER)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31))

    assert _open(client, token, GUESSER).status_code == 200


def test_token_lockout_does_not_lock_the_login_of_that_address(client, meeting, curator, password):
    for n in range(5):
        _open(client, f"guess-{n}", GUESSER)

    response = client.post(
        reverse("login"), {"username": "curator", "password": password}, REMOTE_ADDR=GUESSER
    )

    assert response.status_code == 302

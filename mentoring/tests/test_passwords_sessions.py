"""Password rules and session expiry for a portal with personal data (issue 13
"Accounts"), asserted through behaviour: the admin's password form refuses
weak passwords; the session cookie dies with the browser and the server
forgets a session left idle for SESSION_COOKIE_AGE."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.sessions import REFRESHED_KEY
from mentoring.demo.builder import DEMO_PASSWORD
from mentoring.tests import browser
from mentoring.tests.factories import PASSWORD

User = get_user_model()


@pytest.mark.parametrize(
    ("new_password", "reason"),
    [
        ("Kx7#pQ2m", "Введённый пароль слишком короткий. Он должен состоять из как минимум 12 символов."),
        ("password1234", "Введённый пароль слишком широко распространён."),
        ("502938475610", "Введённый пароль состоит только из цифр."),
        ("curator2026x", "Введённый пароль слишком похож на имя пользователя."),
    ],
)
def test_passwords_weak_ones_are_refused_in_the_admin(admin_client, curator, new_password, reason):
    url = reverse("admin:auth_user_password_change", args=[curator.pk])
    old_hash = curator.password

    response = admin_client.post(
        url, {"password1": new_password, "password2": new_password, "usable_password": "true"}
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    curator.refresh_from_db()
    assert curator.password == old_hash


def test_passwords_a_long_uncommon_one_is_accepted_in_the_admin(admin_client, curator):
    url = reverse("admin:auth_user_password_change", args=[curator.pk])

    response = admin_client.post(
        url, {"password1": "лето-в-Анжеро-2026", "password2": "лето-в-Анжеро-2026", "usable_password": "true"}
    )

    assert response.status_code == 302
    curator.refresh_from_db()
    assert curator.check_password("лето-в-Анжеро-2026")


@pytest.mark.parametrize("password", [DEMO_PASSWORD, PASSWORD, browser.PASSWORD])
@pytest.mark.parametrize("username", ["admin", "curator", "director", "mentor"])
def test_passwords_of_the_demo_and_the_tests_pass_the_rules(password, username):
    validate_password(password, User(username=username))  # raises ValidationError if not


def test_passwords_twelve_characters_is_the_minimum():
    validate_password("Kx7#pQ2m-w9Z", User(username="curator"))
    with pytest.raises(ValidationError):
        validate_password("Kx7#pQ2m-w9", User(username="curator"))


def _log_in(client, user, password):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    return response


def test_sessions_cookie_lives_until_the_browser_closes(client, curator, password):
    response = _log_in(client, curator, password)

    cookie = response.cookies["sessionid"]
    assert cookie.value
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True


def test_sessions_expire_after_two_idle_hours_on_the_server(client, curator, password):
    _log_in(client, curator, password)
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)

    left = session.expire_date - timezone.now()

    assert datetime.timedelta(hours=1, minutes=59) < left <= datetime.timedelta(hours=2)


def _age_session(key, *, expires_in, refreshed_ago):
    """Pretend the session's last refresh was ``refreshed_ago`` ago."""
    session = Session.objects.get(session_key=key)
    data = session.get_decoded()
    data[REFRESHED_KEY] = int(time.time() - refreshed_ago.total_seconds())
    Session.objects.filter(session_key=key).update(
        session_data=SessionStore().encode(data), expire_date=timezone.now() + expires_in
    )
    _forget_cached_copy(key)


def _forget_cached_copy(key):
    """With REDIS_URL sessions are cached_db: requests read the copy in Redis,
    which expires with the session. A row changed behind the store's back is
    read again once that copy is gone."""
    from django.conf import settings
    from django.contrib.sessions.backends import cached_db
    from django.core.cache import caches

    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db":
        caches[settings.SESSION_CACHE_ALIAS].delete(cached_db.KEY_PREFIX + key)


def test_sessions_a_request_moves_the_idle_deadline(client, curator, password):
    _log_in(client, curator, password)
    key = client.cookies["sessionid"].value
    _age_session(key, expires_in=datetime.timedelta(minutes=5), refreshed_ago=datetime.timedelta(minutes=115))

    assert client.get(reverse("dashboard")).status_code == 200

    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left > datetime.timedelta(hours=1, minutes=59)


def test_sessions_requests_write_the_session_at_most_every_five_minutes(client, curator, password):
    _log_in(client, curator, password)
    key = client.cookies["sessionid"].value
    _age_session(key, expires_in=datetime.timedelta(minutes=116), refreshed_ago=datetime.timedelta(minutes=4))

    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard")).status_code == 200

    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left < datetime.timedelta(minutes=116)
    assert not [q for q in context.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def test_sessions_an_idle_session_is_logged_out(client, curator, password):
    _log_in(client, curator, password)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    _forget_cached_copy(key)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_sessions_idle_timeout_follows_the_setting(client, settings, curator, password):
    settings.SESSION_COOKIE_AGE = 15 * 60  # SESSION_COOKIE_AGE=900 in the environment
    _log_in(client, curator, password)

    session = Session.objects.get(session_key=client.cookies["sessionid"].value)

    assert session.expire_date - timezone.now() <= datetime.timedelta(minutes=15)

"""Brute-force lockout of the login (django-axes, issue 13 "Accounts"): 5 wrong
passwords per username + client address lock that pair for 30 minutes; the
administrator unlocks in the admin."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

LOCKED = "Слишком много неудачных попыток входа"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


def _login(client, password, *, ip=HOME, username="curator", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _fail_five_times(client, *, ip=HOME, **extra):
    return [_login(client, "wrong-password", ip=ip, **extra) for _ in range(5)]


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_lockout_five_wrong_passwords_then_the_right_one_is_refused(client, curator, password):
    attempts = _fail_five_times(client)

    assert [r.status_code for r in attempts] == [200, 200, 200, 200, 429]
    assert LOCKED not in attempts[3].content.decode()
    right = _login(client, password)

    assert right.status_code == 429
    html = right.content.decode()
    assert (
        "Слишком много неудачных попыток входа. Вход для этой учётной записи с вашего адреса "
        "заблокирован на 30 минут. Обратитесь к администратору портала."
    ) in html
    assert 'name="password"' in html  # the login page again, not a bare message
    assert not _logged_in(client)
    assert AccessAttempt.objects.get(username="curator", ip_address=HOME).failures_since_start == 5


def test_lockout_another_address_still_logs_in(client, curator, password):
    _fail_five_times(client)

    response = _login(client, password, ip=ELSEWHERE)

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert _logged_in(client)


def test_lockout_is_per_username(client, curator, director, password):
    _fail_five_times(client)

    assert _login(client, password, username="director").status_code == 302


def test_lockout_administrator_unlocks_by_deleting_the_attempts_in_the_admin(
    client, admin_client, curator, password
):
    _fail_five_times(client)
    assert _login(client, password).status_code == 429
    attempts = list(AccessAttempt.objects.filter(username="curator").values_list("pk", flat=True))
    changelist = reverse("admin:axes_accessattempt_changelist")

    listing = admin_client.get(changelist + "?locked_out=yes")
    deleted = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )

    assert listing.status_code == 200 and "curator" in listing.content.decode()
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.filter(username="curator").exists()
    assert _login(client, password).status_code == 302
    assert _logged_in(client)


def test_lockout_ends_after_thirty_minutes(client, curator, password):
    _fail_five_times(client)
    attempt = AccessAttempt.objects.get(username="curator")

    attempt.attempt_time -= datetime.timedelta(minutes=29)
    attempt.save(update_fields=["attempt_time"])
    assert _login(client, password).status_code == 429

    attempt.attempt_time -= datetime.timedelta(minutes=2)
    attempt.save(update_fields=["attempt_time"])
    assert _login(client, password).status_code == 302
    assert _logged_in(client)


def test_lockout_attempts_during_the_lockout_do_not_extend_it(client, curator, password):
    _fail_five_times(client)
    attempt = AccessAttempt.objects.get(username="curator")
    attempt.attempt_time -= datetime.timedelta(minutes=20)
    attempt.save(update_fields=["attempt_time"])
    locked_since = attempt.attempt_time

    during = [_login(client, "wrong-password"), _login(client, password)]

    assert [r.status_code for r in during] == [429, 429]
    attempt.refresh_from_db()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_since, 5)
    attempt.attempt_time -= datetime.timedelta(minutes=11)  # 31 minutes after the fifth failure
    attempt.save(update_fields=["attempt_time"])
    assert _login(client, password).status_code == 302


def test_lockout_right_password_clears_earlier_failures(client, curator, password):
    for _ in range(4):
        _login(client, "wrong-password")
    assert _login(client, password).status_code == 302
    client.logout()

    assert [r.status_code for r in _fail_five_times(client)][-2:] == [200, 429]


def test_lockout_forged_forwarded_for_is_ignored_without_a_proxy(client, curator, password):
    for index in range(5):
        _login(client, "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")

    assert _login(client, password, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_lockout_behind_a_proxy_counts_the_address_the_proxy_saw(
    client, settings, curator, password
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.16.0.1"
    _fail_five_times(client, ip=proxy, HTTP_X_FORWARDED_FOR="forged, 203.0.113.5")

    locked = _login(client, password, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    other_client = _login(client, password, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")

    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert other_client.status_code == 302


def test_lockout_applies_to_the_admin_login(client, curator, password):
    for _ in range(5):
        client.post(
            reverse("admin:login"), {"username": "curator", "password": "nope"}, REMOTE_ADDR=HOME
        )

    response = _login(client, password)

    assert response.status_code == 429


@pytest.mark.parametrize("persona", ["alice", "director"])
def test_lockout_force_login_of_tests_still_works(client, request, persona):
    """Tests log in with force_login: axes must not refuse it."""
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("dashboard")).status_code == 200

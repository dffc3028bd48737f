"""TOTP two-factor login (django-otp, issue 13 "Accounts"): the director and the
administrator turn it on from their own page; a session of a user with a
confirmed device opens no page until the code is given; a setting makes it
mandatory for them. Codes are computed from the device's key, as the phone
would."""

import base64
import time
from urllib.parse import unquote

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP = reverse("accounts:two_factor")
VERIFY = reverse("accounts:two_factor_verify")
WRONG_CODE = "Код неверный или устарел"


def code_of(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` steps
    later; a code once used is refused, so a second login takes the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def _unthrottle(device: TOTPDevice) -> None:
    """Let the throttle's delay pass (it is 1 s after the first wrong code)."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


def _password_login(client, user, password):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    return response


@pytest.fixture
def director_device(director):
    return TOTPDevice.objects.create(user=director, name="phone", confirmed=True)


def test_two_factor_setup_shows_qr_code_and_key_then_confirms_with_a_code(client, director, password):
    _password_login(client, director, password)

    page = client.get(SETUP)

    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=director)
    assert device.confirmed is False
    html = page.content.decode()
    assert "Двухфакторный вход" in html
    qr = html.split('id="two-factor-qr"')[0].rsplit('src="', 1)[1].split('"')[0]
    assert qr.startswith("data:image/svg+xml")
    assert "<svg" in unquote(qr)
    secret = base64.b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in html
    assert grouped in client.get(SETUP).content.decode()  # the same key on reload
    assert TOTPDevice.objects.filter(user=director).count() == 1

    confirmed = client.post(SETUP, {"code": code_of(device)})

    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # this session is verified
    assert client.get(reverse("dashboard")).status_code == 200
    assert LogEntry.objects.filter(additional_data__event="mentoring.two_factor.enabled").count() == 1


def test_two_factor_setup_refuses_a_wrong_code(client, director, password):
    client.force_login(director)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=director)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False


def test_two_factor_login_asks_for_the_code_before_any_page(client, director, director_device, password):
    _password_login(client, director, password)

    for url in (reverse("dashboard"), reverse("pairs:list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY + "?next=")
    assert client.post(reverse("pairs:list")).status_code == 302
    form = client.get(VERIFY)
    assert form.status_code == 200
    assert "Код из приложения" in form.content.decode()

    verified = client.post(VERIFY, {"code": code_of(director_device), "next": "/pairs/"})

    assert verified.status_code == 302 and verified["Location"] == "/pairs/"
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("pairs:list")).status_code == 200


def test_two_factor_login_refuses_a_wrong_code_and_throttles_guessing(
    client, director, director_device, password
):
    _password_login(client, director, password)
    right = code_of(director_device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    refused = client.post(VERIFY, {"code": wrong})
    throttled = client.post(VERIFY, {"code": right})  # within the 1 s back-off

    assert refused.status_code == 200 and WRONG_CODE in refused.content.decode()
    assert "Слишком много неверных кодов" in throttled.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("dashboard")).status_code == 302
    director_device.refresh_from_db()
    assert director_device.throttling_failure_count == 1  # the throttled try is not counted
    assert director_device.throttling_enabled

    _unthrottle(director_device)
    assert client.post(VERIFY, {"code": right}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_two_factor_code_cannot_be_used_twice(client, director, director_device, password):
    code = code_of(director_device)
    _password_login(client, director, password)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("logout"))

    _password_login(client, director, password)
    replay = client.post(VERIFY, {"code": code})

    assert replay.status_code == 200 and WRONG_CODE in replay.content.decode()


def test_two_factor_turn_off_needs_a_code(client, director, director_device, password):
    _password_login(client, director, password)
    client.post(VERIFY, {"code": code_of(director_device)})
    wrong = f"{(int(code_of(director_device, steps_ahead=1)) + 1) % 1_000_000:06d}"

    refused = client.post(SETUP, {"code": wrong})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=director).exists()
    _unthrottle(director_device)
    turned_off = client.post(SETUP, {"code": code_of(director_device, steps_ahead=1)})

    assert turned_off.status_code == 302
    assert not TOTPDevice.objects.filter(user=director).exists()
    client.post(reverse("logout"))
    _password_login(client, director, password)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("persona", ["director", "admin_user"])
def test_two_factor_mandatory_sends_director_and_administrator_to_setup(client, settings, request, persona):
    settings.TWO_FACTOR_REQUIRED = True
    user = request.getfixturevalue(persona)
    client.force_login(user)

    for url in (reverse("dashboard"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP + "?next="), url
    page = client.get(SETUP)
    assert "обязателен для вашей роли" in page.content.decode()

    device = TOTPDevice.objects.get(user=user)
    assert client.post(SETUP, {"code": code_of(device), "next": "/"}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("persona", ["curator", "alice", "bob"])
def test_two_factor_is_not_asked_of_mentors_curators_even_when_mandatory(
    client, settings, request, persona
):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(SETUP).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_two_factor_device_removed_by_the_administrator_lets_the_user_in(
    client, admin_client, director, director_device, password
):
    """The administrator's remedy for a lost phone: delete the device in the admin."""
    _password_login(client, director, password)
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[director_device.pk])

    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=director).exists()

    assert client.get(VERIFY + "?next=/pairs/")["Location"] == "/pairs/"
    assert client.get(reverse("dashboard")).status_code == 200


def test_two_factor_session_from_before_the_device_is_asked_at_once(client, director, password):
    """A session without the remembered step (started before the upgrade) is
    checked on its first request."""
    client.force_login(director)
    session = client.session
    del session["two_factor"]
    session.save()
    TOTPDevice.objects.create(user=director, confirmed=True)

    assert client.get(reverse("dashboard"))["Location"].startswith(VERIFY)


def test_two_factor_pages_of_other_users_cost_no_query_for_it(client, alice):
    client.force_login(alice)
    client.get(reverse("dashboard"))

    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard")).status_code == 200

    assert [q["sql"] for q in context.captured_queries if "otp_" in q["sql"]] == []

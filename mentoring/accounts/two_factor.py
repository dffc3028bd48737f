"""TOTP two-factor login (django-otp) for the director and the administrator.

A user with a confirmed ``TOTPDevice`` logs in with the password, then must
enter the code of the authenticator app before any page of the portal or the
admin opens (:mod:`mentoring.accounts.middleware`). With
``TWO_FACTOR_REQUIRED`` the director, the administrator and Django staff have
to set a device up first. Codes are verified by django-otp, whose throttling
(delays of 1, 2, 4, 8… seconds after consecutive wrong codes, per device) stops
guessing.

What a session still owes is decided once at login and kept in the session
(:data:`SESSION_KEY`), so that the other users' pages pay no extra query.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentoring.enums import Role
from mentoring.selectors import has_role
from mentoring.services import log_action

SESSION_KEY = "two_factor"
# values of SESSION_KEY: what the session must do before the portal opens
NOTHING = "none"
VERIFY = "verify"  # enter the code of the confirmed device
SET_UP = "setup"  # TWO_FACTOR_REQUIRED: set a device up first

DEVICE_NAME = "Authenticator app"


class TwoFactorError(Exception):
    """A code that does not verify, or verification throttled; ``str()`` is
    the message for the user."""


def can_use_two_factor(user) -> bool:
    """The director, the administrator (role or superuser) and Django staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or has_role(user, Role.DIRECTOR, Role.ADMIN)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def required_step(user) -> str:
    """What the user's new session must do: VERIFY, SET_UP or NOTHING. Two queries."""
    if confirmed_device(user) is not None:
        return VERIFY
    if settings.TWO_FACTOR_REQUIRED and can_use_two_factor(user):
        return SET_UP
    return NOTHING


def session_step(request) -> str:
    """The step the session still owes (computed once per session)."""
    step = request.session.get(SESSION_KEY)
    if step is None:
        step = required_step(request.user)
        request.session[SESSION_KEY] = step
    if step == VERIFY and request.user.is_verified():
        return NOTHING
    return step


def refresh_step(request) -> str:
    """Decide again what the session owes (after the devices changed)."""
    step = request.session[SESSION_KEY] = required_step(request.user)
    return step


def remember_step_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a new session starts unverified."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = required_step(user)


# --- Setting a device up ------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up (created on first call; its key is
    kept until it is confirmed, so reloading the page shows the same QR code)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as the apps ask for it by hand: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` provisioning URL as an SVG QR code in a ``data:`` URI
    (the CSP allows images from ``data:``)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _verify(device: TOTPDevice, token: str) -> TOTPDevice:
    """Check ``token`` on ``device`` under its throttle and return the device
    as saved; raises TwoFactorError."""
    # the throttle's count must be committed: raise only after the block
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, __ = device.verify_is_allowed()
        verified = allowed and device.verify_token(token.strip().replace(" ", ""))
    if not allowed:
        raise TwoFactorError(
            _("Too many wrong codes. Wait a little and enter the new code from the app.")
        )
    if not verified:
        raise TwoFactorError(_("The code is wrong or has expired. Enter the current code."))
    return device


def confirm_device(request, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm the device being set up with a code from the app and verify the
    session with it. Raises TwoFactorError for a wrong code."""
    device = _verify(device, token)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFY
    log_action("mentoring.two_factor.enabled", actor=request.user, obj=request.user)
    return device


def verify_session(request, token: str) -> TOTPDevice:
    """The login's second step: verify the session with a code of the user's
    confirmed device. Raises TwoFactorError for a wrong or throttled code."""
    device = confirmed_device(request.user)
    if device is None:
        raise TwoFactorError(_("Two-factor login is not set up for this account."))
    device = _verify(device, token)
    otp_login(request, device)
    return device


def turn_off(request, token: str) -> None:
    """Remove the user's devices after a valid code. The session then owes what
    a new login would (SET_UP when 2FA is mandatory for the user)."""
    device = confirmed_device(request.user)
    if device is not None:
        _verify(device, token)
    TOTPDevice.objects.devices_for_user(request.user, confirmed=None).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.user.otp_device = None
    refresh_step(request)
    log_action("mentoring.two_factor.disabled", actor=request.user, obj=request.user)

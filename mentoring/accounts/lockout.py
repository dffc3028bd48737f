"""Answers of the brute-force lockout (django-axes) and its use for the
one-time feedback links.

Axes counts failed logins per username + client address (settings,
``AXES_LOCKOUT_PARAMETERS``) and, at ``AXES_FAILURE_LIMIT``, its middleware
answers with :func:`lockout_response` instead of the page. Guessed feedback
links count the same way under one pseudo-username that no account can have
(``<`` is not allowed in usernames), so they lock per client address.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

# The "username" under which wrong feedback-link tokens are counted.
FEEDBACK_LINK_USERNAME = "<feedback-link>"


def lockout_minutes(request: HttpRequest | None = None) -> int:
    """The cool-off period in whole minutes (AXES_COOLOFF_TIME)."""
    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def lockout_message(request: HttpRequest | None = None) -> str:
    minutes = lockout_minutes(request)
    return ngettext(
        "Too many failed login attempts. Logging in to this account from your address "
        "is blocked for %(minutes)s minute. Contact the portal administrator.",
        "Too many failed login attempts. Logging in to this account from your address "
        "is blocked for %(minutes)s minutes. Contact the portal administrator.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again with the lockout message
    (status ``AXES_HTTP_RESPONSE_CODE``, 429), or the feedback-link refusal
    when the wrong guesses were feedback-link tokens."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if (credentials or {}).get("username") == FEEDBACK_LINK_USERNAME:
        return feedback_link_refusal(request)
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "lockout_message": lockout_message(request),
    }
    return render(request, "registration/login.html", context, status=status)


# --- One-time feedback links ---------------------------------------------------

_LINK_CREDENTIALS = {"username": FEEDBACK_LINK_USERNAME}


def feedback_link_allowed(request: HttpRequest) -> bool:
    """False once this client address has guessed AXES_FAILURE_LIMIT wrong
    tokens within the cool-off period."""
    return AxesProxyHandler.is_allowed(request, _LINK_CREDENTIALS)


def record_wrong_feedback_link(request: HttpRequest) -> None:
    """Count a wrong token against the client's address; at the limit the
    request is flagged and AxesMiddleware answers with the refusal."""
    AxesProxyHandler.user_login_failed(
        sender=record_wrong_feedback_link, credentials=dict(_LINK_CREDENTIALS), request=request
    )


def feedback_link_refusal(request: HttpRequest) -> HttpResponse:
    """The page for a locked address: no form, a Russian message, status 429."""
    return render(
        request,
        "mentoring/accounts/feedback_link_locked.html",
        {"minutes": lockout_minutes(request)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )

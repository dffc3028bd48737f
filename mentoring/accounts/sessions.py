"""The idle timeout of logged-in sessions (settings, "Accounts")."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.http import HttpRequest

# When the session's expiry was last moved on (Unix seconds, in the session).
REFRESHED_KEY = "idle_refreshed_at"


def mark_session_fresh(session) -> None:
    session[REFRESHED_KEY] = int(time.time())


class IdleSessionMiddleware:
    """The idle timeout: a logged-in session expires SESSION_COOKIE_AGE after
    its last request. Django's SESSION_SAVE_EVERY_REQUEST would write the
    session row on every request; this moves the expiry on at most every
    SESSION_IDLE_REFRESH_SECONDS (marking the session modified, which
    SessionMiddleware then saves with a new expiry), so the timeout is
    SESSION_COOKIE_AGE give or take that interval. Goes after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and USER_SESSION_KEY in session:
            last = session.get(REFRESHED_KEY, 0)
            if time.time() - last >= settings.SESSION_IDLE_REFRESH_SECONDS:
                mark_session_fresh(session)
        return response


def mark_fresh_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the new session's expiry was just set."""
    if request is not None and hasattr(request, "session"):
        mark_session_fresh(request.session)

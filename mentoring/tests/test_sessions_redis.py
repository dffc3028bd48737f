"""Sessions of stateless web processes (README, "Scaling out"): with REDIS_URL
they are cached_db — read from Redis, written through to the database — so any
web machine serves any user, and a Redis outage (django-redis answering as empty,
IGNORE_EXCEPTIONS) logs nobody out and breaks no login. Asserted with the real
engine and the real django-redis client against a Redis that refuses connections."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

CACHED_DB = "django.contrib.sessions.backends.cached_db"
# Nothing listens on port 1: every command fails at once (connection refused).
DOWN = "redis://127.0.0.1:1/0"


def _redis_cache(location: str) -> dict:
    """The settings' django-redis cache (IGNORE_EXCEPTIONS, short timeouts) at ``location``."""
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 2},
    }}


def _session_queries(context) -> list[str]:
    return [q["sql"] for q in context.captured_queries if "django_session" in q["sql"]]


@pytest.fixture
def cached_db(settings):
    """The engine REDIS_URL selects, on the cache of this run (Redis with REDIS_URL,
    local memory without)."""
    settings.SESSION_ENGINE = CACHED_DB
    return settings


def _log_in(client, user, password):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content[:500]


def test_a_logged_in_request_reads_the_session_from_the_cache(client, cached_db, curator, password):
    _log_in(client, curator, password)
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard")).status_code == 200
    assert _session_queries(context) == []


def test_redis_down_keeps_users_logged_in_from_the_database(client, cached_db, curator, password):
    """Logged in while Redis answered; Redis goes away: the next pages come from
    the session row, not a login page or a 500."""
    _log_in(client, curator, password)
    cached_db.CACHES = _redis_cache(DOWN)
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard")).status_code == 200
    assert any(sql.startswith("SELECT") for sql in _session_queries(context))


def test_login_and_logout_work_while_redis_is_down(client, cached_db, curator, password):
    cached_db.CACHES = _redis_cache(DOWN)
    _log_in(client, curator, password)
    assert client.get(reverse("dashboard")).status_code == 200

    assert client.post(reverse("logout")).status_code == 302
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_cache_only_engine_would_fail_logins_while_redis_is_down(client, settings, curator, password):
    """Why not sessions.backends.cache: with Redis away it cannot create a
    session, so every login fails (Django raises; the user sees a 500)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.CACHES = _redis_cache(DOWN)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="cache is unavailable"):
        client.post(reverse("login"), {"username": curator.username, "password": password})


def _engine_with(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "PYTEST_VERSION")}
    clean.update(DJANGO_SETTINGS_MODULE="mentoring.settings", SECRET_KEY="k", **env)
    probe = ("import django, json; django.setup(); from django.conf import settings as s; "
             "print(json.dumps(s.SESSION_ENGINE))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=django_settings.BASE_DIR, env=clean,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_redis_url_selects_cached_db_and_the_embedded_default_keeps_the_database():
    assert _engine_with(REDIS_URL="redis://127.0.0.1:6379/3") == CACHED_DB
    assert _engine_with() == "django.contrib.sessions.backends.db"

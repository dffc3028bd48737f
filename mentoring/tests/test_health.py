"""The health endpoint /healthz/ (django-health-check, mentoring/health.py):
200 only when the database, the cache, the file storage and (with Redis) a
Celery worker answer; no login; no personal data."""

import pytest

from .worker import running_worker, skip_without_services

BASE_CHECKS = [
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
]
OK = {
    "Database(alias='default')": "OK",
    "Cache(alias='default')": "OK",
    "Storage(alias='default')": "OK",
}


@pytest.fixture
def base_checks(settings, db):
    """The checks of the embedded default (no worker to ask), on the test database."""
    settings.HEALTH_CHECKS = BASE_CHECKS


def test_health_answers_200_when_all_checks_pass_without_login(client, base_checks, curator, alice):
    response = client.get("/healthz/?format=json")

    assert response.status_code == 200
    assert response.json() == OK
    assert response["Cache-Control"].startswith("max-age=0")
    for private in ("curator", "alice", "Алисова", curator.email or "@", "ГПОУ"):
        assert private not in response.content.decode()


def test_health_page_for_people_opens_without_login(client, base_checks):
    response = client.get("/healthz/", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "Database" in response.content.decode()


def test_health_fails_when_the_storage_cannot_write(client, base_checks, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where MEDIA_ROOT should be a folder")
    settings.MEDIA_ROOT = not_a_folder

    response = client.get("/healthz/?format=json")

    assert response.status_code == 500
    assert response.json()["Storage(alias='default')"] != "OK"
    assert response.json()["Database(alias='default')"] == "OK"


def test_health_fails_when_the_cache_is_unreachable(client, base_checks, settings):
    # the production cache (django-redis answering as empty while Redis is
    # down): the check must see through it
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }

    response = client.get("/healthz/?format=json")

    assert response.status_code == 500
    assert response.json()["Cache(alias='default')"] != "OK"
    assert response.json()["Database(alias='default')"] == "OK"


def test_the_worker_is_checked_only_with_redis(settings):
    expected = "mentoring.health.Worker" in settings.HEALTH_CHECKS
    assert expected == bool(settings.REDIS_URL)


@pytest.mark.worker
def test_health_fails_without_a_worker(client, db):
    skip_without_services()

    response = client.get("/healthz/?format=json")

    assert response.status_code == 500
    assert response.json() == {**OK, "Worker()": "Unavailable: Celery workers unavailable"}


@pytest.mark.worker
def test_health_passes_with_a_running_worker(client, db, tmp_path):
    skip_without_services()
    with running_worker(tmp_path, "health"):
        response = client.get("/healthz/?format=json")

    assert response.status_code == 200
    assert response.json() == {**OK, "Worker()": "OK"}

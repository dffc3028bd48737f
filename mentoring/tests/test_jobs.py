"""A missing broker slows a request down but neither fails it nor leaves a job
waiting for ever (mentoring/jobs.py)."""

import logging

import pytest
from django.conf import settings

from participants.enums import ImportStatus
from participants.services.importing import upload_import
from participants.tests.helpers import sample_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """Celery as in production (not eager) and the cache on a Redis nobody
    listens on: what the portal meets when its Redis has stopped."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
    }}
    from mentoring.celery import app

    def forget_connections():
        # pools made for another broker URL would be reused otherwise
        app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    forget_connections()
    yield
    app.conf.task_always_eager, app.conf.broker_url = old
    forget_connections()


def test_an_import_is_checked_here_when_redis_is_down(
    redis_down, organization, curator, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING):
        with django_capture_on_commit_callbacks(execute=True):
            applicant_import = upload_import(
                organization=organization, actor=curator,
                uploaded_file=sample_upload(settings.BASE_DIR / "mentoring" / "demo" / "applicants_employers.xlsx"),
            )
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.PREVIEW
    assert applicant_import.report["counts"]["create"] == 25
    assert "broker unreachable" in caplog.text and "participants.check_import" in caplog.text
    assert applicant_import.progress == 100 and "progress not stored (cache unavailable)" in caplog.text

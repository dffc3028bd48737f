"""Configuration from the environment: the embedded default and loud failures."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME']), "
    "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.DEBUG, s.LANGUAGE_CODE]))"
)


def _run(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "PYTEST_VERSION")}
    env.update(DJANGO_SETTINGS_MODULE="mentoring.settings", **env_overrides)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=60,
    )


def test_settings_without_variables_use_sqlite_and_eager_celery():
    result = _run(SECRET_KEY="k")
    assert result.returncode == 0, result.stderr
    engine, name, eager, broker, debug, language = __import__("json").loads(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("db.sqlite3")
    assert eager is True and broker == "memory://"
    assert debug is False
    assert language == "ru"


def test_settings_with_urls_use_postgresql_and_redis():
    result = _run(
        SECRET_KEY="k",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somedb",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    engine, name, eager, broker, _debug, _lang = __import__("json").loads(result.stdout)
    assert engine == "django.db.backends.postgresql"
    assert name == "somedb"
    assert eager is False and broker == "redis://127.0.0.1:6379/3"


def test_settings_refuse_a_bad_database_url():
    result = _run(SECRET_KEY="k", DATABASE_URL="mysql://x@y/z")
    assert result.returncode != 0
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr


def test_settings_refuse_a_bad_redis_url():
    result = _run(SECRET_KEY="k", REDIS_URL="http://localhost:6379")
    assert result.returncode != 0
    assert "REDIS_URL must be a redis:// URL" in result.stderr


def test_settings_refuse_a_bad_boolean():
    result = _run(SECRET_KEY="k", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_settings_need_a_secret_key_outside_development():
    result = _run()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr

"""A throwaway database for a benchmark: Django set up on a fresh PostgreSQL
database (when DATABASE_URL points at PostgreSQL) or a temporary SQLite file, and
dropped afterwards. Shared by the benchmarks of this folder."""

import os
import tempfile


def setup_django(prefix: str, *, with_database: bool = True, language: str | None = None) -> str | None:
    """Set Django up for a benchmark: DEBUG off (Django would otherwise keep every
    query in memory), eager Celery and a local cache (the work itself is measured).
    With ``with_database``: a fresh database ``<prefix>_<pid>`` next to
    DATABASE_URL's, or a temporary SQLite file, migrated. Returns the PostgreSQL
    database to pass to :func:`drop_database` (None for SQLite or no database)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.pop("REDIS_URL", None)
    base_url = os.environ.get("DATABASE_URL", "")
    dropped = None
    if with_database and base_url.startswith("postgres"):
        dropped, os.environ["DATABASE_URL"] = create_postgres_database(prefix, base_url)
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix=f"{prefix}_")
    import django

    django.setup()
    _plain_static_storage()
    if language:
        from django.utils import translation

        translation.activate(language)
    if with_database:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return dropped


def _plain_static_storage() -> None:
    """Pages render here without DEBUG and without collectstatic: the plain
    static storage instead of the production one, which needs collectstatic's
    manifest (as the test suite does, conftest.py)."""
    from django.test.utils import override_settings

    from mentoring import settings as project_settings

    override_settings(STORAGES={
        **project_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }).enable()


def drop_database(name: str | None, base_url: str) -> None:
    """Drop the database :func:`setup_django` made (nothing for SQLite)."""
    if not name:
        return
    from django.db import connections

    connections.close_all()
    drop_postgres_database(name, base_url)


def create_postgres_database(prefix: str, base_url: str) -> tuple[str, str]:
    """A new empty database ``<prefix>_<pid>`` on the server of ``base_url``
    (a postgres:// URL); returns its name and URL. Needs no Django."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, base_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(name: str, base_url: str) -> None:
    """Drop ``name``, ending any session still connected to it (PostgreSQL 13+)."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

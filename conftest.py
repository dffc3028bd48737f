"""Personas shared by every app's tests (CONVENTIONS.md, Tests): a curator, a
director, mentor alice, mentee bob — all of one college — and outsider charlie,
curator of another organisation; ``territory_world`` for the territory level."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentoring.enums import OrganizationKind, Role
from mentoring.tests.factories import (
    PASSWORD,
    MembershipFactory,
    MenteeFactory,
    MentorFactory,
    OrganizationFactory,
    ParticipantFactory,
    TerritoryFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _plain_static_storage(tmp_path_factory):
    """Tests run without DEBUG and without collectstatic: the production storage
    (hashed names from collectstatic's manifest) would refuse every {% static %}.
    The plain storage, as Django's docs advise for tests, and an empty STATIC_ROOT
    for whitenoise to scan; mentoring/tests/test_serve.py runs the real one."""
    from django.test.utils import override_settings

    from mentoring import settings as project_settings

    storages = {
        **project_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path_factory.mktemp("static")):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing personas' passwords with PBKDF2 costs seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in-process in tests, except those marked ``worker``, which run
    them through a real worker on Redis."""
    from mentoring.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="ГПОУ «Анжеро-Судженский политехнический колледж»",
                               short_name="ГПОУ АСПК")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="МБОУ «Основная школа № 2»", short_name="Школа № 2")


def _member(organization, username: str, *roles: str):
    user = UserFactory(username=username)
    for role in roles:
        MembershipFactory(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def curator(organization):
    return _member(organization, "curator", Role.CURATOR)


@pytest.fixture
def director(organization):
    return _member(organization, "director", Role.DIRECTOR)


@pytest.fixture
def alice(organization):
    """Mentor alice: a teacher with a mentor profile and an account."""
    user = _member(organization, "alice", Role.MENTOR)
    participant = ParticipantFactory(
        organization=organization, user=user, surname="Алисова", name="Алиса", patronymic="Петровна"
    )
    MentorFactory(participant=participant, capacity=3)
    return user


@pytest.fixture
def bob(organization):
    """Mentee bob: a young teacher with a mentee profile and an account."""
    user = _member(organization, "bob", Role.MENTEE)
    participant = ParticipantFactory(
        organization=organization, user=user, surname="Бобров", name="Борис", patronymic="Олегович",
        category="young_specialist",
    )
    MenteeFactory(participant=participant)
    return user


@pytest.fixture
def charlie(other_organization):
    """Outsider charlie: curator of another organisation; ``territory_world`` for the territory level."""
    return _member(other_organization, "charlie", Role.CURATOR)


# the territory level's shared fixtures: base_world (the territory's mentor base),
# contest_world (a contest with its jury)
pytest_plugins = ["pairs.tests.mentor_base_world", "reports.tests.contest_world"]
# the N+1 detector (django-zeal) on in every test: mentoring/tests/n_plus_one.py
pytest_plugins.append("mentoring.tests.n_plus_one")


@dataclass
class TerritoryWorld:
    """A territory (seed 002's town) with its education authority, a college and a
    school, and one login per role: the territory curator (``coordinator``), the
    head of the authority (director there, signs the territory's orders), and a
    curator and a director in each organisation."""

    territory: object
    authority: object
    college: object
    school: object
    coordinator: object
    head: object
    college_curator: object
    college_director: object
    school_curator: object
    school_director: object


@pytest.fixture
def territory_world(db):
    territory = TerritoryFactory(name="Город Когалым", slug="kogalym")
    authority = OrganizationFactory(
        territory=territory, kind=OrganizationKind.AUTHORITY,
        name="Управление образования Администрации города Когалыма",
        short_name="Управление образования", director_name="С. Г. Гришина",
    )
    college = OrganizationFactory(
        territory=territory, kind=OrganizationKind.COLLEGE,
        name="БУ «Когалымский политехнический колледж»", short_name="КПК",
    )
    school = OrganizationFactory(
        territory=territory, kind=OrganizationKind.SCHOOL,
        name="МАОУ «Средняя школа № 3»", short_name="Школа № 3",
        director_name="Е. М. Страхова",
    )
    return TerritoryWorld(
        territory=territory, authority=authority, college=college, school=school,
        coordinator=_member(authority, "coordinator", Role.COORDINATOR),
        head=_member(authority, "head", Role.DIRECTOR),
        college_curator=_member(college, "college_curator", Role.CURATOR),
        college_director=_member(college, "college_director", Role.DIRECTOR),
        school_curator=_member(school, "school_curator", Role.CURATOR),
        school_director=_member(school, "school_director", Role.DIRECTOR),
    )


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item (``rep_call``), for fixtures that
    act on failure, such as the browser test's screenshots."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


# --- Playwright (browser tests) ---------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def shots(request):
    """Pages to photograph if the test fails (for the CI log's reader)."""
    pages = []
    yield pages
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        out = Path(os.environ.get("BROWSER_SHOTS", "test-results"))
        out.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(pages):
            try:
                page.screenshot(path=str(out / f"{request.node.name}-{index}.png"), full_page=True)
            except Exception:  # a closed page has nothing to show
                pass



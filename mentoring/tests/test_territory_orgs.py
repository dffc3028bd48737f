"""Organisations of a territory (issue 14): each kind's defaults through
``create_organization`` and the receivers of ``organization_created``; the
territory curator's pages for organisations and the first curator account with
its one-time password link."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from mentoring.enums import OrganizationKind, Role
from mentoring.models import Membership, Organization
from mentoring.selectors import audit_events
from mentoring.services import OrganizationError, create_organization
from mentoring.signals import organization_created
from mentoring.territory.services import create_curator_account, update_organization
from reports.models import OrganizationIndicator
from reports.services.indicators_by_kind import KIND_INDICATORS
from roadmap.models import Activity, Roadmap

SCHOOL_FORMS = ["employer-pupil", "pupil-pupil", "schoolteacher-teacher", "student-pupil",
                "teacher-pupil"]


def _create(kind, short_name="Школа", territory=None, **extra):
    organization, _created = create_organization(
        name=short_name + " полное", short_name=short_name, director_name="Е. М. Страхова",
        kind=kind, territory=territory, **extra,
    )
    return organization


def _codes(organization):
    return sorted(organization.programmes.get().forms.values_list("code", flat=True))


@pytest.mark.django_db
def test_a_school_gets_seed_001_roadmap_school_forms_and_school_indicators():
    school = _create(OrganizationKind.SCHOOL)

    roadmap = Roadmap.objects.get(organization=school)
    activities = Activity.objects.filter(stage__roadmap=roadmap)
    assert activities.count() == 23 and roadmap.stages.count() == 7
    first = activities.get(code="1.1")
    assert (first.title, first.confirming_document) == (
        "Информирование коллектива, обучающихся, внешней аудитории о подготовке программы "
        "наставничества", "Пресс-релизы")
    assert activities.get(code="6.3").confirming_document.startswith("Публикация подготовленных")
    assert _codes(school) == SCHOOL_FORMS
    picked = set(OrganizationIndicator.objects.filter(organization=school)
                 .values_list("indicator__code", flat=True))
    assert picked == set(KIND_INDICATORS[OrganizationKind.SCHOOL])
    assert "students-as-mentors" not in picked


@pytest.mark.django_db
def test_a_college_gets_seed_000_roadmap_and_the_eight_indicators():
    college = _create(OrganizationKind.COLLEGE, "Колледж")

    assert Activity.objects.filter(stage__roadmap__organization=college).count() == 41
    assert "pupil-pupil" not in _codes(college) and "student-student" in _codes(college)
    assert OrganizationIndicator.objects.filter(organization=college).count() == 8


@pytest.mark.django_db
def test_an_authority_gets_seed_002_municipal_roadmap_with_dates_of_this_year():
    authority = _create(OrganizationKind.AUTHORITY, "Управление")

    roadmap = Roadmap.objects.get(organization=authority)
    activities = {a.code: a for a in Activity.objects.filter(stage__roadmap=roadmap)}
    assert sorted(activities, key=int) == [str(n) for n in range(1, 15)]
    year = roadmap.academic_year
    update, monitoring = activities["7"], activities["9"]
    assert update.deadline_text == "Ежегодно, сентябрь-октябрь"
    assert update.deadline == year.starts_on.replace(month=10, day=31)
    assert monitoring.deadline_text == "Ежегодно, 2 раза в год (декабрь, май)"
    assert monitoring.deadline == year.ends_on.replace(month=5, day=31)
    assert activities["14"].deadline is None  # «Постоянно, в течение …»
    assert not OrganizationIndicator.objects.filter(organization=authority).exists()


@pytest.mark.django_db
def test_an_enterprise_gets_no_roadmap_and_its_forms_only():
    enterprise = _create(OrganizationKind.ENTERPRISE, "Предприятие")

    assert not Roadmap.objects.filter(organization=enterprise).exists()
    assert _codes(enterprise) == ["employer-pupil", "employer-student"]


@pytest.mark.django_db
def test_the_signal_is_sent_once_for_a_new_organisation_and_a_failing_receiver_rolls_back():
    calls = []

    def receiver(sender, *, organization, academic_year, actor, **kwargs):
        calls.append(organization.short_name)

    organization_created.connect(receiver, dispatch_uid="test.receiver")
    try:
        _create(OrganizationKind.SCHOOL)
        _create(OrganizationKind.SCHOOL)  # the same organisation again: no signal
    finally:
        organization_created.disconnect(dispatch_uid="test.receiver")
    assert calls == ["Школа"]

    def failing(sender, **kwargs):
        raise RuntimeError("receiver failed")

    organization_created.connect(failing, dispatch_uid="test.failing")
    try:
        with pytest.raises(RuntimeError):
            _create(OrganizationKind.SCHOOL, "Другая школа")
    finally:
        organization_created.disconnect(dispatch_uid="test.failing")
    assert not Organization.objects.filter(short_name="Другая школа").exists()
    assert not Roadmap.objects.filter(organization__short_name="Другая школа").exists()


@pytest.mark.django_db
def test_the_core_service_imports_no_feature_app():
    import ast
    import inspect

    from mentoring import services, signals

    for module in (services, signals):
        tree = ast.parse(inspect.getsource(module))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
        assert not {m for m in imported if m.split(".")[0] in {"roadmap", "reports", "pairs",
                                                                "participants", "surveys"}}


@pytest.mark.django_db
def test_create_organization_command_takes_the_kind():
    out = StringIO()
    call_command("create_organization", "--name", "МБОУ «Усовская основная школа»",
                 "--short-name", "Усовская ООШ", "--director-name", "Е. М. Страхова",
                 "--kind", "school", "--curator", "usovo", "--no-input", stdout=out, stderr=StringIO())

    school = Organization.objects.get(short_name="Усовская ООШ")
    assert school.kind == OrganizationKind.SCHOOL
    assert Activity.objects.filter(stage__roadmap__organization=school).count() == 23


@pytest.mark.django_db
def test_create_organization_refuses_an_unknown_kind_and_a_taken_slug():
    with pytest.raises(OrganizationError):
        _create("kindergarten")
    _create(OrganizationKind.SCHOOL, slug="school-3")
    with pytest.raises(OrganizationError, match="school-3"):
        _create(OrganizationKind.SCHOOL, "Вторая", slug="school-3")


@pytest.mark.django_db
def test_update_organization_changes_and_audits_only_what_changed(territory_world):
    school, coordinator = territory_world.school, territory_world.coordinator

    changed = update_organization(school, actor=coordinator, name=school.name, city="Когалым",
                                  slug="", kind=OrganizationKind.SCHOOL)

    assert changed == ["city"]
    assert audit_events("mentoring.organization.updated", obj=school).count() == 1
    assert update_organization(school, actor=coordinator, city="Когалым") == []
    with pytest.raises(OrganizationError):
        update_organization(school, actor=coordinator, kind=OrganizationKind.AUTHORITY)
    with pytest.raises(OrganizationError):
        update_organization(school, actor=coordinator, short_name=territory_world.college.short_name)


@pytest.mark.django_db
def test_curator_account_has_no_password_and_a_taken_login_is_refused(territory_world):
    school, coordinator = territory_world.school, territory_world.coordinator

    user = create_curator_account(organization=school, username="new_curator", first_name="Анна",
                                  last_name="Петрова", actor=coordinator)

    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organization=school, role=Role.CURATOR).exists()
    # asked again before the password is set: the same account (a new link may be issued)
    assert create_curator_account(organization=school, username="new_curator",
                                  actor=coordinator) == user
    with pytest.raises(OrganizationError, match="занят"):
        create_curator_account(organization=territory_world.college, username="new_curator",
                               actor=coordinator)
    with pytest.raises(OrganizationError, match="занят"):
        create_curator_account(organization=school, username="school_curator", actor=coordinator)
    with pytest.raises(OrganizationError):
        create_curator_account(organization=school, username="bad login!", actor=coordinator)


# --- pages ---------------------------------------------------------------------------


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_organisation_list_shows_figures_only(client, territory_world):
    response = _login(client, territory_world.coordinator).get(reverse("territory:organization_list"))

    html = response.content.decode()
    table = html.split('id="territory-organizations"')[1]
    assert response.status_code == 200
    assert "Школа № 3" in table and "КПК" in table and "Управление образования" not in table
    rows = {o.short_name: o.curator_count for o in response.context["page"]}
    assert rows == {"КПК": 1, "Школа № 3": 1}
    assert "school_curator" not in html and "Организации территории" in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["school_curator", "school_director", "head", "college_curator"])
def test_organisation_pages_are_for_the_territory_curator_only(client, territory_world, who):
    _login(client, getattr(territory_world, who))

    assert client.get(reverse("territory:organization_list")).status_code == 404
    assert client.post(reverse("territory:organization_create"), {}).status_code == 404


@pytest.mark.django_db
def test_coordinator_creates_a_school_and_its_curator_who_sets_the_password(client, territory_world):
    _login(client, territory_world.coordinator)
    response = client.post(reverse("territory:organization_create"), {
        "kind": "school", "name": "МБОУ «Усовская основная школа»", "short_name": "Усовская ООШ",
        "director_name": "Е. М. Страхова", "city": "Когалым", "address": "", "slug": "usovo",
    })
    school = Organization.objects.get(short_name="Усовская ООШ")
    assert response["Location"] == reverse("territory:curator_create", args=[school.pk])
    assert (school.territory, school.kind, school.slug) == (
        territory_world.territory, OrganizationKind.SCHOOL, "usovo")
    assert Activity.objects.filter(stage__roadmap__organization=school).count() == 23

    response = client.post(reverse("territory:curator_create", args=[school.pk]), {
        "username": "usovo_curator", "last_name": "Петрова", "first_name": "Анна"})
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    link = response.context["link"]
    assert re.search(r"/account/set-password/[^/]+/[^/]+/$", link)
    assert audit_events("mentoring.password_link.issued").count() == 1
    assert link not in str(list(audit_events().values_list("additional_data", flat=True)))

    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "Задайте пароль" in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {
        "new_password1": "Новый-пароль-куратора-2026", "new_password2": "Новый-пароль-куратора-2026"})
    assert done["Location"] == reverse("accounts:set_password_done")
    assert get_user_model().objects.get(username="usovo_curator").check_password("Новый-пароль-куратора-2026")
    # the link works once
    again = client.get(link, follow=True)
    assert "invalid-link" in again.content.decode()


@pytest.mark.django_db
def test_organisation_form_shows_russian_errors(client, territory_world):
    _login(client, territory_world.coordinator)

    response = client.post(reverse("territory:organization_create"), {
        "kind": "authority", "name": "", "short_name": "КПК", "director_name": "", "slug": "не слаг"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"kind", "name", "short_name", "director_name", "slug"}
    assert "Обязательное поле." in errors["name"]
    assert errors["short_name"] == ["У другой организации уже есть такое краткое наименование."]
    assert Organization.objects.filter(territory=territory_world.territory).count() == 3


@pytest.mark.django_db
def test_coordinator_edits_an_organisation_but_not_another_territorys(client, territory_world):
    from mentoring.tests.factories import OrganizationFactory, TerritoryFactory

    _login(client, territory_world.coordinator)
    school = territory_world.school
    data = {"kind": "school", "name": school.name, "short_name": school.short_name,
            "director_name": school.director_name, "address": "ул. Мира, 1", "city": "Когалым",
            "slug": ""}

    response = client.post(reverse("territory:organization_edit", args=[school.pk]), data)

    assert response["Location"] == reverse("territory:organization_list")
    school.refresh_from_db()
    assert (school.address, school.city) == ("ул. Мира, 1", "Когалым")
    stranger = OrganizationFactory(territory=TerritoryFactory(), kind=OrganizationKind.SCHOOL)
    assert client.get(reverse("territory:organization_edit", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("territory:organization_edit",
                              args=[territory_world.authority.pk])).status_code == 404

"""A fresh installation made usable without the admin or the demo:
``manage.py create_organization`` and the ``create_organization`` service."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from mentoring.enums import Role
from mentoring.models import Membership, MentoringKind, Organization
from mentoring.services import OrganizationError, create_organization
from participants.models import Participant

STAFF_LIST = Path(settings.BASE_DIR) / "mentoring/demo/applicants_staff.xlsx"
NAMES = [
    "--name", "ГПОУ «Кемеровский техникум»", "--short-name", "ГПОУ КТ",
    "--director-name", "И. И. Иванова", "--city", "Кемерово",
]


def can_log_in(username: str, password: str) -> bool:
    return get_user_model().objects.get(username=username).check_password(password)


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_organization", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_refuses_on_a_fresh_installation_until_an_organisation_exists():
    with pytest.raises(CommandError, match="организаций в системе — 0"):
        call_command("import_applicants", str(STAFF_LIST), stdout=StringIO(), stderr=StringIO())

    run(*NAMES, "--curator", "kurator", "--no-input")
    call_command("import_applicants", str(STAFF_LIST), stdout=StringIO(), stderr=StringIO())

    organization = Organization.objects.get()
    assert Participant.objects.filter(organization=organization).count() == 60


@pytest.mark.django_db
def test_create_organization_makes_a_working_organisation_with_its_curator_and_director():
    output = run(*NAMES, "--address", "650000, г. Кемерово", "--curator", "kurator",
                 "--curator-last-name", "Петрова", "--director", "direktor", "--no-input")

    organization = Organization.objects.get()
    assert (organization.name, organization.short_name, organization.director_name,
            organization.city, organization.address) == (
        "ГПОУ «Кемеровский техникум»", "ГПОУ КТ", "И. И. Иванова", "Кемерово", "650000, г. Кемерово")
    programme = organization.programmes.get()
    # a college by default: the five forms of seed 000 §6, not the school ones (issue 14)
    assert sorted(programme.forms.values_list("code", flat=True)) == [
        "employer-student", "student-pupil", "student-student", "teacher-student",
        "teacher-teacher"]
    assert programme.kinds.count() == MentoringKind.objects.count() > 0
    assert sorted(Membership.objects.values_list("user__username", "role")) == [
        ("direktor", Role.DIRECTOR), ("kurator", Role.CURATOR)]
    assert "Организация «ГПОУ КТ» создана" in output
    passwords = dict(re.findall(r"(\w+) — пароль (\S+) ", output))
    assert set(passwords) == {"kurator", "direktor"}
    curator = get_user_model().objects.get(username="kurator")
    assert curator.check_password(passwords["kurator"]) and curator.last_name == "Петрова"


@pytest.mark.django_db
def test_create_organization_takes_passwords_from_a_file(tmp_path):
    secrets_file = tmp_path / "passwords"
    secrets_file.write_text("Куратор-пароль-2026\nДиректор-пароль-2026\n", encoding="utf-8")

    output = run(*NAMES, "--curator", "kurator", "--director", "direktor",
                 "--password-file", str(secrets_file))

    assert can_log_in("kurator", "Куратор-пароль-2026")
    assert can_log_in("direktor", "Директор-пароль-2026")
    assert "Куратор-пароль-2026" not in output


@pytest.mark.django_db
def test_create_organization_refuses_a_weak_password_before_writing(tmp_path):
    secrets_file = tmp_path / "passwords"
    secrets_file.write_text("12345\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Пароль для kurator не принят"):
        run(*NAMES, "--curator", "kurator", "--password-file", str(secrets_file))

    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_create_organization_again_changes_nothing_and_keeps_the_password():
    first = run(*NAMES, "--curator", "kurator", "--no-input")
    password = re.search(r"пароль (\S+) ", first).group(1)

    second = run(*NAMES, "--curator", "kurator", "--no-input")

    assert Organization.objects.count() == 1
    assert "уже есть" in second and "пароль не изменён" in second
    assert can_log_in("kurator", password)


@pytest.mark.django_db
def test_create_organization_refuses_a_short_name_taken_by_another():
    run(*NAMES, "--curator", "kurator", "--no-input")

    with pytest.raises(CommandError, match="Краткое наименование «ГПОУ КТ» уже занято"):
        run("--name", "ГПОУ «Другой техникум»", "--short-name", "ГПОУ КТ",
            "--director-name", "П. П. Петров", "--curator", "other", "--no-input")


@pytest.mark.django_db
def test_create_organization_service_requires_the_names():
    with pytest.raises(OrganizationError):
        create_organization(name=" ", short_name="КТ", director_name="И. И. Иванова")
    organization, created = create_organization(
        name="ГПОУ «Кемеровский техникум»", short_name="ГПОУ КТ", director_name="И. И. Иванова")
    again, created_again = create_organization(
        name="ГПОУ «Кемеровский техникум»", short_name="ГПОУ КТ", director_name="И. И. Иванова")
    assert (created, created_again, again) == (True, False, organization)


@pytest.mark.django_db
def test_create_organization_asks_for_the_password_on_a_terminal(monkeypatch):
    from mentoring.management.commands import create_organization as command

    answers = iter(["не-тот-пароль-2026", "другой-пароль-2026",  # do not match: asked again
                    "Куратор-пароль-2026", "Куратор-пароль-2026"])
    monkeypatch.setattr(command.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(command.getpass, "getpass", lambda prompt: next(answers))

    output = run(*NAMES, "--curator", "kurator")

    assert can_log_in("kurator", "Куратор-пароль-2026")
    assert "создана с заданным паролем" in output

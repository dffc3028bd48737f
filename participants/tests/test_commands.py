"""``manage.py import_applicants``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentoring.tests.factories import OrganizationFactory
from participants.models import Mentee, Mentor, Participant

from .helpers import xlsx_bytes

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_applicants", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_applicants_imports_the_samples(organization, samples):
    out, err = _run(str(samples / "applicants_students.xlsx"), str(samples / "applicants_staff.xlsx"))
    assert "создано 320, обновлено 0, без изменений 0 (наставников 31, наставляемых 289), ошибок 0" in out
    assert "создано 60, обновлено 0, без изменений 0 (наставников 18, наставляемых 42), ошибок 0" in out
    assert err == ""
    assert (Participant.objects.count(), Mentor.objects.count(), Mentee.objects.count()) == (380, 49, 331)


def test_import_applicants_fails_on_a_file_with_errors(organization, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([
        ["Фамилия", "Имя", "Группа", "E-mail", "Роль"],
        ["Иванов", "Иван", "ИС-1", "ivan@example", "наставник"],
        ["Петров", "", "ИС-1", "petr@example.ru", "ученик"],
    ]))
    err = StringIO()
    with pytest.raises(CommandError, match="^Не импортировано файлов: 1 из 1; из них ничего не сохранено.$"):
        call_command("import_applicants", str(bad), stdout=StringIO(), stderr=err)
    text = err.getvalue()
    assert "строка 2, столбец «E-mail»: Неверный адрес e-mail «ivan@example»." in text
    assert "строка 3, столбец «Имя»: Не указано имя." in text
    assert "строка 3, столбец «Роль»: Неизвестная роль «ученик»" in text
    assert Participant.objects.count() == 0


def test_import_applicants_refuses_a_non_workbook(organization, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("hello")
    with pytest.raises(CommandError):
        _run(str(bad))
    assert Participant.objects.count() == 0


def test_import_applicants_needs_the_organisation_when_there_are_several(organization, other_organization, samples):
    path = str(samples / "applicants_employers.xlsx")
    with pytest.raises(CommandError, match="--organization"):
        _run(path)
    _run(path, "--organization", other_organization.short_name)
    assert set(Participant.objects.values_list("organization", flat=True)) == {other_organization.pk}
    _run(path, "--organization", str(organization.pk))
    assert Participant.objects.filter(organization=organization).count() == 25
    with pytest.raises(CommandError, match="«Нет такой»"):
        _run(path, "--organization", "Нет такой")


def test_import_applicants_without_organisations_fails(db, samples):
    with pytest.raises(CommandError):
        _run(str(samples / "applicants_employers.xlsx"))
    OrganizationFactory()
    _run(str(samples / "applicants_employers.xlsx"))
    assert Participant.objects.count() == 25

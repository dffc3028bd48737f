"""The base of successful practices (seed 000 stage 7.5): the curator adds,
edits, publishes and deletes; the director and the working group read; the
file is checked (type by content, size) and stored under a random name."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.enums import Role
from mentoring.models import AcademicYear
from mentoring.tests.factories import MembershipFactory, UserFactory, teacher_teacher_form
from reports.models import Practice
from reports.services.practices import PracticeError, check_practice_file, create_practice

from .conftest import mentor_of


@pytest.fixture
def world(territory_world):
    return territory_world


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _post_data(**extra):
    data = {"title": "Наставник рядом", "academic_year": AcademicYear.current().pk,
            "form": teacher_teacher_form().pk, "summary": "Кейс", "results": "Итоги"}
    data.update(extra)
    return data


def test_curator_adds_a_practice_with_a_file_stored_under_a_safe_name(client, world):
    mentor = mentor_of(world.college)
    client.force_login(world.college_curator)
    upload = SimpleUploadedFile("../../Иванов кейс.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("reports:practice_create"),
                           _post_data(mentor=mentor.pk, file=upload))
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:practice_detail", args=[practice.pk])
    assert (practice.organization, practice.mentor, practice.title) == (world.college, mentor, "Наставник рядом")
    assert practice.file.name.startswith("practices/%d/" % world.college.pk)
    assert "Иванов" not in practice.file.name and ".." not in practice.file.name
    download = client.get(reverse("reports:practice_file", args=[practice.pk]))
    assert download.status_code == 200
    assert 'filename="practice-%d.pdf"' % practice.pk in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.parametrize("name,content,message", [
    ("case.exe", b"MZ", "Можно приложить только файл PDF, DOCX, ODT, JPEG или PNG."),
    ("case.pdf", b"just text", "Содержимое файла не соответствует формату PDF"),
    ("case.docx", b"PK\x03\x04not a zip", "Содержимое файла не соответствует формату DOCX"),
    ("case.pdf", b"", "Отправленный файл пуст."),
])
def test_practice_file_is_checked_with_russian_messages(client, world, name, content, message):
    client.force_login(world.college_curator)
    response = client.post(reverse("reports:practice_create"),
                           _post_data(file=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Practice.objects.exists()


def test_practice_file_accepts_a_real_docx_and_refuses_a_large_file(world):
    assert check_practice_file(SimpleUploadedFile("a.docx", _docx())) == ".docx"
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(PracticeError, match="больше 10 МБ"):
        check_practice_file(big)


def test_practice_needs_a_title_a_summary_and_a_mentor_of_the_organisation(client, world):
    stranger = mentor_of(world.school)
    client.force_login(world.college_curator)
    response = client.post(reverse("reports:practice_create"),
                           _post_data(title=" ", summary="", mentor=stranger.pk))
    text = response.content.decode()
    assert "Укажите название практики." in text
    assert "Опишите практику в нескольких предложениях." in text
    assert not Practice.objects.exists()
    with pytest.raises(PracticeError, match="вашей организации"):
        create_practice(world.college, actor=world.college_curator, title="T", summary="S",
                        mentor=stranger, academic_year=AcademicYear.current())


def _practice(organization, **fields):
    fields.setdefault("academic_year", AcademicYear.current())
    fields.setdefault("title", "Кейс")
    return Practice.objects.create(organization=organization, summary="Описание", **fields)


def test_curator_edits_publishes_and_deletes_after_confirmation(client, world):
    practice = _practice(world.college)
    client.force_login(world.college_curator)
    response = client.post(reverse("reports:practice_edit", args=[practice.pk]),
                           _post_data(title="Новое название"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Новое название"
    client.post(reverse("reports:practice_publish", args=[practice.pk]), {"published": "1"})
    practice.refresh_from_db()
    assert practice.published
    confirm = client.get(reverse("reports:practice_delete", args=[practice.pk]))
    assert "Удалить практику и её файл?" in confirm.content.decode()
    assert Practice.objects.filter(pk=practice.pk).exists()
    client.post(reverse("reports:practice_delete", args=[practice.pk]))
    assert not Practice.objects.filter(pk=practice.pk).exists()


def test_director_and_working_group_read_but_do_not_change(client, world):
    practice = _practice(world.college)
    reader = UserFactory(username="wg")
    MembershipFactory(user=reader, organization=world.college, role=Role.WORKING_GROUP)
    for user in (world.college_director, reader):
        client.force_login(user)
        assert client.get(reverse("reports:practice_list")).status_code == 200
        assert client.get(reverse("reports:practice_detail", args=[practice.pk])).status_code == 200
        assert client.get(reverse("reports:practice_create")).status_code == 403
        assert client.get(reverse("reports:practice_edit", args=[practice.pk])).status_code == 403
        assert client.post(reverse("reports:practice_delete", args=[practice.pk])).status_code == 403
        assert client.post(reverse("reports:practice_publish", args=[practice.pk]),
                           {"published": "1"}).status_code == 403
    practice.refresh_from_db()
    assert not practice.published


def test_practice_list_search_year_form_filters_and_pages(client, world, settings):
    settings.PAGE_SIZE = 2
    form = teacher_teacher_form()
    old = AcademicYear.objects.create(title="2020/2021", starts_on="2020-09-01", ends_on="2021-08-31")
    _practice(world.college, title="Цифровой наставник", form=form)
    _practice(world.college, title="Старый кейс", academic_year=old)
    _practice(world.college, title="Третий кейс")
    _practice(world.school, title="Чужой кейс")
    client.force_login(world.college_curator)
    url = reverse("reports:practice_list")
    text = client.get(url, {"q": "цифровой"}).content.decode()
    assert "Цифровой наставник" in text and "Старый кейс" not in text
    text = client.get(url, {"academic_year": old.pk}).content.decode()
    assert "Старый кейс" in text and "Третий кейс" not in text
    text = client.get(url, {"form": form.pk}).content.decode()
    assert "Цифровой наставник" in text and "Третий кейс" not in text
    first = client.get(url).content.decode()
    assert "Чужой кейс" not in first and "Страница 1 из 2" in first


def test_mentor_and_other_organisation_cannot_reach_practices(client, world, alice):
    practice = _practice(world.college)
    client.force_login(alice)
    assert client.get(reverse("reports:practice_list")).status_code == 403
    assert client.get(reverse("reports:practice_detail", args=[practice.pk])).status_code == 404
    client.force_login(world.school_curator)
    assert client.get(reverse("reports:practice_detail", args=[practice.pk])).status_code == 404
    assert client.post(reverse("reports:practice_delete", args=[practice.pk])).status_code == 404
    assert Practice.objects.filter(pk=practice.pk).exists()

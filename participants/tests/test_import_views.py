"""The import pages: upload, background check, manual column mapping, preview,
confirmation, errors as a workbook (issue 3, items 2, 4, 6)."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from mentoring.tests.factories import UserFactory
from mentoring.tests.worker import running_worker, skip_without_services, wait_until
from participants.enums import ImportStatus
from participants.models import ApplicantImport, ColumnMapping, Consent, Mentee, MenteeRequest, Mentor, Participant

from .helpers import STUDENT_HEADER, entity_expansion_xlsx, sample_upload, upload, xlsx_bytes, zip_bomb_xlsx

pytestmark = pytest.mark.django_db

UPLOAD = reverse("participants:import_upload")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def post_and_run(curator_client, django_capture_on_commit_callbacks):
    """POST as the curator and run the jobs queued after commit (eager Celery)."""

    def post(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return curator_client.post(url, data or {}, **kwargs)

    return post


def _counts():
    return (Participant.objects.count(), Mentor.objects.count(), Mentee.objects.count(),
            MenteeRequest.objects.count(), Consent.objects.count())


def test_import_upload_preview_and_confirm(curator_client, post_and_run, samples, organization):
    response = curator_client.get(UPLOAD)
    assert response.status_code == 200
    assert "Пока не загружено ни одного списка." in response.content.decode()

    response = post_and_run(UPLOAD, {"file": sample_upload(samples / "applicants_employers.xlsx")})
    applicant_import = ApplicantImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:import_detail", args=[applicant_import.pk])

    page = curator_client.get(response["Location"]).content.decode()
    assert "Подтвердить импорт" in page
    assert "Кудрявцев Ананий Феофанович" in page
    assert Participant.objects.count() == 0

    response = post_and_run(response["Location"])
    response = curator_client.get(response["Location"] + "?done=1")
    page = response.content.decode()
    assert "Список импортирован: новых 25, обновлено 0, без изменений 0." in page
    assert reverse("participants:mentor_list") in page
    assert "Подтвердить импорт" not in page
    assert Mentor.objects.filter(participant__organization=organization).count() == 25
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.APPLIED
    # the upload page lists recent imports with their counts, not their whole reports
    upload = curator_client.get(UPLOAD)
    (recent,) = list(upload.context["recent"])
    assert "report" in recent.get_deferred_fields()
    assert tuple(str(value) for value in (recent.created_count, recent.updated_count, recent.errors_count)) == ("25", "0", "0")
    assert '<td class="text-end">25</td>' in upload.content.decode()


def test_upload_is_checked_in_the_background_and_the_page_shows_progress(
    curator_client, samples, organization
):
    """Without the job having run (as when a worker is busy) the page shows the
    progress bar and polls; the status fragment answers until the job is over,
    then sends the browser back to the page."""
    response = curator_client.post(UPLOAD, {"file": sample_upload(samples / "applicants_employers.xlsx")})
    applicant_import = ApplicantImport.objects.get()
    assert applicant_import.status == ImportStatus.CHECKING
    page = curator_client.get(response["Location"]).content.decode()
    status_url = reverse("participants:import_status", args=[applicant_import.pk])
    assert f'hx-get="{status_url}"' in page and "Файл читается и проверяется" in page
    assert "Подтвердить импорт" not in page

    cache.set(f"participants:import-progress:{applicant_import.pk}", 40)
    fragment = curator_client.get(status_url)
    assert fragment.status_code == 200 and 'data-progress="40"' in fragment.content.decode()

    from participants.services.importing import check_import

    check_import(applicant_import)
    done = curator_client.get(status_url)
    assert done.status_code == 204
    assert done["HX-Redirect"] == reverse("participants:import_detail", args=[applicant_import.pk])


def test_import_preview_with_errors_offers_the_error_workbook(curator_client, post_and_run, alice):
    rows = [STUDENT_HEADER,
            [1, "", "Пётр", "", "01.02.2005", "ИС-1", 1, "", "p@example.ru", "наставляемый", "", "да"],
            [2, "Орлов", "Олег", "", "01.02.2005", "ИС-1", 1, "", "o@example", "никто", "", "да"],
            [3, "Верный", "Иван", "", "01.02.2005", "ИС-1", 1, "", "v@example.ru", "наставляемый", "", "да"]]
    before = _counts()
    response = post_and_run(UPLOAD, {"file": upload(xlsx_bytes(rows))})
    response = curator_client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Подтвердить импорт" not in page
    assert "Исправьте файл и загрузите снова." in page
    assert "Не указана фамилия." in page and "Неверный адрес e-mail «o@example»." in page
    applicant_import = ApplicantImport.objects.get()
    assert [(e["row"], e["column"]) for e in applicant_import.errors] == [
        (2, "Фамилия"), (3, "E-mail"), (3, "Роль в программе"),
    ]
    errors_url = reverse("participants:import_errors", args=[applicant_import.pk])
    assert errors_url in page

    download = curator_client.get(errors_url)
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''list%20%E2%80%94%20%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B8.xlsx"
    )  # «list — ошибки.xlsx»
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][0] == "Строка" and table[0][-1] == "Ошибки" and table[0][2] == "Фамилия"
    assert [r[0] for r in table[1:]] == [2, 3]  # only the rows with errors, the good row 4 is not there
    assert table[2][3] == "Олег" and "E-mail: Неверный адрес e-mail «o@example»." in table[2][-1]
    assert "Роль в программе: " in table[2][-1]

    # a forged confirmation is refused too
    response = post_and_run(reverse("participants:import_detail", args=[applicant_import.pk]))
    response = curator_client.get(response["Location"])
    assert "Этот список нельзя импортировать" in response.content.decode()
    assert _counts() == before


def test_unrecognised_header_is_mapped_by_hand_and_remembered(curator_client, post_and_run, organization):
    """Headers nobody foresaw: the curator maps the columns, saves the mapping,
    and the next file with the same titles is read without asking."""
    rows = [["Список слушателей"],
            ["Слушатель", "Родился", "Поток", "Почта", "Кем будет", "Согласен"],
            ["Белова Анна Игоревна", "03.04.2001", "ИС-21", "belova@example.ru", "наставник", "да"],
            ["Громов Пётр", "05.06.2000", "ИС-21", "gromov@example.ru", "наставник", "да"]]
    post_and_run(UPLOAD, {"file": upload(xlsx_bytes(rows), "слушатели.xlsx")})
    applicant_import = ApplicantImport.objects.get()
    assert applicant_import.status == ImportStatus.NEEDS_MAPPING
    detail = curator_client.get(applicant_import.get_absolute_url()).content.decode()
    mapping_url = reverse("participants:import_mapping", args=[applicant_import.pk])
    assert mapping_url in detail and "Сопоставить столбцы" in detail

    page = curator_client.get(mapping_url).content.decode()
    assert "Белова Анна Игоревна" in page and "Слушатель" in page

    # the same field twice is refused with a message naming both columns
    bad = post_and_run(mapping_url, {"header_row": 2, "col_0": "full_name", "col_1": "full_name"})
    assert bad.status_code == 200 and "Столбцы A и B" in bad.content.decode()
    assert Participant.objects.count() == 0

    mapping = {"header_row": 2, "col_0": "full_name", "col_1": "birth_date", "col_2": "study_group",
               "col_3": "email", "col_4": "role", "col_5": "consent",
               "remember_as": "Слушатели курсов"}
    response = post_and_run(mapping_url, mapping)
    assert response.status_code == 302
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.PREVIEW, applicant_import.report
    assert [r["full_name"] for r in applicant_import.rows] == ["Белова Анна Игоревна", "Громов Пётр"]
    saved = ColumnMapping.objects.get()
    assert saved.name == "Слушатели курсов" and saved.columns["email"] == 3

    post_and_run(applicant_import.get_absolute_url())
    assert Participant.objects.filter(email="belova@example.ru", study_group="ИС-21").exists()

    rows[2][3] = "belova.new@example.ru"
    rows.append(["Сидоров Иван Ильич", "01.01.1999", "ИС-22", "sidorov@example.ru", "наставник", "да"])
    post_and_run(UPLOAD, {"file": upload(xlsx_bytes(rows), "слушатели-2.xlsx")})
    second = ApplicantImport.objects.latest("pk")
    assert second.status == ImportStatus.PREVIEW
    # Белова has a new e-mail but the same name and birth date: updated; Громов unchanged
    assert (second.report["counts"]["create"], second.report["counts"]["update"],
            second.report["counts"]["unchanged"]) == (1, 1, 1)


def test_mapping_without_name_columns_is_refused(curator_client, post_and_run):
    rows = [["Колонка 1", "Колонка 2"], ["ИС-21", "x@example.ru"]]
    post_and_run(UPLOAD, {"file": upload(xlsx_bytes(rows))})
    applicant_import = ApplicantImport.objects.get()
    mapping_url = reverse("participants:import_mapping", args=[applicant_import.pk])
    response = post_and_run(mapping_url, {"header_row": 1, "col_0": "study_group", "col_1": "email"})
    assert response.status_code == 200
    assert "ФИО" in response.content.decode()
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.NEEDS_MAPPING and not applicant_import.mapping


@pytest.mark.parametrize(
    ("payload", "name", "message"),
    [
        (b"", "list.xlsx", "пуст"),
        (entity_expansion_xlsx(), "list.xlsx", "недопустимые конструкции XML"),
        (zip_bomb_xlsx(), "bomb.xlsx", "«zip-бомбу»"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.xlsx", "не"),
    ],
    ids=["empty", "entity-expansion", "zip-bomb", "png-renamed"],
)
def test_import_upload_refuses_bad_files_without_500(curator_client, payload, name, message):
    response = curator_client.post(UPLOAD, {"file": upload(payload, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ApplicantImport.objects.count() == 0 and Participant.objects.count() == 0


def test_import_upload_refuses_too_big_file(curator_client, samples, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2048
    response = curator_client.post(UPLOAD, {"file": sample_upload(samples / "applicants_students.xlsx")})
    assert response.status_code == 200
    assert "Файл слишком большой" in response.content.decode()
    assert ApplicantImport.objects.count() == 0


def test_import_pages_are_for_curators_only(client, director, alice, bob, charlie, curator, samples, organization):
    before = Participant.objects.count()
    client.force_login(curator)
    client.post(UPLOAD, {"file": sample_upload(samples / "applicants_employers.xlsx")})
    pk = ApplicantImport.objects.get().pk
    urls = [reverse(f"participants:{name}", args=[pk])
            for name in ("import_detail", "import_status", "import_mapping", "import_errors")]
    for user in (director, alice, bob, charlie):
        client.force_login(user)
        if user is not charlie:
            assert client.get(UPLOAD).status_code == 403
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(urls[0]).status_code == 404
    assert Participant.objects.count() == before


def test_import_by_a_superuser_without_organisation_is_refused_plainly(client, samples):
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(UPLOAD, {"file": sample_upload(samples / "applicants_employers.xlsx")})
    assert response.status_code == 200
    assert "Вы не состоите ни в одной организации" in response.content.decode()
    assert ApplicantImport.objects.count() == 0


def test_import_page_requires_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_checks_and_imports_a_list(curator_client, samples, organization, tmp_path):
    """Through Redis and a real worker: the upload returns at once, the job
    checks the list, the confirmation is written by another job."""
    skip_without_services()
    with running_worker(tmp_path, "imports") as log_path:
        response = curator_client.post(UPLOAD, {"file": sample_upload(samples / "applicants_students.xlsx")})
        assert response.status_code == 302
        applicant_import = ApplicantImport.objects.get()

        def status_is(*wanted):
            applicant_import.refresh_from_db()
            return applicant_import.status in wanted

        wait_until(lambda: status_is(ImportStatus.PREVIEW, ImportStatus.REFUSED, ImportStatus.FAILED),
                   seconds=60, log_path=log_path, what="the check")
        assert applicant_import.status == ImportStatus.PREVIEW, applicant_import.message
        assert applicant_import.report["counts"]["create"] == 320
        curator_client.post(applicant_import.get_absolute_url())
        wait_until(lambda: status_is(ImportStatus.APPLIED, ImportStatus.REFUSED),
                   seconds=60, log_path=log_path, what="the import")
        assert applicant_import.status == ImportStatus.APPLIED
        assert Participant.objects.filter(organization=organization).count() == 320


def test_an_upload_over_the_limit_is_not_even_stored(curator_client, settings):
    """The upload handler skips the file while it arrives; the page says why."""
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    payload = b"PK\x03\x04" + b"\x00" * (200 * 1024)
    response = curator_client.post(UPLOAD, {"file": upload(payload, "huge.xlsx")})
    assert response.status_code == 200
    assert "Файл слишком большой: допускается не более" in response.content.decode()
    assert ApplicantImport.objects.count() == 0

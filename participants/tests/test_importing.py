"""The applicant-list import service: the three sample workbooks, re-import,
row errors, header and name handling, dedupe, consents, query budget."""

import datetime
from collections import Counter

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.enums import ParticipantCategory
from mentoring.selectors import audit_events, event_data
from mentoring.tests.factories import MenteeFactory, MentorFactory, ParticipantFactory
from participants.enums import (
    ConsentGiver,
    ConsentStatus,
    ImportStatus,
    MenteeStatus,
    MentorStatus,
    NeedCategory,
)
from participants.models import ApplicantImport, Consent, Mentee, MenteeRequest, Mentor, Participant
from participants.services.importing import (
    ImportRefused,
    apply_import,
    import_files,
    preview_import,
)

from . import filebuilders as fb
from .helpers import STUDENT_HEADER, sample_upload, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _sample_facts(path) -> dict:
    """Read a sample workbook with openpyxl alone: roles, minors, consents."""
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], [r for r in rows[1:] if any(v is not None for v in r)]
    col = {name: i for i, name in enumerate(header)}
    today = timezone.localdate()
    facts = {"rows": len(body), "roles": Counter(), "minors": 0, "adult_yes": 0, "adult_no": 0}
    role_column = col.get("Роль в программе", col.get("Роль"))
    for r in body:
        role = "наставник" if role_column is None else r[role_column].strip().lower()
        facts["roles"][role] += 1
        if "Дата рождения" in col:
            minor = _age(r[col["Дата рождения"]].date(), today) < 18
            facts["minors"] += minor
            if not minor:
                yes = r[col["Согласие на обработку ПДн"]].strip().lower() == "да"
                facts["adult_yes" if yes else "adult_no"] += 1
    return facts


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Participant.objects.count(), Mentor.objects.count(), Mentee.objects.count(),
        MenteeRequest.objects.count(), Consent.objects.count(),
    )


def test_students_sample_previews_and_imports_with_exact_counts(organization, curator, samples):
    path = samples / "applicants_students.xlsx"
    facts = _sample_facts(path)
    assert facts["rows"] == 320 and facts["roles"] == {"наставник": 31, "наставляемый": 289}

    preview = preview_import(organization=organization, uploaded_file=sample_upload(path), actor=curator)
    assert preview.status == ImportStatus.PREVIEW
    assert preview.errors == []
    assert preview.report["counts"] == {
        "create": 320, "update": 0, "unchanged": 0, "errors": 0, "mentors": 31, "mentees": 289,
    }
    assert Participant.objects.count() == 0  # a preview writes nothing

    applied = apply_import(preview, actor=curator)
    assert applied.status == ImportStatus.APPLIED and applied.applied_at is not None
    people = Participant.objects.filter(organization=organization)
    assert people.count() == 320
    assert set(people.values_list("category", flat=True)) == {ParticipantCategory.STUDENT}
    assert Mentor.objects.filter(participant__organization=organization).count() == 31
    assert Mentee.objects.filter(participant__organization=organization).count() == 289
    assert sum(p.is_minor for p in people) == facts["minors"]
    assert Counter(people.values_list("consent_status", flat=True)) == {
        ConsentStatus.GIVEN: facts["adult_yes"],
        ConsentStatus.MISSING: facts["adult_no"],
        ConsentStatus.REPRESENTATIVE_REQUIRED: facts["minors"],
    }
    assert sum(r["minor"] for r in applied.rows) == facts["minors"]
    assert set(Mentor.objects.values_list("status", "capacity")) == {(MentorStatus.CANDIDATE, 1)}
    # a mentee enters the base with the consent that counts; the others stay applicants
    statuses = Counter(
        (m.participant.consent_status == ConsentStatus.GIVEN, m.status)
        for m in Mentee.objects.select_related("participant")
    )
    assert set(statuses) == {(True, MenteeStatus.IN_BASE), (False, MenteeStatus.APPLICANT)}


def test_students_sample_fields_are_cleaned(organization, curator, samples):
    import_files(organization=organization, paths=[samples / "applicants_students.xlsx"], actor=curator)
    first = Participant.objects.get(email="naumov1@student.example.ru")
    assert (first.surname, first.name, first.patronymic) == ("Наумов", "Борис", "Харлампович")
    assert first.birth_date == datetime.date(2005, 6, 24)
    assert (first.study_group, first.course) == ("ГД-23-1", 3)
    assert first.specialty == "21.02.15 Открытые горные работы"
    assert first.phone == "+78056931661"  # «+7 (805) 693-16-61»
    assert Participant.objects.get(email="soloveva2@student.example.ru").phone == "+71609088133"  # «8 160 …»
    assert list(first.mentee_profile.requests.values_list("text", flat=True)) == [
        "спорт", "участие в чемпионате «Профессионалы»",
    ]
    consent = first.consents.get()
    assert (consent.given_by, consent.received_via, consent.given_on) == (
        ConsentGiver.SELF, "application", timezone.localdate(),
    )
    assert consent.text_version == "2026-1" and "matching" in consent.purposes
    mentor = Participant.objects.get(email="voroncov7@student.example.ru").mentor_profile
    assert mentor.interests == "спорт, повышение успеваемости, подготовка к демонстрационному экзамену"


def test_staff_sample_splits_full_names_and_infers_young_specialists(organization, curator, samples):
    path = samples / "applicants_staff.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    young = sum(1 for r in body if r[7] == "наставляемый" and r[2] <= 3)

    preview = preview_import(organization=organization, uploaded_file=sample_upload(path), actor=curator)
    assert preview.report["counts"] == {
        "create": 60, "update": 0, "unchanged": 0, "errors": 0, "mentors": 18, "mentees": 42,
    }
    apply_import(preview, actor=curator)
    assert Participant.objects.count() == 60
    assert Counter(Participant.objects.values_list("category", flat=True)) == {
        ParticipantCategory.YOUNG_SPECIALIST: young, ParticipantCategory.TEACHER: 60 - young,
    }
    assert Mentee.objects.filter(need_category=NeedCategory.YOUNG_TEACHER).count() == young
    osipova = Participant.objects.get(email="osipova1@college.example.ru")
    assert (osipova.surname, osipova.name, osipova.patronymic) == ("Осипова", "Виктория", "Ефимовна")
    assert (osipova.position, osipova.teaching_experience_years, osipova.qualification_category) == (
        "преподаватель", 0, "без категории",
    )
    assert osipova.consent_status == ConsentStatus.MISSING  # no consent column
    assert Consent.objects.count() == 0
    prohorova = Participant.objects.get(email="prohorova6@college.example.ru")
    assert list(prohorova.mentee_profile.requests.values_list("text", flat=True)) == [
        "подготовка к аттестации", "ИКТ-компетенции", "работа с документацией",
    ]
    assert set(Mentor.objects.values_list("capacity", flat=True)) == {3}
    assert Participant.objects.get(email="siraev2@college.example.ru").mentor_profile.competencies == (
        "воспитательная работа"
    )


def test_employers_sample_are_all_mentors(organization, curator, samples):
    (result,) = import_files(
        organization=organization, paths=[samples / "applicants_employers.xlsx"], actor=curator
    )
    assert result.report["counts"] == {
        "create": 25, "update": 0, "unchanged": 0, "errors": 0, "mentors": 25, "mentees": 0,
    }
    assert Mentor.objects.count() == 25 and Mentee.objects.count() == 0
    assert set(Participant.objects.values_list("category", flat=True)) == {ParticipantCategory.EMPLOYER_REP}
    assert set(Mentor.objects.values_list("capacity", flat=True)) == {2}
    first = Participant.objects.get(email="kudravcev1@partner.example.ru")
    assert (first.employer, first.position) == ("ООО «СтройИнвест»", "ведущий специалист")
    assert first.mentor_profile.competencies == "чемпионат «Профессионалы», стажировка"


def test_import_applied_is_audited_once_per_batch(organization, curator, samples):
    (result,) = import_files(
        organization=organization, paths=[samples / "applicants_employers.xlsx"], actor=curator
    )
    entry = audit_events("participants.import.applied").get()
    assert (entry.actor, entry.additional_data["organization_id"], entry.object_pk) == (curator, organization.pk, str(result.pk))
    assert event_data(entry) == {"sha256": result.sha256, "created": 25, "updated": 0, "unchanged": 0}
    assert len(result.sha256) == 64


def test_importing_the_same_file_twice_changes_nothing(organization, curator, samples):
    path = samples / "applicants_students.xlsx"
    import_files(organization=organization, paths=[path], actor=curator)
    before = _counts()
    again = preview_import(organization=organization, uploaded_file=sample_upload(path), actor=curator)
    assert again.report["counts"] == {
        "create": 0, "update": 0, "unchanged": 320, "errors": 0, "mentors": 31, "mentees": 289,
    }
    assert {row["action"] for row in again.rows} == {"unchanged"}
    apply_import(again, actor=curator)
    assert _counts() == before


def test_apply_import_twice_is_refused(organization, curator, samples):
    (result,) = import_files(
        organization=organization, paths=[samples / "applicants_employers.xlsx"], actor=curator
    )
    with pytest.raises(ImportRefused, match="уже импортирован"):
        apply_import(result, actor=curator)
    assert Participant.objects.count() == 25


def _bad_rows_workbook() -> bytes:
    future = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    rows = [
        STUDENT_HEADER,
        [1, "Иванов", "Иван", "Иванович", "01.02.2004", "ИС-22-1", 4, "89161234567", "ivanov@example.ru", "наставник", "спорт", "да"],
        [2, "", "Пётр", "Петрович", "01.02.2005", "ИС-22-1", 4, "89161234568", "petrov@example.ru", "наставляемый", "спорт", "да"],
        [3, "Сидоров", "Семён", "", future, "ИС-22-1", 4, "89161234569", "sidorov@example.ru", "наставляемый", "", "да"],
        [4, "Козлов", "Кирилл", "", "03.03.2005", "ИС-22-1", 4, "89161234570", "kozlov@@example", "наставляемый", "", "да"],
        [5, "Орлов", "Олег", "", "04.04.2005", "ИС-22-1", 4, "89161234571", "orlov@example.ru", "куратор", "", "да"],
        [6, "Новиков", "Никита", "", "05.05.2005", "ИС-22-1", 4, "89161234572", "IVANOV@example.ru", "наставляемый", "", "да"],
        [7, "иванов", "Иван", "Иванович", datetime.datetime(2004, 2, 1), "ИС-22-1", 4, "", "other@example.ru", "наставляемый", "", "да"],
        [8, "Фёдоров", "Фёдор", "", "31.02.2005", "ИС-22-1", 4, "12345", "fedorov@example.ru", " Наставляемый ", "", "может быть"],
    ]
    return xlsx_bytes(rows)


def test_bad_rows_are_refused_with_every_error_and_nothing_saved(organization, curator, alice, bob):
    before = _counts()
    preview = preview_import(
        organization=organization, uploaded_file=upload(_bad_rows_workbook()), actor=curator
    )
    assert preview.status == ImportStatus.REFUSED
    assert [(e["row"], e["column"]) for e in preview.errors] == [
        (3, "Фамилия"),
        (4, "Дата рождения"),
        (5, "E-mail"),
        (6, "Роль в программе"),
        (7, "E-mail"),
        (8, "Фамилия"),
        (9, "Дата рождения"),
        (9, "Телефон"),
        (9, "Согласие на обработку ПДн"),
    ]
    messages = {(e["row"], e["column"]): e["message"] for e in preview.errors}
    assert messages[(3, "Фамилия")] == "Не указана фамилия."
    assert messages[(7, "E-mail")] == "Этот человек уже есть в файле в строке 2 (тот же e-mail)."
    assert messages[(8, "Фамилия")] == (
        "Этот человек уже есть в файле в строке 2 (те же ФИО и дата рождения)."
    )
    assert messages[(6, "Роль в программе")].startswith("Неизвестная роль «куратор»")
    assert preview.report["counts"]["errors"] == 9
    assert _counts() == before

    with pytest.raises(ImportRefused):
        apply_import(preview, actor=curator)
    assert _counts() == before
    assert not audit_events("participants.import.applied").exists()


def test_header_below_title_rows_gives_excel_row_numbers(organization, curator):
    data = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Отчество", "Дата рожд.", "Учебная группа", "Эл. почта", "Участвует как"],
            ["Лебедева", "Лада", "", "12.12.2001", "ЭС-21-1", "lada@example.ru", "НАСТАВНИК"],
            [None, None, None, None, None, None, None],
            ["Гусев", "", "", "12.12.2006", "ЭС-24-1", "gusev@example.ru", "наставляемый"],
        ],
        title_rows=[["Список заявок"], ["на участие в программе наставничества"], []],
    )
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert preview.errors == [{"row": 7, "column": "Имя", "message": "Не указано имя."}]
    assert preview.rows == [{
        "row": 5, "action": "create", "full_name": "Лебедева Лада", "category": "student",
        "role": "mentor", "minor": False, "consent": ConsentStatus.MISSING,
    }]


def test_full_name_column_is_split_and_patronymic_may_be_missing(organization, curator):
    data = xlsx_bytes([
        ["Ф.И.О.", "Педагогический стаж", "Роль", "E-mail", "Телефон"],
        ["  Иванова   Мария ", 2, "наставляемый", "maria@example.ru", "8 (916) 123-45-67"],
        ["Алиев Рашид Гейдар оглы", 12, "наставник", "aliev@example.ru", "+7 916 765 43 21"],
        ["Петров", 5, "наставник", "petrov@example.ru", ""],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert preview.errors == [{
        "row": 4, "column": "Ф.И.О.",
        "message": "В ФИО должны быть как минимум фамилия и имя.",
    }]
    assert [(r["full_name"], r["category"]) for r in preview.rows] == [
        ("Иванова Мария", "young_specialist"), ("Алиев Рашид Гейдар оглы", "teacher"),
    ]


def test_english_headers_are_recognised(organization, curator):
    data = xlsx_bytes([
        ["Surname", "First name", "Group", "Email", "Role", "Date of birth"],
        ["Smirnov", "Ivan", "IS-1", "smirnov@example.ru", "mentee", datetime.date(2003, 5, 1)],
    ])
    result = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert result.errors == []
    apply_import(result, actor=curator)
    person = Participant.objects.get()
    assert (person.surname, person.study_group, person.birth_date) == ("Smirnov", "IS-1", datetime.date(2003, 5, 1))
    # no consent column: an applicant until the consent is recorded
    assert person.mentee_profile.status == MenteeStatus.APPLICANT


def test_existing_person_is_updated_not_duplicated(organization, curator):
    existing = ParticipantFactory(
        organization=organization, surname="Лебедева", name="Лада", patronymic="",
        email="Lada@Example.ru", birth_date=datetime.date(2001, 12, 12),
        category=ParticipantCategory.STUDENT, study_group="ЭС-20-1", phone="",
        consent_status=ConsentStatus.MISSING,
    )
    by_name = ParticipantFactory(
        organization=organization, surname="Гусев", name="Гавриил", patronymic="",
        email="old@example.ru", birth_date=datetime.date(2000, 1, 1),
        category=ParticipantCategory.STUDENT, study_group="ЭС-24-1",
    )
    MenteeFactory(participant=by_name)
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Дата рождения", "Группа", "E-mail", "Телефон", "Роль", "Согласие на обработку ПДн", "Интересы"],
        ["Лебедева", "Лада", "12.12.2001", "ЭС-21-1", "lada@example.ru", "89160000000", "наставник", "да", "спорт"],
        ["ГУСЕВ", "Гавриил", "01.01.2000", "ЭС-24-1", "", "", "наставляемый", "нет", "олимпиада"],
        ["Новый", "Николай", "01.01.2000", "ЭС-24-1", "new@example.ru", "", "наставляемый", "да", ""],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert [(r["row"], r["action"]) for r in preview.rows] == [(2, "update"), (3, "update"), (4, "create")]
    apply_import(preview, actor=curator)
    assert Participant.objects.count() == 3
    existing.refresh_from_db()
    # the e-mail differs only in case: it is the same address and stays as entered
    assert (existing.study_group, existing.phone, existing.email) == ("ЭС-21-1", "+79160000000", "Lada@Example.ru")
    assert existing.consent_status == ConsentStatus.GIVEN
    assert existing.mentor_profile.interests == "спорт"
    by_name.refresh_from_db()
    # the file's «ГУСЕВ» is brought to «Гусев»; blanks do not erase the e-mail
    assert by_name.surname == "Гусев" and by_name.email == "old@example.ru"
    assert list(by_name.mentee_profile.requests.values_list("text", flat=True)) == ["олимпиада"]
    assert Mentee.objects.count() == 2


def test_people_of_another_organisation_are_not_matched(organization, other_organization, curator):
    ParticipantFactory(organization=other_organization, email="lada@example.ru")
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Группа", "E-mail", "Роль"],
        ["Лебедева", "Лада", "ЭС-21-1", "lada@example.ru", "наставник"],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert [r["action"] for r in preview.rows] == ["create"]
    apply_import(preview, actor=curator)
    assert Participant.objects.filter(email="lada@example.ru").count() == 2


def test_two_rows_meeting_one_person_in_the_base_are_an_error(organization, curator):
    ParticipantFactory(
        organization=organization, surname="Лебедева", name="Лада", patronymic="",
        email="lada@example.ru", birth_date=datetime.date(2001, 12, 12),
    )
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Дата рождения", "Группа", "E-mail", "Роль"],
        ["Лебедева", "Лада", "12.12.2001", "ЭС-21-1", "lada.new@example.ru", "наставник"],
        ["Иная", "Лада", "01.01.2001", "ЭС-21-1", "lada@example.ru", "наставник"],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert [(e["row"], e["column"]) for e in preview.errors] == [(3, "E-mail")]
    assert preview.status == ImportStatus.REFUSED


def test_minor_needs_a_representative_consent_whatever_the_column_says(organization, curator):
    born = timezone.localdate() - datetime.timedelta(days=16 * 365)
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Дата рождения", "Группа", "Роль", "Согласие на обработку ПДн"],
        ["Юный", "Юрий", born, "ИС-25-1", "наставляемый", "да"],
        ["Юная", "Яна", born, "ИС-25-1", "наставляемый", "нет"],
    ])
    result = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert [(r["minor"], r["consent"]) for r in result.rows] == [
        (True, ConsentStatus.REPRESENTATIVE_REQUIRED), (True, ConsentStatus.REPRESENTATIVE_REQUIRED),
    ]
    apply_import(result, actor=curator)
    assert Consent.objects.get().participant.name == "Юрий"  # the own consent is kept on record
    assert set(Participant.objects.values_list("consent_status", flat=True)) == {
        ConsentStatus.REPRESENTATIVE_REQUIRED
    }


def test_apply_import_revalidates_against_the_current_base(organization, curator):
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Дата рождения", "Группа", "E-mail", "Роль"],
        ["Лебедева", "Лада", "12.12.2001", "ЭС-21-1", "lada@example.ru", "наставник"],
        ["Иная", "Инна", "01.01.2001", "ЭС-21-1", "inna@example.ru", "наставник"],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert preview.status == ImportStatus.PREVIEW
    # meanwhile somebody enters a person whom both rows now meet
    ParticipantFactory(
        organization=organization, surname="Лебедева", name="Лада", patronymic="",
        email="inna@example.ru", birth_date=datetime.date(2001, 12, 12),
    )
    with pytest.raises(ImportRefused, match="есть ошибки"):
        apply_import(preview, actor=curator)
    preview.refresh_from_db()
    assert preview.status == ImportStatus.REFUSED
    assert [(e["row"], e["column"]) for e in preview.errors] == [(3, "E-mail")]
    assert Participant.objects.count() == 1


def test_import_files_stores_file_and_refuses_bad_file_by_name(organization, curator, tmp_path):
    bad = tmp_path / "list.xlsx"
    bad.write_text("не таблица")
    with pytest.raises(ImportRefused, match=r"^list\.xlsx: Файл назван как \.xlsx, но это обычный текст"):
        import_files(organization=organization, paths=[bad], actor=curator)
    assert ApplicantImport.objects.count() == 0


def test_apply_import_runs_a_fixed_number_of_queries(organization, curator):
    """A base loaded whole and one insert a table: ten times more rows (1,000 and
    10,000) cost no query more on PostgreSQL (COPY, whatever the rows). Elsewhere
    bulk_create splits the inserts into batches of WRITE_BATCH instances and of
    the database's parameter limit (SQLite: 999 a statement), and the difference
    is exactly those extra batches."""
    import math

    from participants.services.importing_write import WRITE_BATCH

    def workbook(count: int) -> bytes:
        rows = [["Фамилия", "Имя", "Дата рождения", "Группа", "E-mail", "Роль", "Запрос", "Согласие"]]
        for i in range(count):
            role = "наставник" if i % 5 == 0 else "наставляемый"
            born = datetime.date(1970, 1, 1) + datetime.timedelta(days=i)
            rows.append([f"Фамилия{i}", "Имя", born.strftime("%d.%m.%Y"), "ИС-1", f"p{i}@example.ru", role,
                         "спорт, учёба", "да"])
        return fb.csv_file(rows, delimiter=";")

    def batches(model, count: int) -> int:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        size = connection.ops.bulk_batch_size(fields, [None] * count) or count
        chunks = [min(WRITE_BATCH, count - start) for start in range(0, count, WRITE_BATCH)]
        return sum(math.ceil(chunk / size) for chunk in chunks)

    def inserts(count: int) -> int:
        mentors = math.ceil(count / 5)
        mentees = count - mentors
        written = {Participant: count, Mentor: mentors, Mentee: mentees,
                   MenteeRequest: 2 * mentees, Consent: count}
        return sum(batches(model, n) for model, n in written.items())

    measured = []
    for count in (1_000, 10_000):
        Participant.objects.all().delete()
        # as the check leaves a list without errors (the import checks it again)
        checked = ApplicantImport.objects.create(
            organization=organization, original_name="list.csv", sha256="0" * 64, file_format="csv",
            status=ImportStatus.PREVIEW, file=ContentFile(workbook(count), name="list.csv"),
        )
        with CaptureQueriesContext(connection) as queries:
            applied = apply_import(checked, actor=curator)
        assert applied.report["counts"]["create"] == count
        assert (Participant.objects.count(), MenteeRequest.objects.count(), Consent.objects.count()) == (
            count, 2 * (count - math.ceil(count / 5)), count)
        measured.append(len(queries))
    small, large = measured
    if connection.vendor == "postgresql":
        assert small == large <= 20, measured
    else:
        assert small - inserts(1_000) <= 15, measured
        assert large - small == inserts(10_000) - inserts(1_000)


def test_existing_mentor_gets_a_mentee_profile_when_the_list_says_mentee(organization, curator):
    person = ParticipantFactory(organization=organization, email="both@example.ru",
                                category=ParticipantCategory.STUDENT, study_group="ИС-1")
    MentorFactory(participant=person)
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Группа", "E-mail", "Роль"],
        [person.surname, person.name, "ИС-1", "both@example.ru", "наставляемый"],
    ])
    preview = preview_import(organization=organization, uploaded_file=upload(data), actor=curator)
    assert preview.rows[0]["action"] == "update"
    apply_import(preview, actor=curator)
    person.refresh_from_db()
    assert person.mentor_profile and person.mentee_profile


def test_a_school_s_list_of_learners_imports_pupils_and_re_imports_unchanged(curator):
    """A school's list with «Группа» holds pupils (the school forms admit pupils
    only); importing it again changes nothing; a college's stays students."""
    from mentoring.enums import OrganizationKind
    from mentoring.tests.factories import OrganizationFactory

    school = OrganizationFactory(kind=OrganizationKind.SCHOOL)
    born = timezone.localdate() - datetime.timedelta(days=12 * 365)
    data = xlsx_bytes([
        ["Фамилия", "Имя", "Дата рождения", "Группа", "Роль в программе"],
        ["Ученица", "Ульяна", born, "6 «А»", "наставляемый"],
        ["Ученик", "Устин", born, "6 «А»", "наставник"],
    ])
    first = import_files_bytes(school, curator, data)
    assert first.report["counts"]["create"] == 2
    assert set(Participant.objects.filter(organization=school).values_list("category", flat=True)) == {
        ParticipantCategory.PUPIL}
    again = import_files_bytes(school, curator, data)
    assert again.report["counts"]["unchanged"] == 2
    college = import_files_bytes(curator.memberships.get().organization, curator, data)
    assert college.report["counts"]["create"] == 2
    assert set(Participant.objects.exclude(organization=school).values_list("category", flat=True)) == {
        ParticipantCategory.STUDENT}


def import_files_bytes(organization, actor, data: bytes):
    result = preview_import(organization=organization, uploaded_file=upload(data), actor=actor)
    return apply_import(result, actor=actor)

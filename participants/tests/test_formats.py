"""Every file a college really sends reads into the same applicants: .xlsx,
.xls, .ods and CSV (UTF-8 with «,», cp1251 with «;»), with title rows above the
header, «ФИО» in one column, dates typed as text and blank rows (issue 3,
«Done when»); the sample workbooks read as before."""

import datetime
import io
from collections import Counter
from pathlib import Path

import pytest
import python_calamine
from django.conf import settings

from mentoring.enums import ParticipantCategory, Role
from participants.services.cleaning import RowErrors, clean_rows
from participants.services.spreadsheet import check_upload, read_grid, read_sheet

from . import filebuilders as fb

TITLE_ROWS = [
    ["Список заявок на участие в программе наставничества"],
    ["ГБПОУ «Колледж», 2025/2026 учебный год"],
    [],
]
HEADER = ["№", "ФИО", "Дата рождения", "Группа", "Телефон", "E-mail", "Роль в программе",
          "Согласие на обработку ПДн"]


def _rows(real_date) -> list[list]:
    return TITLE_ROWS + [
        HEADER,
        [1, "ИВАНОВ ИВАН ИВАНОВИЧ", "01.09.2007", "ИС-25-1", "8 (916) 123-45-67",
         "Ivanov@Example.ru", "Наставляемый ", "да"],
        [2, "Петрова Анна", "1.9.2007", "ИС-25-1", 89161234568, "anna@example.ru", "НАСТАВЛЯЕМЫЙ", "Нет"],
        [],
        [3, "сидоров пётр петрович", "2007-09-01", "ИС-25-1", None, "sidorov@example.ru",
         "наставляемый", "да"],
        [None] * len(HEADER),
        [4, "Кузнецова Мария Сергеевна", real_date, "ИС-23-1", "+7 916 000-00-01",
         "kuz@example.ru", "наставник", "Да"],
        [5],  # only the «№»: as blank as an empty row
    ]


def _build(kind: str) -> tuple[bytes, str]:
    if kind == "xlsx":
        return fb.xlsx_file(_rows(datetime.date(2000, 3, 4))), "list.xlsx"
    if kind == "xls":
        return fb.xls_file(_rows(datetime.date(2000, 3, 4))), "list.xls"
    if kind == "ods":
        return fb.ods_file(_rows(datetime.date(2000, 3, 4))), "list.ods"
    if kind == "csv-utf8":
        return fb.csv_file(_rows("04.03.2000 г."), encoding="utf-8-sig", delimiter=","), "list.csv"
    return fb.csv_file(_rows("04.03.2000 г."), encoding="cp1251", delimiter=";"), "Список.csv"


FORMATS = ["xlsx", "xls", "ods", "csv-utf8", "csv-cp1251"]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_of_the_same_list_reads_into_the_same_applicants(kind):
    data, filename = _build(kind)
    file_format = check_upload(data, filename)
    assert file_format == kind.split("-")[0]
    sheet = read_sheet(data, file_format)
    assert sheet.header_row == 4
    assert [number for number, _values in sheet.rows] == [5, 6, 8, 10]
    assert sheet.columns["full_name"] == (1, "ФИО")
    errors = RowErrors(sheet)
    applicants = clean_rows(sheet, errors)
    assert errors.sorted() == []
    assert [
        (a.row, a.surname, a.name, a.patronymic, a.birth_date, a.role, a.category, a.consent)
        for a in applicants
    ] == [
        (5, "Иванов", "Иван", "Иванович", datetime.date(2007, 9, 1), Role.MENTEE, ParticipantCategory.STUDENT, True),
        (6, "Петрова", "Анна", "", datetime.date(2007, 9, 1), Role.MENTEE, ParticipantCategory.STUDENT, False),
        (8, "Сидоров", "Пётр", "Петрович", datetime.date(2007, 9, 1), Role.MENTEE, ParticipantCategory.STUDENT, True),
        (10, "Кузнецова", "Мария", "Сергеевна", datetime.date(2000, 3, 4), Role.MENTOR, ParticipantCategory.STUDENT, True),
    ]
    assert [(a.values.get("phone"), a.email, a.values["study_group"]) for a in applicants] == [
        ("+79161234567", "ivanov@example.ru", "ИС-25-1"),
        ("+79161234568", "anna@example.ru", "ИС-25-1"),
        (None, "sidorov@example.ru", "ИС-25-1"),
        ("+79160000001", "kuz@example.ru", "ИС-23-1"),
    ]


SYNONYM_HEADER = ["Фамилия", "Имя", "Отчество (при наличии)", "Дата рожд.", "Учебная группа",
                  "Курс обучения", "Моб. телефон", "Эл. почта", "Участвует как"]
SYNONYM_ROWS = [
    SYNONYM_HEADER,
    ["Орлова", "Ольга", None, "05.05.2006", "ПК-24-2", "2 курс", "9161112233", "olga@example.ru", "наставляемая"],
    ["Петров-Водкин", "Кузьма", "Сергеевич", "1 сентября 2006 г.", "ПК-24-2", 2, None, None, "Наставляемый."],
]


@pytest.mark.parametrize("kind", FORMATS)
def test_header_synonyms_read_in_every_format(kind):
    if kind == "xlsx":
        data = fb.xlsx_file(SYNONYM_ROWS)
    elif kind == "xls":
        data = fb.xls_file(SYNONYM_ROWS)
    elif kind == "ods":
        data = fb.ods_file(SYNONYM_ROWS)
    else:
        encoding, delimiter = ("utf-8-sig", ",") if kind == "csv-utf8" else ("cp1251", ";")
        data = fb.csv_file(SYNONYM_ROWS, encoding=encoding, delimiter=delimiter)
    sheet = read_sheet(data, check_upload(data, "list"))
    assert set(sheet.columns) == {"surname", "name", "patronymic", "birth_date", "study_group", "course",
                                  "phone", "email", "role"}
    errors = RowErrors(sheet)
    applicants = clean_rows(sheet, errors)
    assert errors.sorted() == []
    assert [(a.full_name, a.birth_date, a.values.get("course"), a.values.get("phone"), a.role) for a in applicants] == [
        ("Орлова Ольга", datetime.date(2006, 5, 5), 2, "+79161112233", Role.MENTEE),
        ("Петров-Водкин Кузьма Сергеевич", datetime.date(2006, 9, 1), 2, None, Role.MENTEE),
    ]


def test_calamine_reads_the_built_ods_with_typed_values():
    data = fb.ods_file([["Фамилия", "Дата", "Телефон", "Курс", "Согласие"],
                        ["Иванов", datetime.date(2007, 9, 1), 89161234567, 3, True]])
    workbook = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
    assert workbook.sheet_names == ["Список"]
    assert list(workbook.get_sheet_by_index(0).iter_rows()) == [
        ["Фамилия", "Дата", "Телефон", "Курс", "Согласие"],
        ["Иванов", datetime.date(2007, 9, 1), 89161234567.0, 3.0, True],
    ]


def test_xls_values_come_typed():
    grid = read_grid(fb.xls_file([["Фамилия", "Дата", "Телефон"], ["Иванов", datetime.date(2007, 9, 1), 89161234567]]), "xls")
    assert grid.rows[1] == (2, ("Иванов", datetime.date(2007, 9, 1), 89161234567))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Фамилия;Имя;Запрос\r\nИванов;Иван;спорт, музыка, IT\r\n", ("Иванов", "Иван", "спорт, музыка, IT")),
        ("Фамилия,Имя,Запрос\r\nИванов,Иван,спорт; музыка\r\n", ("Иванов", "Иван", "спорт; музыка")),
        ('Фамилия,Имя,Запрос\r\nИванов,Иван,"спорт, музыка"\r\n', ("Иванов", "Иван", "спорт, музыка")),
        ("Фамилия\tИмя\tЗапрос\r\nИванов\tИван\tспорт, музыка\r\n", ("Иванов", "Иван", "спорт, музыка")),
        ("sep=,\r\nФамилия,Имя,Запрос\r\nИванов,Иван,спорт;музыка\r\n", ("Иванов", "Иван", "спорт;музыка")),
    ],
    ids=["semicolon", "comma", "comma-quoted", "tab", "sep-line"],
)
def test_the_csv_delimiter_is_detected(text, expected):
    grid = read_grid(text.encode("utf-8"), "csv")
    assert grid.rows[-1][1] == expected


def test_csv_quoted_fields_may_hold_line_breaks_and_rows_keep_their_numbers():
    data = fb.csv_file([
        ["Фамилия", "Имя", "Группа", "Запрос"],
        ["Иванов", "Иван", "ИС-1", "спорт;\nмузыка"],
        [],
        ["Петров", "Пётр", "ИС-1", 'кружок «Робототехника», "IT"'],
    ], encoding="cp1251", delimiter=";")
    sheet = read_sheet(data, "csv")
    assert sheet.rows == [
        (2, ("Иванов", "Иван", "ИС-1", "спорт;\nмузыка")),
        (4, ("Петров", "Пётр", "ИС-1", 'кружок «Робототехника», "IT"')),
    ]


def test_excel_unicode_text_is_read_as_csv():
    data = "Фамилия\tИмя\tГруппа\r\nЁлкина\tАлёна\tИС-1\r\n".encode("utf-16")
    assert check_upload(data, "list.txt") == "csv"
    assert read_sheet(data, "csv").rows == [(2, ("Ёлкина", "Алёна", "ИС-1"))]


SAMPLE_DIRS = [
    Path("/work/shared/samples"),
    Path(settings.BASE_DIR) / "mentoring" / "demo",
]


@pytest.mark.parametrize("folder", SAMPLE_DIRS, ids=["shared", "demo"])
def test_the_sample_workbooks_still_read(folder):
    if not folder.exists():
        pytest.skip(f"{folder} is not here")
    expected = {
        "applicants_students.xlsx": (320, {Role.MENTOR: 31, Role.MENTEE: 289}),
        "applicants_staff.xlsx": (60, {Role.MENTOR: 18, Role.MENTEE: 42}),
        "applicants_employers.xlsx": (25, {Role.MENTOR: 25}),
    }
    total = 0
    for name, (count, roles) in expected.items():
        data = (folder / name).read_bytes()
        sheet = read_sheet(data, check_upload(data, name))
        assert sheet.header_row == 1
        assert len(sheet.rows) == count
        errors = RowErrors(sheet)
        applicants = clean_rows(sheet, errors)
        assert errors.sorted() == []
        assert Counter(a.role for a in applicants) == roles
        total += count
    assert total == 405


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_imports_end_to_end_and_twice_changes_nothing(kind, organization, curator, tmp_path):
    """The same list in each format goes through the whole import (check,
    confirm, write) and a second import of the same file is all «unchanged»."""
    from participants.enums import ImportStatus
    from participants.models import Consent, Mentee, Mentor, Participant
    from participants.services.importing import import_files

    data, filename = _build(kind)
    path = tmp_path / filename
    path.write_bytes(data)
    (first,) = import_files(organization=organization, paths=[path], actor=curator)
    assert first.status == ImportStatus.APPLIED and first.file_format == kind.split("-")[0]
    assert first.report["counts"]["create"] == 4
    people = {p.surname: p for p in Participant.objects.filter(organization=organization)}
    assert set(people) == {"Иванов", "Петрова", "Сидоров", "Кузнецова"}
    assert people["Кузнецова"].birth_date == datetime.date(2000, 3, 4)
    assert people["Петрова"].patronymic == "" and people["Иванов"].phone == "+79161234567"
    assert Mentor.objects.get().participant == people["Кузнецова"]
    assert Mentee.objects.count() == 3
    state = (Participant.objects.count(), Consent.objects.count(),
             list(Participant.objects.order_by("pk").values_list("updated_at", flat=True)))

    (second,) = import_files(organization=organization, paths=[path], actor=curator)
    assert second.status == ImportStatus.APPLIED
    assert second.report["counts"] == {**second.report["counts"], "create": 0, "update": 0, "unchanged": 4}
    assert (Participant.objects.count(), Consent.objects.count(),
            list(Participant.objects.order_by("pk").values_list("updated_at", flat=True))) == state

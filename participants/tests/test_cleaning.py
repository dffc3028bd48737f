"""Cleaning of applicant rows as calamine and CSV give them: None for empty
cells, floats for numbers, dates as dates or text; names typed in capitals,
role words in any case (issue 3, items 3 and 4). The messages are the Russian
ones the curator sees."""

import datetime

import pytest
from django.utils import timezone

from mentoring.enums import ParticipantCategory, Role
from participants.services.cleaning import (
    RowErrors,
    cell_text,
    clean_rows,
    fix_name_case,
    parse_date,
    role_for,
)
from participants.services.spreadsheet import Sheet

COLUMNS = ["surname", "name", "patronymic", "birth_date", "study_group", "course", "phone", "email",
           "role", "consent"]
TITLES = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Группа", "Курс", "Телефон", "E-mail",
          "Роль", "Согласие"]
BASE = {"surname": "Иванов", "name": "Иван", "patronymic": "Иванович", "birth_date": "01.09.2007",
        "study_group": "ИС-1", "course": None, "phone": None, "email": None, "role": "наставляемый",
        "consent": None, "full_name": "Иванов Иван Иванович", "experience": None}


def _clean(*changes: dict, columns: list[str] = COLUMNS, titles: list[str] = TITLES):
    """Clean rows 2, 3, … made of BASE with ``changes``; (applicants, errors)."""
    sheet = Sheet(header_row=1, columns={c: (i, t) for i, (c, t) in enumerate(zip(columns, titles, strict=True))})
    for number, change in enumerate(changes, start=2):
        row = {**BASE, **change}
        sheet.rows.append((number, tuple(row[c] for c in columns)))
    errors = RowErrors(sheet)
    return clean_rows(sheet, errors), errors.sorted()


def _one(change: dict):
    (applicant,), errors = _clean(change)
    return applicant, errors


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ИВАНОВ", "Иванов"),
        ("иванов", "Иванов"),
        ("петров-водкин", "Петров-Водкин"),
        ("ПЕТРОВ-ВОДКИН", "Петров-Водкин"),
        ("Д'АРТАНЬЯН", "Д'артаньян"),
        ("МакГрегор", "МакГрегор"),  # mixed case is kept as typed
        ("Иванов", "Иванов"),
        ("АХМЕД ОГЛЫ", "Ахмед оглы"),
        ("", ""),
    ],
)
def test_fix_name_case(typed, expected):
    assert fix_name_case(typed) == expected


def test_names_in_capitals_or_lower_case_are_capitalised():
    applicant, errors = _one({"surname": "  ЁЛКИНА ", "name": "алёна", "patronymic": "ПЕТРОВНА"})
    assert errors == []
    assert (applicant.surname, applicant.name, applicant.patronymic) == ("Ёлкина", "Алёна", "Петровна")


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("ИВАНОВ ИВАН ИВАНОВИЧ", ("Иванов", "Иван", "Иванович")),
        ("ИВАНОВ Иван Иванович", ("Иванов", "Иван", "Иванович")),
        ("петрова анна", ("Петрова", "Анна", "")),
        ("АЛИЕВ РУСТАМ АХМЕД ОГЛЫ", ("Алиев", "Рустам", "Ахмед оглы")),
        ("  Сидоров   Пётр  ", ("Сидоров", "Пётр", "")),
    ],
)
def test_a_full_name_is_split_and_capitalised(full_name, parts):
    (applicant,), errors = _clean({"full_name": full_name}, columns=["full_name", "study_group", "role"],
                                  titles=["ФИО", "Группа", "Роль"])
    assert errors == []
    assert (applicant.surname, applicant.name, applicant.patronymic) == parts


def test_a_full_name_of_one_word_is_an_error():
    _applicants, errors = _clean({"full_name": "Иванов"}, columns=["full_name", "study_group", "role"],
                                 titles=["ФИО", "Группа", "Роль"])
    assert errors == [{"row": 2, "column": "ФИО",
                       "message": "В ФИО должны быть как минимум фамилия и имя."}]


def test_the_same_person_typed_in_capitals_is_a_duplicate():
    _applicants, errors = _clean({}, {"surname": "ИВАНОВ", "name": "ИВАН", "patronymic": "ИВАНОВИЧ",
                                      "birth_date": datetime.date(2007, 9, 1)})
    assert errors == [{"row": 3, "column": "Фамилия",
                       "message": "Этот человек уже есть в файле в строке 2 (те же ФИО и дата рождения)."}]


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("наставник", Role.MENTOR),
        ("Наставник ", Role.MENTOR),
        ("  НАСТАВНИЦА", Role.MENTOR),
        ("НАСТАВЛЯЕМЫЙ", Role.MENTEE),
        ("наставляемая.", Role.MENTEE),
        ("Наставляёмый", Role.MENTEE),  # «ё» typed for «е»
        ("Наставляемый (студент)", Role.MENTEE),
        ("Mentor", Role.MENTOR),
    ],
)
def test_role_words_in_any_case(typed, role):
    assert role_for(typed) == role
    applicant, errors = _one({"role": typed})
    assert errors == [] and applicant.role == role


def test_unknown_and_missing_roles_keep_their_messages():
    _applicants, errors = _clean({"role": "Куратор"}, {"role": None, "surname": "Петров"})
    assert errors == [
        {"row": 2, "column": "Роль",
         "message": "Неизвестная роль «Куратор»: ожидается «наставник» или «наставляемый»."},
        {"row": 3, "column": "Роль", "message": "Не указана роль: ожидается «наставник» или «наставляемый»."},
    ]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "01.09.2007", "1.9.2007", "01/09/2007", "01-09-2007", "2007-09-01", "01.09.2007 г.",
        "01.09.2007г.", "01.09.2007 года", "01.09.2007 0:00:00", "2007-09-01 00:00:00",
        "2007-09-01T00:00:00", "1 сентября 2007 г.", "1 сент. 2007", "01.09.07",
        datetime.date(2007, 9, 1), datetime.datetime(2007, 9, 1, 0, 0), 39326.0, 39326,
    ],
)
def test_dates_in_every_spelling(value):
    assert parse_date(value) == datetime.date(2007, 9, 1)
    applicant, errors = _one({"birth_date": value})
    assert errors == [] and applicant.birth_date == datetime.date(2007, 9, 1)


def test_a_two_digit_year_is_never_in_the_future():
    assert parse_date("05.05.95") == datetime.date(1995, 5, 5)
    next_year = (timezone.localdate().year + 1) % 100
    assert parse_date(f"01.01.{next_year:02d}").year == 1900 + next_year


def test_bad_dates_keep_their_messages():
    future = timezone.localdate() + datetime.timedelta(days=30)
    _applicants, errors = _clean({"birth_date": "31.02.2007"}, {"birth_date": "завтра"},
                                 {"birth_date": future}, {"birth_date": "01.01.1850"})
    assert [e["message"] for e in errors] == [
        "Даты «31.02.2007» не существует.",
        "«завтра» — не дата: ожидается формат дд.мм.гггг.",
        f"Дата рождения {future:%d.%m.%Y} — в будущем.",
        "Дата рождения 01.01.1850 невозможна.",
    ]
    assert all(e["column"] == "Дата рождения" for e in errors)


# --- contacts, numbers, consent -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "phone"),
    [
        (89161234567.0, "+79161234567"),
        (9161234567, "+79161234567"),
        ("+7 (916) 123-45-67", "+79161234567"),
        ("8-916-123-45-67", "+79161234567"),
        ("8 916 123 45 67", "+79161234567"),
    ],
)
def test_phones_to_one_format(value, phone):
    applicant, errors = _one({"phone": value})
    assert errors == [] and applicant.values["phone"] == phone


def test_a_bad_phone_keeps_its_message():
    _applicant, errors = _one({"phone": "12-34"})
    assert errors[0]["message"].startswith("Неверный номер телефона «12-34»: ожидается российский номер")


def test_e_mails_are_trimmed_lowered_and_validated():
    applicant, errors = _one({"email": " MAILTO:Ivan@Example.RU "})
    assert errors == [] and applicant.email == "ivan@example.ru"
    _applicant, errors = _one({"email": "ivan@"})
    assert errors == [{"row": 2, "column": "E-mail", "message": "Неверный адрес e-mail «ivan@»."}]


@pytest.mark.parametrize("value", ["3", 3, 3.0, "3 курс", "3-й курс", "3 к.", "III", "iii"])
def test_course_numbers(value):
    applicant, errors = _one({"course": value})
    assert errors == [] and applicant.values["course"] == 3


@pytest.mark.parametrize("value", ["7", "третий", 2.5, "0"])
def test_bad_course_numbers_keep_their_message(value):
    _applicant, errors = _one({"course": value})
    assert errors == [{"row": 2, "column": "Курс", "message": "Курс должен быть целым числом от 1 до 6."}]


@pytest.mark.parametrize(("value", "years"), [("5 лет", 5), ("1 год", 1), ("2 года", 2), ("0,5", 0), (12.0, 12)])
def test_teaching_experience(value, years):
    (applicant,), errors = _clean({"experience": value, "role": "наставник"},
                                  columns=["full_name", "experience", "role"], titles=["ФИО", "Стаж", "Роль"])
    assert errors == []
    assert applicant.values["teaching_experience_years"] == years
    assert applicant.category == ParticipantCategory.TEACHER


def test_bad_teaching_experience_keeps_its_message():
    (_applicant,), errors = _clean({"experience": "много", "full_name": "Иванов Иван"},
                                   columns=["full_name", "experience", "role"], titles=["ФИО", "Стаж", "Роль"])
    assert errors == [{"row": 2, "column": "Стаж",
                       "message": "Педагогический стаж должен быть числом лет от 0 до 80."}]


@pytest.mark.parametrize(
    ("value", "consent"),
    [("да", True), ("ДА.", True), (" Да ", True), (True, True), (1.0, True), ("+", True), ("имеется", True),
     ("нет", False), ("Нет", False), (None, False), (False, False), (0.0, False), ("не получено", False)],
)
def test_consent_words(value, consent):
    applicant, errors = _one({"consent": value})
    assert errors == [] and applicant.consent is consent


def test_an_unknown_consent_word_keeps_its_message():
    _applicant, errors = _one({"consent": "может быть"})
    assert errors == [{"row": 2, "column": "Согласие",
                       "message": "В столбце согласия ожидается «да» или «нет», а указано «может быть»."}]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (89161234567.0, "89161234567"),
        (3.5, "3.5"),
        (datetime.date(2007, 9, 1), "01.09.2007"),
        (datetime.datetime(2007, 9, 1, 12, 30), "01.09.2007"),
        ("  спорт,\n  музыка ", "спорт, музыка"),
        (1e20, "1e+20"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text

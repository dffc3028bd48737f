"""Reading uploaded files: refusals before parsing and header detection."""

import openpyxl.xml
import pytest

from participants.errors import ImportRefused
from participants.services.spreadsheet import (
    PROLOG_SCAN_BYTES,
    normalize_header,
    read_sheet,
)

from .helpers import entity_expansion_xlsx, rewrite_member, xlsx_bytes, zip_bomb_xlsx

pytestmark = pytest.mark.django_db


def _refusal(data: bytes) -> str:
    with pytest.raises(ImportRefused) as info:
        read_sheet(data)
    return info.value.message


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_read_sheet_refuses_a_file_over_the_limit(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "x" * 2000]])
    assert _refusal(data).startswith("Файл слишком большой")


def test_read_sheet_refuses_text_renamed_xlsx():
    assert _refusal("Фамилия;Имя\nИванов;Иван\n".encode()) == (
        "Это не книга Excel (.xlsx). Сохраните список в формате .xlsx и загрузите его снова."
    )


def test_read_sheet_refuses_a_zip_without_a_workbook():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert _refusal(buffer.getvalue()).startswith("Это не книга Excel (.xlsx)")


def test_read_sheet_refuses_old_xls():
    assert "(.xls) не поддерживается" in _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


def test_read_sheet_refuses_a_zip_bomb():
    assert "«zip-бомб" in _refusal(zip_bomb_xlsx())


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_read_sheet_refuses_entity_expansion(member):
    assert _refusal(entity_expansion_xlsx(member)).startswith(
        "Файл содержит недопустимые конструкции XML"
    )


def test_read_sheet_refuses_entity_expansion_hidden_from_the_prolog_scan():
    """The DTD sits after a comment longer than the scan: defusedxml stops it."""
    data = entity_expansion_xlsx(padding=PROLOG_SCAN_BYTES + 10)
    assert _refusal(data).startswith("Файл содержит недопустимые конструкции XML")


def test_read_sheet_refuses_a_truncated_file():
    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])
    assert _refusal(data[: len(data) // 2]).startswith("Это не книга Excel (.xlsx)")


def test_read_sheet_refuses_a_workbook_with_broken_xml():
    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])
    broken = rewrite_member(data, "xl/worksheets/sheet1.xml", lambda content: b"<worksheet><sheetData><row>")
    assert _refusal(broken).startswith("Файл повреждён")


def test_read_sheet_finds_the_header_below_title_rows():
    data = xlsx_bytes(
        [["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"], [None, None, None],
         ["Петров", "Пётр", "ИС-2"]],
        title_rows=[["Список заявок на участие в программе наставничества"],
                    ["Группа ИС-1, 2025/2026 учебный год"], []],
    )
    sheet = read_sheet(data)
    assert sheet.header_row == 4
    assert sheet.columns == {"surname": (0, "Фамилия"), "name": (1, "Имя"), "study_group": (2, "Группа")}
    assert [number for number, _values in sheet.rows] == [5, 7]


def test_read_sheet_without_header_is_refused():
    data = xlsx_bytes([["Список"], ["Иванов", "Иван"]])
    assert _refusal(data).startswith("Строка заголовков не найдена")


def test_read_sheet_without_name_columns_is_refused():
    data = xlsx_bytes([["Группа", "Курс", "Телефон"], ["ИС-1", 1, "89161234567"]])
    assert _refusal(data).startswith("В списке нет столбцов с именем")


def test_read_sheet_with_header_only_is_refused():
    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["", None, "  "]])
    assert _refusal(data) == "В списке нет участников: все строки под заголовком пусты."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Запрос / Интересы ", "запрос интересы"),
        ("E-mail", "e mail"),
        ("Ф.И.О.", "ф и о"),
        ("Учёба", "учеба"),
        ("Педагогический стаж,  лет", "педагогический стаж лет"),
        (None, ""),
    ],
)
def test_normalize_header_folds_case_spaces_yo_and_punctuation(text, expected):
    assert normalize_header(text) == expected

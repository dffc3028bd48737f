"""Reading uploaded files safely: refusals before parsing (size, kind, zip bombs,
DTDs), sheets too large for memory, damaged files, and the header/mapping API
(issue 3, items 1, 2 and 6)."""

import io
import random
import struct
import tracemalloc
import zipfile

import pytest
from defusedxml import DefusedXmlException
from django.utils.translation import gettext

from participants.errors import ImportRefused
from participants.services import spreadsheet
from participants.services.spreadsheet import (
    FIELD_LABELS,
    HEADER_SYNONYMS,
    Grid,
    MappingNeeded,
    check_upload,
    column_letter,
    find_header,
    header_signature,
    normalize_header,
    read_grid,
    read_sheet,
    sheet_from_grid,
)

from . import filebuilders as fb

LIST = [["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]]


def _refusal(data: bytes, filename: str = "list.xlsx") -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        check_upload(data, filename)
    return info.value


def _read_refusal(data: bytes, file_format: str) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        read_grid(data, file_format)
    return info.value


# --- the format comes from the content ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (fb.xlsx_file(LIST), "list.xlsx", "xlsx"),
        (fb.xlsx_file(LIST), "list.csv", "xlsx"),
        (fb.xls_file(LIST), "list.xls", "xls"),
        (fb.xls_file(LIST), "list.xlsx", "xls"),
        (fb.ods_file(LIST), "list.ods", "ods"),
        (fb.csv_file(LIST), "list.csv", "csv"),
        (fb.csv_file(LIST, encoding="cp1251", delimiter=";"), "list.txt", "csv"),
        (fb.csv_file(LIST), "", "csv"),
    ],
)
def test_check_upload_tells_the_format_by_content(data, filename, expected):
    assert check_upload(data, filename) == expected


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n", "  \r\n".encode("utf-16")]
)
def test_empty_files_are_refused(data):
    assert _refusal(data, "list.csv").message == spreadsheet.empty_file().message


def test_a_file_over_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    data = fb.xlsx_file([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "x" * 2000]])
    assert _refusal(data).message == spreadsheet.too_large(len(data)).message
    assert _refusal(data).message.startswith("Файл слишком большой")


@pytest.mark.parametrize("extension", [".xlsx", ".xls", ".ods", ".XLSX"])
def test_text_renamed_to_a_workbook_is_refused(extension):
    data = fb.csv_file(LIST, encoding="cp1251", delimiter=";")
    refusal = _refusal(data, "Список группы" + extension)
    assert refusal.message == spreadsheet.renamed_text(extension.lower()).message
    assert check_upload(data, "Список группы.csv") == "csv"


def test_a_web_page_saved_as_xls_is_refused():
    page = "<html><body><table><tr><td>Фамилия</td><td>Имя</td></tr></table></body></html>"
    assert _refusal(page.encode(), "list.xls").message == spreadsheet.markup_text().message


@pytest.mark.parametrize(
    "data",
    [
        fb.PNG,
        fb.PDF,
        b"\x1f\x8b\x08\x00" + bytes(100),  # gzip
        random.Random(1).randbytes(4096),  # junk
        b"\x00\x01\x02\x03 binary",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),  # an OLE signature and nothing behind it
    ],
    ids=["png", "pdf", "gzip", "junk", "nul", "ole-stub"],
)
def test_files_that_are_not_spreadsheets_are_refused(data):
    message = _refusal(data).message
    assert message in (spreadsheet.not_a_workbook().message, spreadsheet.damaged().message)
    if data in (fb.PNG, fb.PDF):
        assert message == spreadsheet.not_a_workbook().message


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_neither_a_workbook_nor_an_ods_is_refused():
    assert _refusal(_zip({"data/list.xml": b"<list/>"})).message == spreadsheet.not_a_workbook().message
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    assert _refusal(odt, "list.ods").message == spreadsheet.text_document().message
    docx = _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"})
    assert _refusal(docx, "list.docx").message == spreadsheet.text_document().message


def _rename_ole_stream(data: bytes, old: str, new: str) -> bytes:
    """The OLE file with directory entry ``old`` renamed ``new``."""
    patched = bytearray(data)
    position = patched.find(old.encode("utf-16-le") + b"\x00\x00")
    assert position != -1
    name = new.encode("utf-16-le") + b"\x00\x00"
    patched[position:position + 64] = name.ljust(64, b"\x00")
    struct.pack_into("<H", patched, position + 64, len(name))
    return bytes(patched)


def test_the_ole_directory_is_read_for_password_and_word_files():
    xls = fb.xls_file(LIST)
    assert check_upload(xls, "list.xls") == "xls"
    encrypted = _rename_ole_stream(xls, "Workbook", "EncryptedPackage")
    assert _refusal(encrypted).message == spreadsheet.password_protected().message
    word = _rename_ole_stream(xls, "Workbook", "WordDocument")
    assert _refusal(word, "list.doc").message == spreadsheet.text_document().message


def test_a_truncated_workbook_is_refused_as_damaged():
    data = fb.xlsx_file(LIST)
    assert _refusal(data[: len(data) // 2]).message == spreadsheet.damaged().message


def test_a_workbook_with_broken_xml_is_refused_as_damaged():
    broken = fb.rewrite_member(fb.xlsx_file(LIST), "xl/worksheets/sheet1.xml",
                               lambda content: b"<worksheet><sheetData><row>")
    assert check_upload(broken, "list.xlsx") == "xlsx"  # the prologs are fine
    assert _read_refusal(broken, "xlsx").message == spreadsheet.damaged().message


def test_a_file_calamine_cannot_open_is_refused_not_a_500():
    """No manifest: calamine does not recognise the .ods; the parser's error
    becomes the «damaged» refusal."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", fb.ODS_MIMETYPE)
        archive.writestr("content.xml", fb.ods_content('<table:table table:name="a"/>'))
    data = buffer.getvalue()
    assert check_upload(data, "list.ods") == "ods"
    assert _read_refusal(data, "ods").message == spreadsheet.damaged().message


def test_read_grid_refuses_bytes_of_another_format():
    assert _read_refusal(fb.csv_file(LIST), "xlsx").message == spreadsheet.damaged().message


# --- zip bombs and XML entities ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_zip_bomb_is_refused_from_the_zip_directory_in_bounded_memory(kind):
    bomb = fb.zip_bomb(kind)
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert unpacked >= 1024 ** 3 and len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as info:
            check_upload(bomb, f"list.{kind}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.message == spreadsheet.zip_bomb().message
    assert peak < 20 * 1024 * 1024


def test_a_zip_that_lies_about_its_unpacked_size_is_refused_after_the_declared_size():
    bomb = fb.lying_zip_bomb(unpacked=64 * 1024 * 1024, declared=1000)
    assert sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) < 64 * 1024
    tracemalloc.start()
    try:
        refusal = _refusal(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refusal.message == spreadsheet.zip_bomb().message
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_an_xml_entity_bomb_is_refused_by_defusedxml(member):
    refusal = _refusal(fb.billion_laughs_xlsx(member))
    assert refusal.message == spreadsheet.forbidden_xml().message
    assert isinstance(refusal.__cause__, DefusedXmlException)


def test_a_dtd_after_a_long_comment_is_still_found():
    refusal = _refusal(fb.billion_laughs_xlsx(padding=200_000))
    assert isinstance(refusal.__cause__, DefusedXmlException)


def test_an_xml_part_without_an_element_in_its_first_megabyte_is_refused():
    refusal = _refusal(fb.billion_laughs_xlsx(padding=spreadsheet.XML_PROLOG_MAX_BYTES + 10))
    assert refusal.message == spreadsheet.damaged().message


@pytest.mark.parametrize("entity", [True, False], ids=["internal-entity", "external-dtd"])
def test_a_dtd_in_the_content_of_an_ods_is_refused_by_defusedxml(entity):
    refusal = _refusal(fb.dtd_ods(entity=entity), "list.ods")
    assert refusal.message == spreadsheet.forbidden_xml().message
    assert isinstance(refusal.__cause__, DefusedXmlException)


def test_read_grid_checks_again_stored_bytes():
    refusal = _read_refusal(fb.billion_laughs_xlsx(), "xlsx")
    assert isinstance(refusal.__cause__, DefusedXmlException)
    assert _read_refusal(fb.zip_bomb("xlsx"), "xlsx").message == spreadsheet.zip_bomb().message


# --- sheets too large for memory, refused before calamine runs -------------------------------


class _NoCalamine:
    class CalamineWorkbook:
        @staticmethod
        def from_object(_data):
            raise AssertionError("calamine must not run on this file")


@pytest.mark.parametrize(
    ("data", "file_format", "extent"),
    [
        (fb.far_cell_xlsx("XFD100000"), "xlsx", (100_000, 16_384)),
        (fb.far_cell_xlsx("IV1048576"), "xlsx", (1_048_576, 256)),
        (fb.unreferenced_cells_xlsx(spreadsheet.MAX_SHEET_COLUMNS + 1), "xlsx", (1, 257)),
        (fb.repeated_cells_ods(rows=100_000, columns=200), "ods", (100_000, 200)),
        (fb.xls_file(LIST, far_cell=(65535, 255)), "xls", (65_536, 256)),
    ],
    ids=["xlsx-far-column", "xlsx-far-row", "xlsx-unreferenced-cells", "ods-repeated", "xls-far-cell"],
)
def test_cells_far_apart_are_refused_before_calamine_allocates_them(data, file_format, extent, monkeypatch):
    """calamine allocates the whole rectangle between the first and the last
    filled cell (32 bytes a cell): these files of a few KB would take gigabytes."""
    assert len(data) < 10_000
    assert check_upload(data, "list") == file_format
    monkeypatch.setattr(spreadsheet, "python_calamine", _NoCalamine)
    assert _read_refusal(data, file_format).message == spreadsheet.too_wide(*extent).message


SPREADSHEETML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    "rows_xml",
    [
        '<row r="3"><c s="0" r="XFD100"><v>1</v></c></row>',
        "<row r='3'><c r='XFD100'><v>1</v></c></row>",
        '<row r="3"><c r="&#88;FD100"><v>1</v></c></row>',
        '<row r="3"><c r="xfd100"><v>1</v></c></row>',
        f'<row r="3"><x:c xmlns:x="{SPREADSHEETML}" r="XFD100"><x:v>1</x:v></x:c></row>',
        '<!-- <row r="1"> --><row r="3"><c r="XFD100"><v>1</v></c></row>',
        '<row r="100"><c t="inlineStr"><is><t>x</t></is></c></row><row><c r="IV1"/>'
        + '<c><v>1</v></c>' * 2 + "</row>",
    ],
    ids=["r-not-first", "single-quotes", "character-reference", "lower-case", "prefixed", "comment",
         "unreferenced"],
)
def test_unusual_cell_markup_is_measured_exactly(rows_xml, monkeypatch):
    """Cells written otherwise than Excel writes them skip the quick bound and
    are placed as calamine places them."""
    data = fb.xlsx_with_sheet_xml(rows_xml)
    assert check_upload(data, "list.xlsx") == "xlsx"
    monkeypatch.setattr(spreadsheet, "python_calamine", _NoCalamine)
    extent = (101, 258) if "IV1" in rows_xml else (100, 16_384)
    assert _read_refusal(data, "xlsx").message == spreadsheet.too_wide(*extent).message


def test_the_quick_bound_serves_plain_sheets_and_the_exact_scan_the_rest(monkeypatch):
    calls = []
    exact = spreadsheet._xlsx_sheet_scan

    def spy():
        calls.append(1)
        return exact()

    monkeypatch.setattr(spreadsheet, "_xlsx_sheet_scan", spy)
    read_grid(fb.xlsx_file(LIST), "xlsx")
    assert calls == []
    # 30 columns (AD) and a row numbered 15 000: the quick bound (99 999 × 256)
    # is too coarse, the exact scan finds 15 000 × 30 and lets it through
    import openpyxl

    workbook = openpyxl.Workbook()
    for column in range(1, 31):
        workbook.active.cell(row=1, column=column, value=f"Столбец {column}")
        workbook.active.cell(row=15_000, column=column, value=column)
    buffer = io.BytesIO()
    workbook.save(buffer)
    grid = read_grid(buffer.getvalue(), "xlsx")
    assert calls == [1]
    assert [number for number, _values in grid.rows] == [1, 15_000] and grid.width == 30


def test_cells_a_little_apart_are_read():
    grid = read_grid(fb.far_cell_xlsx("Z1000"), "xlsx")
    assert [number for number, _values in grid.rows] == [1, 1000]
    assert grid.width == 26 and grid.rows[1][1][25] == "x"
    grid = read_grid(fb.unreferenced_cells_xlsx(30), "xlsx")
    assert grid.rows == [(1, ("x",) * 30)]


def test_repeated_text_of_an_ods_is_counted_before_calamine(monkeypatch):
    table = (
        '<table:table table:name="Лист1"><table:table-row table:number-rows-repeated="20000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="100">'
        "<text:p>" + "ж" * 100 + "</text:p></table:table-cell></table:table-row></table:table>"
    )
    data = fb.ods_container(fb.ods_content(table))
    monkeypatch.setattr(spreadsheet, "python_calamine", _NoCalamine)
    assert _read_refusal(data, "ods").message == spreadsheet.too_much_text().message


def test_a_shared_string_longer_than_a_cell_holds_is_refused(monkeypatch):
    buffer = io.BytesIO(fb.xlsx_file(LIST))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        text = random.Random(2).randbytes(20_000).hex()  # 40 000 characters
        archive.writestr("xl/sharedStrings.xml", f'<sst count="1"><si><t>{text}</t></si></sst>')
    monkeypatch.setattr(spreadsheet, "python_calamine", _NoCalamine)
    assert _read_refusal(buffer.getvalue(), "xlsx").message == spreadsheet.cell_too_long().message


def test_more_rows_than_allowed_are_refused(monkeypatch):
    rows = [["Фамилия", "Имя", "Группа"]] + [[f"Иванов{i}", "Иван", "ИС-1"] for i in range(6)]
    data = fb.xlsx_file(rows)
    with pytest.raises(ImportRefused) as info:
        read_grid(data, "xlsx", max_rows=5)
    assert info.value.message == spreadsheet.too_many_rows().message
    assert len(read_grid(data, "xlsx", max_rows=7).rows) == 7
    monkeypatch.setattr(spreadsheet, "MAX_DATA_ROWS", 5)
    with pytest.raises(ImportRefused) as info:
        read_sheet(data, "xlsx")
    assert info.value.message == spreadsheet.too_many_rows().message


# --- the grid ------------------------------------------------------------------------------


def test_the_grid_keeps_file_row_and_column_positions():
    """Data starting at C3: calamine yields rows from row 1 but columns from the
    first filled one; the grid puts both back where they are in the file."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "Фамилия", "Имя", "Группа"
    sheet["C5"], sheet["D5"], sheet["E5"], sheet["F5"] = "Иванов", "Иван", "", None
    sheet["D7"] = "   "
    buffer = io.BytesIO()
    workbook.save(buffer)
    grid = read_grid(buffer.getvalue(), "xlsx")
    assert grid.rows == [(3, (None, None, "Фамилия", "Имя", "Группа")), (5, (None, None, "Иванов", "Иван"))]
    assert grid.width == 5 and grid.file_format == "xlsx"


def test_the_sheet_with_the_list_is_chosen():
    instructions = {"Инструкция": [["Заполните список на следующем листе"], ["Спасибо!"]]}
    grid = read_grid(fb.xlsx_file(LIST, sheets_before=instructions), "xlsx")
    assert grid.rows[0] == (1, ("Фамилия", "Имя", "Группа"))
    hidden = {"Справочник": [["Фамилия", "Имя", "Группа"], ["Скрытов", "Сергей", "X"]]}
    grid = read_grid(fb.xlsx_file(LIST, sheets_before=hidden, hidden_before=True), "xlsx")
    assert grid.rows[1] == (2, ("Иванов", "Иван", "ИС-1"))
    grid = read_grid(fb.ods_file(LIST, tables_before={"Пустой": [], "Инструкция": [["Текст"]]}), "ods")
    assert grid.rows[0] == (1, ("Фамилия", "Имя", "Группа"))
    # no header anywhere: the first sheet with data, for the manual mapping
    unknown = [["Ф", "И"], ["Иванов", "Иван"]]
    grid = read_grid(fb.xlsx_file(unknown, sheets_before={"Пустой": [], "Заметки": [["Текст"]]}), "xlsx")
    assert grid.rows == [(1, ("Текст",))]


def test_a_workbook_without_data_is_refused():
    assert _read_refusal(fb.xlsx_file([]), "xlsx").message == spreadsheet.no_data().message
    assert _read_refusal(b";;\r\n ; \r\n", "csv").message == spreadsheet.no_data().message


# --- header detection and manual mapping -------------------------------------------------------


def _grid(rows: list[tuple]) -> Grid:
    return Grid("xlsx", [(n, tuple(v)) for n, v in rows], max((len(v) for _n, v in rows), default=0))


def test_find_header_takes_the_row_with_the_most_titles():
    grid = _grid([
        (1, ("Список заявок",)),
        (2, ("Группа:", "ИС-21", "Курс:", 2)),  # a title row with two field names
        (4, ("№", "ФИО", "Дата рождения", "Группа", "Курс", "Телефон", "Роль")),
        (5, (1, "Иванов Иван", "01.02.2007", "ИС-21", 2, "89161234567", "наставляемый")),
    ])
    header_row, columns = find_header(grid)
    assert header_row == 4
    assert columns == {
        "full_name": (1, "ФИО"), "birth_date": (2, "Дата рождения"), "study_group": (3, "Группа"),
        "course": (4, "Курс"), "phone": (5, "Телефон"), "role": (6, "Роль"),
    }


def test_find_header_looks_at_the_first_ten_rows_only():
    rows = [(n, (f"Строка {n}",)) for n in range(1, 11)] + [(11, ("Фамилия", "Имя"))]
    assert find_header(_grid(rows)) is None
    assert find_header(_grid(rows[1:]))[0] == 11


@pytest.mark.parametrize(
    ("title", "field_name"),
    [
        ("Фамилия Имя Отчество", "full_name"),
        ("Ф.И.О. полностью", "full_name"),
        ("Ф. И. О.", "full_name"),
        ("ФИО (полностью)", "full_name"),
        ("Дата рожд.", "birth_date"),
        ("Дата рождения (дд.мм.гггг)", "birth_date"),
        ("Учебная группа", "study_group"),
        ("Эл. почта", "email"),
        ("Электронная почта (e-mail)", "email"),
        ("Участвует как", "role"),
        ("Роль участника", "role"),
        ("Моб. телефон", "phone"),
        ("Телефон (мобильный)", "phone"),
        ("Курс обучения", "course"),
        ("Отчество (при наличии)", "patronymic"),
        ("ПЕДАГОГИЧЕСКИЙ СТАЖ,\nЛЕТ", "experience"),
        ("Согласие на обработку ПДн*", "consent"),
    ],
)
def test_real_header_titles_are_recognised(title, field_name):
    header_row, columns = find_header(_grid([(1, (title, "Фамилия", "Имя"))]))
    assert columns[field_name][0] == 0


def test_numbers_and_dates_are_never_titles():
    import datetime

    assert find_header(_grid([(1, (1, 2.0, datetime.date(2020, 1, 1), "Фамилия"))])) is None


def test_sheet_from_grid_applies_a_manual_mapping():
    grid = _grid([
        (1, ("Список",)),
        (3, ("Участник", None, "Дата", "Кто")),
        (4, ("Иванов Иван", None, "01.02.2007", "наставник")),
        (5, (None, None, None, None, 7)),  # a number outside the mapped columns only
        (6, ("Петров Пётр", "x", None, "наставляемый")),
    ])
    sheet = sheet_from_grid(grid, 3, {"full_name": 0, "birth_date": 2, "role": 3, "study_group": 1})
    assert sheet.header_row == 3
    assert sheet.columns == {
        "full_name": (0, "Участник"), "birth_date": (2, "Дата"), "role": (3, "Кто"),
        "study_group": (1, gettext("column %(letter)s") % {"letter": "B"}),
    }
    assert sheet.columns["study_group"][1] in ("столбец B", "column B")
    assert sheet.rows == [
        (4, ("Иванов Иван", None, "01.02.2007", "наставник", None)),
        (6, ("Петров Пётр", "x", None, "наставляемый", None)),
    ]


def test_sheet_from_grid_pads_rows_to_a_mapped_column_beyond_the_width():
    grid = _grid([(1, ("Фамилия", "Имя")), (2, ("Иванов", "Иван"))])
    sheet = sheet_from_grid(grid, 1, {"surname": 0, "name": 1, "email": 5})
    assert sheet.rows == [(2, ("Иванов", "Иван", None, None, None, None))]
    assert sheet.columns["email"] == (5, gettext("column %(letter)s") % {"letter": "F"})


def test_sheet_from_grid_needs_the_name_columns():
    grid = _grid([(1, ("Фамилия", "Группа")), (2, ("Иванов", "ИС-1"))])
    with pytest.raises(MappingNeeded) as info:
        sheet_from_grid(grid, 1, {"surname": 0, "study_group": 1})
    assert info.value.message == spreadsheet.no_name_columns().message
    assert sheet_from_grid(grid, 1, {"full_name": 0, "study_group": 1}).rows == [(2, ("Иванов", "ИС-1"))]
    with pytest.raises(ValueError):
        sheet_from_grid(grid, 1, {"full_name": 0, "shoe_size": 1})
    with pytest.raises(ValueError):
        sheet_from_grid(grid, 1, {"full_name": -1})


def test_a_header_without_rows_is_refused_without_a_mapping_page():
    grid = _grid([(1, ("Фамилия", "Имя", "Группа")), (2, (None, "  ", None))])
    with pytest.raises(ImportRefused) as info:
        sheet_from_grid(grid, 1, {"surname": 0, "name": 1})
    assert not isinstance(info.value, MappingNeeded)
    assert info.value.message == "В списке нет участников: все строки под заголовком пусты."


def test_read_sheet_asks_for_a_mapping_when_the_header_is_not_recognised():
    with pytest.raises(MappingNeeded) as info:
        read_sheet(fb.xlsx_file([["Список"], ["Иванов", "Иван"]]), "xlsx")
    assert info.value.message.startswith("Строка заголовков не найдена")
    with pytest.raises(MappingNeeded) as info:
        read_sheet(fb.xlsx_file([["Группа", "Курс", "Телефон"], ["ИС-1", 1, "89161234567"]]), "xlsx")
    assert info.value.message.startswith("В списке нет столбцов с именем")
    assert issubclass(MappingNeeded, ImportRefused)


def test_header_signature_is_normalised_without_trailing_empty_cells():
    assert header_signature(("  ФИО ", "Дата рождения", None, "Роль", None, "")) == "фио|дата рождения||роль"
    assert header_signature(("ФИО", "Дата рождения", "Роль")) == header_signature(
        ("фио", "Дата  рождения", "РОЛЬ", None)
    )
    assert header_signature(()) == ""


def test_every_field_has_a_label_for_the_mapping_page():
    assert FIELD_LABELS.keys() == HEADER_SYNONYMS.keys()
    assert all(str(label) for label in FIELD_LABELS.values())


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


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert column_letter(index) == letter


def test_an_ole_file_without_a_workbook_stream_or_cut_short_is_refused():
    """The .xls container is read with olefile: another OLE document is not a
    list, and a cut .xls is damaged."""
    xls = fb.xls_file(LIST)
    renamed = xls.replace("Workbook".encode("utf-16-le"), "Workboox".encode("utf-16-le"))
    assert renamed != xls
    assert _refusal(renamed, "list.xls").message == spreadsheet.not_a_workbook().message
    assert _refusal(xls[:1024], "list.xls").message == spreadsheet.damaged().message

"""Safe reading of uploaded applicant lists (.xlsx) and header detection.

The file is checked before any XML is parsed: size, zip signature, an Excel
workbook part, and the unpacked size (zip bombs). openpyxl parses through
defusedxml, so entity-expansion payloads raise instead of expanding; that and any
other parser failure becomes ``ImportRefused`` with a plain Russian message
(CONVENTIONS.md, "Imports: validate everything, then write once").
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils.translation import gettext as _

from ..errors import ImportRefused

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
MAX_DATA_ROWS = 20_000
PROLOG_SCAN_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 10
HEADER_MIN_MATCHES = 2
HEADER_MAX_COLUMNS = 100

# Column titles as people write them, by field. Matching is done on the
# normalised text (see normalize_header), so case, spaces, «ё» and punctuation
# do not matter.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ФИО", "Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество",
                  "Full name"),
    "surname": ("Фамилия", "Surname", "Last name", "Family name"),
    "name": ("Имя", "First name", "Given name"),
    "patronymic": ("Отчество", "Patronymic", "Middle name"),
    "birth_date": ("Дата рождения", "Дата рожд.", "Д.р.", "Date of birth", "Birth date",
                   "Birthday"),
    "study_group": ("Группа", "Учебная группа", "Group", "Study group"),
    "course": ("Курс", "Course", "Year of study"),
    "specialty": ("Специальность", "Профессия", "Специальность / профессия", "Specialty",
                  "Speciality"),
    "phone": ("Телефон", "Тел.", "Мобильный телефон", "Контактный телефон", "Phone",
              "Phone number", "Mobile"),
    "email": ("E-mail", "Email", "Эл. почта", "Электронная почта", "Адрес электронной почты",
              "E-mail address"),
    "role": ("Роль", "Роль в программе", "Участвует как", "Role", "Role in the programme"),
    "interests": ("Запрос / интересы", "Запрос", "Интересы", "Запрос наставляемого",
                  "Interests", "Request"),
    "competencies": ("Компетенции / профессиональные затруднения", "Компетенции",
                     "Профессиональные затруднения", "Направления наставничества",
                     "Competencies", "Mentoring areas"),
    "consent": ("Согласие на обработку ПДн", "Согласие на обработку персональных данных",
                "Согласие", "Согласие ПДн", "Consent", "Data processing consent"),
    "position": ("Должность", "Position", "Job title"),
    "employer": ("Организация", "Место работы", "Предприятие", "Organisation", "Organization",
                 "Company", "Employer"),
    "experience": ("Педагогический стаж, лет", "Педагогический стаж", "Стаж", "Стаж, лет",
                   "Teaching experience", "Teaching experience, years"),
    "qualification": ("Квалификационная категория", "Категория", "Qualification category"),
    "education": ("Образование", "Education"),
}


def normalize_header(text) -> str:
    """«  Запрос / Интересы » → «запрос интересы»; «Ё» → «е»; punctuation → space."""
    value = str(text if text is not None else "").lower().replace("ё", "е")
    return " ".join(re.sub(r"[\W_]+", " ", value).split())


SYNONYM_INDEX: dict[str, str] = {
    normalize_header(title): field_name
    for field_name, titles in HEADER_SYNONYMS.items()
    for title in titles
}


@dataclass
class Sheet:
    """A read applicant list.

    ``columns`` maps a field to ``(0-based column index, header text as in the
    file)``; ``rows`` holds ``(Excel row number, cell values)`` of every non-blank
    row below the header, values padded to the header's width.
    """

    header_row: int
    columns: dict[str, tuple[int, str]]
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def header(self, field_name: str) -> str:
        return self.columns[field_name][1]


def read_sheet(data: bytes) -> Sheet:
    """Check ``data`` (the uploaded bytes) and read the first worksheet that has a
    header row.

    Raises ImportRefused: too large, not an .xlsx workbook, a zip bomb, forbidden
    XML (entities), damaged, no header, no name columns, too many rows, no rows.
    """
    check_xlsx_bytes(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _read_first_list(workbook)
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception as exc:  # the parser's failures are many and undocumented
        if _caused_by(exc, DefusedXmlException):
            logger.warning("applicant list refused: forbidden XML")
            raise forbidden_xml() from exc
        logger.warning("applicant list refused: unreadable (%r)", exc)
        raise ImportRefused(
            _("The file is damaged and cannot be read as an Excel workbook. Open it in "
              "Excel, save it again as .xlsx and upload it.")
        ) from exc


def _caused_by(exc: BaseException, kind: type) -> bool:
    """True when ``exc`` or an exception it was raised from is a ``kind``
    (openpyxl wraps parser errors in ValueError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def check_xlsx_bytes(data: bytes) -> None:
    """Refuse, before any parsing, a file that is too large, is not an .xlsx zip
    with ``xl/workbook.xml``, or unpacks to more than 100 MB or more than 100
    times its size. Raises ImportRefused."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise too_large(len(data))
    if data.startswith(OLE_MAGIC):
        raise ImportRefused(
            _("The old Excel format (.xls) is not supported. Save the list as an Excel "
              "workbook (.xlsx) and upload it again.")
        )
    if not data.startswith(ZIP_MAGIC):
        raise not_a_workbook()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_a_workbook() from exc
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise not_a_workbook()
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNCOMPRESSED_BYTES
        or unpacked / packed > MAX_COMPRESSION_RATIO
    ):
        logger.warning("applicant list refused: zip bomb (%s bytes unpacked)", unpacked)
        raise ImportRefused(
            _("The file unpacks to far more data than an applicant list holds (it looks "
              "like a «zip bomb») and was refused.")
        )
    if _declares_dtd(archive, members):
        logger.warning("applicant list refused: DTD in an XML part")
        raise forbidden_xml()


def _declares_dtd(archive: zipfile.ZipFile, members) -> bool:
    """True when an XML part's prolog declares a DTD; Excel never writes one, and
    a DTD is how entity-expansion attacks start. defusedxml still guards the
    parser for a DTD hidden further in."""
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(member) as handle:
                if b"<!DOCTYPE" in handle.read(PROLOG_SCAN_BYTES).upper():
                    return True
    return False


def too_large(size: int) -> ImportRefused:
    mb = 1024 * 1024
    return ImportRefused(
        _("The file is too large: %(size).1f MB; at most %(max).1f MB is allowed.")
        % {"size": size / mb, "max": settings.IMPORT_MAX_UPLOAD_BYTES / mb}
    )


def forbidden_xml() -> ImportRefused:
    return ImportRefused(
        _("The file contains forbidden XML constructs (DTD entities) and was refused. "
          "Open it in Excel, save it again as .xlsx and upload it.")
    )


def not_a_workbook() -> ImportRefused:
    return ImportRefused(
        _("This is not an Excel workbook (.xlsx). Save the list in .xlsx format and "
          "upload it again.")
    )


def _read_first_list(workbook) -> Sheet:
    for worksheet in workbook.worksheets:
        worksheet.reset_dimensions()  # some writers store a wrong sheet size
        sheet = _find_header(worksheet)
        if sheet is not None:
            _check_name_columns(sheet)
            _read_rows(worksheet, sheet)
            return sheet
    raise ImportRefused(
        _("No header row was found in the first 10 rows. The list needs column titles "
          "such as «Фамилия», «Имя», «ФИО», «Дата рождения», «Телефон», «E-mail», "
          "«Роль».")
    )


def _find_header(worksheet) -> Sheet | None:
    rows = worksheet.iter_rows(
        max_row=HEADER_SEARCH_ROWS, max_col=HEADER_MAX_COLUMNS, values_only=True
    )
    for number, values in enumerate(rows, start=1):
        columns: dict[str, tuple[int, str]] = {}
        matched = 0
        for index, value in enumerate(values):
            field_name = SYNONYM_INDEX.get(normalize_header(value))
            if field_name is None:
                continue
            matched += 1
            columns.setdefault(field_name, (index, " ".join(str(value).split())))
        if matched >= HEADER_MIN_MATCHES:
            return Sheet(header_row=number, columns=columns)
    return None


def _check_name_columns(sheet: Sheet) -> None:
    if "full_name" in sheet.columns or {"surname", "name"} <= sheet.columns.keys():
        return
    raise ImportRefused(
        _("The list has no name columns: it needs «ФИО» or both «Фамилия» and «Имя».")
    )


def _read_rows(worksheet, sheet: Sheet) -> None:
    mapped = [index for index, _header in sheet.columns.values()]
    width = max(mapped) + 1
    rows = worksheet.iter_rows(min_row=sheet.header_row + 1, max_col=width, values_only=True)
    for number, values in enumerate(rows, start=sheet.header_row + 1):
        values = tuple(values) + (None,) * (width - len(values))
        # a row with only its «№» filled in is as blank as an empty one
        if all(_blank(values[index]) for index in mapped):
            continue
        if len(sheet.rows) >= MAX_DATA_ROWS:
            raise ImportRefused(
                _("The list has too many rows: at most %(max)s participants may be "
                  "imported from one file. Split it into several files.")
                % {"max": MAX_DATA_ROWS}
            )
        sheet.rows.append((number, values))
    if not sheet.rows:
        raise ImportRefused(_("The list has no participants: every row below the header is empty."))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

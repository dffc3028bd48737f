"""Safe reading of uploaded applicant lists (.xlsx, .xls, .ods, .csv) and header
detection.

Reading is done in three steps (CONVENTIONS.md, "Imports: validate everything,
then write once"; issue 3, items 1, 2 and 6):

1. ``check_upload`` — cheap checks before any parsing: size, the format by the
   file's content (not its name), zip bombs (the zip directory, then the real
   inflated size of every member, in bounded memory), and every XML part's
   prolog parsed with defusedxml (a DTD or an entity declaration is refused).
2. ``read_grid`` — the cells of the first sheet that holds the list, read with
   python-calamine (.xlsx/.xls/.ods) or the csv module. calamine allocates the
   whole rectangle between a sheet's first and last filled cell, so a tiny file
   with two far-apart cells would take gigabytes: before calamine runs, every
   sheet's extent (and, for .xlsx, the longest shared string) is measured with a
   streaming parser and refused when out of bounds.
3. ``find_header`` / ``sheet_from_grid`` — the header row (synonyms of seed
   column titles) or a curator's manual mapping turn the grid into a ``Sheet``.

Every refusal is an ``ImportRefused`` with a translated sentence; no parser
failure escapes as a 500.
"""

import codecs
import csv
import io
import logging
import posixpath
import re
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from xml.parsers import expat

import olefile
import python_calamine
from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as defused_fromstring
from defusedxml.ElementTree import iterparse as defused_iterparse
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import ImportRefused

logger = logging.getLogger(__name__)

FORMATS = ("xlsx", "xls", "ods", "csv")

MAX_DATA_ROWS = 100_000
HEADER_SEARCH_ROWS = 10
HEADER_MIN_MATCHES = 2
HEADER_MAX_COLUMNS = 100

# Zip containers (.xlsx, .ods): refused before parsing when out of these bounds.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
# An XML part's root element must start within this many bytes.
XML_PROLOG_MAX_BYTES = 1024 * 1024
# A sheet: at most this many columns and cells (rows × columns of the rectangle
# calamine allocates, 32 bytes a cell), this many characters in one cell
# (Excel's own limit), and this many characters of text kept in memory.
MAX_SHEET_COLUMNS = 256
MAX_SHEET_CELLS = 4_000_000
MAX_CELL_CHARS = 32_767
MAX_GRID_CHARS = 64_000_000

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODF_TEXT_MIMETYPES = (b"application/vnd.oasis.opendocument.text",)
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
_CHUNK = 1 << 16

# Column titles as people write them, by field. Matching is done on the
# normalised text (see normalize_header), so case, spaces, «ё» and punctuation
# do not matter; text in parentheses is tried without it («Телефон (моб.)»).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ФИО", "Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество",
                  "Ф.И.О. полностью", "ФИО полностью", "ФИО участника", "ФИО обучающегося",
                  "ФИО студента", "ФИО педагога", "ФИО сотрудника", "ФИО наставника",
                  "ФИО наставляемого", "Фамилия имя отчество полностью", "Full name"),
    "surname": ("Фамилия", "Surname", "Last name", "Family name"),
    "name": ("Имя", "First name", "Given name"),
    "patronymic": ("Отчество", "Patronymic", "Middle name"),
    "birth_date": ("Дата рождения", "Дата рожд.", "Д.р.", "Дата рожд", "Date of birth",
                   "Birth date", "Birthday"),
    "study_group": ("Группа", "Учебная группа", "Номер группы", "Шифр группы", "Group",
                    "Study group"),
    "course": ("Курс", "Курс обучения", "Year of study", "Course"),
    "specialty": ("Специальность", "Профессия", "Специальность / профессия",
                  "Специальность/профессия", "Код и наименование специальности",
                  "Направление подготовки", "Specialty", "Speciality"),
    "phone": ("Телефон", "Тел.", "Мобильный телефон", "Моб. телефон", "Моб. тел.",
              "Контактный телефон", "Номер телефона", "Сотовый телефон", "Phone",
              "Phone number", "Mobile"),
    "email": ("E-mail", "Email", "Эл. почта", "Электронная почта", "Адрес электронной почты",
              "Адрес эл. почты", "E-mail адрес", "E-mail address", "Email address"),
    "role": ("Роль", "Роль в программе", "Участвует как", "Роль участника",
             "Роль в программе наставничества", "Наставник / наставляемый", "Role",
             "Role in the programme"),
    "interests": ("Запрос / интересы", "Запрос", "Интересы", "Запрос наставляемого",
                  "Запрос на наставничество", "Сфера интересов", "Interests", "Request"),
    "competencies": ("Компетенции / профессиональные затруднения", "Компетенции",
                     "Профессиональные затруднения", "Направления наставничества",
                     "Профессиональные компетенции", "Competencies", "Mentoring areas"),
    "consent": ("Согласие на обработку ПДн", "Согласие на обработку персональных данных",
                "Согласие на обработку ПД", "Согласие", "Согласие ПДн", "Согласие на ОПД",
                "Consent", "Data processing consent"),
    "position": ("Должность", "Занимаемая должность", "Position", "Job title"),
    "employer": ("Организация", "Место работы", "Предприятие", "Наименование организации",
                 "Работодатель", "Organisation", "Organization", "Company", "Employer"),
    "experience": ("Педагогический стаж, лет", "Педагогический стаж", "Стаж", "Стаж, лет",
                   "Стаж работы", "Teaching experience", "Teaching experience, years"),
    "qualification": ("Квалификационная категория", "Квалиф. категория", "Категория",
                      "Qualification category"),
    "education": ("Образование", "Уровень образования", "Education"),
}

# Labels of the fields on the manual column-mapping page.
FIELD_LABELS: dict[str, str] = {
    "full_name": gettext_lazy("Full name in one column"),
    "surname": gettext_lazy("Surname"),
    "name": gettext_lazy("Name"),
    "patronymic": gettext_lazy("Patronymic"),
    "birth_date": gettext_lazy("Birth date"),
    "study_group": gettext_lazy("Study group"),
    "course": gettext_lazy("Course"),
    "specialty": gettext_lazy("Specialty"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "role": gettext_lazy("Role"),
    "interests": gettext_lazy("Request / interests"),
    "competencies": gettext_lazy("Competencies / professional difficulties"),
    "consent": gettext_lazy("Consent to personal data processing"),
    "position": gettext_lazy("Position"),
    "employer": gettext_lazy("Employer"),
    "experience": gettext_lazy("Teaching experience, years"),
    "qualification": gettext_lazy("Qualification category"),
    "education": gettext_lazy("Education"),
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


def field_for_header(value) -> str | None:
    """The field a column title stands for, or None: «Дата рождения
    (дд.мм.гггг)» → "birth_date"; numbers and dates are never titles."""
    if not isinstance(value, str):
        return None
    field_name = SYNONYM_INDEX.get(normalize_header(value))
    if field_name is None and "(" in value:
        field_name = SYNONYM_INDEX.get(normalize_header(re.sub(r"\([^)]*\)?", " ", value)))
    return field_name


@dataclass
class Sheet:
    """A read applicant list.

    ``columns`` maps a field to ``(0-based column index, header text as in the
    file)``; ``rows`` holds ``(row number in the file, cell values)`` of every
    non-blank row below the header, values padded to the header's width.
    """

    header_row: int
    columns: dict[str, tuple[int, str]]
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def header(self, field_name: str) -> str:
        return self.columns[field_name][1]


@dataclass
class Grid:
    """The cells of the sheet that holds the list.

    ``rows``: ``(1-based row number in the file, cell values)`` of the non-blank
    rows, values as Python values (str, int/float, date/datetime, bool), an
    empty cell as None, trailing empty cells dropped; ``width``: the longest row.
    For CSV the row number is the record's number (as Excel shows it).
    """

    file_format: str
    rows: list[tuple[int, tuple]]
    width: int


class MappingNeeded(ImportRefused):
    """The header row or the name columns were not recognised: the curator maps
    the columns by hand (issue 3, item 2)."""


# --- refusals ---------------------------------------------------------------------


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
    """Not a spreadsheet at all (an image, a PDF, binary junk)."""
    return ImportRefused(
        _("This file is not a spreadsheet. Upload the list as an Excel workbook (.xlsx or "
          ".xls), an OpenDocument spreadsheet (.ods) or a CSV file.")
    )


def empty_file() -> ImportRefused:
    return ImportRefused(_("The file is empty. Choose the file with the list and upload it again."))


def damaged() -> ImportRefused:
    return ImportRefused(
        _("The file is damaged and cannot be read as a spreadsheet. Open it in Excel or "
          "LibreOffice, save it again and upload it.")
    )


def zip_bomb() -> ImportRefused:
    return ImportRefused(
        _("The file unpacks to far more data than an applicant list holds (it looks "
          "like a «zip bomb») and was refused.")
    )


def renamed_text(extension: str) -> ImportRefused:
    """Plain text (a CSV) given a workbook's name, e.g. «list.xlsx»."""
    return ImportRefused(
        _("The file is named %(extension)s but is plain text, not a workbook. Open it "
          "in Excel and save it as an Excel workbook (.xlsx), or save it as CSV "
          "(.csv), and upload it again.") % {"extension": extension}
    )


def markup_text() -> ImportRefused:
    """A web page or an XML file (some programs save these as .xls)."""
    return ImportRefused(
        _("This file is a web page or an XML document, not a workbook (some programs "
          "save such files with the .xls extension). Open it in Excel, save it as an "
          "Excel workbook (.xlsx) and upload it again.")
    )


def password_protected() -> ImportRefused:
    return ImportRefused(
        _("The file is protected with a password. Remove the password in Excel "
          "(File → Info → Protect Workbook), save the file and upload it again.")
    )


def text_document() -> ImportRefused:
    return ImportRefused(
        _("This is a text document, not a spreadsheet. Copy the list into a spreadsheet, "
          "save it as an Excel workbook (.xlsx) and upload it again.")
    )


def too_many_rows() -> ImportRefused:
    return ImportRefused(
        _("The list has too many rows: at most %(max)s participants may be "
          "imported from one file. Split it into several files.")
        % {"max": MAX_DATA_ROWS}
    )


def too_much_text() -> ImportRefused:
    return ImportRefused(
        _("The file holds far more text than an applicant list (more than %(max)s "
          "characters) and was refused. Split it into several files.")
        % {"max": MAX_GRID_CHARS}
    )


def too_wide(rows: int, columns: int) -> ImportRefused:
    logger.warning("applicant list refused: a sheet spans %s rows × %s columns", rows, columns)
    return ImportRefused(
        _("A sheet of the file spans %(rows)s rows and %(columns)s columns — far more than "
          "an applicant list holds (at most %(max)s columns). Delete the unused rows and "
          "columns and any cells filled far from the list, save the file and upload it "
          "again.")
        % {"rows": rows, "columns": columns, "max": MAX_SHEET_COLUMNS}
    )


def no_data() -> ImportRefused:
    return ImportRefused(_("The file holds no data: all its sheets are empty."))


def no_participants() -> ImportRefused:
    return ImportRefused(_("The list has no participants: every row below the header is empty."))


def cell_too_long() -> ImportRefused:
    return ImportRefused(
        _("A cell of the file holds more than %(max)s characters, more than a "
          "spreadsheet cell may hold; the file was refused.") % {"max": MAX_CELL_CHARS}
    )


def no_header() -> MappingNeeded:
    return MappingNeeded(
        _("No header row was found in the first 10 rows. The list needs column titles "
          "such as «Фамилия», «Имя», «ФИО», «Дата рождения», «Телефон», «E-mail», "
          "«Роль».")
    )


def no_name_columns() -> MappingNeeded:
    return MappingNeeded(
        _("The list has no name columns: it needs «ФИО» or both «Фамилия» and «Имя».")
    )


def column_letter(index: int) -> str:
    """0 → «A», 25 → «Z», 26 → «AA»."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- checks before parsing ----------------------------------------------------------


def check_upload(data: bytes, filename: str) -> str:
    """Check uploaded bytes before any parsing; return the format by content:
    "xlsx", "xls", "ods" or "csv".

    Raises ImportRefused: empty (0 bytes or only whitespace), larger than
    ``settings.IMPORT_MAX_UPLOAD_BYTES``, not a spreadsheet (an image, a PDF,
    binary junk, a text document, a web page), plain text named .xlsx/.xls/
    .ods, an unsupported or password-protected workbook, a damaged zip, a zip
    bomb (member count, declared and real unpacked size, compression ratio), an
    XML part whose prolog declares a DTD or entities (``__cause__`` is
    defusedxml's exception). ``filename`` only serves the «text renamed to
    .xlsx» message.
    """
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    if not body.strip():
        raise empty_file()
    if len(data) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise too_large(len(data))
    return _detect(data, filename)


def _detect(data: bytes, filename: str) -> str:
    if data.startswith(ZIP_MAGIC):
        return _check_zip(data)
    if data.startswith(OLE_MAGIC):
        return _check_ole(data)
    kind = _binary_kind(data)
    if kind == "document":
        raise text_document()
    if kind is not None:
        logger.warning("applicant list refused: %s", kind)
        raise not_a_workbook()
    text = decode_text(data)
    if text is None:
        logger.warning("applicant list refused: binary, not text")
        raise not_a_workbook()
    if not text.strip():
        raise empty_file()
    if text.lstrip().startswith("<"):
        raise markup_text()
    extension = posixpath.splitext((filename or "").lower().replace("\\", "/"))[1]
    if extension in WORKBOOK_EXTENSIONS:
        raise renamed_text(extension)
    return "csv"


_BINARY_MAGIC = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"RIFF", "media"),
    (b"\x1f\x8b", "archive"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"{\\rtf", "document"),
)


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    return None


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str | None:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
    «Unicode text») or Windows-1251; None when the bytes are not text (a NUL or
    another control character, or undecodable)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    text = text.lstrip("\ufeff").rstrip("\x1a")
    if _CONTROL_CHARACTERS.search(text):
        return None
    return text


def _check_zip(data: bytes) -> str:
    """An .xlsx or .ods container: refuse zip bombs, duplicate or encrypted
    members, unknown contents, and DTDs in XML prologs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        logger.warning("applicant list refused: unreadable zip (%r)", exc)
        raise damaged() from exc
    names = [member.filename for member in members]
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNCOMPRESSED_BYTES
        or unpacked / packed > MAX_COMPRESSION_RATIO
    ):
        logger.warning("applicant list refused: zip bomb (%s bytes unpacked)", unpacked)
        raise zip_bomb()
    if len(set(names)) != len(names):
        logger.warning("applicant list refused: duplicate zip members")
        raise damaged()
    if any(member.flag_bits & 0x1 for member in members):
        raise password_protected()
    file_format = _zip_kind(archive, set(names))
    _check_inflated_sizes(data, members)
    _check_xml_prologs(archive, members)
    return file_format


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise ImportRefused(
            _("The binary Excel format (.xlsb) is not supported. Save the list as an Excel "
              "workbook (.xlsx) and upload it again.")
        )
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as handle:
                mimetype = handle.read(200).strip()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            raise damaged() from exc
        if mimetype == ODS_MIMETYPE:
            if "content.xml" not in names:
                raise damaged()
            return "ods"
        if mimetype in ODF_TEXT_MIMETYPES:
            raise text_document()
    if "word/document.xml" in names:
        raise text_document()
    raise not_a_workbook()


def _check_inflated_sizes(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Inflate every member in 64 KB steps and refuse when its real size differs
    from the size the zip directory declares (a bomb that lies about its size)
    or the total exceeds MAX_UNCOMPRESSED_BYTES; memory stays bounded."""
    total = 0
    view = memoryview(data)
    for member in members:
        start = _member_data_offset(data, member)
        raw = view[start:start + member.compress_size]
        if len(raw) != member.compress_size:
            raise damaged()
        if member.compress_type == zipfile.ZIP_STORED:
            size, crc = len(raw), zlib.crc32(raw)
        elif member.compress_type == zipfile.ZIP_DEFLATED:
            size, crc = _inflate_size(raw, limit=min(member.file_size, MAX_UNCOMPRESSED_BYTES - total))
        else:
            logger.warning("applicant list refused: zip compression %s", member.compress_type)
            raise damaged()
        if size != member.file_size or crc != member.CRC:
            logger.warning("applicant list refused: %s inflates to %s bytes, %s declared",
                           member.filename, size, member.file_size)
            raise zip_bomb() if size > member.file_size else damaged()
        total += size


def _member_data_offset(data: bytes, member: zipfile.ZipInfo) -> int:
    offset = member.header_offset
    if data[offset:offset + 4] != b"PK\x03\x04" or len(data) < offset + 30:
        raise damaged()
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    return offset + 30 + name_length + extra_length


def _inflate_size(raw: memoryview, *, limit: int) -> tuple[int, int]:
    """(bytes, crc32) that ``raw`` inflates to, stopping once past ``limit``."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = crc = 0
    try:
        for start in range(0, len(raw), _CHUNK):
            pending = raw[start:start + _CHUNK]
            while pending:
                out = inflater.decompress(pending, _CHUNK)
                size += len(out)
                crc = zlib.crc32(out, crc)
                if size > limit:
                    return size, crc
                pending = inflater.unconsumed_tail
        while out := inflater.decompress(b"", _CHUNK):
            size += len(out)
            crc = zlib.crc32(out, crc)
            if size > limit:
                return size, crc
    except zlib.error as exc:
        raise damaged() from exc
    if not inflater.eof:
        raise damaged()
    return size, crc


class _CappedReader:
    """A file-like that ends after ``limit`` bytes of ``handle``."""

    def __init__(self, handle, limit: int):
        self.handle, self.left = handle, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        chunk = self.handle.read(size)
        self.left -= len(chunk)
        return chunk


def _check_xml_prologs(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Parse the start of every XML part with defusedxml up to its first element:
    a DTD or an entity declaration raises defusedxml's exception, kept as the
    refusal's ``__cause__``. Office never writes a DTD. Parts named .xml/.rels/
    .vml must parse; other members are checked when they look like XML."""
    for member in members:
        if member.is_dir() or not member.file_size:
            continue
        strict = member.filename.lower().endswith((".xml", ".rels", ".vml"))
        try:
            if not strict:
                with archive.open(member) as handle:
                    head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
                if not head.startswith((b"<", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    continue
            with archive.open(member) as handle:
                _parse_prolog(_CappedReader(handle, XML_PROLOG_MAX_BYTES))
        except DefusedXmlException as exc:
            logger.warning("applicant list refused: %r in %s", exc, member.filename)
            raise forbidden_xml() from exc
        except ParseError as exc:
            if strict:
                logger.warning("applicant list refused: broken XML in %s (%s)", member.filename, exc)
                raise damaged() from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise damaged() from exc


def _parse_prolog(reader) -> None:
    for _event, _element in defused_iterparse(reader, events=("start",), forbid_dtd=True):
        return  # the first element: the prolog, where a DTD would be, is over


# --- the old binary .xls: an OLE compound file ---------------------------------------

def _open_ole(data: bytes) -> olefile.OleFileIO:
    """The OLE compound file (MS-CFB) of an .xls, read by olefile; a damaged
    structure raises ``damaged()``."""
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError) as exc:  # olefile's errors are OSErrors
        raise damaged() from exc


def _ole_streams(ole: olefile.OleFileIO) -> set[str]:
    """Lower-cased names of the file's top-level streams."""
    return {path[0].lower() for path in ole.listdir(streams=True, storages=False) if len(path) == 1}


def _check_ole(data: bytes) -> str:
    with _open_ole(data) as ole:
        streams = _ole_streams(ole)
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise password_protected()  # an .xlsx with a password is an OLE file
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise text_document()
    raise not_a_workbook()


# --- sheet extents, measured before calamine allocates them -------------------------


def _check_extent(data: bytes, file_format: str) -> None:
    """Refuse a workbook whose sheets would make calamine allocate more than
    MAX_SHEET_CELLS cells or MAX_SHEET_COLUMNS columns, or (.xlsx) holds a
    shared string longer than MAX_CELL_CHARS, (.ods) repeats more text than
    MAX_GRID_CHARS. Raises ImportRefused."""
    if file_format == "xls":
        _check_xls_extent(data)
        return
    archive = zipfile.ZipFile(io.BytesIO(data))
    if file_format == "xlsx":
        sheets, shared_strings = _xlsx_parts(archive)
        for name in sorted(sheets):
            bound = _xlsx_sheet_bound(archive, name)
            if bound is None or bound[0] * bound[1] > MAX_SHEET_CELLS:
                start, extent = _xlsx_sheet_scan()
                _expat_scan(archive, name, start)
                bound = extent()
            _check_rectangle(*bound)
        if shared_strings:
            scanner = _SharedStringScan()
            _expat_scan(archive, shared_strings, scanner.start, chars=scanner.chars)
    else:
        scanner = _OdsScan()
        _expat_scan(archive, "content.xml", scanner.start, end=scanner.end, chars=scanner.chars,
                    namespaces=True)


def _check_rectangle(rows: int, columns: int) -> None:
    if columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
        raise too_wide(rows, columns)


def _xlsx_parts(archive: zipfile.ZipFile) -> tuple[set[str], str | None]:
    """(worksheet parts, shared strings part) of a workbook: the targets of
    xl/_rels/workbook.xml.rels and every xl/worksheets/*.xml."""
    names = set(archive.namelist())
    sheets = {n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)}
    shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
    if "xl/_rels/workbook.xml.rels" in names:
        try:
            root = defused_fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
        except DefusedXmlException as exc:
            raise forbidden_xml() from exc
        except ParseError as exc:
            raise damaged() from exc
        for relation in root:
            target = relation.get("Target") or ""
            if relation.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            if path not in names:
                continue
            if (relation.get("Type") or "").endswith("/sharedStrings"):
                shared = path
            else:
                sheets.add(path)
    return sheets, shared


def _forbid_dtd(name, sysid, pubid, _has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, _is_parameter, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _defused_expat(*, namespaces: bool = False):
    """An expat parser that raises defusedxml's exceptions on a DTD, an entity
    declaration or an external reference, as defusedxml's own parsers do."""
    parser = expat.ParserCreate(namespace_separator=" " if namespaces else None)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed
    parser.ExternalEntityRefHandler = _forbid_external
    return parser


def _expat_scan(archive, name, start, *, end=None, chars=None, namespaces=False) -> None:
    """Stream part ``name`` through expat (DTDs and entities forbidden as in
    defusedxml) calling the given handlers. Raises ImportRefused."""
    parser = _defused_expat(namespaces=namespaces)
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if chars is not None:
        parser.buffer_text = True
        parser.CharacterDataHandler = chars
    try:
        with archive.open(name) as handle:
            while chunk := handle.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except DefusedXmlException as exc:
        logger.warning("applicant list refused: %r in %s", exc, name)
        raise forbidden_xml() from exc
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
        logger.warning("applicant list refused: broken %s (%r)", name, exc)
        raise damaged() from exc


_DIGITS = "0123456789"


_COLUMN_INDEX: dict[str, int] = {}


def _letters_to_index(letters: str) -> int:
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            raise ValueError(letters)
        index = 0
        for letter in letters.upper():
            index = index * 26 + ord(letter) - 64
        index -= 1
        _COLUMN_INDEX[letters] = index
    return index


# The quick bound of a worksheet's rectangle (see _xlsx_sheet_bound). Any «<»
# that starts a comment, CDATA, a processing instruction, a prefixed c/row tag,
# a <c> whose first attribute is not r="A1"-like (columns up to IV), or a <row>
# whose first attribute is not r="1"-like, sends the sheet to the exact scan.
_SUSPECT_MARKUP = re.compile(
    rb'<(?:!--|!\[CDATA\[|\?|[^\s<>/!?:]+:(?:c|row)[\s/>]'
    rb'|c(?:[>/]|\s(?!r="(?:[A-Z]|[A-H][A-Z]|I[A-V])[1-9][0-9]{0,6}"))'
    rb'|row(?:[>/]|\s(?!r="[1-9][0-9]{0,6}")))'
)
_TWO_LETTER_CELL = re.compile(rb'<c r="[A-Z]{2}')
_ROW_DIGITS = {length: re.compile(rb'<c r="[A-Z]{1,2}[0-9]{%d}"' % length) for length in range(1, 8)}


def _xlsx_sheet_bound(archive: zipfile.ZipFile, name: str) -> tuple[int, int] | None:
    """An upper bound (rows, columns) of the rectangle calamine will allocate
    for worksheet ``name``, from a few regular-expression searches instead of a
    callback per element — or None when the sheet is not in the plain form
    Excel, LibreOffice and openpyxl write, and must be scanned exactly.

    Sound because the part is first parsed by expat (well-formed, no DTD): in
    well-formed XML without comments, CDATA and processing instructions, every
    «<c » is a cell tag, so when every cell and row tag starts with a plain
    ``r`` reference, the largest column letters and the longest row number
    bound every cell. Raises ImportRefused for forbidden or broken XML."""
    parser = _defused_expat()
    carry, digits, two_letters, plain = b"", 0, False, True
    try:
        with archive.open(name) as handle:
            first = True
            while True:
                data = handle.read(1 << 20)
                buffer = carry + data
                cut = buffer.rfind(b"<", 1) if data else len(buffer)
                if cut <= 0:
                    carry = buffer
                    continue
                chunk, carry = buffer[:cut], buffer[cut:]
                parser.Parse(chunk, False)
                if plain:
                    start = 0
                    if first:
                        body = chunk.lstrip(codecs.BOM_UTF8)
                        start = len(chunk) - len(body)
                        if body.startswith(b"<?xml"):
                            start = chunk.find(b"?>", start) + 2
                    if _SUSPECT_MARKUP.search(chunk, start):
                        plain = False
                    else:
                        two_letters = two_letters or bool(_TWO_LETTER_CELL.search(chunk))
                        for length in range(7, digits, -1):
                            if _ROW_DIGITS[length].search(chunk):
                                digits = length
                                break
                first = False
                if not data:
                    break
        parser.Parse(b"", True)
    except DefusedXmlException as exc:
        logger.warning("applicant list refused: %r in %s", exc, name)
        raise forbidden_xml() from exc
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
        logger.warning("applicant list refused: broken %s (%r)", name, exc)
        raise damaged() from exc
    if not plain:
        return None
    return 10 ** digits - 1, (MAX_SHEET_COLUMNS if two_letters else 26)


def _xlsx_sheet_scan():
    """(start handler, extent) for one worksheet: the rectangle of the cells
    that have a value (``<v>``, ``<is>`` or ``<f>``), placed as calamine places
    them — by the ``r`` reference, or after the previous cell / row when it has
    none. ``extent()`` → (rows, columns). A closure: this runs once per element
    of the sheet, so it is kept lean."""
    row = col = cell_row = cell_col = max_row = max_col = -1
    pending = False
    column_index = _COLUMN_INDEX

    def start(name: str, attrs: dict) -> None:
        nonlocal row, col, cell_row, cell_col, max_row, max_col, pending
        if name == "c":
            ref = attrs.get("r")
            if ref is None:
                col += 1
                cell_row = row
            else:
                letters = ref.rstrip(_DIGITS)
                col = column_index.get(letters)
                if col is None:
                    col = _letters_to_index(letters)
                if len(ref) == len(letters):
                    cell_row = row
                elif len(ref) - len(letters) <= 9:
                    cell_row = int(ref[len(letters):]) - 1
                else:
                    raise ValueError(ref)
            cell_col = col
            pending = True
        elif name == "v" or name == "is" or name == "f":
            if pending:
                pending = False
                if cell_row > max_row:
                    max_row = cell_row
                if cell_col > max_col:
                    max_col = cell_col
        elif name == "row":
            ref = attrs.get("r")
            if ref is None:
                row += 1
            elif ref.isascii() and ref.isdigit() and len(ref) <= 9:
                row = int(ref) - 1
            else:
                raise ValueError(ref)
            col = -1
            pending = False
        elif ":" in name:  # a prefixed spreadsheetml element: the same by local name
            local = name.rpartition(":")[2]
            if local in ("c", "v", "is", "f", "row"):
                start(local, attrs)

    def extent() -> tuple[int, int]:
        return max_row + 1, max_col + 1

    return start, extent


class _SharedStringScan:
    """Refuses a shared string longer than MAX_CELL_CHARS: calamine hands every
    cell that uses it to Python as a separate copy."""

    def __init__(self):
        self.length = 0

    def start(self, name: str, attrs: dict) -> None:
        if name == "si" or name.endswith(":si"):
            self.length = 0

    def chars(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            logger.warning("applicant list refused: a shared string over %s characters", MAX_CELL_CHARS)
            raise cell_too_long()


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "


class _OdsTable:
    """Where the scan is in one table: next row, the row being read (first,
    repeat), next column, the cell being read, and the filled rectangle."""

    def __init__(self):
        self.next_row = self.row_start = self.row_repeat = self.col = 0
        self.rows = self.columns = 0
        self.cell: list | None = None  # [first column, repeat, has content, characters]


class _OdsScan:
    """Per table of content.xml: the rectangle of the cells with a value or
    content, with ``number-rows-repeated`` / ``number-columns-repeated``
    expanded as calamine expands them, and the text that expansion repeats."""

    TABLE = _ODS_TABLE + "table"
    ROW = _ODS_TABLE + "table-row"
    CELLS = (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell")
    ROWS_REPEATED = _ODS_TABLE + "number-rows-repeated"
    COLUMNS_REPEATED = _ODS_TABLE + "number-columns-repeated"
    VALUE_TYPE = _ODS_OFFICE + "value-type"

    def __init__(self):
        self.tables: list[_OdsTable] = []
        self.text = 0

    @staticmethod
    def _repeat(value: str | None) -> int:
        if value is None:
            return 1
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            raise ValueError(value)
        return max(int(value), 1)

    def start(self, name: str, attrs: dict) -> None:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None and name not in self.CELLS:
            table.cell[2] = True  # content inside the cell: text, an annotation…
        if name == self.TABLE:
            self.tables.append(_OdsTable())
        elif table is None:
            return
        elif name == self.ROW:
            repeat = self._repeat(attrs.get(self.ROWS_REPEATED))
            table.row_start, table.row_repeat, table.col = table.next_row, repeat, 0
            table.next_row += repeat
        elif name in self.CELLS:
            repeat = self._repeat(attrs.get(self.COLUMNS_REPEATED))
            table.cell = [table.col, repeat, self.VALUE_TYPE in attrs, 0]
            table.col += repeat

    def chars(self, data: str) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell[3] += len(data)

    def end(self, name: str) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        if name in self.CELLS and table.cell is not None:
            first, repeat, has_content, characters = table.cell
            table.cell = None
            if has_content:
                table.rows = max(table.rows, table.row_start + table.row_repeat)
                table.columns = max(table.columns, first + repeat)
                _check_rectangle(table.rows, table.columns)
                self.text += characters * repeat * table.row_repeat
                if self.text > MAX_GRID_CHARS:
                    raise too_much_text()
        elif name == self.TABLE:
            self.tables.pop()


# BIFF records that give calamine a cell: (row, column) at the record's start.
_BIFF_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x0406})
_BIFF_MULRK, _BIFF_BOF, _BIFF_FILEPASS = 0x00BD, 0x0809, 0x002F


def _check_xls_extent(data: bytes) -> None:
    """The rectangle of every sheet of an .xls workbook stream, from its cell
    records. Raises ImportRefused (also for a password-protected file)."""
    with _open_ole(data) as ole:
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        try:
            stream = ole.openstream(name).read() if name else b""
        except (OSError, ValueError, struct.error, IndexError) as exc:
            raise damaged() from exc
    if not stream:
        raise damaged()
    unpack = struct.unpack_from
    position, length = 0, len(stream)
    max_row = max_col = -1
    while position + 4 <= length:
        kind, size = unpack("<HH", stream, position)
        body = position + 4
        position = body + size
        if kind in _BIFF_CELLS and size >= 4:
            row, col = unpack("<HH", stream, body)
        elif kind == _BIFF_MULRK and size >= 6:
            row = unpack("<H", stream, body)[0]
            col = unpack("<H", stream, body + size - 2)[0]
        elif kind == _BIFF_BOF:
            if max_row >= 0:
                _check_rectangle(max_row + 1, max_col + 1)
            max_row = max_col = -1
            continue
        elif kind == _BIFF_FILEPASS:
            raise password_protected()
        else:
            continue
        if row > max_row:
            max_row = row
        if col > max_col:
            max_col = col
    if max_row >= 0:
        _check_rectangle(max_row + 1, max_col + 1)


# --- reading -----------------------------------------------------------------------


def read_grid(data: bytes, file_format: str, *, max_rows: int = MAX_DATA_ROWS + HEADER_SEARCH_ROWS) -> Grid:
    """Read the cells of the sheet that holds the list: the first sheet (visible
    ones first) whose first rows hold a recognisable header, else the first
    sheet with any data. ``file_format`` is what ``check_upload`` returned; the
    checks before parsing are run again (the bytes may come from storage).

    Raises ImportRefused: damaged or password-protected, a sheet too large for
    memory (see ``_check_extent``), no data at all, more than ``max_rows``
    non-blank rows, more than MAX_GRID_CHARS characters of text.
    """
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    detected = _detect(data, "")
    if detected != file_format:
        logger.warning("applicant list refused: %s read as %s", detected, file_format)
        raise damaged()
    if file_format == "csv":
        return _collect(_csv_rows(data), file_format, max_rows)
    _check_extent(data, file_format)
    try:
        workbook = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise password_protected() from exc
    except Exception as exc:  # calamine's failures are many and undocumented
        logger.warning("applicant list refused: unreadable %s (%r)", file_format, exc)
        raise damaged() from exc
    with workbook:
        return _read_workbook(workbook, file_format, max_rows)


def _read_workbook(workbook, file_format: str, max_rows: int) -> Grid:
    metadata = workbook.sheets_metadata
    worksheets = [i for i, m in enumerate(metadata) if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    visible = [i for i in worksheets if metadata[i].visible == python_calamine.SheetVisibleEnum.Visible]
    fallback = None
    for index in visible + [i for i in worksheets if i not in visible]:
        sheet = _load_sheet(workbook, index, file_format)
        top = []
        for number, values in _sheet_rows(sheet):
            if _filled(values):
                top.append((number, tuple(values)))
                if len(top) == HEADER_SEARCH_ROWS:
                    break
        if not top:
            continue
        if find_header(Grid(file_format, top, max(len(v) for _n, v in top))) is not None:
            return _collect(_sheet_rows(sheet), file_format, max_rows)
        if fallback is None:
            fallback = index
    if fallback is None:
        raise no_data()
    return _collect(_sheet_rows(_load_sheet(workbook, fallback, file_format)), file_format, max_rows)


def _load_sheet(workbook, index: int, file_format: str):
    try:
        return workbook.get_sheet_by_index(index)
    except python_calamine.PasswordError as exc:
        raise password_protected() from exc
    except Exception as exc:
        logger.warning("applicant list refused: unreadable %s sheet (%r)", file_format, exc)
        raise damaged() from exc


def _sheet_rows(sheet):
    """(row number, values) of every row; calamine yields rows from the first
    one of the sheet but columns from the first filled one."""
    start = sheet.start
    if start is None:
        return
    pad = [None] * start[1]
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = [value if value.__class__ is not str or value else None for value in row]
            yield number, pad + values if pad else values
    except ImportRefused:
        raise
    except Exception as exc:
        logger.warning("applicant list refused: unreadable row (%r)", exc)
        raise damaged() from exc


def _filled(values: list) -> bool:
    """Trims trailing empty cells in place; True when a cell is not blank."""
    while values and values[-1] is None:
        values.pop()
    for value in values:
        if value is not None and (value.__class__ is not str or not value.isspace()):
            return True
    return False


def _collect(rows, file_format: str, max_rows: int) -> Grid:
    """The non-blank rows of ``rows`` ((number, list of values)) as a Grid,
    refusing more than ``max_rows`` rows, MAX_SHEET_COLUMNS columns or
    MAX_GRID_CHARS characters."""
    kept: list[tuple[int, tuple]] = []
    append = kept.append
    width = characters = 0
    for number, values in rows:
        while values and values[-1] is None:
            values.pop()
        for value in values:
            if value is not None and (value.__class__ is not str or not value.isspace()):
                break
        else:
            continue  # a blank row
        if len(kept) >= max_rows:
            logger.warning("applicant list refused: more than %s rows", max_rows)
            raise too_many_rows()
        if len(values) > width:
            if len(values) > MAX_SHEET_COLUMNS:
                raise too_wide(number, len(values))
            width = len(values)
        characters += sum([len(v) for v in values if v.__class__ is str])
        if characters > MAX_GRID_CHARS:
            raise too_much_text()
        append((number, tuple(values)))
    if not kept:
        raise no_data()
    return Grid(file_format=file_format, rows=kept, width=width)


_DELIMITERS = (";", "\t", ",")


def _csv_rows(data: bytes):
    """(record number, values) of a CSV file: UTF-8/UTF-16/cp1251, delimiter
    «;», tab or «,» detected (Excel's «sep=;» first line is honoured), quoted
    fields may hold delimiters and line breaks."""
    text = decode_text(data)
    if text is None:
        raise not_a_workbook()
    first_line, _newline, rest = text.partition("\n")
    hint = first_line.strip().lower()
    if len(hint) == 5 and hint.startswith("sep="):
        text, delimiter = rest, first_line.strip()[4]
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        for number, record in enumerate(reader, start=1):
            yield number, [value if value else None for value in record]
    except csv.Error as exc:
        logger.warning("applicant list refused: unreadable CSV (%r)", exc)
        raise damaged() from exc


def sniff_delimiter(text: str) -> str:
    """«;», tab or «,»: the one that splits the first 50 records into the same
    number (> 1) of fields most often; «;» (Russian Excel) when none does."""
    sample = text[:64 * 1024]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    best, best_score = ";", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            records = list(zip(range(50), csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)))
        except csv.Error:
            continue
        counts = Counter(len(r) for _i, r in records if any(v.strip() for v in r))
        if not counts:
            continue
        fields, frequency = counts.most_common(1)[0]
        score = (frequency, fields)
        if fields > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


# --- header and mapping ------------------------------------------------------------


def header_signature(values: tuple) -> str:
    """The normalised titles of a header row joined by «|», trailing empty cells
    dropped: the key under which a curator's column mapping is remembered."""
    parts = [normalize_header(value) for value in values]
    while parts and not parts[-1]:
        parts.pop()
    return "|".join(parts)


def find_header(grid: Grid) -> tuple[int, dict[str, tuple[int, str]]] | None:
    """The header among the first HEADER_SEARCH_ROWS non-blank rows: the row with
    the most recognised titles (at least HEADER_MIN_MATCHES), the first on a
    tie. Returns (row number, {field: (0-based column, title as in the file)})
    or None."""
    best = None
    for number, values in grid.rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, tuple[int, str]] = {}
        for index, value in enumerate(values[:HEADER_MAX_COLUMNS]):
            field_name = field_for_header(value)
            if field_name is not None and field_name not in columns:
                columns[field_name] = (index, " ".join(value.split()))
        if len(columns) >= HEADER_MIN_MATCHES and (best is None or len(columns) > len(best[1])):
            best = (number, columns)
    return best


def sheet_from_grid(grid: Grid, header_row: int, columns: dict[str, int]) -> Sheet:
    """The Sheet under the header in row ``header_row`` with ``columns``
    ({field: 0-based column index}, fields of HEADER_SYNONYMS): each column
    named by its title in the file or, when that cell is empty, «столбец C»;
    rows are the non-blank rows below the header (a row whose mapped cells are
    all blank is skipped), padded to the width.

    Raises MappingNeeded without the name columns («ФИО», or «Фамилия» and
    «Имя»); ImportRefused when no row or more than MAX_DATA_ROWS rows remain;
    ValueError for an unknown field or a negative index (a programming error).
    """
    unknown = set(columns) - HEADER_SYNONYMS.keys()
    if unknown or any(not isinstance(i, int) or i < 0 for i in columns.values()):
        raise ValueError(f"bad column mapping {columns!r}")
    header = next((values for number, values in grid.rows if number == header_row), ())
    named: dict[str, tuple[int, str]] = {}
    for field_name, index in columns.items():
        value = header[index] if index < len(header) else None
        title = " ".join(str(value).split()) if value is not None else ""
        named[field_name] = (index, title or _("column %(letter)s") % {"letter": column_letter(index)})
    _check_name_columns(named)
    mapped = [index for index, _title in named.values()]
    width = max(grid.width, max(mapped) + 1)
    sheet = Sheet(header_row=header_row, columns=named)
    for number, values in grid.rows:
        if number <= header_row:
            continue
        # a row with only its «№» filled in is as blank as an empty one
        if all(index >= len(values) or _blank(values[index]) for index in mapped):
            continue
        if len(sheet.rows) >= MAX_DATA_ROWS:
            raise too_many_rows()
        sheet.rows.append((number, values + (None,) * (width - len(values))))
    if not sheet.rows:
        raise no_participants()
    return sheet


def read_sheet(data: bytes, file_format: str) -> Sheet:
    """``read_grid`` + ``find_header`` + ``sheet_from_grid``. Raises
    MappingNeeded when no header row or no name column is recognised, and
    ImportRefused as those do."""
    grid = read_grid(data, file_format)
    found = find_header(grid)
    if found is None:
        raise no_header()
    header_row, columns = found
    return sheet_from_grid(grid, header_row, {name: index for name, (index, _t) in columns.items()})


def _check_name_columns(columns: dict) -> None:
    if "full_name" in columns or {"surname", "name"} <= columns.keys():
        return
    raise no_name_columns()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

"""Applicant-list files built in memory for the reading tests: every format a
college sends (.xlsx, .xls, .ods, .csv, in the shapes of issue 3) and hostile
files (zip bombs, entity expansion, cells far apart, junk)."""

import datetime
import functools
import io
import random
import struct
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import xlwt

from .helpers import BILLION_LAUGHS, rewrite_member

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MIB = 1024 * 1024

# A 1×1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4f60000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- the formats ----------------------------------------------------------------------


def xlsx_file(rows: list[list], *, sheets_before: dict[str, list[list]] | None = None,
              hidden_before: bool = False) -> bytes:
    """An .xlsx workbook (openpyxl) whose list sheet holds ``rows``; ``sheets_before``
    ({title: rows}) come first, hidden with ``hidden_before``."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    worksheets = []
    for title, content in (sheets_before or {}).items():
        sheet = workbook.create_sheet(title)
        if hidden_before:
            sheet.sheet_state = "hidden"
        worksheets.append((sheet, content))
    worksheets.append((workbook.create_sheet("Список"), rows))
    workbook.remove(first)
    for sheet, content in worksheets:
        for row in content:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_file(rows: list[list], *, far_cell: tuple[int, int] | None = None) -> bytes:
    """An old binary .xls workbook (xlwt, BIFF8); dates get a dd.mm.yyyy format;
    ``far_cell`` (0-based row, column) gets a value too."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Лист1")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    if far_cell is not None:
        sheet.write(*far_cell, "x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_cell(value) -> str:
    """One <table:table-cell> of an OpenDocument spreadsheet."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}">'
                f"<text:p>{flag.upper()}</text:p></table:table-cell>")
    if isinstance(value, datetime.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def ods_rows(rows: list[list]) -> str:
    return "".join(
        "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
        if row else "<table:table-row><table:table-cell/></table:table-row>"
        for row in rows
    )


def ods_content(tables_xml: str, *, prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog
        + f'<office:document-content {ODS_NAMESPACES} office:version="1.2">'
        "<office:body><office:spreadsheet>" + tables_xml
        + "</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def ods_container(content: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal valid .ods: the uncompressed ``mimetype`` first, the manifest,
    ``content.xml``."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ods_file(rows: list[list], *, tables_before: dict[str, list[list]] | None = None) -> bytes:
    """An .ods whose list table holds ``rows`` (None → empty cell, [] → empty row)."""
    tables = "".join(
        f'<table:table table:name="{escape(title)}">{ods_rows(content)}</table:table>'
        for title, content in (tables_before or {}).items()
    )
    tables += f'<table:table table:name="Список">{ods_rows(rows)}</table:table>'
    return ods_container(ods_content(tables))


def csv_file(rows: list[list], *, encoding: str = "utf-8-sig", delimiter: str = ",",
             line_end: str = "\r\n") -> bytes:
    """A CSV as Excel saves it: fields with the delimiter, quotes or line breaks
    quoted; None → empty field."""

    def field(value) -> str:
        text = "" if value is None else str(value)
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    return "".join(delimiter.join(field(v) for v in row) + line_end for row in rows).encode(encoding)


# --- hostile files ----------------------------------------------------------------------


@functools.cache
def zip_bomb(kind: str = "xlsx", unpacked: int = 1024 * MIB) -> bytes:
    """A valid .xlsx or .ods plus a member of ``unpacked`` zero bytes, deflated
    in 1 MB steps (ratio ≈ 1000; 1 GB packs into ≈ 1 MB)."""
    rows = [["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]]
    data = xlsx_file(rows) if kind == "xlsx" else ods_file(rows)
    buffer = io.BytesIO(data)
    zeros = bytes(MIB)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/media/image1.png" if kind == "xlsx" else "Pictures/1.png", "w") as member:
            for _step in range(unpacked // MIB):
                member.write(zeros)
    return buffer.getvalue()


def lying_zip_bomb(unpacked: int = 64 * MIB, declared: int = 1000) -> bytes:
    """A valid .xlsx plus a member of ``unpacked`` zeros whose local header and
    zip directory both declare only ``declared`` bytes."""
    data = xlsx_file([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(unpacked))
    patched = bytearray(buffer.getvalue())
    name = b"xl/media/image1.png"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = 0
        while (position := patched.find(signature, position)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            if patched[position + name_offset:position + name_offset + len(name)] == name:
                struct.pack_into("<I", patched, position + size_offset, declared)
            position += 4
    return bytes(patched)


def billion_laughs_xlsx(member: str = "xl/worksheets/sheet1.xml", *, padding: int = 0) -> bytes:
    """A workbook whose ``member`` declares nested entities and uses them in a
    cell; ``padding`` bytes of (incompressible) comment come before the DTD."""
    data = xlsx_file([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])

    def inject(content: bytes) -> bytes:
        body = content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content
        body = body.replace(b"<v>", b"<v>&lol4;", 1)
        body = body.replace(b"<t>", b"<t>&lol4;", 1)
        declaration, dtd = BILLION_LAUGHS.split(b"\n", 1)
        noise = random.Random(padding).randbytes(padding // 2).hex().encode()[:padding]
        comment = b"<!--" + noise + b"-->\n" if padding else b""
        return declaration + b"\n" + comment + dtd + body.lstrip()

    return rewrite_member(data, member, inject)


def dtd_ods(*, entity: bool = True) -> bytes:
    """An .ods whose content.xml declares a DTD (with an entity used in a cell)."""
    prolog = (
        '<!DOCTYPE office:document-content [<!ENTITY boom "Иванов">]>\n' if entity
        else '<!DOCTYPE office:document-content SYSTEM "http://example.com/x.dtd">\n'
    )
    rows = ods_rows([["Фамилия", "Имя", "Группа"], ["&boom;", "Иван", "ИС-1"]]).replace("&amp;boom;", "&boom;")
    return ods_container(ods_content(f'<table:table table:name="Список">{rows}</table:table>', prolog=prolog))


def far_cell_xlsx(cell: str = "XFD100000") -> bytes:
    """A tiny .xlsx with a value in A1 and in ``cell``: calamine would allocate
    the whole rectangle between them."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Фамилия"
    workbook.active[cell] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unreferenced_cells_xlsx(count: int) -> bytes:
    """An .xlsx whose sheet has one row of ``count`` cells without «r»
    references (calamine places each after the previous one)."""
    data = xlsx_file([["Фамилия", "Имя"], ["Иванов", "Иван"]])
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(count))

    def replace(content: bytes) -> bytes:
        start = content.index(b"<sheetData>") + len(b"<sheetData>")
        end = content.index(b"</sheetData>")
        return content[:start] + b"<row>" + cells + b"</row>" + content[end:]

    return rewrite_member(data, "xl/worksheets/sheet1.xml", replace)


def repeated_cells_ods(rows: int = 10_000, columns: int = 200) -> bytes:
    """An .ods of < 1 KB: one text cell repeated ``columns`` times in a row
    repeated ``rows`` times."""
    table = (
        f'<table:table table:name="Лист1"><table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell office:value-type="string" table:number-columns-repeated="{columns}">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    return ods_container(ods_content(table))


def xlsx_with_sheet_xml(rows_xml: str) -> bytes:
    """A workbook whose sheet holds a header row, then ``rows_xml`` inserted as
    it is at the end of <sheetData> (hand-written cells and rows)."""
    data = xlsx_file([["Фамилия", "Имя"], ["Иванов", "Иван"]])

    def insert(content: bytes) -> bytes:
        return content.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>", 1)

    return rewrite_member(data, "xl/worksheets/sheet1.xml", insert)

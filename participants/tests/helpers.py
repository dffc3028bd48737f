"""Workbooks built in the participant tests."""

import io
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

STUDENT_HEADER = [
    "№", "Фамилия", "Имя", "Отчество", "Дата рождения", "Группа", "Курс", "Телефон",
    "E-mail", "Роль в программе", "Запрос / интересы", "Согласие на обработку ПДн",
]


def xlsx_bytes(rows: list[list], *, title_rows: list[list] | None = None) -> bytes:
    """An .xlsx workbook whose first sheet holds ``title_rows`` then ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (title_rows or []) + rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "list.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def sample_upload(path: Path) -> SimpleUploadedFile:
    return upload(path.read_bytes(), path.name)


def rewrite_member(data: bytes, member: str, transform) -> bytes:
    """The workbook ``data`` with zip member ``member`` replaced by
    ``transform(old_bytes)``."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = transform(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n'
)


def entity_expansion_xlsx(member: str = "xl/worksheets/sheet1.xml", *, padding: int = 0) -> bytes:
    """A workbook whose ``member`` declares nested entities (billion laughs) and
    uses them in a cell; ``padding`` bytes of XML comment before the DTD hide it
    from a scan of the prolog's start."""
    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])

    def inject(content: bytes) -> bytes:
        body = content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content
        body = body.replace(b"<v>", b"<v>&lol4;", 1) if b"<v>" in body else body
        declaration, dtd = BILLION_LAUGHS.split(b"\n", 1)
        comment = b"<!--" + b"x" * padding + b"-->\n" if padding else b""
        return declaration + b"\n" + comment + dtd + body.lstrip()

    return rewrite_member(data, member, inject)


def zip_bomb_xlsx() -> bytes:
    """A valid workbook with an extra member of 30 MB of zeros (ratio ≈ 1000)."""
    import zipfile

    data = xlsx_bytes([["Фамилия", "Имя", "Группа"], ["Иванов", "Иван", "ИС-1"]])
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (30 * 1024 * 1024))
    return buffer.getvalue()

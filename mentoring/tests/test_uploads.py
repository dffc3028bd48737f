"""document_kind: a document told by its content (evidence, practices)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.uploads import document_kind


def _zip(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            name = "[Content_Types].xml" if name == "_ct" else name.replace("__", "/")
            archive.writestr(name.replace("_xml", ".xml").replace("_txt", ".txt"), data)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "kind"), [
    (b"%PDF-1.7\n...", ".pdf"),
    (b"\xff\xd8\xff\xe0JFIF", ".jpg"),
    (b"\x89PNG\r\n\x1a\n....", ".png"),
    (_zip(_ct=b"<Types/>", word__document_xml=b"<w/>"), ".docx"),
    (_zip(_ct=b"<Types/>", xl__workbook_xml=b"<x/>"), ".xlsx"),
    (_zip(mimetype=b"application/vnd.oasis.opendocument.text"), ".odt"),
    (_zip(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"), None),
    (_zip(readme_txt=b"just a zip"), None),
    (b"PK\x03\x04 broken", None),
    (b"MZ\x90\x00 an exe named report.pdf", None),
    (b"", None),
])
def test_document_kind_reads_the_content_not_the_name(content, kind):
    upload = SimpleUploadedFile("report.pdf", content)
    assert document_kind(upload) == kind
    assert upload.tell() == 0  # left at its start for storing

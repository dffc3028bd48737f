"""An upload handler that stops storing a file once it passes the largest
upload the portal accepts (``settings.MAX_UPLOAD_BYTES``), so that a hostile
multi-gigabyte upload fills neither memory nor the temporary disk.

The file is skipped and ``request.upload_too_large`` is set to the size seen so
far; views that take uploads turn it into a clear message
(``upload_too_large_message``). ``document_kind`` tells a document by its
content, not its name.
"""

import io
import zipfile

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _


class LimitedUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: passes chunks on until the file is
    larger than ``settings.MAX_UPLOAD_BYTES``, then skips the file."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.MAX_UPLOAD_BYTES:
            self.request.upload_too_large = start + len(raw_data)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_too_large_message(limit: int) -> str:
    """«The file is too large: at most N MB is allowed.» for ``limit`` bytes."""
    return _("The file is too large: at most %(max).1f MB is allowed.") % {
        "max": limit / (1024 * 1024)
    }


# The documents the portal keeps (evidence of indicators, practices), by content:
# the first bytes, or for an office document the names inside its ZIP.
_SIGNATURES = (
    (b"%PDF-", ".pdf"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
)
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return ".odt"
    except (zipfile.BadZipFile, ValueError, OSError, KeyError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return ".docx"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    return None


def document_kind(upload) -> str | None:
    """The extension an uploaded file's CONTENT shows — ``.pdf``, ``.jpg``,
    ``.png``, ``.docx``, ``.xlsx`` (a ZIP with ``word/document.xml`` or
    ``xl/workbook.xml``) or ``.odt`` (a ZIP whose ``mimetype`` names an
    OpenDocument text) — or None for anything else, whatever its name says.
    Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in _SIGNATURES:
        if head.startswith(signature):
            return extension
    if not head.startswith(b"PK\x03\x04"):
        return None
    kind = _office_kind(upload.read())
    upload.seek(0)
    return kind

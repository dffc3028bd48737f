"""An upload handler that stops storing a file once it passes the largest
upload the portal accepts (``settings.MAX_UPLOAD_BYTES``), so that a hostile
multi-gigabyte upload fills neither memory nor the temporary disk.

The file is skipped and ``request.upload_too_large`` is set to the size seen so
far; views that take uploads turn it into a clear message
(``upload_too_large_message``).
"""

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

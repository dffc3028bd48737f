"""The mentor's photo (``Mentor.photo``) for the profile and, with the
publication consent, for the honour board of the public pages (seed 001 6.3
«доска почёта наставников», seed 002 item 14).

An upload is accepted only when Pillow reads it as a JPEG or PNG image of at
most 5 MB and 40 megapixels; it is never stored as uploaded: it is re-encoded
as a JPEG of at most ``PHOTO_SIZE`` pixels a side, which drops every piece of
metadata (EXIF with GPS position and camera, ICC comments, PNG text chunks)
and anything hidden after the image data. Stored under a random name; served
only through access-checked views (participants.views.photos and the public
photo view of reports.views.public), never from MEDIA_URL.
"""

import io
import os
import uuid
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from mentoring.services import log_action

from ..models import Mentor
from .profiles import ProfileError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# the longest side of the stored photo, pixels
PHOTO_SIZE = 600
# refuse decompression bombs long before Pillow's own limit (about 89 megapixels)
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png")
PHOTO_FORMATS = ("JPEG", "PNG")


def _error(message: str) -> ProfileError:
    return ProfileError(errors={"photo": message})


def _open_image(upload) -> Image.Image:
    """The uploaded image, checked and fully decoded; ProfileError otherwise."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in PHOTO_EXTENSIONS:
        raise _error(_("Only a JPEG or PNG image can be a photo."))
    if not upload.size:
        raise _error(_("The file is empty."))
    if upload.size > MAX_PHOTO_BYTES:
        raise _error(_("The file is larger than 5 MB."))
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in PHOTO_FORMATS:
                raise _error(_("Only a JPEG or PNG image can be a photo."))
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise _error(_("The image is too large: at most 40 megapixels."))
            image.load()
    except ProfileError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _error(_("The file is not a readable JPEG or PNG image: it may be damaged or renamed."))
    finally:
        upload.seek(0)
    return image


def normalised_photo(upload) -> bytes:
    """The JPEG bytes to store for ``upload``: turned upright by its EXIF
    orientation, flattened onto white, at most PHOTO_SIZE px a side, without
    any metadata. Raises ProfileError (field ``photo``, Russian message) for
    another extension or format, an empty file, more than 5 MB or 40
    megapixels, or content Pillow cannot decode."""
    image = _open_image(upload)
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    image.thumbnail((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # a fresh image object carries no info dict: no EXIF, ICC or comments are written
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def _delete_after_commit(field_file_name: str, storage) -> None:
    if field_file_name:
        transaction.on_commit(lambda: storage.delete(field_file_name))


def set_mentor_photo(mentor: Mentor, *, upload, actor) -> Mentor:
    """Store ``upload`` (an uploaded file) as the mentor's photo, replacing the
    previous one (deleted from the storage after the commit). Audited as
    ``participants.mentor.photo_set``. Raises ProfileError as
    :func:`normalised_photo`; nothing is written then."""
    content = normalised_photo(upload)
    old_name, storage = mentor.photo.name, mentor.photo.storage
    with transaction.atomic():
        mentor.photo.save(uuid.uuid4().hex + ".jpg", ContentFile(content), save=False)
        mentor.save(update_fields=["photo"])
        log_action(
            "participants.mentor.photo_set", actor=actor,
            organization=mentor.participant.organization, obj=mentor,
            data={"bytes": len(content)},
        )
        _delete_after_commit(old_name, storage)
    return mentor


def remove_mentor_photo(mentor: Mentor, *, actor) -> bool:
    """Remove the mentor's photo (the file leaves the storage after the
    commit); False when there was none. Audited as
    ``participants.mentor.photo_removed``."""
    if not mentor.photo:
        return False
    old_name, storage = mentor.photo.name, mentor.photo.storage
    with transaction.atomic():
        mentor.photo = ""
        mentor.save(update_fields=["photo"])
        log_action(
            "participants.mentor.photo_removed", actor=actor,
            organization=mentor.participant.organization, obj=mentor,
        )
        _delete_after_commit(old_name, storage)
    return True

"""Builders for the tests of the practice base and the public pages: mentors
with the programme consent and, when asked, the publication consent, images."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from mentoring.tests.factories import MentorFactory, ParticipantFactory
from participants.data.consent_texts import CURRENT_VERSION, PUBLICATION_VERSION
from participants.enums import ConsentGiver
from participants.services.consents import record_consent


def image_bytes(fmt: str = "JPEG", size=(800, 600), exif_maker: str = "") -> bytes:
    image = Image.new("RGB", size, (40, 90, 160))
    out = io.BytesIO()
    options = {}
    if exif_maker:
        exif = Image.Exif()
        exif[0x010F] = exif_maker  # Make
        exif[0x0110] = exif_maker  # Model
        options["exif"] = exif.tobytes()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    content_type = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def consented_mentor(organization, surname: str, *, publication: bool = True, **fields):
    """A mentor of ``organization`` with the programme consent and, with
    ``publication``, the separate publication consent; returns
    ``(mentor, publication_consent or None)``."""
    participant = ParticipantFactory(organization=organization, surname=surname, **fields)
    mentor = MentorFactory(participant=participant, competencies="Цифровая грамотность")
    today = timezone.localdate()
    record_consent(participant, given_by=ConsentGiver.SELF, given_on=today, actor=None,
                   text_version=CURRENT_VERSION)
    consent = None
    if publication:
        consent = record_consent(participant, given_by=ConsentGiver.SELF, given_on=today,
                                 actor=None, text_version=PUBLICATION_VERSION)
    return mentor, consent

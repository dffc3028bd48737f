"""The mentor's photo: only a JPEG or PNG Pillow can read, at most 5 MB,
stored re-encoded (600 px, no metadata) under a random name; served only to
the organisation's staff and the mentor themself."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from participants.models import Mentor
from participants.services.photos import MAX_PHOTO_BYTES, normalised_photo
from participants.services.profiles import ProfileError
from reports.tests.publishing import image_bytes, image_upload


@pytest.fixture
def mentor(alice) -> Mentor:
    return Mentor.objects.get(participant__user=alice)


def test_curator_uploads_a_photo_stripped_of_metadata_and_resized(client, curator, mentor):
    client.force_login(curator)
    upload = image_upload("Алисова на даче.jpg", size=(1600, 1200), exif_maker="SecretCam")
    assert b"SecretCam" in upload.read()
    upload.seek(0)
    url = reverse("participants:mentor_photo_edit", args=[mentor.participant_id])
    response = client.post(url, {"photo": upload})
    assert response.status_code == 302
    mentor.refresh_from_db()
    stored = mentor.photo.read()
    assert b"SecretCam" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and max(image.size) == 600
    assert not image.getexif() and "exif" not in image.info
    assert "Алисова" not in mentor.photo.name
    shown = client.get(reverse("participants:mentor_photo", args=[mentor.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "no-store" in shown["Cache-Control"]


@pytest.mark.parametrize("name,content,message", [
    ("photo.jpg", b"this is not an image at all", "не читается как изображение"),
    ("photo.gif", b"GIF89a", "только изображение JPEG или PNG"),
    ("photo.png", image_bytes("GIF"), "только изображение JPEG или PNG"),
])
def test_photo_refuses_what_is_not_a_jpeg_or_png(client, curator, mentor, name, content, message):
    client.force_login(curator)
    url = reverse("participants:mentor_photo_edit", args=[mentor.participant_id])
    response = client.post(url, {"photo": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    mentor.refresh_from_db()
    assert not mentor.photo


def test_photo_over_5_mb_is_refused(mentor):
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * MAX_PHOTO_BYTES)
    with pytest.raises(ProfileError, match="больше 5 МБ"):
        normalised_photo(big)


def test_png_with_transparency_becomes_a_jpeg(mentor):
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    stored = Image.open(io.BytesIO(normalised_photo(SimpleUploadedFile("a.png", out.getvalue()))))
    assert stored.format == "JPEG" and stored.size == (300, 200)
    assert stored.getpixel((10, 10)) == (255, 255, 255)


def test_mentor_replaces_and_removes_their_own_photo(client, alice, mentor, django_capture_on_commit_callbacks):
    client.force_login(alice)
    client.post(reverse("participants:my_photo_edit"), {"photo": image_upload()})
    mentor.refresh_from_db()
    first = mentor.photo.name
    storage = mentor.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participants:my_photo_edit"), {"photo": image_upload("b.png", "PNG")})
    mentor.refresh_from_db()
    assert mentor.photo.name != first and not storage.exists(first)
    page = client.get(reverse("participants:my_profile")).content.decode()
    assert reverse("participants:mentor_photo", args=[mentor.pk]) in page
    client.post(reverse("participants:my_photo_remove"))
    mentor.refresh_from_db()
    assert not mentor.photo


def test_photo_of_a_mentor_is_out_of_reach_of_others(client, charlie, director, mentor, curator):
    client.force_login(curator)
    client.post(reverse("participants:mentor_photo_edit", args=[mentor.participant_id]),
                {"photo": image_upload()})
    photo = reverse("participants:mentor_photo", args=[mentor.pk])
    edit = reverse("participants:mentor_photo_edit", args=[mentor.participant_id])
    client.force_login(charlie)
    assert client.get(photo).status_code == 404
    assert client.post(edit, {"photo": image_upload()}).status_code == 404
    client.force_login(director)  # reads the photo, may not change it
    assert client.get(photo).status_code == 200
    assert client.post(edit, {"photo": image_upload()}).status_code == 403
    client.logout()
    assert client.get(photo).status_code == 302  # to the login page

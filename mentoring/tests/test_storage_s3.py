"""Media on S3-compatible storage (README, "Scaling out"): with the storage that
MEDIA_STORAGE=s3 configures (mentoring.settings.s3_media_storage, django-storages)
every file the portal stores — an uploaded document, an imported list, a signed
order's PDF, a built report — lands in the bucket, is downloaded back through the
portal's own views and leaves the bucket when it is deleted. S3 is moto's, in
memory; the code paths are the portal's own, through the pages."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from moto import mock_aws

from mentoring.backups import create_backup, restore_backup
from mentoring.models import AcademicYear
from mentoring.settings import s3_media_storage
from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from participants.enums import ImportStatus
from participants.models import ApplicantImport, Mentor, PortfolioItem
from reports.enums import JobStatus, OrderFileStatus, OrderKind, ReportKind
from reports.models import Order, Report
from reports.services.orders import draft_order, submit_order
from reports.tests.conftest import make_pair

BUCKET, REGION = "mentoring-media", "eu-central-1"
PDF = b"%PDF-1.4 portfolio\n%%EOF\n"


@pytest.fixture
def bucket(settings, monkeypatch):
    """An empty private bucket (moto) and STORAGES["default"] as MEDIA_STORAGE=s3
    builds it; yields a function listing the bucket's keys."""
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage({
            "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        })}

        def keys() -> list[str]:
            listed = s3.list_objects_v2(Bucket=BUCKET)
            return sorted(item["Key"] for item in listed.get("Contents", []))

        keys.object = lambda key: s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        yield keys


def _body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def test_the_storage_is_the_bucket_not_the_disk(bucket):
    from storages.backends.s3 import S3Storage

    assert isinstance(storages["default"], S3Storage) and storages["default"].bucket_name == BUCKET
    name = default_storage.save("probe/a.txt", ContentFile(b"one"))
    again = default_storage.save("probe/a.txt", ContentFile(b"two"))
    assert bucket() == sorted([name, again]) and name == "probe/a.txt" and again != name  # never overwritten
    assert not (django_settings.MEDIA_ROOT / "probe").exists()


def test_a_portfolio_document_is_uploaded_downloaded_and_deleted(bucket, client, alice,
                                                                 django_capture_on_commit_callbacks):
    client.force_login(alice)
    response = client.post(reverse("participants:my_portfolio_add"), {
        "kind": "publication", "title": "Статья", "link": "https://example.ru/a",
        "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 302
    item = PortfolioItem.objects.get()
    assert bucket() == [item.file.name] and item.file.name.startswith("mentors/")
    assert bucket.object(item.file.name) == PDF

    assert _body(client.get(reverse("participants:portfolio_file", args=[item.pk]))) == PDF

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participants:portfolio_delete", args=[item.pk]))
    assert not PortfolioItem.objects.exists()
    assert bucket() == []


def test_a_photo_is_stored_in_the_bucket_and_shown(bucket, client, curator, alice):
    from reports.tests.publishing import image_upload

    mentor = Mentor.objects.get(participant__user=alice)
    client.force_login(curator)
    url = reverse("participants:mentor_photo_edit", args=[mentor.participant_id])
    assert client.post(url, {"photo": image_upload("me.jpg", size=(800, 600))}).status_code == 302
    mentor.refresh_from_db()
    assert bucket() == [mentor.photo.name]
    shown = client.get(reverse("participants:mentor_photo", args=[mentor.pk]))
    assert _body(shown) == bucket.object(mentor.photo.name)


def test_an_applicant_list_is_read_back_from_the_bucket_and_imported(bucket, client, curator, organization,
                                                                     django_capture_on_commit_callbacks):
    workbook = django_settings.BASE_DIR / "mentoring" / "demo" / "applicants_employers.xlsx"
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participants:import_upload"), {
            "file": SimpleUploadedFile(workbook.name, workbook.read_bytes())})
    applicant_import = ApplicantImport.objects.get()
    assert bucket() == [applicant_import.file.name]
    assert bucket.object(applicant_import.file.name) == workbook.read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])  # confirm: the worker reads the list from the bucket
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.APPLIED
    assert Mentor.objects.filter(participant__organization=organization).count() == 25


def test_a_signed_orders_documents_are_rendered_into_the_bucket(bucket, client, organization, curator,
                                                                director, django_capture_on_commit_callbacks):
    pairs = [PairFactory(organization=organization, status=PairStatus.PROPOSED,
                         mentor=MentorFactory(participant=ParticipantFactory(organization=organization)),
                         mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])]
    with TestCase.captureOnCommitCallbacks(execute=True):
        order = submit_order(draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL,
                                         actor=curator, pairs=pairs), actor=curator)
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):  # the render job, eagerly
        client.post(reverse("reports:order_sign", args=[order.pk]))
    order = Order.objects.get(pk=order.pk)
    assert order.file_status == OrderFileStatus.READY
    assert bucket() == sorted([order.file.name, order.docx.name])

    client.force_login(curator)
    pdf = _body(client.get(reverse("reports:order_download", args=[order.pk])))
    assert pdf.startswith(b"%PDF") and pdf == bucket.object(order.file.name)
    docx = _body(client.get(reverse("reports:order_docx", args=[order.pk])))
    assert docx == bucket.object(order.docx.name)


def test_a_report_is_built_into_the_bucket_and_a_rebuild_removes_the_old_files(
    bucket, client, organization, curator, alice, django_capture_on_commit_callbacks
):
    year = AcademicYear.current()
    make_pair(organization, year, mentor=alice.participant.mentor_profile)
    client.force_login(curator)
    data = {"academic_year": year.pk, "kind": ReportKind.ANNUAL}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_create"), data)
    report = Report.objects.get()
    assert report.status == JobStatus.DONE
    first = sorted([report.pdf.name, report.xlsx.name])
    assert bucket() == first
    pdf = _body(client.get(reverse("reports:report_download", args=[report.pk, "pdf"])))
    assert pdf.startswith(b"%PDF") and pdf == bucket.object(report.pdf.name)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_create"), data)
    report.refresh_from_db()
    assert report.status == JobStatus.DONE
    second = sorted([report.pdf.name, report.xlsx.name])
    assert second != first
    assert bucket() == second  # the first build's files left the bucket


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_the_bucket_and_a_restore_writes_it_back(bucket, tmp_path):
    default_storage.save("evidence/2026/photo.jpg", ContentFile(b"\xff\xd8 meeting"))
    backup = create_backup(backup_dir=tmp_path / "backups")
    default_storage.delete("evidence/2026/photo.jpg")
    default_storage.save("evidence/2026/photo.jpg", ContentFile(b"changed"))
    assert bucket() == ["evidence/2026/photo.jpg"]

    restore_backup(backup.name, backup_dir=tmp_path / "backups")

    assert bucket.object("evidence/2026/photo.jpg") == b"\xff\xd8 meeting"


def test_the_health_check_writes_to_the_bucket(bucket, client, db):
    answer = client.get("/healthz/?format=json").json()
    assert answer["Storage(alias='default')"] == "OK"
    assert bucket() == []  # its probe file is deleted again


def _storage_with(**env: str):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG", "PYTEST_VERSION")
             and not k.startswith(("AWS_", "MEDIA_STORAGE"))}
    clean.update(DJANGO_SETTINGS_MODULE="mentoring.settings", SECRET_KEY="k", **env)
    probe = ("import django, json; django.setup(); from django.conf import settings as s; "
             "print(json.dumps(s.STORAGES['default']))")
    return subprocess.run([sys.executable, "-c", probe], cwd=django_settings.BASE_DIR, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_the_environment_selects_the_storage():
    local = _storage_with()
    assert json.loads(local.stdout)["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    s3 = _storage_with(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="b", AWS_S3_ENDPOINT_URL="https://s3.local",
                       AWS_S3_REGION_NAME="ru-central1", AWS_LOCATION="/media/")
    assert s3.returncode == 0, s3.stderr
    options = json.loads(s3.stdout)["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"], options["location"]) == (
        "b", "https://s3.local", "ru-central1", "media")
    assert options["file_overwrite"] is False

    bucket_alone = _storage_with(AWS_STORAGE_BUCKET_NAME="b")
    assert json.loads(bucket_alone.stdout)["BACKEND"] == "storages.backends.s3.S3Storage"


@pytest.mark.parametrize(("env", "message"), [
    ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
    ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be local or s3"),
    ({"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "s3.local"}, "AWS_S3_ENDPOINT_URL must be"),
])
def test_a_malformed_storage_environment_is_refused_at_start(env, message):
    result = _storage_with(**env)
    assert result.returncode != 0 and message in result.stderr

"""The import tasks run twice leave the same state (issue 13: every task is
idempotent; participants/tasks.py): a redelivered check or import changes
nothing, an interrupted one is finished by the next delivery."""

from pathlib import Path

import pytest
from django.conf import settings

from participants.enums import ImportStatus
from participants.models import ApplicantImport, Mentee, Mentor, Participant
from participants.services.importing import preview_import, queue_apply, upload_import
from participants.tasks import task_apply_import, task_check_import
from participants.tests.helpers import sample_upload

pytestmark = pytest.mark.django_db

DEMO_LIST = settings.BASE_DIR / "mentoring" / "demo" / "applicants_employers.xlsx"


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def state(import_id: int) -> tuple:
    applicant_import = ApplicantImport.objects.get(pk=import_id)
    return (ApplicantImport.objects.count(), applicant_import.status, applicant_import.report,
            applicant_import.message, applicant_import.progress, Participant.objects.count(),
            Mentor.objects.count(), Mentee.objects.count(), media_files())


def test_check_import_twice_leaves_the_same_preview(organization, curator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        applicant_import = upload_import(organization=organization, actor=curator,
                                         uploaded_file=sample_upload(DEMO_LIST))
    assert applicant_import.status == ImportStatus.CHECKING

    task_check_import.apply(kwargs={"import_id": applicant_import.pk})
    first = state(applicant_import.pk)
    task_check_import.apply(kwargs={"import_id": applicant_import.pk})

    assert first[1] == ImportStatus.PREVIEW and first[2]["counts"]["create"] == 25
    assert state(applicant_import.pk) == first


def test_apply_import_twice_writes_the_people_once(organization, curator, django_capture_on_commit_callbacks):
    applicant_import = preview_import(organization=organization, uploaded_file=sample_upload(DEMO_LIST),
                                      actor=curator)
    with django_capture_on_commit_callbacks(execute=False):
        queue_apply(applicant_import, actor=curator)
    assert Participant.objects.count() == 0

    task_apply_import.apply(kwargs={"import_id": applicant_import.pk, "actor_id": curator.pk})
    first = state(applicant_import.pk)
    task_apply_import.apply(kwargs={"import_id": applicant_import.pk, "actor_id": curator.pk})

    assert first[1] == ImportStatus.APPLIED and first[5] == 25
    assert state(applicant_import.pk) == first

"""The consent forms of a study group rendered in the background (issue 13):
queued by the page, rendered by participants.render_consent_forms, polled,
downloaded, and deleted a day later."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentoring.enums import ParticipantCategory
from auditlog.models import LogEntry
from mentoring.tests.factories import ParticipantFactory
from mentoring.tests.test_jobs import UNAVAILABLE, broker_down  # noqa: F401 — the fixture
from participants.enums import BatchStatus, ConsentStatus
from participants.models import ConsentFormsBatch
from participants.services.consent_batches import (
    purge_consent_form_batches,
    render_consent_forms_batch,
    request_consent_forms,
)
from participants.tasks import task_render_consent_forms

URL = "participants:consent_forms"


def _group(organization, *surnames, group="ИС-22-1"):
    return [
        ParticipantFactory(organization=organization, surname=surname, study_group=group,
                           category=ParticipantCategory.STUDENT,
                           consent_status=ConsentStatus.MISSING)
        for surname in surnames
    ]


def _pdf_texts(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_group_forms_are_queued_rendered_and_downloaded(
    client, curator, organization, django_capture_on_commit_callbacks
):
    _group(organization, "Аникина", "Борисов")
    _group(organization, "Чужегруппов", group="ИС-22-2")
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), {"group": "ИС-22-1"})
    batch = ConsentFormsBatch.objects.get()
    assert response.url == reverse("participants:consent_forms_batch", args=[batch.pk])
    assert (batch.status, batch.people, batch.study_group) == (BatchStatus.DONE, 2, "ИС-22-1")
    assert batch.requested_by == curator and batch.finished_at is not None
    assert LogEntry.objects.filter(additional_data__event="participants.consent_forms.requested").count() == 1

    page = client.get(response.url).content.decode()
    download = reverse("participants:consent_forms_batch_download", args=[batch.pk])
    assert "Скачать бланки согласий (PDF)" in page and download in page
    texts = _pdf_texts(client.get(download))
    assert len(texts) == 2
    assert "Аникина" in texts[0] and "Борисов" in texts[1]
    assert not any("Чужегруппов" in text for text in texts)


def test_a_queued_batch_is_polled_until_it_is_done(client, curator, organization):
    _group(organization, "Аникина")
    client.force_login(curator)
    # not run: the commit callbacks are not executed in this test
    response = client.post(reverse(URL), {"group": "ИС-22-1"})
    batch = ConsentFormsBatch.objects.get()
    assert batch.status == BatchStatus.QUEUED
    page = client.get(response.url).content.decode()
    status_url = reverse("participants:consent_forms_batch_status", args=[batch.pk])
    assert "Бланки готовятся…" in page and status_url in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(status_url)
    assert fragment.status_code == 200 and 'data-batch-status="queued"' in fragment.content.decode()
    assert "Бланки готовятся…" in fragment.content.decode() and "HX-Refresh" not in fragment
    download = reverse("participants:consent_forms_batch_download", args=[batch.pk])
    assert client.get(download).status_code == 404
    # the same group again while it is queued: the same batch
    assert client.post(reverse(URL), {"group": "ИС-22-1"}).url == response.url
    assert ConsentFormsBatch.objects.count() == 1

    task_render_consent_forms(batch_id=batch.pk)
    answer = client.get(status_url)
    assert answer.status_code == 204 and answer["HX-Refresh"] == "true"
    assert "Аникина" in _pdf_texts(client.get(download))[0]


def test_the_task_twice_leaves_one_file_and_the_same_state(organization, curator, settings):
    _group(organization, "Аникина")
    batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    task_render_consent_forms(batch_id=batch.pk)
    batch.refresh_from_db()
    done = (batch.status, batch.file.name, batch.finished_at, batch.file.read())
    task_render_consent_forms(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.file.name, batch.finished_at, batch.file.read()) == done
    folder = settings.MEDIA_ROOT / "consent-forms"
    assert [p.name for p in folder.iterdir()] == [f"batch-{batch.pk}.pdf"]


def test_a_rerun_after_a_killed_attempt_overwrites_the_same_file(organization, curator, settings):
    _group(organization, "Аникина")
    batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    # the worker died while writing: the row says RUNNING, a partial file is there
    folder = settings.MEDIA_ROOT / "consent-forms"
    folder.mkdir(parents=True)
    (folder / f"batch-{batch.pk}.pdf").write_bytes(b"%PDF-partial")
    ConsentFormsBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    task_render_consent_forms(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.file.name == f"consent-forms/batch-{batch.pk}.pdf"
    assert [p.name for p in folder.iterdir()] == [f"batch-{batch.pk}.pdf"]
    assert len(PdfReader(io.BytesIO(batch.file.read())).pages) == 1


def test_a_group_emptied_before_the_run_fails_with_the_reason(organization, curator):
    person, = _group(organization, "Аникина")
    batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    person.study_group = ""
    person.save()
    render_consent_forms_batch(batch)
    assert batch.status == BatchStatus.FAILED and not batch.file
    assert "ИС-22-1" in batch.error


def test_broker_down_the_page_says_so_and_writes_nothing(broker_down, client, curator, organization):  # noqa: F811
    _group(organization, "Аникина")
    client.force_login(curator)
    response = client.post(reverse(URL), {"group": "ИС-22-1"})
    assert UNAVAILABLE in response.content.decode()
    assert not ConsentFormsBatch.objects.exists()
    assert not LogEntry.objects.filter(additional_data__event="participants.consent_forms.requested").exists()


def test_old_batches_are_purged_with_their_files(organization, curator):
    _group(organization, "Аникина")
    _group(organization, "Борисов", group="ИС-22-2")
    old = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    task_render_consent_forms(batch_id=old.pk)
    fresh = request_consent_forms(organization=organization, group="ИС-22-2", actor=curator)
    task_render_consent_forms(batch_id=fresh.pk)
    old.refresh_from_db()
    storage, old_name = old.file.storage, old.file.name
    ConsentFormsBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert purge_consent_form_batches() == 1
    assert list(ConsentFormsBatch.objects.all()) == [fresh]
    assert not storage.exists(old_name) and storage.exists(fresh.file.name)
    assert purge_consent_form_batches() == 0


def test_the_purge_runs_hourly_from_beat(settings):
    from mentoring.celery import app

    entries = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
               if entry["task"] == "participants.purge_consent_form_batches"]
    assert len(entries) == 1
    # every hour, so that no batch outlives its day by more than an hour
    assert entries[0]["schedule"].hour == set(range(24)) and len(entries[0]["schedule"].minute) == 1
    app.loader.import_default_modules()
    assert "participants.purge_consent_form_batches" in app.tasks


def test_another_organisations_curator_gets_404(client, charlie, curator, organization):
    _group(organization, "Аникина")
    batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    task_render_consent_forms(batch_id=batch.pk)
    client.force_login(charlie)
    for name in ("consent_forms_batch", "consent_forms_batch_status", "consent_forms_batch_download"):
        assert client.get(reverse("participants:" + name, args=[batch.pk])).status_code == 404


def test_admin_lists_and_shows_a_batch_without_its_file(client, organization, curator):
    from django.contrib.auth import get_user_model

    _group(organization, "Аникина")
    batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    task_render_consent_forms(batch_id=batch.pk)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.ru", "x"))

    listing = client.get(reverse("admin:participants_consentformsbatch_changelist"))
    page = client.get(reverse("admin:participants_consentformsbatch_change", args=[batch.pk]))

    assert listing.status_code == 200 and "ИС-22-1" in listing.content.decode()
    assert page.status_code == 200
    assert "batch-%d.pdf" % batch.pk not in page.content.decode()


def test_a_batch_lost_with_its_job_gives_way_to_a_new_one(organization, curator, django_capture_on_commit_callbacks):
    _group(organization, "Аникина")
    with django_capture_on_commit_callbacks(execute=False):
        lost = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
        waiting = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    assert waiting == lost  # still within its time: the same batch
    ConsentFormsBatch.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fresh = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert fresh.pk != lost.pk and len(callbacks) == 1
    assert lost.status == BatchStatus.FAILED and lost.error
    assert fresh.status == BatchStatus.DONE and fresh.file

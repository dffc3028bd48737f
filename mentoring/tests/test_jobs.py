"""Broker down (issue 13): with ``REDIS_URL`` pointing at nothing, every page that
queues a job answers within a second with a plain Russian message and writes
nothing; a job whose sending fails after commit is marked failed, never run in
the web process nor left waiting; the rest of the portal keeps working on a
dead Redis cache (mentoring/jobs.py; django-redis with IGNORE_EXCEPTIONS)."""

import datetime
import logging
import time

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from mentoring import jobs
from mentoring.tests.factories import (
    MenteeFactory,
    MentorFactory,
    PairFactory,
    ParticipantFactory,
    teacher_teacher_form,
)
from pairs.enums import PairStatus
from pairs.models import Pair
from participants.enums import ImportStatus
from participants.models import ApplicantImport, Participant
from participants.services.importing import mapping_choices, preview_import, queue_apply, upload_import
from participants.tests.helpers import sample_upload
from reports.enums import JobStatus, OrderFileStatus, OrderKind, OrderStatus, ReportKind
from reports.models import Order, Report
from reports.services.annual import request_report
from reports.services.orders import draft_order, sign_order, submit_order

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"
UNAVAILABLE = "Сервис фоновых задач недоступен. Попробуйте позже; данные не изменены."
DEMO_LIST = settings.BASE_DIR / "mentoring" / "demo" / "applicants_employers.xlsx"
# The bound for a page that cannot queue its job; measured generously
# around the whole test-client request.
BOUND_SECONDS = 1.0


@pytest.fixture
def broker_down(settings):
    """Celery as in production (not eager) on a broker nobody listens on, and the
    portal's Redis cache on the same dead address: what the portal meets when
    its Redis has stopped."""
    from mentoring.celery import app

    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache", "LOCATION": DEAD,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }}
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

    def forget_connections():
        # pools made for another broker URL would be reused otherwise
        app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = DEAD
    forget_connections()
    yield
    app.conf.task_always_eager, app.conf.broker_url = old
    forget_connections()


@pytest.fixture
def sent_fails_after_the_check(broker_down, monkeypatch):
    """The broker answered the check and went away before the commit."""
    monkeypatch.setattr(jobs, "require_background", lambda: None)
    for module in ("reports.services.orders.signing", "reports.services.report_jobs",
                   "participants.services.importing", "participants.services.consent_batches",
                   "pairs.services.matching_runs"):
        monkeypatch.setattr(module + ".require_background", lambda: None)


def timed(call, client, warm_up: str = "/"):
    """``call()`` and its wall-clock time. ``warm_up`` (a URL) is fetched first:
    the first request of a test process imports and compiles for a second or
    more, which is not the wait for the broker that the bound is about."""
    client.get(warm_up)
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


def page_text(client, response) -> str:
    """The response's text, or the page it redirects to (with the message)."""
    if response.status_code == 302:
        response = client.get(response.url)
    return response.content.decode()


def _counts() -> dict:
    return {
        "imports": ApplicantImport.objects.count(),
        "participants": Participant.objects.count(),
        "reports": Report.objects.count(),
        "signed": Order.objects.filter(status=OrderStatus.SIGNED).count(),
        "approved": Pair.objects.filter(status=PairStatus.APPROVED).count(),
    }


def _submitted_order(organization, curator) -> Order:
    pair = PairFactory(organization=organization, status=PairStatus.PROPOSED,
                       mentor=MentorFactory(participant=ParticipantFactory(organization=organization)),
                       mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator, pairs=[pair])
    return submit_order(order, actor=curator)


def _assert_refused(client, response, elapsed, before):
    assert response.status_code != 500
    assert elapsed < BOUND_SECONDS, elapsed
    assert UNAVAILABLE in page_text(client, response)
    assert _counts() == before


# --- every page that queues a job -----------------------------------------------------------


def test_the_import_upload_is_refused_at_once(broker_down, client, curator):
    client.force_login(curator)
    before = _counts()

    url = reverse("participants:import_upload")
    response, elapsed = timed(lambda: client.post(url, {"file": sample_upload(DEMO_LIST)}),
                              client, warm_up=url)

    _assert_refused(client, response, elapsed, before)
    assert response.status_code == 200  # the form again, with the message on the file


def test_confirming_and_remapping_an_import_are_refused_and_leave_the_preview(
    broker_down, client, organization, curator
):
    applicant_import = preview_import(organization=organization, uploaded_file=sample_upload(DEMO_LIST),
                                      actor=curator)
    assert applicant_import.status == ImportStatus.PREVIEW
    client.force_login(curator)
    before = _counts()

    response, elapsed = timed(lambda: client.post(
        reverse("participants:import_detail", args=[applicant_import.pk])), client)
    _assert_refused(client, response, elapsed, before)

    choices = mapping_choices(applicant_import)
    data = {"header_row": choices["header_row"]}
    data.update({"col_{}".format(index): field for field, index in choices["columns"].items()})
    mapping = reverse("participants:import_mapping", args=[applicant_import.pk])
    response, elapsed = timed(lambda: client.post(mapping, data), client, warm_up=mapping)
    _assert_refused(client, response, elapsed, before)

    applicant_import.refresh_from_db()
    assert (applicant_import.status, applicant_import.mapping) == (ImportStatus.PREVIEW, {})


def test_building_a_report_is_refused_and_queues_no_row(broker_down, client, organization, curator):
    client.force_login(curator)
    from mentoring.models import AcademicYear

    before = _counts()
    response, elapsed = timed(lambda: client.post(reverse("reports:report_create"), {
        "academic_year": AcademicYear.current().pk, "kind": ReportKind.ANNUAL}), client)

    _assert_refused(client, response, elapsed, before)
    assert not Report.objects.filter(status__in=(JobStatus.PENDING, JobStatus.RUNNING)).exists()


def test_signing_is_refused_and_the_order_stays_unsigned(broker_down, client, organization, curator, director):
    order = _submitted_order(organization, curator)
    client.force_login(director)
    before = _counts()

    response, elapsed = timed(lambda: client.post(reverse("reports:order_sign", args=[order.pk])), client)

    _assert_refused(client, response, elapsed, before)
    order.refresh_from_db()
    assert (order.status, order.number, order.content, order.file_status) == (
        OrderStatus.SUBMITTED, None, {}, "")
    assert order.pairs.get().status == PairStatus.PROPOSED


def test_approving_pairs_by_order_is_refused_and_the_pairs_stay_proposed(
    broker_down, client, organization, director
):
    pair = PairFactory(organization=organization, status=PairStatus.PROPOSED,
                       mentor=MentorFactory(participant=ParticipantFactory(organization=organization)),
                       mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))])
    client.force_login(director)
    before = _counts()

    response, elapsed = timed(lambda: client.post(reverse("pairs:approval_queue"),
                                                  {"pairs": [pair.pk], "action": "approve"}), client)

    _assert_refused(client, response, elapsed, before)
    pair.refresh_from_db()
    assert (pair.status, pair.order_id) == (PairStatus.PROPOSED, None)
    assert not Order.objects.exists()


def test_retrying_an_order_s_documents_is_refused_and_keeps_them_failed(
    broker_down, client, organization, curator
):
    order = _submitted_order(organization, curator)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SIGNED, number=1,
                                             file_status=OrderFileStatus.FAILED, render_error="x")
    client.force_login(curator)
    before = _counts()

    response, elapsed = timed(lambda: client.post(reverse("reports:order_files_retry", args=[order.pk])), client)

    _assert_refused(client, response, elapsed, before)
    assert Order.objects.get(pk=order.pk).file_status == OrderFileStatus.FAILED


def test_the_cadence_reminder_is_refused_and_nothing_is_sent(broker_down, client, organization, curator):
    mentor = MentorFactory(participant=ParticipantFactory(organization=organization, email="m@example.ru"))
    pair = PairFactory(
        organization=organization, mentor=mentor, form=teacher_teacher_form(), status=PairStatus.ACTIVE,
        approved_at=timezone.now() - datetime.timedelta(days=30),
        mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))],
    )
    client.force_login(curator)
    before = _counts()

    response, elapsed = timed(lambda: client.post(reverse("pairs:cadence_remind"), {"one": str(pair.pk)}), client)

    _assert_refused(client, response, elapsed, before)
    assert "Напоминание поставлено в очередь" not in page_text(client, response)
    pair.refresh_from_db()
    assert pair.reminded_at is None and mail.outbox == []


def test_matching_is_refused_and_queues_no_run(broker_down, client, organization, curator):
    from mentoring.tests.factories import traditional_kind
    from pairs.models import MatchingRun

    client.force_login(curator)
    before = _counts()

    response, elapsed = timed(lambda: client.post(reverse("pairs:matching_run"), {
        "form": teacher_teacher_form().pk, "kind": traditional_kind().pk, "mode": "best_total",
        "min_score": 0,
    }), client)

    _assert_refused(client, response, elapsed, before)
    assert not MatchingRun.objects.exists()


def test_consent_forms_of_a_group_are_refused_and_queue_no_batch(broker_down, client, organization, curator):
    from participants.models import ConsentFormsBatch

    ParticipantFactory(organization=organization, study_group="ИС-22-1")
    client.force_login(curator)
    before = _counts()

    response, elapsed = timed(
        lambda: client.post(reverse("participants:consent_forms"), {"group": "ИС-22-1"}), client
    )

    _assert_refused(client, response, elapsed, before)
    assert not ConsentFormsBatch.objects.exists()


# --- the rest of the portal ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "dashboard", "participants:mentor_list", "participants:import_upload", "pairs:list",
    "pairs:cadence", "reports:order_list", "reports:report_list",
])
def test_the_rest_of_the_portal_keeps_working(broker_down, client, curator, name):
    client.force_login(curator)

    response = client.get(reverse(name))

    assert response.status_code == 200


def test_the_cache_answers_as_an_empty_cache_while_redis_is_down(broker_down, caplog):
    with caplog.at_level(logging.WARNING):
        cache.set("key", 1)  # no error
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
    assert "Exception ignored" in caplog.text and "Connection refused" in caplog.text


# --- sending fails after the commit ------------------------------------------------------------


def test_an_unsent_signing_job_marks_the_documents_failed(
    sent_fails_after_the_check, organization, curator, director, django_capture_on_commit_callbacks, caplog
):
    order = _submitted_order(organization, curator)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        sign_order(order, actor=director)

    order.refresh_from_db()
    assert (order.status, order.file_status, order.render_error) == (
        OrderStatus.SIGNED, OrderFileStatus.FAILED, UNAVAILABLE)
    assert "reports.render_order_files" in caplog.text and "was not queued" in caplog.text
    assert not order.file  # nothing was rendered in the web process


def test_an_unsent_report_is_failed_not_queued_for_ever(
    sent_fails_after_the_check, organization, curator, django_capture_on_commit_callbacks
):
    from mentoring.models import AcademicYear

    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(organization=organization, academic_year=AcademicYear.current(),
                                kind=ReportKind.ANNUAL, actor=curator)

    report.refresh_from_db()
    assert (report.status, report.error, report.pdf.name) == (JobStatus.FAILED, UNAVAILABLE, "")


def test_an_unsent_consent_forms_batch_or_matching_run_is_failed_not_queued_for_ever(
    sent_fails_after_the_check, organization, curator, django_capture_on_commit_callbacks
):
    from mentoring.tests.factories import traditional_kind
    from participants.services.consent_batches import request_consent_forms
    from pairs.services.matching_runs import request_matching

    ParticipantFactory(organization=organization, study_group="ИС-22-1")
    with django_capture_on_commit_callbacks(execute=True):
        batch = request_consent_forms(organization=organization, group="ИС-22-1", actor=curator)
    with django_capture_on_commit_callbacks(execute=True):
        run, _created = request_matching(organization=organization, form=teacher_teacher_form(),
                                         kind=traditional_kind(), actor=curator)

    batch.refresh_from_db()
    run.refresh_from_db()
    assert (batch.status, batch.error, batch.file.name) == ("failed", UNAVAILABLE, "")
    assert (run.status, run.error) == ("failed", UNAVAILABLE)


def test_an_unsent_import_check_fails_and_an_unsent_apply_goes_back_to_the_preview(
    sent_fails_after_the_check, organization, curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = upload_import(organization=organization, actor=curator,
                                 uploaded_file=sample_upload(DEMO_LIST))
    uploaded.refresh_from_db()
    assert (uploaded.status, uploaded.message, uploaded.report) == (ImportStatus.FAILED, UNAVAILABLE, {})

    previewed = preview_import(organization=organization, uploaded_file=sample_upload(DEMO_LIST), actor=curator)
    participants = Participant.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        queue_apply(previewed, actor=curator)
    previewed.refresh_from_db()
    assert (previewed.status, previewed.message) == (ImportStatus.PREVIEW, UNAVAILABLE)
    assert Participant.objects.count() == participants


def test_with_the_embedded_default_jobs_run_at_once(organization, curator, django_capture_on_commit_callbacks):
    """No REDIS_URL: eager tasks, no broker to ask; the import is checked on commit."""
    jobs.require_background()  # nothing to ask
    with django_capture_on_commit_callbacks(execute=True):
        applicant_import = upload_import(organization=organization, actor=curator,
                                         uploaded_file=sample_upload(DEMO_LIST))
    applicant_import.refresh_from_db()
    assert applicant_import.status == ImportStatus.PREVIEW
    assert applicant_import.report["counts"]["create"] == 25

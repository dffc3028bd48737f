"""A signed order's documents are rendered in the background (issue 13, "Work in
the background"): signing freezes the content with its checksum and answers at
once; ``reports.render_order_files`` renders the PDF and DOCX from the frozen
content, idempotently; a failure shows the reason and «Повторить»
(reports/services/orders/files.py, reports/tasks.py)."""

import hashlib
import io
import json
import logging
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse

from mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ParticipantFactory
from pairs.enums import PairStatus
from reports.enums import OrderFileStatus, OrderKind, OrderStatus
from reports.models import Order
from reports.renderers.order import render_order, render_order_docx
from reports.services.orders import (
    content_hash,
    draft_order,
    files_intact,
    render_order_files,
    retry_order_files,
    sign_order,
    submit_order,
    verify_order_file,
)
from reports.services.orders import files as files_service
from reports.tasks import task_render_order_files

pytestmark = pytest.mark.django_db


def _pairs(organization, count=2):
    return [
        PairFactory(
            organization=organization, status=PairStatus.PROPOSED,
            mentor=MentorFactory(participant=ParticipantFactory(organization=organization,
                                                                surname="Наставникова{}".format(i))),
            mentees=[MenteeFactory(participant=ParticipantFactory(organization=organization))],
        )
        for i in range(count)
    ]


@pytest.fixture
def submitted(organization, curator):
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator,
                        pairs=_pairs(organization))
    return submit_order(order, actor=curator)


@pytest.fixture
def signed_pending(submitted, director):
    """Signed, with the render job captured (not run): what the director's
    request leaves behind."""
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        order = sign_order(submitted, actor=director)
    assert len(callbacks) == 1
    return order


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def read(field_file) -> bytes:
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def state(order_id: int) -> tuple:
    order = Order.objects.get(pk=order_id)
    return (order.status, order.file_status, order.file.name, order.docx.name, order.sha256,
            order.docx_sha256, order.content_hash, order.render_error, media_files())


# --- signing answers at once ------------------------------------------------------------


def test_signing_freezes_the_content_with_its_hash_and_queues_the_documents(submitted, director):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        order = sign_order(submitted, actor=director)

    assert (order.status, order.number, order.file_status) == (OrderStatus.SIGNED, 1, OrderFileStatus.PENDING)
    assert order.content["number"] == 1
    canonical = json.dumps(order.content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert order.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert (order.file.name, order.docx.name, order.sha256) == ("", "", "")
    assert media_files() == []
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the (eager) task renders both documents
    order.refresh_from_db()
    assert order.file_status == OrderFileStatus.READY and order.render_attempts == 1
    assert hashlib.sha256(read(order.file)).hexdigest() == order.sha256
    assert hashlib.sha256(read(order.docx)).hexdigest() == order.docx_sha256
    assert read(order.file) == render_order(order).content
    assert read(order.docx) == render_order_docx(order).content  # the DOCX is byte-stable too
    assert order.file.name == "orders/{}/{}/prikaz-1-{}.pdf".format(
        order.issued_on.year, order.pk, order.issued_on.isoformat())
    assert verify_order_file(order) is True


def test_the_render_job_twice_leaves_the_same_files(signed_pending):
    render_order_files(signed_pending.pk)
    first = state(signed_pending.pk)

    task_render_order_files.apply(kwargs={"order_id": signed_pending.pk})

    assert state(signed_pending.pk) == first
    assert len(first[-1]) == 2 and first[1] == OrderFileStatus.READY
    assert Order.objects.get(pk=signed_pending.pk).render_attempts == 1  # the second did nothing


def test_a_missing_docx_is_rendered_again_into_the_same_place(signed_pending):
    order = render_order_files(signed_pending.pk)
    before = state(order.pk)
    order.docx.storage.delete(order.docx.name)

    render_order_files(order.pk)

    assert state(order.pk) == before


def test_leftovers_of_an_interrupted_attempt_are_replaced(signed_pending):
    """A worker killed after writing the files but before the commit leaves them
    in the order's folder; the redelivered job replaces them, no duplicates."""
    order = Order.objects.get(pk=signed_pending.pk)
    pdf = render_order(order)
    leftover = order.file.field.generate_filename(order, pdf.filename)
    order.file.storage.save(leftover, io.BytesIO(b"half-written"))

    order = render_order_files(order.pk)

    assert order.file.name == leftover and read(order.file) == pdf.content
    assert len(media_files()) == 2


# --- failures, retries ------------------------------------------------------------------------


def _failing_once(monkeypatch, error):
    calls = []
    real = files_service._render

    def render(order):
        calls.append(order.pk)
        if len(calls) == 1:
            raise error
        return real(order)

    monkeypatch.setattr(files_service, "_render", render)
    return calls


def test_a_transient_error_is_retried_and_then_succeeds(signed_pending, monkeypatch):
    calls = _failing_once(monkeypatch, OperationalError("server closed the connection unexpectedly"))

    result = task_render_order_files.apply(kwargs={"order_id": signed_pending.pk})

    assert result.successful()
    order = Order.objects.get(pk=signed_pending.pk)
    assert calls == [order.pk, order.pk]
    assert (order.file_status, order.render_attempts) == (OrderFileStatus.READY, 2)
    assert files_intact(order)


def test_a_transient_error_that_persists_ends_failed_with_a_message(signed_pending, monkeypatch):
    def render(order):
        raise OperationalError("database is gone")

    monkeypatch.setattr(files_service, "_render", render)

    task_render_order_files.apply(kwargs={"order_id": signed_pending.pk})

    order = Order.objects.get(pk=signed_pending.pk)
    assert order.file_status == OrderFileStatus.FAILED
    assert order.render_attempts == task_render_order_files.max_retries + 1
    assert "Повторить" in order.render_error and media_files() == []


def test_a_failed_render_shows_the_reason_and_retry_renders_the_same_bytes(
    signed_pending, curator, client, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    _failing_once(monkeypatch, RuntimeError("fonts are missing"))
    with caplog.at_level(logging.ERROR):
        render_order_files(signed_pending.pk)
    order = Order.objects.get(pk=signed_pending.pk)
    assert order.file_status == OrderFileStatus.FAILED and "rendering failed" in caplog.text
    client.force_login(curator)

    page = client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
    assert "Документы приказа не удалось подготовить" in page and 'id="files-retry"' in page
    assert 'id="download-pdf"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:order_files_retry", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.file_status == OrderFileStatus.READY and order.render_error == ""
    assert read(order.file) == render_order(order).content
    page = client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
    assert 'id="download-pdf"' in page and 'id="files-retry"' not in page


def test_retry_is_refused_for_documents_that_did_not_fail(signed_pending, curator):
    with pytest.raises(files_service.OrderError):
        retry_order_files(signed_pending, actor=curator)
    assert Order.objects.get(pk=signed_pending.pk).file_status == OrderFileStatus.PENDING


def test_content_changed_after_signing_is_not_rendered(signed_pending, caplog):
    content = dict(signed_pending.content, title="Другой приказ")
    Order.objects.filter(pk=signed_pending.pk).update(content=content)

    with caplog.at_level(logging.ERROR):
        render_order_files(signed_pending.pk)

    order = Order.objects.get(pk=signed_pending.pk)
    assert order.file_status == OrderFileStatus.FAILED
    assert "контрольной суммой" in order.render_error
    assert "does not match its checksum" in caplog.text
    assert media_files() == [] and order.sha256 == ""


# --- the order's page ------------------------------------------------------------------------


def test_the_page_says_being_prepared_and_polls_until_the_links_appear(signed_pending, director, client):
    client.force_login(director)
    detail = reverse("reports:order_detail", args=[signed_pending.pk])
    fragment = reverse("reports:order_files", args=[signed_pending.pk])

    page = client.get(detail).content.decode()
    assert "PDF и DOCX готовятся" in page
    assert 'hx-get="{}"'.format(fragment) in page and 'hx-trigger="every 2s"' in page
    assert 'id="download-pdf"' not in page
    pending_download = client.get(reverse("reports:order_download", args=[signed_pending.pk]))
    assert pending_download.status_code == 302 and pending_download.url == detail

    render_order_files(signed_pending.pk)
    part = client.get(fragment).content.decode()
    assert 'id="download-pdf"' in part and 'id="download-docx"' in part and "hx-get" not in part
    order = Order.objects.get(pk=signed_pending.pk)
    docx = client.get(reverse("reports:order_docx", args=[order.pk]))
    assert b"".join(docx.streaming_content) == read(order.docx)


# --- orders signed before ------------------------------------------------------------------------


def test_the_migration_freezes_orders_signed_before(signed_pending):
    render_order_files(signed_pending.pk)
    Order.objects.filter(pk=signed_pending.pk).update(content_hash="", file_status="")
    migration = import_module("reports.migrations.0003_order_documents_in_background")

    migration.freeze_signed_orders(django_apps, None)

    order = Order.objects.get(pk=signed_pending.pk)
    assert (order.content_hash, order.file_status) == (content_hash(order.content), OrderFileStatus.READY)


# --- through Redis and a real worker ------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_signed_order(organization, curator, director, tmp_path):
    from mentoring.tests.worker import running_worker, skip_without_services, wait_until

    skip_without_services()
    order = draft_order(organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=curator,
                        pairs=_pairs(organization))
    submit_order(order, actor=curator)
    with running_worker(tmp_path, "orders") as log_path:
        order = sign_order(order, actor=director)
        assert order.status == OrderStatus.SIGNED  # the request is over; the worker renders

        def rendered():
            order.refresh_from_db()
            return order.file_status != OrderFileStatus.PENDING

        wait_until(rendered, seconds=60, log_path=log_path, what="the order's documents")
    assert order.file_status == OrderFileStatus.READY, order.render_error + log_path.read_text()
    assert files_intact(order) and verify_order_file(order) is True

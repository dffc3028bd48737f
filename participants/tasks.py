"""Celery jobs of the participant bases: thin, tolerant of a missing row
(CONVENTIONS.md, Celery tasks)."""

import logging

from django.contrib.auth import get_user_model

from mentoring.jobs import reliable_task

logger = logging.getLogger(__name__)


# Reading and checking a 10,000-row list takes seconds; a stuck one is failed after 5 min.
@reliable_task("participants.check_import", soft_time_limit=300, time_limit=360)
def task_check_import(*, import_id: int) -> None:
    """Read and validate applicant list ``import_id`` (status CHECKING); a deleted
    or no longer CHECKING import is skipped, so a repeated delivery does nothing."""
    from .enums import ImportStatus
    from .models import ApplicantImport
    from .services.importing import check_import

    applicant_import = (
        ApplicantImport.objects.select_related("organization")
        .filter(pk=import_id, status=ImportStatus.CHECKING).first()
    )
    if applicant_import is None:
        logger.warning("import %s is gone or not waiting for a check", import_id)
        return
    check_import(applicant_import)


# Writing runs in one transaction: a hard kill rolls it back and the job is delivered again.
@reliable_task("participants.apply_import", soft_time_limit=600, time_limit=660)
def task_apply_import(*, import_id: int, actor_id: int | None) -> None:
    """Write applicant list ``import_id`` (status IMPORTING) into the bases; a
    refusal is stored on the import (status REFUSED), not raised."""
    from .enums import ImportStatus
    from .errors import ImportRefused
    from .models import ApplicantImport
    from .services.importing import apply_import

    applicant_import = (
        ApplicantImport.objects.select_related("organization")
        .filter(pk=import_id, status=ImportStatus.IMPORTING).first()
    )
    if applicant_import is None:
        logger.warning("import %s is gone or not waiting to be imported", import_id)
        return
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        apply_import(applicant_import, actor=actor)
    except ImportRefused as exc:
        logger.info("import %s refused: %s", import_id, exc.message)


# --- Consent forms of a study group ---------------------------------------------------


# 300 forms render in about 13 s; five minutes leave room for a slow machine.
@reliable_task("participants.render_consent_forms", soft_time_limit=300, time_limit=360)
def task_render_consent_forms(*, batch_id: int) -> None:
    """Render the consent forms of batch ``batch_id`` if it is queued or was
    interrupted (running: its worker died, the job is delivered again); a
    deleted, done or failed batch is skipped, so a repeated delivery changes
    nothing."""
    from .enums import BATCH_ACTIVE
    from .models import ConsentFormsBatch
    from .services.consent_batches import render_consent_forms_batch

    batch = (
        ConsentFormsBatch.objects.select_related("organization")
        .filter(pk=batch_id, status__in=BATCH_ACTIVE).first()
    )
    if batch is None:
        logger.warning("consent forms batch %s is gone or not waiting", batch_id)
        return
    render_consent_forms_batch(batch)


# Deleting a day's batches takes well under a second.
@reliable_task("participants.purge_consent_form_batches", soft_time_limit=120, time_limit=150)
def task_purge_consent_form_batches() -> None:
    """Delete consent form batches (row and PDF) older than a day: they hold
    the personal data of minors (hourly, CELERY_BEAT_SCHEDULE)."""
    from .services.consent_batches import purge_consent_form_batches

    purge_consent_form_batches()


# --- The territory's mentor base (seed 002 item 7) ------------------------------------


@reliable_task("participants.notify_listing_update", soft_time_limit=120, time_limit=150,
               max_retries=3)
def task_notify_listing_update(*, listing_ids: list[int], year: str) -> int:
    """E-mail the listed mentors of ``listing_ids`` not confirmed for ``year`` the
    request to confirm or leave (``services.territory_update.send_update_requests``)."""
    from .services.territory_update import send_update_requests

    return send_update_requests(listing_ids, year=year)


@reliable_task("participants.expire_territory_listings", soft_time_limit=120, time_limit=150,
               max_retries=3)
def task_expire_territory_listings() -> int:
    """Daily: after 31 October the entries not confirmed for the academic year
    leave the territory base (``services.territory_update.expire_unconfirmed``);
    nothing to do in September and October; a second run removes nothing."""
    from .services.territory_update import expire_unconfirmed

    return expire_unconfirmed()

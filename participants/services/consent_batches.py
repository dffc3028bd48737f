"""The consent forms of a whole study group, rendered in the background (issue
13): ``request_consent_forms`` checks the group and queues
``participants.render_consent_forms``; ``render_consent_forms_batch`` (the
task's work) renders the PDF (about 13 s for 300 forms) and stores it;
``purge_consent_form_batches`` deletes batches and their files a day later —
the PDF holds the personal data of minors."""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.models import Organization
from mentoring.services import log_action

from ..enums import BATCH_ACTIVE, BatchStatus
from ..errors import ConsentError
from ..models import ConsentFormsBatch, Participant
from .consents import MAX_FORMS_PER_PDF, consent_form_pages, render_consent_forms

logger = logging.getLogger(__name__)

# How long a rendered batch (row and file) is kept.
BATCH_LIFETIME = datetime.timedelta(hours=24)


def group_people(organization: Organization, group: str, *, limit: int | None = None):
    """The participants of ``group`` in ``organization`` in print order (by
    name); anonymised people are in no group. At most ``limit`` when given."""
    people = Participant.objects.filter(
        organization=organization, study_group=group, anonymised_at__isnull=True
    ).order_by("surname", "name", "patronymic", "pk")
    return people[:limit] if limit is not None else people


class GroupFormsRefused(ConsentError):
    """The forms of a group cannot be printed; ``not_found`` for a group with
    nobody in it (the page answers 404), else the group is too large."""

    def __init__(self, message: str, *, not_found: bool):
        super().__init__(message)
        self.not_found = not_found


def check_group(organization: Organization, group: str) -> int:
    """The number of people of ``group``; GroupFormsRefused (Russian message)
    for an empty or unknown group or more than ``MAX_FORMS_PER_PDF`` people."""
    count = len(group_people(organization, group, limit=MAX_FORMS_PER_PDF + 1)) if group else 0
    if not count:
        raise GroupFormsRefused(
            _("There is nobody in the study group «%(group)s» of your organisation.")
            % {"group": group}, not_found=True,
        )
    if count > MAX_FORMS_PER_PDF:
        raise GroupFormsRefused(_(
            "The group «%(group)s» has more than %(max)d people: the forms cannot be printed "
            "in one file."
        ) % {"group": group, "max": MAX_FORMS_PER_PDF}, not_found=False)
    return count


# An active batch this old was lost (the render's hard limit is 360 s).
LOST_AFTER = datetime.timedelta(minutes=30)


def request_consent_forms(*, organization: Organization, group: str, actor) -> ConsentFormsBatch:
    """Queue the consent forms of study group ``group`` (one PDF, a form per
    person). The same group's batch that is still queued or running is
    returned instead of a new one, unless it is older than ``LOST_AFTER``
    (then it is marked FAILED and a new one is queued). Audited as
    ``participants.consent_forms.requested``.

    Raises BackgroundUnavailable (mentoring.jobs), writing nothing, when the
    broker does not answer (asked first); GroupFormsRefused for an empty or unknown
    group or too many people (``check_group``). If sending fails after commit
    all the same, the batch is FAILED with the reason.
    """
    from ..tasks import task_render_consent_forms

    require_background()
    count = check_group(organization, group)
    requester = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        # Serialise concurrent requests of one organisation (a no-op on SQLite).
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        active = ConsentFormsBatch.objects.filter(
            organization=organization, study_group=group, status__in=BATCH_ACTIVE
        )
        # lost with the broker's data or with a dead worker: the render's hard
        # limit is 6 minutes, so nobody will finish it; a new batch replaces it
        active.filter(created_at__lt=timezone.now() - LOST_AFTER).update(
            status=BatchStatus.FAILED, error=_("The job was lost; the forms were requested again."),
            finished_at=timezone.now(),
        )
        batch = active.first()
        if batch is not None:
            return batch
        batch = ConsentFormsBatch.objects.create(
            organization=organization, study_group=group, requested_by=requester, people=count
        )
        log_action(
            "participants.consent_forms.requested", actor=actor, organization=organization,
            obj=batch, data={"study_group": group, "people": count},
        )
        enqueue_on_commit(task_render_consent_forms, batch_id=batch.pk,
                          on_unsent=partial(_mark_unsent, batch.pk))
    return batch


def _mark_unsent(batch_id: int, message: str) -> None:
    """The render job could not be queued: the batch is FAILED with ``message``."""
    ConsentFormsBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.FAILED, error=str(message), finished_at=timezone.now()
    )


def render_consent_forms_batch(batch: ConsentFormsBatch) -> ConsentFormsBatch:
    """Render the forms of the batch's group as it is now and store the PDF
    under the batch's one file name (a re-run after a killed attempt overwrites
    it). A DONE batch is left as it is. On an error: FAILED with a plain
    Russian message (the traceback logged)."""
    if batch.status == BatchStatus.DONE:
        return batch
    batch.status, batch.error = BatchStatus.RUNNING, ""
    batch.save(update_fields=["status", "error"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            people = list(group_people(batch.organization, batch.study_group,
                                       limit=MAX_FORMS_PER_PDF))
            if not people:
                raise ConsentError(
                    _("There is nobody in the study group «%(group)s» of your organisation.")
                    % {"group": batch.study_group}
                )
            content = render_consent_forms(
                batch.organization, consent_form_pages(people, organization=batch.organization)
            )
        name = batch.file.field.generate_filename(batch, "forms.pdf")
        batch.file.storage.delete(name)  # a killed attempt's file: the same name again
        batch.file.save(name, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("consent forms batch %s failed", batch.pk)
        _fail(batch, exc)
        return batch
    batch.status, batch.people, batch.finished_at = BatchStatus.DONE, len(people), timezone.now()
    batch.save(update_fields=["status", "people", "file", "finished_at"])
    return batch


def _fail(batch: ConsentFormsBatch, exc: Exception) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(exc, ConsentError):
            message = exc.message
        else:
            message = _("The forms could not be prepared because of an internal error. Try "
                        "again later; if it fails again, tell the administrator.")
    batch.status, batch.error, batch.finished_at = BatchStatus.FAILED, message, timezone.now()
    batch.save(update_fields=["status", "error", "finished_at"])


def purge_consent_form_batches(*, now: datetime.datetime | None = None) -> int:
    """Delete the batches requested more than ``BATCH_LIFETIME`` ago, with their
    files; the number deleted. A file already gone is no error."""
    cutoff = (now or timezone.now()) - BATCH_LIFETIME
    deleted = 0
    for batch in ConsentFormsBatch.objects.filter(created_at__lt=cutoff).iterator():
        if batch.file:
            batch.file.storage.delete(batch.file.name)
        batch.delete()
        deleted += 1
    if deleted:
        logger.info("deleted %s consent form batches older than %s", deleted, cutoff)
    return deleted

"""The matcher as a background job (issue 13): the curator's «Подобрать пары»
stores a queued MatchingRun and hands it to the worker; the workspace polls the
run until it is done, then shows its drafts and the mentees left out.

- ``request_matching`` checks the settings at once (a known error is shown in
  the request), then queues a run — or returns the run already queued or
  running for the same organisation, form and kind (a second click starts
  nothing; a partial unique constraint backs this up);
- ``perform_matching_run`` is the task's body (``pairs.run_matching``): it runs
  the matcher under the cohort's locks (``matching.lock_cohort``) and stores the
  result in the same transaction, so a worker that dies leaves nothing half
  done, and a second delivery of the job finds the run done and changes nothing.
"""

import datetime
import logging
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.models import MentoringForm, MentoringKind, Organization, Programme
from mentoring.services import log_action

from ..enums import ACTIVE_RUN_STATUSES, MatchingMode, MatchingRunStatus, MatchingStep
from ..errors import PairError
from ..models import MatchingRun
from ..tasks import MATCHING_HARD_TIME_LIMIT as HARD_TIME_LIMIT
from ..tasks import MATCHING_SOFT_TIME_LIMIT as SOFT_TIME_LIMIT
from ..tasks import task_run_matching
from .matching import STEPS, check_run_settings, lock_cohort, match_cohort, weights_for

logger = logging.getLogger(__name__)

# A run still «running» this long after its last start cannot be alive: the
# hard limit has killed it and the retries' back-off (at most 120 s) is over.
# A new request then marks it failed instead of waiting for it for ever.
STALE_AFTER = datetime.timedelta(seconds=HARD_TIME_LIMIT + 240)
# A run still «queued» this long was most likely lost with the broker's data (a
# busy worker takes a job within minutes). If it was not, the job, delivered
# later, finds the run failed and skips it: a new request costs nothing.
QUEUED_STALE_AFTER = datetime.timedelta(minutes=30)


def request_matching(
    *,
    organization: Organization,
    form: MentoringForm,
    kind: MentoringKind,
    programme: Programme | None = None,
    mode: str = MatchingMode.BEST_TOTAL,
    min_score: float = 0.0,
    actor,
) -> tuple[MatchingRun, bool]:
    """Queue a run of the matcher for the organisation's ``form`` and ``kind``.

    Returns ``(run, created)``: a new QUEUED run, sent to the worker
    (``pairs.run_matching``) after commit, with ``created`` True; or the run
    already queued or running for this form and kind with ``created`` False
    (nothing queued). A run stuck «running» for longer than ``STALE_AFTER``, or
    «queued» for longer than ``QUEUED_STALE_AFTER``, is marked FAILED and a new
    one queued. In the embedded default (eager tasks)
    the run is done when this returns. Raises PairError as
    ``matching.check_run_settings`` does, and BackgroundUnavailable (nothing
    written) when the broker does not answer. Audited as
    ``pairs.matching.requested``.
    """
    mode, min_score = check_run_settings(
        organization=organization, form=form, programme=programme, mode=mode,
        min_score=min_score, actor=actor,
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    require_background()
    with transaction.atomic():
        # Serialise the requests of one organisation (as reports do): two
        # clicks at once create one run. Short: the run itself holds other locks.
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        current = active_run(organization, form, kind, fail_stale=True)
        if current is not None:
            return current, False
        run = MatchingRun.objects.create(
            organization=organization, programme=programme, form=form, kind=kind, mode=mode,
            min_score=min_score, weights=weights_for(programme), created_by=user,
            status=MatchingRunStatus.QUEUED,
        )
        log_action(
            "pairs.matching.requested", actor=actor, organization=organization, obj=run,
            data={"form": form.code, "kind": kind.code, "mode": mode.value, "min_score": min_score},
        )
        enqueue_on_commit(task_run_matching, run_id=run.pk, on_unsent=partial(_unsent, run.pk))
    return run, True


def _unsent(run_id: int, message: str) -> None:
    """The broker went away between the check and the commit: the queued run
    will never be picked up, so it fails with the user's message."""
    run = MatchingRun.objects.select_related("organization").filter(
        pk=run_id, status=MatchingRunStatus.QUEUED
    ).first()
    if run is not None:
        _fail(run, message)


def active_run(
    organization: Organization, form: MentoringForm, kind: MentoringKind, *,
    fail_stale: bool = False,
) -> MatchingRun | None:
    """The run queued or running for the organisation's form and kind, or None.
    With ``fail_stale`` a stale run (:func:`is_stale`) is marked FAILED and None
    returned; without, it is returned as it is.

    The row is read without a lock: a running run holds its row locked for the
    whole run (``perform_matching_run``), and a second click must show it at
    once rather than wait for it to end."""
    run = (
        MatchingRun.objects.filter(
            organization=organization, form=form, kind=kind, status__in=ACTIVE_RUN_STATUSES
        )
        .order_by("-pk")
        .first()
    )
    if run is None or not fail_stale or not is_stale(run):
        return run
    logger.warning("matching run %s is stale: marked failed", run.pk)
    _fail(run, _(
        "The run was interrupted (the background worker stopped or never took it). Run the "
        "matcher again."
    ))
    return None


def is_stale(run: MatchingRun) -> bool:
    """Running and started longer than ``STALE_AFTER`` ago, or queued and
    requested longer than ``QUEUED_STALE_AFTER`` ago."""
    now = timezone.now()
    if run.status == MatchingRunStatus.RUNNING:
        return run.started_at is not None and now - run.started_at > STALE_AFTER
    return run.status == MatchingRunStatus.QUEUED and now - run.created_at > QUEUED_STALE_AFTER


def current_run(
    organization: Organization, form: MentoringForm, kind: MentoringKind
) -> MatchingRun | None:
    """The newest run of the organisation's form and kind in any state: the
    workspace shows it while it is queued or running, and its error when it
    failed. One query."""
    return (
        MatchingRun.objects.filter(organization=organization, form=form, kind=kind)
        .order_by("-created_at", "-pk")
        .first()
    )


def perform_matching_run(run_id: int) -> MatchingRun | None:
    """Run the queued matching run ``run_id``: the body of ``pairs.run_matching``.

    Marks the run RUNNING (a short transaction, so the page can say so), then in
    one transaction takes the cohort's locks, checks the run is still running
    and replaces the drafts (``matching.match_cohort``, status DONE). Running it
    again — a second delivery of the job — finds the run DONE and changes
    nothing; a run that is gone or failed is skipped (None for a missing one).
    A PairError fails the run with its message, any other error with a plain
    one (logged); database and connection errors are raised again for the
    task to retry, the run staying RUNNING.
    """
    started = MatchingRun.objects.filter(pk=run_id, status__in=ACTIVE_RUN_STATUSES).update(
        status=MatchingRunStatus.RUNNING, started_at=timezone.now()
    )
    run = MatchingRun.objects.select_related("organization", "form", "kind", "created_by").filter(
        pk=run_id
    ).first()
    if not started:
        logger.info("matching run %s is %s: nothing to do", run_id, run and run.status)
        return run
    try:
        with transaction.atomic():
            lock_cohort(run.organization)
            locked = MatchingRun.objects.select_for_update().get(pk=run_id)
            if locked.status != MatchingRunStatus.RUNNING:
                return locked  # another delivery of the job finished it meanwhile
            match_cohort(run, actor=run.created_by, progress=_progress_of(run_id))
    except PairError as error:
        _fail(run, str(error))
    except SoftTimeLimitExceeded:
        logger.warning("matching run %s exceeded the soft time limit", run_id)
        _fail(run, _("Matching took longer than %(seconds)d s and was stopped.") % {
            "seconds": SOFT_TIME_LIMIT
        })
    except (OperationalError, InterfaceError):
        raise  # the database went away for a moment: the task retries with back-off
    except Exception:
        logger.exception("matching run %s failed", run_id)
        _fail(run, _(
            "Matching failed because of an internal error. Try again later; if it fails "
            "again, tell the administrator (details are in the server log)."
        ))
    return run


# --- progress: the run's row is locked while it runs, so the bar lives in the cache ---------

# Longer than the hard time limit: the key outlives no run by much.
PROGRESS_TIMEOUT = HARD_TIME_LIMIT + 60


def _progress_key(run_id: int) -> str:
    return f"pairs:matching-progress:{run_id}"


def _progress_of(run_id: int):
    """``progress(percent, step)`` for ``match_cohort``: into the cache, where the
    workspace's poll reads it from another process; best effort (a cache
    that does not answer costs the bar, not the run)."""

    def report(percent: int, step: str) -> None:
        try:
            cache.set(_progress_key(run_id), {"percent": int(percent), "step": step}, PROGRESS_TIMEOUT)
        except Exception:  # noqa: BLE001 — progress is best effort; the run goes on without Redis
            logger.warning("matching run %s: progress not stored (cache unavailable)", run_id)

    return report


def run_progress(run: MatchingRun) -> dict:
    """{"percent": 0–100, "step": a key of ``matching.STEPS`` or "", "label": the
    step's name} of a queued or running run: what its job last reported, 0 and
    "" before it starts or when the cache does not answer."""
    if run.status == MatchingRunStatus.RUNNING:
        try:
            found = cache.get(_progress_key(run.pk))
        except Exception:  # noqa: BLE001 — without the cache the bar stays at its start
            found = None
        if found and found.get("step") in STEPS:
            step = MatchingStep(found["step"])
            percent = max(0, min(100, int(found["percent"])))
            return {"percent": percent, "step": step.value, "label": step.label}
    return {"percent": 0, "step": "", "label": ""}


def _fail(run: MatchingRun, message: str) -> None:
    run.status, run.error, run.finished_at = MatchingRunStatus.FAILED, message, timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    log_action(
        "pairs.matching.failed", organization=run.organization, obj=run, data={"error": message}
    )

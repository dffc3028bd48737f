"""Celery jobs of the pairs: the meeting-cadence reminder (seed 000 6.4), thin
and idempotent (CONVENTIONS.md, Celery tasks)."""

import datetime
import logging

from django.contrib.auth import get_user_model

from mentoring.jobs import reliable_task

logger = logging.getLogger(__name__)


# E-mails to a few hundred mentors: short limits; a redelivery sends nothing twice.
@reliable_task("pairs.remind_inactive_pairs", soft_time_limit=120, time_limit=150, max_retries=3)
def task_remind_inactive_pairs(
    *,
    pair_ids: list[int] | None = None,
    force: bool = False,
    requested_at: str | None = None,
    actor_id: int | None = None,
) -> dict[str, int]:
    """E-mail mentors about their pairs that broke the cadence
    (``pairs.services.cadence.remind_inactive_pairs``).

    Without arguments (the daily beat run): every organisation, pairs not reminded
    lately. The curator's «Напомнить» passes ``pair_ids``, ``force=True`` and
    ``requested_at`` (ISO time of the click), so a redelivered job sends nothing
    twice. Returns the counts (mentors, pairs, no_email, recent, failed).
    """
    from .services.cadence import remind_inactive_pairs

    moment = datetime.datetime.fromisoformat(requested_at) if requested_at else None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    counts = remind_inactive_pairs(
        pair_ids=pair_ids, force=force, requested_at=moment, actor=actor
    )
    logger.info("cadence reminders: %s", counts)
    return counts


# --- The whole-cohort matcher (issue 13: matching in the worker) -----------------------------


# Time limits of the run, in seconds: the soft one raises inside the run (it
# fails with a message), the hard one kills the process.
MATCHING_SOFT_TIME_LIMIT = 300
MATCHING_HARD_TIME_LIMIT = 360


@reliable_task(
    "pairs.run_matching",
    soft_time_limit=MATCHING_SOFT_TIME_LIMIT,
    time_limit=MATCHING_HARD_TIME_LIMIT,
)
def task_run_matching(*, run_id: int) -> str | None:
    """Run the queued matching run ``run_id``
    (``pairs.services.matching_runs.perform_matching_run``): replace the unlocked
    drafts of its form and kind. A run already done, failed or deleted is
    skipped, so a redelivered job changes nothing. Returns the run's status."""
    from .services.matching_runs import perform_matching_run

    run = perform_matching_run(run_id)
    if run is None:
        logger.warning("matching run %s is gone", run_id)
        return None
    return run.status


# --- Invitations of the territory's mentor base (seed 002 items 6, 11) -----------------


@reliable_task("pairs.notify_invitation", soft_time_limit=60, time_limit=90, max_retries=3)
def task_notify_invitation(*, invitation_id: int) -> bool:
    """E-mail the mentor about invitation ``invitation_id``
    (``services.invitations.notify_mentor``); an answered or deleted one sends
    nothing."""
    from .services.invitations import notify_mentor

    return notify_mentor(invitation_id)
